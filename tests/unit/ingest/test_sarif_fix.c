#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest.h"
#include "util/error.h"

static struct tg_fix_replacement region(int sl, int sc, int el, int ec)
{
	struct tg_fix_replacement r;

	memset(&r, 0, sizeof(r));
	r.start_line = sl, r.start_column = sc, r.end_line = el, r.end_column = ec;
	r.char_offset = r.char_length = r.byte_offset = r.byte_length = -1;
	return r;
}

/* The text [from, to) of the region, or "ERR". */
static const char *span(const char *text, struct tg_fix_replacement r, int utf16)
{
	static char out[256];
	size_t from, to;

	if (tg_fix_region_span(text, strlen(text), &r, utf16, &from, &to))
		return "ERR";
	snprintf(out, sizeof(out), "%.*s", (int)(to - from), text + from);
	return out;
}

static void test_columns(void **state)
{
	const char *t = "ab\r\nx = \"é😀\"; foo(1)\nlast";

	(void)state;
	assert_string_equal(span(t, region(1, 1, 1, 3), 1), "ab");
	/* é is one UTF-16 unit, the emoji two: foo is at 12..15. */
	assert_string_equal(span(t, region(2, 12, 2, 15), 1), "foo");
	/* In code points the emoji is one. */
	assert_string_equal(span(t, region(2, 11, 2, 14), 0), "foo");
	/* Inside the surrogate pair. */
	assert_string_equal(span(t, region(2, 8, 2, 9), 1), "ERR");
	/* No endColumn: to the end of the line's text (CR LF left out). */
	assert_string_equal(span(t, region(1, 2, 0, 0), 1), "b");
	/* Across lines; the end of the line's text is one column past it. */
	assert_string_equal(span(t, region(1, 3, 2, 2), 1), "\r\nx");
	assert_string_equal(span(t, region(3, 1, 3, 5), 1), "last");
	assert_string_equal(span(t, region(3, 1, 3, 6), 1), "ERR");
	assert_string_equal(span(t, region(4, 1, 4, 1), 1), "ERR");
	assert_string_equal(span(t, region(2, 5, 2, 3), 1), "ERR");
	assert_string_equal(span(t, region(0, 0, 0, 0), 1), "ERR");
}

static void test_offsets(void **state)
{
	const char *t = "é😀foo";
	struct tg_fix_replacement r = region(0, 0, 0, 0);

	(void)state;
	r.char_offset = 3, r.char_length = 3;
	assert_string_equal(span(t, r, 1), "foo");
	r.char_offset = 2;
	assert_string_equal(span(t, r, 0), "foo");
	r.char_offset = 2, r.char_length = 1;
	assert_string_equal(span(t, r, 1), "ERR"); /* half the emoji */
	r.char_offset = 3, r.char_length = 4;
	assert_string_equal(span(t, r, 1), "ERR");
	r.char_offset = -1, r.byte_offset = 6, r.byte_length = 3;
	assert_string_equal(span(t, r, 1), "foo");
	r.byte_length = 4;
	assert_string_equal(span(t, r, 1), "ERR");
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(tg_utf8_valid("é😀x", strlen("é😀x")));
	assert_false(tg_utf8_valid("\xff", 1));
	assert_false(tg_utf8_valid("\xc3", 1));
	assert_false(tg_utf8_valid("\xc0\x80", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_columns),
	        cmocka_unit_test(test_offsets),
	        cmocka_unit_test(test_utf8_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
