/*
 * The backlog table's data, in two JSON data blocks (never executed, so
 * outside the script policy) that the page's script reads: the head, with
 * the first page of rows, early in the page so that page shows before the
 * rest is parsed; and the other rows, last in the page.
 *
 * head: {"page": rows a page, "total": rows, "cats": [...], "score": the
 * score heading of an explanation, "rows": [...]}; then [row, ...]. A row:
 *   [score, severity, category, path, line, new, steps, head, meta, body]
 * the parts of tg_item_explain (backlog/explain.h): line is -1 when the
 * item has no path. Path, steps (a score breakdown) and meta repeat across
 * items: each is written as a string where it first appears in the rows
 * (head first) and as the number of its first appearance afterwards, so a
 * 100,000-item backlog in 1,000 files writes each path once.
 */
#include "report/html.h"

#include "backlog/explain.h"
#include "util/hashmap.h"
#include "util/redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of repository text, redacted, with <, > and & escaped. */
static void json_text(struct tg_buf *out, const char *s, size_t n)
{
	struct tg_buf r = TG_BUF_INIT, j = TG_BUF_INIT;
	size_t i;

	tg_redact_text(&r, s, n);
	tg_buf_add_json(&j, r.buf, r.len);
	for (i = 0; i < j.len; i++) {
		char c = j.buf[i];
		if (c == '<' || c == '>' || c == '&')
			tg_buf_addf(out, "\\u%04x", (unsigned)c);
		else
			tg_buf_addch(out, c);
	}
	tg_buf_release(&j);
	tg_buf_release(&r);
}

/* A column whose strings repeat: a string where it first appears, then its number. */
static void shared_text(struct tg_buf *out, struct tg_hashmap *seen, const struct tg_buf *s)
{
	int added;
	struct tg_hashmap_entry *e = tg_hashmap_put(seen, s->buf, s->len, &added);

	if (added) {
		e->val.u64 = seen->nr - 1;
		json_text(out, s->buf, s->len);
	} else {
		tg_buf_addf(out, "%llu", (unsigned long long)e->val.u64);
	}
}

struct table {
	const struct tg_html_input *in;
	struct tg_hashmap cats, fresh;
	struct tg_hashmap path, steps, meta;
	struct tg_buf scratch;
};

static void row(struct tg_buf *out, struct table *t, const struct tg_item *it)
{
	struct tg_item copy = *it;
	struct tg_buf *s = &t->scratch;
	const char *c = it->category ? it->category : "-";
	int fresh =
	        t->in->fresh && tg_hashmap_get(&t->fresh, it->fingerprint, strlen(it->fingerprint));

	tg_buf_addf(out, "[%.2f,%d,%llu,", it->scores.composite, (int)it->severity,
	            (unsigned long long)tg_hashmap_get(&t->cats, c, strlen(c))->val.u64);
	tg_buf_reset(s);
	tg_buf_add_printables(s, it->path);
	shared_text(out, &t->path, s);
	tg_buf_addf(out, ",%d,%d,", it->path ? it->start_line : -1, fresh);
	/* tg_score_item writes only the scores: a shallow copy keeps it const. */
	tg_buf_reset(s);
	tg_score_item(t->in->model, &copy, it->change_rate, s);
	shared_text(out, &t->steps, s);
	tg_buf_addch(out, ',');
	tg_buf_reset(s);
	tg_item_explain_head(s, it);
	json_text(out, s->buf, s->len);
	tg_buf_addch(out, ',');
	tg_buf_reset(s);
	tg_item_explain_meta(s, it);
	shared_text(out, &t->meta, s);
	tg_buf_addch(out, ',');
	tg_buf_reset(s);
	tg_item_explain_body(s, it);
	json_text(out, s->buf, s->len);
	tg_buf_addch(out, ']');
}

/* The categories, sorted, numbered in the map. */
static void categories(struct tg_buf *out, struct table *t)
{
	struct tg_strlist l = TG_STRLIST_INIT;
	size_t i;

	for (i = 0; i < t->in->open->nr; i++) {
		const char *c = t->in->open->items[i].category;
		if (!tg_hashmap_get(&t->cats, c ? c : "-", strlen(c ? c : "-"))) {
			tg_hashmap_put(&t->cats, c ? c : "-", strlen(c ? c : "-"), NULL);
			tg_strlist_add(&l, c ? c : "-");
		}
	}
	tg_strlist_sort(&l);
	tg_buf_adds(out, "\"cats\":[");
	for (i = 0; i < l.nr; i++) {
		tg_hashmap_get(&t->cats, l.v[i], strlen(l.v[i]))->val.u64 = i;
		if (i)
			tg_buf_addch(out, ',');
		json_text(out, l.v[i], strlen(l.v[i]));
	}
	tg_buf_adds(out, "],\n");
	tg_strlist_clear(&l);
}

/*
 * The rows in the page's first view: by score as shown (two decimals),
 * highest first, ties in the backlog's order; the script's sort by score
 * then leaves them as they are, and the head block is that view's first page.
 */
struct shown {
	double score;
	size_t i;
};

static int by_shown_score(const void *a, const void *b)
{
	const struct shown *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static struct shown *first_view(const struct tg_backlog *b)
{
	struct shown *v = calloc(b->nr + 1, sizeof(*v));
	char num[64];
	size_t i;

	for (i = 0; i < b->nr; i++) {
		snprintf(num, sizeof(num), "%.2f", b->items[i].scores.composite);
		v[i].score = strtod(num, NULL);
		v[i].i = i;
	}
	qsort(v, b->nr, sizeof(*v), by_shown_score);
	return v;
}

void tg_html_table_data(struct tg_buf *head, struct tg_buf *rest, const struct tg_html_input *in)
{
	struct table t = {in,
	                  TG_HASHMAP_INIT,
	                  TG_HASHMAP_INIT,
	                  TG_HASHMAP_INIT,
	                  TG_HASHMAP_INIT,
	                  TG_HASHMAP_INIT,
	                  TG_BUF_INIT};
	struct shown *order = first_view(in->open);
	size_t i;

	if (in->fresh)
		for (i = 0; i < in->fresh->nr; i++)
			tg_hashmap_put(&t.fresh, in->fresh->v[i], strlen(in->fresh->v[i]), NULL);
	tg_buf_addf(head, "{\"page\":%d,\"total\":%zu,\n", TG_HTML_PAGE_ROWS, in->open->nr);
	categories(head, &t);
	tg_buf_adds(head, "\"score\":");
	tg_buf_addf(&t.scratch, TG_EXPLAIN_SCORE_HEADING, TG_SCORING_MODEL);
	json_text(head, t.scratch.buf, t.scratch.len);
	tg_buf_adds(head, ",\n\"rows\":[");
	tg_buf_adds(rest, "[");
	for (i = 0; i < in->open->nr; i++) {
		struct tg_buf *out = i < TG_HTML_PAGE_ROWS ? head : rest;
		if (i != 0 && i != TG_HTML_PAGE_ROWS)
			tg_buf_addch(out, ',');
		tg_buf_addch(out, '\n');
		row(out, &t, &in->open->items[order[i].i]);
	}
	tg_buf_adds(head, "]}");
	tg_buf_adds(rest, "]");
	free(order);
	tg_buf_release(&t.scratch);
	tg_hashmap_release(&t.cats);
	tg_hashmap_release(&t.fresh);
	tg_hashmap_release(&t.path);
	tg_hashmap_release(&t.steps);
	tg_hashmap_release(&t.meta);
}
