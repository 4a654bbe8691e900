#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "report/sarif_write.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include "testlib.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static char *root;

static int setup(void **state)
{
	root = tl_tmpdir();
	tl_write(root, "src/app.c",
	         "int main(void)\n{\n\tchar *key = \"AKIA...\";\n\treturn 0;\n}\n");
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(root);
	return 0;
}

/* The vectors of codeql-action's fingerprints tests: the algorithm is GitHub's. */
static void test_line_hash_vectors(void **state)
{
	char **h;
	size_t n;
	const char *text = " a\nb\n  \t\tc\n d";

	n = tg_sarif_line_hashes("", 0, &h);
	assert_int_equal(n, 1);
	assert_string_equal(h[0], "c129715d7a2bc9a3:1");
	free(h[0]);
	free(h);
	n = tg_sarif_line_hashes(text, strlen(text), &h);
	assert_int_equal(n, 4);
	assert_string_equal(h[0], "271789c17abda88f:1");
	assert_string_equal(h[1], "54703d4cd895b18:1");
	assert_string_equal(h[2], "180aee12dab6264:1");
	assert_string_equal(h[3], "a23a3dc5e078b07b:1");
	for (size_t i = 0; i < n; i++)
		free(h[i]);
	free(h);
	/* CRLF and LF hash alike; identical lines are told apart by :k */
	{
		char **a, **b;
		size_t na = tg_sarif_line_hashes("x\r\ny\r\n", 6, &a);
		size_t nb = tg_sarif_line_hashes("x\ny\n", 4, &b);
		assert_int_equal(na, nb);
		for (size_t i = 0; i < na; i++) {
			assert_string_equal(a[i], b[i]);
			free(a[i]);
			free(b[i]);
		}
		free(a);
		free(b);
	}
}

static void make_item(struct tg_item *it, const char *rule, const char *category,
                      enum tg_severity sev, const char *path, int line, double score)
{
	tg_item_init(it);
	tg_fingerprint_match(it->fingerprint, rule, path ? path : "", category, line);
	it->source = tg_strdup("test");
	it->rule_id = tg_strdup(rule);
	it->category = tg_strdup(category);
	it->severity = sev;
	it->path = path ? tg_strdup(path) : NULL;
	it->start_line = line;
	it->title = tg_strdup("a title");
	it->message = tg_strdup("a message");
	it->scores.composite = score;
	it->scores.base = score;
}

static void release_items(struct tg_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tg_item_release(&items[i]);
}

static json_t *parse(const struct tg_buf *b)
{
	json_error_t err;
	json_t *j = json_loadb(b->buf, b->len, 0, &err);

	if (!j)
		fail_msg("not JSON: %s at %d", err.text, err.line);
	return j;
}

#define SIX 6

static void six_items(struct tg_item *items)
{
	make_item(&items[0], "hardcoded-secret", "secret", TG_SEV_CRITICAL, "src/app.c", 3, 90);
	items[0].links.cwe = tg_strdup("CWE-798");
	items[0].start_column = 8;
	items[0].end_column = 20;
	make_item(&items[1], "complex-function", "complexity", TG_SEV_MEDIUM, "src/app.c", 0, 40);
	make_item(&items[2], "complex-function", "complexity", TG_SEV_HIGH, "src/my file#1.c", 7,
	          50);
	make_item(&items[3], "todo", "debt", TG_SEV_INFO, "src/app.c", 2, 10);
	items[3].status = TG_STATUS_SUPPRESSED;
	make_item(&items[4], "todo", "debt", TG_SEV_LOW, "src/app.c", 4, 5);
	items[4].status = TG_STATUS_RESOLVED;
	make_item(&items[5], "large-repo", "debt", TG_SEV_LOW, NULL, 0, 99);
}

static void test_shape(void **state)
{
	struct tg_item items[SIX];
	struct tg_buf out = TG_BUF_INIT;
	struct tg_sarif_opts o = {.repo_root = root};
	json_t *j, *run, *rules, *results, *r0, *loc;

	six_items(items);
	assert_int_equal(tg_sarif_write(&out, items, SIX, &o), 0);
	j = parse(&out);
	assert_string_equal(json_string_value(json_object_get(j, "version")), "2.1.0");
	assert_non_null(json_object_get(j, "$schema"));
	run = json_array_get(json_object_get(j, "runs"), 0);
	assert_string_equal(
	        json_string_value(json_object_get(
	                json_object_get(json_object_get(run, "tool"), "driver"), "name")),
	        "terragon");
	rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	results = json_object_get(run, "results");
	/* resolved, suppressed and path-less items are not results */
	assert_int_equal(json_array_size(results), 3);
	assert_int_equal(json_array_size(rules), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 0), "id")),
	                    "complex-function");
	/* ordered by score; ruleIndex names the rule */
	r0 = json_array_get(results, 0);
	assert_string_equal(json_string_value(json_object_get(r0, "ruleId")), "hardcoded-secret");
	assert_int_equal(json_integer_value(json_object_get(r0, "ruleIndex")), 1);
	assert_string_equal(json_string_value(json_object_get(r0, "level")), "error");
	{
		json_t *rule = json_array_get(rules, 1),
		       *props = json_object_get(rule, "properties");
		const char *tags = json_dumps(json_object_get(props, "tags"), JSON_COMPACT);
		assert_string_equal(json_string_value(json_object_get(props, "security-severity")),
		                    "9.5");
		assert_string_equal(tags, "[\"secret\",\"security\",\"external/cwe/cwe-798\"]");
		free((void *)tags);
		assert_non_null(json_object_get(rule, "helpUri"));
		assert_non_null(json_object_get(json_object_get(rule, "shortDescription"), "text"));
		/* the highest severity among the rule's items */
		props = json_object_get(json_array_get(rules, 0), "properties");
		assert_string_equal(json_string_value(json_object_get(props, "security-severity")),
		                    "8.0");
	}
	loc = json_object_get(json_array_get(json_object_get(r0, "locations"), 0),
	                      "physicalLocation");
	assert_string_equal(json_string_value(json_object_get(
	                            json_object_get(loc, "artifactLocation"), "uriBaseId")),
	                    "%SRCROOT%");
	assert_int_equal(
	        json_integer_value(json_object_get(json_object_get(loc, "region"), "startColumn")),
	        8);
	{
		json_t *fps = json_object_get(r0, "partialFingerprints");
		char **h;
		size_t n;
		struct tg_buf text = TG_BUF_INIT, p = TG_BUF_INIT;
		tg_buf_addf(&p, "%s/src/app.c", root);
		assert_int_equal(tg_buf_read_file(&text, p.buf), TG_OK);
		n = tg_sarif_line_hashes(text.buf, text.len, &h);
		assert_true(n >= 3);
		assert_string_equal(
		        json_string_value(json_object_get(fps, "primaryLocationLineHash")), h[2]);
		assert_string_equal(json_string_value(json_object_get(fps, "terragon/v1")),
		                    items[0].fingerprint);
		for (size_t i = 0; i < n; i++)
			free(h[i]);
		free(h);
		tg_buf_release(&text);
		tg_buf_release(&p);
	}
	/* a space and '#' are percent-encoded; an unknown line becomes line 1 */
	loc = json_object_get(
	        json_array_get(json_object_get(json_array_get(results, 1), "locations"), 0),
	        "physicalLocation");
	assert_string_equal(
	        json_string_value(json_object_get(json_object_get(loc, "artifactLocation"), "uri")),
	        "src/my%20file%231.c");
	assert_null(
	        json_object_get(json_object_get(json_array_get(results, 1), "partialFingerprints"),
	                        "primaryLocationLineHash")); /* no such file */
	loc = json_object_get(
	        json_array_get(json_object_get(json_array_get(results, 2), "locations"), 0),
	        "physicalLocation");
	assert_int_equal(
	        json_integer_value(json_object_get(json_object_get(loc, "region"), "startLine")),
	        1);
	json_decref(j);
	tg_buf_release(&out);
	release_items(items, SIX);
}

static void test_deterministic(void **state)
{
	struct tg_item items[SIX], rev[SIX];
	struct tg_buf a = TG_BUF_INIT, b = TG_BUF_INIT;
	struct tg_sarif_opts o = {.repo_root = root, .include_suppressed = 1};

	six_items(items);
	for (size_t i = 0; i < SIX; i++)
		rev[i] = items[SIX - 1 - i];
	assert_int_equal(tg_sarif_write(&a, items, SIX, &o), 0);
	assert_int_equal(tg_sarif_write(&b, rev, SIX, &o), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	assert_non_null(strstr(a.buf, "\"suppressions\":[{\"kind\":\"external\""));
	tg_buf_release(&a);
	tg_buf_release(&b);
	release_items(items, SIX);
}

static void test_result_limit(void **state)
{
	struct tg_item items[30];
	struct tg_buf out = TG_BUF_INIT;
	struct tg_sarif_opts o = {.max_results = 10};
	json_t *j, *run, *results;

	for (int i = 0; i < 30; i++)
		make_item(&items[i], "r", "debt", TG_SEV_LOW, "a.c", i + 1, (double)((i * 7) % 30));
	assert_int_equal(tg_sarif_write(&out, items, 30, &o), 20);
	j = parse(&out);
	run = json_array_get(json_object_get(j, "runs"), 0);
	results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), 10);
	for (size_t i = 0; i < 10; i++) {
		json_t *p = json_object_get(json_array_get(results, i), "properties");
		assert_int_equal((int)json_number_value(json_object_get(p, "score")), 29 - (int)i);
	}
	assert_int_equal(json_integer_value(json_object_get(json_object_get(run, "properties"),
	                                                    "terragon/resultsOmitted")),
	                 20);
	json_decref(j);
	tg_buf_release(&out);
	release_items(items, 30);
}

static size_t gzipped(const struct tg_buf *b)
{
	uLongf n = compressBound(b->len);
	unsigned char *dst = tg_malloc(n);

	assert_int_equal(compress2(dst, &n, (const unsigned char *)b->buf, b->len, 6), Z_OK);
	free(dst);
	return n + 18; /* gzip's header and trailer instead of zlib's 6 bytes */
}

static void test_size_limit(void **state)
{
	enum { N = 400 };
	struct tg_item *items = tg_calloc(N, sizeof(*items));
	struct tg_buf out = TG_BUF_INIT;
	struct tg_sarif_opts o = {.max_gzip_bytes = 8000};
	int omitted;

	for (int i = 0; i < N; i++) {
		char path[32], msg[64];
		snprintf(path, sizeof(path), "dir%d/file%d.c", i % 37, i);
		make_item(&items[i], "r", "debt", TG_SEV_LOW, path, i + 1, (double)i);
		free(items[i].message);
		snprintf(msg, sizeof(msg), "message %d %x %d", i * 7919, i * 104729, i * i);
		items[i].message = tg_strdup(msg);
	}
	omitted = tg_sarif_write(&out, items, N, &o);
	assert_true(omitted > 0 && omitted < N);
	assert_true(gzipped(&out) <= 8000);
	assert_non_null(strstr(out.buf, "\"terragon/resultsOmitted\":"));
	tg_buf_release(&out);
	release_items(items, N);
	free(items);
}

static void test_empty(void **state)
{
	struct tg_buf out = TG_BUF_INIT;
	json_t *j;

	assert_int_equal(tg_sarif_write(&out, NULL, 0, NULL), 0);
	j = parse(&out);
	assert_int_equal(json_array_size(json_object_get(
	                         json_array_get(json_object_get(j, "runs"), 0), "results")),
	                 0);
	json_decref(j);
	tg_buf_release(&out);
}

/*
 * Microsoft's validator (installed by scripts/deps.sh --test under
 * build/npm) must find no error. The file stays in $TMPDIR for
 * tests/e2e/t_sarif_validate.sh and for a look by hand.
 */
static void test_validator(void **state)
{
	struct tg_item items[SIX];
	struct tg_buf out = TG_BUF_INIT, cmd = TG_BUF_INIT, log = TG_BUF_INIT;
	struct tg_sarif_opts o = {.repo_root = root, .automation_id = "terragon/test"};
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[256], tool[512], line[4096];
	FILE *p;
	int status;

	six_items(items);
	assert_int_equal(tg_sarif_write(&out, items, SIX, &o), 0);
	snprintf(path, sizeof(path), "%s/terragon-sarif-test.sarif", tmp);
	assert_int_equal(tg_buf_write_file(&out, path), TG_OK);
	snprintf(tool, sizeof(tool), "%s/build/npm/node_modules/.bin/sarif-multitool",
	         TG_SOURCE_DIR);
	if (access(tool, X_OK)) {
		print_message(
		        "sarif-multitool not installed (scripts/deps.sh --test): not validated\n");
		goto done;
	}
	/* GitHub's rules (GH...) too; the npm wrapper hands the list to a shell, hence the quotes
	 */
	tg_buf_addf(
	        &cmd,
	        "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 '%s' validate --rule-kind '\"Gh;Sarif\"' "
	        "'%s' 2>&1",
	        tool, path);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p))
		tg_buf_adds(&log, line);
	status = pclose(p);
	if (status != 0 || strstr(log.buf, ": error ") || strstr(log.buf, ": warning ") ||
	    !strstr(log.buf, "completed successfully"))
		fail_msg("sarif-multitool validate %s:\n%s", path, log.buf);
done:
	tg_buf_release(&out);
	tg_buf_release(&cmd);
	tg_buf_release(&log);
	release_items(items, SIX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_line_hash_vectors), cmocka_unit_test(test_shape),
	        cmocka_unit_test(test_deterministic),     cmocka_unit_test(test_result_limit),
	        cmocka_unit_test(test_size_limit),        cmocka_unit_test(test_empty),
	        cmocka_unit_test(test_validator),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
