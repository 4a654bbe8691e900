/*
 * The one-line form of an item that discover's table and `backlog` print, so
 * both show the same columns, escaped the same way: the title, category and
 * path are repository text.
 */
#include "cmd/item_row.h"

void tg_cmd_item_row(struct tg_buf *out, const struct tg_item *it)
{
	tg_buf_addf(out, "%.8s %7.1f  %-8s ", it->fingerprint, it->scores.composite,
	            tg_severity_name(it->severity));
	tg_buf_add_printable_cell(out, it->category, 13); /* "vulnerability" */
	tg_buf_addch(out, ' ');
	tg_buf_add_printables(out, it->title);
	if (it->path) {
		tg_buf_adds(out, "  (");
		tg_buf_add_printables(out, it->path);
		tg_buf_addf(out, ":%d)", it->start_line);
	}
	if (it->context != TG_CONTEXT_CODE) /* a test, fixture, example, docs or vendored file */
		tg_buf_addf(out, "  [%s]", tg_context_name(it->context));
	if (it->not_rescanned)
		tg_buf_adds(out, "  [not rescanned]");
	tg_buf_addch(out, '\n');
}
