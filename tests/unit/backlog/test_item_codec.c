#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/item.h"
#include "backlog/item_json.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static void fill(struct tg_item *it)
{
	tg_item_init(it);
	memcpy(it->fingerprint, "0123456789abcdef", 17);
	it->source = strdup("scanner");
	it->rule_id = strdup("todo-marker");
	it->category = strdup("debt");
	it->path = strdup("src/a.c");
	it->title = strdup("TODO: \xff bytes");
	it->evidence = strdup("");
	it->links.cwe = strdup("CWE-1");
	it->severity = TG_SEV_HIGH;
	it->status = TG_STATUS_SUPPRESSED;
	it->grouping = TG_GROUP_FILE;
	it->start_line = 12;
	it->metric = 7.5;
	tg_item_add_occurrence(it, "src/a.c", 12, 13, "scanner", NULL);
	tg_item_add_occurrence(it, NULL, 0, 0, NULL, "r");
}

/* Everything comes back, the grouping hint included (the item JSON leaves it out). */
static void test_item_codec_round_trips_every_field(void **state)
{
	struct tg_item a, b;
	struct tg_buf enc = TG_BUF_INIT, ja = TG_BUF_INIT, jb = TG_BUF_INIT;
	const unsigned char *p;

	(void)state;
	fill(&a);
	tg_item_encode(&enc, &a);
	tg_item_encode(&enc, &a); /* two in a row: each read stops at its own end */
	p = (const unsigned char *)enc.buf;
	assert_int_equal(tg_item_decode(&b, &p, p + enc.len), TG_OK);
	assert_int_equal(b.grouping, TG_GROUP_FILE);
	assert_int_equal(b.status, TG_STATUS_SUPPRESSED);
	assert_null(b.message);
	assert_string_equal(b.evidence, "");
	tg_item_to_json(&ja, &a, -1);
	tg_item_to_json(&jb, &b, -1);
	assert_string_equal(ja.buf, jb.buf);
	tg_item_release(&b);
	assert_int_equal(tg_item_decode(&b, &p, (const unsigned char *)enc.buf + enc.len), TG_OK);
	assert_ptr_equal(p, (const unsigned char *)enc.buf + enc.len);
	tg_item_release(&b);
	tg_item_release(&a);
	tg_buf_release(&enc);
	tg_buf_release(&ja);
	tg_buf_release(&jb);
}

/* Every truncation, and an enum out of range, is TG_ERR_INPUT with nothing leaked. */
static void test_item_codec_refuses_damage(void **state)
{
	struct tg_item a, b;
	struct tg_buf enc = TG_BUF_INIT;
	const unsigned char *p;
	size_t n;

	(void)state;
	fill(&a);
	tg_item_encode(&enc, &a);
	for (n = 0; n < enc.len; n++) {
		p = (const unsigned char *)enc.buf;
		assert_int_equal(tg_item_decode(&b, &p, p + n), TG_ERR_INPUT);
		tg_error_clear();
	}
	((struct tg_item *)enc.buf)->severity = (enum tg_severity)99;
	p = (const unsigned char *)enc.buf;
	assert_int_equal(tg_item_decode(&b, &p, p + enc.len), TG_ERR_INPUT);
	tg_error_clear();
	tg_item_release(&a);
	tg_buf_release(&enc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_item_codec_round_trips_every_field),
	        cmocka_unit_test(test_item_codec_refuses_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
