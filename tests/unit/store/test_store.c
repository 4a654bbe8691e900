#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"

#include "testlib.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmp;

static int setup(void **state)
{
	tmp = tl_tmpdir();
	unsetenv("TERRAGON_STORE_BUSY_MS");
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(tmp);
	tmp = NULL;
	return 0;
}

static char *path_in(const char *name)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_addf(&b, "%s/%s", tmp, name);
	return tg_buf_detach(&b, NULL);
}

static uint64_t file_hash(const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	uint64_t h;

	assert_int_equal(tg_buf_read_file(&b, path), TG_OK);
	h = tg_hash64(b.buf, b.len) ^ b.len;
	tg_buf_release(&b);
	return h;
}

static int exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static int query_int(struct tg_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int v;

	assert_int_equal(sqlite3_prepare_v2(tg_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" not in \"%s\"", needle, hay);
}

static void test_migrate_new_and_reopen(void **state)
{
	char *path = path_in(".terragon/terragon.db");
	struct tg_store *st;
	sqlite3_stmt *s;
	int64_t id;

	assert_true(tg_store_schema_latest() >= 1);
	assert_int_equal(tg_store_open(&st, path, TG_STORE_CREATE), TG_OK);
	assert_true(exists(path)); /* .terragon/ was created */
	assert_int_equal(tg_store_schema_version(st), tg_store_schema_latest());
	assert_int_equal(query_int(st, "PRAGMA user_version"), tg_store_schema_latest());
	assert_int_equal(query_int(st, "SELECT count(*) FROM runs"), 0);
	assert_int_equal(query_int(st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(sqlite3_prepare_v2(tg_store_db(st), "PRAGMA journal_mode", -1, &s, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	assert_int_equal(tg_store_run_begin(st, "discover", 1000, &id), TG_OK);
	tg_store_close(st);

	/* Re-opening applies nothing: the row is still there, the version unchanged. */
	assert_int_equal(tg_store_open(&st, path, 0), TG_OK);
	assert_int_equal(tg_store_schema_version(st), tg_store_schema_latest());
	assert_int_equal(query_int(st, "SELECT count(*) FROM runs"), 1);
	tg_store_close(st);
	free(path);
}

static void test_older_version_migrated(void **state)
{
	char *path = path_in("old.db");
	struct tg_store *st;

	/* A file at version 0 with data of its own: migrations run, data stays. */
	raw_exec(path, "CREATE TABLE keep(x); INSERT INTO keep VALUES (42);");
	assert_int_equal(tg_store_open(&st, path, 0), TG_OK);
	assert_int_equal(query_int(st, "SELECT x FROM keep"), 42);
	assert_int_equal(query_int(st, "SELECT count(*) FROM runs"), 0);
	assert_int_equal(tg_store_schema_version(st), tg_store_schema_latest());
	tg_store_close(st);
	free(path);
}

static void test_newer_version_refused(void **state)
{
	char *path = path_in("new.db");
	char sql[64];
	struct tg_store *st = NULL;
	uint64_t before;

	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", tg_store_schema_latest() + 1);
	raw_exec(path, sql);
	before = file_hash(path);
	assert_int_equal(tg_store_open(&st, path, 0), TG_ERR_RUN);
	assert_null(st);
	assert_contains(tg_error_message(), path);
	assert_contains(tg_error_message(), "newer than this terragon knows");
	assert_int_equal(file_hash(path), before);
	free(path);
}

static void test_missing_without_create(void **state)
{
	char *path = path_in("none.db");
	struct tg_store *st;

	assert_int_equal(tg_store_open(&st, path, 0), TG_ERR_NOTFOUND);
	assert_int_equal(tg_store_open(&st, path, TG_STORE_READONLY), TG_ERR_NOTFOUND);
	assert_false(exists(path));
	free(path);
}

static void test_busy_wait_then_fails(void **state)
{
	char *path = path_in("busy.db");
	struct tg_store *a, *b;
	int64_t id;

	assert_int_equal(tg_store_open(&a, path, TG_STORE_CREATE), TG_OK);
	assert_int_equal(tg_store_open_busy(&b, path, 0, 200), TG_OK);
	assert_int_equal(tg_store_begin(a), TG_OK);
	assert_int_equal(tg_store_run_begin(a, "discover", 1, &id), TG_OK);

	assert_int_equal(tg_store_begin(b), TG_ERR_RUN);
	assert_contains(tg_error_message(), "is locked by another terragon run; waited 0.2 s");
	assert_contains(tg_error_message(), path);
	/* A write outside an explicit transaction waits and fails the same way. */
	assert_int_equal(tg_store_run_begin(b, "discover", 2, &id), TG_ERR_RUN);
	assert_contains(tg_error_message(), "locked by another terragon run");

	assert_int_equal(tg_store_commit(a), TG_OK);
	assert_int_equal(tg_store_begin(b), TG_OK);
	assert_int_equal(query_int(b, "SELECT count(*) FROM runs"), 1);
	tg_store_rollback(b);
	tg_store_close(b);

	/* The environment may shorten the default wait. */
	setenv("TERRAGON_STORE_BUSY_MS", "100", 1);
	assert_int_equal(tg_store_open(&b, path, 0), TG_OK);
	unsetenv("TERRAGON_STORE_BUSY_MS");
	assert_int_equal(tg_store_begin(a), TG_OK);
	assert_int_equal(tg_store_begin(b), TG_ERR_RUN);
	assert_contains(tg_error_message(), "waited 0.1 s");
	tg_store_rollback(a);
	tg_store_close(b);
	tg_store_close(a);
	free(path);
}

static void write_bytes(const char *path, off_t at, const void *data, size_t n, int trunc)
{
	int fd = open(path, O_WRONLY | O_CREAT | (trunc ? O_TRUNC : 0), 0644);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, data, n, at), (ssize_t)n);
	close(fd);
}

static void assert_refused_untouched(const char *path)
{
	struct tg_store *st = NULL;
	uint64_t before = file_hash(path);
	char *wal = tg_malloc(strlen(path) + 5);
	int i;

	sprintf(wal, "%s-wal", path);
	for (i = 0; i < 2; i++) {
		int flags = i ? TG_STORE_READONLY : TG_STORE_CREATE;
		int rc = tg_store_open(&st, path, flags);
		/* A reader may open a damaged file; the integrity check then fails. */
		if (rc == TG_OK && (flags & TG_STORE_READONLY)) {
			rc = tg_store_integrity(st, NULL);
			tg_store_close(st);
			st = NULL;
		}
		assert_int_equal(rc, TG_ERR_RUN);
		assert_null(st);
		assert_contains(tg_error_message(), path);
		assert_contains(tg_error_message(), "corrupted");
		assert_contains(tg_error_message(), "Move it aside and run again");
		assert_contains(tg_error_message(), "terragon store export");
		assert_int_equal(file_hash(path), before);
		assert_false(exists(wal));
	}
	free(wal);
}

static void test_corrupt_not_a_database(void **state)
{
	char *path = path_in("garbage.db");
	char junk[8192];
	size_t i;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i * 131 + 7);
	write_bytes(path, 0, junk, sizeof(junk), 1);
	assert_refused_untouched(path);
	/* shorter than a header */
	write_bytes(path, 0, "SQLite", 6, 1);
	assert_refused_untouched(path);
	free(path);
}

static void test_corrupt_damaged_page(void **state)
{
	char *path = path_in("damaged.db");
	struct tg_store *st;
	char junk[1024];
	int64_t id;
	int i, page;

	assert_int_equal(tg_store_open(&st, path, TG_STORE_CREATE), TG_OK);
	assert_int_equal(tg_store_begin(st), TG_OK);
	for (i = 0; i < 500; i++) {
		assert_int_equal(tg_store_run_begin(st, "discover", i, &id), TG_OK);
		assert_int_equal(
		        tg_store_run_finish(st, id, i + 1, "ok",
		                            "{\"items\": 1234567890, \"pad\": \"xxxxxxxx\"}"),
		        TG_OK);
	}
	assert_int_equal(tg_store_commit(st), TG_OK);
	page = query_int(st, "PRAGMA page_size");
	assert_true(query_int(st, "PRAGMA page_count") > 4);
	tg_store_close(st); /* checkpoints: everything is in the main file now */

	memset(junk, 0xA5, sizeof(junk));
	write_bytes(path, (off_t)page * 2, junk, sizeof(junk), 0);
	assert_refused_untouched(path);
	free(path);
}

static void test_unwritable_paths(void **state)
{
	char *dir = path_in("adir");
	char *file = path_in("afile");
	char *under_file = path_in("afile/.terragon/terragon.db");
	char *ro = path_in("ro/.terragon/terragon.db");
	char *rodir = path_in("ro");
	struct tg_store *st;

	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(tg_store_open(&st, dir, TG_STORE_CREATE), TG_ERR_RUN);
	assert_contains(tg_error_message(), dir);
	assert_contains(tg_error_message(), "is a directory");

	write_bytes(file, 0, "x", 1, 1);
	assert_int_equal(tg_store_open(&st, under_file, TG_STORE_CREATE), TG_ERR_RUN);
	assert_contains(tg_error_message(), under_file);
	assert_contains(tg_error_message(), "not a directory");

	/* Permissions do not bind root; the checks above do. */
	assert_int_equal(mkdir(rodir, 0555), 0);
	if (geteuid() != 0) {
		assert_int_equal(tg_store_open(&st, ro, TG_STORE_CREATE), TG_ERR_RUN);
		assert_contains(tg_error_message(), ro);
	}
	free(dir);
	free(file);
	free(under_file);
	free(ro);
	free(rodir);
}

static void test_runs(void **state)
{
	char *path = path_in("runs.db");
	struct tg_store *st;
	struct tg_store_run *runs;
	size_t nr;
	int64_t a, b;

	assert_int_equal(tg_store_open(&st, path, TG_STORE_CREATE), TG_OK);
	assert_int_equal(tg_store_run_begin(st, "discover", 100, &a), TG_OK);
	assert_int_equal(tg_store_run_finish(st, a, 160, "ok", "{\"items\":3}"), TG_OK);
	assert_int_equal(tg_store_run_begin(st, "execute", 200, &b), TG_OK);
	assert_int_equal(tg_store_run_finish(st, b, 205, "running", NULL), TG_ERR_INPUT);
	assert_int_equal(tg_store_run_finish(st, b + 100, 205, "ok", NULL), TG_ERR_NOTFOUND);

	assert_int_equal(tg_store_runs_list(st, 0, &runs, &nr), TG_OK);
	assert_int_equal(nr, 2);
	assert_int_equal(runs[0].id, b);
	assert_string_equal(runs[0].command, "execute");
	assert_string_equal(runs[0].status, "running");
	assert_int_equal(runs[0].finished_at, 0);
	assert_null(runs[0].summary);
	assert_int_equal(runs[1].id, a);
	assert_int_equal(runs[1].started_at, 100);
	assert_int_equal(runs[1].finished_at, 160);
	assert_string_equal(runs[1].status, "ok");
	assert_string_equal(runs[1].summary, "{\"items\":3}");
	tg_store_runs_free(runs, nr);

	assert_int_equal(tg_store_runs_list(st, 1, &runs, &nr), TG_OK);
	assert_int_equal(nr, 1);
	assert_int_equal(runs[0].id, b);
	tg_store_runs_free(runs, nr);

	/* A rolled-back transaction leaves no run behind. */
	assert_int_equal(tg_store_begin(st), TG_OK);
	assert_int_equal(tg_store_run_begin(st, "discover", 300, &a), TG_OK);
	tg_store_rollback(st);
	assert_int_equal(query_int(st, "SELECT count(*) FROM runs"), 2);
	tg_store_close(st);
	free(path);
}

static void test_readonly_and_integrity(void **state)
{
	char *path = path_in("ro.db");
	struct tg_store *st;
	struct tg_buf problems = TG_BUF_INIT;
	int64_t id;

	assert_int_equal(tg_store_open(&st, path, TG_STORE_CREATE), TG_OK);
	tg_store_close(st);
	assert_int_equal(tg_store_open(&st, path, TG_STORE_READONLY), TG_OK);
	assert_int_equal(tg_store_integrity(st, &problems), TG_OK);
	assert_int_equal(problems.len, 0);
	assert_int_equal(tg_store_begin(st), TG_ERR_RUN);
	assert_int_equal(tg_store_run_begin(st, "x", 1, &id), TG_ERR_RUN);
	assert_int_not_equal(sqlite3_exec(tg_store_db(st),
	                                  "INSERT INTO runs(command, started_at) "
	                                  "VALUES ('x', 1)",
	                                  NULL, NULL, NULL),
	                     SQLITE_OK);
	tg_store_close(st);
	/* Reading leaves nothing behind: no -wal or -shm files. */
	tg_buf_addf(&problems, "%s-wal", path);
	assert_false(exists(problems.buf));
	tg_buf_reset(&problems);
	tg_buf_addf(&problems, "%s-shm", path);
	assert_false(exists(problems.buf));
	tg_buf_release(&problems);
	free(path);
}

static void test_empty_file_is_new_store(void **state)
{
	char *path = path_in("empty.db");
	struct tg_store *st;

	write_bytes(path, 0, "", 0, 1);
	assert_int_equal(tg_store_open(&st, path, 0), TG_OK);
	assert_int_equal(tg_store_schema_version(st), tg_store_schema_latest());
	tg_store_close(st);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_migrate_new_and_reopen, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_older_version_migrated, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_newer_version_refused, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_missing_without_create, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_busy_wait_then_fails, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_corrupt_not_a_database, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_corrupt_damaged_page, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_unwritable_paths, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_runs, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_readonly_and_integrity, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_empty_file_is_new_store, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
