#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/backlog.h"
#include "backlog/item.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>

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

/* Many items through add, score (which rebuilds the index) and find. */
static void test_backlog_many(void **state)
{
	struct tg_score_model m;
	struct tg_backlog b;
	struct tg_item it;
	char name[32];
	int i, rc;

	tg_backlog_init(&b);
	for (i = 0; i < 20000; i++) {
		tg_item_init(&it);
		snprintf(name, sizeof(name), "f%d", i);
		tg_fingerprint_metric(it.fingerprint, "r", "p", name);
		tg_backlog_add(&b, &it);
	}
	tg_item_init(&it);
	tg_fingerprint_metric(it.fingerprint, "r", "p", "f7");
	tg_backlog_add(&b, &it); /* a duplicate */
	assert_int_equal(b.nr, 20000);
	assert_int_equal(b.duplicates, 1);
	tg_score_model_default(&m);
	tg_backlog_score(&b, &m, NULL, NULL);
	tg_fingerprint_metric(name, "r", "p", "f19999");
	assert_non_null(tg_backlog_find(&b, name, &rc));
	assert_null(tg_backlog_find(&b, "zz", &rc));
	assert_int_equal(rc, TG_ERR_USAGE);
	tg_backlog_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_fingerprint_identity),
	        cmocka_unit_test(test_item_copy_release),
	        cmocka_unit_test(test_backlog_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
