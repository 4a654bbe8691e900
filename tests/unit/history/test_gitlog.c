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

/*
 * cat-file's sizes were read with sscanf's %zu, which takes "-1" as SIZE_MAX:
 * size + 1 then wrapped to 0 and a blob of SIZE_MAX bytes was "read".
 */
static void test_batch_header_sizes_are_digits_below_the_limit(void **state)
{
	char type[16];
	uint64_t size = 7;

	(void)state;
	assert_int_equal(tg_git_batch_header("0123abcd blob 42\n", type, 100, &size), TG_OK);
	assert_string_equal(type, "blob");
	assert_int_equal(size, 42);
	assert_int_equal(tg_git_batch_header("0123abcd tree 0", type, 0, &size), TG_OK);
	assert_int_equal(size, 0);
	assert_int_equal(tg_git_batch_header("HEAD:x missing\n", type, 100, &size),
	                 TG_ERR_NOTFOUND);
	assert_int_equal(tg_git_batch_header("abc ambiguous", type, 100, &size), TG_ERR_NOTFOUND);
	assert_int_equal(tg_git_batch_header("0123abcd blob -1\n", type, UINT64_MAX, &size),
	                 TG_ERR_INPUT);
	assert_int_equal(tg_git_batch_header("0123abcd blob 101\n", type, 100, &size),
	                 TG_ERR_INPUT);
	assert_int_equal(
	        tg_git_batch_header("0 blob 18446744073709551616", type, UINT64_MAX, &size),
	        TG_ERR_INPUT);
	assert_int_equal(tg_git_batch_header("0 blob 12x", type, 100, &size), TG_ERR_INPUT);
	assert_int_equal(tg_git_batch_header("0 averyveryverylongtype 1", type, 100, &size),
	                 TG_ERR_INPUT);
	assert_int_equal(size, 0);
}

static void test_rev_list_object_lines(void **state)
{
	char commit[] = "0123456789012345678901234567890123456789";
	char root[] = "0123456789012345678901234567890123456789 ";
	char blob[] = "0123456789012345678901234567890123456789 src/a b.c";
	const char *path;

	(void)state;
	assert_null(tg_git_rev_object(commit));
	assert_null(tg_git_rev_object(root));
	path = tg_git_rev_object(blob);
	assert_non_null(path);
	assert_string_equal(path, "src/a b.c");
	assert_string_equal(blob, "0123456789012345678901234567890123456789");
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
	        cmocka_unit_test(test_batch_header_sizes_are_digits_below_the_limit),
	        cmocka_unit_test(test_rev_list_object_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
