#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "history/model_int.h"
#include "util/buf.h"

#include <string.h>

/* A TGHISTv3 blob built field by field, as cache.c writes them. */
static void u32(struct tg_buf *b, uint32_t v)
{
	tg_buf_add(b, &v, sizeof(v));
}

static void i64(struct tg_buf *b, int64_t v)
{
	tg_buf_add(b, &v, sizeof(v));
}

static void str(struct tg_buf *b, const char *s)
{
	tg_buf_add(b, s, strlen(s) + 1);
}

/* One file named path with TG_HOTSPOT_TREND recent revisions, each under another name. */
static void file(struct tg_buf *b, const char *path, int64_t revisions)
{
	str(b, path);
	i64(b, revisions);
	for (int i = 0; i < 6; i++)
		i64(b, 1);
	u32(b, 0); /* authors */
	u32(b, 0); /* wt_have */
	for (int i = 0; i < 4; i++)
		i64(b, 0);
	u32(b, TG_HOTSPOT_TREND);
	for (int i = 0; i < TG_HOTSPOT_TREND; i++) {
		str(b, "0123456789012345678901234567890123456789");
		str(b, "old/name");
		u32(b, 0);
		i64(b, 0);
	}
}

static void blob(struct tg_buf *b, const char *second, uint32_t pair_a, uint32_t pair_b,
                 int64_t revisions)
{
	tg_buf_add(b, "TGHISTv3", 8);
	u32(b, 1);
	u32(b, 0); /* authors */
	u32(b, 2);
	file(b, "a.c", 1);
	file(b, second, revisions);
	u32(b, 1);
	i64(b, (int64_t)(((uint64_t)pair_a << 32 | pair_b) + 1));
	u32(b, 3);
}

static int decode(const struct tg_buf *b)
{
	struct tg_history h;
	int rc;

	memset(&h, 0, sizeof(h));
	tg_history_opts_init(&h.opts);
	rc = tg_history_cache_decode(&h, b->buf, b->len);
	model_release(&h);
	return rc;
}

/*
 * fuzz_history_cache: a damaged blob naming one path twice gave that file
 * twice TG_HOTSPOT_TREND recent revisions in an array of TG_HOTSPOT_TREND
 * (freed past its end), and a pair (b, a) was kept against the model's a < b.
 */
static void test_stored_history_with_a_path_twice_or_a_reversed_pair_is_damaged(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	blob(&b, "b.c", 0, 1, 1);
	assert_int_equal(decode(&b), 0);
	tg_buf_reset(&b);
	blob(&b, "a.c", 0, 1, 1);
	assert_int_equal(decode(&b), -1);
	tg_buf_reset(&b);
	blob(&b, "b.c", 1, 0, 1);
	assert_int_equal(decode(&b), -1);
	tg_buf_reset(&b);
	blob(&b, "b.c", 1, 1, 1);
	assert_int_equal(decode(&b), -1);
	tg_buf_release(&b);
}

/* fuzz_history_cache: negative or astronomical counts overflowed the owners' sums (UBSan). */
static void test_stored_history_with_impossible_counts_is_damaged(void **state)
{
	struct tg_buf b = TG_BUF_INIT;

	(void)state;
	blob(&b, "b.c", 0, 1, -1);
	assert_int_equal(decode(&b), -1);
	tg_buf_reset(&b);
	blob(&b, "b.c", 0, 1, INT64_MAX / 2);
	assert_int_equal(decode(&b), -1);
	tg_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(
	                test_stored_history_with_a_path_twice_or_a_reversed_pair_is_damaged),
	        cmocka_unit_test(test_stored_history_with_impossible_counts_is_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
