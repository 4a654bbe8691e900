#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "history/history.h"
#include "history/model_int.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include "testlib.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *dir;

static const char prelude[] =
        "c() { GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@x GIT_AUTHOR_DATE=\"$1T12:00:00Z\" "
        "GIT_COMMITTER_DATE=\"$1T12:00:00Z\" git commit -q -m \"$2\"; }; ";

/*
 * old.c: many changes two years back. new.c: a few this month, one a fix.
 * app.c: changed, renamed away to core/app.c, then created again (flask's
 * app.py), so the new app.c must not inherit the old one's history.
 */
static void build_repo(void)
{
	struct tg_buf s = TG_BUF_INIT;
	int i;

	tg_buf_adds(&s, prelude);
	tg_buf_adds(&s, "git init -q -b main r && cd r && printf 'if\\nif\\n' > app.c && ");
	for (i = 1; i <= 9; i++)
		tg_buf_addf(&s,
		            "echo if >> old.c && echo x >> app.c && git add . && "
		            "c 2022-0%d-01 'old change %d' && ",
		            i, i);
	tg_buf_adds(&s, "mkdir core && git mv app.c core/app.c && c 2024-05-01 'move app' && "
	                "printf 'if\\n' > app.c && git add . && c 2024-05-02 'new app' && "
	                "echo y >> app.c && git add . && c 2024-05-03 'more app' && "
	                "echo if >> new.c && git add . && c 2024-05-20 'add new' && "
	                "echo if >> new.c && git add . && c 2024-05-25 'Fix a crash in new' && "
	                "echo if >> new.c && git add . && c 2024-05-30 'prefix the fixture'");
	tl_sh(dir, "%s", s.buf);
	tg_buf_release(&s);
}

static int setup(void **state)
{
	(void)state;
	dir = tl_tmpdir();
	build_repo();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tl_rmtree(dir);
	return 0;
}

static struct tg_history *build(void)
{
	struct tg_history_opts o;
	struct tg_history *h = NULL;
	struct tg_buf path = TG_BUF_INIT;
	time_t t;

	tg_history_opts_init(&o);
	assert_int_equal(tg_time_parse("2024-06-01", &t), TG_OK);
	o.now = t;
	tg_buf_addf(&path, "%s/r", dir);
	if (tg_history_build(&h, path.buf, &o) != TG_OK)
		fail_msg("%s", tg_error_message());
	tg_buf_release(&path);
	return h;
}

static long count_if(const char *path, const char *data, size_t len, void *ctx)
{
	long n = 0;
	size_t i;

	(void)path;
	(void)ctx;
	for (i = 0; i + 1 < len; i++)
		n += data[i] == 'i' && data[i + 1] == 'f';
	return n;
}

static void test_fix_subjects_are_whole_words(void **state)
{
	(void)state;
	assert_true(tg_history_fix_subject("Fix a crash"));
	assert_true(tg_history_fix_subject("http: bugfix for chunked"));
	assert_true(tg_history_fix_subject("[CVE-2023-38545] socks5 heap overflow"));
	assert_true(tg_history_fix_subject("avoid a data race"));
	assert_true(tg_history_fix_subject("fixes #1234"));
	assert_false(tg_history_fix_subject("prefix the fixture"));
	assert_false(tg_history_fix_subject("trace the debugger"));
	assert_false(tg_history_fix_subject(""));
}

/* Recent changes outrank many old ones; a re-created path starts afresh. */
static void test_recent_activity_ranks_hotspots(void **state)
{
	struct tg_history *h = build();
	struct tg_hotspot *v;
	size_t n, i;
	const struct tg_hotspot *old = NULL, *nw = NULL, *app = NULL, *core = NULL;

	(void)state;
	assert_int_equal(tg_history_hotspots(h, count_if, NULL, 0, 0, &v, &n), TG_OK);
	for (i = 0; i < n; i++) {
		const char *p = v[i].file->path;
		if (!strcmp(p, "old.c"))
			old = &v[i];
		else if (!strcmp(p, "new.c"))
			nw = &v[i];
		else if (!strcmp(p, "app.c"))
			app = &v[i];
		else if (!strcmp(p, "core/app.c"))
			core = &v[i];
	}
	assert_non_null(old);
	assert_non_null(nw);
	assert_non_null(app);
	assert_non_null(core);
	/* old.c: 9 revisions and 9 "if", all about 2 years before the newest commit */
	assert_int_equal(old->file->revisions, 9);
	assert_true(old->activity < 9.0 / 16);
	/* new.c: 3 revisions this month, the fix counting twice ("fixture" does not) */
	assert_true(nw->activity > 3.7 && nw->activity < 4.0);
	assert_true(fabs(nw->score - nw->activity * sqrt(3.0)) < 1e-9);
	assert_string_equal(v[0].file->path, "new.c");
	/* app.c was created again after its namesake moved: two revisions, its own */
	assert_int_equal(app->file->revisions, 2);
	/* two changes 4 weeks before the newest commit (0.9 each), not the move before them */
	assert_true(app->activity > 1.75 && app->activity < 1.85);
	assert_int_equal(core->file->revisions, 10);
	free(v);
	tg_history_free(h);
}

/* tg_history_file finds the re-created file, not the one its name once led to. */
static void test_recreated_path_is_its_own_file(void **state)
{
	struct tg_history *h = build();
	const struct tg_history_file *app = tg_history_file(h, "app.c");
	struct tg_history_owner *owners;
	size_t n;

	(void)state;
	assert_non_null(app);
	assert_string_equal(app->path, "app.c");
	assert_int_equal(app->revisions, 2);
	assert_true(tg_history_change_rate(h, "app.c") > 0);
	assert_int_equal(tg_history_owners(h, "app.c", &owners, &n), TG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(owners[0].revisions, 2);
	free(owners);
	tg_history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_fix_subjects_are_whole_words),
	        cmocka_unit_test(test_recent_activity_ranks_hotspots),
	        cmocka_unit_test(test_recreated_path_is_its_own_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
