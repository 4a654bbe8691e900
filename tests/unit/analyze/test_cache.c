#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "analyze/cache.h"

#include "util/buf.h"
#include "version.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;
static char file[4200];

static const unsigned char oid_a[20] = {1, 2, 3};
static const unsigned char oid_b[20] = {9, 9, 9};

static int setup(void **state)
{
	(void)state;
	dir = tl_tmpdir();
	/* a directory that does not exist yet: save creates it */
	snprintf(file, sizeof(file), "%s/sub/dir/count.bin", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tl_rmtree(dir);
	dir = NULL;
	return 0;
}

/* Saves two files' results: a.c (tracked, with a blob id) and b.py (untracked). */
static void save_two(uint64_t settings)
{
	struct tg_count_cache *c;
	struct tg_count_key a = {"a.c", 10, 1000, 7, oid_a, 0, 0},
	                    b = {"d/b.py", 20, 2000, 8, NULL, 0, 0};
	struct tg_count_result ra = {3, {6, 1, 2, 3, 4}, NULL, 0},
	                       rb = {-1, {0, 0, 0, 0, 0}, NULL, 0};

	unlink(file);
	c = tg_count_cache_open(file, settings, 2);
	assert_int_equal(tg_count_cache_size(c), 0);
	tg_count_cache_put(c, 0, &a, &ra);
	tg_count_cache_put(c, 1, &b, &rb);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
}

static void test_round_trip(void **state)
{
	struct tg_count_key a = {"a.c", 10, 1000, 7, oid_a, 0, 0},
	                    b = {"d/b.py", 20, 2000, 8, NULL, 0, 0};
	struct tg_count_result r;
	struct tg_count_cache *c;
	struct stat before, after;

	(void)state;
	save_two(42);
	c = tg_count_cache_open(file, 42, 1);
	assert_int_equal(tg_count_cache_size(c), 2);
	assert_int_equal(tg_count_cache_get(c, 0, &a, &r), 1);
	assert_int_equal(r.lang, 3);
	assert_int_equal(r.c.lines, 6);
	assert_int_equal(r.c.blank, 1);
	assert_int_equal(r.c.comment, 2);
	assert_int_equal(r.c.code, 3);
	assert_int_equal(r.c.complexity, 4);
	assert_int_equal(tg_count_cache_get(c, 0, &b, &r), 1);
	assert_int_equal(r.lang, -1);
	/* every file got unchanged, none put: saving leaves the file alone */
	assert_int_equal(stat(file, &before), 0);
	assert_int_equal(tg_count_cache_save(c), 0);
	assert_int_equal(stat(file, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	/* only a.c was seen in this run: d/b.py is dropped when saving */
	tg_count_cache_free(c);
	c = tg_count_cache_open(file, 42, 1);
	assert_int_equal(tg_count_cache_get(c, 0, &a, &r), 1);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	c = tg_count_cache_open(file, 42, 1);
	assert_int_equal(tg_count_cache_size(c), 1);
	assert_int_equal(tg_count_cache_get(c, 0, &b, &r), 0);
	tg_count_cache_free(c);
}

static void test_changed_stat_misses(void **state)
{
	struct tg_count_key b = {"d/b.py", 20, 2000, 8, NULL, 0, 0},
	                    a = {"a.c", 11, 5, 7, oid_a, 0, 0};
	struct tg_count_result r;
	struct tg_count_cache *c;

	(void)state;
	save_two(42);
	c = tg_count_cache_open(file, 42, 1);
	b.mtime_ns = 2001;
	assert_int_equal(tg_count_cache_get(c, 0, &b, &r), 0);
	b.mtime_ns = 2000;
	b.size = 21;
	assert_int_equal(tg_count_cache_get(c, 0, &b, &r), 0);
	b.size = 20;
	b.ino = 9;
	assert_int_equal(tg_count_cache_get(c, 0, &b, &r), 0);
	b.path = "b.py";
	b.ino = 8;
	assert_int_equal(tg_count_cache_get(c, 0, &b, &r), 0);
	/* the same blob id names the same bytes, whatever the stat data says */
	assert_int_equal(tg_count_cache_get(c, 0, &a, &r), 1);
	a.oid = oid_b;
	a.size = 10;
	a.mtime_ns = 1000;
	assert_int_equal(tg_count_cache_get(c, 0, &a, &r), 0);
	tg_count_cache_free(c);
}

/* A blob id match under new stat data is kept with the new stat data. */
static void test_rekeyed_row_saved(void **state)
{
	struct tg_count_key a = {"a.c", 10, 5555, 70, oid_a, 0, 0};
	struct tg_count_result r;
	struct tg_count_cache *c;

	(void)state;
	save_two(42);
	c = tg_count_cache_open(file, 42, 2);
	assert_int_equal(tg_count_cache_get(c, 1, &a, &r), 1);
	assert_int_equal(r.c.code, 3);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	/* now found by stat data alone (no blob id), at the new mtime and inode */
	a.oid = NULL;
	c = tg_count_cache_open(file, 42, 1);
	assert_int_equal(tg_count_cache_size(c), 1);
	assert_int_equal(tg_count_cache_get(c, 0, &a, &r), 1);
	assert_int_equal(r.c.complexity, 4);
	a.mtime_ns = 1000;
	assert_int_equal(tg_count_cache_get(c, 0, &a, &r), 0);
	tg_count_cache_free(c);
}

/* Many rows: each found under its own path only, with its own results. */
static void test_many_rows(void **state)
{
	enum { N = 20000 };
	struct tg_count_cache *c;
	struct tg_count_result r;
	char path[64];

	(void)state;
	unlink(file);
	c = tg_count_cache_open(file, 7, 3);
	for (int i = 0; i < N; i++) {
		struct tg_count_key k = {path, (uint64_t)i, i * 3, (uint64_t)i + 1, NULL, 0, 0};
		struct tg_count_result v = {
		        i % 50,
		        {(uint64_t)i * 3, (uint64_t)i, (uint64_t)i, (uint64_t)i, (uint64_t)i % 7},
		        NULL,
		        0};

		snprintf(path, sizeof(path), "dir%d/file%d.c", i % 97, i);
		tg_count_cache_put(c, i % 3, &k, &v);
	}
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	c = tg_count_cache_open(file, 7, 2);
	assert_int_equal(tg_count_cache_size(c), N);
	for (int i = 0; i < N; i++) {
		struct tg_count_key k = {path, (uint64_t)i, i * 3, (uint64_t)i + 1, NULL, 0, 0};

		snprintf(path, sizeof(path), "dir%d/file%d.c", i % 97, i);
		assert_int_equal(tg_count_cache_get(c, i % 2, &k, &r), 1);
		assert_int_equal(r.lang, i % 50);
		assert_int_equal(r.c.lines, (uint64_t)i * 3);
		assert_int_equal(r.c.complexity, (uint64_t)i % 7);
		snprintf(path, sizeof(path), "dir%d/file%d.h", i % 97, i);
		assert_int_equal(tg_count_cache_get(c, 0, &k, &r), 0);
	}
	tg_count_cache_free(c);
}

static void rewrite(size_t off, unsigned char byte, long truncate_to)
{
	struct tg_buf b = TG_BUF_INIT;

	assert_int_equal(tg_buf_read_file(&b, file), 0);
	assert_true(off < b.len);
	b.buf[off] = (char)byte;
	if (truncate_to >= 0)
		tg_buf_setlen(&b, (size_t)truncate_to);
	assert_int_equal(tg_buf_write_file(&b, file), 0);
	tg_buf_release(&b);
}

static size_t loaded(uint64_t settings)
{
	struct tg_count_cache *c = tg_count_cache_open(file, settings, 1);
	size_t n = tg_count_cache_size(c);

	tg_count_cache_free(c);
	return n;
}

static void test_corrupt_ignored(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	save_two(42);
	assert_int_equal(loaded(42), 2);
	assert_int_equal(tg_buf_read_file(&b, file), 0);
	rewrite(b.len - 3, 'x', -1); /* a byte of the last path */
	assert_int_equal(loaded(42), 0);
	save_two(42);
	rewrite(0, 'x', -1); /* the magic */
	assert_int_equal(loaded(42), 0);
	save_two(42);
	rewrite(1, 'G', (long)b.len - 1); /* truncated */
	assert_int_equal(loaded(42), 0);
	rewrite(1, 'G', 10); /* shorter than a header */
	assert_int_equal(loaded(42), 0);
	tg_buf_release(&b);
}

static void test_version_and_settings_mismatch_ignored(void **state)
{
	(void)state;
	save_two(42);
	assert_int_equal(loaded(43), 0);
	save_two(42);
	/* the version string follows the magic and the format */
	rewrite(16, TG_VERSION[0] == '9' ? '8' : '9', -1);
	assert_int_equal(loaded(42), 0);
	save_two(42);
	rewrite(8, 0x7f, -1); /* the format */
	assert_int_equal(loaded(42), 0);
}

static void test_cache_file_place(void **state)
{
	char *f, sub[4300];

	(void)state;
	setenv("XDG_CACHE_HOME", dir, 1);
	f = tg_count_cache_file(dir, dir);
	assert_non_null(f);
	assert_int_equal(strncmp(f, dir, strlen(dir)), 0);
	assert_non_null(strstr(f, "/terragon/count-"));
	free(f);
	snprintf(sub, sizeof(sub), "%s/.terragon", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	f = tg_count_cache_file(dir, dir);
	assert_non_null(strstr(f, "/.terragon/cache/count-"));
	free(f);
}

/* Without a blob id, a file is its (device, inode, size, mtime, ctime): each one changed misses. */
static void test_key_covers_dev_and_ctime(void **state)
{
	struct tg_count_key k = {"x.c", 10, 1000, 7, NULL, 3, 5000}, other;
	struct tg_count_result r = {1, {1, 0, 0, 1, 0}, NULL, 0}, got;
	struct tg_count_cache *c;

	(void)state;
	c = tg_count_cache_open(file, 1, 1);
	tg_count_cache_put(c, 0, &k, &r);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	c = tg_count_cache_open(file, 1, 1);
	other = k, other.dev = 4;
	assert_int_equal(tg_count_cache_get(c, 0, &other, &got), 0);
	other = k, other.ctime_ns = 5001;
	assert_int_equal(tg_count_cache_get(c, 0, &other, &got), 0);
	other = k, other.mtime_ns = 1001;
	assert_int_equal(tg_count_cache_get(c, 0, &other, &got), 0);
	other = k, other.ino = 8;
	assert_int_equal(tg_count_cache_get(c, 0, &other, &got), 0);
	other = k, other.size = 11;
	assert_int_equal(tg_count_cache_get(c, 0, &other, &got), 0);
	assert_int_equal(tg_count_cache_get(c, 0, &k, &got), 1);
	tg_count_cache_free(c);
}

/* A blob id names the bytes: a tracked file moved to another device or touched still hits. */
static void test_blob_id_wins_over_stat(void **state)
{
	struct tg_count_key k = {"t.c", 10, 1000, 7, oid_a, 3, 5000}, moved;
	struct tg_count_result r = {1, {1, 0, 0, 1, 0}, NULL, 0}, got;
	struct tg_count_cache *c;

	(void)state;
	c = tg_count_cache_open(file, 1, 1);
	tg_count_cache_put(c, 0, &k, &r);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	c = tg_count_cache_open(file, 1, 1);
	moved = k, moved.dev = 9, moved.ino = 99, moved.ctime_ns = 1, moved.mtime_ns = 2;
	assert_int_equal(tg_count_cache_get(c, 0, &moved, &got), 1);
	moved.oid = oid_b;
	tg_count_cache_free(c);
	c = tg_count_cache_open(file, 1, 1);
	assert_int_equal(tg_count_cache_get(c, 0, &moved, &got), 0);
	tg_count_cache_free(c);
}

/* Each file's payload comes back byte for byte, kept or re-keyed across saves. */
static void test_payload_round_trip(void **state)
{
	struct tg_count_key a = {"a.c", 10, 1000, 7, oid_a, 1, 1},
	                    b = {"b.c", 20, 2000, 8, NULL, 1, 2}, a2;
	struct tg_count_result ra = {1, {1, 0, 0, 1, 0}, "items of a", 10},
	                       rb = {1, {1, 0, 0, 1, 0}, "b", 1}, got;
	struct tg_count_cache *c;

	(void)state;
	c = tg_count_cache_open(file, 7, 2);
	tg_count_cache_put(c, 0, &a, &ra);
	tg_count_cache_put(c, 1, &b, &rb);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	/* a re-keyed (new stat data, same blob), b kept as it was */
	c = tg_count_cache_open(file, 7, 1);
	a2 = a, a2.mtime_ns = 3000;
	assert_int_equal(tg_count_cache_get(c, 0, &a2, &got), 1);
	assert_int_equal(got.extra_len, 10);
	assert_memory_equal(got.extra, "items of a", 10);
	assert_int_equal(tg_count_cache_get(c, 0, &b, &got), 1);
	assert_int_equal(got.extra_len, 1);
	assert_memory_equal(got.extra, "b", 1);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	c = tg_count_cache_open(file, 7, 1);
	assert_int_equal(tg_count_cache_get(c, 0, &a2, &got), 1);
	assert_memory_equal(got.extra, "items of a", 10);
	assert_int_equal(tg_count_cache_get(c, 0, &b, &got), 1);
	assert_memory_equal(got.extra, "b", 1);
	tg_count_cache_free(c);
}

/*
 * A payload got and then found stale by its user is forgotten: what is put
 * instead is the one kept, alone (a got row and a fresh one of the same path
 * would both be saved, and the stale one could be found first next time).
 * Both a row got unchanged and one re-keyed by a new stat.
 */
static void test_forget_replaces_a_stale_payload(void **state)
{
	struct tg_count_key a = {"a.c", 10, 1000, 7, oid_a, 1, 1},
	                    b = {"b.c", 20, 2000, 8, NULL, 1, 2}, a2;
	struct tg_count_result ra = {-1, {0}, "old a", 5}, rb = {-1, {0}, "old b", 5},
	                       na = {-1, {0}, "new a!", 6}, nb = {-1, {0}, "new b!", 6}, got;
	struct tg_count_cache *c;
	struct stat st, st2;

	(void)state;
	c = tg_count_cache_open(file, 7, 1);
	tg_count_cache_put(c, 0, &a, &ra);
	tg_count_cache_put(c, 0, &b, &rb);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	assert_int_equal(stat(file, &st), 0);
	c = tg_count_cache_open(file, 7, 1);
	a2 = a, a2.mtime_ns = 3000; /* re-keyed: same blob, new stat data */
	assert_int_equal(tg_count_cache_get(c, 0, &a2, &got), 1);
	tg_count_cache_forget(c, 0, &a2);
	tg_count_cache_put(c, 0, &a2, &na);
	assert_int_equal(tg_count_cache_get(c, 0, &b, &got), 1);
	tg_count_cache_forget(c, 0, &b);
	tg_count_cache_put(c, 0, &b, &nb);
	assert_int_equal(tg_count_cache_save(c), 0);
	tg_count_cache_free(c);
	/* two rows, each with the new payload: the file grew by the two bytes only */
	assert_int_equal(stat(file, &st2), 0);
	assert_int_equal(st2.st_size, st.st_size + 2);
	c = tg_count_cache_open(file, 7, 1);
	assert_int_equal(tg_count_cache_size(c), 2);
	assert_int_equal(tg_count_cache_get(c, 0, &a2, &got), 1);
	assert_int_equal(got.extra_len, 6);
	assert_memory_equal(got.extra, "new a!", 6);
	assert_int_equal(tg_count_cache_get(c, 0, &b, &got), 1);
	assert_memory_equal(got.extra, "new b!", 6);
	tg_count_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_forget_replaces_a_stale_payload, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_changed_stat_misses, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_rekeyed_row_saved, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_many_rows, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_corrupt_ignored, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_version_and_settings_mismatch_ignored, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_cache_file_place, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_key_covers_dev_and_ctime, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_blob_id_wins_over_stat, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_payload_round_trip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
