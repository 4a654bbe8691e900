/*
 * The configuration's life: defaults, the file, the environment, flags (in
 * that order, each overriding the last), checks across keys, and finding the
 * repository whose configuration it is.
 */
#include "config/config_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

void tg_config_init(struct tg_config *cfg)
{
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->file = tg_strdup("");
	cfg->origins = tg_calloc(tg_ckeys_nr, 1);
	for (i = 0; i < tg_ckeys_nr; i++) {
		if (tg_ckeys[i].type == TG_K_MAP)
			continue;
		if (tg_config_set(cfg, tg_ckeys[i].path, tg_ckeys[i].def, TG_ORIGIN_DEFAULT)) {
			/* The table is wrong: a bug, found by the first test that runs. */
			tg_error("built-in default: %s", tg_error_message());
			abort();
		}
	}
}

void tg_config_release(struct tg_config *cfg)
{
	size_t i;

	for (i = 0; i < tg_ckeys_nr; i++)
		tg_ckey_clear(cfg, (long)i);
	free(cfg->file);
	free(cfg->origins);
	tg_strlist_clear(&cfg->warnings);
	memset(cfg, 0, sizeof(*cfg));
}

const char *tg_origin_name(enum tg_origin o)
{
	static const char *const names[] = {"default", "file", "env", "flag"};

	return (unsigned)o < TG_ARRAY_SIZE(names) ? names[o] : "?";
}

enum tg_origin tg_config_origin(const struct tg_config *cfg, const char *key)
{
	const unsigned char *o = cfg->origins;
	size_t n = strlen(key), i;
	long row = tg_ckey_find(key, n);
	enum tg_origin max = TG_ORIGIN_DEFAULT;

	if (!o)
		return TG_ORIGIN_DEFAULT;
	if (row >= 0 && tg_ckeys[row].type != TG_K_MAP)
		return (enum tg_origin)o[row];
	for (i = 0; i < tg_ckeys_nr; i++)
		if (!strncmp(tg_ckeys[i].path, key, n) && tg_ckeys[i].path[n] == '.' && o[i] > max)
			max = (enum tg_origin)o[i];
	return max;
}

static int no_such_key(const char *key)
{
	const char *dot = strrchr(key, '.');
	char parent[256] = "";
	const char *hint;

	if (dot && (size_t)(dot - key) < sizeof(parent))
		snprintf(parent, sizeof(parent), "%.*s", (int)(dot - key), key);
	hint = tg_ckey_suggest(parent, dot ? dot + 1 : key);
	return tg_error_set(TG_ERR_USAGE, "no configuration key \"%s\"%s%s%s", key,
	                    hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "");
}

/* "a, b" -> a list; "[a, b]" (YAML flow syntax) too. */
static int list_node(const char *key, const char *value, struct tg_cnode **out)
{
	struct tg_cnode *n;
	const char *p = value + strspn(value, " \t");

	if (*p == '[')
		return tg_cnode_parse(key, value, strlen(value), out);
	n = tg_calloc(1, sizeof(*n));
	n->type = TG_N_SEQ;
	while (*p) {
		size_t len = strcspn(p, ",");
		struct tg_cnode e = {TG_N_SCALAR, NULL, 0, 1, 0, 0, NULL, 0, 0};

		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		if (len) {
			e.v = tg_strndup(p, len);
			e.len = len;
			TG_ALLOC_GROW(n->kids, n->nr + 1, n->alloc);
			n->kids[n->nr++] = e;
		}
		p += strcspn(p, ",");
		p += *p == ',';
		p += strspn(p, " \t");
	}
	*out = n;
	return TG_OK;
}

int tg_config_set(struct tg_config *cfg, const char *key, const char *value, enum tg_origin origin)
{
	struct tg_capply a = {cfg, NULL, origin};
	long row = tg_ckey_find(key, strlen(key));
	struct tg_cnode *n = NULL,
	                scalar = {
	                        TG_N_SCALAR, (char *)(value ? value : ""), 0, 1, 0, 0, NULL, 0, 0};
	int rc;

	if (row < 0 || tg_ckeys[row].type == TG_K_MAP)
		return no_such_key(key);
	if (!value)
		value = scalar.v = "";
	switch (tg_ckeys[row].type) {
	case TG_K_LIST:
	case TG_K_ENUMLIST:
	case TG_K_ANALYZERS:
	case TG_K_IGNORE:
	case TG_K_COMMANDS:
	case TG_K_LAYERS:
	case TG_K_SLOS:
		if ((rc = list_node(key, value, &n)))
			return rc;
		if (!n) { /* "" or only a comment: an empty list */
			n = tg_calloc(1, sizeof(*n));
			n->type = TG_N_SEQ;
		}
		rc = tg_capply_node(&a, row, n);
		tg_cnode_free(n);
		return rc;
	default:
		scalar.len = strlen(value);
		return tg_capply_node(&a, row, &scalar);
	}
}

/* TERRAGON_A__B_C -> "a.b_c"; NULL for a variable that is not a key path. */
static char *env_key(const char *name, size_t n)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t i;
	long row;

	if (n == strlen("TERRAGON_GITHUB_API_URL") && !strncmp(name, "TERRAGON_GITHUB_API_URL", n))
		return tg_strdup("execution.github.api_url");
	name += strlen("TERRAGON_");
	n -= strlen("TERRAGON_");
	for (i = 0; i < n; i++) {
		if (name[i] == '_' && i + 1 < n && name[i + 1] == '_') {
			tg_buf_addch(&b, '.');
			i++;
		} else {
			tg_buf_addch(&b, tolower((unsigned char)name[i]));
		}
	}
	/*
	 * Without "__" only a top-level key (exclude) is ours: TERRAGON_GITHUB_TOKEN
	 * and friends belong to others and are not warned about.
	 */
	row = tg_ckey_find(b.buf, b.len);
	if (!memmem(name, n, "__", 2) && (row < 0 || tg_ckeys[row].type == TG_K_MAP)) {
		tg_buf_release(&b);
		return NULL;
	}
	return tg_buf_detach(&b, NULL);
}

static int apply_one_env(struct tg_config *cfg, const char *var)
{
	const char *eq = strchr(var, '=');
	char *key;
	long row;
	int rc = TG_OK;

	if (!eq || strncmp(var, "TERRAGON_", 9) || !(key = env_key(var, (size_t)(eq - var))))
		return TG_OK;
	row = tg_ckey_find(key, strlen(key));
	if (row < 0 || tg_ckeys[row].type == TG_K_MAP) {
		no_such_key(key);
		tg_config_warnf(cfg, "environment variable %.*s: %s, ignored", (int)(eq - var), var,
		                tg_error_message());
		tg_error_clear();
	} else if ((rc = tg_config_set(cfg, key, eq + 1, TG_ORIGIN_ENV))) {
		rc = tg_error_prefix(rc, "environment variable %.*s", (int)(eq - var), var);
	}
	free(key);
	return rc;
}

int tg_config_apply_env(struct tg_config *cfg, char *const *envp)
{
	size_t i;
	int pass, rc;

	if (!envp)
		envp = environ;
	/* The alias first, so the full key path wins when both are set. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; envp[i]; i++) {
			int alias = !strncmp(envp[i], "TERRAGON_GITHUB_API_URL=", 24);
			if (alias == !pass && (rc = apply_one_env(cfg, envp[i])))
				return rc;
		}
	return TG_OK;
}

int tg_config_validate(const struct tg_config *cfg)
{
	const char *key = "value_discovery.scoring_weights";
	double sum = cfg->value_discovery.scoring_weights.wsjf +
	             cfg->value_discovery.scoring_weights.ice +
	             cfg->value_discovery.scoring_weights.technical_debt +
	             cfg->value_discovery.scoring_weights.security;
	int from_file = tg_config_origin(cfg, key) == TG_ORIGIN_FILE && cfg->file && *cfg->file;

	if (!(fabs(sum - 1.0) <= 0.001))
		return tg_error_set(TG_ERR_USAGE,
		                    "%s%s%s: wsjf + ice + technical_debt + security sum to %g, "
		                    "expected 1 (within 0.001)",
		                    from_file ? cfg->file : "", from_file ? ": " : "", key, sum);
	if (!cfg->repository.maturity_level || !cfg->store.path || !*cfg->store.path)
		return tg_error_set(TG_ERR_USAGE, "repository.maturity_level or store.path unset");
	return TG_OK;
}
