/*
 * The shapes built on tg_child: a configured shell command with a log and a
 * timeout (tg_proc_run*), and the environment every git process gets
 * (tg_proc_git).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "proc/proc.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[64];

static int setup(void **state)
{
	strcpy(tmp, "/tmp/tg_procrun_XXXXXX");
	/* A user's own value must win over terragon's; set before git's first run. */
	setenv("GLIBC_TUNABLES", "glibc.malloc.check=0", 1);
	unsetenv("GIT_CONFIG_COUNT");
	return mkdtemp(tmp) ? 0 : -1;
}

static int teardown(void **state)
{
	const char *argv[] = {"rm", "-rf", "--", tmp, NULL};
	struct tg_child c;

	tg_child_init(&c, argv);
	return tg_child_run(&c) || tg_child_code(&c);
}

static void read_log(const char *name, struct tg_buf *b)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	tg_buf_reset(b);
	assert_int_equal(tg_buf_read_file(b, path), TG_OK);
}

static void test_run_logs_and_reports_exit(void **state)
{
	struct tg_buf b = TG_BUF_INIT;
	char log[128];

	snprintf(log, sizeof(log), "%s/run.log", tmp);
	assert_int_equal(tg_proc_run(tmp, "echo first; exit 3", 10, log), 3);
	/* The log is truncated for each run; stdout and stderr both go there, in order. */
	assert_int_equal(tg_proc_run(tmp, "echo out; echo err >&2; pwd -P", 10, log), 0);
	read_log("run.log", &b);
	assert_non_null(strstr(b.buf, "out\nerr\n"));
	assert_null(strstr(b.buf, "first"));
	assert_non_null(strstr(b.buf, strrchr(tmp, '/')));
	tg_buf_release(&b);
}

static void test_run_signal_and_timeout(void **state)
{
	char log[128];

	snprintf(log, sizeof(log), "%s/sig.log", tmp);
	assert_int_equal(tg_proc_run(tmp, "kill -KILL $$", 10, log), 128 + 9);
	assert_int_equal(tg_proc_run(tmp, "sleep 100", 1, log), -1);
}

static void test_run_not_started(void **state)
{
	char log[128];

	snprintf(log, sizeof(log), "%s/no-such-dir/x.log", tmp);
	errno = 0;
	assert_int_equal(tg_proc_run(tmp, "true", 10, log), -2);
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(tg_error_message(), "no-such-dir/x.log"));
	tg_error_clear();
}

static void test_run_input_appends(void **state)
{
	struct tg_buf b = TG_BUF_INIT;
	char log[128];
	int code = -5;

	snprintf(log, sizeof(log), "%s/input.log", tmp);
	assert_int_equal(tg_proc_run_input(tmp, "cat; exit 4", 10, log, "item one\n", 9, &code),
	                 TG_OK);
	assert_int_equal(code, 4);
	assert_int_equal(tg_proc_run_input(tmp, "cat", 10, log, "item two\n", 9, &code), TG_OK);
	assert_int_equal(code, 0);
	read_log("input.log", &b);
	assert_string_equal(b.buf, "item one\nitem two\n");
	tg_buf_release(&b);
}

static void test_run_argv_missing_program(void **state)
{
	const char *argv[] = {"terragon-no-such-tool", NULL};
	int code = 0;

	assert_int_equal(tg_proc_run_argv(tmp, argv, "the tool", 10, NULL, NULL, 0, &code),
	                 TG_ERR_RUN);
	assert_int_equal(code, 127);
	assert_non_null(strstr(tg_error_message(), "the tool"));
	tg_error_clear();
}

static void test_git_environment(void **state)
{
	const char *argv[] = {"sh", "-c",
	                      "printf '%s|%s|%s' \"$GLIBC_TUNABLES\" \"$GIT_CONFIG_COUNT\" "
	                      "\"$GIT_CONFIG_KEY_0=$GIT_CONFIG_VALUE_0\"",
	                      NULL};
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;

	tg_proc_git(&c, argv);
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	/* The user's GLIBC_TUNABLES stays; git's settings are added. */
	assert_string_equal(out.buf, "glibc.malloc.check=0|3|core.deltaBaseCacheLimit=16m");
	tg_buf_release(&out);
}

static void test_git_sees_its_settings(void **state)
{
	const char *argv[] = {"git", "config", "--get", "core.packedGitLimit", NULL};
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;

	tg_proc_git(&c, argv);
	c.dir = tmp;
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	assert_int_equal(tg_child_check(&c, NULL), TG_OK);
	assert_string_equal(out.buf, "64m\n");
	tg_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_run_logs_and_reports_exit),
	        cmocka_unit_test(test_run_signal_and_timeout),
	        cmocka_unit_test(test_run_not_started),
	        cmocka_unit_test(test_run_input_appends),
	        cmocka_unit_test(test_run_argv_missing_program),
	        cmocka_unit_test(test_git_environment),
	        cmocka_unit_test(test_git_sees_its_settings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
