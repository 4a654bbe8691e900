/*
 * The kept form of a lockfile's entries (deps/codec.c): a real reader's
 * entries and warnings come back field for field, and every truncation is
 * damage, never a shorter list.
 */
#include "deps_test.h"

static const char lock[] =
        "{\"name\":\"web\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
        "\"\":{\"name\":\"web\",\"version\":\"1.0.0\",\"dependencies\":{\"left-pad\":\"^1.3.0\"}},"
        "\"node_modules/left-pad\":{\"version\":\"1.3.0\",\"license\":\"WTFPL\","
        "\"integrity\":\"sha512-AAAA\",\"dependencies\":{\"x\":\"1\"}},"
        "\"node_modules/x\":{\"version\":\"1.0.0\",\"dev\":true}}}";

static void same_dep(const struct tg_dep *a, const struct tg_dep *b)
{
	assert_int_equal(a->eco, b->eco);
	assert_int_equal(a->direct, b->direct);
	assert_int_equal(a->scope, b->scope);
	assert_int_equal(a->origin, b->origin);
	assert_int_equal(a->line, b->line);
#define SAME(f) (a->f ? assert_string_equal(a->f, b->f) : assert_null(b->f))
	SAME(name);
	SAME(version);
	SAME(range);
	SAME(purl);
	SAME(file);
	SAME(via);
	SAME(license);
#undef SAME
	assert_int_equal(a->hashes.nr, b->hashes.nr);
	for (size_t i = 0; i < a->hashes.nr; i++)
		assert_string_equal(a->hashes.v[i], b->hashes.v[i]);
	assert_int_equal(a->requires.nr, b->requires.nr);
	for (size_t i = 0; i < a->requires.nr; i++)
		assert_string_equal(a->requires.v[i], b->requires.v[i]);
}

static void test_deps_codec_round_trips(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT, back = TG_DEP_LIST_INIT;
	struct tg_buf enc = TG_BUF_INIT;

	(void)state;
	assert_int_equal(dt_read("package-lock.json", "web/package-lock.json", lock, &l), TG_OK);
	assert_int_equal(l.nr, 2);
	tg_dep_warn(&l, "web/package-lock.json", 3, "a warning kept with the entries");
	tg_dep_list_encode(&l, &enc);
	assert_int_equal(tg_dep_list_decode(enc.buf, enc.len, &back), TG_OK);
	assert_int_equal(back.nr, l.nr);
	for (size_t i = 0; i < l.nr; i++)
		same_dep(&l.v[i], &back.v[i]);
	assert_int_equal(back.warnings.nr, 1);
	assert_string_equal(back.warnings.v[0], l.warnings.v[0]);
	tg_dep_list_clear(&back);
	for (size_t n = 0; n < enc.len; n++) {
		assert_int_equal(tg_dep_list_decode(enc.buf, n, &back), TG_ERR_INPUT);
		assert_int_equal(back.nr, 0);
		tg_error_clear();
	}
	tg_dep_list_clear(&l);
	tg_buf_release(&enc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_codec_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
