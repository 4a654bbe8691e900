/*
 * A rule's fix-regex applied to the item's lines in the worktree: the
 * deterministic fixer, preferred over the executor where a rule carries one.
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

int apply_fix(const char *tree, const struct tg_item *it, const char *regex, const char *repl,
              int count)
{
	struct tg_buf text = TG_BUF_INIT, out = TG_BUF_INIT;
	int rc = TG_OK, n;
	size_t from, to;

	/* The item's path is repository content: beneath the worktree, no link followed. */
	if (tg_beneath_read_file(&text, tree, it->path)) {
		rc = tg_error_prefix(TG_ERR_INPUT, "rule %s fix", it->rule_id);
		goto done;
	}
	line_span(&text, it->start_line, it->end_line, &from, &to);
	tg_buf_add(&out, text.buf, from);
	n = tg_rules_fix_apply(regex, repl, count, text.buf + from, to - from, &out);
	if (n < 0) {
		rc = tg_error_prefix(TG_ERR_INPUT, "rule %s on %s:%d", it->rule_id, it->path,
		                     it->start_line);
		goto done;
	}
	if (n == 0) {
		rc = tg_error_set(TG_ERR_NOTFOUND,
		                  "rule %s: its fix-regex does not rewrite what %s:%d holds",
		                  it->rule_id, it->path, it->start_line);
		goto done;
	}
	tg_buf_add(&out, text.buf + to, text.len - to);
	rc = tg_beneath_write_file(&out, tree, it->path);
	if (rc)
		tg_error_prefix(rc, "rule %s fix", it->rule_id);
done:
	tg_buf_release(&text);
	tg_buf_release(&out);
	return rc;
}
