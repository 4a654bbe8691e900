/*
 * Knowledge risk on repositories built here with fixed dates: departed
 * authors are judged on the lines that survive at HEAD (git blame), against
 * the repository's newest commit, in source files of some size only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "history/blame.h"
#include "history/history.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * c NAME DATE MSG: a commit of everything with fixed author and committer dates;
 * lines N PREFIX FILE: N distinct lines of C.
 */
static const char prelude[] =
        "c() { git add -A && GIT_AUTHOR_NAME=\"$1\" GIT_AUTHOR_EMAIL=\"$1@x\" "
        "GIT_AUTHOR_DATE=\"$2T12:00:00Z\" GIT_COMMITTER_DATE=\"$2T12:00:00Z\" "
        "git commit -q --allow-empty -m \"$3\"; }; "
        "lines() { i=0; while [ $i -lt $1 ]; do i=$((i+1)); echo \"int $2$i = $i;\"; done > $3; }; "
        "git init -q -b main . && ";

struct got {
	int n;
	char title[8][512];
	char rule[8][64];
	char fp[8][17];
	char evidence[8][1024];
	size_t occ[8];
	char occ0[8][64];
};

static int collect(struct tg_sink *sink, struct tg_item *it)
{
	struct got *g = sink->data;

	if (g->n < 8 && strncmp(it->rule_id, "history/hotspot", 15)) {
		snprintf(g->title[g->n], sizeof(g->title[0]), "%s", it->title);
		snprintf(g->rule[g->n], sizeof(g->rule[0]), "%s", it->rule_id);
		snprintf(g->fp[g->n], sizeof(g->fp[0]), "%s", it->fingerprint);
		snprintf(g->evidence[g->n], sizeof(g->evidence[0]), "%s", it->evidence);
		g->occ[g->n] = it->occurrences_nr;
		snprintf(g->occ0[g->n], sizeof(g->occ0[0]), "%s",
		         it->occurrences_nr ? it->occurrences[0].path : "");
		g->n++;
	}
	tg_item_release(it);
	return 0;
}

static struct tg_strlist bots = TG_STRLIST_INIT, skip = TG_STRLIST_INIT;

/* Builds the repository from script in a new directory, then its knowledge items. */
static struct tg_history *items(char **dir, const char *script, int min_lines, struct got *g)
{
	struct tg_history_opts o;
	struct tg_history *h = NULL;
	struct tg_sink sink = {collect, g};
	time_t t;

	*dir = tl_tmpdir();
	tl_sh(*dir, "%s%s", prelude, script);
	if (!bots.nr) {
		tg_strlist_add(&bots, "*[bot]");
		tg_strlist_add(&skip, "vendor/**");
	}
	tg_history_opts_init(&o);
	assert_int_equal(tg_time_parse("2026-01-01", &t), TG_OK);
	o.now = t; /* long after every commit: the newest commit is what counts */
	o.bots = &bots;
	o.knowledge_min_lines = min_lines;
	o.knowledge_skip[0] = &skip;
	if (tg_history_build(&h, *dir, &o) != TG_OK)
		fail_msg("%s", tg_error_message());
	memset(g, 0, sizeof(*g));
	assert_int_equal(tg_history_emit_items(h, &o, tg_history_complexity, NULL, 0, &sink),
	                 TG_OK);
	return h;
}

static void test_departed_author_with_most_surviving_lines(void **state)
{
	struct got g;
	char *dir, fp[17];
	/* Bo stays active; Ana left in 2020 and still wrote most of core.c and util.c. */
	struct tg_history *h = items(
	        &dir,
	        "lines 150 a core.c && lines 150 u util.c && c Ana 2020-01-01 one && "
	        "lines 150 b bo.c && c Bo 2020-02-01 two && "
	        "lines 20 cy cy.h && cat cy.h >> core.c && c Cy 2024-05-01 three && "
	        /* a bot's 200 lines are nobody's knowledge: left out of the shares */
	        "lines 200 bot gen.h && cat gen.h >> core.c && c 'dependabot[bot]' 2024-05-02 "
	        "bump && "
	        "echo 'int z;' >> bo.c && c Bo 2024-06-01 four && "
	        /* vendored code is not the project's knowledge */
	        "mkdir vendor && lines 300 v vendor/lib.c && c Ana 2020-01-02 vendor",
	        0, &g);

	assert_int_equal(g.n, 1);
	assert_string_equal(g.rule[0], "history/knowledge-risk");
	assert_string_equal(g.title[0], "Knowledge at risk: Ana left 2 files (300 lines) they "
	                                "mainly own: core.c, util.c");
	assert_int_equal(g.occ[0], 2);
	assert_string_equal(g.occ0[0], "core.c");
	/* core.c: 150 of Ana's and 20 of Cy's lines; the bot's 200 are not counted. */
	assert_non_null(strstr(g.evidence[0], "core.c 88% (150 of 170 lines)"));
	assert_null(strstr(g.evidence[0], "@x"));
	tg_fingerprint_file(fp, "history/knowledge-risk", "Ana");
	assert_string_equal(g.fp[0], fp);
	tg_history_free(h);
	tl_rmtree(dir);
}

static void test_lines_rewritten_by_others_are_no_risk(void **state)
{
	struct got g;
	char *dir;
	/*
	 * History says Old added most of w.c (200 lines against New's 150), but
	 * New rewrote every line that is left: nothing of Old's survives.
	 */
	struct tg_history *h = items(&dir,
	                             "lines 200 a w.c && c Old 2019-01-01 one && "
	                             "lines 150 b w.c && c New 2024-06-01 rewrite",
	                             0, &g);

	assert_string_equal(tg_history_file(h, "w.c")->main_author, "Old");
	assert_int_equal(g.n, 0);
	tg_history_free(h);
	tl_rmtree(dir);
}

static void test_moved_lines_keep_their_author(void **state)
{
	struct got g;
	char *dir;
	/*
	 * Mover, who left, split Ana's a.c in two: b.c's 200 lines came from a.c
	 * in that commit, so they are still Ana's (blame -C), not Mover's.
	 */
	struct tg_history *h = items(&dir,
	                             "lines 300 a a.c && c Ana 2019-01-01 one && "
	                             "head -n 200 a.c > b.c && sed -i 1,200d a.c && "
	                             "c Mover 2020-01-01 split && "
	                             "lines 150 z z.c && c Ana 2024-06-01 two",
	                             0, &g);

	assert_string_equal(tg_history_file(h, "b.c")->main_author, "Mover");
	assert_int_equal(g.n, 0);
	tg_history_free(h);
	tl_rmtree(dir);
}

static void test_old_snapshot_calls_nobody_inactive(void **state)
{
	struct got g;
	char *dir;
	/* Everyone's last commit is ten years before now, within 6 months of the newest. */
	struct tg_history *h = items(&dir,
	                             "lines 150 a core.c && c Ana 2015-01-01 one && "
	                             "lines 150 b bo.c && c Bo 2015-03-01 two",
	                             0, &g);

	assert_int_equal(g.n, 0);
	assert_true(tg_history_file(h, "core.c")->knowledge_at_risk < 1e-9);
	tg_history_free(h);
	tl_rmtree(dir);
}

static void test_small_files_and_docs_are_no_risk(void **state)
{
	struct got g;
	char *dir;
	/* Ana left, but only a 3-line source file, a README and a Makefile are hers. */
	struct tg_history *h =
	        items(&dir,
	              "lines 3 a tiny.c && lines 300 r README.md && lines 300 m Makefile && "
	              "lines 300 t tox.ini && c Ana 2018-01-01 one && "
	              "lines 150 b bo.c && c Bo 2024-06-01 two",
	              0, &g);

	assert_int_equal(g.n, 0);
	tg_history_free(h);
	tl_rmtree(dir);
}

static void test_ignore_revs_and_bus_factor(void **state)
{
	struct got g;
	char *dir;
	/*
	 * Bo reformatted Ana's 22 files in a commit listed in
	 * .git-blame-ignore-revs: the lines stay Ana's. With more than 20 source
	 * files mostly hers, the bus factor is 1.
	 */
	struct tg_history *h =
	        items(&dir,
	              "for i in $(seq 1 22); do lines 8 a f$i.c; done && c Ana 2020-01-01 one && "
	              "sed -i 's/int /int  /' f*.c && c Bo 2024-06-01 reformat && "
	              "git rev-parse HEAD > .git-blame-ignore-revs && c Bo 2024-06-02 ignore",
	              5, &g);

	assert_int_equal(g.n, 2);
	assert_string_equal(g.rule[0], "history/knowledge-risk");
	assert_non_null(strstr(g.title[0], "Ana left 22 files (176 lines)"));
	assert_int_equal(g.occ[0], 22);
	assert_string_equal(g.rule[1], "history/bus-factor");
	assert_string_equal(g.title[1], "Bus factor 1: Ana owns 100% of the source code");
	tg_history_free(h);
	tl_rmtree(dir);
}

/* Real porcelain output (two commits, the second line repeated without its details). */
static const char porcelain[] =
        "e2641e09cc0daf44f63f654230f72d22acf3a9af 1 1 1\n"
        "author antirez\nauthor-mail <antirez@gmail.com>\nauthor-time 1277158068\n"
        "author-tz +0200\ncommitter antirez\ncommitter-mail <antirez@gmail.com>\n"
        "committer-time 1277987931\ncommitter-tz +0200\n"
        "summary redis.c split into many different C files.\nfilename src/redis.c\n\t/*\n"
        "0b34396924eca4edc524469886dc5be6c77ec4ed 2 2 1\n"
        "author Pieter Cailliau\nauthor-mail <pieter@redis.com>\nauthor-time 1710974304\n"
        "author-tz +0000\ncommitter GitHub\ncommitter-mail <noreply@github.com>\n"
        "committer-time 1710974304\ncommitter-tz +0000\nsummary Change license\nboundary\n"
        "previous e64d91c37105bc2e23816b6f81b9ffc5e5d99801 src/server.c\n"
        "filename src/server.c\n\t * Copyright (c) 2009-Present, Redis Ltd.\n"
        "e2641e09cc0daf44f63f654230f72d22acf3a9af 3 3 2\n\t * All rights reserved.\n"
        "e2641e09cc0daf44f63f654230f72d22acf3a9af 4 4\n\t *\n";

static int parse(const char *s, size_t step, struct tg_blame_parser *p)
{
	size_t len = strlen(s), i;
	int rc = TG_OK;

	tg_blame_init(p);
	for (i = 0; i < len && rc == TG_OK; i += step)
		rc = tg_blame_feed(p, s + i, len - i < step ? len - i : step);
	if (rc == TG_OK)
		rc = tg_blame_finish(p);
	tg_error_clear();
	return rc;
}

static void test_blame_parser(void **state)
{
	struct tg_blame_parser p;
	size_t step;

	for (step = 1; step < 40; step += 13) {
		assert_int_equal(parse(porcelain, step, &p), TG_OK);
		assert_int_equal(p.lines, 4);
		assert_int_equal(p.commits_nr, 2);
		assert_string_equal(p.commits[0].author, "antirez");
		assert_string_equal(p.commits[0].email, "antirez@gmail.com");
		assert_int_equal(p.commits[0].lines, 3);
		assert_int_equal(p.commits[1].time, 1710974304);
		assert_int_equal(p.commits[1].lines, 1);
		tg_blame_release(&p);
	}
	/* A header without its line, a line without a header, a short id: refused. */
	assert_int_equal(parse("e2641e09cc0daf44f63f654230f72d22acf3a9af 1 1 1\nauthor a\n", 7, &p),
	                 TG_ERR_INPUT);
	tg_blame_release(&p);
	assert_int_equal(parse("\tint x;\n", 3, &p), TG_ERR_INPUT);
	tg_blame_release(&p);
	assert_int_equal(parse("e2641e09 1 1 1\n\tx\n", 5, &p), TG_ERR_INPUT);
	tg_blame_release(&p);
	assert_int_equal(parse("", 1, &p), TG_OK);
	assert_int_equal(p.lines, 0);
	tg_blame_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_departed_author_with_most_surviving_lines),
	        cmocka_unit_test(test_lines_rewritten_by_others_are_no_risk),
	        cmocka_unit_test(test_moved_lines_keep_their_author),
	        cmocka_unit_test(test_old_snapshot_calls_nobody_inactive),
	        cmocka_unit_test(test_small_files_and_docs_are_no_risk),
	        cmocka_unit_test(test_ignore_revs_and_bus_factor),
	        cmocka_unit_test(test_blame_parser),
	};

	tl_git_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
