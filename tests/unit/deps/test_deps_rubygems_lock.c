#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "read_other.h"

static void test_deps_rubygems_lock_sections_platforms_and_graph(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	struct tg_buf fixture = TG_BUF_INIT;
	const struct tg_dep *d;

	(void)state;
	assert_int_equal(
	        tg_buf_read_file(&fixture, TG_SOURCE_DIR "/tests/data/deps/rubygems/Gemfile.lock"),
	        TG_OK);
	assert_int_equal(write_read(root, "app/Gemfile.lock", fixture.buf, &l), TG_OK);
	/* nokogiri for two platforms is one gem */
	assert_int_equal(l.nr, 9);
	d = must_find(&l, "nokogiri");
	assert_string_equal(d->version, "1.15.4");
	assert_string_equal(d->purl, "pkg:gem/nokogiri@1.15.4");
	assert_true(d->direct);
	assert_int_equal(d->line, 20);
	assert_null(d->via);
	d = must_find(&l, "activesupport");
	assert_int_equal(d->origin, TG_DEP_GIT);
	assert_string_equal(d->version, "7.2.0.alpha");
	assert_int_equal(must_find(&l, "billing")->origin, TG_DEP_PATH);
	d = must_find(&l, "racc");
	assert_false(d->direct);
	assert_string_equal(d->via, "nokogiri > racc");
	d = must_find(&l, "rspec-core");
	assert_string_equal(d->via, "rspec > rspec-core");
	d = must_find(&l, "concurrent-ruby");
	assert_string_equal(d->via, "activesupport > concurrent-ruby");
	assert_int_equal(d->hashes.nr, 1);
	assert_string_equal(
	        d->hashes.v[0],
	        "sha256:3879119b8b75e3b62616acc256c64a134d0b0a7a9a3fcba5a233025bcde22c4f");
	assert_int_equal(must_find(&l, "rack")->origin, TG_DEP_REGISTRY);
	tg_dep_list_clear(&l);
	tg_buf_release(&fixture);
}

static void test_deps_rubygems_lock_malformed_names_file_and_line(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	assert_int_equal(
	        write_read(root, "Gemfile.lock",
	                   "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (3.0.8\n", &l),
	        TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "Gemfile.lock:4: expected \"name (version)\""));
	tg_dep_list_clear(&l);
	assert_int_equal(
	        write_read(root, "Gemfile.lock", "GEM\n  specs:\n    rack (3.0.8)\n     odd\n", &l),
	        TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "Gemfile.lock:4: unexpected indentation"));
	tg_dep_list_clear(&l);
	assert_int_equal(write_read(root, "Gemfile.lock", "GEM\n  specs:\n    rack\n", &l),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "Gemfile.lock:3: a gem without a version"));
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_rubygems_lock_sections_platforms_and_graph),
	        cmocka_unit_test(test_deps_rubygems_lock_malformed_names_file_and_line),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
