#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/dl.h"
#include "util/error.h"

#include <string.h>

/* A library opened on first use: its functions resolved, or an error that says what is missing. */
static void test_resolves(void **state)
{
	size_t (*len)(const char *) = NULL;
	const struct tg_dl_sym syms[] = {{"strlen", &len}, {NULL, NULL}};

	(void)state;
	assert_int_equal(tg_dl_open("libc.so.6", "libc6", syms), TG_OK);
	assert_non_null(len);
	assert_int_equal(len("terragon"), 8);
}

static void test_missing_library(void **state)
{
	void (*f)(void) = NULL;
	const struct tg_dl_sym syms[] = {{"f", &f}, {NULL, NULL}};

	(void)state;
	assert_int_equal(tg_dl_open("libterragon-absent.so.9", "terragon-absent", syms),
	                 TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "cannot load libterragon-absent.so.9"));
	assert_non_null(strstr(tg_error_message(), "Debian package terragon-absent"));
	assert_null(f);
}

static void test_missing_symbol(void **state)
{
	void (*f)(void) = NULL;
	const struct tg_dl_sym syms[] = {{"tg_no_such_function", &f}, {NULL, NULL}};

	(void)state;
	assert_int_equal(tg_dl_open("libc.so.6", "libc6", syms), TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "tg_no_such_function"));
	assert_null(f);
}

/* tg_dl_load tries once: a failure, and its message, stand for the process's life. */
static void test_load_once(void **state)
{
	static void (*f)(void);
	static const struct tg_dl_sym syms[] = {{"f", &f}, {NULL, NULL}};
	static struct tg_dl dl =
	        TG_DL_INIT("libterragon-absent.so.9", "terragon-absent", syms, NULL);

	(void)state;
	assert_int_equal(tg_dl_load(&dl), TG_ERR_RUN);
	tg_error_clear();
	assert_int_equal(tg_dl_load(&dl), TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "cannot load libterragon-absent.so.9"));
	assert_int_equal(dl.state, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_resolves),
	        cmocka_unit_test(test_missing_library),
	        cmocka_unit_test(test_missing_symbol),
	        cmocka_unit_test(test_load_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
