#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "health/health.h"
#include "store/store.h"
#include "util/error.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *tmp;

static int setup(void **state)
{
	tmp = tl_tmpdir();
	tl_sh(tmp, "git init -q -b main r && echo a > r/a && git -C r add -A && "
	           "git -C r commit -q -m one");
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(tmp);
	return 0;
}

static const struct tg_health_check *find(const struct tg_health_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (!strcmp(r->checks[i].name, name))
			return &r->checks[i];
	fail_msg("no check %s", name);
	return NULL;
}

static void test_healthy_creates_nothing(void **state)
{
	struct tg_health_report r;
	char path[128];
	struct stat sb;
	size_t i;

	snprintf(path, sizeof(path), "%s/r", tmp);
	assert_int_equal(tg_health_run(path, &r), TG_OK);
	assert_true(r.healthy);
	assert_int_equal(find(&r, "repository")->status, TG_HEALTH_OK);
	assert_int_equal(find(&r, "history")->status, TG_HEALTH_OK);
	assert_int_equal(find(&r, "configuration")->status, TG_HEALTH_OK);
	assert_int_equal(find(&r, "store")->status, TG_HEALTH_OK);
	for (i = 0; tg_health_tools[i]; i++) {
		char name[64];
		snprintf(name, sizeof(name), "tool:%s", tg_health_tools[i]);
		assert_int_equal(find(&r, name)->status, TG_HEALTH_INFO);
	}
	tg_health_report_release(&r);
	snprintf(path, sizeof(path), "%s/r/.terragon", tmp);
	assert_int_not_equal(stat(path, &sb), 0);
}

static void test_store_checked_when_present(void **state)
{
	struct tg_health_report r;
	struct tg_store *st;
	char path[128];

	snprintf(path, sizeof(path), "%s/r/.terragon/terragon.db", tmp);
	assert_int_equal(tg_store_open(&st, path, TG_STORE_CREATE), TG_OK);
	tg_store_close(st);
	snprintf(path, sizeof(path), "%s/r", tmp);
	assert_int_equal(tg_health_run(path, &r), TG_OK);
	assert_true(r.healthy);
	assert_non_null(strstr(find(&r, "store")->detail, "passes integrity_check"));
	tg_health_report_release(&r);

	tl_sh(tmp, "head -c 4096 /dev/zero | tr '\\0' x > r/.terragon/terragon.db");
	assert_int_equal(tg_health_run(path, &r), TG_OK);
	assert_false(r.healthy);
	assert_int_equal(find(&r, "store")->status, TG_HEALTH_FAIL);
	assert_non_null(strstr(find(&r, "store")->detail, "corrupted"));
	tg_health_report_release(&r);
}

static void test_not_a_repository(void **state)
{
	struct tg_health_report r;
	struct tg_buf out = TG_BUF_INIT;

	assert_int_equal(tg_health_run(tmp, &r), TG_OK);
	assert_false(r.healthy);
	assert_int_equal(find(&r, "repository")->status, TG_HEALTH_FAIL);
	assert_int_equal(find(&r, "history")->status, TG_HEALTH_INFO);
	tg_health_format_json(&out, &r);
	assert_non_null(strstr(out.buf, "{\"healthy\": false, \"checks\": ["));
	assert_non_null(strstr(out.buf, "{\"name\": \"repository\", \"status\": \"fail\""));
	tg_buf_reset(&out);
	tg_health_format_table(&out, &r);
	assert_non_null(strstr(out.buf, "unhealthy: 1 check failed\n"));
	tg_buf_release(&out);
	tg_health_report_release(&r);
}

static void test_shallow_warns(void **state)
{
	struct tg_health_report r;
	char path[128];

	tl_sh(tmp, "echo b > r/b && git -C r add -A && git -C r commit -q -m two && "
	           "git clone -q --depth 1 file://$(cd r && pwd) s");
	snprintf(path, sizeof(path), "%s/s", tmp);
	assert_int_equal(tg_health_run(path, &r), TG_OK);
	assert_true(r.healthy);
	assert_int_equal(find(&r, "history")->status, TG_HEALTH_WARN);
	assert_non_null(strstr(find(&r, "history")->detail, "fetch-depth: 0"));
	tg_health_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_healthy_creates_nothing, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_store_checked_when_present, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_not_a_repository, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_shallow_warns, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
