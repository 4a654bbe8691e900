#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ingest/ingest.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include "testlib.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TG_CLANG_ASAN 1
#endif
#endif
#ifndef TG_CLANG_ASAN
#define TG_CLANG_ASAN 0
#endif

/* A sink that keeps what it is given. */
struct kept {
	struct tg_item *items;
	size_t nr, alloc;
};

static int keep_emit(struct tg_sink *sink, struct tg_item *it)
{
	struct kept *k = sink->data;

	TG_ALLOC_GROW(k->items, k->nr + 1, k->alloc);
	k->items[k->nr++] = *it;
	tg_item_init(it);
	return TG_OK;
}

static void kept_release(struct kept *k)
{
	for (size_t i = 0; i < k->nr; i++)
		tg_item_release(&k->items[i]);
	free(k->items);
	memset(k, 0, sizeof(*k));
}

static char *dir;

static const char *write_tmp(const char *name, const char *text)
{
	static char path[4096];

	if (!dir)
		dir = tl_tmpdir();
	tl_write(dir, name, text);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static int remove_dir(void **state)
{
	tl_rmtree(dir);
	return 0;
}

/* Reads text as a SARIF file with repository root /repo. */
static int ingest(const char *text, struct kept *k, struct tg_ingest_stats *st)
{
	struct tg_sink sink = {keep_emit, k};
	const char *path = write_tmp("in.sarif", text);

	memset(st, 0, sizeof(*st));
	return tg_ingest_sarif(path, "/repo", &sink, st);
}

#define HEAD        "{\"version\":\"2.1.0\",\"runs\":[{"
#define TOOL(rules) "\"tool\":{\"driver\":{\"name\":\"semgrep\",\"rules\":[" rules "]}},"
#define LOC(uri, line)                                                                             \
	"\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"" uri "\"},"        \
	"\"region\":{\"startLine\":" #line ",\"startColumn\":3,\"endLine\":" #line                 \
	",\"endColumn\":9,\"snippet\":{\"text\":\"eval( x )\"}}}}]"

static void test_semgrep_like(void **state)
{
	struct kept k = {0};
	struct tg_ingest_stats st;
	const char *text =
	        HEAD TOOL("{\"id\":\"py.eval\",\"name\":\"eval\","
	                  "\"shortDescription\":{\"text\":\"Use of eval\"},"
	                  "\"helpUri\":\"https://semgrep.dev/r/py.eval\","
	                  "\"defaultConfiguration\":{\"level\":\"error\"},"
	                  "\"properties\":{\"tags\":[\"CWE-95: Eval "
	                  "Injection\",\"security\"]}}") "\"results\":[{\"ruleId\":"
	                                                 "\"py.eval\",\"message\":{"
	                                                 "\"text\":\"eval on "
	                                                 "input\"}," LOC("src/app.py", 12) "}]}]}";

	assert_int_equal(ingest(text, &k, &st), TG_OK);
	assert_int_equal(k.nr, 1);
	assert_int_equal(st.emitted, 1);
	assert_string_equal(k.items[0].source, "sarif:semgrep");
	assert_string_equal(k.items[0].rule_id, "py.eval");
	assert_string_equal(k.items[0].category, "security");
	assert_int_equal(k.items[0].severity, TG_SEV_HIGH); /* rule default level error */
	assert_string_equal(k.items[0].path, "src/app.py");
	assert_int_equal(k.items[0].start_line, 12);
	assert_int_equal(k.items[0].start_column, 3);
	assert_int_equal(k.items[0].end_column, 9);
	assert_string_equal(k.items[0].title, "Use of eval");
	assert_string_equal(k.items[0].message, "eval on input");
	assert_string_equal(k.items[0].evidence, "eval( x )");
	assert_string_equal(k.items[0].links.cwe, "CWE-95");
	assert_string_equal(k.items[0].links.rule_doc, "https://semgrep.dev/r/py.eval");
	assert_int_equal(strlen(k.items[0].fingerprint), 16);
	kept_release(&k);
}

/* security-severity wins over level; its bands; then level; a non-fail kind is info. */
static void test_severity(void **state)
{
	struct kept k = {0};
	struct tg_ingest_stats st;
	const char *text = HEAD TOOL("{\"id\":\"r0\",\"properties\":{\"security-severity\":\"9.5\"}"
	                             "},"
	                             "{\"id\":\"r1\",\"properties\":{\"security-severity\":\"9.0\"}"
	                             "},"
	                             "{\"id\":\"r2\",\"properties\":{\"security-severity\":\"4.0\"}"
	                             "},"
	                             "{\"id\":\"r3\",\"properties\":{\"security-severity\":0.5}},"
	                             "{\"id\":\"r4\",\"properties\":{\"security-severity\":\"0.0\"}"
	                             "}") "\"results\":["
	                                  "{\"ruleId\":\"r0\",\"level\":\"note\",\"message\":{"
	                                  "\"text\":\"a\"}},"
	                                  "{\"ruleId\":\"r1\",\"message\":{\"text\":\"b\"}},"
	                                  "{\"ruleId\":\"r2\",\"message\":{\"text\":\"c\"}},"
	                                  "{\"ruleIndex\":3,\"message\":{\"text\":\"d\"}},"
	                                  "{\"ruleId\":\"r4\",\"level\":\"error\",\"message\":{"
	                                  "\"text\":\"e\"}},"
	                                  "{\"ruleId\":\"x\",\"message\":{\"text\":\"f\"}},"
	                                  "{\"ruleId\":\"x\",\"level\":\"note\",\"message\":{"
	                                  "\"text\":\"g\"}},"
	                                  "{\"ruleId\":\"x\",\"level\":\"none\",\"message\":{"
	                                  "\"text\":\"h\"}},"
	                                  "{\"ruleId\":\"x\",\"kind\":\"pass\",\"level\":\"error\","
	                                  "\"message\":{\"text\":\"i\"}},"
	                                  "{\"ruleId\":\"x\",\"properties\":{\"security-severity\":"
	                                  "\"7.0\"},"
	                                  "\"message\":{\"text\":\"j\"}}"
	                                  "]}]}";
	enum tg_severity want[] = {TG_SEV_CRITICAL, TG_SEV_HIGH,   TG_SEV_MEDIUM, TG_SEV_LOW,
	                           TG_SEV_HIGH,     TG_SEV_MEDIUM, TG_SEV_LOW,    TG_SEV_INFO,
	                           TG_SEV_INFO,     TG_SEV_HIGH};

	assert_int_equal(ingest(text, &k, &st), TG_OK);
	assert_int_equal(k.nr, 10);
	for (size_t i = 0; i < k.nr; i++)
		assert_int_equal(k.items[i].severity, want[i]);
	assert_string_equal(k.items[3].rule_id, "r3");        /* from ruleIndex */
	assert_string_equal(k.items[0].category, "security"); /* security-severity present */
	assert_string_equal(k.items[5].category, "debt");
	assert_null(k.items[5].path);
	kept_release(&k);
}

static void test_paths(void **state)
{
	struct kept k = {0};
	struct tg_ingest_stats st;
	const char *text = HEAD TOOL(
	        "") "\"originalUriBaseIds\":{\"SRC\":{\"uri\":\"file:///repo/lib/\"},"
	            "\"NESTED\":{\"uri\":\"deep/\",\"uriBaseId\":\"SRC\"},"
	            "\"OTHER\":{\"uri\":\"file:///elsewhere/\"}},"
	            "\"results\":["
	            "{\"ruleId\":\"a\",\"message\":{\"text\":\"1\"}," LOC(
	                    "file:///repo/src/a%20b.c",
	                    1) "},"
	                       "{\"ruleId\":\"a\",\"message\":{\"text\":\"2\"}," LOC(
	                               "file:///etc/passwd",
	                               1) "},"
	                                  "{\"ruleId\":\"a\",\"message\":{\"text\":\"3\"}," LOC(
	                                          "../outside.c",
	                                          1) "},"
	                                             "{\"ruleId\":\"a\",\"message\":{\"text\":"
	                                             "\"4\"}," LOC(
	                                                     "https://example.com/x.c",
	                                                     1) "},"
	                                                        "{\"ruleId\":\"a\",\"message\":{"
	                                                        "\"text\":\"5\"},\"locations\":[{"
	                                                        "\"physicalLocation\":"
	                                                        "{\"artifactLocation\":{\"uri\":"
	                                                        "\"x.c\",\"uriBaseId\":\"%SRC%\"}}}"
	                                                        "]},"
	                                                        "{\"ruleId\":\"a\",\"message\":{"
	                                                        "\"text\":\"6\"},\"locations\":[{"
	                                                        "\"physicalLocation\":"
	                                                        "{\"artifactLocation\":{\"uri\":"
	                                                        "\"y.c\",\"uriBaseId\":\"NESTED\"}}"
	                                                        "}]},"
	                                                        "{\"ruleId\":\"a\",\"message\":{"
	                                                        "\"text\":\"7\"},\"locations\":[{"
	                                                        "\"physicalLocation\":"
	                                                        "{\"artifactLocation\":{\"uri\":"
	                                                        "\"z.c\",\"uriBaseId\":\"OTHER\"}}}"
	                                                        "]},"
	                                                        "{\"ruleId\":\"a\",\"message\":{"
	                                                        "\"text\":\"8\"},\"locations\":[{"
	                                                        "\"physicalLocation\":"
	                                                        "{\"artifactLocation\":{\"uri\":\"."
	                                                        "/w/../"
	                                                        "v.c\",\"uriBaseId\":\"%SRCROOT%\"}"
	                                                        "}}]}"
	                                                        "]}]}";

	assert_int_equal(ingest(text, &k, &st), TG_OK);
	assert_int_equal(st.results, 8);
	assert_int_equal(st.outside_repo, 4);
	assert_int_equal(k.nr, 4);
	assert_string_equal(k.items[0].path, "src/a b.c");
	assert_string_equal(k.items[1].path, "lib/x.c");
	assert_string_equal(k.items[2].path, "lib/deep/y.c");
	assert_string_equal(k.items[3].path, "v.c");
	kept_release(&k);
}

/* Trivy writes originalUriBaseIds after the results: they wait for it. */
static void test_bases_after_results(void **state)
{
	struct kept k = {0};
	struct tg_ingest_stats st;
	const char *text = HEAD TOOL(
	        "") "\"results\":[{\"ruleId\":\"a\",\"message\":{\"text\":\"1\"},\"locations\":[{"
	            "\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"go.mod\",\"uriBaseId\":"
	            "\"SCAN\"}}}]}],"
	            "\"originalUriBaseIds\":{\"SCAN\":{\"uri\":\"file:///repo/svc/\"}}}]}";

	assert_int_equal(ingest(text, &k, &st), TG_OK);
	assert_int_equal(k.nr, 1);
	assert_string_equal(k.items[0].path, "svc/go.mod");
	kept_release(&k);
}

static void test_suppressions_and_duplicates(void **state)
{
	struct kept k = {0};
	struct tg_ingest_stats st;
	const char *text = HEAD TOOL(
	        "") "\"results\":["
	            "{\"ruleId\":\"a\",\"message\":{\"text\":\"1\"},\"suppressions\":[{\"kind\":"
	            "\"inSource\"}]},"
	            "{\"ruleId\":\"b\",\"message\":{\"text\":\"2\"},"
	            "\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\"}]},"
	            "{\"ruleId\":\"c\",\"message\":{\"text\":\"3\"},"
	            "\"suppressions\":[{\"kind\":\"external\",\"status\":\"underReview\"}]},"
	            "{\"ruleId\":\"d\",\"message\":{\"text\":\"4\"},\"suppressions\":[]},"
	            "{\"ruleId\":\"d\",\"message\":{\"text\":\"4\"},\"suppressions\":[]},"
	            "{\"ruleId\":\"e\",\"message\":{\"text\":\"x\"}," LOC(
	                    "a.c",
	                    1) ",\"partialFingerprints\":{\"primaryLocationLineHash\":\"abc:1\"}},"
	                       "{\"ruleId\":\"e\",\"message\":{\"text\":\"x\"}," LOC(
	                               "a.c",
	                               40) ",\"partialFingerprints\":{\"primaryLocationLineHash\":"
	                                   "\"abc:1\"}},"
	                                   "{\"ruleId\":\"e\",\"message\":{\"text\":\"x\"}," LOC(
	                                           "a.c",
	                                           1) ",\"partialFingerprints\":{"
	                                              "\"primaryLocationLineHash\":\"def:1\"}}"
	                                              "]}]}";

	assert_int_equal(ingest(text, &k, &st), TG_OK);
	assert_int_equal(st.results, 8);
	assert_int_equal(st.duplicates, 2);
	assert_int_equal(k.nr, 6);
	assert_int_equal(k.items[0].status, TG_STATUS_SUPPRESSED);
	assert_int_equal(k.items[1].status, TG_STATUS_SUPPRESSED);
	assert_int_equal(k.items[2].status, TG_STATUS_OPEN);
	assert_int_equal(k.items[3].status, TG_STATUS_OPEN);
	assert_int_equal(st.suppressed, 2);
	/* the same line hash moved 39 lines down is the same item */
	assert_string_not_equal(k.items[4].fingerprint, k.items[5].fingerprint);
	assert_int_equal(k.items[4].start_line, 1);
	kept_release(&k);
}

/* Without a tool fingerprint, the k-th identical snippet in a file is its own item, wherever
 * it moves; the same result at the same place twice is a duplicate. */
static void test_occurrences(void **state)
{
	struct kept k = {0}, k2 = {0};
	struct tg_ingest_stats st;
	const char *text = HEAD TOOL(
	        "") "\"results\":["
	            "{\"ruleId\":\"B101\",\"message\":{\"text\":\"assert\"}," LOC(
	                    "t.py",
	                    3) "},"
	                       "{\"ruleId\":\"B101\",\"message\":{\"text\":\"assert\"}," LOC(
	                               "t.py", 9) "},"
	                                          "{\"ruleId\":\"B101\",\"message\":{\"text\":"
	                                          "\"assert\"}," LOC("t.py", 9) "}]}]}";
	const char *moved = HEAD TOOL(
	        "") "\"results\":["
	            "{\"ruleId\":\"B101\",\"message\":{\"text\":\"assert\"}," LOC(
	                    "t.py",
	                    53) "},"
	                        "{\"ruleId\":\"B101\",\"message\":{\"text\":\"assert\"}," LOC(
	                                "t.py", 59) "}]}]}";

	assert_int_equal(ingest(text, &k, &st), TG_OK);
	assert_int_equal(k.nr, 2);
	assert_int_equal(st.duplicates, 1);
	assert_string_not_equal(k.items[0].fingerprint, k.items[1].fingerprint);
	assert_int_equal(ingest(moved, &k2, &st), TG_OK);
	assert_int_equal(k2.nr, 2);
	assert_string_equal(k.items[0].fingerprint, k2.items[0].fingerprint);
	assert_string_equal(k.items[1].fingerprint, k2.items[1].fingerprint);
	kept_release(&k);
	kept_release(&k2);
}

static void test_fixes_and_extensions(void **state)
{
	struct kept k = {0};
	struct tg_ingest_stats st;
	const char *text =
	        "{\"runs\":[{\"tool\":{\"driver\":{\"name\":\"CodeQL\"},\"extensions\":[{\"name\":"
	        "\"pack\","
	        "\"rules\":[{\"id\":\"js/xss\",\"shortDescription\":{\"text\":\"XSS\"},"
	        "\"properties\":{\"tags\":[\"external/cwe/"
	        "cwe-079\"],\"security-severity\":\"6.1\"}}]}]},"
	        "\"results\":[{\"rule\":{\"id\":\"js/"
	        "xss\",\"index\":0,\"toolComponent\":{\"index\":0}},"
	        "\"message\":{\"text\":\"xss\"}," LOC(
	                "web/a.js",
	                5) ",\"fixes\":[{\"description\":{"
	                   "\"text\":\"escape "
	                   "it\"},\"artifactChanges\":[{\"replacements\":[{\"deletedRegion\":{"
	                   "\"startLine\":5,\"startColumn\":3,\"endColumn\":9},\"insertedContent\":"
	                   "{\"text\":\"esc(x)\"}}],"
	                   "\"artifactLocation\":{\"uri\":\"web/"
	                   "a.js\"}}]}]}]}],\"version\":\"2.1.0\"}";

	assert_int_equal(ingest(text, &k, &st), TG_OK); /* version last: results waited */
	assert_int_equal(k.nr, 1);
	assert_string_equal(k.items[0].source, "sarif:CodeQL");
	assert_string_equal(k.items[0].title, "XSS");
	assert_string_equal(k.items[0].links.cwe, "CWE-79");
	assert_int_equal(k.items[0].severity, TG_SEV_MEDIUM);
	assert_string_equal(k.items[0].category, "security");
	assert_int_equal(st.fixes_nr, 1);
	assert_string_equal(st.fixes[0].path, "web/a.js");
	assert_string_equal(st.fixes[0].inserted, "esc(x)");
	assert_string_equal(st.fixes[0].description, "escape it");
	assert_string_equal(st.fixes[0].fingerprint, k.items[0].fingerprint);
	assert_int_equal(st.fixes[0].start_line, 5);
	assert_int_equal(st.fixes[0].end_column, 9);
	assert_int_equal(st.fixes[0].char_offset, -1);
	tg_ingest_stats_release(&st);
	kept_release(&k);
}

static void test_bad_input(void **state)
{
	struct kept k = {0};
	struct tg_ingest_stats st;

	assert_int_equal(ingest("{\"version\":\"2.0.0\",\"runs\":[]}", &k, &st), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "in.sarif"));
	assert_non_null(strstr(tg_error_message(), "2.0.0"));

	assert_int_equal(ingest("{\"runs\":[]}", &k, &st), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "version"));

	/* malformed after one complete result: that one is kept, the error names the byte */
	assert_int_equal(
	        ingest(HEAD TOOL("") "\"results\":[{\"ruleId\":\"a\",\"message\":{\"text\":"
	                             "\"1\"}},{\"ruleId\":\"b\",]}]}",
	               &k, &st),
	        TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "in.sarif"));
	assert_non_null(strstr(tg_error_message(), "byte"));
	assert_int_equal(k.nr, 1);
	assert_string_equal(k.items[0].rule_id, "a");
	kept_release(&k);

	assert_int_equal(ingest(HEAD TOOL("") "\"results\":[{\"ruleId\":", &k, &st), TG_ERR_INPUT);
	assert_int_equal(k.nr, 0);
	assert_int_equal(ingest("[1,2]", &k, &st), TG_ERR_INPUT);
	assert_int_equal(ingest("", &k, &st), TG_ERR_INPUT);
	/* wrong types in known places are ignored, not fatal */
	assert_int_equal(ingest(HEAD "\"tool\":[],\"results\":{\"a\":1}}]}", &k, &st), TG_OK);
	assert_int_equal(ingest(HEAD
	                        "\"results\":[{\"ruleId\":7,\"locations\":{},\"message\":[]}]}]}",
	                        &k, &st),
	                 TG_OK);
	assert_int_equal(k.nr, 1);
	kept_release(&k);
	memset(&st, 0, sizeof(st));
	assert_int_equal(tg_ingest_sarif("/nonexistent/x.sarif", "/repo", NULL, &st), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "/nonexistent/x.sarif"));
}

/* A million results through a pipe: counted, never kept. */
static int count_emit(struct tg_sink *sink, struct tg_item *it)
{
	(*(size_t *)sink->data)++;
	tg_item_release(it);
	return TG_OK;
}

static void *produce(void *arg)
{
	FILE *f = fdopen(*(int *)arg, "w");
	const size_t n = 1000000;

	fputs(HEAD TOOL("{\"id\":\"r\"}") "\"results\":[", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f,
		        "%s{\"ruleId\":\"r\",\"message\":{\"text\":\"m\"},\"locations\":[{"
		        "\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/f%zu.c\"},"
		        "\"region\":{\"startLine\":%zu}}}]}",
		        i ? "," : "", i % 1000, i / 1000 + 1);
	fputs("]}]}", f);
	fclose(f);
	return NULL;
}

static void test_million_results_stream(void **state)
{
	int fds[2];
	pthread_t t;
	size_t count = 0;
	struct tg_sink sink = {count_emit, &count};
	struct tg_ingest_stats st = {0};
	struct rusage before, after;
	char path[64];

	assert_int_equal(pipe(fds), 0);
	getrusage(RUSAGE_SELF, &before);
	assert_int_equal(pthread_create(&t, NULL, produce, &fds[1]), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	assert_int_equal(tg_ingest_sarif(path, "/repo", &sink, &st), TG_OK);
	pthread_join(t, NULL);
	close(fds[0]);
	getrusage(RUSAGE_SELF, &after);
	assert_int_equal(count, 1000000);
	assert_int_equal(st.results, 1000000);
	/* ~150 MB of JSON went through; memory grew by far less (the fingerprint set).
	 * AddressSanitizer keeps freed memory in quarantine, so only without it. */
#if !defined(__SANITIZE_ADDRESS__) && !TG_CLANG_ASAN
	assert_true(after.ru_maxrss - before.ru_maxrss < 96 * 1024);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_semgrep_like),
	        cmocka_unit_test(test_severity),
	        cmocka_unit_test(test_paths),
	        cmocka_unit_test(test_bases_after_results),
	        cmocka_unit_test(test_suppressions_and_duplicates),
	        cmocka_unit_test(test_occurrences),
	        cmocka_unit_test(test_fixes_and_extensions),
	        cmocka_unit_test(test_bad_input),
	        cmocka_unit_test(test_million_results_stream),
	};
	return cmocka_run_group_tests(tests, NULL, remove_dir);
}
