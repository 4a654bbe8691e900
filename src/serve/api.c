/*
 * serve's JSON API (api.h): the backlog with the backlog command's filters
 * and paging, and one item with its explanation. Parameters are checked
 * before anything is read: an unknown one, one given twice or a bad value is
 * a 400 that names it.
 */
#include "serve/api.h"

#include "backlog/explain.h"
#include "backlog/filter.h"
#include "backlog/item_json.h"
#include "backlog/persist.h"
#include "store/sql.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_DEFAULT 100
#define LIMIT_MAX     1000

static unsigned error(struct tg_buf *out, unsigned status, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static unsigned error(struct tg_buf *out, unsigned status, const char *fmt, ...)
{
	struct tg_buf msg = TG_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	tg_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	tg_buf_reset(out);
	tg_buf_adds(out, "{\"error\": ");
	tg_buf_add_jsons(out, msg.buf);
	tg_buf_adds(out, "}\n");
	tg_buf_release(&msg);
	return status;
}

/*
 * The item a prefix names, as tg_backlog_find() does (its messages too), by
 * bisection: the first fingerprint at or above the prefix, and the next one
 * to tell a unique prefix from an ambiguous one. Fills fp; 0 or the status.
 */
static int find(const struct tg_api_index *ix, const char *id, char fp[17])
{
	size_t lo = 0, hi = ix->fps_nr, n = strlen(id);

	if (n < 6 || n > 16 || strspn(id, "0123456789abcdef") != n)
		return tg_error_set(TG_ERR_USAGE,
		                    "\"%s\": an item id is 6 to 16 lowercase hex digits", id);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->fps[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ix->fps_nr || strncmp(ix->fps[lo], id, n))
		return tg_error_set(TG_ERR_NOTFOUND, "no item %s", id);
	if (lo + 1 < ix->fps_nr && !strncmp(ix->fps[lo + 1], id, n))
		return tg_error_set(TG_ERR_USAGE, "\"%s\" names more than one item", id);
	memcpy(fp, ix->fps[lo], 17);
	return TG_OK;
}

/*
 * The JSON of the item at rank i in a page: kept from an earlier page, or
 * read from the store and kept (the index does not change). An item gone
 * from the store since the index was read (store prune) is an error.
 */
static int item_json(struct tg_api_index *ix, struct tg_sql *db, size_t i, struct tg_buf *out)
{
	const char *kept = atomic_load(&ix->json[i]);
	struct tg_buf raw = TG_BUF_INIT, utf8 = TG_BUF_INIT;
	struct tg_item it;
	int rc, owned;

	if (kept) {
		tg_buf_adds(out, kept);
		return TG_OK;
	}
	if ((rc = tg_persist_load_one(db, ix->open[i].fingerprint, &it)))
		return rc;
	tg_item_to_json(&raw, &it, 2);
	tg_item_release(&it);
	tg_buf_add_utf8(&utf8, raw.buf, raw.len);
	tg_buf_release(&raw);
	kept = tg_api_index_keep_json(ix, i, tg_buf_detach(&utf8, NULL), &owned);
	tg_buf_adds(out, kept);
	if (owned)
		free((char *)kept);
	return TG_OK;
}

struct params {
	struct tg_backlog_filter f;
	long long new_since, limit, offset;
	int filtered; /* a filter was given */
};

static int integer(const char *v, long long lo, long long hi, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(v, &end, 10);
	return !*v || *end || errno || *out < lo || *out > hi ? -1 : 0;
}

/* One query parameter into p; 0, or the 400 already written into out. */
static unsigned param(struct params *p, const struct tg_api_arg *arg, struct tg_buf *out)
{
	const char *k = arg->key, *v = arg->value ? arg->value : "";
	char *end;

	if (!*v)
		return error(out, 400, "parameter %s: expected a value", k);
	if (!strcmp(k, "category")) {
		p->f.category = v;
	} else if (!strcmp(k, "path")) {
		p->f.path = v;
	} else if (!strcmp(k, "severity")) {
		if (tg_severity_parse(v, &p->f.min_severity))
			return error(out, 400, "parameter severity: %s", tg_error_message());
		p->f.has_severity = 1;
	} else if (!strcmp(k, "tier")) {
		if (strcmp(v, "act") && strcmp(v, "watch") && strcmp(v, "all"))
			return error(out, 400,
			             "parameter tier: expected act, watch or all, got \"%s\"", v);
		p->f.tier = v;
	} else if (!strcmp(k, "min_score")) {
		errno = 0;
		p->f.min_score = strtod(v, &end);
		if (*end || errno || !isfinite(p->f.min_score))
			return error(out, 400, "parameter min_score: expected a number, got \"%s\"",
			             v);
	} else if (!strcmp(k, "new_since")) {
		if (integer(v, 0, INT64_MAX, &p->new_since))
			return error(out, 400, "parameter new_since: expected a run id, got \"%s\"",
			             v);
	} else if (!strcmp(k, "limit")) {
		if (integer(v, 1, LIMIT_MAX, &p->limit))
			return error(
			        out, 400,
			        "parameter limit: expected an integer from 1 to %d, got \"%s\"",
			        LIMIT_MAX, v);
	} else if (!strcmp(k, "offset")) {
		if (integer(v, 0, INT32_MAX, &p->offset))
			return error(
			        out, 400,
			        "parameter offset: expected an integer of at least 0, got \"%s\"",
			        v);
	} else {
		return error(out, 400,
		             "unknown parameter %s (known: category, severity, path, tier, "
		             "new_since, min_score, limit, offset)",
		             k);
	}
	return 0;
}

static unsigned params(struct params *p, const struct tg_api_arg *args, size_t nr,
                       struct tg_buf *out)
{
	unsigned status;
	size_t i, j;

	memset(p, 0, sizeof(*p));
	p->new_since = -1;
	p->limit = LIMIT_DEFAULT;
	for (i = 0; i < nr; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(args[i].key, args[j].key))
				return error(out, 400, "parameter %s: given twice", args[i].key);
		if ((status = param(p, &args[i], out)))
			return status;
		p->filtered |= strcmp(args[i].key, "limit") && strcmp(args[i].key, "offset");
	}
	return 0;
}

/*
 * Whether the entry passes the filters, as tg_backlog_filter_keep() would pass
 * its item: it is a zeroed item that gets the entry's fields (made once for a
 * scan, not once an entry).
 */
static int keep(const struct tg_backlog_filter *f, struct tg_item *it, const struct tg_api_entry *e)
{
	memcpy(it->fingerprint, e->fingerprint, sizeof(it->fingerprint));
	it->category = (char *)e->category;
	it->severity = (enum tg_severity)e->severity;
	it->path = e->path;
	it->scores.composite = e->composite;
	return tg_backlog_filter_keep_tier(f, it, (enum tg_tier)e->tier);
}

static unsigned backlog(struct tg_api_index *ix, struct tg_sql *db, const struct params *p,
                        struct tg_buf *out)
{
	struct tg_strlist fresh = TG_STRLIST_INIT;
	struct tg_backlog_filter f = p->f;
	size_t i, total = 0, shown = 0;
	struct tg_item entry;
	int rc = TG_OK;

	memset(&entry, 0, sizeof(entry));

	if (p->new_since >= 0) {
		if (tg_persist_new_since(db, p->new_since, &fresh)) {
			tg_strlist_clear(&fresh);
			return error(out, 500, "%s", tg_error_message());
		}
		f.fresh = &fresh;
	}
	tg_buf_addf(out, "{\"scoring_model\": \"%s\", \"items\": [", TG_SCORING_MODEL);
	if (!p->filtered) { /* a page of the open items: no scan */
		total = ix->open_nr;
		for (i = (size_t)p->offset; !rc && i < total && shown < (size_t)p->limit; i++) {
			tg_buf_adds(out, shown++ ? ",\n  " : "\n  ");
			rc = item_json(ix, db, i, out);
		}
	}
	for (i = 0; !rc && p->filtered && i < ix->open_nr; i++) {
		if (!keep(&f, &entry, &ix->open[i]))
			continue;
		if (total++ < (size_t)p->offset || shown >= (size_t)p->limit)
			continue;
		tg_buf_adds(out, shown++ ? ",\n  " : "\n  ");
		rc = item_json(ix, db, i, out);
	}
	tg_strlist_clear(&fresh);
	if (rc)
		return error(out, 500, "%s", tg_error_message());
	tg_buf_addf(out,
	            "%s], \"total\": %zu, \"offset\": %lld, \"limit\": %lld, \"next_offset\": ",
	            shown ? "\n" : "", total, p->offset, p->limit);
	if ((size_t)p->offset + shown < total)
		tg_buf_addf(out, "%lld}\n", p->offset + (long long)shown);
	else
		tg_buf_adds(out, "null}\n");
	return 200;
}

static unsigned item(struct tg_api_index *ix, struct tg_sql *db, const struct tg_score_model *m,
                     const char *id, struct tg_buf *out)
{
	struct tg_buf steps = TG_BUF_INIT, history = TG_BUF_INIT;
	struct tg_item it;
	char fp[17];
	int rc;

	if ((rc = find(ix, id, fp)))
		return error(out, rc == TG_ERR_NOTFOUND ? 404 : 400, "%s", tg_error_message());
	if ((rc = tg_persist_load_one(db, fp, &it)))
		return error(out, rc == TG_ERR_NOTFOUND ? 404 : 500, "%s", tg_error_message());
	if (tg_persist_events(db, it.fingerprint, &history, 1)) {
		tg_item_release(&it);
		tg_buf_release(&history);
		return error(out, 500, "%s", tg_error_message());
	}
	/* The score replayed with the configuration. */
	tg_score_item(m, &it, it.change_rate, &steps);
	tg_item_explain_json(out, &it, &steps, history.buf);
	tg_item_release(&it);
	tg_buf_release(&steps);
	tg_buf_release(&history);
	return 200;
}

static unsigned route(struct tg_api_index *ix, const char *why, struct tg_sql *db,
                      const struct tg_score_model *m, const char *url,
                      const struct tg_api_arg *args, size_t nr, struct tg_buf *out)
{
	static const char items[] = "/api/items/";
	int is_item = !strncmp(url, items, sizeof(items) - 1);
	const char *id = is_item ? url + sizeof(items) - 1 : NULL;
	struct params p;
	unsigned status;

	/* "/api/items/x/y", "..": not an item's path */
	if ((!is_item && strcmp(url, "/api/backlog")) ||
	    (is_item && (!*id || strchr(id, '/') || !strcmp(id, ".") || !strcmp(id, ".."))))
		return error(out, 404, "not found (the API: /api/backlog, /api/items/ID)");
	if (is_item && nr)
		return error(out, 400, "/api/items/ID takes no parameters (got %s)", args[0].key);
	if (!is_item && (status = params(&p, args, nr, out)))
		return status;
	if (!ix || !db)
		return error(out, 503, "%s", why && *why ? why : "the backlog is not read yet");
	return is_item ? item(ix, db, m, id, out) : backlog(ix, db, &p, out);
}

unsigned tg_api_answer(struct tg_api_index *ix, const char *why, sqlite3 *db,
                       const struct tg_score_model *m, const char *url,
                       const struct tg_api_arg *args, size_t nr, struct tg_buf *out)
{
	struct tg_buf raw = TG_BUF_INIT;
	/* the readers' SQL layer; no connection: route answers 503 */
	struct tg_sql *q = db ? tg_sql_wrap_sqlite(db, NULL) : NULL;
	unsigned status = route(ix, why, q, m, url, args, nr, &raw);

	tg_sql_close(q);
	/* Paths and titles are bytes; the answer is UTF-8 ("\xff" for the others). */
	tg_buf_add_utf8(out, raw.buf, raw.len);
	tg_buf_release(&raw);
	return status;
}
