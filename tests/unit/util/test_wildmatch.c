#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/wildmatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/*
 * util/wildmatch against git itself. Each row's answer is git's, and the
 * test asks git again at every run, so the table cannot drift from it: git
 * lists the row's path from an index holding only that path when the
 * pattern, given as a pathspec, matches. A ":(glob)" pathspec is matched by
 * wildmatch() with WM_PATHNAME, a plain one by wildmatch() without it
 * (gitglossary(7)). To add rows, write them with any answer and run
 * `test_wildmatch --print-table`: it prints the table with git's answers.
 *
 * A pathspec is more than wildmatch() in two ways the rows keep clear of: a
 * pattern also matches every path under it taken literally ("a/" lists
 * "a/b"), and git matches the part of a pattern before its first wildcard
 * on its own, so a double star right after that part counts as a whole
 * component ("a**" + "/b" lists "ax/y/b", which wildmatch() does not match).
 */
#define P TG_WM_PATHNAME

struct wm_case {
	unsigned flags;
	const char *pat, *path;
	int want;
};

static const struct wm_case cases[] = {
        {P, "*", "a", 1},
        {P, "*", "a/b", 0},
        {P, "*", ".hidden", 1},
        {P, "*.c", "x.c", 1},
        {P, "*.c", "d/x.c", 0},
        {P, "*.c", ".c", 1},
        {P, "a*", "a", 1},
        {P, "a*", "abc/d", 0},
        {P, "a*a", "aa", 1},
        {P, "a*a", "a", 0},
        {P, "*a*b*c*", "aXbYc", 1},
        {P, "*a*b*c*", "aXb/c", 0},
        {P, "*/b", "a/b", 1},
        {P, "*/b", "a/x/b", 0},
        {P, "a/*", "a/b", 1},
        {P, "a/*", "a/b/c", 0},
        {P, "a/*/c", "a/b/c", 1},
        {P, "a/*/c", "a/c", 0},
        {P, "*/*/*", "a/b/c", 1},
        {P, "*/*/*", "a/b", 0},
        {P, "*/*", "a/b/c", 0},
        {P, "?", "a", 1},
        {P, "??", "a", 0},
        {P, "a?c", "abc", 1},
        {P, "a?c", "a/c", 0},
        {P, "?.c", "x.c", 1},
        {P, "?.c", ".c", 0},
        {P, "[abc]", "b", 1},
        {P, "[abc]", "d", 0},
        {P, "[a-c]", "b", 1},
        {P, "[a-c]", "d", 0},
        {P, "[A-Z]", "a", 0},
        {P, "[a-z]*.c", "main.c", 1},
        {P, "[a-z]*.c", "Main.c", 0},
        {P, "[!a-c]", "d", 1},
        {P, "[!a-c]", "a", 0},
        {P, "[^a-c]", "d", 1},
        {P, "[^a-c]", "b", 0},
        {P, "[]a]", "]", 1},
        {P, "[!]a]", "]", 0},
        {P, "[!]a]", "b", 1},
        {P, "[a-]", "-", 1},
        {P, "[-a]", "-", 1},
        {P, "[a\\-c]", "-", 1},
        {P, "[a\\-c]", "b", 0},
        {P, "[\\]]", "]", 1},
        {P, "a[/]b", "a/b", 0},
        {P, "a[!x]b", "a/b", 0},
        {P, "[[:]", ":", 1},
        {P, "[[:]", "[", 1},
        {P, "[[:alpha:]]", "x", 1},
        {P, "[[:alpha:]]", "1", 0},
        {P, "[[:digit:]]*", "1a", 1},
        {P, "[[:upper:]][[:lower:]]", "Ab", 1},
        {P, "[[:upper:]]", "a", 0},
        {P, "a[[:space:]]b", "a b", 1},
        {P, "a[[:space:]]b", "a\011b", 1},
        {P, "a[[:space:]]b", "a\013b", 0},
        {P, "a[[:space:]]b", "a\014b", 0},
        {P, "[[:cntrl:]]", "\013", 1},
        {P, "a[[:blank:]]b", "a-b", 0},
        {P, "[[:punct:]]", "!", 1},
        {P, "[[:punct:]]", "a", 0},
        {P, "[[:xdigit:]]", "f", 1},
        {P, "[[:xdigit:]]", "g", 0},
        {P, "[[:alnum:]_]*", "_x", 1},
        {P, "[![:alpha:]]", "1", 1},
        {P, "[![:alpha:]]", "q", 0},
        {P, "[[:alpha:][:digit:]]", "5", 1},
        {P, "[[:foo:]]", "f", 0},
        {P, "[[:a]b:]]", "ab:]]", 1},
        {P, "[[:a]b:]]", "[b:]]", 1},
        {P, "[[:a]b:]]", "b", 0},
        {P, "[a-\\z]", "m", 1},
        {P, "[[:alpha:]", "a", 0},
        {P, "[a-c", "b", 0},
        {P, "\\*", "*", 1},
        {P, "\\*", "x", 0},
        {P, "a\\?b", "a?b", 1},
        {P, "a\\?b", "axb", 0},
        {P, "\\[a]", "[a]", 1},
        {P, "\\[a]", "a", 0},
        {P, "\\a", "a", 1},
        {P, "foo\\", "foo", 0},
        {P, "a\\*b*", "a*bc", 1},
        {P, "a\\*b*", "axbc", 0},
        {P, "**", "a", 1},
        {P, "**", "a/b/c", 1},
        {P, "**", ".x/y", 1},
        {P, "**/b", "b", 1},
        {P, "**/b", "a/b", 1},
        {P, "**/b", "a/x/b", 1},
        {P, "**/b", "a/xb", 0},
        {P, "**/*.c", "a/b/c.c", 1},
        {P, "**/*.c", "c.c", 1},
        {P, "**/.*", "a/b/.c", 1},
        {P, "a/**", "a/b", 1},
        {P, "a/**", "a/b/c", 1},
        {P, "a/**", "a", 0},
        {P, "a/**", "ab/c", 0},
        {P, "a/**/b", "a/b", 1},
        {P, "a/**/b", "a/x/b", 1},
        {P, "a/**/b", "a/x/y/b", 1},
        {P, "a/**/b", "a/xb", 0},
        {P, "a/**/b", "x/a/b", 0},
        {P, "a/**/a/b", "a/b", 0},
        {P, "a/**/a/b", "a/a/b", 1},
        {P, "a/**/**/b", "a/b", 1},
        {P, "a/**/**/b", "a/x/y/b", 1},
        {P, "**/a/**", "x/a/y", 1},
        {P, "**/a/**", "a/y", 1},
        {P, "**/a/**", "x/ab/y", 0},
        {P, "a**b", "a/x/b", 0},
        {P, "a**b", "axb", 1},
        {P, "a**b", "ab", 1},
        {P, "*a**", "xa/b", 0},
        {P, "*a**", "xab", 1},
        {P, "**a", "x/a", 0},
        {P, "**a", "xa", 1},
        {P, "a/**b", "a/x/b", 0},
        {P, "a/**b", "a/xb", 1},
        {P, "***/b", "a/x/b", 1},
        {P, "a/**\\/b", "a/x/b", 1},
        {P, "a/**\\/b", "a/b", 0},
        {P, "a/***", "a/b/c", 1},
        {P, ".*", ".gitignore", 1},
        {P, ".*", "a/.gitignore", 0},
        {P, "*/.*", "a/.b", 1},
        {P, "a/*", "a/.b", 1},
        {P, "?gitignore", ".gitignore", 1},
        {P, "[.]gitignore", ".gitignore", 1},
        {P, "*/", "a/b", 0},
        {P, "a/*/", "a/b/c", 0},
        {P, "a/**/", "a/b", 0},
        {P, "a/b/c/d.c", "a/b/c/d.c", 1},
        {P, "a/*/c/*.c", "a/b/c/d.c", 1},
        {P, "a/*/c/*.c", "a/b/x/c/d.c", 0},
        {P, "a/**/c/*.c", "a/b/x/c/d.c", 1},
        {P, "src/**/gen_*.c", "src/x/y/gen_a.c", 1},
        {P, "src/**/gen_*.c", "src/gen_a.c", 1},
        {P, "src/**/gen_*.c", "lib/x/gen_a.c", 0},
        {P, "vendor/**/*.min.js", "vendor/x/y/z.min.js", 1},
        {P, "vendor/**/*.min.js", "vendor/z.min.js", 1},
        {P, "vendor/**/*.min.js", "lib/vendor/z.min.js", 0},
        {0, "*", "a/b", 1},
        {0, "*", ".x", 1},
        {0, "a*b", "a/x/b", 1},
        {0, "a?b", "a/b", 1},
        {0, "a[/]b", "a/b", 1},
        {0, "a[!x]b", "a/b", 1},
        {0, "**/b", "b", 0},
        {0, "**/b", "x/y/b", 1},
        {0, "*.c", "d/x.c", 1},
        {0, "*-missing", "license-missing", 1},
        {0, "license-*", "security-policy-missing", 0},
        {0, "[[:alpha:]]*", "x/1", 1},
        {0, "\\*x", "*x", 1},
};

/* The empty blob's id: git needs none to exist to list a path. */
#define EMPTY_BLOB "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"

static char repo[] = "/tmp/tg-wildmatch-XXXXXX";

/*
 * Runs git with argv (argv[0] is "git"); its status, and its stdout in out.
 * posix_spawn, not fork: a sanitizer build's address space is large to copy.
 */
static int run_git(char *const argv[], struct tg_buf *out)
{
	posix_spawn_file_actions_t fa;
	char chunk[4096];
	ssize_t n;
	int fds[2], status, err;
	pid_t pid;

	if (pipe(fds))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	err = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	while (!err && (n = read(fds[0], chunk, sizeof(chunk))) > 0)
		tg_buf_add(out, chunk, (size_t)n);
	close(fds[0]);
	if (err || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* A repository of our own, whatever the caller's environment and git configuration. */
static int make_repo(void)
{
	char *init[] = {"git", "init", "-q", repo, NULL};
	struct tg_buf out = TG_BUF_INIT;
	int ret;

	strcpy(repo, "/tmp/tg-wildmatch-XXXXXX"); /* each test makes its own */
	if (!mkdtemp(repo))
		return -1;
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_GLOB_PATHSPECS");
	unsetenv("GIT_NOGLOB_PATHSPECS");
	unsetenv("GIT_LITERAL_PATHSPECS");
	unsetenv("GIT_ICASE_PATHSPECS");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	ret = run_git(init, &out);
	tg_buf_release(&out);
	return ret;
}

static void remove_repo(void)
{
	struct tg_buf cmd = TG_BUF_INIT;

	tg_buf_addf(&cmd, "rm -rf '%s'", repo);
	if (system(cmd.buf) != 0)
		fprintf(stderr, "could not remove %s\n", repo);
	tg_buf_release(&cmd);
}

/*
 * git's answer for row i, or -1 when git could not be asked. The index that
 * holds the row's path alone is made once, by the first row of that path.
 */
static int git_answer(size_t i)
{
	const struct wm_case *c = &cases[i];
	struct tg_buf index = TG_BUF_INIT, info = TG_BUF_INIT, spec = TG_BUF_INIT;
	struct tg_buf out = TG_BUF_INIT;
	char *add[] = {"git", "-C", repo, "update-index", "--add", "--cacheinfo", NULL, NULL};
	char *list[] = {"git", "-C", repo, "ls-files", "-z", "--", NULL, NULL};
	size_t first = 0;
	int ret = -1;

	while (strcmp(cases[first].path, c->path))
		first++;
	tg_buf_addf(&index, "%s/%zu.index", repo, first);
	setenv("GIT_INDEX_FILE", index.buf, 1);
	tg_buf_addf(&info, "100644,%s,%s", EMPTY_BLOB, c->path);
	tg_buf_addf(&spec, "%s%s", (c->flags & P) ? ":(glob)" : "", c->pat);
	add[6] = info.buf;
	list[6] = spec.buf;
	if (first < i || run_git(add, &out) == 0) {
		tg_buf_reset(&out);
		if (run_git(list, &out) == 0)
			ret = out.len > 0;
	}
	tg_buf_release(&index), tg_buf_release(&info), tg_buf_release(&spec);
	tg_buf_release(&out);
	return ret;
}

static void print_c_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			printf("\\%03o",
			       (unsigned char)*s); /* octal: no digit after it is taken in */
		else if (*s == '\\' || *s == '"')
			printf("\\%c", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void row_name(const struct wm_case *c)
{
	fprintf(stderr, "%s \"%s\" on \"%s\"", (c->flags & P) ? "pathname" : "plain", c->pat,
	        c->path);
}

static void test_table_matches(void **state)
{
	size_t i, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct wm_case *c = &cases[i];
		int got = tg_wildmatch(c->pat, c->path, c->flags);

		if (got != c->want) {
			row_name(c);
			fprintf(stderr, ": %d, git says %d\n", got, c->want);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

static void test_table_is_gits(void **state)
{
	size_t i, failed = 0;

	(void)state;
	assert_int_equal(make_repo(), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int git = git_answer(i);

		if (git != cases[i].want) {
			row_name(&cases[i]);
			fprintf(stderr, ": the table says %d, git %d\n", cases[i].want, git);
			failed++;
		}
	}
	remove_repo();
	assert_int_equal(failed, 0);
}

/* Many stars against a long text that does not match must return, not backtrack forever. */
static void test_pathological(void **state)
{
	char text[4096];

	(void)state;
	memset(text, 'a', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	assert_false(tg_wildmatch("*a*a*a*a*a*a*a*a*b", text, P));
	assert_false(tg_wildmatch("*a*a*a*a*a*a*a*a*b", text, 0));
	assert_false(tg_wildmatch("**/**/**/**/**/b", text, P));
	assert_true(tg_wildmatch("*a*a*a*a*a*a*a*a*a", text, P));
}

/*
 * The work for `stars` "**" components then "z" (or "y" when `hit`) on a
 * path of `depth` directories "a" then "y": git's pathological case.
 */
static size_t double_star_steps(int stars, int depth, int hit)
{
	struct tg_buf pat = TG_BUF_INIT, path = TG_BUF_INIT;
	size_t steps = 0;
	int i, got;

	for (i = 0; i < stars; i++)
		tg_buf_adds(&pat, "**/");
	tg_buf_adds(&pat, hit ? "y" : "z");
	for (i = 0; i < depth; i++)
		tg_buf_adds(&path, "a/");
	tg_buf_adds(&path, "y");
	got = tg_wildmatch_counted(pat.buf, pat.len, path.buf, path.len, P, &steps);
	assert_int_equal(got, hit);
	tg_buf_release(&pat);
	tg_buf_release(&path);
	return steps;
}

/*
 * Several "**" each trying every '/' of a deep path: the work grows with
 * stars x path length, counted rather than timed (40 is the memo's
 * threshold of 32 star calls, which run unremembered, and some). Without
 * the memo, 5 of them over 30 directories took 701,623 steps (the bound is
 * 14,640), and 8 over 60 did not finish in a minute.
 */
static void test_double_stars_work_is_bounded(void **state)
{
	static const int rows[][3] = {
	        {5, 30, 0}, {8, 60, 0}, {8, 60, 1}, {2, 2000, 0}, {40, 200, 0}, {100, 1000, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = 2 * (size_t)rows[i][1] + 1;

		assert_in_range(double_star_steps(rows[i][0], rows[i][1], rows[i][2]), 1,
		                40 * (size_t)(rows[i][0] + 1) * (len + 1));
	}
}

/* xorshift32: the same rows at every run. */
static unsigned next_random(unsigned *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static const char *pick(unsigned *x, const char *const *from, size_t n)
{
	return from[next_random(x) % n];
}

/*
 * Paths of 0 to 11 directories over {a, b} and a file name holding a 'c', so
 * that no path is a directory of another (the index refuses that).
 */
static void random_path(unsigned *x, struct tg_buf *b)
{
	static const char *const dirs[] = {"a", "b", "ab", "ba", "aa"};
	static const char *const files[] = {"c", "ac", "cb", "a.c", "cc"};
	unsigned i, depth = next_random(x) % 12;

	for (i = 0; i < depth; i++)
		tg_buf_addf(b, "%s/", pick(x, dirs, sizeof(dirs) / sizeof(dirs[0])));
	tg_buf_adds(b, pick(x, files, sizeof(files) / sizeof(files[0])));
}

/*
 * Patterns of 1 to 12 components, many of them stars: deep enough that a
 * few hundred of the rows backtrack past the memo's threshold. "**" is only ever a
 * whole component and each pattern has a wildcard, so that git's pathspec
 * answers are wildmatch()'s (the header comment's two differences).
 */
static void random_pattern(unsigned *x, struct tg_buf *b)
{
	static const char *const parts[] = {"**", "**", "**", "*",  "*",    "a*",  "*b",   "*c",
	                                    "a",  "b",  "?",  "?c", "[ab]", "*a*", "[!a]*"};
	unsigned i, n = 1 + next_random(x) % 12;

	for (i = 0; i < n; i++)
		tg_buf_addf(b, "%s%s", i ? "/" : "",
		            pick(x, parts, sizeof(parts) / sizeof(parts[0])));
	if (!strpbrk(b->buf, "*?["))
		tg_buf_adds(b, "*");
}

/* Whether git's NUL-separated list holds path. */
static int listed(const struct tg_buf *list, const char *path)
{
	size_t off;

	for (off = 0; off < list->len; off += strlen(list->buf + off) + 1)
		if (!strcmp(list->buf + off, path))
			return 1;
	return 0;
}

enum { RANDOM_PATHS = 60, RANDOM_PATTERNS = 150 };

/*
 * Random patterns thick with stars against random paths, in both modes,
 * each answer checked against git's: one index holds every path, and git
 * lists those each pattern matches.
 */
static void test_random_patterns_match_git(void **state)
{
	struct tg_buf paths[RANDOM_PATHS], pat = TG_BUF_INIT, spec = TG_BUF_INIT;
	struct tg_buf out = TG_BUF_INIT, index = TG_BUF_INIT;
	char *add[6 + 2 * RANDOM_PATHS + 1] = {"git", "-C", repo, "update-index", "--add"};
	char *list[] = {"git", "-C", repo, "ls-files", "-z", "--", NULL, NULL};
	unsigned x = 2463534242u;
	size_t i, j, failed = 0;
	int flags;

	(void)state;
	assert_int_equal(make_repo(), 0);
	tg_buf_addf(&index, "%s/random.index", repo);
	setenv("GIT_INDEX_FILE", index.buf, 1);
	for (i = 0; i < RANDOM_PATHS; i++) {
		struct tg_buf path = TG_BUF_INIT;

		random_path(&x, &path);
		paths[i] = (struct tg_buf)TG_BUF_INIT;
		tg_buf_addf(&paths[i], "100644,%s,%s", EMPTY_BLOB, path.buf);
		add[5 + 2 * i] = "--cacheinfo";
		add[6 + 2 * i] = paths[i].buf;
		tg_buf_release(&path);
	}
	add[5 + 2 * RANDOM_PATHS] = NULL;
	assert_int_equal(run_git(add, &out), 0);
	for (j = 0; j < 2 * RANDOM_PATTERNS; j++) {
		flags = j % 2 ? 0 : P;
		if (flags == P) {
			tg_buf_reset(&pat);
			random_pattern(&x, &pat);
		}
		tg_buf_reset(&spec);
		tg_buf_addf(&spec, "%s%s", flags ? ":(glob)" : "", pat.buf);
		list[6] = spec.buf;
		tg_buf_reset(&out);
		assert_int_equal(run_git(list, &out), 0);
		for (i = 0; i < RANDOM_PATHS; i++) {
			const char *path = strchr(strchr(paths[i].buf, ',') + 1, ',') + 1;
			int got = tg_wildmatch(pat.buf, path, (unsigned)flags);

			if (got != listed(&out, path)) {
				fprintf(stderr, "%s \"%s\" on \"%s\": %d, git says %d\n",
				        flags ? "pathname" : "plain", pat.buf, path, got, !got);
				failed++;
			}
		}
	}
	for (i = 0; i < RANDOM_PATHS; i++)
		tg_buf_release(&paths[i]);
	tg_buf_release(&pat), tg_buf_release(&spec), tg_buf_release(&out);
	tg_buf_release(&index);
	unsetenv("GIT_INDEX_FILE");
	remove_repo();
	assert_int_equal(failed, 0);
}

/* The walk matches parts of longer strings: nothing past either length counts. */
static void test_counted_strings(void **state)
{
	(void)state;
	assert_true(tg_wildmatch_mem("a*XYZ", 2, "abc/d", 3, P));
	assert_false(tg_wildmatch_mem("a*XYZ", 2, "abc/d", 5, P));
	assert_false(tg_wildmatch_mem("[ab]", 3, "a", 1, P));  /* the ']' is not in the pattern */
	assert_false(tg_wildmatch_mem("a\\*", 2, "a*", 2, P)); /* nor the escaped '*' */
	assert_true(tg_wildmatch_mem("x/**", 4, "x/y/zzz", 3, P));
	assert_true(tg_wildmatch_mem("a\0b", 3, "a\0b", 3, P));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_table_matches),
	        cmocka_unit_test(test_table_is_gits),
	        cmocka_unit_test(test_pathological),
	        cmocka_unit_test(test_double_stars_work_is_bounded),
	        cmocka_unit_test(test_random_patterns_match_git),
	        cmocka_unit_test(test_counted_strings),
	};
	size_t i;

	if (argc == 2 && !strcmp(argv[1], "--print-table")) {
		if (make_repo())
			return 1;
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			printf("{%s, ", (cases[i].flags & P) ? "P" : "0");
			print_c_string(cases[i].pat);
			printf(", ");
			print_c_string(cases[i].path);
			printf(", %d},\n", git_answer(i));
		}
		remove_repo();
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
