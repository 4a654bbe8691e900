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

void tg_api_init(struct tg_api *a, const struct tg_score_model *m)
{
	memset(a, 0, sizeof(*a));
	tg_backlog_init(&a->b);
	a->model = *m;
}

void tg_api_release(struct tg_api *a)
{
	for (size_t i = 0; a->json && i < a->b.nr; i++)
		free(a->json[i]);
	free(a->json);
	free(a->open);
	free(a->by_fp);
	a->json = NULL;
	a->open = a->by_fp = NULL;
	a->open_nr = 0;
	tg_backlog_release(&a->b);
	a->loaded = 0;
}

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

static int by_fingerprint(const void *x, const void *y)
{
	return strcmp((*(struct tg_item *const *)x)->fingerprint,
	              (*(struct tg_item *const *)y)->fingerprint);
}

/*
 * The item a prefix names, as tg_backlog_find() does (its messages too), by
 * bisection: the first fingerprint at or above the prefix, and the next one
 * to tell a unique prefix from an ambiguous one.
 */
static struct tg_item *find(struct tg_api *a, const char *id, int *status)
{
	size_t lo = 0, hi = a->b.nr, n = strlen(id);

	if (n < 6 || n > 16 || strspn(id, "0123456789abcdef") != n)
		return tg_backlog_find(&a->b, id, status); /* its message, without a scan */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(a->by_fp[mid]->fingerprint, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == a->b.nr || strncmp(a->by_fp[lo]->fingerprint, id, n)) {
		*status = tg_error_set(TG_ERR_NOTFOUND, "no item %s", id);
		return NULL;
	}
	if (lo + 1 < a->b.nr && !strncmp(a->by_fp[lo + 1]->fingerprint, id, n)) {
		*status = tg_error_set(TG_ERR_USAGE, "\"%s\" names more than one item", id);
		return NULL;
	}
	*status = TG_OK;
	return a->by_fp[lo];
}

/* An item's JSON in a page, kept for the next page that shows it (the snapshot does not
 * change). */
static void item_json(struct tg_api *a, struct tg_buf *out, const struct tg_item *it)
{
	size_t i = (size_t)(it - a->b.items);

	if (!a->json[i]) {
		struct tg_buf raw = TG_BUF_INIT, utf8 = TG_BUF_INIT;
		tg_item_to_json(&raw, it, 2);
		tg_buf_add_utf8(&utf8, raw.buf, raw.len);
		a->json[i] = tg_buf_detach(&utf8, NULL);
		tg_buf_release(&raw);
	}
	tg_buf_adds(out, a->json[i]);
}

static int is_open(const struct tg_item *it)
{
	return it->status == TG_STATUS_OPEN || it->status == TG_STATUS_IN_PROGRESS;
}

/* The snapshot, read again when the store changed since. */
static int load(struct tg_api *a, struct tg_sql *db, int version)
{
	int rc;

	if (a->loaded && a->version == version)
		return TG_OK;
	tg_api_release(a);
	tg_backlog_init(&a->b);
	if ((rc = tg_persist_load(db, &a->b, 0)))
		return rc;
	a->open = tg_calloc(a->b.nr + 1, sizeof(*a->open));
	a->by_fp = tg_calloc(a->b.nr + 1, sizeof(*a->by_fp));
	a->json = tg_calloc(a->b.nr + 1, sizeof(*a->json));
	for (size_t i = 0; i < a->b.nr; i++) {
		a->by_fp[i] = &a->b.items[i];
		if (is_open(&a->b.items[i]))
			a->open[a->open_nr++] = &a->b.items[i];
	}
	qsort(a->by_fp, a->b.nr, sizeof(*a->by_fp), by_fingerprint);
	a->loaded = 1;
	a->version = version;
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
		             "unknown parameter %s (known: category, severity, path, new_since, "
		             "min_score, limit, offset)",
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

static unsigned backlog(struct tg_api *a, struct tg_sql *db, const struct params *p,
                        struct tg_buf *out)
{
	struct tg_strlist fresh = TG_STRLIST_INIT;
	struct tg_backlog_filter f = p->f;
	size_t i, total = 0, shown = 0;

	if (p->new_since >= 0) {
		if (tg_persist_new_since(db, p->new_since, &fresh)) {
			tg_strlist_clear(&fresh);
			return error(out, 500, "%s", tg_error_message());
		}
		f.fresh = &fresh;
	}
	tg_buf_addf(out, "{\"scoring_model\": \"%s\", \"items\": [", TG_SCORING_MODEL);
	if (!p->filtered) { /* a page of the open items: no scan */
		total = a->open_nr;
		for (i = (size_t)p->offset; i < total && shown < (size_t)p->limit; i++) {
			tg_buf_adds(out, shown++ ? ",\n  " : "\n  ");
			item_json(a, out, a->open[i]);
		}
	}
	for (i = 0; p->filtered && i < a->open_nr; i++) {
		const struct tg_item *it = a->open[i];
		if (!tg_backlog_filter_keep(&f, it))
			continue;
		if (total++ < (size_t)p->offset || shown >= (size_t)p->limit)
			continue;
		tg_buf_adds(out, shown++ ? ",\n  " : "\n  ");
		item_json(a, out, it);
	}
	tg_buf_addf(out,
	            "%s], \"total\": %zu, \"offset\": %lld, \"limit\": %lld, \"next_offset\": ",
	            shown ? "\n" : "", total, p->offset, p->limit);
	if ((size_t)p->offset + shown < total)
		tg_buf_addf(out, "%lld}\n", p->offset + (long long)shown);
	else
		tg_buf_adds(out, "null}\n");
	tg_strlist_clear(&fresh);
	return 200;
}

static unsigned item(struct tg_api *a, struct tg_sql *db, const char *id, struct tg_buf *out)
{
	struct tg_buf steps = TG_BUF_INIT, history = TG_BUF_INIT;
	struct tg_item *it, copy;
	int rc;

	it = find(a, id, &rc);
	if (!it)
		return error(out, rc == TG_ERR_NOTFOUND ? 404 : 400, "%s", tg_error_message());
	if (tg_persist_events(db, it->fingerprint, &history, 1)) {
		tg_buf_release(&history);
		return error(out, 500, "%s", tg_error_message());
	}
	/* The score replayed with the configuration, into a shallow copy: the snapshot stays. */
	copy = *it;
	tg_score_item(&a->model, &copy, it->change_rate, &steps);
	tg_item_explain_json(out, &copy, &steps, history.buf);
	tg_buf_release(&steps);
	tg_buf_release(&history);
	return 200;
}

static unsigned route(struct tg_api *a, struct tg_sql *db, int version, const char *url,
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
	if (load(a, db, version))
		return error(out, 500, "%s", tg_error_message());
	return is_item ? item(a, db, id, out) : backlog(a, db, &p, out);
}

unsigned tg_api_answer(struct tg_api *a, sqlite3 *db, int version, const char *url,
                       const struct tg_api_arg *args, size_t nr, struct tg_buf *out)
{
	struct tg_buf raw = TG_BUF_INIT;
	struct tg_sql *q = tg_sql_wrap_sqlite(db, NULL); /* the readers' SQL layer */
	unsigned status = route(a, q, version, url, args, nr, &raw);

	tg_sql_close(q);
	/* Paths and titles are bytes; the answer is UTF-8 ("\xff" for the others). */
	tg_buf_add_utf8(out, raw.buf, raw.len);
	tg_buf_release(&raw);
	return status;
}
