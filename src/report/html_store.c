/*
 * The HTML report from the store: what `terragon report --html` writes and
 * `terragon serve` answers at /, read and rendered the same way.
 */
#include "backlog/persist.h"
#include "report/html.h"

int tg_report_html_from_store(struct tg_buf *page, sqlite3 *db, struct tg_html_input *in)
{
	struct tg_backlog open, all;
	struct tg_run_series runs = {0};
	int rc;

	tg_backlog_init(&open);
	tg_backlog_init(&all);
	rc = tg_persist_load(db, &all, 0);
	if (!rc) {
		tg_backlog_release(&open);
		tg_backlog_open_copy(&all, &open);
		rc = tg_run_series_load(db, &all, &runs);
	}
	if (!rc) {
		in->open = &open;
		in->runs = &runs;
		tg_report_html(page, in);
		in->open = NULL;
		in->runs = NULL;
	}
	tg_run_series_release(&runs);
	tg_backlog_release(&open);
	tg_backlog_release(&all);
	return rc;
}
