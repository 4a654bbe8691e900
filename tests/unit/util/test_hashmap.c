#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/hashmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static void test_string_keys(void **state)
{
	struct tg_hashmap m = TG_HASHMAP_INIT;
	struct tg_hashmap_entry *e;
	char key[8] = "src/a.c";
	int added = -1;

	assert_null(tg_hashmap_get(&m, "x", 1)); /* an empty map has no slots yet */
	e = tg_hashmap_put(&m, key, 7, &added);
	assert_int_equal(added, 1);
	assert_int_equal(e->val.u64, 0); /* a new entry's value is zero */
	e->val.u64 = 42;
	assert_ptr_not_equal(e->str, key); /* the map keeps its own copy */
	memcpy(key, "src/b.c", 7);
	e = tg_hashmap_get(&m, "src/a.c", 7);
	assert_non_null(e);
	assert_string_equal(e->str, "src/a.c");
	assert_int_equal(e->key.len, 7);
	assert_int_equal(e->val.u64, 42);
	assert_null(tg_hashmap_get(&m, "src/b.c", 7));
	assert_null(tg_hashmap_get(&m, "src/a.c", 6)); /* a prefix is another key */
	assert_null(tg_hashmap_get(&m, "src/a.cc", 8));
	/* The key need not end with a NUL: only len bytes count. */
	assert_non_null(tg_hashmap_get(&m, "src/a.c/x", 7));
	tg_hashmap_put(&m, "", 0, &added)->val.ptr = &m;
	assert_int_equal(added, 1);
	assert_ptr_equal(tg_hashmap_get(&m, "", 0)->val.ptr, &m);
	assert_int_equal(m.nr, 2);
	tg_hashmap_release(&m);
	assert_int_equal(m.nr, 0);
	assert_null(tg_hashmap_get(&m, "src/a.c", 7));
}

static void test_u64_keys(void **state)
{
	struct tg_hashmap m = TG_HASHMAP_INIT;
	const uint64_t keys[] = {0, 1, UINT64_MAX, 0x8000000000000000ull, 0xdeadbeef};
	int added;

	for (size_t i = 0; i < 5; i++) {
		tg_hashmap_put_u64(&m, keys[i], &added)->val.u64 = i + 100;
		assert_int_equal(added, 1);
	}
	for (size_t i = 0; i < 5; i++) {
		struct tg_hashmap_entry *e = tg_hashmap_get_u64(&m, keys[i]);
		assert_non_null(e);
		assert_null(e->str);
		assert_true(e->key.u64 == keys[i]);
		assert_int_equal(e->val.u64, i + 100);
	}
	assert_null(tg_hashmap_get_u64(&m, 2));
	assert_null(tg_hashmap_get_u64(&m, UINT64_MAX - 1));
	/* The integer 0 and the empty string are different keys. */
	assert_null(tg_hashmap_get(&m, "", 0));
	tg_hashmap_put(&m, "", 0, NULL)->val.u64 = 7;
	assert_int_equal(tg_hashmap_get_u64(&m, 0)->val.u64, 100);
	assert_int_equal(tg_hashmap_get(&m, "", 0)->val.u64, 7);
	tg_hashmap_release(&m);
}

static void test_overwrite(void **state)
{
	struct tg_hashmap m = TG_HASHMAP_INIT;
	struct tg_hashmap_entry *e;
	int added;

	tg_hashmap_put(&m, "rule", 4, &added)->val.u64 = 1;
	e = tg_hashmap_put(&m, "rule", 4, &added);
	assert_int_equal(added, 0);
	assert_int_equal(e->val.u64, 1); /* put finds the entry and leaves its value */
	e->val.u64 = 2;
	assert_int_equal(tg_hashmap_get(&m, "rule", 4)->val.u64, 2);
	for (int i = 0; i < 5; i++)
		tg_hashmap_put_u64(&m, 9, NULL)->val.u64++;
	assert_int_equal(tg_hashmap_get_u64(&m, 9)->val.u64, 5);
	assert_int_equal(m.nr, 2);
	tg_hashmap_release(&m);
}

static void test_embedded_nul(void **state)
{
	struct tg_hashmap m = TG_HASHMAP_INIT;
	struct tg_hashmap_entry *e;

	tg_hashmap_put(&m, "a\0b", 3, NULL)->val.u64 = 1;
	tg_hashmap_put(&m, "a\0c", 3, NULL)->val.u64 = 2;
	tg_hashmap_put(&m, "a", 1, NULL)->val.u64 = 3;
	tg_hashmap_put(&m, "a\0", 2, NULL)->val.u64 = 4;
	assert_int_equal(m.nr, 4);
	assert_int_equal(tg_hashmap_get(&m, "a\0b", 3)->val.u64, 1);
	assert_int_equal(tg_hashmap_get(&m, "a\0c", 3)->val.u64, 2);
	assert_int_equal(tg_hashmap_get(&m, "a", 1)->val.u64, 3);
	assert_int_equal(tg_hashmap_get(&m, "a\0", 2)->val.u64, 4);
	assert_null(tg_hashmap_get(&m, "a\0d", 3));
	e = tg_hashmap_get(&m, "a\0c", 3);
	assert_memory_equal(e->str, "a\0c", 4); /* the copy keeps every byte and ends with a NUL */
	tg_hashmap_release(&m);
}

enum { MANY = 100000 };

static void test_growth(void **state)
{
	struct tg_hashmap m = TG_HASHMAP_INIT;
	const char *first;
	char key[32];
	int n;

	first = tg_hashmap_put(&m, "key0", 4, NULL)->str;
	for (int i = 1; i < MANY; i++) {
		n = snprintf(key, sizeof(key), "key%d", i);
		tg_hashmap_put(&m, key, (size_t)n, NULL)->val.u64 = (uint64_t)i;
		tg_hashmap_put_u64(&m, (uint64_t)i * 0x100000001ull, NULL)->val.u64 = (uint64_t)-i;
	}
	assert_int_equal(m.nr, 2 * MANY - 1);
	assert_true(m.nr * 2 <= m.mask + 1); /* at most half the slots used */
	/* A key's copy does not move while the map grows. */
	assert_ptr_equal(tg_hashmap_get(&m, "key0", 4)->str, first);
	for (int i = 1; i < MANY; i++) {
		n = snprintf(key, sizeof(key), "key%d", i);
		assert_int_equal(tg_hashmap_get(&m, key, (size_t)n)->val.u64, i);
		assert_true(tg_hashmap_get_u64(&m, (uint64_t)i * 0x100000001ull)->val.u64 ==
		            (uint64_t)-i);
	}
	assert_null(tg_hashmap_get(&m, "key100000", 9));
	assert_null(tg_hashmap_get_u64(&m, 0x100000001ull * MANY));
	tg_hashmap_release(&m);
}

static uint32_t tag_of(uint64_t k)
{
	return (uint32_t)(XXH3_64bits(&k, sizeof(k)) >> 32);
}

static int by_tag(const void *a, const void *b)
{
	uint32_t x = tag_of(*(const uint64_t *)a), y = tag_of(*(const uint64_t *)b);
	return x < y ? -1 : x > y;
}

/*
 * Two integer keys whose 32 hash bits kept in the slots are equal: the map
 * must tell them apart by the keys themselves. Found by sorting keys by
 * those bits (the birthday bound makes one likely within 2^17 keys).
 */
static void test_same_tag(void **state)
{
	enum { N = 1 << 19 };
	uint64_t *k = malloc(N * sizeof(*k)), a = 0, b = 0;
	struct tg_hashmap m = TG_HASHMAP_INIT;
	int added;

	for (uint64_t i = 0; i < N; i++)
		k[i] = i;
	qsort(k, N, sizeof(*k), by_tag);
	for (size_t i = 1; i < N && a == b; i++)
		if (tag_of(k[i]) == tag_of(k[i - 1]))
			a = k[i - 1], b = k[i];
	free(k);
	assert_true(a != b);
	tg_hashmap_put_u64(&m, a, NULL)->val.u64 = 1;
	assert_null(tg_hashmap_get_u64(&m, b));
	tg_hashmap_put_u64(&m, b, &added)->val.u64 = 2;
	assert_int_equal(added, 1);
	assert_int_equal(tg_hashmap_get_u64(&m, a)->val.u64, 1);
	assert_int_equal(tg_hashmap_get_u64(&m, b)->val.u64, 2);
	assert_int_equal(tg_hashmap_remove_u64(&m, a), 1);
	assert_int_equal(tg_hashmap_get_u64(&m, b)->val.u64, 2);
	assert_null(tg_hashmap_get_u64(&m, a));
	tg_hashmap_release(&m);
}

/* n integer keys whose probes start at slot home of a 16-slot table, into k. */
static void keys_at(uint64_t *k, size_t n, unsigned home, uint64_t from)
{
	for (uint64_t i = from; n > 0; i++)
		if ((tag_of(i) & 15) == home)
			k[--n] = i;
}

/*
 * Keys that start probing at the same slot of a 16-slot table (one run
 * wrapping past the end), two more whose home lies inside that run, some
 * removed from the middle: the others must still be found.
 */
static void test_same_slot(void **state)
{
	static const unsigned homes[] = {5, 13};

	for (size_t h = 0; h < 2; h++) {
		struct tg_hashmap m = TG_HASHMAP_INIT;
		uint64_t k[7];

		keys_at(k, 5, homes[h], 0);
		keys_at(k + 5, 2, (homes[h] + 2) & 15, 0);
		for (size_t i = 0; i < 7; i++)
			tg_hashmap_put_u64(&m, k[i], NULL)->val.u64 = k[i] + 1;
		assert_int_equal(m.mask, 15); /* still the first table: one long probe run */
		assert_int_equal(tg_hashmap_remove_u64(&m, k[1]), 1);
		assert_int_equal(tg_hashmap_remove_u64(&m, k[4]), 1);
		assert_int_equal(tg_hashmap_remove_u64(&m, k[4]), 0);
		for (size_t i = 0; i < 7; i++) {
			struct tg_hashmap_entry *e = tg_hashmap_get_u64(&m, k[i]);
			if (i == 1 || i == 4) {
				assert_null(e);
			} else {
				assert_non_null(e);
				assert_true(e->val.u64 == k[i] + 1);
			}
		}
		assert_int_equal(m.nr, 5);
		tg_hashmap_release(&m);
	}
}

static void test_iterate(void **state)
{
	struct tg_hashmap m = TG_HASHMAP_INIT;
	struct tg_hashmap_entry *e;
	unsigned char seen[1000] = {0};
	char key[16];
	size_t n = 0;
	int len;

	tg_hashmap_for_each(&m, e)
		n++; /* an empty map: no entries, no slots */
	assert_int_equal(n, 0);
	for (int i = 0; i < 1000; i++) {
		len = snprintf(key, sizeof(key), "k%d", i);
		tg_hashmap_put(&m, key, (size_t)len, NULL)->val.u64 = (uint64_t)i;
	}
	/* Insertion order, each once. */
	tg_hashmap_for_each(&m, e) {
		assert_int_equal(e->val.u64, n);
		n++;
	}
	assert_int_equal(n, 1000);
	for (int i = 0; i < 1000; i += 3) {
		len = snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(tg_hashmap_remove(&m, key, (size_t)len), 1);
	}
	tg_hashmap_for_each(&m, e) {
		assert_int_equal(seen[e->val.u64], 0);
		seen[e->val.u64] = 1;
		assert_int_not_equal(e->val.u64 % 3, 0);
		assert_ptr_equal(tg_hashmap_get(&m, e->str, e->key.len), e);
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(seen[i], i % 3 != 0);
	assert_int_equal(m.nr, 666);
	tg_hashmap_release(&m);
}

static void test_remove_and_readd(void **state)
{
	struct tg_hashmap m = TG_HASHMAP_INIT;
	int added;

	for (uint64_t i = 0; i < 5000; i++)
		tg_hashmap_put_u64(&m, i, NULL)->val.u64 = i;
	for (uint64_t i = 0; i < 5000; i += 2)
		assert_int_equal(tg_hashmap_remove_u64(&m, i), 1);
	assert_int_equal(tg_hashmap_remove(&m, "x", 1), 0);
	for (uint64_t i = 0; i < 5000; i++) {
		struct tg_hashmap_entry *e = tg_hashmap_get_u64(&m, i);
		if (i % 2) {
			assert_non_null(e);
			assert_true(e->val.u64 == i);
		} else {
			assert_null(e);
		}
	}
	tg_hashmap_put_u64(&m, 10, &added);
	assert_int_equal(added, 1);
	assert_int_equal(m.nr, 2501);
	tg_hashmap_release(&m);
}

/* Release frees keys and tables (the sanitizer build's leak check sees the rest). */
static void test_release_and_reuse(void **state)
{
	struct tg_hashmap m = TG_HASHMAP_INIT;
	char big[100000];

	memset(big, 'x', sizeof(big)); /* a key larger than a chunk */
	tg_hashmap_put(&m, big, sizeof(big), NULL);
	tg_hashmap_put(&m, "small", 5, NULL);
	assert_non_null(tg_hashmap_get(&m, big, sizeof(big)));
	tg_hashmap_release(&m);
	assert_null(m.entries);
	assert_null(m.slots);
	assert_null(m.keys);
	tg_hashmap_put(&m, "again", 5, NULL)->val.u64 = 3;
	assert_int_equal(tg_hashmap_get(&m, "again", 5)->val.u64, 3);
	tg_hashmap_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_string_keys),      cmocka_unit_test(test_u64_keys),
	        cmocka_unit_test(test_overwrite),        cmocka_unit_test(test_embedded_nul),
	        cmocka_unit_test(test_growth),           cmocka_unit_test(test_same_tag),
	        cmocka_unit_test(test_same_slot),        cmocka_unit_test(test_iterate),
	        cmocka_unit_test(test_remove_and_readd), cmocka_unit_test(test_release_and_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
