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

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_blame_encoding_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
