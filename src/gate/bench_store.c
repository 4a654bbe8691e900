/* Benchmark runs kept in the store (migration 5), for trends over time. */
#include "gate/bench.h"

#include "util/buf.h"
#include "util/error.h"

#include <sqlite3.h>

static int db_error(sqlite3 *db, const char *what)
{
	return tg_error_set(TG_ERR_RUN, "store: %s: %s", what, sqlite3_errmsg(db));
}

static int insert_result(sqlite3_stmt *st, sqlite3_int64 run, const struct tg_bench *b)
{
	struct tg_buf samples = TG_BUF_INIT;
	int rc;

	tg_buf_adds(&samples, "[");
	for (size_t i = 0; i < b->samples_nr; i++)
		tg_buf_addf(&samples, "%s%.17g", i ? "," : "", b->samples[i]);
	tg_buf_adds(&samples, "]");
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_text(st, 2, b->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, b->higher_is_better);
	sqlite3_bind_double(st, 5, b->median);
	sqlite3_bind_text(st, 6, samples.buf, (int)samples.len, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_DONE ? TG_OK : TG_ERR_RUN;
	tg_buf_release(&samples);
	return rc;
}

int tg_bench_record(sqlite3 *db, const struct tg_bench_set *s, const char *file, time_t at,
                    long long *run_id)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 run;
	int rc = TG_OK;

	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO bench_runs (recorded_at, kind, file) VALUES (?, ?, ?)",
	                       -1, &st, NULL))
		return db_error(db, "bench_runs");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)at);
	sqlite3_bind_text(st, 2, tg_bench_kind_name(s->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, file, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(db, "bench_runs");
	sqlite3_finalize(st);
	if (rc)
		return rc;
	run = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db,
	                       "INSERT INTO bench_results (run_id, name, unit, higher_is_better, "
	                       "median, samples) VALUES (?, ?, ?, ?, ?, ?)",
	                       -1, &st, NULL))
		return db_error(db, "bench_results");
	for (size_t i = 0; !rc && i < s->nr; i++)
		if (insert_result(st, run, &s->v[i]))
			rc = db_error(db, "bench_results");
	sqlite3_finalize(st);
	if (!rc && run_id)
		*run_id = (long long)run;
	return rc;
}
