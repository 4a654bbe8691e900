#include "deps_test.h"

static void test_bun_trailing_commas_nesting_workspaces(void **state)
{
	char *text = dt_data("bun.lock");
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	assert_int_equal(dt_read("bun.lock", "bun.lock", text, &l), 0);
	assert_int_equal(l.nr, 5);
	d = dt_get(&l, "react", "18.2.0");
	assert_true(d->direct);
	assert_int_equal(d->line, 22);
	assert_string_equal(d->hashes.v[0],
	                    "sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/"
	                    "kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==");
	d = dt_get(&l, "@types/node", "20.4.2");
	assert_true(d->direct);
	assert_int_equal(d->scope, TG_DEP_DEV);
	/* react's own copy, "react/loose-envify", is the one react reaches */
	d = dt_get(&l, "loose-envify", "1.3.0");
	assert_string_equal(d->via, "react");
	assert_int_equal(d->line, 24);
	tg_dep_list_clear(&l);
	free(text);
}

static void test_malformed_bun(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	assert_int_equal(dt_read("bun.lock", "x/bun.lock",
	                         "{\n  \"packages\": {\n    \"a\": [1 2]\n  }\n}\n", &l),
	                 TG_ERR_INPUT);
	dt_error_at("x/bun.lock:3:");
	assert_int_equal(l.nr, 0);
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_bun_trailing_commas_nesting_workspaces),
	        cmocka_unit_test(test_malformed_bun),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
