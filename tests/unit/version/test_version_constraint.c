/*
 * Constraints per ecosystem: which versions each admits, the intervals and
 * exact pins it is made of, and the errors of bad syntax.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "version/version.h"

/*
 * Checks text in eco: every version of `yes` (space-separated) admitted,
 * every one of `no` refused.
 */
static void check(enum tg_eco eco, const char *text, const char *yes, const char *no)
{
	struct tg_constraint c;
	char buf[512], *v, *save;
	int r = tg_constraint_parse(eco, text, &c);

	if (r)
		fail_msg("%s \"%s\": %s", tg_eco_name(eco), text, tg_error_message());
	for (int want = 1; want >= 0; want--) {
		snprintf(buf, sizeof(buf), "%s", want ? yes : no);
		for (v = strtok_r(buf, " ", &save); v; v = strtok_r(NULL, " ", &save)) {
			int allows = -1;

			if (tg_constraint_allows(&c, v, &allows))
				fail_msg("%s \"%s\": %s: %s", tg_eco_name(eco), text, v,
				         tg_error_message());
			if (allows != want)
				fail_msg("%s \"%s\" %s %s", tg_eco_name(eco), text,
				         want ? "should admit" : "should refuse", v);
		}
	}
	tg_constraint_release(&c);
}

static void bad(enum tg_eco eco, const char *text)
{
	struct tg_constraint c;

	if (tg_constraint_parse(eco, text, &c) != TG_ERR_INPUT)
		fail_msg("%s \"%s\" should not parse", tg_eco_name(eco), text);
	assert_non_null(tg_error_message());
}

static void exact(enum tg_eco eco, const char *text, const char *want)
{
	struct tg_constraint c;

	assert_int_equal(tg_constraint_parse(eco, text, &c), TG_OK);
	if (want)
		assert_string_equal(c.exact ? c.exact : "(null)", want);
	else if (c.exact)
		fail_msg("%s \"%s\" pins %s", tg_eco_name(eco), text, c.exact);
	assert_string_equal(c.text, text);
	tg_constraint_release(&c);
}

static void test_pypi(void **state)
{
	enum tg_eco e = TG_ECO_PYPI;

	check(e, ">=2.0,<3", "2.0 2.5.1 2.99 2.0.post1", "1.9 3.0 3.0a1 3.0.dev0 1.9.post9");
	check(e, ">= 2.0 , < 3", "2.0", "3.0");
	check(e, "==1.2.3", "1.2.3 1.2.3.0 1.2.3+local", "1.2.4 1.2.3a1 1.2.3.post1");
	check(e, "!=1.2.3", "1.2.4 1.2.2", "1.2.3");
	check(e, "==1.2.*", "1.2 1.2.0 1.2.9 1.2.0a1 1.2.dev3 1.2.5.post1", "1.3 1.1.9 1.3.dev0");
	check(e, "!=1.2.*", "1.1 1.3 1.3.dev0", "1.2 1.2.1 1.2a1");
	check(e, "~=1.4.5", "1.4.5 1.4.9", "1.4.4 1.5 1.5.dev1");
	check(e, "~=2.2", "2.2 2.9 2.2.post1", "2.1 3.0 3.0a1");
	check(e, "~=1.4.5a4", "1.4.5a4 1.4.5 1.4.7", "1.4.5a3 1.5");
	check(e, ">1.0", "1.0.1 2", "1.0 0.9");
	check(e, "<=1.0", "1.0 0.1 1.0+x", "1.0.1");
	check(e, "===1.0", "1.0", "1.1");
	check(e, "", "0.1 99", "");
	check(e, "*", "0.1 99", "");
	exact(e, "==2.19.0", "2.19.0");
	exact(e, ">=2.19.0", NULL);
	exact(e, "==1.*", NULL);
	bad(e, ">=");
	bad(e, "=>1.0");
	bad(e, "1!=1.0");
	bad(e, "==1.0,");
	bad(e, "~=1");
	bad(e, ">=1.0 <2");
	bad(e, "==1.0.*.*");
	bad(e, ">=1.0.*");
	bad(e, "==not a version");
}

static void test_npm(void **state)
{
	enum tg_eco e = TG_ECO_NPM;

	check(e, "^1.2.3", "1.2.3 1.9.0 1.2.4-beta", "1.2.2 2.0.0 2.0.0-rc.1");
	check(e, "^0.2.3", "0.2.3 0.2.9", "0.3.0 0.2.2");
	check(e, "^0.0.3", "0.0.3", "0.0.4 0.0.2");
	check(e, "^0.0", "0.0.0 0.0.9", "0.1.0");
	check(e, "^1.2.x", "1.2.0 1.9.9", "1.1.9 2.0.0");
	check(e, "~1.2.3", "1.2.3 1.2.9", "1.3.0 1.2.2");
	check(e, "~1.2", "1.2.0 1.2.9", "1.3.0");
	check(e, "~1", "1.0.0 1.9.0", "2.0.0");
	check(e, "1.2.x", "1.2.0 1.2.99", "1.3.0 1.1.0");
	check(e, "1.x || >=3.0.0 <3.1", "1.0.0 1.99.0 3.0.5", "2.0.0 3.1.0 0.9.0");
	check(e, "1", "1.0.0 1.5.0", "2.0.0");
	check(e, "*", "0.0.1 9.9.9", "");
	check(e, "x", "0.0.1 9.9.9", "");
	check(e, "1.2.3 - 2.3.4", "1.2.3 2.3.4", "1.2.2 2.3.5");
	check(e, "1.2 - 2.3", "1.2.0 2.3.9", "1.1.9 2.4.0");
	check(e, "1.2.3 - 2", "2.9.9", "3.0.0");
	check(e, ">1.2", "1.3.0", "1.2.9");
	check(e, "<=1.2", "1.2.9", "1.3.0");
	check(e, "<1.2", "1.1.9", "1.2.0 1.2.0-beta");
	check(e, ">= 1.2.3 < 2", "1.2.3 1.9.9", "2.0.0 1.2.2");
	check(e, "=1.2.3", "1.2.3", "1.2.4");
	check(e, "v1.2.3", "1.2.3", "1.2.4");
	check(e, ">=1.0.0-beta.2 <1.0.0", "1.0.0-beta.2 1.0.0-rc.1", "1.0.0-beta.1 1.0.0");
	exact(e, "1.2.3", "1.2.3");
	exact(e, "=1.2.3", "1.2.3");
	exact(e, "1.2", NULL);
	exact(e, "1.2.3 || 1.2.4", NULL);
	bad(e, "^");
	bad(e, ">=a.b.c");
	bad(e, "1.2.3 | 1.2.4");
	bad(e, "1.2-beta");
}

static void test_cargo(void **state)
{
	enum tg_eco e = TG_ECO_CRATES;

	check(e, "1.2.3", "1.2.3 1.9.0", "1.2.2 2.0.0");
	check(e, "0.2", "0.2.0 0.2.9", "0.3.0");
	check(e, "0.0.3", "0.0.3", "0.0.4");
	check(e, "~1.2", "1.2.0 1.2.9", "1.3.0");
	check(e, "=1.2.3", "1.2.3", "1.2.4");
	check(e, ">= 1.2, < 1.5", "1.2.0 1.4.9", "1.5.0 1.1.0");
	check(e, "1.*", "1.0.0 1.9.9", "2.0.0");
	check(e, "*", "0.1.0", "");
	exact(e, "=1.2.3", "1.2.3");
	exact(e, "1.2.3", NULL);
	bad(e, "1.2 || 1.3");
	bad(e, ">= 1.2 < 1.5");
	bad(e, ",");
}

static void test_go(void **state)
{
	check(TG_ECO_GO, "v1.2.3", "v1.2.3 1.2.3", "v1.2.4 v1.2.3-pre");
	exact(TG_ECO_GO, "v1.9.1", "v1.9.1");
	bad(TG_ECO_GO, ">=v1.2.3");
	bad(TG_ECO_GO, "v1.2.3 v1.2.4");
}

static void test_maven(void **state)
{
	enum tg_eco e = TG_ECO_MAVEN;

	check(e, "[1.0,2.0)", "1.0 1.5 2.0-SNAPSHOT", "0.9 2.0 2.0.1");
	check(e, "(,1.0]", "0.1 1.0", "1.0.1");
	check(e, "[1.5,)", "1.5 99", "1.4");
	check(e, "(1.0,2.0]", "1.0.1 2.0", "1.0");
	check(e, "[1,2),[3,4)", "1.5 3.0", "2.5 4.0");
	check(e, "[1.0]", "1.0 1.0.0", "1.0.1");
	check(e, "1.0", "1.0", "1.1");
	check(e, "[ 1.0 , 2.0 )", "1.0", "2.0");
	exact(e, "1.0", "1.0");
	exact(e, "[1.2.3]", "1.2.3");
	exact(e, "[1,2)", NULL);
	bad(e, "[1.0,2.0");
	bad(e, "[1.0,2.0),");
	bad(e, "(1.0)");
	bad(e, "[1.0,2.0) x");
}

static void test_nuget(void **state)
{
	enum tg_eco e = TG_ECO_NUGET;

	check(e, "1.0", "1.0 1.0.0 2.0", "0.9");
	check(e, "[1.0,2.0)", "1.0 1.9.9", "2.0");
	check(e, "[1.0]", "1.0", "1.0.1");
	check(e, "(,1.0]", "0.5 1.0", "1.0.1");
	check(e, "1.*", "1.0 1.9", "2.0 0.9");
	exact(e, "[1.0]", "1.0");
	exact(e, "1.0", NULL);
	bad(e, "[1.0,2.0),[3.0,4.0)");
}

static void test_rubygems(void **state)
{
	enum tg_eco e = TG_ECO_RUBYGEMS;

	check(e, "~> 5.1.2", "5.1.2 5.1.9", "5.2 5.2.0.beta1 5.1.1");
	check(e, "~> 5.1", "5.1 5.9.9", "6.0 6.0.0.rc1 5.0");
	check(e, "~> 5", "5.0 5.9", "6.0");
	check(e, ">= 1.0, < 2", "1.0 1.9", "2.0 0.9");
	check(e, "!= 1.5", "1.4 1.6", "1.5");
	check(e, "1.5", "1.5 1.5.0", "1.5.1");
	check(e, "= 1.5", "1.5", "1.6");
	check(e, "~> 5.1, >= 5.1.4", "5.1.4 5.9", "5.1.3 6.0");
	exact(e, "= 1.5", "1.5");
	bad(e, ">= ");
	bad(e, "~> five");
}

static void test_packagist(void **state)
{
	enum tg_eco e = TG_ECO_PACKAGIST;

	check(e, "^1.2.3", "1.2.3 1.9.0", "1.2.2 2.0.0 2.0.0-beta1");
	check(e, "^0.3", "0.3.0 0.3.9", "0.4.0");
	check(e, "~1.2", "1.2.0 1.9.9", "2.0.0 1.1.0");
	check(e, "~1.2.3", "1.2.3 1.2.9", "1.3.0");
	check(e, "1.2.*", "1.2.0 1.2.9", "1.3.0 1.1.9");
	check(e, ">=1.0 <2.0", "1.0.0 1.9.9", "2.0.0 0.9");
	check(e, ">=1.0, <2.0", "1.0.0 1.9.9", "2.0.0 2.0.0-beta1");
	check(e, "^1.0 || ^2.0", "1.5.0 2.5.0", "3.0.0 0.9.0");
	check(e, "^1.0 | ^2.0", "1.5.0 2.5.0", "3.0.0");
	check(e, "1.0 - 2.0", "1.0.0 2.0.9", "2.1.0 0.9.0");
	check(e, "^1.2@dev", "1.2.0 1.5.0", "2.0.0");
	check(e, "1.2.3", "1.2.3", "1.2.4");
	check(e, "v1.2.3", "1.2.3", "1.2.4");
	check(e, "dev-main", "dev-main", "1.0.0");
	check(e, "!=1.5.0", "1.4.0", "1.5.0");
	exact(e, "1.2.3", "1.2.3");
	exact(e, "dev-main", "dev-main");
	exact(e, "^1.2.3", NULL);
	bad(e, ">=");
	bad(e, "^");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_pypi),     cmocka_unit_test(test_npm),
	        cmocka_unit_test(test_cargo),    cmocka_unit_test(test_go),
	        cmocka_unit_test(test_maven),    cmocka_unit_test(test_nuget),
	        cmocka_unit_test(test_rubygems), cmocka_unit_test(test_packagist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
