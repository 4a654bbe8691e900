/*
 * The backlog table's data: one JSON document in a data block (never
 * executed, so outside the script policy), read by the page's script.
 * rows: [explanation, score, severity, category, path, new, steps] where
 * the explanation is tg_item_explain's text up to its score and steps an
 * index into a list of score breakdowns, each written once.
 */
#include "report/html.h"

#include "backlog/explain.h"
#include "util/hashmap.h"
#include "util/redact.h"

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

/* The index of s in the list (added when absent). */
static size_t intern(struct tg_hashmap *m, struct tg_strlist *l, const char *s, size_t n)
{
	int added;
	struct tg_hashmap_entry *e = tg_hashmap_put(m, s, n, &added);

	if (added) {
		e->val.u64 = l->nr;
		tg_strlist_addn(l, s, n);
	}
	return (size_t)e->val.u64;
}

static void json_list(struct tg_buf *out, const char *name, const struct tg_strlist *l)
{
	size_t i;

	tg_buf_addf(out, "\"%s\":[", name);
	for (i = 0; i < l->nr; i++) {
		if (i)
			tg_buf_addch(out, ',');
		json_text(out, l->v[i], strlen(l->v[i]));
	}
	tg_buf_adds(out, "],\n");
}

/* One row; the score breakdown goes to the steps list. */
static void row(struct tg_buf *rows, const struct tg_html_input *in, const struct tg_item *it,
                size_t cat, size_t steps_idx, int fresh)
{
	struct tg_buf text = TG_BUF_INIT, none = TG_BUF_INIT;

	tg_item_explain(&text, it, &none);
	json_text(rows, text.buf, text.len);
	tg_buf_addf(rows, ",%.2f,%d,%zu,", it->scores.composite, (int)it->severity, cat);
	json_text(rows, it->path ? it->path : "", it->path ? strlen(it->path) : 0);
	tg_buf_addf(rows, ",%d,%zu]", fresh, steps_idx);
	tg_buf_release(&text);
	(void)in;
}

void tg_html_table_data(struct tg_buf *out, const struct tg_html_input *in)
{
	struct tg_hashmap cats = TG_HASHMAP_INIT, steps = TG_HASHMAP_INIT, fresh = TG_HASHMAP_INIT;
	struct tg_strlist cat_names = TG_STRLIST_INIT, step_texts = TG_STRLIST_INIT;
	struct tg_buf rows = TG_BUF_INIT, s = TG_BUF_INIT;
	size_t i;

	if (in->fresh)
		for (i = 0; i < in->fresh->nr; i++)
			tg_hashmap_put(&fresh, in->fresh->v[i], strlen(in->fresh->v[i]), NULL);
	for (i = 0; i < in->open->nr; i++) {
		const struct tg_item *it = &in->open->items[i];
		struct tg_item copy = *it;
		const char *c = it->category ? it->category : "-";
		size_t ci = intern(&cats, &cat_names, c, strlen(c)), si;
		tg_buf_reset(&s);
		tg_score_item(in->model, &copy, it->change_rate, &s);
		si = intern(&steps, &step_texts, s.buf, s.len);
		tg_buf_adds(&rows, i ? ",\n[" : "\n[");
		row(&rows, in, it, ci, si,
		    in->fresh && tg_hashmap_get(&fresh, it->fingerprint, strlen(it->fingerprint)));
	}
	tg_buf_adds(out, "{");
	json_list(out, "cats", &cat_names);
	json_list(out, "steps", &step_texts);
	tg_buf_adds(out, "\"rows\":[");
	tg_buf_add(out, rows.buf, rows.len);
	tg_buf_adds(out, "]}");
	tg_buf_release(&rows);
	tg_buf_release(&s);
	tg_strlist_clear(&cat_names);
	tg_strlist_clear(&step_texts);
	tg_hashmap_release(&cats);
	tg_hashmap_release(&steps);
	tg_hashmap_release(&fresh);
}
