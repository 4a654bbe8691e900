#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testlib.h"

#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Every case runs twice: once through openat2 (where this kernel has it) and
 * once through the openat(O_NOFOLLOW) walk, forced as on an older kernel. The
 * tree: root/ is the repository; victim/ beside it is what links point at.
 */
struct tree {
	char *tmp, root[4096], victim[4096];
};

static int make_tree(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	t->tmp = tl_tmpdir();
	snprintf(t->root, sizeof(t->root), "%s/root", t->tmp);
	snprintf(t->victim, sizeof(t->victim), "%s/victim", t->tmp);
	tl_write(t->tmp, "victim/secret", "outside bytes\n");
	tl_write(t->tmp, "root/a/b/file.txt", "inside\n");
	tl_sh(t->tmp, "cd root && ln -s ../../victim a/out && ln -s b/file.txt a/flink && "
	              "ln -s ../victim/created dangling && ln -s ../victim home && "
	              "mkfifo a/fifo && ln -s a sub");
	*state = t;
	tg_error_clear();
	return 0;
}

static int remove_tree(void **state)
{
	struct tree *t = *state;

	tl_rmtree(t->tmp);
	free(t);
	return 0;
}

static void expect_refusal(int rc, const char *words)
{
	assert_int_equal(rc, TG_ERR_INPUT);
	if (!strstr(tg_error_message(), words))
		fail_msg("message \"%s\" does not say \"%s\"", tg_error_message(), words);
	tg_error_clear();
}

static void test_regular_file_is_read(void **state)
{
	struct tree *t = *state;
	struct tg_buf b = TG_BUF_INIT;

	assert_int_equal(tg_beneath_read_file(&b, t->root, "a/b/file.txt"), TG_OK);
	assert_string_equal(b.buf, "inside\n");
	tg_buf_reset(&b);
	assert_int_equal(tg_beneath_read_file(&b, t->root, "./a//b/./file.txt"), TG_OK);
	assert_string_equal(b.buf, "inside\n");
	assert_int_equal(tg_beneath_read_file(&b, t->root, "a/missing"), TG_ERR_NOTFOUND);
	assert_non_null(strstr(tg_error_message(), "a/missing"));
	assert_int_equal(tg_beneath_read_file(&b, t->root, "a/b/file.txt/x"), TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "a/b/file.txt is not a directory"));
	tg_buf_release(&b);
}

static void test_symlink_in_the_middle_is_refused(void **state)
{
	struct tree *t = *state;
	struct tg_buf b = TG_BUF_INIT;
	struct stat st;

	expect_refusal(tg_beneath_read_file(&b, t->root, "a/out/secret"),
	               "a/out/secret: refusing symbolic link a/out");
	/* A link that stays inside the tree is refused all the same. */
	expect_refusal(tg_beneath_read_file(&b, t->root, "sub/b/file.txt"),
	               "refusing symbolic link sub");
	expect_refusal(tg_beneath_lstat(t->root, "home/.bashrc", &st), "refusing symbolic link");
	assert_int_equal(b.len, 0);
	tg_buf_release(&b);
}

static void test_symlink_at_the_end_is_refused(void **state)
{
	struct tree *t = *state;
	struct tg_buf b = TG_BUF_INIT;
	struct stat st;
	int fd;

	expect_refusal(tg_beneath_read_file(&b, t->root, "a/flink"),
	               "a/flink: refusing symbolic link");
	expect_refusal(tg_beneath_open(t->root, "home", O_RDONLY | O_DIRECTORY, 0, &fd),
	               "refusing symbolic link");
	assert_int_equal(fd, -1);
	expect_refusal(tg_beneath_lstat(t->root, "a/flink", &st), "refusing symbolic link");
	assert_int_equal(b.len, 0);
	tg_buf_release(&b);
}

static void test_dangling_symlink_creates_nothing(void **state)
{
	struct tree *t = *state;
	struct tg_buf b = TG_BUF_INIT, created = TG_BUF_INIT;
	struct stat st;
	int fd;

	tg_buf_adds(&b, "written\n");
	tg_buf_addf(&created, "%s/created", t->victim);
	expect_refusal(tg_beneath_open(t->root, "dangling", O_WRONLY | O_CREAT, 0644, &fd),
	               "dangling: refusing symbolic link");
	expect_refusal(tg_beneath_write_file(&b, t->root, "dangling"), "refusing symbolic link");
	expect_refusal(tg_beneath_mkdir(t->root, "dangling", 0755), "refusing symbolic link");
	expect_refusal(tg_beneath_write_file(&b, t->root, "home/.bashrc"),
	               "refusing symbolic link home");
	assert_int_equal(lstat(created.buf, &st), -1);
	tg_buf_reset(&created);
	tg_buf_addf(&created, "%s/.bashrc", t->victim);
	assert_int_equal(lstat(created.buf, &st), -1);
	tg_buf_release(&b);
	tg_buf_release(&created);
}

static void test_dotdot_and_absolute_escape(void **state)
{
	struct tree *t = *state;
	struct tg_buf b = TG_BUF_INIT, abs = TG_BUF_INIT;
	int fd;

	expect_refusal(tg_beneath_read_file(&b, t->root, "../victim/secret"),
	               "escapes the repository");
	/* Even a ".." that would stay inside: the text alone decides. */
	expect_refusal(tg_beneath_read_file(&b, t->root, "a/../a/b/file.txt"),
	               "escapes the repository");
	tg_buf_addf(&abs, "%s/secret", t->victim);
	expect_refusal(tg_beneath_read_file(&b, t->root, abs.buf), "escapes the repository");
	expect_refusal(tg_beneath_open(t->root, "", O_RDONLY, 0, &fd), "empty path");
	expect_refusal(tg_beneath_mkdir(t->root, "x/../../y", 0755), "escapes the repository");
	assert_int_equal(b.len, 0);
	tg_buf_release(&b);
	tg_buf_release(&abs);
}

static void test_fifo_is_refused_without_blocking(void **state)
{
	struct tree *t = *state;
	struct tg_buf b = TG_BUF_INIT;
	struct stat st;
	int fd;

	alarm(20); /* a regression would block in open(2) for a writer: fail, not hang */
	expect_refusal(tg_beneath_read_file(&b, t->root, "a/fifo"), "a/fifo: not a regular file");
	expect_refusal(tg_beneath_open_file(t->root, "a", &fd, &st), "not a regular file");
	expect_refusal(tg_beneath_write_file(&b, t->root, "a/fifo"), "not a regular file");
	alarm(0);
	tg_buf_release(&b);
}

static void test_file_is_created_beneath(void **state)
{
	struct tree *t = *state;
	struct tg_buf b = TG_BUF_INIT, back = TG_BUF_INIT;
	struct stat st;

	assert_int_equal(tg_beneath_mkdir(t->root, ".terragon/logs", 0755), TG_OK);
	assert_int_equal(tg_beneath_mkdir(t->root, ".terragon", 0755), TG_OK);
	tg_buf_adds(&b, "new\n");
	assert_int_equal(tg_beneath_write_file(&b, t->root, ".terragon/logs/x.log"), TG_OK);
	assert_int_equal(tg_beneath_read_file(&back, t->root, ".terragon/logs/x.log"), TG_OK);
	assert_string_equal(back.buf, "new\n");
	/* Replacing a file keeps its mode: a fixed script stays executable. */
	tl_sh(t->root, "chmod 755 a/b/file.txt");
	assert_int_equal(tg_beneath_write_file(&b, t->root, "a/b/file.txt"), TG_OK);
	assert_int_equal(tg_beneath_lstat(t->root, "a/b/file.txt", &st), TG_OK);
	assert_int_equal(st.st_mode & 0777, 0755);
	assert_int_equal(tg_beneath_lstat(t->root, "a/b/none", &st), TG_ERR_NOTFOUND);
	tg_buf_release(&b);
	tg_buf_release(&back);
}

static int use_openat2(void **state)
{
	(void)state;
	tg_beneath_force_walk(0);
	return 0;
}

static int use_walk(void **state)
{
	(void)state;
	tg_beneath_force_walk(1);
	return 0;
}

#define CASE(f) cmocka_unit_test_setup_teardown(f, make_tree, remove_tree)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        CASE(test_regular_file_is_read),
	        CASE(test_symlink_in_the_middle_is_refused),
	        CASE(test_symlink_at_the_end_is_refused),
	        CASE(test_dangling_symlink_creates_nothing),
	        CASE(test_dotdot_and_absolute_escape),
	        CASE(test_fifo_is_refused_without_blocking),
	        CASE(test_file_is_created_beneath),
	};
	int failed = cmocka_run_group_tests_name("openat2", tests, use_openat2, NULL);

	failed += cmocka_run_group_tests_name("openat(O_NOFOLLOW) walk", tests, use_walk,
	                                      use_openat2);
	return failed;
}
