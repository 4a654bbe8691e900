#include "cmd/history_cli.h"

#include "config/config.h"
#include "history/gitlog.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --format is one of tg_formats_table_json_csv: the parser said so. */
static int parse_format(struct tg_history_cli *c)
{
	c->fmt = !strcmp(c->format, "json")  ? TG_HF_JSON
	         : !strcmp(c->format, "csv") ? TG_HF_CSV
	                                     : TG_HF_TABLE;
	if (c->limit < 0)
		return tg_error_set(TG_ERR_USAGE, "--limit: must be 0 or more");
	return TG_OK;
}

/* The cache's path when the repository has no .terragon/ ("-": none), else "". */
static void store_path(const char *root, struct tg_buf *out)
{
	struct tg_buf dir = TG_BUF_INIT;
	struct stat st;
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char hex[17];

	tg_buf_addf(&dir, "%s/.terragon", root);
	/* A link there is the repository's .terragon/ too: refused when opened. */
	if (lstat(dir.buf, &st) || !(S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode))) {
		tg_hash_hex(tg_hash64(root, strlen(root)), hex);
		if (xdg && *xdg)
			tg_buf_addf(out, "%s/terragon/history-%s.db", xdg, hex);
		else if (home && *home)
			tg_buf_addf(out, "%s/.cache/terragon/history-%s.db", home, hex);
		else
			tg_buf_adds(out, "-");
	}
	tg_buf_release(&dir);
}

/*
 * The store: the repository's own if it has .terragon/ (opened beneath the
 * root, so a committed `.terragon -> elsewhere` is refused, not written
 * through), else a per-repository cache under the user's cache directory.
 */
static int open_store(const char *root, const struct tg_config *cfg, struct tg_store **out)
{
	struct tg_buf db = TG_BUF_INIT;
	int rc = TG_OK;

	*out = NULL;
	store_path(root, &db);
	if (!db.len)
		rc = tg_store_open_in(out, root,
		                      cfg->store.path ? cfg->store.path : ".terragon/terragon.db",
		                      TG_STORE_CREATE, -1);
	else if (strcmp(db.buf, "-"))
		rc = tg_store_open(out, db.buf, TG_STORE_CREATE);
	tg_buf_release(&db);
	return rc;
}

static void apply_config(struct tg_history_cli *c, const struct tg_config *cfg,
                         struct tg_history_opts *o)
{
	o->since =
	        c->since ? c->since
	                 : (cfg->history.since && *cfg->history.since ? cfg->history.since : NULL);
	o->first_parent = c->first_parent >= 0 ? c->first_parent : cfg->history.first_parent;
	o->min_revs = c->min_revs >= 0 ? c->min_revs : cfg->history.min_revs;
	o->min_shared_revs =
	        c->min_shared_revs >= 0 ? c->min_shared_revs : cfg->history.min_shared_revs;
	o->min_coupling = c->min_coupling >= 0 ? c->min_coupling : cfg->history.min_coupling;
	o->inactive_months = cfg->history.inactive_months;
	o->bots = &cfg->history.bots;
}

int tg_history_cli_build(struct tg_history_cli *c, struct tg_history **h, struct tg_history_opts *o)
{
	struct tg_config *cfg;
	int rc = parse_format(c);

	*h = NULL;
	if (rc)
		return rc;
	/* Found once here and handed to the build: a git process fewer on every run. */
	rc = tg_history_locate(c->repo_path, &c->where);
	if (rc)
		return rc;
	cfg = tg_calloc(1, sizeof(*cfg));
	c->cfg = cfg;
	rc = tg_config_load(cfg, c->where.root, c->config);
	if (rc == TG_OK) {
		tg_history_opts_init(o);
		apply_config(c, cfg, o);
		if (c->cache && !o->since) {
			if (open_store(c->where.root, cfg, &c->store) != TG_OK) {
				tg_warn("history: reading all of it (no store: %s)",
				        tg_error_message());
				tg_error_clear();
				c->store = NULL;
			}
		}
		o->store = c->store;
		o->where = &c->where;
		if (c->with_complexity) {
			o->complexity = tg_history_complexity;
			o->defer_save = 1; /* the caller saves once the trends are known */
		}
		rc = tg_history_build(h, c->where.root, o);
	}
	return rc;
}

void tg_history_cli_release(struct tg_history_cli *c)
{
	if (c->store)
		tg_store_close(c->store);
	c->store = NULL;
	if (c->cfg) {
		tg_config_release(c->cfg);
		free(c->cfg);
	}
	c->cfg = NULL;
	tg_history_where_release(&c->where);
}

void tg_history_cell(struct tg_buf *b, const char *s, int width, int right)
{
	struct tg_buf e = TG_BUF_INIT;
	int n;

	tg_buf_add_printables(&e, s); /* an author or a path: repository text */
	n = (int)e.len;
	if (n > width && width > 3) {
		/* Cut on a character, not inside one or inside an escape's UTF-8. */
		size_t cut = (size_t)(width - 3);
		while (cut > 0 && (e.buf[cut] & 0xc0) == 0x80)
			cut--;
		tg_buf_add(b, e.buf, cut);
		tg_buf_adds(b, "...");
	} else if (right) {
		tg_buf_addf(b, "%*s", width, e.buf);
	} else {
		tg_buf_addf(b, "%-*s", width, e.buf);
	}
	tg_buf_release(&e);
}
