#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "read_other.h"

static struct tg_buf fixture = TG_BUF_INIT;

static int setup_lock(void **state)
{
	setup(state);
	return tg_buf_read_file(&fixture, TG_SOURCE_DIR "/tests/data/deps/packagist/composer.lock");
}

static int teardown_lock(void **state)
{
	tg_buf_release(&fixture);
	return teardown(state);
}

static void test_deps_packagist_lock_without_manifest(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	assert_int_equal(write_read(root, "alone/composer.lock", fixture.buf, &l), TG_OK);
	assert_int_equal(l.nr, 5);
	d = must_find(&l, "guzzlehttp/guzzle");
	assert_string_equal(d->version, "7.8.0");
	assert_int_equal(d->line, 8);
	assert_true(d->direct);            /* nothing else requires it */
	assert_int_equal(d->hashes.nr, 0); /* an empty shasum is none */
	d = must_find(&l, "guzzlehttp/psr7");
	assert_false(d->direct);
	assert_string_equal(d->via, "guzzlehttp/guzzle > guzzlehttp/psr7");
	assert_string_equal(d->hashes.v[0], "sha1:be45764272e8873c72dbe3d2edcfdfcc3bc9f727");
	assert_int_equal(d->line, 33);
	d = must_find(&l, "psr/http-message");
	assert_string_equal(d->version, "2.0"); /* "v2.0" is 2.0 to the advisories */
	assert_string_equal(d->via, "guzzlehttp/guzzle > guzzlehttp/psr7 > psr/http-message");
	assert_int_equal(must_find(&l, "acme/internal")->origin, TG_DEP_GIT);
	/* names compared lowercase, dev scope from packages-dev */
	d = must_find(&l, "phpunit/phpunit");
	assert_int_equal(d->scope, TG_DEP_DEV);
	assert_string_equal(d->version, "10.4.2");
	assert_int_equal(d->line, 64);
	tg_dep_list_clear(&l);
}

static void test_deps_packagist_lock_direct_from_composer_json(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	tl_write(root, "app/composer.json",
	         "{\"require\": {\"php\": \">=8.1\", \"guzzlehttp/psr7\": \"^2.6\"},"
	         " \"require-dev\": {\"phpunit/phpunit\": \"^10\"}}");
	assert_int_equal(write_read(root, "app/composer.lock", fixture.buf, &l), TG_OK);
	assert_true(must_find(&l, "guzzlehttp/psr7")->direct);
	assert_null(must_find(&l, "guzzlehttp/psr7")->via);
	assert_true(must_find(&l, "phpunit/phpunit")->direct);
	assert_false(must_find(&l, "guzzlehttp/guzzle")->direct); /* a leftover nothing reaches */
	assert_string_equal(must_find(&l, "psr/http-message")->via,
	                    "guzzlehttp/psr7 > psr/http-message");
	tg_dep_list_clear(&l);
}

static void test_deps_packagist_lock_malformed(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	assert_int_equal(
	        write_read(root, "composer.lock", "{\n  \"packages\": [\n    {,\n  ]\n}\n", &l),
	        TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "composer.lock:3: malformed JSON"));
	tg_dep_list_clear(&l);
	assert_int_equal(write_read(root, "composer.lock", "{\"packages\": {}}", &l), TG_ERR_INPUT);
	assert_non_null(
	        strstr(tg_error_message(), "composer.lock:1: \"packages\" is not an array"));
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_packagist_lock_without_manifest),
	        cmocka_unit_test(test_deps_packagist_lock_direct_from_composer_json),
	        cmocka_unit_test(test_deps_packagist_lock_malformed),
	};
	return cmocka_run_group_tests(tests, setup_lock, teardown_lock);
}
