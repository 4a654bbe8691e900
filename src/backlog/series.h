#ifndef TG_SERIES_H
#define TG_SERIES_H

/*
 * The backlog after each discover run, replayed from the store's state
 * changes (item_events): how many items were open, their remediation
 * minutes (each item's latest observation) and how many were
 * vulnerabilities. For the report's trends and `terragon predict`.
 */

#include "backlog/backlog.h"

#include "store/sql.h"

#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

struct tg_run_point {
	int64_t run_id;
	time_t at;
	double open, debt_minutes, vulnerabilities;
	double opened, resolved; /* items opened (or reopened) and resolved by this run */
};

struct tg_run_series {
	struct tg_run_point *v;
	size_t nr, alloc;
};

/* all: every stored item (tg_persist_load with only_open 0). Runs oldest first. */
int tg_run_series_load(struct tg_sql *db, const struct tg_backlog *all, struct tg_run_series *out);
/*
 * What the report and the forecasts read: every stored item into all, its
 * open ones into open (both initialised by the caller), and the runs' series
 * replayed from them into runs. TG_OK or the store's error.
 */
int tg_run_series_load_items(struct tg_sql *db, struct tg_backlog *all, struct tg_backlog *open,
                             struct tg_run_series *runs);
void tg_run_series_release(struct tg_run_series *s);

/* The open and in-progress items of all, copied into open (initialised here) and
 * sorted as tg_persist_load(..., 1) would: one load of the store serves both. */
void tg_backlog_open_copy(const struct tg_backlog *all, struct tg_backlog *open);

#endif
