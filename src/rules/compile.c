/*
 * Compiling a ruleset: PCRE2 (JIT) for every regex, then one Vectorscan
 * block-mode database of all primary patterns. A pattern Vectorscan cannot
 * express exactly (lookaround, backreferences) goes in with HS_FLAG_PREFILTER
 * and PCRE2 decides; one it cannot take at all is scanned by PCRE2 alone,
 * with a warning. Without start-of-match tracking, which would cost speed:
 * the confirmation window is found from the end offset and the pattern's
 * maximum width. The database is cached, serialized, under the hash of the
 * packs, the flags and the library's version.
 */
#include "rules/rule_int.h"

#include "util/alloc.h"
#include "util/dl.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void problem(struct tg_ruleset *rs, struct tg_rule *r, int line, const char *what,
                    const char *detail)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_addf(&b, "%s:%d: rule %s: %s%s", r->pack, line, r->id, what, detail ? detail : "");
	tg_warn("%s", b.buf);
	tg_strlist_add(&rs->problems, b.buf);
	tg_buf_release(&b);
}

int tg_rules_compile_regex(struct tg_regex *rx, const struct tg_rule *r, const char *what)
{
	int err;
	PCRE2_SIZE off;
	unsigned char msg[256];

	rx->re = pcre2_compile((PCRE2_SPTR)rx->src, PCRE2_ZERO_TERMINATED, PCRE2_MULTILINE, &err,
	                       &off, NULL);
	if (!rx->re) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		return tg_error_set(TG_ERR_INPUT, "%s:%d: rule %s: invalid %s at offset %zu: %s",
		                    r->pack, rx->line, r->id, what, (size_t)off, (char *)msg);
	}
	/* JIT is an optimisation: a pattern it cannot take still runs interpreted. */
	pcre2_jit_compile(rx->re, PCRE2_JIT_COMPLETE);
	return TG_OK;
}

static int compile_list(struct tg_ruleset *rs, struct tg_rule *r, struct tg_regex *v, size_t nr,
                        const char *what)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (tg_rules_compile_regex(&v[i], r, what)) {
			tg_warn("%s", tg_error_message());
			tg_strlist_add(&rs->problems, tg_error_message());
			return -1;
		}
	return 0;
}

static int compile_rule_regexes(struct tg_ruleset *rs, struct tg_rule *r)
{
	size_t i;

	for (i = 0; i < r->patterns_nr; i++) {
		struct tg_pattern *p = &rs->pats[r->first_pattern + i];
		if (compile_list(rs, r, &p->rx, 1, "pattern-regex"))
			return -1;
	}
	if (compile_list(rs, r, r->also, r->also_nr, "pattern-regex") ||
	    compile_list(rs, r, r->not, r->not_nr, "pattern-not-regex") ||
	    compile_list(rs, r, r->allow, r->allow_nr, "allow regex"))
		return -1;
	if (r->secret_group) {
		uint32_t groups = 0;
		pcre2_pattern_info(rs->pats[r->first_pattern].rx.re, PCRE2_INFO_CAPTURECOUNT,
		                   &groups);
		if ((uint32_t)r->secret_group > groups) {
			problem(rs, r, r->line, "secret_group is larger than the number of groups",
			        NULL);
			return -1;
		}
	}
	return 0;
}

#define HS_FLAGS (HS_FLAG_MULTILINE)

/* Decides how Vectorscan takes each pattern: exactly, as a prefilter, or not at all. */
static void classify(struct tg_ruleset *rs, struct tg_pattern *p)
{
	struct tg_rule *r = &rs->rules[p->rule];
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *err = NULL;

	if (rules_hs.expression_info(p->rx.src, HS_FLAGS, &info, &err) == HS_SUCCESS) {
		p->engine = TG_ENGINE_HS;
	} else {
		rules_hs.free_compile_error(err);
		err = NULL;
		if (rules_hs.expression_info(p->rx.src, HS_FLAGS | HS_FLAG_PREFILTER, &info,
		                             &err) == HS_SUCCESS) {
			p->engine = TG_ENGINE_PREFILTER;
		} else {
			problem(rs, r, p->rx.line,
			        "Vectorscan cannot compile this pattern; PCRE2 alone scans it: ",
			        err ? err->message : "");
			rules_hs.free_compile_error(err);
			p->engine = TG_ENGINE_PCRE2;
			return;
		}
	}
	p->max_width = info->max_width == UINT_MAX ? 0 : info->max_width;
	free(info);
	p->multiline = !p->max_width || strstr(p->rx.src, "\\s") || strstr(p->rx.src, "\\n") ||
	               strstr(p->rx.src, "[^");
}

static uint64_t db_key(const struct tg_ruleset *rs)
{
	struct tg_hasher h;
	size_t i;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, rules_hs.version());
	tg_hasher_adds(&h, rs->hash);
	for (i = 0; i < rs->hs_nr; i++) {
		const struct tg_pattern *p = &rs->pats[rs->hs_pats[i]];
		tg_hasher_adds(&h, p->rx.src);
		tg_hasher_add(&h, &p->engine, sizeof(p->engine));
	}
	return tg_hasher_finish(&h);
}

static void default_cache_dir(struct tg_buf *b)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (x && *x)
		tg_buf_addf(b, "%s/terragon", x);
	else if (home && *home)
		tg_buf_addf(b, "%s/.cache/terragon", home);
}

static void mkdirs(const char *dir)
{
	char *p = tg_strdup(dir), *s;

	for (s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	mkdir(p, 0755);
	free(p);
}

static int cache_path(const struct tg_ruleset *rs, struct tg_buf *path)
{
	char hex[17];

	if (rs->cache_dir_set && !rs->cache_dir)
		return 0;
	if (rs->cache_dir)
		tg_buf_adds(path, rs->cache_dir);
	else
		default_cache_dir(path);
	if (!path->len)
		return 0;
	tg_hash_hex(db_key(rs), hex);
	tg_buf_addf(path, "/rules-%s.hsdb", hex);
	return 1;
}

static int cache_load(struct tg_ruleset *rs, const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	int ok = 0;

	if (!tg_buf_read_file(&b, path))
		ok = rules_hs.deserialize_database(b.buf, b.len, &rs->db) == HS_SUCCESS;
	else
		tg_error_clear();
	tg_buf_release(&b);
	if (ok)
		tg_debug("rules: database from %s", path);
	return ok;
}

static void cache_store(struct tg_ruleset *rs, const char *path)
{
	char *bytes = NULL;
	size_t n = 0;
	struct tg_buf b = TG_BUF_INIT, dir = TG_BUF_INIT;
	char *slash;

	if (rules_hs.serialize_database(rs->db, &bytes, &n) != HS_SUCCESS)
		return;
	tg_buf_adds(&dir, path);
	slash = strrchr(dir.buf, '/');
	if (slash) {
		*slash = '\0';
		mkdirs(dir.buf);
	}
	tg_buf_add(&b, bytes, n);
	if (tg_buf_write_file(&b, path)) {
		tg_debug("rules: cannot cache the database: %s", tg_error_message());
		tg_error_clear();
	}
	free(bytes);
	tg_buf_release(&b);
	tg_buf_release(&dir);
}

static int build_db(struct tg_ruleset *rs)
{
	const char **exprs = tg_calloc(rs->hs_nr + 1, sizeof(*exprs));
	unsigned *flags = tg_calloc(rs->hs_nr + 1, sizeof(*flags));
	unsigned *ids = tg_calloc(rs->hs_nr + 1, sizeof(*ids));
	hs_compile_error_t *err = NULL;
	size_t i;
	int ret = TG_OK;

	for (i = 0; i < rs->hs_nr; i++) {
		const struct tg_pattern *p = &rs->pats[rs->hs_pats[i]];
		exprs[i] = p->rx.src;
		flags[i] = HS_FLAGS | (p->engine == TG_ENGINE_PREFILTER ? HS_FLAG_PREFILTER : 0);
		ids[i] = (unsigned)i;
	}
	if (rules_hs.compile_multi(exprs, flags, ids, (unsigned)rs->hs_nr, HS_MODE_BLOCK, NULL,
	                           &rs->db, &err) != HS_SUCCESS) {
		int at = err ? err->expression : -1;
		if (at >= 0 && (size_t)at < rs->hs_nr) {
			/* One pattern the per-pattern check let through: PCRE2 takes it. */
			struct tg_pattern *p = &rs->pats[rs->hs_pats[at]];
			problem(rs, &rs->rules[p->rule], p->rx.line,
			        "Vectorscan cannot compile this pattern; PCRE2 alone scans it: ",
			        err->message);
			p->engine = TG_ENGINE_PCRE2;
			ret = 1; /* retry without it */
		} else {
			ret = tg_error_set(TG_ERR_RUN, "rules: Vectorscan: %s",
			                   err ? err->message : "compile failed");
		}
		rules_hs.free_compile_error(err);
	}
	free(exprs), free(flags), free(ids);
	return ret;
}

static void partition(struct tg_ruleset *rs)
{
	size_t i;

	rs->hs_nr = rs->pcre_only_nr = 0;
	for (i = 0; i < rs->pats_nr; i++) {
		struct tg_pattern *p = &rs->pats[i];
		const struct tg_rule *r = &rs->rules[p->rule];
		if (r->dead || r->disabled)
			continue;
		if (p->engine == TG_ENGINE_PCRE2)
			rs->pcre_only[rs->pcre_only_nr++] = i;
		else
			rs->hs_pats[rs->hs_nr++] = i;
	}
}

struct rules_hs rules_hs;
static const struct tg_dl_sym hs_syms[] = {
        {"hs_expression_info", &rules_hs.expression_info},
        {"hs_free_compile_error", &rules_hs.free_compile_error},
        {"hs_version", &rules_hs.version},
        {"hs_deserialize_database", &rules_hs.deserialize_database},
        {"hs_serialize_database", &rules_hs.serialize_database},
        {"hs_compile_multi", &rules_hs.compile_multi},
        {"hs_free_database", &rules_hs.free_database},
        {"hs_alloc_scratch", &rules_hs.alloc_scratch},
        {"hs_free_scratch", &rules_hs.free_scratch},
        {"hs_scan", &rules_hs.scan},
        {NULL, NULL},
};
static struct tg_dl hs = TG_DL_INIT(TG_HS_SONAME, "libvectorscan5", hs_syms, NULL);

int tg_rules_library(const char **soname)
{
	int rc;

	*soname = hs.soname;
	rc = tg_dl_load(&hs);
	return rc ? tg_error_prefix(rc, "rules") : TG_OK;
}

int tg_rules_compile(struct tg_ruleset *rs)
{
	const char *soname;
	struct tg_buf path = TG_BUF_INIT;
	size_t i;
	int ret;

	if (rs->compiled)
		return TG_OK;
	if ((ret = tg_rules_library(&soname)))
		return ret;
	for (i = 0; i < rs->nr; i++) {
		struct tg_rule *r = &rs->rules[i];
		if (!r->dead && !r->disabled && compile_rule_regexes(rs, r))
			r->dead = 1;
	}
	for (i = 0; i < rs->pats_nr; i++) {
		const struct tg_rule *r = &rs->rules[rs->pats[i].rule];
		if (!r->dead && !r->disabled)
			classify(rs, &rs->pats[i]);
	}
	rs->hs_pats = tg_calloc(rs->pats_nr + 1, sizeof(*rs->hs_pats));
	rs->pcre_only = tg_calloc(rs->pats_nr + 1, sizeof(*rs->pcre_only));
	partition(rs);
	ret = TG_OK;
	if (rs->hs_nr && !(cache_path(rs, &path) && cache_load(rs, path.buf))) {
		while ((ret = build_db(rs)) == 1)
			partition(rs);
		if (!ret && path.len)
			cache_store(rs, path.buf);
	}
	tg_buf_release(&path);
	if (!ret)
		rs->compiled = 1;
	return ret;
}

void tg_rules_set_cache_dir(struct tg_ruleset *rs, const char *dir)
{
	free(rs->cache_dir);
	rs->cache_dir = dir ? tg_strdup(dir) : NULL;
	rs->cache_dir_set = 1;
}

size_t tg_rules_count(const struct tg_ruleset *rs)
{
	return rs->nr;
}

void tg_rules_info(const struct tg_ruleset *rs, size_t i, struct tg_rule_info *out)
{
	const struct tg_rule *r = &rs->rules[i];
	static const char *const engines[] = {"hs", "prefilter", "pcre2"};

	memset(out, 0, sizeof(*out));
	out->id = r->id;
	out->pack = r->pack;
	out->category = r->category;
	out->message = r->message;
	out->cwe = r->cwe;
	out->severity = r->severity;
	out->languages = &r->languages;
	out->match = &r->match;
	out->no_match = &r->no_match;
	out->redact = r->redact;
	out->engine = r->dead ? "error" : r->disabled ? "disabled" : "hs";
	if (!r->dead && !r->disabled && r->patterns_nr)
		out->engine = engines[rs->pats[r->first_pattern].engine];
}

const char *tg_rules_pattern(const struct tg_ruleset *rs, size_t i, size_t k)
{
	const struct tg_rule *r = &rs->rules[i];

	return k < r->patterns_nr ? rs->pats[r->first_pattern + k].rx.src : NULL;
}
