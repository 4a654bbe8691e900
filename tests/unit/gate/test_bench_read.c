#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "gate/bench.h"
#include "util/error.h"

#include <string.h>

static int parse(const char *text, struct tg_bench_set *s)
{
	return tg_bench_parse("t.json", text, strlen(text), s);
}

/* As pytest-benchmark --benchmark-json writes it (trimmed machine_info). */
static const char pytest_json[] =
        "{\"machine_info\": {\"node\": \"h\", \"python_version\": \"3.11.2\"},\n"
        " \"commit_info\": {\"id\": \"abc\", \"dirty\": false, \"branch\": \"main\"},\n"
        " \"benchmarks\": [\n"
        "  {\"group\": null, \"name\": \"test_sort\", \"fullname\": "
        "\"tests/test_b.py::test_sort\",\n"
        "   \"params\": null, \"param\": null, \"extra_info\": {},\n"
        "   \"options\": {\"disable_gc\": false, \"timer\": \"perf_counter\", \"min_rounds\": 5,\n"
        "               \"max_time\": 1.0, \"min_time\": 5e-06, \"warmup\": false},\n"
        "   \"stats\": {\"min\": 0.001, \"max\": 0.005, \"mean\": 0.0026, \"stddev\": 0.0015,\n"
        "             \"rounds\": 5, \"median\": 0.002, \"iqr\": 0.002, \"q1\": 0.0015, \"q3\": "
        "0.0035,\n"
        "             \"iqr_outliers\": 0, \"stddev_outliers\": 1, \"outliers\": \"1;0\",\n"
        "             \"ld15iqr\": 0.001, \"hd15iqr\": 0.005, \"ops\": 384.6, \"total\": 0.013,\n"
        "             \"iterations\": 1, \"data\": [0.003, 0.001, 0.002, 0.005, 0.002]}},\n"
        "  {\"group\": null, \"name\": \"test_saved\", \"fullname\": "
        "\"tests/test_b.py::test_saved\",\n"
        "   \"stats\": {\"min\": 1, \"max\": 1, \"mean\": 1, \"stddev\": 0, \"rounds\": 1,\n"
        "             \"median\": 0.75, \"iterations\": 1}}\n"
        " ],\n"
        " \"datetime\": \"2026-11-24T10:00:00.000000\", \"version\": \"4.0.0\"}\n";

static void test_pytest(void **state)
{
	struct tg_bench_set s;

	(void)state;
	assert_int_equal(parse(pytest_json, &s), TG_OK);
	assert_int_equal(s.kind, TG_BENCH_PYTEST);
	assert_int_equal(s.nr, 2);
	assert_string_equal(s.v[0].name, "tests/test_b.py::test_sort");
	assert_string_equal(s.v[0].unit, "s");
	assert_false(s.v[0].higher_is_better);
	assert_int_equal(s.v[0].samples_nr, 5);
	assert_true(s.v[0].median == 0.002);
	/* A saved run without --benchmark-save-data: the reported median, no samples. */
	assert_int_equal(s.v[1].samples_nr, 0);
	assert_true(s.v[1].median == 0.75);
	tg_bench_set_release(&s);
}

/* libbenchmark 1.7 with --benchmark_repetitions=3: iteration rows, then aggregates. */
static const char gbench_json[] =
        "{\"context\": {\"date\": \"2026-11-24T10:00:00+00:00\", \"host_name\": \"h\",\n"
        "  \"executable\": \"./b\", \"num_cpus\": 2, \"mhz_per_cpu\": 2000,\n"
        "  \"cpu_scaling_enabled\": false, \"caches\": [], \"load_avg\": [0.5],\n"
        "  \"library_build_type\": \"release\"},\n"
        " \"benchmarks\": [\n"
        "  {\"name\": \"BM_Sort/8\", \"family_index\": 0, \"per_family_instance_index\": 0,\n"
        "   \"run_name\": \"BM_Sort/8\", \"run_type\": \"iteration\", \"repetitions\": 3,\n"
        "   \"repetition_index\": 0, \"threads\": 1, \"iterations\": 1000, \"real_time\": 1.0e3,\n"
        "   \"cpu_time\": 1.0e3, \"time_unit\": \"ns\", \"items_per_second\": 8.0e6},\n"
        "  {\"name\": \"BM_Sort/8\", \"run_name\": \"BM_Sort/8\", \"run_type\": \"iteration\",\n"
        "   \"repetitions\": 3, \"repetition_index\": 1, \"threads\": 1, \"iterations\": 1000,\n"
        "   \"real_time\": 3.0e3, \"cpu_time\": 3.0e3, \"time_unit\": \"ns\", "
        "\"items_per_second\": 6.0e6},\n"
        "  {\"name\": \"BM_Sort/8\", \"run_name\": \"BM_Sort/8\", \"run_type\": \"iteration\",\n"
        "   \"repetitions\": 3, \"repetition_index\": 2, \"threads\": 1, \"iterations\": 1000,\n"
        "   \"real_time\": 2.0e3, \"cpu_time\": 2.0e3, \"time_unit\": \"ns\", "
        "\"items_per_second\": 7.0e6},\n"
        "  {\"name\": \"BM_Sort/8_mean\", \"run_name\": \"BM_Sort/8\", \"run_type\": "
        "\"aggregate\",\n"
        "   \"repetitions\": 3, \"threads\": 1, \"aggregate_name\": \"mean\", \"aggregate_unit\": "
        "\"time\",\n"
        "   \"iterations\": 3, \"real_time\": 2.0e3, \"cpu_time\": 2.0e3, \"time_unit\": \"ns\"},\n"
        "  {\"name\": \"BM_Sort/8_median\", \"run_name\": \"BM_Sort/8\", \"run_type\": "
        "\"aggregate\",\n"
        "   \"repetitions\": 3, \"threads\": 1, \"aggregate_name\": \"median\", "
        "\"aggregate_unit\": \"time\",\n"
        "   \"iterations\": 3, \"real_time\": 2.0e3, \"cpu_time\": 2.0e3, \"time_unit\": \"ns\"},\n"
        "  {\"name\": \"BM_Big\", \"run_name\": \"BM_Big\", \"run_type\": \"aggregate\",\n"
        "   \"aggregate_name\": \"median\", \"aggregate_unit\": \"time\", \"iterations\": 3,\n"
        "   \"real_time\": 5, \"cpu_time\": 5, \"time_unit\": \"ms\"},\n"
        "  {\"name\": \"BM_Fail\", \"run_name\": \"BM_Fail\", \"run_type\": \"iteration\",\n"
        "   \"error_occurred\": true, \"error_message\": \"boom\", \"iterations\": 0,\n"
        "   \"real_time\": 0, \"cpu_time\": 0, \"time_unit\": \"ns\"}\n"
        " ]}\n";

static void test_gbench(void **state)
{
	struct tg_bench_set s;

	(void)state;
	assert_int_equal(parse(gbench_json, &s), TG_OK);
	assert_int_equal(s.kind, TG_BENCH_GBENCH);
	assert_int_equal(s.nr, 3); /* time and items_per_second of BM_Sort/8, BM_Big */
	assert_string_equal(s.v[0].name, "BM_Sort/8");
	assert_int_equal(s.v[0].samples_nr, 3);
	assert_true(s.v[0].median > 1.99e-6 && s.v[0].median < 2.01e-6); /* ns -> s */
	assert_string_equal(s.v[1].unit, "items_per_second");
	assert_true(s.v[1].higher_is_better);
	assert_true(s.v[1].median == 7.0e6);
	/* Aggregates only: the median row stands in, with no samples. */
	assert_string_equal(s.v[2].name, "BM_Big");
	assert_int_equal(s.v[2].samples_nr, 0);
	assert_true(s.v[2].median > 0.00499 && s.v[2].median < 0.00501);
	tg_bench_set_release(&s);
}

/* hyperfine 1.15 --export-json, with a parameter scan and a single run (stddev null). */
static const char hyperfine_json[] =
        "{\"results\": [\n"
        "  {\"command\": \"sort -n 100\", \"mean\": 0.02, \"stddev\": 0.001, \"median\": 0.02,\n"
        "   \"user\": 0.01, \"system\": 0.005, \"min\": 0.019, \"max\": 0.022,\n"
        "   \"times\": [0.021, 0.019, 0.020, 0.022], \"exit_codes\": [0, 0, 0, 0],\n"
        "   \"parameters\": {\"n\": \"100\"}, \"future_field\": 1},\n"
        "  {\"command\": \"true\", \"mean\": 0.001, \"stddev\": null, \"median\": 0.001,\n"
        "   \"user\": 0, \"system\": 0, \"min\": 0.001, \"max\": 0.001, \"times\": [0.001],\n"
        "   \"exit_codes\": [0]}\n"
        "]}\n";

static void test_hyperfine(void **state)
{
	struct tg_bench_set s;

	(void)state;
	assert_int_equal(parse(hyperfine_json, &s), TG_OK);
	assert_int_equal(s.kind, TG_BENCH_HYPERFINE);
	assert_int_equal(s.nr, 2);
	assert_string_equal(s.v[0].name, "sort -n 100");
	assert_int_equal(s.v[0].samples_nr, 4);
	assert_true(s.v[0].median > 0.02049 && s.v[0].median < 0.02051);
	assert_int_equal(s.v[1].samples_nr, 1);
	tg_bench_set_release(&s);
}

static void test_bad_input(void **state)
{
	struct tg_bench_set s;

	(void)state;
	assert_int_equal(parse("{\"results\": [", &s), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "t.json:1:"));
	assert_int_equal(parse("{\"benchmarks\": []}", &s), TG_ERR_USAGE);
	assert_non_null(strstr(tg_error_message(), "not a benchmark file of a known kind"));
	assert_int_equal(parse("[1, 2]", &s), TG_ERR_USAGE);
	assert_int_equal(parse("{\"results\": [{\"mean\": 1}]}", &s), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "results[0]: no command"));
	assert_int_equal(parse("{\"results\": [{\"command\": \"x\"}]}", &s), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "neither samples nor a median"));
	assert_int_equal(s.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_pytest),
	        cmocka_unit_test(test_gbench),
	        cmocka_unit_test(test_hyperfine),
	        cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
