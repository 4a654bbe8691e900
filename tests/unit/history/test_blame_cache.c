#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "history/blame.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

static const char porcelain[] = "1111111111111111111111111111111111111111 1 1 2\n"
                                "author Ada\n"
                                "author-mail <ada@example.com>\n"
                                "author-time 1000\n"
                                "filename a.c\n"
                                "\tline one\n"
                                "1111111111111111111111111111111111111111 2 2\n"
                                "\tline two\n"
                                "2222222222222222222222222222222222222222 3 3 1\n"
                                "author Bob\n"
                                "author-mail <bob@example.com>\n"
                                "author-time 2000\n"
                                "filename a.c\n"
                                "\tline three\n";

/* A blame's commits survive the store: authors, mails, times and line counts. */
static void test_blame_encoding_round_trips(void **state)
{
	struct tg_blame_parser p, q;
	struct tg_buf enc = TG_BUF_INIT;

	(void)state;
	tg_blame_init(&p);
	assert_int_equal(tg_blame_feed(&p, porcelain, sizeof(porcelain) - 1), TG_OK);
	assert_int_equal(tg_blame_finish(&p), TG_OK);
	assert_int_equal(p.commits_nr, 2);
	tg_blame_encode(&p, &enc);
	assert_int_equal(tg_blame_decode(enc.buf, enc.len, &q), TG_OK);
	assert_int_equal(q.commits_nr, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(q.commits[i].author, p.commits[i].author);
		assert_string_equal(q.commits[i].email, p.commits[i].email);
		assert_int_equal(q.commits[i].time, p.commits[i].time);
		assert_int_equal(q.commits[i].lines, p.commits[i].lines);
	}
	tg_blame_release(&q);
	/* every truncation is damage, never a shorter blame */
	for (size_t n = 0; n < enc.len; n++) {
		assert_int_equal(tg_blame_decode(enc.buf, n, &q), TG_ERR_INPUT);
		tg_blame_release(&q);
		tg_error_clear();
	}
	tg_blame_release(&p);
	tg_buf_release(&enc);
}

/*
 * A recent-change blame keeps its window, each commit's boundary and fix
 * flags and each line's commit; truncation and a line naming no commit are
 * damage.
 */
static void test_blame_since_encoding_round_trips(void **state)
{
	static const char fixed[] = "3333333333333333333333333333333333333333 1 1 1\n"
	                            "author Cy\n"
	                            "author-mail <cy@example.com>\n"
	                            "author-time 3000\n"
	                            "summary fix a crash\n"
	                            "boundary\n"
	                            "filename a.c\n"
	                            "\tline four\n";
	struct tg_blame_parser p, q;
	struct tg_buf enc = TG_BUF_INIT;
	int64_t since = 0;

	(void)state;
	tg_blame_init(&p);
	p.want_lines = 1;
	assert_int_equal(tg_blame_feed(&p, porcelain, sizeof(porcelain) - 1), TG_OK);
	assert_int_equal(tg_blame_feed(&p, fixed, sizeof(fixed) - 1), TG_OK);
	assert_int_equal(tg_blame_finish(&p), TG_OK);
	assert_int_equal(p.lines, 4);
	tg_blame_encode_since(&p, 1234, &enc);
	assert_int_equal(tg_blame_decode_since(enc.buf, enc.len, &since, &q), TG_OK);
	assert_int_equal(since, 1234);
	assert_int_equal(q.commits_nr, p.commits_nr);
	assert_int_equal(q.lines, 4);
	for (size_t i = 0; i < p.commits_nr; i++) {
		assert_string_equal(q.commits[i].author, p.commits[i].author);
		assert_int_equal(q.commits[i].time, p.commits[i].time);
		assert_int_equal(q.commits[i].fix, p.commits[i].fix);
		assert_int_equal(q.commits[i].boundary, p.commits[i].boundary);
	}
	assert_int_equal(q.commits[2].fix, 1);
	assert_int_equal(q.commits[2].boundary, 1);
	for (long i = 0; i < 4; i++)
		assert_int_equal(q.line_commit[i], p.line_commit[i]);
	tg_blame_release(&q);
	/* a plain blame's bytes are not a recent-change one's, nor the reverse */
	assert_int_equal(tg_blame_decode(enc.buf, enc.len, &q), TG_ERR_INPUT);
	tg_blame_release(&q);
	for (size_t n = 0; n < enc.len; n++) {
		assert_int_equal(tg_blame_decode_since(enc.buf, n, &since, &q), TG_ERR_INPUT);
		tg_blame_release(&q);
		tg_error_clear();
	}
	/* the last line's commit index made out of range */
	enc.buf[enc.len - 4] = 9;
	assert_int_equal(tg_blame_decode_since(enc.buf, enc.len, &since, &q), TG_ERR_INPUT);
	tg_blame_release(&q);
	tg_error_clear();
	tg_blame_release(&p);
	tg_buf_release(&enc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_blame_since_encoding_round_trips),
	        cmocka_unit_test(test_blame_encoding_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
