#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/item.h"

#include <string.h>

static void test_fingerprint_identity(void **state)
{
	char a[17], b[17], c[17];

	tg_fingerprint_metric(a, "complex-function", "src/x.c", "parse");
	tg_fingerprint_metric(b, "complex-function", "src/x.c", "parse");
	tg_fingerprint_metric(c, "complex-function", "src/x.c", "parse2");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 16);
	/* the parts are separated: ("ab","c") is not ("a","bc") */
	tg_fingerprint_file(a, "ab", "c");
	tg_fingerprint_file(b, "a", "bc");
	assert_string_not_equal(a, b);
	tg_fingerprint_match(a, "r", "p", "eval(x)", 1);
	tg_fingerprint_match(b, "r", "p", "eval(x)", 2);
	assert_string_not_equal(a, b);
}

static void test_item_copy_release(void **state)
{
	struct tg_item a, b;

	tg_item_init(&a);
	a.title = strdup("t");
	a.links.cwe = strdup("CWE-798");
	tg_item_copy(&b, &a);
	tg_item_release(&a);
	assert_string_equal(b.title, "t");
	assert_string_equal(b.links.cwe, "CWE-798");
	assert_null(b.path);
	tg_item_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_fingerprint_identity),
	        cmocka_unit_test(test_item_copy_release),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
