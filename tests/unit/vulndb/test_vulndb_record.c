#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/error.h"
#include "vulndb/vulndb_int.h"

#include <string.h>

static void test_vulndb_time_orders_rfc3339(void **state)
{
	int64_t a, b;

	assert_int_equal(tg_vulndb_parse_time("1970-01-01T00:00:00Z", &a), TG_OK);
	assert_int_equal(a, 0);
	assert_int_equal(tg_vulndb_parse_time("2024-01-02T03:04:05.123456Z", &a), TG_OK);
	assert_int_equal(a, 1704164645123456LL);
	/* a fraction sorts after the whole second, whatever its spelling */
	assert_int_equal(tg_vulndb_parse_time("2024-01-02T03:04:05Z", &b), TG_OK);
	assert_true(a > b);
	assert_int_equal(tg_vulndb_parse_time("2024-01-02T04:04:05+01:00", &a), TG_OK);
	assert_int_equal(a, b);
	assert_int_equal(tg_vulndb_parse_time("0001-01-01T00:00:00Z", &a), TG_OK);
	assert_true(a < 0);
	assert_int_equal(tg_vulndb_parse_time("2024-13-01T00:00:00Z", &a), TG_ERR_INPUT);
	assert_int_equal(tg_vulndb_parse_time("2024-01-01 00:00:00", &a), TG_ERR_INPUT);
	assert_int_equal(tg_vulndb_parse_time("2024-01-01T00:00:00Zjunk", &a), TG_ERR_INPUT);
}

static int parse(const char *text, int yaml, struct tg_vulndb_record *rec)
{
	return tg_vulndb_record_parse("rec", text, strlen(text), yaml, rec);
}

static void test_vulndb_record_json_fields_and_compact_text(void **state)
{
	struct tg_vulndb_record r;

	assert_int_equal(
	        parse("{ \"id\" : \"GHSA-1\", \"modified\": \"2024-01-01T00:00:00Z\",\n"
	              "  \"affected\": [ {\"package\": {\"ecosystem\": \"npm\", \"name\": "
	              "\"@Scope/Pkg\"}, \"ranges\": [{\"type\": \"SEMVER\"}]},\n"
	              "  {\"package\": {\"ecosystem\": \"npm\", \"name\": \"@scope/pkg\"}},\n"
	              "  {\"package\": {\"ecosystem\": \"Hex\", \"name\": \"x\"}} ],\n"
	              "  \"database_specific\": {\"n\": 1.5e3, \"name\": \"not a package\"}}",
	              0, &r),
	        TG_OK);
	assert_string_equal(r.id, "GHSA-1");
	assert_int_equal(r.withdrawn, 0);
	assert_int_equal(r.pkgs_nr, 1); /* npm names are case-insensitive: one package */
	assert_int_equal(r.pkgs[0].eco, TG_ECO_NPM);
	assert_string_equal(r.pkgs[0].name, "@scope/pkg");
	assert_int_equal(r.unknown_ecosystems, 1);
	assert_null(strchr(r.json, ' ') ? strstr(r.json, "\": ") : NULL);
	assert_non_null(strstr(r.json, "\"n\":1.5e3"));
	assert_int_equal(r.len, strlen(r.json));
	tg_vulndb_record_release(&r);
}

/* The matcher never reads references, credits or more than details' first line. */
static void test_vulndb_record_keeps_what_the_matcher_reads(void **state)
{
	struct tg_vulndb_record r;

	assert_int_equal(
	        parse("{\"id\": \"PYSEC-1\", \"details\": \"First line.\\nSecond line.\",\n"
	              " \"references\": [{\"type\": \"WEB\", \"url\": \"https://x\"}, [1, [2]]],\n"
	              " \"credits\": [{\"name\": \"A\", \"contact\": [\"a@x\"]}],\n"
	              " \"modified\": \"2024-01-01T00:00:00Z\", \"summary\": \"S\",\n"
	              " \"affected\": [{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"Req\"},"
	              " \"references\": \"kept: not top-level\"}]}",
	              0, &r),
	        TG_OK);
	assert_string_equal(r.id, "PYSEC-1");
	assert_string_equal(r.modified, "2024-01-01T00:00:00Z");
	assert_int_equal(r.pkgs_nr, 1);
	assert_string_equal(r.pkgs[0].name, "req");
	assert_string_equal(r.json,
	                    "{\"id\":\"PYSEC-1\",\"details\":\"First line.\",\"modified\":"
	                    "\"2024-01-01T00:00:00Z\",\"summary\":\"S\",\"affected\":[{\"package\":"
	                    "{\"ecosystem\":\"PyPI\",\"name\":\"Req\"},\"references\":\"kept: not "
	                    "top-level\"}]}");
	tg_vulndb_record_release(&r);
}

static void test_vulndb_record_refuses_what_is_not_one(void **state)
{
	struct tg_vulndb_record r;

	assert_int_equal(parse("[1, 2]", 0, &r), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "expected an object"));
	assert_int_equal(parse("{\"modified\": \"2024-01-01T00:00:00Z\"}", 0, &r), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "\"id\""));
	assert_int_equal(parse("{\"id\": \"X\", \"modified\": \"yesterday\"}", 0, &r),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "modified"));
	assert_int_equal(parse("{\"id\": \"X\",\n \"modified\": }", 0, &r), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "rec:2:"));
	assert_int_equal(parse("{\"id\": \"\xff\", \"modified\": \"2024-01-01T00:00:00Z\"}", 0, &r),
	                 TG_ERR_INPUT);
	assert_int_equal(parse("id: [unclosed\n", 1, &r), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "rec:"));
	assert_int_equal(parse("", 1, &r), TG_ERR_INPUT);
	assert_int_equal(parse("? [a]\n: b\n", 1, &r), TG_ERR_INPUT);
}

static const char yaml_rec[] = "id: PYSEC-1\n"
                               "modified: 2024-01-01T00:00:00Z\n"
                               "withdrawn: 2024-02-01T00:00:00Z\n"
                               "affected:\n"
                               "- package: {ecosystem: PyPI, name: Django}\n"
                               "  versions: [1.0, 2, '3', !!int 4, true, null, ~]\n";

static void test_vulndb_record_yaml_scalars_stay_strings(void **state)
{
	struct tg_vulndb_record r;

	assert_int_equal(parse(yaml_rec, 1, &r), TG_OK);
	assert_int_equal(r.withdrawn, 1);
	assert_string_equal(r.pkgs[0].name, "django");
	assert_non_null(strstr(r.json, "\"versions\":[\"1.0\",\"2\",\"3\",4,true,null,null]"));
	tg_vulndb_record_release(&r);
}

static void test_vulndb_record_yaml_aliases_expand_within_a_bound(void **state)
{
	struct tg_vulndb_record r;
	const char *laughs = "id: X\nmodified: 2024-01-01T00:00:00Z\n"
	                     "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	                     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	                     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	                     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	                     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";

	/* an alias read through the tree gives the same record as the text written out */
	assert_int_equal(parse("id: X\nmodified: &m 2024-01-01T00:00:00Z\npublished: *m\n", 1, &r),
	                 TG_OK);
	assert_string_equal(r.json, "{\"id\":\"X\",\"modified\":\"2024-01-01T00:00:00Z\","
	                            "\"published\":\"2024-01-01T00:00:00Z\"}");
	tg_vulndb_record_release(&r);
	assert_int_equal(parse(laughs, 1, &r), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "aliases"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_vulndb_time_orders_rfc3339),
	        cmocka_unit_test(test_vulndb_record_json_fields_and_compact_text),
	        cmocka_unit_test(test_vulndb_record_keeps_what_the_matcher_reads),
	        cmocka_unit_test(test_vulndb_record_refuses_what_is_not_one),
	        cmocka_unit_test(test_vulndb_record_yaml_scalars_stay_strings),
	        cmocka_unit_test(test_vulndb_record_yaml_aliases_expand_within_a_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
