#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "history/history.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include "testlib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;

/* commit NAME EMAIL DATE MSG: a commit with fixed author and committer dates. */
static const char prelude[] =
        "c() { GIT_AUTHOR_NAME=\"$1\" GIT_AUTHOR_EMAIL=\"$2\" GIT_AUTHOR_DATE=\"$3T12:00:00Z\" "
        "GIT_COMMITTER_DATE=\"$3T12:00:00Z\" git commit -q --allow-empty -m \"$4\"; }; ";

static void build_repo(void)
{
	struct tg_buf s = TG_BUF_INIT;

	tg_buf_adds(&s, prelude);
	tg_buf_adds(
	        &s,
	        "git init -q -b main r && cd r && "
	        "printf 'Ana <ana@x> <ana-old@x>\\n' > .mailmap && "
	        "printf 'if\\nif\\nx\\n' > a.c && printf 'a\\nb\\n' > b.c && git add . && "
	        "c Ana ana@x 2024-01-01 one && "
	        "echo if >> a.c && echo c >> b.c && git add . && c Bo bo@x 2024-01-02 two && "
	        "sed -i 1d a.c && printf 'y\\nz\\n' >> a.c && git add . && "
	        "c 'Ana Old' ana-old@x 2024-01-03 three && "
	        "echo w >> a.c && git add . && "
	        "c 'dependabot[bot]' bot@x 2024-01-04 bump && "
	        "git mv b.c c.c && echo d >> c.c && git add . && c Bo bo@x 2024-01-05 mv && "
	        "printf '\\211PNG\\0\\1\\2' > logo.png && git add . && "
	        "c Ana ana@x 2024-01-06 logo && "
	        "git checkout -q -b side && echo e >> c.c && git add . && "
	        "c Bo bo@x 2024-01-07 side && git checkout -q main && "
	        "GIT_AUTHOR_NAME=Ana GIT_AUTHOR_EMAIL=ana@x GIT_AUTHOR_DATE=2024-01-08T12:00:00Z "
	        "GIT_COMMITTER_DATE=2024-01-08T12:00:00Z git merge -q --no-ff -m merge side");
	tl_sh(dir, "%s", s.buf);
	tg_buf_release(&s);
}

static int setup(void **state)
{
	dir = tl_tmpdir();
	build_repo();
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(dir);
	return 0;
}

static struct tg_strlist bots = TG_STRLIST_INIT;

static struct tg_history *build(const char *sub, const char *now, int first_parent)
{
	struct tg_history_opts o;
	struct tg_history *h = NULL;
	struct tg_buf path = TG_BUF_INIT;
	time_t t;

	if (!bots.nr)
		tg_strlist_add(&bots, "dependabot[bot]");
	tg_history_opts_init(&o);
	assert_int_equal(tg_time_parse(now, &t), TG_OK);
	o.now = t;
	o.bots = &bots;
	o.first_parent = first_parent;
	tg_buf_addf(&path, "%s/%s", dir, sub);
	if (tg_history_build(&h, path.buf, &o) != TG_OK)
		fail_msg("%s", tg_error_message());
	tg_buf_release(&path);
	return h;
}

static void test_counts(void **state)
{
	struct tg_history *h = build("r", "2024-09-01", 0);
	const struct tg_history_file *a = tg_history_file(h, "a.c");
	const struct tg_history_file *c = tg_history_file(h, "c.c");
	const struct tg_history_file *png = tg_history_file(h, "logo.png");

	assert_int_equal(tg_history_commits(h), 7); /* the merge is skipped */
	assert_int_equal(tg_history_partial(h), 0);
	assert_non_null(a);
	assert_int_equal(a->revisions, 4);
	assert_int_equal(a->added, 7);
	assert_int_equal(a->deleted, 1);
	/* The bot is not an author; the mailmap folds "Ana Old" into Ana. */
	assert_int_equal(a->authors, 2);
	assert_string_equal(a->main_author, "Ana");
	assert_true(fabs(a->ownership - 5.0 / 6.0) < 1e-9);
	assert_int_equal(a->bus_factor, 1);
	assert_int_equal(a->age_months, 7);
	/* Renamed from b.c: its history follows it, and b.c is no file of its own. */
	assert_non_null(c);
	assert_null(tg_history_file(h, "b.c"));
	assert_int_equal(c->revisions, 4);
	assert_int_equal(c->added, 5);
	assert_non_null(png);
	assert_int_equal(png->revisions, 1);
	assert_int_equal(png->added, 0);
	tg_history_free(h);
}

static void test_owners_and_risk(void **state)
{
	struct tg_history *h = build("r", "2024-09-01", 0);
	struct tg_history_owner *o;
	size_t n;

	assert_int_equal(tg_history_owners(h, "a.c", &o, &n), TG_OK);
	assert_int_equal(n, 2);
	assert_string_equal(o[0].author, "Ana");
	assert_int_equal(o[0].revisions, 2);
	assert_int_equal(o[0].added, 5);
	assert_string_equal(o[1].author, "Bo");
	/*
	 * Everyone's last commit is in January, the month of the newest commit:
	 * read in September, nobody is inactive (inactive_months counts back
	 * from the newest commit, not from now).
	 */
	assert_int_equal(o[0].inactive, 0);
	free(o);
	assert_true(tg_history_file(h, "a.c")->knowledge_at_risk < 1e-9);
	tg_history_free(h);

	h = build("r", "2024-02-01", 0);
	assert_true(tg_history_file(h, "a.c")->knowledge_at_risk < 1e-9);
	assert_int_equal(tg_history_owners(h, "nope.c", &o, &n), TG_ERR_NOTFOUND);
	tg_history_free(h);
}

static void test_coupling(void **state)
{
	struct tg_history *h;
	struct tg_history_opts o;
	struct tg_history_pair *p;
	size_t n;

	tg_history_opts_init(&o);
	o.min_revs = 1;
	o.min_shared_revs = 2;
	o.min_coupling = 10;
	o.now = 1725148800;
	{
		struct tg_buf path = TG_BUF_INIT;
		tg_buf_addf(&path, "%s/r", dir);
		assert_int_equal(tg_history_build(&h, path.buf, &o), TG_OK);
		tg_buf_release(&path);
	}
	assert_int_equal(tg_history_coupling(h, 1, &p, &n), TG_OK);
	/* a.c and c.c (then b.c) changed together in 2 of their 4 revisions each. */
	assert_int_equal(n, 1);
	assert_string_equal(p[0].a, "a.c");
	assert_string_equal(p[0].b, "c.c");
	assert_int_equal(p[0].shared_revisions, 2);
	assert_int_equal(p[0].degree, 50);
	free(p);
	/* Sum of coupling: 2 others in the first commit (.mailmap, b.c), 1 in the second. */
	assert_int_equal(tg_history_file(h, "a.c")->soc, 3);
	tg_history_free(h);
}

static void test_first_parent(void **state)
{
	struct tg_history *h = build("r", "2024-09-01", 1);
	const struct tg_history_file *c = tg_history_file(h, "c.c");

	/* The side commit is not read; the merge stands for it, by its author. */
	assert_int_equal(tg_history_commits(h), 7);
	assert_int_equal(c->revisions, 4);
	assert_int_equal(c->authors, 2);
	tg_history_free(h);
}

static void test_change_rate(void **state)
{
	struct tg_history *h = build("r", "2024-09-01", 0);
	double want = 4.0 / ((1725148800.0 - 1704110400.0) / (86400.0 * 30.436875));

	assert_true(fabs(tg_history_change_rate(h, "a.c") - want) < 1e-9);
	assert_true(tg_history_change_rate(h, "missing.c") == 0);
	tg_history_free(h);
}

static long count_if(const char *path, const char *data, size_t len, void *ctx)
{
	long n = 0;
	size_t i;

	if (!strstr(path, ".c"))
		return -1;
	for (i = 0; i + 1 < len; i++)
		n += data[i] == 'i' && data[i + 1] == 'f';
	return n;
}

static void test_hotspots(void **state)
{
	struct tg_history *h = build("r", "2024-09-01", 0);
	struct tg_hotspot *v;
	size_t n;

	assert_int_equal(tg_history_hotspots(h, count_if, NULL, 0, 1, &v, &n), TG_OK);
	/*
	 * a.c: 4 revisions in the week before the newest commit, activity just
	 * under 4, x sqrt(2 "if"); c.c: x 0; logo.png has no language.
	 */
	assert_int_equal(n, 2);
	assert_string_equal(v[0].file->path, "a.c");
	assert_int_equal(v[0].complexity, 2);
	assert_true(v[0].activity > 3.9 && v[0].activity < 4);
	assert_true(fabs(v[0].score - v[0].activity * sqrt(2)) < 1e-9);
	assert_int_equal(v[0].trend_nr, 4);
	assert_int_equal(v[0].trend[0], 2);
	assert_int_equal(v[0].trend[1], 3);
	assert_int_equal(v[0].trend[2], 2);
	assert_int_equal(v[0].trend[3], 2);
	/* c.c's oldest revisions are read under its old name b.c. */
	assert_string_equal(v[1].file->path, "c.c");
	assert_int_equal(v[1].trend_nr, 4);
	assert_int_equal(v[1].trend[0], 0);
	free(v);
	tg_history_free(h);
}

struct collected {
	int n;
	char rules[8][64];
	char paths[8][64];
	char category[8][32];
};

static int collect(struct tg_sink *sink, struct tg_item *it)
{
	struct collected *c = sink->data;

	if (c->n < 8) {
		snprintf(c->rules[c->n], 64, "%s", it->rule_id);
		snprintf(c->paths[c->n], 64, "%s", it->path);
		snprintf(c->category[c->n], 32, "%s", it->category);
		c->n++;
	}
	tg_item_release(it);
	return 0;
}

static void test_items(void **state)
{
	struct tg_history *h = build("r", "2024-09-01", 0);
	struct tg_history_opts o;
	struct collected got;
	struct tg_sink sink = {collect, &got};

	memset(&got, 0, sizeof(got));
	tg_history_opts_init(&o);
	o.min_revs = 2;
	assert_int_equal(tg_history_emit_items(h, &o, count_if, NULL, 10, &sink), TG_OK);
	/* No knowledge risk: nobody is inactive, and no file is 100 code lines long. */
	assert_int_equal(got.n, 1);
	assert_string_equal(got.rules[0], "history/hotspot");
	assert_string_equal(got.category[0], "hotspot");
	assert_string_equal(got.paths[0], "a.c");
	tg_history_free(h);
}

static void test_shallow_and_detached(void **state)
{
	struct tg_history *h;

	tl_sh(dir, "git clone -q --depth 2 --no-local \"file://$PWD/r\" shallow 2>/dev/null && "
	           "git -C r checkout -q --detach HEAD~2");
	h = build("shallow", "2024-09-01", 0);
	assert_int_equal(tg_history_partial(h), 1);
	assert_true(tg_history_commits(h) <= 2);
	tg_history_free(h);
	h = build("r", "2024-09-01", 0);
	assert_int_equal(tg_history_commits(h), 5);
	assert_non_null(tg_history_file(h, "c.c"));
	tg_history_free(h);
	tl_sh(dir, "git -C r checkout -q main");
}

static void test_empty_repository(void **state)
{
	struct tg_history *h;
	const struct tg_history_file *f;

	tl_sh(dir, "git init -q -b main empty");
	h = build("empty", "2024-09-01", 0);
	assert_int_equal(tg_history_commits(h), 0);
	assert_int_equal(tg_history_files(h, &f), 0);
	tg_history_free(h);
}

static void test_not_a_repository(void **state)
{
	struct tg_history_opts o;
	struct tg_history *h = NULL;

	tg_history_opts_init(&o);
	assert_int_equal(tg_history_build(&h, "/", &o), TG_ERR_USAGE);
	assert_null(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_counts),
	        cmocka_unit_test(test_owners_and_risk),
	        cmocka_unit_test(test_coupling),
	        cmocka_unit_test(test_first_parent),
	        cmocka_unit_test(test_change_rate),
	        cmocka_unit_test(test_hotspots),
	        cmocka_unit_test(test_items),
	        cmocka_unit_test(test_shallow_and_detached),
	        cmocka_unit_test(test_empty_repository),
	        cmocka_unit_test(test_not_a_repository),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);

	tg_strlist_clear(&bots);
	return rc;
}
