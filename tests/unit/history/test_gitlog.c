#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "history/gitlog.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

/* Records each commit as one line: "hash time author <email> parents: path +a -d, ..." */
static int record(const struct tg_gitlog_commit *c, void *data)
{
	struct tg_buf *b = data;
	size_t i;

	tg_buf_addf(b, "%s %lld %s <%s> %d:", c->hash, (long long)c->time, c->author, c->email,
	            c->parents);
	for (i = 0; i < c->changes_nr; i++) {
		const struct tg_gitlog_change *ch = &c->changes[i];
		if (ch->old_path)
			tg_buf_addf(b, " %s=>%s", ch->old_path, ch->path);
		else
			tg_buf_addf(b, " %s", ch->path);
		tg_buf_addf(b, " +%ld -%ld", ch->added, ch->deleted);
	}
	tg_buf_addch(b, '\n');
	return 0;
}

#define S(x) x, sizeof(x) - 1

static const char stream[] = "\x01"
                             "aaa\0"
                             "100\0"
                             "Ana Lima\0"
                             "ana@x\0"
                             "p1 p2\0" /* a merge: no changes */
                             "\x01"
                             "bbb\0"
                             "90\0"
                             "Bo\0"
                             "bo@x\0"
                             "p1\0"
                             "\n12\t3\tsrc/a.c\0"
                             "-\t-\tlogo.png\0"
                             "1\t0\t\0old name.c\0new name.c\0"
                             "\x01"
                             "ccc\0"
                             "80\0"
                             "Bo\0"
                             "bo@x\0"
                             "\0"
                             "\n5\t0\tsrc/a.c\0";

static const char want[] = "aaa 100 Ana Lima <ana@x> 2:\n"
                           "bbb 90 Bo <bo@x> 1: src/a.c +12 -3 logo.png +-1 --1 old name.c=>new "
                           "name.c +1 -0\n"
                           "ccc 80 Bo <bo@x> 0: src/a.c +5 -0\n";

static void parse_with_chunk(size_t chunk)
{
	struct tg_gitlog_parser p;
	struct tg_buf b = TG_BUF_INIT;
	size_t i, len = sizeof(stream) - 1;

	tg_gitlog_init(&p, record, &b);
	for (i = 0; i < len; i += chunk)
		assert_int_equal(tg_gitlog_feed(&p, stream + i, i + chunk > len ? len - i : chunk),
		                 TG_OK);
	assert_int_equal(tg_gitlog_finish(&p), TG_OK);
	assert_string_equal(b.buf, want);
	tg_gitlog_release(&p);
	tg_buf_release(&b);
}

static void test_parse_stream_in_one_piece(void **state)
{
	parse_with_chunk(sizeof(stream));
}

/* Split anywhere, even one byte at a time, the result is the same. */
static void test_chunks(void **state)
{
	size_t c;

	for (c = 1; c < 40; c++)
		parse_with_chunk(c);
}

static void test_empty(void **state)
{
	struct tg_gitlog_parser p;
	struct tg_buf b = TG_BUF_INIT;

	tg_gitlog_init(&p, record, &b);
	assert_int_equal(tg_gitlog_feed(&p, "", 0), TG_OK);
	assert_int_equal(tg_gitlog_finish(&p), TG_OK);
	assert_int_equal(b.len, 0);
	tg_gitlog_release(&p);
}

static void expect_bad(const char *s, size_t n, const char *msg)
{
	struct tg_gitlog_parser p;
	struct tg_buf b = TG_BUF_INIT;
	int rc;

	tg_gitlog_init(&p, record, &b);
	rc = tg_gitlog_feed(&p, s, n);
	if (rc == TG_OK)
		rc = tg_gitlog_finish(&p);
	assert_int_equal(rc, TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), msg));
	tg_gitlog_release(&p);
	tg_buf_release(&b);
}

static void test_malformed(void **state)
{
	expect_bad(S("garbage\0"), "expected a commit header");
	expect_bad(S("\x01h\0"
	             "1\0"
	             "a\0"
	             "e\0"
	             "\0"
	             "\nx\t1\tp\0"),
	           "added<TAB>deleted");
	expect_bad(S("\x01h\0"
	             "1\0"
	             "a\0"),
	           "ended inside a commit");
	expect_bad(S("\x01h\0"
	             "1\0"
	             "a\0"
	             "e\0"
	             "\0"
	             "\n1\t1\t\0old\0"),
	           "ended inside");
}

/* Author names are bytes: Latin-1 and control characters pass through unchanged. */
static void test_non_utf8(void **state)
{
	struct tg_gitlog_parser p;
	struct tg_buf b = TG_BUF_INIT;
	static const char s[] = "\x01h\0"
	                        "7\0"
	                        "Jos\xe9\0"
	                        "j@x\0"
	                        "\0"
	                        "\n1\t2\tf\xff.c\0";

	tg_gitlog_init(&p, record, &b);
	assert_int_equal(tg_gitlog_feed(&p, s, sizeof(s) - 1), TG_OK);
	assert_int_equal(tg_gitlog_finish(&p), TG_OK);
	assert_string_equal(b.buf, "h 7 Jos\xe9 <j@x> 0: f\xff.c +1 -2\n");
	tg_gitlog_release(&p);
	tg_buf_release(&b);
}

static int stop_at_first(const struct tg_gitlog_commit *c, void *data)
{
	(*(int *)data)++;
	return TG_ERR_RUN;
}

static void test_callback_stops(void **state)
{
	struct tg_gitlog_parser p;
	int calls = 0;

	tg_gitlog_init(&p, stop_at_first, &calls);
	assert_int_equal(tg_gitlog_feed(&p, stream, sizeof(stream) - 1), TG_ERR_RUN);
	assert_int_equal(calls, 1);
	tg_gitlog_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parse_stream_in_one_piece),
	        cmocka_unit_test(test_chunks),
	        cmocka_unit_test(test_empty),
	        cmocka_unit_test(test_malformed),
	        cmocka_unit_test(test_non_utf8),
	        cmocka_unit_test(test_callback_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
