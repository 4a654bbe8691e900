#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/json.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Writes s as {"s": ...}, checks the text is UTF-8, reads it back, dumps and reads it again. */
static void round_trip(const char *s, size_t len)
{
	struct tg_buf text = TG_BUF_INIT;
	json_error_t err;
	json_t *o, *v;
	char *again;

	tg_buf_adds(&text, "{\"s\":");
	tg_buf_add_json(&text, s, len);
	tg_buf_addch(&text, '}');
	assert_true(tg_utf8_valid(text.buf, text.len));
	o = tg_json_loadb(text.buf, text.len, 0, &err);
	assert_non_null(o);
	v = json_object_get(o, "s");
	assert_int_equal(json_string_length(v), len);
	assert_memory_equal(json_string_value(v), s, len);
	again = tg_json_dumps(o, JSON_COMPACT);
	assert_non_null(again);
	assert_true(tg_utf8_valid(again, strlen(again)));
	json_decref(o);
	/* jansson's escapes of control characters differ from ours; the bytes do not */
	o = tg_json_loads(again, 0, &err);
	assert_non_null(o);
	v = json_object_get(o, "s");
	assert_int_equal(json_string_length(v), len);
	assert_memory_equal(json_string_value(v), s, len);
	free(again);
	json_decref(o);
	tg_buf_release(&text);
}

static void test_json_every_byte_round_trips(void **state)
{
	(void)state;
	for (int c = 0; c < 256; c++) {
		char s[3] = {'a', (char)c, 'z'};
		round_trip(s, 3);
	}
}

static void test_json_invalid_bytes_are_surrogate_escapes(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	tg_buf_add_jsons(&b, "cfg\xff.py");
	assert_string_equal(b.buf, "\"cfg\\udcff.py\"");
	tg_buf_reset(&b);
	/* an overlong "/", a UTF-8 encoded surrogate, a cut sequence: each byte escaped */
	tg_buf_add_jsons(&b, "\xc0\xaf\xed\xa0\x80\xe2\x82");
	assert_string_equal(b.buf, "\"\\udcc0\\udcaf\\udced\\udca0\\udc80\\udce2\\udc82\"");
	tg_buf_release(&b);
}

static void test_json_mixed_utf8_round_trips(void **state)
{
	static const char *const cases[] = {
	        "é😀x",
	        "caf\xc3\xa9\xff\xfe/日本\x80語",
	        "\xf4\x8f\xbf\xbf\xf4\x90\x80\x80",
	        "\xe2\x82\xac\xe2\x82",
	        "tab\there\x1b[2J\n\x7f\"\\",
	};
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		round_trip(cases[i], strlen(cases[i]));
	tg_buf_add_jsons(&b, "é😀");
	assert_string_equal(b.buf, "\"é😀\""); /* valid UTF-8 stays as it is */
	tg_buf_release(&b);
}

static void test_json_reads_escapes_that_are_not_bytes(void **state)
{
	json_t *o;

	(void)state;
	/* a real surrogate pair with its low half in DC80..DCFF is U+10080 */
	o = tg_json_loads("[\"\\ud800\\udc80\", \"\\\\udcff\"]", 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_array_get(o, 0)), "\xf0\x90\x82\x80");
	/* an escaped backslash before "udcff" is text */
	assert_string_equal(json_string_value(json_array_get(o, 1)), "\\udcff");
	json_decref(o);
}

static void test_json_reads_raw_bytes_of_older_rows(void **state)
{
	json_t *o;
	char *s;

	(void)state;
	/* rows written before the escape held the raw byte, which jansson refuses */
	o = tg_json_loads("{\"path\": \"cfg\xff.py\"}", 0, NULL);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "path")), "cfg\xff.py");
	s = tg_json_dumps(o, JSON_COMPACT);
	assert_string_equal(s, "{\"path\":\"cfg\\udcff.py\"}");
	free(s);
	json_decref(o);
}

static void test_utf8_text_shows_bytes(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	tg_buf_add_utf8s(&b, "cfg\xff.py é");
	assert_string_equal(b.buf, "cfg\\xff.py é");
	assert_false(tg_utf8_valid("\xc0\x80", 2));
	assert_false(tg_utf8_valid("\xed\xa0\x80", 3));
	assert_false(tg_utf8_valid("\xf4\x90\x80\x80", 4));
	assert_true(tg_utf8_valid("\xf4\x8f\xbf\xbf", 4));
	tg_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_json_every_byte_round_trips),
	        cmocka_unit_test(test_json_invalid_bytes_are_surrogate_escapes),
	        cmocka_unit_test(test_json_mixed_utf8_round_trips),
	        cmocka_unit_test(test_json_reads_escapes_that_are_not_bytes),
	        cmocka_unit_test(test_json_reads_raw_bytes_of_older_rows),
	        cmocka_unit_test(test_utf8_text_shows_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
