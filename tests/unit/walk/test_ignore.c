#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "walk/ignore_int.h"
#include "walk/walk.h"

#include "util/error.h"
#include "util/strlist.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * gitignore(5) semantics, one row a case: the root .gitignore, sub/.gitignore,
 * .git/info/exclude and config globs, then a path and whether git ignores it.
 * Every row without a config glob was checked against `git check-ignore`.
 */
struct ig_case {
	const char *root, *sub, *exclude, *glob;
	const char *path;
	int is_dir, want;
};

static const struct ig_case cases[] = {
        {"*.o", NULL, NULL, NULL, "a.o", 0, 1},
        {"*.o", NULL, NULL, NULL, "src/deep/x.o", 0, 1},
        {"*.o", NULL, NULL, NULL, "x.c", 0, 0},
        {"/build", NULL, NULL, NULL, "build", 1, 1},
        {"/build", NULL, NULL, NULL, "src/build", 1, 0},
        {"build/", NULL, NULL, NULL, "build", 0, 0},
        {"build/", NULL, NULL, NULL, "src/build", 1, 1},
        {"logs/", NULL, NULL, NULL, "logs/today.txt", 0, 1},
        {"doc/*.txt", NULL, NULL, NULL, "doc/a.txt", 0, 1},
        {"doc/*.txt", NULL, NULL, NULL, "doc/sub/a.txt", 0, 0},
        {"foo/bar", NULL, NULL, NULL, "x/foo/bar", 0, 0},
        {"**/foo", NULL, NULL, NULL, "a/b/foo", 0, 1},
        {"**/foo", NULL, NULL, NULL, "foo", 0, 1},
        {"a/**/b", NULL, NULL, NULL, "a/b", 0, 1},
        {"a/**/b", NULL, NULL, NULL, "a/x/y/b", 0, 1},
        {"a/**/b", NULL, NULL, NULL, "a/x/y/c", 0, 0},
        {"abc/**", NULL, NULL, NULL, "abc/x/y", 0, 1},
        {"abc/**", NULL, NULL, NULL, "abc", 1, 0},
        {"a**b", NULL, NULL, NULL, "axxb", 0, 1},
        {"*.log\n!keep.log", NULL, NULL, NULL, "keep.log", 0, 0},
        {"*.log\n!keep.log", NULL, NULL, NULL, "other.log", 0, 1},
        {"!keep.log\n*.log", NULL, NULL, NULL, "keep.log", 0, 1},
        {"dir/\n!dir/keep.c", NULL, NULL, NULL, "dir/keep.c", 0, 1},
        {"dir/*\n!dir/keep.c", NULL, NULL, NULL, "dir/keep.c", 0, 0},
        {"dir/*\n!dir/keep.c", NULL, NULL, NULL, "dir/other.c", 0, 1},
        {"*.gen", "!*.gen", NULL, NULL, "sub/x.gen", 0, 0},
        {"*.gen", "!*.gen", NULL, NULL, "x.gen", 0, 1},
        {NULL, "/only", NULL, NULL, "sub/only", 0, 1},
        {NULL, "/only", NULL, NULL, "only", 0, 0},
        {NULL, "/only", NULL, NULL, "sub/deeper/only", 0, 0},
        {NULL, "x/y", NULL, NULL, "sub/x/y", 0, 1},
        {"\\#hash", NULL, NULL, NULL, "#hash", 0, 1},
        {"#comment", NULL, NULL, NULL, "#comment", 0, 0},
        {"\\!bang", NULL, NULL, NULL, "!bang", 0, 1},
        {"trail   ", NULL, NULL, NULL, "trail", 0, 1},
        {"sp\\ ", NULL, NULL, NULL, "sp ", 0, 1},
        {"file[0-9].c", NULL, NULL, NULL, "file3.c", 0, 1},
        {"file[0-9].c", NULL, NULL, NULL, "filex.c", 0, 0},
        {"[!a]*.c", NULL, NULL, NULL, "b.c", 0, 1},
        {"[!a]*.c", NULL, NULL, NULL, "a.c", 0, 0},
        {"[[:digit:]]x", NULL, NULL, NULL, "5x", 0, 1},
        {"[]]x", NULL, NULL, NULL, "]x", 0, 1},
        {"?.c", NULL, NULL, NULL, "a.c", 0, 1},
        {"?.c", NULL, NULL, NULL, "ab.c", 0, 0},
        {"a/*.c", NULL, NULL, NULL, "a/b/c.c", 0, 0},
        {"a/?", NULL, NULL, NULL, "a/b", 0, 1},
        {"a.txt\r\nb.txt\r\n", NULL, NULL, NULL, "b.txt", 0, 1},
        {"!keep.tmp", NULL, "*.tmp", NULL, "keep.tmp", 0, 0},
        {NULL, NULL, "*.tmp", NULL, "x/y.tmp", 0, 1},
        {"!a.secret", NULL, NULL, "*.secret", "a.secret", 0, 1},
        {NULL, NULL, NULL, "gen/", "gen/x.c", 0, 1},
        {"\\*star", NULL, NULL, NULL, "xstar", 0, 0},
        {"*", NULL, NULL, NULL, "anything/at/all", 0, 1},
        {"*\n!*/\n!*.c", NULL, NULL, NULL, "src/main.c", 0, 0},
        {"*\n!*/\n!*.c", NULL, NULL, NULL, "src/main.h", 0, 1},
};

static struct tg_ignore *build(const struct ig_case *c)
{
	struct tg_ignore *ig = tg_ignore_new();
	struct tg_strlist g = TG_STRLIST_INIT;

	if (c->root)
		tg_ignore_add(ig, "", c->root, strlen(c->root));
	if (c->sub)
		tg_ignore_add(ig, "sub", c->sub, strlen(c->sub));
	if (c->exclude)
		tg_ignore_add_exclude(ig, c->exclude, strlen(c->exclude));
	if (c->glob) {
		tg_strlist_add(&g, c->glob);
		tg_ignore_add_globs(ig, &g);
		tg_strlist_clear(&g);
	}
	return ig;
}

static void test_gitignore_rows_match_git(void **state)
{
	size_t i, failed = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tg_ignore *ig = build(&cases[i]);
		int got = tg_ignore_match(ig, cases[i].path, cases[i].is_dir);

		if (got != cases[i].want) {
			fprintf(stderr, "case %zu: root=%s sub=%s path=%s: got %d want %d\n", i,
			        cases[i].root ? cases[i].root : "-",
			        cases[i].sub ? cases[i].sub : "-", cases[i].path, got,
			        cases[i].want);
			failed++;
		}
		tg_ignore_free(ig);
	}
	assert_int_equal(failed, 0);
}

/* tg_ignore_load reads every level's ignore files and info/exclude from disk. */
static void test_load_from_disk(void **state)
{
	char *dir = tl_tmpdir();
	struct tg_ignore *ig;
	struct tg_strlist globs = TG_STRLIST_INIT;

	tl_write(dir, ".gitignore", "*.o\nout/\n");
	tl_write(dir, "src/.gitignore", "!keep.o\n/local.c\n");
	tl_write(dir, "src/deep/.terragonignore", "*.c\n");
	tl_write(dir, "out/.gitignore", "!*\n");
	tl_write(dir, ".git/info/exclude", "*.tmp\n");
	tg_strlist_add(&globs, "*.secret");
	assert_int_equal(tg_ignore_load(&ig, dir, &globs), TG_OK);
	assert_int_equal(tg_ignore_match(ig, "a.o", 0), 1);
	assert_int_equal(tg_ignore_match(ig, "src/keep.o", 0), 0);
	assert_int_equal(tg_ignore_match(ig, "src/other.o", 0), 1);
	assert_int_equal(tg_ignore_match(ig, "src/local.c", 0), 1);
	assert_int_equal(tg_ignore_match(ig, "src/x/local.c", 0), 0);
	assert_int_equal(tg_ignore_match(ig, "src/deep/a.c", 0), 1);
	assert_int_equal(tg_ignore_match(ig, "src/deep/a.h", 0), 0);
	/* out/ is excluded: its own negation is never read, as git never reads it */
	assert_int_equal(tg_ignore_match(ig, "out/x.c", 0), 1);
	assert_int_equal(tg_ignore_match(ig, "t.tmp", 0), 1);
	assert_int_equal(tg_ignore_match(ig, "a.secret", 0), 1);
	assert_int_equal(tg_ignore_match(ig, "a.c", 0), 0);
	tg_ignore_free(ig);
	tg_strlist_clear(&globs);
	assert_int_equal(tg_ignore_load(&ig, "/nonexistent/tg-ignore", NULL), TG_ERR_USAGE);
	assert_null(ig);
	tl_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_gitignore_rows_match_git),
	        cmocka_unit_test(test_load_from_disk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
