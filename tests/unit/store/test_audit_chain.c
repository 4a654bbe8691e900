#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "store/audit.h"
#include "util/buf.h"
#include "util/error.h"

#include "testlib.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmp;
static struct tg_store *st;

/* A store holding three entries (ids 1, 2, 3). */
static int setup(void **state)
{
	struct tg_buf path = TG_BUF_INIT;

	tmp = tl_tmpdir();
	tg_buf_addf(&path, "%s/t.db", tmp);
	assert_int_equal(tg_store_open(&st, path.buf, TG_STORE_CREATE), TG_OK);
	tg_buf_release(&path);
	unsetenv("GITHUB_ACTOR");
	unsetenv("GITHUB_RUN_ID");
	assert_int_equal(
	        tg_audit_append(st, 1000, "run", "discover", "{\"config_sha256\": \"ab\"}"), TG_OK);
	setenv("GITHUB_ACTOR", "octocat", 1);
	setenv("GITHUB_RUN_ID", "42", 1);
	assert_int_equal(tg_audit_append(st, 1001, "suppression.added", "0123456789abcdef", NULL),
	                 TG_OK);
	unsetenv("GITHUB_ACTOR");
	unsetenv("GITHUB_RUN_ID");
	assert_int_equal(tg_audit_append(st, 1002, "gate", "passed", "{}"), TG_OK);
	return 0;
}

static int teardown(void **state)
{
	tg_store_close(st);
	st = NULL;
	tl_rmtree(tmp);
	tmp = NULL;
	return 0;
}

static void sql(const char *text)
{
	char *err = NULL;

	if (sqlite3_exec(tg_store_db(st), text, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", text, err);
}

/* verify's answer: the entry it names (0: intact) and its message. */
static int64_t verify_names(const char *want)
{
	struct tg_audit_check c;
	int64_t id;

	assert_int_equal(tg_audit_verify(st, &c), TG_OK);
	id = c.broken_id;
	if (want && !strstr(c.problem.buf, want))
		fail_msg("problem \"%s\" lacks \"%s\"", c.problem.buf, want);
	tg_audit_check_release(&c);
	return id;
}

static int first_actor(const struct tg_audit_entry *e, void *arg)
{
	if (e->id == 2)
		tg_buf_addf(arg, "%s %s %s", e->ci_actor, e->ci_run, e->prev_hash);
	return 0;
}

static void test_audit_chain_intact_links_each_entry_to_the_last(void **state)
{
	struct tg_audit_check c;
	struct tg_buf b = TG_BUF_INIT;

	assert_int_equal(tg_audit_verify(st, &c), TG_OK);
	assert_int_equal(c.broken_id, 0);
	assert_int_equal(c.entries, 3);
	assert_int_equal(strlen(c.head), 64);
	tg_audit_check_release(&c);
	assert_int_equal(tg_audit_each(st, first_actor, &b), TG_OK);
	assert_true(!strncmp(b.buf, "octocat 42 ", 11));
	assert_int_equal(strlen(b.buf), 11 + 64);
	tg_buf_release(&b);
}

static void test_audit_chain_altered_entry_is_named(void **state)
{
	sql("UPDATE audit SET subject = 'failed' WHERE id = 3");
	assert_int_equal(verify_names("entry 3 (gate) was altered"), 3);
}

static void test_audit_chain_altered_actor_is_named(void **state)
{
	sql("UPDATE audit SET ci_actor = 'mallory' WHERE id = 2");
	assert_int_equal(verify_names("entry 2 (suppression.added) was altered"), 2);
}

static void test_audit_chain_removed_entry_is_named(void **state)
{
	sql("DELETE FROM audit WHERE id = 2");
	assert_int_equal(verify_names("entries were removed between entry 1 and entry 3"), 3);
}

static void test_audit_chain_removed_first_entry_is_named(void **state)
{
	sql("DELETE FROM audit WHERE id = 1");
	assert_int_equal(verify_names("entries were removed before entry 2"), 2);
}

static void test_audit_chain_removed_last_entry_is_named(void **state)
{
	sql("DELETE FROM audit WHERE id = 3");
	assert_int_equal(verify_names("entries after entry 2 were removed"), 2);
}

static void test_audit_chain_every_entry_removed_is_named(void **state)
{
	sql("DELETE FROM audit");
	assert_int_equal(verify_names("every entry was removed"), 3);
}

static void test_audit_chain_reordered_entries_are_named(void **state)
{
	sql("UPDATE audit SET id = 100 WHERE id = 2; UPDATE audit SET id = 2 WHERE id = 3;"
	    " UPDATE audit SET id = 3 WHERE id = 100");
	assert_int_equal(verify_names("entry 2 is out of order: it was written after entry 3"), 2);
}

static void test_audit_chain_first_entry_moved_is_named(void **state)
{
	sql("UPDATE audit SET id = 100 WHERE id = 1; UPDATE audit SET id = 1 WHERE id = 2;"
	    " UPDATE audit SET id = 2 WHERE id = 100");
	assert_int_equal(verify_names("entry 1 is out of order: it was written after entry 2"), 1);
}

/* The forger knows the algorithm and rehashes the entry: the next link breaks. */
static int rehash(const struct tg_audit_entry *e, void *arg)
{
	char h[TG_SHA256_HEX];

	if (e->id == 2) {
		struct tg_audit_entry f = *e;
		f.subject = "fedcba9876543210";
		assert_int_equal(tg_audit_entry_hash(&f, h), TG_OK);
		tg_buf_addf(arg, "UPDATE audit SET subject = '%s', hash = '%s' WHERE id = 2",
		            f.subject, h);
	}
	return 0;
}

static void test_audit_chain_rehashed_entry_is_named(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	assert_int_equal(tg_audit_each(st, rehash, &b), TG_OK);
	sql(b.buf);
	assert_int_equal(verify_names("entry 2 was altered and given a new hash"), 2);
	tg_buf_release(&b);
}

static void test_audit_chain_inserted_entry_is_named(void **state)
{
	sql("INSERT INTO audit (id, at, actor, action, prev_hash, hash) VALUES (4, 1003, 'x', "
	    "'gate', 'nope', 'nope')");
	assert_int_equal(verify_names("entry 4 (gate) was altered"), 4);
}

static int count(const struct tg_audit_entry *e, void *arg)
{
	tg_buf_addf(arg, "%s:%s\n", e->action, e->subject ? e->subject : "-");
	return 0;
}

static void test_audit_old_log_is_migrated_once(void **state)
{
	struct tg_buf log = TG_BUF_INIT, p = TG_BUF_INIT, got = TG_BUF_INIT;
	struct stat sb;

	tg_buf_addf(&log, "%s/.terragon", tmp);
	mkdir(log.buf, 0755);
	tl_write(tmp, ".terragon/audit.log",
	         "{\"time\": \"2025-11-20T10:01:00Z\", \"fingerprint\": \"00112233aabbccdd\", "
	         "\"outcome\": \"dry-run\"}\nnot json\n");
	assert_int_equal(tg_audit_migrate_log(st, tmp), TG_OK);
	assert_int_equal(tg_audit_migrate_log(st, tmp), TG_OK);
	assert_int_equal(tg_audit_each(st, count, &got), TG_OK);
	assert_string_equal(got.buf,
	                    "run:discover\nsuppression.added:0123456789abcdef\ngate:passed\n"
	                    "execution:00112233aabbccdd\nexecution:-\n"
	                    "audit-log.migrated:.terragon/audit.log\n");
	tg_buf_addf(&p, "%s/.terragon/audit.log", tmp);
	assert_int_not_equal(lstat(p.buf, &sb), 0);
	tg_buf_adds(&p, ".migrated");
	assert_int_equal(lstat(p.buf, &sb), 0);
	assert_int_equal(verify_names(NULL), 0);
	tg_buf_release(&log);
	tg_buf_release(&p);
	tg_buf_release(&got);
}

static void test_audit_old_log_link_is_refused(void **state)
{
	struct tg_buf p = TG_BUF_INIT;

	tg_buf_addf(&p, "%s/.terragon", tmp);
	mkdir(p.buf, 0755);
	tg_buf_adds(&p, "/audit.log");
	assert_int_equal(symlink("/etc/passwd", p.buf), 0);
	assert_int_equal(tg_audit_migrate_log(st, tmp), TG_ERR_INPUT);
	assert_int_equal(verify_names(NULL), 0);
	tg_buf_release(&p);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        T(test_audit_chain_intact_links_each_entry_to_the_last),
	        T(test_audit_chain_altered_entry_is_named),
	        T(test_audit_chain_altered_actor_is_named),
	        T(test_audit_chain_removed_entry_is_named),
	        T(test_audit_chain_removed_first_entry_is_named),
	        T(test_audit_chain_removed_last_entry_is_named),
	        T(test_audit_chain_every_entry_removed_is_named),
	        T(test_audit_chain_reordered_entries_are_named),
	        T(test_audit_chain_first_entry_moved_is_named),
	        T(test_audit_chain_rehashed_entry_is_named),
	        T(test_audit_chain_inserted_entry_is_named),
	        T(test_audit_old_log_is_migrated_once),
	        T(test_audit_old_log_link_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
