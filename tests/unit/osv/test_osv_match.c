#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "deps/deps.h"
#include "osv/osv.h"
#include "util/error.h"

#include <math.h>
#include <stdio.h>

#include "osv_fixture.h"

static struct fx_db db;

static int setup(void **state)
{
	fx_load_dir(&db);
	return 0;
}

static int teardown(void **state)
{
	fx_free(&db);
	return 0;
}

/* Matches one dependency; the findings in out (cleared first). */
static void match1(enum tg_eco eco, const char *name, const char *version, const char *range,
                   struct tg_vuln_list *out)
{
	struct tg_dep_list deps = TG_DEP_LIST_INIT;

	tg_vuln_list_clear(out);
	fx_dep(&deps, eco, name, version, range);
	assert_int_equal(tg_osv_match(fx_lookup, &db, &deps, out), 0);
	tg_dep_list_clear(&deps);
}

static const char *ids_text(const struct tg_vuln *v)
{
	static char text[512];
	size_t i, n = 0;

	text[0] = '\0';
	for (i = 0; i < v->ids.nr; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s", i ? " " : "",
		                      v->ids.v[i]);
	return text;
}

/* PYSEC-2022-304 lists a GIT range before its ECOSYSTEM range: the ECOSYSTEM range still
 * decides, for a version its `versions` list does not name, and the fix on the same line
 * (3.2.16 for 3.2.x, 4.0.8 for 4.0.x) is the one proposed. */
static void test_git_then_ecosystem_range_still_matches(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_PYPI, "Django", "3.2.15.post1", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.v[0].verdict, TG_OSV_AFFECTED);
	assert_string_equal(ids_text(&out.v[0]), "CVE-2022-41323 PYSEC-2022-304");
	assert_string_equal(out.v[0].group, "CVE-2022-41323");
	assert_string_equal(out.v[0].fixed, "3.2.16");
	assert_int_equal(out.v[0].range_derived, 0);
	assert_non_null(strstr(out.v[0].summary, "In Django 3.2 before 3.2.16"));

	match1(TG_ECO_PYPI, "django", "4.0.1", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0].fixed, "4.0.8");
	match1(TG_ECO_PYPI, "django", "3.2.16", NULL, &out);
	assert_int_equal(out.nr, 0);
	match1(TG_ECO_PYPI, "django", "3.1.14", NULL, &out);
	assert_int_equal(out.nr, 0);
	assert_int_equal(out.records_seen, 1);
	assert_int_equal(out.records_skipped, 0);
	assert_int_equal(out.ranges_skipped, 0); /* GIT ranges are skipped without a count */
	tg_vuln_list_clear(&out);
}

/* Two GIT ranges, then an ECOSYSTEM range with only introduced "0": every version. */
static void test_introduced_zero_alone_affects_everything(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_PYPI, "cdo_local_uuid", "0.99.0", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.v[0].verdict, TG_OSV_AFFECTED);
	assert_null(out.v[0].fixed);
	assert_string_equal(out.v[0].vector, "CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N");
	assert_true(fabs(out.v[0].score - 2.8) < 1e-9);
	assert_string_equal(out.v[0].group, "CVE-2024-22194");
	tg_vuln_list_clear(&out);
}

/* Go: pseudo-versions ordered by their timestamps; the record's imports and symbols. */
static void test_go_pseudo_versions_and_symbols(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_GO, "github.com/elgs/gosqljson", "v0.0.0-20220101000000-abcdefabcdef", NULL,
	       &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0].fixed, "0.0.0-20220916234230-750f26ee23c7");
	assert_int_equal(out.v[0].imports.nr, 1);
	assert_string_equal(out.v[0].imports.v[0], "github.com/elgs/gosqljson");
	assert_int_equal(out.v[0].symbols.nr, 5);
	assert_string_equal(out.v[0].symbols.v[0], "ExecDb");
	assert_true(out.v[0].score < 0);
	assert_null(out.v[0].db_severity);
	match1(TG_ECO_GO, "github.com/elgs/gosqljson", "v0.0.0-20221001000000-abcdefabcdef", NULL,
	       &out);
	assert_int_equal(out.nr, 0);
	tg_vuln_list_clear(&out);
}

/* crates.io: "0.0.0-0" introduced, three release lines, RustSec's affected functions. */
static void test_crates_lines_and_functions(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_CRATES, "rustls", "0.22.2", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0].fixed, "0.22.4"); /* not 0.21.11, below; nor 0.23.5 */
	assert_string_equal(out.v[0].symbols.v[0], "rustls::ConnectionCommon::complete_io");
	assert_true(fabs(out.v[0].score - 7.5) < 1e-9);
	match1(TG_ECO_CRATES, "rustls", "0.1.0", NULL, &out);
	assert_string_equal(out.v[0].fixed, "0.21.11");
	match1(TG_ECO_CRATES, "rustls", "0.23.5", NULL, &out);
	assert_int_equal(out.nr, 0);
	tg_vuln_list_clear(&out);
}

static void test_withdrawn_record_skipped(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_CRATES, "dirs", "1.0.0", NULL, &out);
	assert_int_equal(out.nr, 0);
	assert_int_equal(out.records_seen, 1);
	assert_int_equal(out.records_skipped, 1);
	tg_vuln_list_clear(&out);
}

/* GHSA style: two affected[] entries for one package; v3.1 preferred to v4.0. */
static void test_ghsa_npm_and_maven(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_NPM, "minimist", "1.2.5", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(ids_text(&out.v[0]), "CVE-2021-44906 GHSA-xvch-5gv4-984h");
	assert_string_equal(out.v[0].fixed, "1.2.6");
	assert_true(fabs(out.v[0].score - 9.8) < 1e-9);
	assert_null(out.v[0].db_severity); /* a vector was scored */
	match1(TG_ECO_NPM, "minimist", "0.2.1", NULL, &out);
	assert_string_equal(out.v[0].fixed, "0.2.4");
	match1(TG_ECO_NPM, "minimist", "1.2.6", NULL, &out);
	assert_int_equal(out.nr, 0);

	match1(TG_ECO_MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0].fixed, "2.15.0");
	assert_string_equal(out.v[0].vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
	assert_true(fabs(out.v[0].score - 10.0) < 1e-9);
	match1(TG_ECO_MAVEN, "org.apache.logging.log4j:log4j-core", "2.12.1", NULL, &out);
	assert_string_equal(out.v[0].fixed, "2.12.2"); /* its own line, below 2.15.0 */
	match1(TG_ECO_MAVEN, "org.apache.logging.log4j:log4j-core", "2.0-beta9", NULL, &out);
	assert_int_equal(out.nr, 1);
	match1(TG_ECO_MAVEN, "org.apache.logging.log4j:log4j-core", "2.0-beta8", NULL, &out);
	assert_int_equal(out.nr, 0);
	tg_vuln_list_clear(&out);
}

/* NuGet: a v4.0 vector only is scored; the name compares case-insensitively. */
static void test_ghsa_nuget_v4_only(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_NUGET, "EXAMPLE.HTTP", "6.0.1", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_true(fabs(out.v[0].score - 8.7) < 1e-9);
	assert_non_null(strstr(out.v[0].vector, "CVSS:4.0/"));
	assert_string_equal(out.v[0].fixed, "6.0.5");
	tg_vuln_list_clear(&out);
}

/* last_affected: inclusive, no fixed version; the database's own severity without a vector. */
static void test_last_affected_without_fix(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_RUBYGEMS, "examplegem", "1.4.2", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_null(out.v[0].fixed);
	assert_null(out.v[0].vector);
	assert_true(out.v[0].score < 0);
	assert_string_equal(out.v[0].db_severity, "MODERATE");
	match1(TG_ECO_RUBYGEMS, "examplegem", "1.4.3", NULL, &out);
	assert_int_equal(out.nr, 0);
	match1(TG_ECO_RUBYGEMS, "examplegem", "1.1.9", NULL, &out);
	assert_int_equal(out.nr, 0);
	tg_vuln_list_clear(&out);
}

/* A versions list and no range: exact strings, and versions equal in the ecosystem's order. */
static void test_versions_list_only(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_PACKAGIST, "example/cms", "3.1.1", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_null(out.v[0].fixed);
	match1(TG_ECO_PACKAGIST, "example/cms", "3.2.0", NULL, &out); /* listed as v3.2.0 */
	assert_int_equal(out.nr, 1);
	match1(TG_ECO_PACKAGIST, "example/cms", "3.1.2", NULL, &out);
	assert_int_equal(out.nr, 0);
	tg_vuln_list_clear(&out);
}

/* A version that does not parse is reported as unknown, never as not affected. */
static void test_unparseable_version_is_unknown(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_NPM, "minimist", "not a version", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.v[0].verdict, TG_OSV_UNKNOWN);
	assert_null(out.v[0].fixed);
	tg_vuln_list_clear(&out);
}

/* A manifest entry without a constraint admits every version: range-derived, never unknown. */
static void test_unconstrained_dependency_is_range_derived(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_NPM, "minimist", NULL, NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.v[0].verdict, TG_OSV_AFFECTED);
	assert_int_equal(out.v[0].range_derived, 1);
	assert_non_null(out.v[0].affected);
	tg_vuln_list_clear(&out);
}

/* Only a range: the part of it that is affected, and the fix above its lowest version. */
static void test_range_derived(void **state)
{
	struct tg_vuln_list out = {0};

	match1(TG_ECO_NPM, "minimist", NULL, "^1.2.0", &out);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.v[0].verdict, TG_OSV_AFFECTED);
	assert_int_equal(out.v[0].range_derived, 1);
	assert_string_equal(out.v[0].affected, ">=1.2.0,<1.2.6");
	assert_string_equal(out.v[0].fixed, "1.2.6");
	match1(TG_ECO_NPM, "minimist", NULL, ">=1.2.6", &out);
	assert_int_equal(out.nr, 0);
	match1(TG_ECO_PYPI, "django", NULL, ">=3.2,<4", &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0].affected, ">=3.2,<3.2.16");
	match1(TG_ECO_NPM, "minimist", NULL, "1.2.5", &out); /* a bare npm version pins it */
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.v[0].range_derived, 1);
	assert_string_equal(out.v[0].affected, "==1.2.5");
	assert_string_equal(out.v[0].fixed, "1.2.6");
	match1(TG_ECO_NPM, "minimist", NULL, ">=1.2.0 <<<", &out); /* does not parse */
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.v[0].verdict, TG_OSV_UNKNOWN);
	match1(TG_ECO_RUBYGEMS, "examplegem", NULL, "~> 1.4", &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0].affected, ">=1.4,<=1.4.2");
	tg_vuln_list_clear(&out);
}

/*
 * Union-find: A names B, C names B, D names C; A, C and D never name each other, so
 * comparing records two by two splits them; they are one finding. E only lists A as
 * `related`, which is not an alias: a finding of its own.
 */
static const char *const chain[] = {
        "{\"id\":\"GHSA-aaaa-aaaa-aaaa\",\"aliases\":[\"CVE-2099-0001\"],\"summary\":\"A\","
        "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"chainpkg\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}"
        "]}]}]}",
        "{\"id\":\"PYSEC-2099-1\",\"aliases\":[\"CVE-2099-0001\"],"
        "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"ChainPkg\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"fixed\":\"1.5."
        "1\"}]}]}]}",
        "{\"id\":\"OSV-2099-9\",\"aliases\":[\"PYSEC-2099-1\"],"
        "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"chainpkg\"},"
        "\"versions\":[\"1.5\"]}]}",
        "{\"id\":\"GHSA-eeee-eeee-eeee\",\"related\":[\"GHSA-aaaa-aaaa-aaaa\"],"
        "\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"chainpkg\"},"
        "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.5\"},{\"limit\":\"1."
        "6\"}]}]}]}",
};

/* Threads over slices of the list: the same findings, in the same order, as one thread. */
static void test_parallel_match_equals_sequential(void **state)
{
	static const char *const names[][2] = {
	        {"django", "3.2.0"},   {"minimist", "1.2.5"},          {"django", "1.11"},
	        {"smallvec", "1.6.0"}, {"golang.org/x/net", "v0.1.0"}, {"nothing-here", "1.0"},
	        {"django", "4.0.1"},   {"minimist", "0.0.1"}};
	static const enum tg_eco ecos[] = {TG_ECO_PYPI, TG_ECO_NPM,  TG_ECO_PYPI, TG_ECO_CRATES,
	                                   TG_ECO_GO,   TG_ECO_PYPI, TG_ECO_PYPI, TG_ECO_NPM};
	struct tg_dep_list deps = TG_DEP_LIST_INIT;
	struct tg_vuln_list one = {0}, many = {0};
	void *dbs[3] = {&db, &db, &db};
	size_t i;

	for (i = 0; i < 40; i++)
		fx_dep(&deps, ecos[i % 8], names[i % 8][0], names[i % 8][1], NULL);
	assert_int_equal(tg_osv_match(fx_lookup, &db, &deps, &one), 0);
	assert_int_equal(tg_osv_match_parallel(fx_lookup, dbs, 3, &deps, &many), 0);
	assert_true(one.nr > 10);
	assert_int_equal(many.nr, one.nr);
	assert_int_equal(many.records_seen, one.records_seen);
	for (i = 0; i < one.nr; i++) {
		assert_int_equal(many.v[i].dep, one.v[i].dep);
		assert_string_equal(many.v[i].group, one.v[i].group);
		assert_string_equal(ids_text(&many.v[i]), ids_text(&one.v[i]));
	}
	tg_vuln_list_clear(&one);
	tg_vuln_list_clear(&many);
	tg_dep_list_clear(&deps);
}

static void test_alias_union_find_joins_chains(void **state)
{
	struct tg_vuln_list out = {0};
	size_t i;

	for (i = 0; i < 4; i++)
		fx_add(&db, chain[i]);
	match1(TG_ECO_PYPI, "chainpkg", "1.5", NULL, &out);
	assert_int_equal(out.nr, 2);
	assert_string_equal(out.v[0].group, "CVE-2099-0001");
	assert_string_equal(ids_text(&out.v[0]),
	                    "CVE-2099-0001 GHSA-aaaa-aaaa-aaaa OSV-2099-9 PYSEC-2099-1");
	/* 1.5.1 fixes PYSEC but GHSA-aaaa calls it affected up to 2.0: 2.0 is proposed */
	assert_string_equal(out.v[0].fixed, "2.0");
	assert_string_equal(out.v[0].summary, "A");
	assert_string_equal(out.v[1].group, "GHSA-eeee-eeee-eeee");
	assert_int_equal(out.v[1].ids.nr, 1);
	assert_null(out.v[1].fixed); /* a limit is not a fix */
	/* limit: 1.6 and above are outside the range */
	match1(TG_ECO_PYPI, "chainpkg", "1.7", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_string_equal(out.v[0].group, "CVE-2099-0001");
	match1(TG_ECO_PYPI, "chainpkg", "2.0", NULL, &out);
	assert_int_equal(out.nr, 0);
	tg_vuln_list_clear(&out);
}

/* Unknown range types are counted and skipped; the ECOSYSTEM range beside one still counts. */
static void test_unknown_range_type_counted(void **state)
{
	struct tg_vuln_list out = {0};

	fx_add(&db,
	       "{\"id\":\"X-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\","
	       "\"name\":\"oddpkg\"},\"ranges\":[{\"type\":\"DATE\",\"events\":[{\"introduced\":"
	       "\"2020-01-01\"}]},{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"1.0.0\"},"
	       "{\"fixed\":\"1.0.3\"},{\"introduced\":\"2.0.0\"},{\"fixed\":\"2.1.0\"}]}]}]}");
	match1(TG_ECO_NPM, "oddpkg", "2.0.5", NULL, &out);
	assert_int_equal(out.nr, 1);
	assert_int_equal(out.ranges_skipped, 1);
	assert_string_equal(out.v[0].fixed, "2.1.0");
	match1(TG_ECO_NPM, "oddpkg", "1.5.0", NULL, &out);
	assert_int_equal(out.nr, 0);
	tg_vuln_list_clear(&out);
}

/* Findings come in (dependency, group) order, whatever order the lookup hands records in. */
static void test_output_order_and_registry_only(void **state)
{
	struct tg_dep_list deps = TG_DEP_LIST_INIT;
	struct tg_vuln_list out = {0};

	fx_dep(&deps, TG_ECO_NPM, "minimist", "1.2.0", NULL);
	fx_dep(&deps, TG_ECO_CRATES, "rustls", "0.21.0", NULL)->origin = TG_DEP_GIT;
	fx_dep(&deps, TG_ECO_PYPI, "chainpkg", "1.5", NULL);
	db.lookups = 0;
	assert_int_equal(tg_osv_match(fx_lookup, &db, &deps, &out), 0);
	assert_int_equal(db.lookups, 2); /* the git dependency is not looked up */
	assert_int_equal(out.nr, 3);
	assert_int_equal(out.v[0].dep, 0);
	assert_int_equal(out.v[1].dep, 2);
	assert_int_equal(out.v[2].dep, 2);
	assert_true(strcmp(out.v[1].group, out.v[2].group) < 0);
	tg_vuln_list_clear(&out);
	tg_dep_list_clear(&deps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_git_then_ecosystem_range_still_matches),
	        cmocka_unit_test(test_introduced_zero_alone_affects_everything),
	        cmocka_unit_test(test_go_pseudo_versions_and_symbols),
	        cmocka_unit_test(test_crates_lines_and_functions),
	        cmocka_unit_test(test_withdrawn_record_skipped),
	        cmocka_unit_test(test_ghsa_npm_and_maven),
	        cmocka_unit_test(test_ghsa_nuget_v4_only),
	        cmocka_unit_test(test_last_affected_without_fix),
	        cmocka_unit_test(test_versions_list_only),
	        cmocka_unit_test(test_unparseable_version_is_unknown),
	        cmocka_unit_test(test_unconstrained_dependency_is_range_derived),
	        cmocka_unit_test(test_parallel_match_equals_sequential),
	        cmocka_unit_test(test_range_derived),
	        cmocka_unit_test(test_alias_union_find_joins_chains),
	        cmocka_unit_test(test_unknown_range_type_counted),
	        cmocka_unit_test(test_output_order_and_registry_only),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
