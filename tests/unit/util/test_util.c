#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/options.h"
#include "util/utf8.h"

#include <stdint.h>
#include <string.h>

static void test_buf_json_escapes(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_add_json(&b, "a\"b\\\n\x01", 6);
	assert_string_equal(b.buf, "\"a\\\"b\\\\\\n\\u0001\"");
	tg_buf_reset(&b);
	tg_buf_add_csv(&b, "x,\"y\"");
	assert_string_equal(b.buf, "\"x,\"\"y\"\"\"");
	tg_buf_release(&b);
}

/* XML 1.0 text: markup and quotes as references, forbidden bytes shown, never raw. */
static void test_buf_xml_escapes(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	tg_buf_add_xmls(&b, "<a href='x'>&\"\t\n\r");
	assert_string_equal(b.buf, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&#9;&#10;&#13;");
	tg_buf_reset(&b);
	/* a C0 control, a byte that is not UTF-8, U+FFFF, then é and U+10000 kept */
	tg_buf_add_xml(&b, "\x01\xff\xef\xbf\xbf\xc3\xa9\xf0\x90\x80\x80", 11);
	assert_string_equal(b.buf, "\\x01\\xff\\xef\\xbf\\xbf\xc3\xa9\xf0\x90\x80\x80");
	tg_buf_reset(&b);
	tg_buf_add_xmls(&b, NULL);
	assert_int_equal(b.len, 0);
	tg_buf_release(&b);
}

static void test_buf_addf_grows(void **state)
{
	struct tg_buf b = TG_BUF_INIT;
	int i;

	for (i = 0; i < 1000; i++)
		tg_buf_addf(&b, "%04d", i);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(b.buf + 3996, "0999", 4);
	tg_buf_release(&b);
}

static void test_time_parse(void **state)
{
	time_t t;
	char out[32];

	assert_int_equal(tg_time_parse("2026-11-24T09:30:00Z", &t), TG_OK);
	tg_time_format(t, out, sizeof(out));
	assert_string_equal(out, "2026-11-24T09:30:00Z");
	assert_int_equal(tg_time_parse("2026-11-24T10:30:00+01:00", &t), TG_OK);
	tg_time_format(t, out, sizeof(out));
	assert_string_equal(out, "2026-11-24T09:30:00Z");
	assert_int_equal(tg_time_parse("2026-13-01", &t), TG_ERR_USAGE);
	assert_int_equal(tg_time_parse("yesterday", &t), TG_ERR_USAGE);
}

/* fuzz_date found these: sscanf's %d took signs and spaces, so years before 0 and negative
 * hours parsed. Each field is digits, ranges checked, offsets within a day. */
static void test_time_parse_takes_digits_only(void **state)
{
	static const char *const bad[] = {
	        "-999-01-01",
	        "+202-01-01",
	        " 202-01-01",
	        "2020-+1-01",
	        "2020-01- 1",
	        "2020-01-01T-1:00:00Z",
	        "2020-01-01T01:-5:00Z",
	        "2020-01-01T01:00:+1Z",
	        "2020-01-01T01:00:00+-1:00",
	        "2020-01-01T01:00:00+99:00",
	        "2020-01-01T01:00:00+01:60",
	        "2020-01-01T1:00:00Z",
	        "2020-01-01T01:00:00+0100",
	        "2020-01",
	};
	time_t t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (tg_time_parse(bad[i], &t) != TG_ERR_USAGE)
			fail_msg("accepted \"%s\"", bad[i]);
		tg_error_clear();
	}
	assert_int_equal(tg_time_parse("0000-01-01", &t), TG_OK);
	assert_int_equal(tg_time_parse("9999-12-31T23:59:60.5-23:59", &t), TG_OK);
	assert_int_equal(tg_time_parse("2024-02-29 12:00:00z", &t), TG_OK);
}

/* A commit's date is the committer's word: a year past int's range made gmtime_r fail and
 * strftime format an uninitialised struct tm. */
static void test_time_format_of_a_time_gmtime_cannot_take(void **state)
{
	char out[32];

	(void)state;
	tg_time_format((time_t)INT64_MAX, out, sizeof(out));
	assert_string_equal(out, "@9223372036854775807");
}

static void test_error_prefix(void **state)
{
	tg_error_set(TG_ERR_INPUT, "expected a number");
	assert_int_equal(tg_error_prefix(TG_ERR_INPUT, "config.yaml:3:4"), TG_ERR_INPUT);
	assert_string_equal(tg_error_message(), "config.yaml:3:4: expected a number");
}

static void test_hash_hex(void **state)
{
	char a[17], b[17];

	tg_hash_hex(tg_hash64("abc", 3), a);
	tg_hash_hex(tg_hash64("abd", 3), b);
	assert_int_equal(strlen(a), 16);
	assert_string_not_equal(a, b);
	tg_hash_hex(0x0123456789abcdefULL, a);
	assert_string_equal(a, "0123456789abcdef");
}

static void test_options(void **state)
{
	int flag = 0, n = 0;
	const char *s = NULL;
	struct tg_strlist l = TG_STRLIST_INIT;
	const struct tg_option opts[] = {
	        TG_OPT_BOOL(0, "dry-run", &flag, "dry"),
	        TG_OPT_STRING('o', "output", &s, "FILE", "out"),
	        TG_OPT_INT('j', "jobs", &n, "N", "jobs"),
	        TG_OPT_LIST(0, "import", &l, "FILE", "imports"),
	        TG_OPT_END(),
	};
	const char *argv[] = {
	        "x", "a", "--dry-run=false", "-oF", "--import", "i1", "--import=i2", "-j", "4",
	        "b", NULL};

	flag = 1;
	assert_int_equal(tg_options_parse(10, argv, opts, NULL), 2);
	assert_int_equal(flag, 0);
	assert_string_equal(s, "F");
	assert_int_equal(n, 4);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.v[1], "i2");
	assert_string_equal(argv[0], "a");
	assert_string_equal(argv[1], "b");
	tg_strlist_clear(&l);
	{
		const char *bad[] = {"x", "--jobs", "many", NULL};
		assert_int_equal(tg_options_parse(3, bad, opts, NULL), TG_ERR_USAGE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_buf_json_escapes),
	        cmocka_unit_test(test_buf_addf_grows),
	        cmocka_unit_test(test_time_parse),
	        cmocka_unit_test(test_error_prefix),
	        cmocka_unit_test(test_time_parse_takes_digits_only),
	        cmocka_unit_test(test_time_format_of_a_time_gmtime_cannot_take),
	        cmocka_unit_test(test_hash_hex),
	        cmocka_unit_test(test_buf_xml_escapes),
	        cmocka_unit_test(test_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
