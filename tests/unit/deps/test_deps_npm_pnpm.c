#include "deps_test.h"

static void read_data(const char *name, struct tg_dep_list *l)
{
	char *text = dt_data(name);

	assert_int_equal(dt_read("pnpm-lock.yaml", "pnpm-lock.yaml", text, l), 0);
	free(text);
}

static void test_v5_keys_peers_dev(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	read_data("pnpm-v5.yaml", &l);
	assert_int_equal(l.nr, 5);
	d = dt_get(&l, "react", "18.2.0");
	assert_true(d->direct);
	assert_int_equal(d->line, 26);
	assert_string_equal(d->hashes.v[0],
	                    "sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/"
	                    "kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==");
	d = dt_get(&l, "js-tokens", "4.0.0");
	assert_false(d->direct);
	assert_string_equal(d->via, "react > loose-envify");
	d = dt_get(&l, "typescript", "5.1.6");
	assert_true(d->direct);
	assert_int_equal(d->scope, TG_DEP_DEV);
	/* "_react@18.2.0" is a peer suffix, not part of the version */
	d = dt_get(&l, "@babel/core", "7.22.0");
	assert_int_equal(d->scope, TG_DEP_DEV);
	tg_dep_list_clear(&l);
}

static void test_v6_peer_sets_and_aliases(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	read_data("pnpm-v6.yaml", &l);
	assert_int_equal(l.nr, 6);
	d = dt_get(&l, "react-dom", "18.2.0");
	assert_true(d->direct);
	assert_int_equal(d->line, 36);
	assert_string_equal(dt_get(&l, "scheduler", "0.23.0")->via, "react-dom");
	/* the importer's alias "/js-tokens@4.0.0" names the real package */
	assert_true(dt_get(&l, "js-tokens", "4.0.0")->direct);
	tg_dep_list_clear(&l);
}

static void test_v9_snapshots_importers_scope_by_reach(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	read_data("pnpm-v9.yaml", &l);
	assert_int_equal(l.nr, 5);
	d = dt_get(&l, "react", "18.2.0");
	assert_false(d->direct);
	assert_string_equal(d->via, "react-dom");
	assert_int_equal(d->line, 39);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	d = dt_get(&l, "typescript", "5.1.6");
	assert_true(d->direct);
	assert_int_equal(d->scope, TG_DEP_DEV);
	assert_string_equal(dt_get(&l, "js-tokens", "4.0.0")->via, "react-dom > loose-envify");
	tg_dep_list_clear(&l);
}

static void test_malformed_pnpm(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	assert_int_equal(dt_read("pnpm-lock.yaml", "w/pnpm-lock.yaml",
	                         "lockfileVersion: '9.0'\npackages:\n  a@1: {\n  b: [\n", &l),
	                 TG_ERR_INPUT);
	dt_error_at("w/pnpm-lock.yaml:");
	assert_int_equal(dt_read("pnpm-lock.yaml", "pnpm-lock.yaml", "lockfileVersion: 3\n", &l),
	                 TG_ERR_INPUT);
	dt_error_at("pnpm-lock.yaml:1:");
	assert_int_equal(l.nr, 0);
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_v5_keys_peers_dev),
	        cmocka_unit_test(test_v6_peer_sets_and_aliases),
	        cmocka_unit_test(test_v9_snapshots_importers_scope_by_reach),
	        cmocka_unit_test(test_malformed_pnpm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
