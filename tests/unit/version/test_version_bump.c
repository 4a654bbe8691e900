/*
 * tg_constraint_bump: the edit in the constraint's own style that admits
 * fixed and nothing below it, or an error when only widening would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "version/version.h"

static void bump(enum tg_eco eco, const char *text, const char *fixed, const char *want)
{
	struct tg_constraint c;
	struct tg_buf out;
	int r;

	if (tg_constraint_parse(eco, text, &c))
		fail_msg("%s \"%s\": %s", tg_eco_name(eco), text, tg_error_message());
	tg_buf_init(&out, 0);
	tg_buf_adds(&out, "[");
	r = tg_constraint_bump(&c, fixed, &out);
	if (!want) {
		if (r != TG_ERR_INPUT)
			fail_msg("%s \"%s\" to %s: wanted an error, got \"%s\"", tg_eco_name(eco),
			         text, fixed, out.buf);
		assert_non_null(strstr(tg_error_message(), text));
		assert_string_equal(out.buf, "["); /* nothing appended */
	} else if (r) {
		fail_msg("%s \"%s\" to %s: %s", tg_eco_name(eco), text, fixed, tg_error_message());
	} else if (strcmp(out.buf + 1, want)) {
		fail_msg("%s \"%s\" to %s: \"%s\", wanted \"%s\"", tg_eco_name(eco), text, fixed,
		         out.buf + 1, want);
	}
	tg_buf_release(&out);
	tg_constraint_release(&c);
}

static void test_header_examples(void **state)
{
	bump(TG_ECO_PYPI, "==2.19.0", "2.31.0", "==2.31.0");
	bump(TG_ECO_NPM, "^1.2.3", "1.2.5", "^1.2.5");
	bump(TG_ECO_PYPI, ">=1.0,<2", "1.2.5", ">=1.2.5,<2");
	bump(TG_ECO_RUBYGEMS, "~> 5.1.2", "5.1.4", "~> 5.1.4");
}

static void test_pypi(void **state)
{
	enum tg_eco e = TG_ECO_PYPI;

	bump(e, ">=1.0", "1.2", ">=1.2");
	bump(e, ">1.0", "1.2", ">=1.2");
	bump(e, ">= 1.0, < 2", "1.2", ">= 1.2, < 2");
	bump(e, "<2", "1.5", "<2,>=1.5");
	bump(e, "~=1.4.2", "1.4.5", "~=1.4.5");
	bump(e, "~=1.4", "1.4.5", "~=1.4,>=1.4.5"); /* ~=1.4.5 would stop at 1.5 */
	bump(e, "==1.2.*", "1.2.5", "~=1.2.5");
	bump(e, "", "1.2", ">=1.2");
	bump(e, "*", "1.2", ">=1.2");
	bump(e, ">=1.0,<2", "2.1", NULL); /* the upper bound stays */
	bump(e, ">=1.0,!=1.2", "1.2", NULL);
	bump(e, ">=1.0", "not a version", NULL);
}

static void test_npm(void **state)
{
	enum tg_eco e = TG_ECO_NPM;

	bump(e, "1.2.3", "1.2.5", "1.2.5");
	bump(e, "v1.2.3", "1.2.5", "v1.2.5");
	bump(e, "~1.2.3", "1.2.7", "~1.2.7");
	bump(e, "~1.2", "1.2.7", "~1.2.7");
	bump(e, "^1.2.3", "2.0.1", "^2.0.1"); /* ^ carries its bound along */
	bump(e, ">=1.0.0 <2.0.0", "1.5.0", ">=1.5.0 <2.0.0");
	bump(e, "1.2.x", "1.2.5", "~1.2.5");
	bump(e, "^1.0.0 || ^2.0.0", "1.4.0", "^1.4.0 || ^2.0.0");
	bump(e, "^1.0.0 || ^2.0.0", "2.1.0", "^2.1.0");
	bump(e, "<2.0.0", "1.5.0", "<2.0.0 >=1.5.0");
	bump(e, "*", "1.5.0", ">=1.5.0");
	bump(e, "1.2.3 - 2.3.4", "1.5.0", "1.5.0 - 2.3.4");
	bump(e, ">=1.0.0 <2.0.0", "2.0.1", NULL);
}

static void test_cargo(void **state)
{
	enum tg_eco e = TG_ECO_CRATES;

	bump(e, "1.2.3", "1.2.9", "1.2.9");
	bump(e, "0.2", "0.2.5", "0.2.5");
	bump(e, "=1.2.3", "1.2.9", "=1.2.9");
	bump(e, ">=1.2, <1.5", "1.3.0", ">=1.3.0, <1.5");
	bump(e, "<1.5", "1.3.0", "<1.5, >=1.3.0");
	bump(e, "~1", "1.3.0", "~1, >=1.3.0"); /* ~1.3.0 would stop at 1.4 */
}

static void test_go(void **state)
{
	bump(TG_ECO_GO, "v1.2.3", "v1.2.5", "v1.2.5");
	bump(TG_ECO_GO, "v1.2.3", "1.2.5", "v1.2.5"); /* OSV's form, in go.mod's dress */
}

static void test_maven(void **state)
{
	enum tg_eco e = TG_ECO_MAVEN;

	bump(e, "1.0", "1.2.5", "1.2.5");
	bump(e, "[1.0]", "1.2.5", "[1.2.5]");
	bump(e, "[1.0,2.0)", "1.2.5", "[1.2.5,2.0)");
	bump(e, "(1.0,2.0)", "1.2.5", "[1.2.5,2.0)");
	bump(e, "[1.5,)", "1.6", "[1.6,)");
	bump(e, "(,2.0)", "1.6", "[1.6,2.0)");
	bump(e, "[1,2),[3,4)", "1.5", "[1.5,2),[3,4)");
	bump(e, "[1,2),[3,4)", "3.5", "[3.5,4)");
	bump(e, "[1,2)", "2.5", NULL);
}

static void test_nuget(void **state)
{
	bump(TG_ECO_NUGET, "1.0", "1.2.5", "1.2.5");
	bump(TG_ECO_NUGET, "[1.0,2.0)", "1.2.5", "[1.2.5,2.0)");
	bump(TG_ECO_NUGET, "[1.0]", "1.2.5", "[1.2.5]");
}

static void test_rubygems(void **state)
{
	enum tg_eco e = TG_ECO_RUBYGEMS;

	bump(e, "~> 5.1", "5.1.4", "~> 5.1, >= 5.1.4");
	bump(e, "~> 5.1", "5.2", "~> 5.2");
	bump(e, ">= 1.0, < 2", "1.5", ">= 1.5, < 2");
	bump(e, "= 1.0", "1.5", "= 1.5");
	bump(e, "1.0", "1.5", "1.5");
	bump(e, "< 2", "1.5", "< 2, >= 1.5");
}

static void test_packagist(void **state)
{
	enum tg_eco e = TG_ECO_PACKAGIST;

	bump(e, "^1.2", "1.2.5", "^1.2.5");
	bump(e, "~1.2", "1.3.1", "~1.2 >=1.3.1");
	bump(e, "1.2.3", "1.2.5", "1.2.5");
	bump(e, "1.2.*", "1.2.5", "~1.2.5");
	bump(e, ">=1.0, <2.0", "1.5", ">=1.5, <2.0");
	bump(e, "^1.0 || ^2.0", "2.1", "^2.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_header_examples),
	        cmocka_unit_test(test_pypi),
	        cmocka_unit_test(test_npm),
	        cmocka_unit_test(test_cargo),
	        cmocka_unit_test(test_go),
	        cmocka_unit_test(test_maven),
	        cmocka_unit_test(test_nuget),
	        cmocka_unit_test(test_rubygems),
	        cmocka_unit_test(test_packagist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
