/* Benchmark runs kept in the store (migration 5), for trends over time. */
#include "gate/bench.h"

#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/strlist.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static int db_error(sqlite3 *db, const char *what)
{
	return tg_store_db_error(db, what);
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

/* A store can be committed to the repository: its columns may hold NULL whatever the schema. */
static enum tg_bench_kind kind_parse(const char *name)
{
	for (int k = TG_BENCH_PYTEST; name && k <= TG_BENCH_HYPERFINE; k++)
		if (!strcmp(name, tg_bench_kind_name((enum tg_bench_kind)k)))
			return (enum tg_bench_kind)k;
	return 0;
}

/* The samples column is our own JSON array of numbers: strtod walks it. */
static void samples_parse(struct tg_bench *b, const char *text)
{
	const char *p = text ? text : "";
	char *end;

	while (*p && *p != ']') {
		double v;
		p += strspn(p, "[, ");
		v = strtod(p, &end);
		if (end == p)
			break;
		TG_ALLOC_GROW(b->samples, b->samples_nr + 1, b->samples_alloc);
		b->samples[b->samples_nr++] = v;
		p = end;
	}
}

static int load_run(sqlite3 *db, sqlite3_int64 run, struct tg_bench_set *out)
{
	sqlite3_stmt *st = NULL;
	int step;

	if (sqlite3_prepare_v2(db,
	                       "SELECT name, unit, higher_is_better, median, samples "
	                       "FROM bench_results WHERE run_id = ? ORDER BY rowid",
	                       -1, &st, NULL))
		return db_error(db, "bench_results");
	sqlite3_bind_int64(st, 1, run);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		const char *unit = (const char *)sqlite3_column_text(st, 1);
		struct tg_bench *b;

		if (!name || !unit || !(unit = tg_bench_unit(unit)))
			continue; /* written by a newer terragon (or by hand): not ours to compare
			           */
		TG_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		b = &out->v[out->nr++];
		memset(b, 0, sizeof(*b));
		b->name = tg_strdup(name);
		b->unit = unit;
		b->higher_is_better = sqlite3_column_int(st, 2);
		b->median = sqlite3_column_double(st, 3);
		samples_parse(b, (const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? TG_OK : db_error(db, "bench_results");
}

int tg_bench_load_last(sqlite3 *db, const char *file, struct tg_bench_set *prev,
                       struct tg_bench_set *last, int *found)
{
	struct tg_bench_set *into[2] = {last, prev};
	sqlite3_stmt *st = NULL;
	int rc = TG_OK, n = 0, step;

	memset(prev, 0, sizeof(*prev));
	memset(last, 0, sizeof(*last));
	if (sqlite3_prepare_v2(db,
	                       "SELECT id, kind FROM bench_runs WHERE file = ? "
	                       "ORDER BY recorded_at DESC, id DESC LIMIT 2",
	                       -1, &st, NULL))
		return db_error(db, "bench_runs");
	sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		into[n]->kind = kind_parse((const char *)sqlite3_column_text(st, 1));
		rc = load_run(db, sqlite3_column_int64(st, 0), into[n]);
		n++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_error(db, "bench_runs");
	sqlite3_finalize(st);
	*found = rc ? 0 : n;
	if (rc) {
		tg_bench_set_release(prev);
		tg_bench_set_release(last);
	}
	return rc;
}

int tg_bench_recorded_files(sqlite3 *db, struct tg_strlist *files)
{
	sqlite3_stmt *st = NULL;
	int step;

	if (sqlite3_prepare_v2(db, "SELECT DISTINCT file FROM bench_runs ORDER BY file", -1, &st,
	                       NULL))
		return db_error(db, "bench_runs");
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0))
			tg_strlist_add(files, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? TG_OK : db_error(db, "bench_runs");
}
