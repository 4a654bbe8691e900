#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "gate/bench.h"
#include "store/store.h"
#include "util/strlist.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* The store's bench tables as a committed, hand-made store may hold them: no NOT NULL. */
static sqlite3 *loose_store(void)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	for (size_t i = 0; i < tg_store_migrations_nr; i++) {
		char *sql = strdup(tg_store_migrations[i].sql), *p;

		while ((p = strstr(sql, " NOT NULL")))
			memmove(p, p + 9, strlen(p + 9) + 1);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		free(sql);
	}
	return db;
}

/* fuzz_bench_store found these: a NULL kind, unit, name or file crashed in strcmp. */
static void test_stored_runs_with_null_columns_are_read_without_them(void **state)
{
	sqlite3 *db = loose_store();
	struct tg_bench_set prev, last;
	struct tg_strlist files = TG_STRLIST_INIT;
	int found = -1;

	(void)state;
	assert_int_equal(
	        sqlite3_exec(
	                db,
	                "INSERT INTO bench_runs (id, recorded_at, kind, file) VALUES"
	                " (1, 1, NULL, 'b.json'), (2, 2, 'hyperfine', 'b.json'), (3, 3, 'x', NULL);"
	                "INSERT INTO bench_results (run_id, name, unit, higher_is_better, median,"
	                " samples) VALUES (1, 'a', NULL, 0, 1, '[1]'), (1, NULL, 's', 0, 1, '[1]'),"
	                " (2, 'a', 's', NULL, NULL, NULL), (2, 'b', 's', 0, 2, '[2,3]')",
	                NULL, NULL, NULL),
	        SQLITE_OK);
	assert_int_equal(tg_bench_load_last(db, "b.json", &prev, &last, &found), 0);
	assert_int_equal(found, 2);
	assert_int_equal(prev.kind, 0);
	assert_int_equal(prev.nr, 0);
	assert_int_equal(last.kind, TG_BENCH_HYPERFINE);
	assert_int_equal(last.nr, 2);
	assert_int_equal(last.v[0].samples_nr, 0);
	assert_int_equal(last.v[1].samples_nr, 2);
	tg_bench_set_release(&prev);
	tg_bench_set_release(&last);
	assert_int_equal(tg_bench_recorded_files(db, &files), 0);
	assert_int_equal(files.nr, 1);
	assert_string_equal(files.v[0], "b.json");
	tg_strlist_clear(&files);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_stored_runs_with_null_columns_are_read_without_them),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
