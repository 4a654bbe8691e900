#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/toml.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct tg_toml *parse(const char *text)
{
	struct tg_toml *root = NULL;
	int r = tg_toml_parse(text, strlen(text), "t.toml", &root);

	if (r)
		fail_msg("unexpected error: %s", tg_error_message());
	assert_non_null(root);
	return root;
}

/* text must be refused with a message that starts with want ("t.toml:L:C: ..."). */
static void refused(const char *text, const char *want)
{
	struct tg_toml *root = (struct tg_toml *)1;

	assert_int_equal(tg_toml_parse(text, strlen(text), "t.toml", &root), TG_ERR_INPUT);
	assert_null(root);
	if (strncmp(tg_error_message(), want, strlen(want)))
		fail_msg("for %s: got \"%s\", want \"%s...\"", text, tg_error_message(), want);
}

static void test_toml_accessors_read_a_lockfile(void **state)
{
	struct tg_toml *root = parse("version = 4\n"
	                             "\n"
	                             "[[package]]\n"
	                             "name = \"anyhow\"\n"
	                             "version = \"1.0.86\"\n"
	                             "dependencies = [\n"
	                             "  \"a\",\n"
	                             "  \"b\", # the second\n"
	                             "]\n"
	                             "\n"
	                             "[[package]]\n"
	                             "name = 'serde'\n"
	                             "source = { registry = true, weight = 1.5 }\n");
	const struct tg_toml *pkgs = tg_toml_get(root, "package"), *p, *deps;
	const char *key;

	assert_int_equal(tg_toml_type(root), TG_TOML_TABLE);
	assert_int_equal(tg_toml_int(tg_toml_get(root, "version"), -1), 4);
	assert_int_equal(tg_toml_type(pkgs), TG_TOML_ARRAY);
	assert_int_equal(tg_toml_len(pkgs), 2);
	p = tg_toml_at(pkgs, 0, &key);
	assert_null(key); /* arrays have no keys */
	assert_string_equal(tg_toml_get_str(p, "name"), "anyhow");
	assert_int_equal(tg_toml_line(p), 3); /* a [[header]]'s table: the header's line */
	assert_int_equal(tg_toml_line(tg_toml_get(p, "version")), 5);
	deps = tg_toml_get(p, "dependencies");
	assert_int_equal(tg_toml_len(deps), 2);
	assert_string_equal(tg_toml_str(tg_toml_at(deps, 1, NULL)), "b");
	assert_int_equal(tg_toml_line(tg_toml_at(deps, 1, NULL)), 8);
	p = tg_toml_at(pkgs, 1, NULL);
	assert_string_equal(tg_toml_get_str(p, "name"), "serde");
	assert_int_equal(tg_toml_bool(tg_toml_path(p, "source.registry"), 0), 1);
	assert_true(tg_toml_float(tg_toml_path(p, "source.weight"), 0) == 1.5);
	/* Document order, keys and the wrong-type defaults. */
	assert_ptr_equal(tg_toml_at(root, 1, &key), pkgs);
	assert_string_equal(key, "package");
	assert_null(tg_toml_at(root, 2, &key));
	assert_null(key);
	assert_int_equal(tg_toml_int(tg_toml_get(p, "name"), -7), -7);
	assert_null(tg_toml_str(tg_toml_get(root, "version")));
	assert_null(tg_toml_get(pkgs, "name")); /* an array is not a table */
	assert_null(tg_toml_get(NULL, "x"));
	assert_null(tg_toml_path(root, "package.name"));
	assert_int_equal(tg_toml_len(NULL), 0);
	assert_int_equal(tg_toml_len(tg_toml_get(root, "version")), 0);
	tg_toml_free(root);
	tg_toml_free(NULL);
}

static void test_toml_paths_lines_and_implicit_tables(void **state)
{
	struct tg_toml *root = parse("[tool.poetry.dependencies]\n"
	                             "python = \"^3.8\"\n"
	                             "\"quoted.key\" = { version = \"1\" }\n"
	                             "[tool]\n"
	                             "other.x = 1\n");
	const struct tg_toml *deps = tg_toml_path(root, "tool.poetry.dependencies");

	assert_non_null(deps);
	assert_int_equal(tg_toml_line(deps), 1);
	assert_string_equal(tg_toml_get_str(deps, "python"), "^3.8");
	assert_non_null(tg_toml_get(deps, "quoted.key"));
	assert_null(tg_toml_path(deps, "quoted.key")); /* a path splits at each dot */
	assert_int_equal(tg_toml_line(tg_toml_get(deps, "quoted.key")), 3);
	/* [tool], implicit until line 4, now has the line of its header. */
	assert_int_equal(tg_toml_line(tg_toml_get(root, "tool")), 4);
	assert_int_equal(tg_toml_int(tg_toml_path(root, "tool.other.x"), 0), 1);
	assert_int_equal(tg_toml_line(tg_toml_path(root, "tool.other")), 5);
	tg_toml_free(root);
}

static void test_toml_scalars(void **state)
{
	struct tg_toml *root = parse("s = \"a\\tb\\u00e9\\U0001F600\\u0000z\"\n"
	                             "lit = 'C:\\path'\n"
	                             "ml = \"\"\"\n  one \\\n   two\"\"\"\"\n"
	                             "mll = '''\r\nx\r\ny'''\n"
	                             "hex = 0xDEAD_beef\n"
	                             "oct = 0o755\n"
	                             "bin = 0b1010\n"
	                             "min = -9_223_372_036_854_775_808\n"
	                             "f = -1_000.5e-3\n"
	                             "inf = -inf\n"
	                             "nan = +nan\n"
	                             "odt = 1979-05-27 07:32:00.999999z\n"
	                             "ldt = 1979-05-27t07:32:00\n"
	                             "ld = 2024-02-29\n"
	                             "lt = 23:59:59.5\n");
	const struct tg_toml *s = tg_toml_get(root, "s");

	assert_int_equal(tg_toml_strlen(s), 11);
	assert_memory_equal(tg_toml_str(s), "a\tb\xc3\xa9\xf0\x9f\x98\x80\0z", 11);
	assert_string_equal(tg_toml_get_str(root, "lit"), "C:\\path");
	assert_string_equal(tg_toml_get_str(root, "ml"), "  one two\"");
	assert_string_equal(tg_toml_get_str(root, "mll"), "x\ny");
	assert_true(tg_toml_int(tg_toml_get(root, "hex"), 0) == 0xdeadbeef);
	assert_int_equal(tg_toml_int(tg_toml_get(root, "oct"), 0), 0755);
	assert_int_equal(tg_toml_int(tg_toml_get(root, "bin"), 0), 10);
	assert_true(tg_toml_int(tg_toml_get(root, "min"), 0) == INT64_MIN);
	assert_true(tg_toml_float(tg_toml_get(root, "f"), 0) == -1.0005);
	assert_true(isinf(tg_toml_float(tg_toml_get(root, "inf"), 0)));
	assert_true(tg_toml_float(tg_toml_get(root, "inf"), 0) < 0);
	assert_true(isnan(tg_toml_float(tg_toml_get(root, "nan"), 0)));
	assert_int_equal(tg_toml_type(tg_toml_get(root, "odt")), TG_TOML_DATETIME);
	assert_string_equal(tg_toml_get_str(root, "odt"), "1979-05-27T07:32:00.999999Z");
	assert_int_equal(tg_toml_type(tg_toml_get(root, "ldt")), TG_TOML_DATETIME_LOCAL);
	assert_string_equal(tg_toml_get_str(root, "ldt"), "1979-05-27T07:32:00");
	assert_int_equal(tg_toml_type(tg_toml_get(root, "ld")), TG_TOML_DATE_LOCAL);
	assert_int_equal(tg_toml_type(tg_toml_get(root, "lt")), TG_TOML_TIME_LOCAL);
	assert_string_equal(tg_toml_get_str(root, "lt"), "23:59:59.5");
	assert_int_equal(tg_toml_line(tg_toml_get(root, "mll")), 6);
	assert_int_equal(tg_toml_line(tg_toml_get(root, "hex")), 9); /* after two multi-line */
	tg_toml_free(root);
}

static void test_toml_errors_name_line_and_column(void **state)
{
	refused("a = 1\nb = \"x\n", "t.toml:2:7: newline in a one-line string");
	refused("a = 1\n  b = tru\n", "t.toml:2:7: expected a value");
	refused("a = 1 b = 2\n", "t.toml:1:7: expected the end of the line");
	refused("x = \"\\q\"\n", "t.toml:1:6: invalid escape");
	refused("x = \"\\uD800\"\n", "t.toml:1:");
	refused("x = 9223372036854775808\n", "t.toml:1:5: integer does not fit");
	refused("x = 0x8000000000000000\n", "t.toml:1:5: integer does not fit");
	refused("x = 01\n", "t.toml:1:6: expected the end of the line");
	refused("x = 1__0\n", "t.toml:1:6:");
	refused("x = 1.\n", "t.toml:1:6:");
	refused("x = 2023-02-29\n", "t.toml:1:5: invalid date");
	refused("x = 24:00:00\n", "t.toml:1:5: invalid time");
	refused("# ok\nx = 'a\xff'\n", "t.toml:2:7: invalid UTF-8");
	refused("x = 1\r\ny = 2\r", "t.toml:2:6: control character U+000D");
	refused("x = {a = 1,}\n", "t.toml:1:12: trailing comma");
	refused("x = {a = 1,\n b = 2}\n", "t.toml:1:12: expected a key");
	refused("x = [1 2]\n", "t.toml:1:8: expected ','");
	refused("[a\n", "t.toml:1:3: expected ']'");
	refused("[[a]\n", "t.toml:1:4: expected ']]'");
	refused("x = \"\"\"abc\n", "t.toml:2:1: unterminated string");
	/* Columns count bytes of the file: after a byte order mark, and on CRLF lines. */
	refused("\xef\xbb\xbfx = ?\n", "t.toml:1:8: expected a value");
	refused("a = 1\r\nb = ?\r\n", "t.toml:2:5: expected a value");
}

static void test_toml_redefinitions_are_refused(void **state)
{
	refused("a = 1\na = 2\n", "t.toml:2:");
	refused("[a]\nx = 1\n[a]\n", "t.toml:3:");
	refused("[a]\nb.c = 1\n[a.b]\n", "t.toml:3:");
	refused("[a.b]\n[a]\nb.c = 1\n", "t.toml:3:");
	refused("a = {x = 1}\na.y = 2\n", "t.toml:2:");
	refused("a = {x = 1}\n[a]\n", "t.toml:2:");
	refused("a = {x = {}, x.y = 1}\n", "t.toml:1:");
	refused("a = []\n[[a]]\n", "t.toml:2:");
	refused("[a]\n[[a]]\n", "t.toml:2:");
	refused("[[a]]\n[a]\n", "t.toml:2:");
	refused("a = 1\n[a.b]\n", "t.toml:2:");
	refused("a.b = 1\na.b.c = 2\n", "t.toml:2:");
	refused("a = [{b = 1}]\n[a.c]\n", "t.toml:2:");
	refused("[x]\na.b = 1\n[x.a.b]\n", "t.toml:3:");
}

static void test_toml_allowed_extensions(void **state)
{
	struct tg_toml *root = parse("a.b = 1\n"
	                             "a.c = 2\n" /* dotted keys extend within a section */
	                             "[a.d]\n"   /* a sub-table of a dotted table */
	                             "e = 3\n"
	                             "[x.y.z]\n" /* x and x.y implicit */
	                             "[x]\n"     /* defined once, later */
	                             "y.w = 4\n" /* an implicit table extended by keys */
	                             "[[p]]\n[p.q]\nr = 1\n[[p]]\n[p.q]\nr = 2\n");
	const struct tg_toml *p = tg_toml_get(root, "p");

	assert_int_equal(tg_toml_int(tg_toml_path(root, "a.d.e"), 0), 3);
	assert_int_equal(tg_toml_int(tg_toml_path(root, "x.y.w"), 0), 4);
	assert_non_null(tg_toml_path(root, "x.y.z"));
	assert_int_equal(tg_toml_len(p), 2);
	assert_int_equal(tg_toml_int(tg_toml_path(tg_toml_at(p, 1, NULL), "q.r"), 0), 2);
	tg_toml_free(root);
}

static void test_toml_nesting_is_bounded(void **state)
{
	char text[1024];
	size_t k;

	strcpy(text, "a = ");
	for (k = 0; k < 200; k++)
		strcat(text, "[");
	refused(text, "t.toml:1:");
	assert_non_null(strstr(tg_error_message(), "nested deeper than 128"));
	strcpy(text, "a = ");
	for (k = 0; k < 100; k++)
		strcat(text, "[");
	for (k = 0; k < 100; k++)
		strcat(text, "]");
	tg_toml_free(parse(text));
}

/* Many keys in one table use the hash index; each is still found, in order. */
static void test_toml_large_table(void **state)
{
	size_t n = 5000, k, len = 0;
	char *text = malloc(n * 32), key[32];
	struct tg_toml *root;
	const char *got;

	for (k = 0; k < n; k++)
		len += (size_t)sprintf(text + len, "k%zu = %zu\n", k, k);
	root = parse(text);
	assert_int_equal(tg_toml_len(root), n);
	for (k = 0; k < n; k += 7) {
		sprintf(key, "k%zu", k);
		assert_int_equal(tg_toml_int(tg_toml_get(root, key), -1), (int64_t)k);
		assert_non_null(tg_toml_at(root, k, &got));
		assert_string_equal(got, key);
		assert_int_equal(tg_toml_line(tg_toml_get(root, key)), (int)k + 1);
	}
	assert_null(tg_toml_get(root, "k5000"));
	free(text);
	tg_toml_free(root);
	refused("k1 = 1\nk2 = 2\nk3 = 3\nk4 = 4\nk5 = 5\nk6 = 6\nk7 = 7\nk8 = 8\nk9 = 9\nk1 = 0\n",
	        "t.toml:10:");
}

/*
 * Lookups are not quadratic: 100,000 keys in one table and 20,000
 * [[package]] tables parse in seconds even under the sanitizers, where a
 * linear scan per key would take minutes.
 */
static void test_toml_many_keys_parse_in_linear_time(void **state)
{
	struct tg_buf b = TG_BUF_INIT;
	struct tg_toml *root;
	struct timespec t0, t1;
	double secs;
	size_t k;

	for (k = 0; k < 20000; k++)
		tg_buf_addf(&b, "[[package]]\nname = \"p%zu\"\nsource = { registry = \"r\" }\n", k);
	tg_buf_adds(&b, "[metadata]\n");
	for (k = 0; k < 100000; k++)
		tg_buf_addf(&b, "\"checksum p%zu 1.0\" = \"%zx\"\n", k, k * 2654435761u);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(tg_toml_parse(b.buf, b.len, "big.toml", &root), TG_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("%zu bytes in %.3f s\n", b.len, secs);
	assert_true(secs < 30);
	assert_int_equal(tg_toml_len(tg_toml_get(root, "package")), 20000);
	assert_int_equal(tg_toml_len(tg_toml_get(root, "metadata")), 100000);
	assert_string_equal(tg_toml_get_str(tg_toml_get(root, "metadata"), "checksum p99999 1.0"),
	                    "f16ac7d83aef");
	tg_toml_free(root);
	tg_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_toml_accessors_read_a_lockfile),
	        cmocka_unit_test(test_toml_paths_lines_and_implicit_tables),
	        cmocka_unit_test(test_toml_scalars),
	        cmocka_unit_test(test_toml_errors_name_line_and_column),
	        cmocka_unit_test(test_toml_redefinitions_are_refused),
	        cmocka_unit_test(test_toml_allowed_extensions),
	        cmocka_unit_test(test_toml_nesting_is_bounded),
	        cmocka_unit_test(test_toml_large_table),
	        cmocka_unit_test(test_toml_many_keys_parse_in_linear_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
