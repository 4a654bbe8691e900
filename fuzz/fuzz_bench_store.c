// module: gate
/*
 * Benchmark runs read back from the store on arbitrary rows. A store can be
 * committed to the repository, so its rows, and even its schema, are input:
 * the tables are made from the store's migration without its NOT NULL
 * constraints, in memory. The input is NUL-separated fields, five per run
 * (kind, unit, samples, median, higher_is_better; "\xff" alone is NULL) for
 * two runs of one file; they are loaded, compared both ways, and listed.
 */
#include "gate/bench.h"

#include "store/store.h"
#include "util/strlist.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { FIELDS = 10 };

static sqlite3 *db;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (sqlite3_open(":memory:", &db))
		abort();
	for (size_t i = 0; i < tg_store_migrations_nr; i++) {
		char *sql = strdup(tg_store_migrations[i].sql), *p;

		while ((p = strstr(sql, " NOT NULL")))
			memmove(p, p + 9, strlen(p + 9) + 1);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL))
			abort();
		free(sql);
	}
	return 0;
}

static void bind(sqlite3_stmt *st, int col, const char *v)
{
	if (!v || !strcmp(v, "\xff"))
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_text(st, col, v, -1, SQLITE_STATIC);
}

static void insert(const char *const *f, int run)
{
	sqlite3_stmt *st;

	sqlite3_prepare_v2(
	        db, "INSERT INTO bench_runs (id, recorded_at, kind, file) VALUES (?, ?, ?, 'f')",
	        -1, &st, NULL);
	sqlite3_bind_int(st, 1, run);
	sqlite3_bind_int(st, 2, run);
	bind(st, 3, f[0]);
	sqlite3_step(st);
	sqlite3_finalize(st);
	sqlite3_prepare_v2(
	        db,
	        "INSERT INTO bench_results (run_id, name, unit, higher_is_better, median, "
	        "samples) VALUES (?, 'b', ?, ?, ?, ?)",
	        -1, &st, NULL);
	sqlite3_bind_int(st, 1, run);
	bind(st, 2, f[1]);
	bind(st, 3, f[4]);
	bind(st, 4, f[3]);
	bind(st, 5, f[2]);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	const char *f[FIELDS] = {NULL};
	struct tg_bench_set prev, last;
	struct tg_bench_report r;
	struct tg_strlist files = TG_STRLIST_INIT;
	size_t at = 0;
	int found = 0;

	memcpy(text, data, size);
	text[size] = '\0';
	for (int i = 0; i < FIELDS && at <= size; i++) {
		f[i] = text + at;
		at += strlen(text + at) + 1;
	}
	sqlite3_exec(db, "DELETE FROM bench_results; DELETE FROM bench_runs", NULL, NULL, NULL);
	insert(f, 1);
	insert(f + 5, 2);
	if (!tg_bench_load_last(db, "f", &prev, &last, &found)) {
		if (!tg_bench_compare(&prev, &last, 5, &r))
			tg_bench_report_release(&r);
		if (!tg_bench_compare(&last, &prev, 0, &r))
			tg_bench_report_release(&r);
		tg_bench_set_release(&prev);
		tg_bench_set_release(&last);
	}
	tg_bench_recorded_files(db, &files);
	tg_strlist_clear(&files);
	free(text);
	return 0;
}
