/*
 * The child-process API (proc/proc.h) against real programs: sh, cat, env,
 * pwd, sleep. The test process is a child subreaper, so the grandchildren
 * that a timeout or a process group's end must kill are reparented to it and
 * it can see how they died.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "proc/proc.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmp[64];

static void path_in_tmp(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", tmp, name);
}

static void read_file(const char *path, struct tg_buf *b)
{
	tg_buf_reset(b);
	assert_int_equal(tg_buf_read_file(b, path), TG_OK);
}

/* Runs `sh -c script` capturing stdout (and stderr when err); asserts it ran. */
static void sh_capture(const char *script, struct tg_child *c, struct tg_buf *out,
                       struct tg_buf *err)
{
	static const char *argv[4];

	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = NULL;
	tg_child_init(c, argv);
	assert_int_equal(tg_child_capture(c, NULL, 0, out, err), TG_OK);
}

/*
 * 1 when pid (a grandchild reparented to us) was killed by SIGKILL within
 * 5 s; 0 when it ended otherwise or is still running (it is killed then).
 */
static int killed_by_sigkill(pid_t pid)
{
	int status, i;

	for (i = 0; i < 500; i++) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
		if (r < 0)
			return 0;
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 0;
}

static int setup(void **state)
{
	strcpy(tmp, "/tmp/tg_proc_XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	return prctl(PR_SET_CHILD_SUBREAPER, 1) ? -1 : 0;
}

static int teardown(void **state)
{
	const char *argv[] = {"rm", "-rf", "--", tmp, NULL};
	struct tg_child c;

	tg_child_init(&c, argv);
	return tg_child_run(&c) || tg_child_code(&c);
}

static void test_argv_is_passed_as_is(void **state)
{
	const char *argv[] = {"printf", "%s|", "a", "b c", "$HOME", "'q'", NULL};
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;

	tg_child_init(&c, argv);
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	assert_string_equal(out.buf, "a|b c|$HOME|'q'|");
	assert_int_equal(c.exit_code, 0);
	assert_int_equal(c.signal, 0);
	assert_int_equal(tg_child_check(&c, NULL), TG_OK);
	tg_buf_release(&out);
}

static void test_env_inherited(void **state)
{
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;

	setenv("TG_PROC_INHERITED", "from the parent", 1);
	sh_capture("printf %s \"$TG_PROC_INHERITED\"", &c, &out, NULL);
	assert_string_equal(out.buf, "from the parent");
	unsetenv("TG_PROC_INHERITED");
	tg_buf_release(&out);
}

static void test_env_cleared(void **state)
{
	const char *argv[] = {"env", NULL};
	const char *env[] = {"ONLY=this", NULL};
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;

	setenv("TG_PROC_HIDDEN", "x", 1);
	tg_child_init(&c, argv);
	c.env_clear = 1;
	c.env = env;
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	assert_string_equal(out.buf, "ONLY=this\n");
	unsetenv("TG_PROC_HIDDEN");
	tg_buf_release(&out);
}

static void test_env_added_overridden_unset(void **state)
{
	const char *env[] = {"TG_A=new", "TG_B", "TG_C=added", NULL};
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;
	static const char *argv[] = {"sh", "-c",
	                             "printf '%s,%s,%s' \"$TG_A\" \"${TG_B-unset}\" "
	                             "\"$TG_C\"",
	                             NULL};

	setenv("TG_A", "old", 1);
	setenv("TG_B", "set", 1);
	tg_child_init(&c, argv);
	c.env = env;
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	assert_string_equal(out.buf, "new,unset,added");
	/* Ours is untouched. */
	assert_string_equal(getenv("TG_A"), "old");
	assert_string_equal(getenv("TG_B"), "set");
	assert_null(getenv("TG_C"));
	unsetenv("TG_A");
	unsetenv("TG_B");
	tg_buf_release(&out);
}

static void test_working_directory(void **state)
{
	const char *argv[] = {"pwd", "-P", NULL};
	struct tg_buf out = TG_BUF_INIT;
	char want[PATH_MAX + 1], before[PATH_MAX];
	struct tg_child c;

	assert_non_null(realpath(tmp, want));
	strcat(want, "\n");
	assert_non_null(getcwd(before, sizeof(before)));
	tg_child_init(&c, argv);
	c.dir = tmp;
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	assert_string_equal(out.buf, want);
	/* Our own directory did not move. */
	assert_string_equal(getcwd(want, sizeof(want)), before);
	tg_buf_release(&out);
}

static void test_missing_directory_reported(void **state)
{
	const char *argv[] = {"true", NULL};
	struct tg_child c;

	tg_child_init(&c, argv);
	c.dir = "/nonexistent/terragon-dir";
	assert_int_equal(tg_child_start(&c), TG_ERR_RUN);
	assert_int_equal(c.start_errno, ENOENT);
	assert_non_null(strstr(tg_error_message(), "/nonexistent/terragon-dir"));
	tg_error_clear();
}

static void test_stdin_pipe_with_data(void **state)
{
	const char *argv[] = {"cat", NULL};
	struct tg_buf in = TG_BUF_INIT, out = TG_BUF_INIT;
	struct tg_child c;
	size_t i;

	/* Far more than a pipe holds: writing and reading must take turns. */
	for (i = 0; i < 300000; i++)
		tg_buf_addch(&in, 'a' + (int)(i * 7 % 26));
	tg_child_init(&c, argv);
	assert_int_equal(tg_child_capture(&c, in.buf, in.len, &out, NULL), TG_OK);
	assert_int_equal(out.len, in.len);
	assert_memory_equal(out.buf, in.buf, in.len);
	assert_int_equal(c.exit_code, 0);
	tg_buf_release(&in);
	tg_buf_release(&out);
}

static void test_input_not_read_is_dropped(void **state)
{
	struct tg_buf in = TG_BUF_INIT, out = TG_BUF_INIT;
	const char *argv[] = {"sh", "-c", "echo done", NULL};
	struct tg_child c;

	/* A child that never reads: we must neither block nor die of SIGPIPE. */
	tg_buf_grow(&in, 1 << 20);
	memset(in.buf, 'x', 1 << 20);
	tg_buf_setlen(&in, 1 << 20);
	tg_child_init(&c, argv);
	assert_int_equal(tg_child_capture(&c, in.buf, in.len, &out, NULL), TG_OK);
	assert_string_equal(out.buf, "done\n");
	assert_int_equal(c.exit_code, 0);
	tg_buf_release(&in);
	tg_buf_release(&out);
}

static void test_stdout_stderr_to_pipes(void **state)
{
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT;
	struct tg_child c;

	sh_capture("echo out; echo err >&2; echo out2", &c, &out, &err);
	assert_string_equal(out.buf, "out\nout2\n");
	assert_string_equal(err.buf, "err\n");
	tg_buf_release(&out);
	tg_buf_release(&err);
}

static void test_stdout_stderr_to_files(void **state)
{
	const char *argv[] = {"sh", "-c", "echo out; echo err >&2", NULL};
	char outp[128], errp[128];
	struct tg_buf b = TG_BUF_INIT;
	struct tg_child c;
	int i;

	path_in_tmp(outp, sizeof(outp), "out.log");
	path_in_tmp(errp, sizeof(errp), "err.log");
	/* Twice: stdout truncated each time, stderr appended. */
	for (i = 0; i < 2; i++) {
		tg_child_init(&c, argv);
		c.out.how = TG_CHILD_PATH;
		c.out.path = outp;
		c.err.how = TG_CHILD_PATH;
		c.err.path = errp;
		c.err.append = 1;
		assert_int_equal(tg_child_run(&c), TG_OK);
	}
	read_file(outp, &b);
	assert_string_equal(b.buf, "out\n");
	read_file(errp, &b);
	assert_string_equal(b.buf, "err\nerr\n");
	tg_buf_release(&b);
}

static void test_stderr_to_stdout_and_fd(void **state)
{
	const char *argv[] = {"sh", "-c", "echo one; echo two >&2; echo three", NULL};
	char path[128];
	struct tg_buf b = TG_BUF_INIT;
	struct tg_child c;
	int fd;

	path_in_tmp(path, sizeof(path), "both.log");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	tg_child_init(&c, argv);
	c.out.how = TG_CHILD_FD;
	c.out.fd = fd;
	c.err_to_out = 1;
	assert_int_equal(tg_child_run(&c), TG_OK);
	/* The descriptor stays ours and open. */
	assert_int_equal(c.out.fd, fd);
	assert_int_equal(write(fd, "four\n", 5), 5);
	close(fd);
	read_file(path, &b);
	assert_string_equal(b.buf, "one\ntwo\nthree\nfour\n");
	tg_buf_release(&b);
}

static void test_stdin_from_file(void **state)
{
	const char *argv[] = {"cat", NULL};
	struct tg_buf out = TG_BUF_INIT;
	char path[128];
	struct tg_child c;
	FILE *f;

	path_in_tmp(path, sizeof(path), "input.txt");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("from a file\n", f);
	fclose(f);
	tg_child_init(&c, argv);
	c.in.how = TG_CHILD_PATH;
	c.in.path = path;
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	assert_string_equal(out.buf, "from a file\n");
	tg_buf_release(&out);
}

static void test_dev_null(void **state)
{
	const char *cat[] = {"cat", NULL};
	const char *both[] = {"sh", "-c", "echo hidden; echo shown >&2", NULL};
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT;
	struct tg_child c;

	/* cat on /dev/null ends at once (a terminal or our stdin would not). */
	tg_child_init(&c, cat);
	c.in.how = TG_CHILD_NULL;
	c.timeout_ms = 5000;
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	assert_int_equal(c.timed_out, 0);
	assert_int_equal(out.len, 0);
	tg_child_init(&c, both);
	c.out.how = TG_CHILD_NULL;
	assert_int_equal(tg_child_capture(&c, NULL, 0, NULL, &err), TG_OK);
	assert_string_equal(err.buf, "shown\n");
	tg_buf_release(&out);
	tg_buf_release(&err);
}

static void test_exit_status(void **state)
{
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;

	sh_capture("exit 7", &c, &out, NULL);
	assert_int_equal(c.exit_code, 7);
	assert_int_equal(c.signal, 0);
	assert_int_equal(c.timed_out, 0);
	assert_int_equal(tg_child_code(&c), 7);
	assert_int_equal(tg_child_check(&c, NULL), TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "sh failed: exit status 7"));
	assert_int_equal(tg_child_check(&c, "its own words"), TG_ERR_RUN);
	assert_string_equal(tg_error_message(), "sh failed: its own words");
	tg_error_clear();
	tg_buf_release(&out);
}

static void test_killed_by_signal(void **state)
{
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;

	sh_capture("kill -TERM $$; sleep 5", &c, &out, NULL);
	assert_int_equal(c.signal, SIGTERM);
	assert_int_equal(c.exit_code, -1);
	assert_int_equal(c.timed_out, 0);
	assert_int_equal(tg_child_code(&c), 128 + SIGTERM);
	assert_int_equal(tg_child_check(&c, NULL), TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "signal 15"));
	tg_error_clear();
	tg_buf_release(&out);
}

static void test_timeout_kills_group(void **state)
{
	const char *argv[] = {"sh", "-c", "sleep 100 & echo $!; wait", NULL};
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;
	double t0 = tg_clock_mono();
	pid_t grandchild;

	tg_child_init(&c, argv);
	c.own_group = 1;
	c.timeout_ms = 300;
	assert_int_equal(tg_child_capture(&c, NULL, 0, &out, NULL), TG_OK);
	assert_true(tg_clock_mono() - t0 < 30);
	assert_int_equal(c.timed_out, 1);
	assert_int_equal(c.signal, SIGKILL);
	assert_int_equal(tg_child_code(&c), -1);
	assert_int_equal(tg_child_check(&c, NULL), TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "timeout"));
	tg_error_clear();
	/* The sleep it started went with it. */
	grandchild = (pid_t)atol(out.buf);
	assert_true(grandchild > 0);
	assert_true(killed_by_sigkill(grandchild));
	tg_buf_release(&out);
}

static void test_timeout_without_pipes(void **state)
{
	const char *argv[] = {"sleep", "100", NULL};
	struct tg_child c;

	tg_child_init(&c, argv);
	c.timeout_ms = 200;
	assert_int_equal(tg_child_run(&c), TG_OK);
	assert_int_equal(c.timed_out, 1);
	assert_int_equal(c.signal, SIGKILL);
}

static void test_group_leftovers_killed_at_end(void **state)
{
	const char *argv[] = {"sh", "-c", "sleep 100 & echo $! >leftover", NULL};
	struct tg_buf b = TG_BUF_INIT;
	char path[128];
	struct tg_child c;

	tg_child_init(&c, argv);
	c.dir = tmp;
	c.own_group = 1;
	assert_int_equal(tg_child_run(&c), TG_OK);
	assert_int_equal(c.exit_code, 0);
	assert_int_equal(c.timed_out, 0);
	path_in_tmp(path, sizeof(path), "leftover");
	read_file(path, &b);
	assert_true(atol(b.buf) > 0);
	assert_true(killed_by_sigkill((pid_t)atol(b.buf)));
	tg_buf_release(&b);
}

static void test_missing_program_reported(void **state)
{
	const char *argv[] = {"terragon-no-such-program", "x", NULL};
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;

	tg_child_init(&c, argv);
	assert_int_equal(tg_child_capture(&c, "in", 2, &out, NULL), TG_ERR_RUN);
	assert_int_equal(c.start_errno, ENOENT);
	assert_non_null(strstr(tg_error_message(), "terragon-no-such-program"));
	/* Nothing is left open or running. */
	assert_int_equal(c.in.fd, -1);
	assert_int_equal(c.out.fd, -1);
	assert_int_equal(c.pid, 0);
	tg_error_clear();
	tg_buf_release(&out);
}

static void *capture_many(void *arg)
{
	const char *argv[] = {"cat", NULL};
	struct tg_buf in = TG_BUF_INIT, out = TG_BUF_INIT;
	long id = (long)(intptr_t)arg, bad = 0;
	int i;

	for (i = 0; i < 20; i++) {
		struct tg_child c;

		tg_buf_reset(&in);
		tg_buf_reset(&out);
		tg_buf_addf(&in, "thread %ld run %d\n", id, i);
		tg_child_init(&c, argv);
		if (tg_child_capture(&c, in.buf, in.len, &out, NULL) || strcmp(out.buf, in.buf) ||
		    c.exit_code)
			bad++;
	}
	tg_buf_release(&in);
	tg_buf_release(&out);
	return (void *)(intptr_t)bad;
}

static void test_threads_capture_at_once(void **state)
{
	pthread_t t[4];
	long i;

	/* As history's segments run their git processes side by side. */
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, capture_many, (void *)(intptr_t)i), 0);
	for (i = 0; i < 4; i++) {
		void *bad;

		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_int_equal((intptr_t)bad, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_argv_is_passed_as_is),
	        cmocka_unit_test(test_env_inherited),
	        cmocka_unit_test(test_env_cleared),
	        cmocka_unit_test(test_env_added_overridden_unset),
	        cmocka_unit_test(test_working_directory),
	        cmocka_unit_test(test_missing_directory_reported),
	        cmocka_unit_test(test_stdin_pipe_with_data),
	        cmocka_unit_test(test_input_not_read_is_dropped),
	        cmocka_unit_test(test_stdout_stderr_to_pipes),
	        cmocka_unit_test(test_stdout_stderr_to_files),
	        cmocka_unit_test(test_stderr_to_stdout_and_fd),
	        cmocka_unit_test(test_stdin_from_file),
	        cmocka_unit_test(test_dev_null),
	        cmocka_unit_test(test_exit_status),
	        cmocka_unit_test(test_killed_by_signal),
	        cmocka_unit_test(test_timeout_kills_group),
	        cmocka_unit_test(test_timeout_without_pipes),
	        cmocka_unit_test(test_group_leftovers_killed_at_end),
	        cmocka_unit_test(test_missing_program_reported),
	        cmocka_unit_test(test_threads_capture_at_once),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
