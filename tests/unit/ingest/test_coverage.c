#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ingest/ingest.h"
#include "util/buf.h"
#include "util/error.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *root;

/* A repository with src/m.c, src/util/u.c and pkg/mod.py. */
static int setup(void **state)
{
	root = tl_tmpdir();
	tl_write(root, "src/m.c", "x\n");
	tl_write(root, "src/util/u.c", "x\n");
	tl_write(root, "pkg/mod.py", "x\n");
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(root);
	return 0;
}

static const char *report(const char *name, const char *text)
{
	static char path[4096];

	tl_write(root, name, text);
	snprintf(path, sizeof(path), "%s/%s", root, name);
	return path;
}

/* lcov 1.16 omits LF/LH: totals come from DA; sections of one file merge; paths lose the
 * build machine's prefix; BRDA branch names may hold commas (lcov 2). */
static void test_lcov(void **state)
{
	struct tg_coverage c;
	const struct tg_coverage_file *f;
	const char *path = report("t.info", "TN:\n"
	                                    "SF:/ci/build/proj/src/m.c\n"
	                                    "FN:2,sign\nFNDA:1,sign\n"
	                                    "DA:3,1\nDA:4,0\nDA:5,0\n"
	                                    "BRDA:3,0,0,1\nBRDA:3,0,1,0\nBRDA:5,e0,a, b,-\n"
	                                    "LF:99\nLH:99\n"
	                                    "end_of_record\n"
	                                    "TN:other\n"
	                                    "SF:/ci/build/proj/src/m.c\n"
	                                    "DA:4,2\nBRDA:3,0,1,3\n"
	                                    "end_of_record\n"
	                                    "SF:/ci/build/proj/src/util/u.c\r\n"
	                                    "DA:1,5\r\n"
	                                    "end_of_record\r\n"
	                                    "SF:/ci/build/proj/src/gone.c\n"
	                                    "DA:1,5\nDA:2,0\n"
	                                    "end_of_record\n");

	tg_coverage_init(&c);
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_OK);
	assert_string_equal(c.format, "lcov");
	assert_int_equal(c.nr, 2);
	assert_string_equal(c.files[0].path, "src/m.c");
	assert_string_equal(c.files[1].path, "src/util/u.c");
	assert_int_equal(c.files[0].lines_found, 3);
	assert_int_equal(c.files[0].lines_hit, 2); /* line 4 ran in the second section */
	assert_int_equal(c.files[0].branches_found, 3);
	assert_int_equal(c.files[0].branches_hit, 2);
	assert_int_equal(c.lines_found, 4);
	assert_int_equal(c.lines_hit, 3);
	assert_true(c.percent > 74.9 && c.percent < 75.1);
	assert_int_equal(c.missing.nr, 1);
	assert_string_equal(c.missing.v[0], "/ci/build/proj/src/gone.c");
	f = tg_coverage_find(&c, "src/m.c");
	assert_non_null(f);
	assert_int_equal(tg_coverage_line_hits(f, 4), 2);
	assert_int_equal(tg_coverage_line_hits(f, 5), 0);
	assert_int_equal(tg_coverage_line_hits(f, 6), -1);
	assert_null(tg_coverage_find(&c, "src/gone.c"));
	tg_coverage_release(&c);
}

static void test_lcov_bad(void **state)
{
	struct tg_coverage c;
	const char *bad[] = {
	        "SF:src/m.c\nDA:3\nend_of_record\n",
	        "SF:src/m.c\nDA:x,1\nend_of_record\n",
	        "DA:1,1\n",
	        "SF:src/m.c\nDA:1,1\n",
	        "SF:src/m.c\nBRDA:1\nend_of_record\n",
	        "garbage\n",
	        "",
	};
	int want_line[] = {2, 2, 1, 2, 2, 1, 1};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char where[4200];
		const char *path = report("bad.info", bad[i]);
		tg_coverage_init(&c);
		assert_int_equal(tg_ingest_coverage(path, root, &c), TG_ERR_INPUT);
		snprintf(where, sizeof(where), "%s:%d:", path, want_line[i]);
		if (!strstr(tg_error_message(), where))
			fail_msg("case %zu: \"%s\" does not name %s", i, tg_error_message(), where);
		assert_int_equal(c.nr, 0); /* nothing half-read */
		tg_coverage_release(&c);
	}
}

static void test_cobertura(void **state)
{
	struct tg_coverage c;
	struct tg_buf text = TG_BUF_INIT;
	const char *path;

	tg_buf_addf(
	        &text,
	        "<?xml version=\"1.0\" ?>\n"
	        "<!DOCTYPE coverage SYSTEM "
	        "\"http://cobertura.sourceforge.net/xml/coverage-04.dtd\">\n"
	        "<coverage line-rate=\"0.5\" branch-rate=\"0\" version=\"5.2\" timestamp=\"1\">\n"
	        " <sources><source>\n  %s/src\n </source></sources>\n"
	        " <packages><package name=\"p\"><classes>\n"
	        "  <class name=\"m\" filename=\"m.c\" line-rate=\"0.5\">\n"
	        "   <methods><method name=\"f\"><lines><line number=\"9\" hits=\"0\"/></lines>"
	        "</method></methods>\n"
	        "   <lines><line number=\"1\" hits=\"3\"/>\n"
	        "    <line number=\"2\" hits=\"0\" branch=\"true\" condition-coverage=\"50%% "
	        "(1/2)\"/>\n"
	        "   </lines></class>\n"
	        "  <class name=\"u\" filename=\"util/u.c\"><lines><line number=\"7\" hits=\"1\"/>"
	        "</lines></class>\n"
	        "  <class name=\"g\" filename=\"gone.c\"><lines><line number=\"1\" hits=\"1\"/>"
	        "</lines></class>\n"
	        " </classes></package></packages>\n</coverage>\n",
	        root);
	path = report("cobertura.xml", text.buf);
	tg_coverage_init(&c);
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_OK);
	assert_string_equal(c.format, "cobertura");
	assert_int_equal(c.nr, 2);
	assert_string_equal(c.files[0].path, "src/m.c");
	assert_int_equal(c.files[0].lines_found, 2); /* method lines are not counted twice */
	assert_int_equal(c.files[0].lines_hit, 1);
	assert_int_equal(c.files[0].branches_found, 2);
	assert_int_equal(c.files[0].branches_hit, 1);
	assert_string_equal(c.files[1].path, "src/util/u.c");
	assert_int_equal(c.missing.nr, 1);
	assert_true(c.percent > 66.6 && c.percent < 66.7);
	assert_true(c.branch_percent > 49.9 && c.branch_percent < 50.1);
	tg_coverage_release(&c);
	tg_buf_release(&text);
}

static void test_cobertura_bad(void **state)
{
	struct tg_coverage c;
	const char *path = report("bad.xml", "<coverage>\n<packages>\n<class filename=\"x\">\n"
	                                     "</packages>\n</coverage>\n");

	tg_coverage_init(&c);
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "bad.xml:4:"));
	path = report("bad.xml", "<?xml version=\"1.0\"?>\n<report/>\n");
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "not a Cobertura"));
	/* an external entity is never fetched or expanded */
	path = report("bad.xml",
	              "<?xml version=\"1.0\"?>\n<!DOCTYPE c [<!ENTITY e SYSTEM "
	              "\"file:///etc/passwd\">]>\n<coverage><sources><source>&e;</source>"
	              "</sources></coverage>\n");
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_OK);
	assert_int_equal(c.nr, 0);
	tg_coverage_release(&c);
}

static void test_coveragepy(void **state)
{
	struct tg_coverage c;
	const char *path =
	        report("coverage.json",
	               "{\"meta\":{\"version\":\"7.4.0\",\"branch_coverage\":true},\"files\":{"
	               "\"pkg/mod.py\":{\"executed_lines\":[1,2,4,5],\"missing_lines\":[3],"
	               "\"excluded_lines\":[],\"executed_branches\":[[2,4]],\"missing_branches\":[["
	               "2,-1]]},"
	               "\"pkg/old.py\":{\"executed_lines\":[1],\"missing_lines\":[]}},"
	               "\"totals\":{\"percent_covered\":71.4}}");

	tg_coverage_init(&c);
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_OK);
	assert_string_equal(c.format, "coverage.py");
	assert_int_equal(c.nr, 1);
	assert_int_equal(c.files[0].lines_found, 5);
	assert_int_equal(c.files[0].lines_hit, 4);
	assert_int_equal(c.files[0].branches_found, 2);
	assert_int_equal(c.files[0].branches_hit, 1);
	assert_int_equal(c.missing.nr, 1);
	assert_true(c.percent > 79.9 && c.percent < 80.1);
	tg_coverage_release(&c);

	path = report("bad.json", "{\"files\":{\"a.py\":{\"executed_lines\":[1,}}}");
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "bad.json:1:"));
	path = report("bad.json", "{\"meta\":{}}");
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "not a coverage.py"));
	path = report("bad.json", "{\"files\":{\"pkg/mod.py\":{\"executed_lines\":[\"1\"]}}}");
	assert_int_equal(tg_ingest_coverage(path, root, &c), TG_ERR_INPUT);
	assert_int_equal(c.nr, 0);
	assert_int_equal(tg_ingest_coverage("/nonexistent.info", root, &c) < 0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_lcov),       cmocka_unit_test(test_lcov_bad),
	        cmocka_unit_test(test_cobertura),  cmocka_unit_test(test_cobertura_bad),
	        cmocka_unit_test(test_coveragepy),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
