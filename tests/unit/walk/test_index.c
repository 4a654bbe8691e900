#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "walk/index_int.h"

#include "util/buf.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The git index reader against indexes git itself wrote, in each format
 * version: every blob id must be the one `git ls-files -s` prints, and the
 * entries git would not vouch for (skip-worktree, intent-to-add) are left out.
 */
static char *root;

static int setup(void **state)
{
	(void)state;
	root = tl_tmpdir();
	/* old mtimes: an entry as new as the index itself would be racily clean */
	tl_sh(root,
	      "git init -q . && mkdir -p src/deep && for f in a.c src/b.c src/deep/c.c "
	      "src/deep/longer-name-to-share-a-prefix.c skip.c; do echo \"int $f;\" > $f; done && "
	      "echo later > ita.c && touch -d 2020-01-01 a.c src/*.c src/deep/*.c skip.c ita.c && "
	      "git add a.c src skip.c && git add -N ita.c && "
	      "git update-index --skip-worktree skip.c");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tl_rmtree(root);
	return 0;
}

static void hex(const unsigned char *oid, char out[41])
{
	for (int i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02x", oid[i]);
}

/* Every path `git ls-files -s` lists under prefix has its id in ix (or is expected absent). */
static void check_against_git(const char *prefix)
{
	struct tg_buf gitdir = TG_BUF_INIT, cmd = TG_BUF_INIT, path = TG_BUF_INIT;
	struct tg_walk_index *ix;
	char line[512], mode[16], oid[64], stage[8], name[400], got[41];
	int checked = 0;
	FILE *p;

	tg_buf_addf(&gitdir, "%s/.git", root);
	ix = tg_walk_index_load(gitdir.buf, gitdir.buf, prefix);
	assert_non_null(ix);
	tg_buf_addf(&cmd, "cd %s && git ls-files -s", root);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		struct stat st;
		const unsigned char *id;
		size_t plen = strlen(prefix);

		assert_int_equal(sscanf(line, "%15s %63s %7s %399s", mode, oid, stage, name), 4);
		if (strncmp(name, prefix, plen))
			continue;
		tg_buf_reset(&path);
		tg_buf_addf(&path, "%s/%s", root, name);
		assert_int_equal(stat(path.buf, &st), 0);
		id = tg_walk_index_oid(ix, name + plen, strlen(name + plen), &st);
		if (!strcmp(name, "skip.c") || !strcmp(name, "ita.c")) {
			assert_null(id);
			assert_false(tg_walk_index_has(ix, name, strlen(name)));
			continue;
		}
		assert_non_null(id);
		hex(id, got);
		assert_string_equal(got, oid);
		checked++;
	}
	assert_int_equal(pclose(p), 0);
	assert_int_equal(checked, *prefix ? 3 : 4);
	assert_false(tg_walk_index_has(ix, "nope.c", 6));
	tg_walk_index_free(ix);
	tg_buf_release(&gitdir);
	tg_buf_release(&cmd);
	tg_buf_release(&path);
}

static void test_versions(void **state)
{
	static const char *const versions[] = {"2", "3", "4"};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		tl_sh(root, "git update-index --index-version %s", versions[i]);
		check_against_git("");
		check_against_git("src/");
	}
}

/* A changed file loses its id; damaged bytes are refused, never overread. */
static void test_stale_and_damaged(void **state)
{
	struct tg_buf gitdir = TG_BUF_INIT, file = TG_BUF_INIT, ipath = TG_BUF_INIT;
	struct tg_walk_index *ix;
	struct stat st, ist;

	(void)state;
	tl_sh(root, "git update-index --index-version 4 && echo changed >> a.c");
	tg_buf_addf(&gitdir, "%s/.git", root);
	ix = tg_walk_index_load(gitdir.buf, gitdir.buf, "");
	assert_non_null(ix);
	tg_buf_addf(&ipath, "%s/a.c", root);
	assert_int_equal(stat(ipath.buf, &st), 0);
	assert_null(tg_walk_index_oid(ix, "a.c", 3, &st));
	tg_walk_index_free(ix);

	tg_buf_reset(&ipath);
	tg_buf_addf(&ipath, "%s/.git/index", root);
	assert_int_equal(tg_buf_read_file(&file, ipath.buf), 0);
	assert_int_equal(stat(ipath.buf, &ist), 0);
	/* every truncation: a status, never a crash (ASan checks the reads) */
	for (size_t len = 0; len < file.len; len += 7) {
		unsigned char *copy = malloc(len ? len : 1);
		memcpy(copy, file.buf, len);
		ix = tg_walk_index_new();
		(void)tg_walk_index_parse(ix, copy, len, "", &ist);
		tg_walk_index_free(ix);
		free(copy);
	}
	/* a version this reader does not know */
	file.buf[7] = 9;
	ix = tg_walk_index_new();
	assert_int_equal(tg_walk_index_parse(ix, (unsigned char *)file.buf, file.len, "", &ist),
	                 -1);
	tg_walk_index_free(ix);
	/* no index at all */
	assert_null(tg_walk_index_load("/nonexistent", "/nonexistent", ""));
	tg_buf_release(&gitdir);
	tg_buf_release(&file);
	tg_buf_release(&ipath);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_versions),
	        cmocka_unit_test(test_stale_and_damaged),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
