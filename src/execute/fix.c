/*
 * A rule's fix-regex applied to the item's lines in the worktree (at each
 * occurrence of a grouped item): the deterministic fixer, preferred over the
 * executor where a rule carries one.
 */
#include "execute/execute_int.h"

#include "backlog/item.h"
#include "rules/rules.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* The bytes of lines [first, last] (1-based; 0: the whole file) as [*from, *to). */
static void line_span(const struct tg_buf *b, int first, int last, size_t *from, size_t *to)
{
	size_t i;
	int line = 1;

	*from = 0;
	*to = b->len;
	if (first <= 0)
		return;
	if (last < first)
		last = first;
	for (i = 0; i < b->len && line < first; i++)
		line += b->buf[i] == '\n';
	*from = i;
	for (; i < b->len; i++)
		if (b->buf[i] == '\n' && ++line > last)
			break;
	*to = i;
}

/* Lines of one file a fix rewrites. */
struct span {
	const char *path;
	int first, last;
};

/* By path, then bottom-up: a rewrite never moves the lines of a span still to do. */
static int by_path_down(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	int d = strcmp(x->path, y->path);

	return d ? d : (x->first < y->first) - (x->first > y->first);
}

/* The item's spans: each occurrence of a grouped item, else its own lines;
 * overlapping spans of one file are merged, so no line is rewritten twice. */
static size_t spans_of(const struct tg_item *it, struct span **out)
{
	struct span *v = tg_calloc(it->occurrences_nr + 1, sizeof(*v));
	size_t n = 0, m = 0;

	for (size_t i = 0; i < it->occurrences_nr; i++)
		if (it->occurrences[i].path)
			v[n++] = (struct span){it->occurrences[i].path,
			                       it->occurrences[i].start_line,
			                       it->occurrences[i].end_line};
	if (!n && it->path)
		v[n++] = (struct span){it->path, it->start_line, it->end_line};
	for (size_t i = 0; i < n; i++)
		if (v[i].last < v[i].first)
			v[i].last = v[i].first;
	qsort(v, n, sizeof(*v), by_path_down);
	for (size_t i = 0; i < n; i++) {
		if (m && !strcmp(v[m - 1].path, v[i].path) && v[i].last >= v[m - 1].first) {
			if (v[i].first < v[m - 1].first)
				v[m - 1].first = v[i].first;
			continue;
		}
		v[m++] = v[i];
	}
	*out = v;
	return m;
}

/* Rewrites lines [first, last] of text in place. */
static int fix_span(struct tg_buf *text, const struct tg_item *it, const struct span *sp,
                    const char *regex, const char *repl, int count)
{
	struct tg_buf out = TG_BUF_INIT;
	size_t from, to;
	int n;

	line_span(text, sp->first, sp->last, &from, &to);
	tg_buf_add(&out, text->buf, from);
	n = tg_rules_fix_apply(regex, repl, count, text->buf + from, to - from, &out);
	if (n < 0) {
		tg_buf_release(&out);
		return tg_error_prefix(TG_ERR_INPUT, "rule %s on %s:%d", it->rule_id, sp->path,
		                       sp->first);
	}
	if (n == 0) {
		tg_buf_release(&out);
		return tg_error_set(TG_ERR_NOTFOUND,
		                    "rule %s: its fix-regex does not rewrite what %s:%d holds",
		                    it->rule_id, sp->path, sp->first);
	}
	tg_buf_add(&out, text->buf + to, text->len - to);
	tg_buf_release(text);
	*text = out;
	return TG_OK;
}

/* A grouped item is fixed at every occurrence, in every file; one that will
 * not rewrite fails the attempt, whose worktree is then thrown away. */
int apply_fix(const char *tree, const struct tg_item *it, const char *regex, const char *repl,
              int count)
{
	struct tg_buf text = TG_BUF_INIT;
	struct span *sp;
	size_t n = spans_of(it, &sp), i = 0;
	int rc = n ? TG_OK : tg_error_set(TG_ERR_INPUT, "rule %s: no file to fix", it->rule_id);

	while (i < n && !rc) {
		size_t j = i;
		/* The path is repository content: beneath the worktree, no link followed. */
		tg_buf_reset(&text);
		if (tg_beneath_read_file(&text, tree, sp[i].path)) {
			rc = tg_error_prefix(TG_ERR_INPUT, "rule %s fix", it->rule_id);
			break;
		}
		for (; j < n && !strcmp(sp[j].path, sp[i].path) && !rc; j++)
			rc = fix_span(&text, it, &sp[j], regex, repl, count);
		if (!rc && (rc = tg_beneath_write_file(&text, tree, sp[i].path)))
			tg_error_prefix(rc, "rule %s fix", it->rule_id);
		i = j;
	}
	free(sp);
	tg_buf_release(&text);
	return rc;
}
