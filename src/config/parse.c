/*
 * The file: walks the YAML tree against the key table. Sections must be
 * mappings, keys must exist (an unknown one is a warning with a suggestion,
 * since a newer terragon may know it), values go through tg_capply_node().
 */
#include "config/config_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

struct walk {
	struct tg_capply a;
	int *seen_line; /* per key row: where it was first set, to refuse a second time */
};

static int walk_map(struct walk *w, const char *prefix, const struct tg_cnode *map);

static void unknown_key(struct walk *w, const char *prefix, const struct tg_cnode *k,
                        const char *full)
{
	const char *hint = tg_ckey_suggest(prefix, k->v);

	tg_config_warnf(w->a.cfg, "%s:%d:%d: %s: unknown key, ignored%s%s%s", w->a.name, k->line,
	                k->col, full, hint ? " (did you mean " : "", hint ? hint : "",
	                hint ? "?)" : "");
}

static int walk_pair(struct walk *w, const char *prefix, const struct tg_cnode *k,
                     const struct tg_cnode *v)
{
	struct tg_buf full = TG_BUF_INIT;
	long row;
	int rc = TG_OK;

	if (k->type != TG_N_SCALAR || strlen(k->v) != k->len)
		return tg_error_set(TG_ERR_USAGE, "%s:%d:%d: %s%sexpected a key name", w->a.name,
		                    k->line, k->col, prefix, *prefix ? ": " : "");
	tg_buf_addf(&full, "%s%s%s", prefix, *prefix ? "." : "", k->v);
	row = tg_ckey_find(full.buf, full.len);
	if (row < 0) {
		unknown_key(w, prefix, k, full.buf);
	} else if (w->seen_line[row]) {
		rc = tg_error_set(TG_ERR_USAGE, "%s:%d:%d: %s: given twice (first on line %d)",
		                  w->a.name, k->line, k->col, full.buf, w->seen_line[row]);
	} else {
		w->seen_line[row] = k->line;
		if (tg_ckeys[row].type != TG_K_MAP)
			rc = tg_capply_node(&w->a, row, v);
		else if (v->type == TG_N_MAP)
			rc = walk_map(w, full.buf, v);
		else if (v->type != TG_N_NULL)
			rc = tg_error_set(TG_ERR_USAGE,
			                  "%s:%d:%d: %s: expected a section (a mapping of keys)",
			                  w->a.name, v->line, v->col, full.buf);
	}
	tg_buf_release(&full);
	return rc;
}

static int walk_map(struct walk *w, const char *prefix, const struct tg_cnode *map)
{
	size_t i;
	int rc;

	for (i = 0; i + 1 < map->nr; i += 2)
		if ((rc = walk_pair(w, prefix, &map->kids[i], &map->kids[i + 1])))
			return rc;
	return TG_OK;
}

int tg_config_parse(struct tg_config *cfg, const char *name, const char *text, size_t len)
{
	struct walk w = {{cfg, name, TG_ORIGIN_FILE}, NULL};
	struct tg_cnode *root;
	int rc = tg_cnode_parse(name, text, len, &root);

	free(cfg->file);
	cfg->file = tg_strdup(name);
	if (rc || !root)
		return rc; /* an empty file (or only comments) is the defaults */
	if (root->type == TG_N_NULL) {
		tg_cnode_free(root);
		return TG_OK;
	}
	if (root->type != TG_N_MAP) {
		rc = tg_error_set(TG_ERR_USAGE,
		                  "%s:%d:%d: expected a mapping of sections (repository:, "
		                  "value_discovery:, ...) at the top",
		                  name, root->line, root->col);
	} else {
		w.seen_line = tg_calloc(tg_ckeys_nr, sizeof(int));
		rc = walk_map(&w, "", root);
		free(w.seen_line);
	}
	tg_cnode_free(root);
	return rc;
}
