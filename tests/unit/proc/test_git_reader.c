/*
 * git as a reader (tg_proc_git_reader): in a repository whose configuration
 * runs a program for each hook, the fsmonitor, a filter named by the tree's
 * .gitattributes and an external diff, a reader's git runs none of them,
 * while the user's git (tg_proc_git) runs each: the control that shows the
 * repository is armed. The user's own GIT_CONFIG_COUNT pairs (set in main,
 * before the first git) are kept, and the reader's come after them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "proc/proc.h"
#include "testlib.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *tmp;
static char repo[512], marks[512];

/* A repository whose hooks, fsmonitor, filter x and external diff touch marks/<name>. */
static void armed_repo(void)
{
	tmp = tl_tmpdir();
	snprintf(repo, sizeof(repo), "%s/repo", tmp);
	snprintf(marks, sizeof(marks), "%s/marks", tmp);
	tl_write(tmp, "repo/a.txt", "one\n");
	tl_write(tmp, "repo/.gitattributes", "*.txt filter=x\n");
	tl_git_repo(repo);
	tl_sh(tmp,
	      "mkdir -p marks hooks && for h in pre-commit post-checkout reference-transaction; do "
	      "printf '#!/bin/sh\\ntouch %s/hook-%%s\\n' $h > hooks/$h; chmod +x hooks/$h; done && "
	      "cd repo && git config core.hooksPath %s/hooks && "
	      "git config filter.x.smudge 'touch %s/smudge; cat' && "
	      "git config filter.x.clean 'touch %s/clean; cat' && "
	      "git config filter.x.required true && "
	      "git config diff.external 'touch %s/external; true' && "
	      "printf '#!/bin/sh\\ntouch %s/fsmonitor\\n' > ../fsmon && chmod +x ../fsmon && "
	      "git config core.fsmonitor %s/fsmon && echo two >> a.txt",
	      marks, tmp, marks, marks, marks, marks, tmp);
	/* Nothing ran yet that we count: what set-up ran is forgotten. */
	tl_sh(tmp, "rm -f marks/*");
}

static void disarm(void)
{
	tl_rmtree(tmp);
	tmp = NULL;
}

/* The names in marks/, sorted, space-separated. */
static void ran(struct tg_buf *out)
{
	const char *argv[] = {"sh", "-c", "ls | sort | tr '\\n' ' '", NULL};
	struct tg_child c;

	tg_buf_reset(out);
	tg_child_init(&c, argv);
	c.dir = marks;
	assert_int_equal(tg_child_capture(&c, NULL, 0, out, NULL), 0);
}

/* Runs git with args in the repository, as a reader or as the user's git. */
static int git(int reader, const char *const *args)
{
	const char *argv[16] = {"git"};
	struct tg_child c;
	size_t n = 1;

	while (*args)
		argv[n++] = *args++;
	argv[n] = NULL;
	if (reader)
		tg_proc_git_reader(&c, argv, repo);
	else
		tg_proc_git(&c, argv);
	c.dir = repo;
	c.in.how = TG_CHILD_NULL;
	c.out.how = TG_CHILD_NULL;
	c.err.how = TG_CHILD_NULL;
	assert_int_equal(tg_child_run(&c), 0);
	return tg_child_code(&c);
}

/* What a dry run's git does: status, add, commit, diff, archive, a worktree, a branch. */
static void work(int reader)
{
	const char *status[] = {"status", "--porcelain", NULL};
	const char *add[] = {"add", "-A", NULL};
	const char *commit[] = {"commit", "-q", "-m", "two", NULL};
	const char *diff[] = {"diff", "--no-ext-diff", "--no-textconv", "HEAD~", "HEAD", NULL};
	const char *plain_diff[] = {"diff", "HEAD~", "HEAD", NULL};
	const char *archive[] = {"archive", "-o", "../out.tar", "HEAD", NULL};
	const char *wt[] = {"worktree", "add", "-q", "--detach", "../wt", "HEAD", NULL};
	const char *branch[] = {"branch", "topic", NULL};

	assert_int_equal(git(reader, status), 0);
	assert_int_equal(git(reader, add), 0);
	assert_int_equal(git(reader, commit), 0);
	assert_int_equal(git(reader, diff), 0);
	/* Without the flags: the reader's refuses the external diff, it does not run it. */
	assert_int_equal(git(reader, plain_diff) != 0, reader);
	assert_int_equal(git(reader, archive), 0);
	assert_int_equal(git(reader, wt), 0);
	assert_int_equal(git(reader, branch), 0);
}

static void test_reader_runs_no_hook_filter_fsmonitor_or_external_diff(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	armed_repo();
	work(1);
	ran(&b);
	assert_string_equal(b.buf, "");
	disarm();
	tg_buf_release(&b);
}

static void test_users_git_runs_them_all(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	armed_repo();
	work(0);
	ran(&b);
	assert_string_equal(b.buf, "clean external fsmonitor hook-post-checkout hook-pre-commit "
	                           "hook-reference-transaction smudge ");
	disarm();
	tg_buf_release(&b);
}

/* The entry NAME=... of env, or NULL; a bare NAME (unset) matches too. */
static const char *entry(const char *const *env, const char *name)
{
	size_t n = strlen(name);

	for (; *env; env++)
		if (!strncmp(*env, name, n) && ((*env)[n] == '=' || !(*env)[n]))
			return *env;
	return NULL;
}

static void test_reader_env_keeps_the_users_pairs_and_comes_after(void **state)
{
	const char *const *env;
	char *dir = tl_tmpdir();

	(void)state;
	env = tg_proc_git_reader_env(dir);
	/* main set one pair of the user's: ours are numbered after it. */
	assert_null(entry(env, "GIT_CONFIG_KEY_0"));
	assert_string_equal(entry(env, "GIT_CONFIG_KEY_1"), "GIT_CONFIG_KEY_1=core.fsmonitor");
	assert_string_equal(entry(env, "GIT_CONFIG_VALUE_2"), "GIT_CONFIG_VALUE_2=/dev/null");
	assert_non_null(entry(env, "GIT_CONFIG_COUNT"));
	assert_string_equal(entry(env, "GIT_TERMINAL_PROMPT"), "GIT_TERMINAL_PROMPT=0");
	assert_string_equal(entry(env, "GIT_SSH_COMMAND"), "GIT_SSH_COMMAND");
	/* The same repository, the same entries: built once. */
	assert_ptr_equal(tg_proc_git_reader_env(dir), env);
	tl_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_reader_runs_no_hook_filter_fsmonitor_or_external_diff),
	        cmocka_unit_test(test_users_git_runs_them_all),
	        cmocka_unit_test(test_reader_env_keeps_the_users_pairs_and_comes_after),
	};

	/* The user's own pair, as CI sets some: the reader's hooksPath must still win. */
	setenv("GIT_CONFIG_COUNT", "1", 1);
	setenv("GIT_CONFIG_KEY_0", "core.quotePath", 1);
	setenv("GIT_CONFIG_VALUE_0", "false", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
