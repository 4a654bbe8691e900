#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "vulndb/vulndb.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The real OSV data (tests/data/osv, unpacked once) and a fresh database per test. */
static char *data, *tmp;

static int group_setup(void **state)
{
	data = tl_tmpdir();
	tl_sh(data, "for f in '%s'/tests/data/osv/*.tar.xz; do tar -xJf \"$f\"; done",
	      TG_SOURCE_DIR);
	return 0;
}

static int group_teardown(void **state)
{
	tl_rmtree(data);
	return 0;
}

static int setup(void **state)
{
	tmp = tl_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(tmp);
	return 0;
}

static const char *in_tmp(const char *rel, struct tg_buf *b)
{
	tg_buf_reset(b);
	tg_buf_addf(b, "%s/%s", tmp, rel);
	return b->buf;
}

static const char *in_data(const char *rel, struct tg_buf *b)
{
	tg_buf_reset(b);
	tg_buf_addf(b, "%s/%s", data, rel);
	return b->buf;
}

static struct tg_vulndb *create(void)
{
	struct tg_buf p = TG_BUF_INIT;
	struct tg_vulndb *db;

	assert_int_equal(tg_vulndb_open(in_tmp("cache/osv.db", &p), TG_VULNDB_CREATE, &db), TG_OK);
	tg_buf_release(&p);
	return db;
}

static int import1(struct tg_vulndb *db, const char *path, struct tg_vulndb_counts *c)
{
	const char *paths[] = {path};

	return tg_vulndb_import(db, paths, 1, NULL, c);
}

/* Lookup's callback: counts records and keeps the ids seen, one per line. */
struct seen {
	int n;
	struct tg_buf ids;
};

static int count_each(void *arg, const char *json, size_t len)
{
	struct seen *s = arg;
	const char *id = strstr(json, "\"id\":\"");

	assert_non_null(id);
	assert_int_equal(json[len], '\0');
	id += 6;
	tg_buf_add(&s->ids, id, (size_t)(strchr(id, '"') - id));
	tg_buf_addch(&s->ids, '\n');
	s->n++;
	return 0;
}

static int lookup_count(struct tg_vulndb *db, enum tg_eco eco, const char *name)
{
	struct seen s = {0, TG_BUF_INIT};

	assert_int_equal(tg_vulndb_lookup(db, eco, name, count_each, &s), 0);
	tg_buf_release(&s.ids);
	return s.n;
}

static const struct tg_vulndb_status *status_of(struct tg_vulndb_status *st, size_t nr,
                                                enum tg_eco eco)
{
	for (size_t i = 0; i < nr; i++)
		if (st[i].eco == eco)
			return &st[i];
	return NULL;
}

static void test_vulndb_import_real_data_counts_and_status(void **state)
{
	struct tg_vulndb *db = create();
	struct tg_vulndb_counts c;
	struct tg_vulndb_status *st;
	struct tg_buf p = TG_BUF_INIT;
	size_t nr;

	/* one directory holding all three trees: PyPI YAML, Go and crates.io JSON */
	assert_int_equal(import1(db, data, &c), TG_OK);
	assert_int_equal(c.added, 2651 + 4274 + 1193);
	assert_int_equal(c.withdrawn, 10 + 17 + 13);
	assert_int_equal(c.invalid, 0);
	assert_int_equal(tg_vulndb_status(db, &st, &nr), TG_OK);
	assert_int_equal(nr, 3);
	assert_int_equal(status_of(st, nr, TG_ECO_PYPI)->records, 2651);
	assert_int_equal(status_of(st, nr, TG_ECO_GO)->records, 4274);
	assert_int_equal(status_of(st, nr, TG_ECO_CRATES)->records, 1193);
	assert_string_equal(status_of(st, nr, TG_ECO_CRATES)->newest, "2026-08-21T06:28:40Z");
	assert_int_equal(strlen(status_of(st, nr, TG_ECO_PYPI)->snapshot), 64);
	free(st);
	/* the counts python3 finds in the same files (affected[] naming the package) */
	assert_int_equal(lookup_count(db, TG_ECO_PYPI, "django"), 116);
	assert_int_equal(lookup_count(db, TG_ECO_PYPI, "Django"), 116);
	assert_int_equal(lookup_count(db, TG_ECO_GO, "golang.org/x/net"), 30);
	assert_int_equal(lookup_count(db, TG_ECO_CRATES, "tokio"), 5);
	assert_int_equal(lookup_count(db, TG_ECO_CRATES, "Tokio"),
	                 0); /* crates.io is case-sensitive */
	assert_int_equal(lookup_count(db, TG_ECO_NPM, "django"), 0);
	/* a second import of the same files changes nothing, snapshot included */
	assert_int_equal(import1(db, in_data("crates", &p), &c), TG_OK);
	assert_int_equal(c.added + c.replaced, 0);
	assert_int_equal(c.unchanged, 1193);
	tg_vulndb_close(db);
	tg_buf_release(&p);
}

static const char rec_a[] =
        "{\"id\": \"TEST-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"summary\": \"old\",\n"
        " \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"Foo_Bar\"}}]}\n";
static const char rec_a_newer[] =
        "{\"id\": \"TEST-1\", \"modified\": \"2024-01-01T00:00:00.5Z\", \"summary\": \"new\",\n"
        " \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"foo\"}}]}\n";
static const char rec_withdrawn[] =
        "{\"id\": \"TEST-2\", \"modified\": \"2024-01-01T00:00:00Z\",\n"
        " \"withdrawn\": \"2024-02-01T00:00:00Z\",\n"
        " \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"foo-bar\"}}]}\n";
static const char rec_unknown[] =
        "{\"id\": \"TEST-3\", \"modified\": \"2024-01-01T00:00:00Z\",\n"
        " \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", \"name\": \"foo\"}}]}\n";
static const char rec_yaml[] = "id: TEST-4\n"
                               "modified: 2024-03-01T10:00:00+01:00\n"
                               "affected:\n"
                               "- package:\n"
                               "    ecosystem: PyPI\n"
                               "    name: foo.bar\n"
                               "  versions:\n"
                               "  - 1.0\n"
                               "  - 2\n";

static int keep_json(void *arg, const char *json, size_t len)
{
	struct tg_buf *b = arg;

	tg_buf_add(b, json, len);
	tg_buf_addch(b, '\n');
	return 0;
}

static void test_vulndb_import_skips_withdrawn_and_unknown_and_reads_yaml(void **state)
{
	struct tg_vulndb *db = create();
	struct tg_vulndb_counts c;
	struct tg_buf p = TG_BUF_INIT, got = TG_BUF_INIT;

	tl_write(tmp, "in/a.json", rec_a);
	tl_write(tmp, "in/sub/w.json", rec_withdrawn);
	tl_write(tmp, "in/sub/u.json", rec_unknown);
	tl_write(tmp, "in/sub/deeper/r.yaml", rec_yaml);
	tl_write(tmp, "in/bad.json", "{\"id\": \"TEST-5\", \"modified\": ");
	tl_write(tmp, "in/notes.txt", "not a record");
	assert_int_equal(import1(db, in_tmp("in", &p), &c), TG_OK);
	assert_int_equal(c.added, 2);
	assert_int_equal(c.withdrawn, 1);
	assert_int_equal(c.unknown, 1);
	assert_int_equal(c.invalid, 1);
	/* PEP 503: Foo_Bar, foo-bar and foo.bar are one name */
	assert_int_equal(lookup_count(db, TG_ECO_PYPI, "FOO-bar"), 2);
	assert_int_equal(tg_vulndb_lookup(db, TG_ECO_PYPI, "foo.BAR", keep_json, &got), 0);
	/* stored compact, the YAML versions still strings */
	assert_non_null(strstr(got.buf, "\"versions\":[\"1.0\",\"2\"]"));
	assert_null(strstr(got.buf, "\": "));
	tg_vulndb_close(db);
	tg_buf_release(&p);
	tg_buf_release(&got);
}

static void test_vulndb_import_newer_modified_replaces(void **state)
{
	struct tg_vulndb *db = create();
	struct tg_vulndb_counts c;
	struct tg_buf p = TG_BUF_INIT, got = TG_BUF_INIT;

	tl_write(tmp, "a.json", rec_a);
	tl_write(tmp, "newer.json", rec_a_newer);
	assert_int_equal(import1(db, in_tmp("newer.json", &p), &c), TG_OK);
	assert_int_equal(import1(db, in_tmp("a.json", &p), &c), TG_OK);
	assert_int_equal(c.unchanged, 1); /* older: the stored one stays */
	assert_int_equal(lookup_count(db, TG_ECO_NPM, "FOO"), 1);
	assert_int_equal(lookup_count(db, TG_ECO_PYPI, "foo-bar"), 0);
	tg_vulndb_close(db);
	tl_rmtree(tmp);
	tmp = tl_tmpdir();
	db = create();
	tl_write(tmp, "a.json", rec_a);
	tl_write(tmp, "newer.json", rec_a_newer);
	assert_int_equal(import1(db, in_tmp("a.json", &p), &c), TG_OK);
	assert_int_equal(import1(db, in_tmp("newer.json", &p), &c), TG_OK);
	assert_int_equal(c.replaced, 1);
	/* the old affected[] is gone with the old record */
	assert_int_equal(lookup_count(db, TG_ECO_PYPI, "foo-bar"), 0);
	assert_int_equal(tg_vulndb_lookup(db, TG_ECO_NPM, "foo", keep_json, &got), 0);
	assert_non_null(strstr(got.buf, "\"summary\":\"new\""));
	tg_vulndb_close(db);
	tg_buf_release(&p);
	tg_buf_release(&got);
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

static void assert_refused_untouched(const char *path, const char *words)
{
	struct tg_vulndb *db = NULL;
	uint64_t before = file_hash(path);

	assert_int_equal(tg_vulndb_open(path, TG_VULNDB_CREATE, &db), TG_ERR_RUN);
	assert_null(db);
	assert_non_null(strstr(tg_error_message(), path));
	assert_non_null(strstr(tg_error_message(), words));
	assert_int_equal(tg_vulndb_open(path, TG_VULNDB_READ, &db), TG_ERR_RUN);
	assert_int_equal(file_hash(path), before);
}

static void test_vulndb_open_refuses_foreign_and_corrupt_files(void **state)
{
	struct tg_vulndb *db = create();
	struct tg_vulndb_counts c;
	struct tg_buf p = TG_BUF_INIT, q = TG_BUF_INIT;

	assert_int_equal(import1(db, in_data("crates", &p), &c), TG_OK);
	tg_vulndb_close(db);
	tl_write(tmp, "text.db", "hello, not a database at all\n");
	assert_refused_untouched(in_tmp("text.db", &p), "not a terragon OSV database");
	/* SQLite, but someone else's */
	tl_sh(tmp, "python3 -c \"import sqlite3; c = sqlite3.connect('other.db'); "
	           "c.execute('create table t(x)'); c.commit()\"");
	assert_refused_untouched(in_tmp("other.db", &p), "not a terragon OSV database");
	/* ours, cut short, and ours with a damaged header */
	tl_sh(tmp, "cp cache/osv.db cut.db && truncate -s 100000 cut.db");
	assert_refused_untouched(in_tmp("cut.db", &p), "corrupt");
	tl_sh(tmp, "cp cache/osv.db bad.db && printf 'garbage!' | "
	           "dd of=bad.db bs=1 seek=16 conv=notrunc 2>/dev/null");
	assert_refused_untouched(in_tmp("bad.db", &p), "bad.db");
	/* the good one still opens */
	assert_int_equal(tg_vulndb_open(in_tmp("cache/osv.db", &q), TG_VULNDB_READ, &db), TG_OK);
	tg_vulndb_close(db);
	assert_int_equal(tg_vulndb_open(in_tmp("missing.db", &p), TG_VULNDB_READ, &db),
	                 TG_ERR_NOTFOUND);
	tg_buf_release(&p);
	tg_buf_release(&q);
}

/* Builds an archive with python3's zipfile: entries given as Python (name, bytes) pairs. */
static void make_zip(const char *name, const char *entries)
{
	tl_sh(tmp,
	      "python3 - <<'EOF'\n"
	      "import zipfile\n"
	      "with zipfile.ZipFile('%s', 'w', zipfile.ZIP_DEFLATED) as z:\n"
	      "    for n, b in [%s]:\n"
	      "        z.writestr(n, b)\n"
	      "EOF",
	      name, entries);
}

#define ZREC(id, pkg)                                                                              \
	"b'{\"id\": \"" id "\", \"modified\": \"2024-01-01T00:00:00Z\", \"affected\": "            \
	"[{\"package\": {\"ecosystem\": \"Go\", \"name\": \"" pkg "\"}}]}'"

static void test_vulndb_import_zip_and_refusals(void **state)
{
	struct tg_vulndb *db = create();
	struct tg_vulndb_counts c;
	struct tg_buf p = TG_BUF_INIT;
	struct tg_vulndb_zip_limits small = tg_vulndb_zip_default_limits;
	const char *paths[1];

	make_zip("good.zip",
	         "('GO-1.json', " ZREC(
	                 "GO-1", "example.com/a") "), "
	                                          "('GO-2.json', " ZREC(
	                                                  "GO-2",
	                                                  "example.com/a") "), ('README', b'x')");
	assert_int_equal(import1(db, in_tmp("good.zip", &p), &c), TG_OK);
	assert_int_equal(c.added, 2);
	assert_int_equal(lookup_count(db, TG_ECO_GO, "example.com/a"), 2);

	/* path traversal: the whole archive refused, nothing of it stored */
	make_zip("evil.zip", "('GO-3.json', " ZREC(
	                             "GO-3", "example.com/b") "), "
	                                                      "('../GO-4.json', " ZREC(
	                                                              "GO-4", "example.com/b") ")");
	assert_int_equal(import1(db, in_tmp("evil.zip", &p), &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "../GO-4.json"));
	assert_non_null(strstr(tg_error_message(), "evil.zip"));
	make_zip("abs.zip", "('/etc/GO-5.json', " ZREC("GO-5", "example.com/b") ")");
	assert_int_equal(import1(db, in_tmp("abs.zip", &p), &c), TG_ERR_INPUT);
	assert_int_equal(lookup_count(db, TG_ECO_GO, "example.com/b"), 0);

	/* a zip bomb: 64 MiB of zeros deflate to some 64 KiB */
	make_zip("bomb.zip",
	         "('GO-6.json', " ZREC("GO-6", "example.com/c") "), "
	                                                        "('GO-7.json', bytes(64 << 20))");
	assert_int_equal(import1(db, in_tmp("bomb.zip", &p), &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "zip bomb"));
	assert_int_equal(lookup_count(db, TG_ECO_GO, "example.com/c"), 0);
	/* the ratio alone: 2 MiB of zeros under a per-entry bound they fit */
	make_zip("ratio.zip", "('GO-8.json', bytes(2 << 20))");
	assert_int_equal(import1(db, in_tmp("ratio.zip", &p), &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "compressed"));
	/* too many entries */
	small.max_entries = 1;
	paths[0] = in_tmp("good.zip", &p);
	assert_int_equal(tg_vulndb_import(db, paths, 1, &small, &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "entries"));
	/* not a zip at all */
	tl_write(tmp, "trunc.zip", "PK\003\004 truncated");
	assert_int_equal(import1(db, in_tmp("trunc.zip", &p), &c), TG_ERR_INPUT);
	assert_int_equal(lookup_count(db, TG_ECO_GO, "example.com/a"), 2);
	tg_vulndb_close(db);
	tg_buf_release(&p);
}

static void test_vulndb_default_path_follows_xdg(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	setenv("HOME", "/home/u", 1);
	setenv("XDG_CACHE_HOME", "/xdg", 1);
	tg_vulndb_default_path("/r", "", &b);
	assert_string_equal(b.buf, "/xdg/terragon/osv.db");
	tg_buf_reset(&b);
	unsetenv("XDG_CACHE_HOME");
	tg_vulndb_default_path(NULL, NULL, &b);
	assert_string_equal(b.buf, "/home/u/.cache/terragon/osv.db");
	tg_buf_reset(&b);
	tg_vulndb_default_path("/r", "~/db/osv.db", &b);
	assert_string_equal(b.buf, "/home/u/db/osv.db");
	tg_buf_reset(&b);
	tg_vulndb_default_path("/r", "cache/osv.db", &b); /* relative: the repository's */
	assert_string_equal(b.buf, "/r/cache/osv.db");
	tg_buf_reset(&b);
	tg_vulndb_default_path("/r", "/abs/osv.db", &b);
	assert_string_equal(b.buf, "/abs/osv.db");
	tg_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_vulndb_import_real_data_counts_and_status,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(
	                test_vulndb_import_skips_withdrawn_and_unknown_and_reads_yaml, setup,
	                teardown),
	        cmocka_unit_test_setup_teardown(test_vulndb_import_newer_modified_replaces, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_vulndb_open_refuses_foreign_and_corrupt_files,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_vulndb_import_zip_and_refusals, setup,
	                                        teardown),
	        cmocka_unit_test(test_vulndb_default_path_follows_xdg),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
