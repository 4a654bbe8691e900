/*
 * Hand-written order cases: Go's (pseudo-versions, +incompatible, the "v"),
 * validity and prerelease flags in each ecosystem, and the errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "util/error.h"
#include "version/version.h"

static int cmp(enum tg_eco eco, const char *a, const char *b)
{
	int c, back;

	assert_int_equal(tg_version_cmp(eco, a, b, &c), TG_OK);
	assert_int_equal(tg_version_cmp(eco, b, a, &back), TG_OK);
	assert_int_equal(c, -back);
	return c;
}

static void test_go(void **state)
{
	enum tg_eco go = TG_ECO_GO;

	assert_int_equal(cmp(go, "v1.2.3", "v1.2.4"), -1);
	assert_int_equal(cmp(go, "v1.10.0", "v1.9.9"), 1);
	/* pseudo-versions are prereleases: below the release they precede */
	assert_int_equal(cmp(go, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.1"), -1);
	assert_int_equal(
	        cmp(go, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-0123456789ab"),
	        -1);
	assert_int_equal(cmp(go, "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3"), 1);
	assert_int_equal(cmp(go, "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4"), -1);
	assert_int_equal(cmp(go, "v1.2.4-pre.0.20191109021931-daa7c04131f5", "v1.2.4-pre"), 1);
	/* +incompatible is build metadata, ignored in the order */
	assert_int_equal(cmp(go, "v2.0.0+incompatible", "v2.0.0"), 0);
	assert_int_equal(cmp(go, "v2.1.0+incompatible", "v2.0.0"), 1);
	assert_int_equal(cmp(go, "v1.0.0-rc.1", "v1.0.0-rc.2"), -1);
	assert_int_equal(cmp(go, "v1.0.0-alpha", "v1.0.0-alpha.1"), -1);
	assert_int_equal(cmp(go, "v1.0.0-2", "v1.0.0-10"), -1);
	/* OSV's Go records write versions without the "v" */
	assert_int_equal(cmp(go, "1.2.3", "v1.2.3"), 0);
	assert_int_equal(cmp(go, "v1", "v1.0.0"), 0);
	assert_int_equal(cmp(go, "v1.2", "v1.2.1"), -1);
	assert_true(tg_version_valid(go, "v0.0.0-20191109021931-daa7c04131f5"));
	assert_true(tg_version_is_prerelease(go, "v0.0.0-20191109021931-daa7c04131f5"));
	assert_false(tg_version_is_prerelease(go, "v2.0.0+incompatible"));
	assert_false(tg_version_valid(go, "v01.2.3"));
	assert_false(tg_version_valid(go, "v1.2.3.4"));
	assert_false(tg_version_valid(go, "v1.2-pre"));
	assert_false(tg_version_valid(go, "v1.2.3-01"));
	assert_false(tg_version_valid(go, "v1.2.3-"));
	assert_false(tg_version_valid(go, "v1.2.3+"));
	assert_false(tg_version_valid(go, "vv1.2.3"));
	assert_false(tg_version_valid(go, "latest"));
}

static void test_errors(void **state)
{
	int c = 7;

	assert_int_equal(tg_version_cmp(TG_ECO_NPM, "1.2.3", "not-a-version", &c), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "not-a-version"));
	assert_int_equal(tg_version_cmp(TG_ECO_UNKNOWN, "1", "2", &c), TG_ERR_INPUT);
	assert_int_equal(tg_version_cmp(TG_ECO_PYPI, "", "1.0", &c), TG_ERR_INPUT);
	assert_int_equal(tg_version_cmp(TG_ECO_MAVEN, "1.0 beta", "1.0", &c), TG_ERR_INPUT);
	assert_int_equal(tg_version_cmp(TG_ECO_NUGET, "1.2.3.4.5", "1.0", &c), TG_ERR_INPUT);
	assert_int_equal(tg_version_cmp(TG_ECO_RUBYGEMS, "beta", "1.0", &c), TG_ERR_INPUT);
	assert_int_equal(tg_version_cmp(TG_ECO_CRATES, "1.2.3-", "1.0", &c), TG_ERR_INPUT);
}

static void test_prerelease(void **state)
{
	assert_true(tg_version_is_prerelease(TG_ECO_PYPI, "1.0a1"));
	assert_true(tg_version_is_prerelease(TG_ECO_PYPI, "1.0.dev3"));
	assert_false(tg_version_is_prerelease(TG_ECO_PYPI, "1.0.post1"));
	assert_false(tg_version_is_prerelease(TG_ECO_PYPI, "1.0+local"));
	assert_true(tg_version_is_prerelease(TG_ECO_NPM, "1.0.0-rc.1"));
	assert_false(tg_version_is_prerelease(TG_ECO_NPM, "1.0.0+build"));
	assert_true(tg_version_is_prerelease(TG_ECO_MAVEN, "1.0-SNAPSHOT"));
	assert_true(tg_version_is_prerelease(TG_ECO_MAVEN, "1.0.0-M1"));
	assert_false(tg_version_is_prerelease(TG_ECO_MAVEN, "1.0.Final"));
	assert_false(tg_version_is_prerelease(TG_ECO_MAVEN, "1.0-sp1"));
	assert_true(tg_version_is_prerelease(TG_ECO_RUBYGEMS, "5.0.0.beta1"));
	assert_false(tg_version_is_prerelease(TG_ECO_RUBYGEMS, "5.0.0"));
	assert_true(tg_version_is_prerelease(TG_ECO_PACKAGIST, "1.0.0-RC1"));
	assert_true(tg_version_is_prerelease(TG_ECO_PACKAGIST, "dev-main"));
	assert_false(tg_version_is_prerelease(TG_ECO_PACKAGIST, "1.0.0-p1"));
	assert_false(tg_version_is_prerelease(TG_ECO_PACKAGIST, "v2.3.4"));
	assert_true(tg_version_is_prerelease(TG_ECO_NUGET, "1.0.0-Beta"));
	assert_false(tg_version_is_prerelease(TG_ECO_NUGET, "1.0.0.1"));
}

static void test_more_order(void **state)
{
	/* PEP 440 spellings and normalisation */
	assert_int_equal(cmp(TG_ECO_PYPI, "1.0ALPHA1", "1.0a1"), 0);
	assert_int_equal(cmp(TG_ECO_PYPI, "1.0-preview.2", "1.0rc2"), 0);
	assert_int_equal(cmp(TG_ECO_PYPI, " v1.0.post1 ", "1.0-1"), 0);
	assert_int_equal(cmp(TG_ECO_PYPI, "1.0.rev", "1.0.post0"), 0);
	assert_int_equal(cmp(TG_ECO_PYPI, "1!0.1", "99.0"), 1);
	assert_int_equal(cmp(TG_ECO_PYPI, "1.0.post1.dev1", "1.0.post1"), -1);
	assert_int_equal(cmp(TG_ECO_PYPI, "1.0+ubuntu.1", "1.0+ubuntu.1.1"), -1);
	assert_int_equal(cmp(TG_ECO_PYPI, "1.0+1", "1.0+abc"), 1);
	/* legacy (non-PEP 440) strings order before every PEP 440 version */
	assert_int_equal(cmp(TG_ECO_PYPI, "2.0-custom_build", "0.0.1"), -1);
	assert_false(tg_version_valid(TG_ECO_PYPI, "2.0-custom_build"));
	/* NuGet: four numbers, case-insensitive prereleases, metadata ignored */
	assert_int_equal(cmp(TG_ECO_NUGET, "1.0.0.0", "1.0"), 0);
	assert_int_equal(cmp(TG_ECO_NUGET, "1.0.0-RC.1", "1.0.0-rc.1+abc"), 0);
	assert_int_equal(cmp(TG_ECO_NUGET, "1.0.0.1", "1.0.0"), 1);
	/* npm: "=" and "v" are tolerated */
	assert_int_equal(cmp(TG_ECO_NPM, "=v1.2.3", "1.2.3"), 0);
	/* Maven: sp after the release, unknown qualifiers after known ones */
	assert_int_equal(cmp(TG_ECO_MAVEN, "1.0-sp1", "1.0"), 1);
	assert_int_equal(cmp(TG_ECO_MAVEN, "1.0-RC1", "1.0-CR1"), 0);
	assert_int_equal(cmp(TG_ECO_MAVEN, "1.0-foo", "1.0-sp"), 1);
	/* Composer: dev < alpha < beta < RC < stable < patch */
	assert_int_equal(cmp(TG_ECO_PACKAGIST, "1.0.0-dev", "1.0.0-alpha1"), -1);
	assert_int_equal(cmp(TG_ECO_PACKAGIST, "1.0.0-beta1", "1.0.0-RC1"), -1);
	assert_int_equal(cmp(TG_ECO_PACKAGIST, "1.0.0-RC1", "1.0.0"), -1);
	assert_int_equal(cmp(TG_ECO_PACKAGIST, "1.0.0", "1.0.0-patch1"), -1);
	assert_int_equal(cmp(TG_ECO_PACKAGIST, "v1.2.3.4", "1.2.3"), 1);
	/* RubyGems: a '-' is ".pre." */
	assert_int_equal(cmp(TG_ECO_RUBYGEMS, "1.0-1", "1.0.pre.1"), 0);
	assert_int_equal(cmp(TG_ECO_RUBYGEMS, "1.0.0.rc1", "1.0"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_go),
	        cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_prerelease),
	        cmocka_unit_test(test_more_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
