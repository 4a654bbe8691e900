#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/persist.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>

#include <string.h>

/* A real store in a fresh temporary directory, with every migration applied. */
static struct tg_store *stores[8];
static char *dirs[8];
static int nstores;

static sqlite3 *open_db(void)
{
	struct tg_buf db = TG_BUF_INIT;
	struct tg_store *st;

	assert_true(nstores < 8);
	dirs[nstores] = tl_tmpdir();
	tg_buf_addf(&db, "%s/t.db", dirs[nstores]);
	assert_int_equal(tg_store_open(&st, db.buf, TG_STORE_CREATE), TG_OK);
	tg_buf_release(&db);
	stores[nstores++] = st;
	return tg_store_db(st);
}

/* The SQL layer over the store whose connection db is. */
static struct tg_sql *sql(sqlite3 *db)
{
	int i;

	for (i = 0; i < nstores; i++)
		if (tg_store_db(stores[i]) == db)
			return tg_store_sql(stores[i]);
	fail();
	return NULL;
}

static void close_dbs(void)
{
	while (nstores) {
		tg_store_close(stores[--nstores]);
		tl_rmtree(dirs[nstores]);
	}
}

static void add(struct tg_backlog *b, const char *source, const char *path, const char *fn)
{
	struct tg_item it;

	tg_item_init(&it);
	tg_fingerprint_metric(it.fingerprint, "complex-function", path, fn);
	it.source = tg_strdup(source);
	it.path = tg_strdup(path);
	it.category = tg_strdup("complexity");
	it.title = tg_strdup(fn);
	tg_backlog_add(b, &it);
}

/* One run: items (source, path, fn) triples; the source covers `cover` or fails. */
static void run(sqlite3 *db, int64_t id, time_t now, const char *const *items, size_t n,
                const char *cover, int ok, size_t *resolved)
{
	struct tg_backlog b;
	struct tg_run_summary s;
	struct tg_source_run *r;
	size_t i;

	tg_backlog_init(&b);
	memset(&s, 0, sizeof(s));
	s.run_id = id;
	r = tg_run_summary_add_source(&s, "scanner");
	r->ok = ok;
	tg_strlist_add(&r->covered, cover);
	for (i = 0; i < n; i++)
		add(&b, "scanner", items[2 * i], items[2 * i + 1]);
	assert_int_equal(tg_persist_merge(db, &b, &s, now), TG_OK);
	*resolved = s.resolved_nr;
	tg_run_summary_release(&s);
	tg_backlog_release(&b);
}

static int count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int n;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_resolve_and_reopen(void **state)
{
	sqlite3 *db = open_db();
	const char *both[] = {"src/a.c", "f", "lib/b.c", "g"};
	const char *one[] = {"src/a.c", "f"};
	size_t resolved;

	run(db, 1, 1000, both, 2, "", 1, &resolved);
	assert_int_equal(count(db, "SELECT count(*) FROM items WHERE status='open'"), 2);
	/* a run over src/ only cannot resolve lib/b.c */
	run(db, 2, 2000, one, 1, "src", 1, &resolved);
	assert_int_equal(resolved, 0);
	/* a failed source resolves nothing */
	run(db, 3, 3000, one, 1, "", 0, &resolved);
	assert_int_equal(resolved, 0);
	/* a complete run resolves it */
	run(db, 4, 4000, one, 1, "", 1, &resolved);
	assert_int_equal(resolved, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM items WHERE status='resolved' AND "
	                           "resolved_at=4000"),
	                 1);
	/* it comes back: reopened, first_seen kept */
	run(db, 5, 5000, both, 2, "", 1, &resolved);
	assert_int_equal(count(db, "SELECT count(*) FROM items WHERE status='open' AND "
	                           "first_seen=1000"),
	                 2);
	assert_int_equal(count(db, "SELECT count(*) FROM item_events WHERE event='reopened'"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM item_events"), 4);
	close_dbs();
}

/* Seen again unchanged: only last_seen and last_run move; a changed observation
 * rewrites the stored JSON. Many items, so the merge's ordered walk is exercised. */
static void test_seen_again(void **state)
{
	sqlite3 *db = open_db();
	static char names[2 * 60][16];
	const char *items[2 * 60];
	struct tg_backlog b;
	size_t resolved, i;

	for (i = 0; i < 60; i++) {
		snprintf(names[2 * i], sizeof(names[0]), "d%zu/f.c", i % 7);
		snprintf(names[2 * i + 1], sizeof(names[0]), "fn%zu", i);
		items[2 * i] = names[2 * i];
		items[2 * i + 1] = names[2 * i + 1];
	}
	run(db, 1, 1000, items, 60, "", 1, &resolved);
	run(db, 2, 2000, items, 60, "", 1, &resolved);
	assert_int_equal(resolved, 0);
	assert_int_equal(count(db, "SELECT count(*) FROM items WHERE status='open' AND "
	                           "first_seen=1000 AND last_seen=2000 AND last_run=2"),
	                 60);
	assert_int_equal(count(db, "SELECT count(*) FROM item_events"), 60);
	/* fewer items: the rest resolved, from the small row */
	run(db, 3, 3000, items + 20, 50, "", 1, &resolved);
	assert_int_equal(resolved, 10);
	assert_int_equal(count(db, "SELECT count(*) FROM items WHERE status='resolved' AND "
	                           "resolved_at=3000 AND last_seen=2000"),
	                 10);
	/* a changed observation (the title) is stored */
	tg_backlog_init(&b);
	add(&b, "scanner", "d0/f.c", "fn0");
	free(b.items[0].title);
	b.items[0].title = tg_strdup("changed");
	{
		struct tg_run_summary s;
		struct tg_source_run *r;
		memset(&s, 0, sizeof(s));
		s.run_id = 4;
		r = tg_run_summary_add_source(&s, "scanner");
		r->ok = 1;
		tg_strlist_add(&r->covered, "d0");
		assert_int_equal(tg_persist_merge(db, &b, &s, 4000), TG_OK);
		tg_run_summary_release(&s);
	}
	tg_backlog_release(&b);
	assert_int_equal(count(db, "SELECT count(*) FROM item_json WHERE json LIKE "
	                           "'%\"title\":\"changed\"%'"),
	                 1);
	assert_int_equal(count(db, "SELECT count(*) FROM items WHERE status='open' AND "
	                           "last_seen=4000 AND first_seen=1000"),
	                 1);
	close_dbs();
}

static void test_load_roundtrip(void **state)
{
	sqlite3 *db = open_db();
	const char *one[] = {"src/a.c", "f"};
	struct tg_backlog b;
	size_t resolved;

	run(db, 1, 1000, one, 1, "", 1, &resolved);
	tg_backlog_init(&b);
	assert_int_equal(tg_persist_load(sql(db), &b, 1), TG_OK);
	assert_int_equal(b.nr, 1);
	assert_string_equal(b.items[0].path, "src/a.c");
	assert_string_equal(b.items[0].title, "f");
	assert_int_equal(b.items[0].first_seen, 1000);
	tg_backlog_release(&b);
	close_dbs();
}

static void test_export_import(void **state)
{
	sqlite3 *a = open_db(), *b = open_db();
	const char *both[] = {"src/a.c", "f", "lib/b.c", "g"};
	const char *one[] = {"src/a.c", "f"};
	struct tg_buf out = TG_BUF_INIT, again = TG_BUF_INIT;
	size_t resolved;

	assert_int_equal(sqlite3_exec(a,
	                              "INSERT INTO runs VALUES (1,'discover',1000,1001,'ok',NULL),"
	                              "(2,'discover',2000,2001,'ok',NULL)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	run(a, 1, 1000, both, 2, "", 1, &resolved);
	run(a, 2, 2000, one, 1, "", 1, &resolved);
	assert_int_equal(tg_persist_export(a, &out), TG_OK);
	assert_int_equal(tg_persist_import(b, "x.ndjson", out.buf, out.len), TG_OK);
	/* importing twice changes nothing */
	assert_int_equal(tg_persist_import(b, "x.ndjson", out.buf, out.len), TG_OK);
	assert_int_equal(count(b, "SELECT count(*) FROM runs"), 2);
	assert_int_equal(count(b, "SELECT count(*) FROM item_events"), 3);
	assert_int_equal(count(b, "SELECT count(*) FROM items WHERE status='resolved'"), 1);
	assert_int_equal(tg_persist_export(b, &again), TG_OK);
	assert_string_equal(out.buf, again.buf);
	/* a bad line names the file and the line */
	assert_int_equal(tg_persist_import(b, "bad.ndjson",
	                                   "{\"type\": \"terragon-store-export\", "
	                                   "\"version\": 1}\n{oops\n",
	                                   60),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "bad.ndjson:2:"));
	assert_int_equal(tg_persist_import(b, "v.ndjson",
	                                   "{\"type\": \"terragon-store-export\", "
	                                   "\"version\": 9}\n",
	                                   55),
	                 TG_ERR_INPUT);
	tg_buf_release(&out);
	tg_buf_release(&again);
	close_dbs();
}

/* Run 2 finds nothing, its source ran to the end, but did not read `unread`. */
static void run_unread(sqlite3 *db, const char *unread, struct tg_backlog *b,
                       struct tg_run_summary *s)
{
	struct tg_source_run *r;

	tg_backlog_init(b);
	memset(s, 0, sizeof(*s));
	s->run_id = 2;
	r = tg_run_summary_add_source(s, "scanner");
	r->ok = 1;
	tg_strlist_add(&r->covered, "");
	tg_source_run_not_read(r, unread, "too-large 3000000 bytes > limit 2097152");
	assert_int_equal(tg_persist_merge(db, b, s, 2000), TG_OK);
}

static void test_unread_file_keeps_its_items_open(void **state)
{
	sqlite3 *db = open_db();
	const char *two[] = {"src/a.c", "f", "lib/b.c", "g"};
	struct tg_backlog b;
	struct tg_run_summary s;
	size_t resolved;

	run(db, 1, 1000, two, 2, "", 1, &resolved);
	run_unread(db, "src/a.c", &b, &s);
	/* lib/b.c was read and is gone; src/a.c was not read: its item stays */
	assert_int_equal(s.resolved_nr, 1);
	assert_string_equal(s.resolved[0].path, "lib/b.c");
	assert_int_equal(b.nr, 1);
	assert_string_equal(b.items[0].path, "src/a.c");
	assert_int_equal(b.items[0].status, TG_STATUS_OPEN);
	assert_int_equal(b.items[0].first_seen, 1000);
	assert_string_equal(b.items[0].not_rescanned, "too-large 3000000 bytes > limit 2097152");
	assert_int_equal(s.not_rescanned.nr, 1);
	assert_string_equal(s.not_rescanned.v[0],
	                    "src/a.c: too-large 3000000 bytes > limit 2097152");
	assert_int_equal(count(db, "SELECT count(*) FROM items WHERE status = 'open'"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM item_events WHERE event = "
	                           "'not-rescanned'"),
	                 1);
	tg_run_summary_release(&s);
	tg_backlog_release(&b);
	/* the store's row carries the mark, for backlog and explain */
	tg_backlog_init(&b);
	assert_int_equal(tg_persist_load(sql(db), &b, 1), TG_OK);
	assert_int_equal(b.nr, 1);
	assert_non_null(b.items[0].not_rescanned);
	tg_backlog_release(&b);
	/* an unreadable directory keeps what is under it too */
	run_unread(db, "src/", &b, &s);
	assert_int_equal(s.resolved_nr, 0);
	assert_int_equal(b.nr, 1);
	tg_run_summary_release(&s);
	tg_backlog_release(&b);
	close_dbs();
}

static void test_new_is_what_the_store_did_not_hold(void **state)
{
	sqlite3 *db = open_db();
	const char *one[] = {"src/a.c", "f"};
	struct tg_backlog b;
	struct tg_run_summary s;
	int pass;

	/* the same second twice: the second run finds nothing new */
	for (pass = 0; pass < 2; pass++) {
		tg_backlog_init(&b);
		memset(&s, 0, sizeof(s));
		s.run_id = pass + 1;
		tg_strlist_add(&tg_run_summary_add_source(&s, "scanner")->covered, "");
		s.sources[0].ok = 1;
		add(&b, "scanner", one[0], one[1]);
		assert_int_equal(tg_persist_merge(db, &b, &s, 1000), TG_OK);
		assert_int_equal(s.new_nr, pass ? 0 : 1);
		tg_run_summary_release(&s);
		tg_backlog_release(&b);
	}
	close_dbs();
}

static void test_store_errors_name_the_file(void **state)
{
	sqlite3 *db = open_db();
	struct tg_backlog b;

	assert_int_equal(sqlite3_exec(db, "DROP TABLE item_json", NULL, NULL, NULL), SQLITE_OK);
	tg_backlog_init(&b);
	assert_int_not_equal(tg_persist_load(sql(db), &b, 1), TG_OK);
	assert_non_null(strstr(tg_error_message(), "/t.db: reading items: no such table"));
	tg_backlog_release(&b);
	close_dbs();
}

static void test_unreadable_row_is_an_error_naming_it(void **state)
{
	sqlite3 *db = open_db();
	const char *one[] = {"src/a.c", "f"};
	struct tg_backlog b;
	size_t resolved;

	run(db, 1, 1000, one, 1, "", 1, &resolved);
	assert_int_equal(
	        sqlite3_exec(db, "UPDATE item_json SET json = '{\"oops'", NULL, NULL, NULL),
	        SQLITE_OK);
	tg_backlog_init(&b);
	assert_int_equal(tg_persist_load(sql(db), &b, 1), TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "item_json row "));
	assert_non_null(strstr(tg_error_message(), "cannot be read"));
	tg_backlog_release(&b);
	close_dbs();
}

struct visit {
	struct tg_strlist fps;
	int stop_after; /* 0: never */
};

static int visit(struct tg_item *it, void *arg)
{
	struct visit *v = arg;

	tg_strlist_add(&v->fps, it->fingerprint);
	assert_non_null(it->title); /* loaded whole, as tg_persist_load loads it */
	tg_item_release(it);
	if (v->stop_after && v->fps.nr == (size_t)v->stop_after)
		return tg_error_set(TG_ERR_RUN, "stop here");
	return TG_OK;
}

/* serve's reads: each open item once, one item by fingerprint, every fingerprint sorted. */
static void test_persist_serve_reads_one_at_a_time(void **state)
{
	sqlite3 *db = open_db();
	const char *three[] = {"src/a.c", "f", "src/b.c", "g", "src/c.c", "h"};
	struct visit v = {TG_STRLIST_INIT, 0};
	char(*fps)[17] = NULL;
	struct tg_backlog b;
	struct tg_item it;
	size_t resolved, nr, i, found;

	run(db, 1, 1000, three, 3, "", 1, &resolved);
	run(db, 2, 2000, three, 2, "", 1, &resolved); /* src/c.c's item resolved */
	assert_int_equal(resolved, 1);
	tg_backlog_init(&b);
	assert_int_equal(tg_persist_load(sql(db), &b, 1), TG_OK);
	assert_int_equal(tg_persist_each_open(sql(db), visit, &v), TG_OK);
	assert_int_equal(v.fps.nr, b.nr);
	assert_int_equal(v.fps.nr, 2);
	for (i = 0; i < b.nr; i++) {
		for (found = 0; found < v.fps.nr; found++)
			if (!strcmp(v.fps.v[found], b.items[i].fingerprint))
				break;
		assert_true(found < v.fps.nr);
	}
	tg_strlist_clear(&v.fps);
	v.stop_after = 1; /* fn's status stops the scan and is returned */
	assert_int_equal(tg_persist_each_open(sql(db), visit, &v), TG_ERR_RUN);
	assert_int_equal(v.fps.nr, 1);
	tg_strlist_clear(&v.fps);

	assert_int_equal(tg_persist_fingerprints(sql(db), &fps, &nr), TG_OK);
	assert_int_equal(nr, 3);
	assert_true(strcmp(fps[0], fps[1]) < 0 && strcmp(fps[1], fps[2]) < 0);
	for (i = 0; i < nr; i++) { /* the resolved one too, with its status */
		assert_int_equal(tg_persist_load_one(sql(db), fps[i], &it), TG_OK);
		assert_string_equal(it.fingerprint, fps[i]);
		if (!strcmp(it.path, "src/c.c"))
			assert_int_equal(it.status, TG_STATUS_RESOLVED);
		else
			assert_int_equal(it.status, TG_STATUS_OPEN);
		tg_item_release(&it);
	}
	assert_int_equal(tg_persist_load_one(sql(db), "0000000000000000", &it), TG_ERR_NOTFOUND);
	assert_non_null(strstr(tg_error_message(), "no item 0000000000000000"));
	free(fps);
	tg_backlog_release(&b);
	close_dbs();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_resolve_and_reopen),
	        cmocka_unit_test(test_seen_again),
	        cmocka_unit_test(test_load_roundtrip),
	        cmocka_unit_test(test_export_import),
	        cmocka_unit_test(test_unread_file_keeps_its_items_open),
	        cmocka_unit_test(test_new_is_what_the_store_did_not_hold),
	        cmocka_unit_test(test_store_errors_name_the_file),
	        cmocka_unit_test(test_unreadable_row_is_an_error_naming_it),
	        cmocka_unit_test(test_persist_serve_reads_one_at_a_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
