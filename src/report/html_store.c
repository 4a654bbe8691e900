/*
 * The HTML report from the store: what `terragon report --html` writes and
 * `terragon serve` answers at /, read and rendered the same way.
 */
#include "backlog/persist.h"
#include "observe/observe.h"
#include "observe/slo.h"
#include "report/html.h"
#include "util/error.h"
#include "util/log.h"

int tg_report_html_from_store(struct tg_buf *page, struct tg_sql *db, struct tg_html_input *in)
{
	struct tg_backlog open, all;
	struct tg_run_series runs = {0};
	int rc;

	tg_backlog_init(&open);
	tg_backlog_init(&all);
	rc = tg_run_series_load_items(db, &all, &open, &runs);
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

size_t tg_report_slo_load(struct tg_sql *db, const struct tg_slo *slos, size_t slos_nr, time_t now,
                          struct tg_slo_result *res, size_t max)
{
	struct tg_observe o = {0};
	size_t i, nr = slos_nr < max ? slos_nr : max;

	if (tg_observe_load(db, now, NULL, &o)) {
		tg_warn("report: no SLO status: %s", tg_error_message());
		tg_error_clear();
		nr = 0;
	}
	for (i = 0; i < nr; i++)
		tg_slo_evaluate(&o, &slos[i], &res[i]);
	tg_observe_release(&o);
	return nr;
}
