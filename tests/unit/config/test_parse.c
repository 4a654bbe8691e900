#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "config/config.h"
#include "util/error.h"
#include "util/log.h"

#include <string.h>

/* Parses text onto the defaults; returns the status and keeps the config in *cfg. */
static int parse(struct tg_config *cfg, const char *text)
{
	tg_config_init(cfg);
	return tg_config_parse(cfg, "c.yaml", text, strlen(text));
}

static void expect_error(const char *text, const char *message)
{
	struct tg_config cfg;
	int rc = parse(&cfg, text);

	if (rc == TG_OK)
		rc = tg_config_validate(&cfg);
	assert_int_equal(rc, TG_ERR_USAGE);
	if (!strstr(tg_error_message(), message))
		fail_msg("message \"%s\" lacks \"%s\"", tg_error_message(), message);
	tg_config_release(&cfg);
}

static void test_defaults_are_the_issue_s(void **state)
{
	struct tg_config cfg;

	tg_config_init(&cfg);
	assert_string_equal(cfg.repository.maturity_level, "advanced");
	assert_true(cfg.value_discovery.scoring_weights.wsjf == 0.5);
	assert_true(cfg.value_discovery.scoring_weights.technical_debt == 0.3);
	assert_true(cfg.value_discovery.boosts.compliance == 1.8);
	assert_int_equal(cfg.value_discovery.discovery_sources.nr, 7);
	assert_string_equal(cfg.value_discovery.discovery_sources.v[5], "ai_ml_model_analysis");
	assert_string_equal(cfg.value_discovery.discovery_sources.v[6], "predictive_analysis");
	assert_true(cfg.foresight.horizon_days == 90 && cfg.foresight.debt_growth_pct == 20);
	assert_int_equal(cfg.thresholds.ccn, 15);
	assert_int_equal(cfg.thresholds.max_file_bytes, 2097152);
	assert_int_equal(cfg.history.bots.nr, 3);
	assert_string_equal(cfg.history.bots.v[0], "dependabot[bot]");
	assert_int_equal(cfg.execution.dry_run, 1);
	assert_string_equal(cfg.execution.branch_prefix, "auto-value/");
	assert_string_equal(cfg.execution.labels.v[0], "terragon");
	assert_int_equal(cfg.execution.executor.timeout_s, 1800);
	assert_string_equal(cfg.execution.github.api_url, "https://api.github.com");
	assert_int_equal(cfg.batch_processing.memory_limit_mb, 2048);
	assert_string_equal(cfg.store.path, ".terragon/terragon.db");
	assert_int_equal(tg_config_validate(&cfg), TG_OK);
	assert_int_equal(tg_config_origin(&cfg, "execution.dry_run"), TG_ORIGIN_DEFAULT);
	tg_config_release(&cfg);
	tg_config_release(&cfg); /* twice is harmless */
}

static void test_values_of_each_type(void **state)
{
	struct tg_config cfg;

	assert_int_equal(parse(&cfg, "repository:\n  maturity_level: nascent\n"
	                             "  focus_areas: [ai_safety]\n"
	                             "thresholds: {ccn: 20, max_file_bytes: 5000000000}\n"
	                             "execution:\n  dry_run: false\n  labels: []\n"
	                             "  github: {repository: acme/widget}\n"
	                             "exclude:\n  - 'vendor/**'\n  - \"build/\"\n"
	                             "history: {since: ~}\n"),
	                 TG_OK);
	assert_string_equal(cfg.repository.maturity_level, "nascent");
	assert_string_equal(cfg.repository.focus_areas.v[0], "ai_safety");
	assert_int_equal(cfg.thresholds.ccn, 20);
	assert_int_equal(cfg.thresholds.function_nloc, 100);
	assert_true(cfg.thresholds.max_file_bytes == 5000000000L);
	assert_int_equal(cfg.execution.dry_run, 0);
	assert_int_equal(cfg.execution.labels.nr, 0);
	assert_string_equal(cfg.execution.github.repository, "acme/widget");
	assert_int_equal(cfg.exclude.nr, 2);
	assert_string_equal(cfg.exclude.v[1], "build/");
	assert_string_equal(cfg.history.since, "");
	assert_int_equal(tg_config_origin(&cfg, "thresholds.ccn"), TG_ORIGIN_FILE);
	assert_int_equal(tg_config_origin(&cfg, "thresholds.file_lines"), TG_ORIGIN_DEFAULT);
	assert_int_equal(tg_config_origin(&cfg, "thresholds"), TG_ORIGIN_FILE);
	assert_int_equal(tg_config_origin(&cfg, "store"), TG_ORIGIN_DEFAULT);
	assert_string_equal(cfg.file, "c.yaml");
	tg_config_release(&cfg);
}

static void test_lists_of_mappings(void **state)
{
	struct tg_config cfg;

	assert_int_equal(parse(&cfg, "value_discovery:\n"
	                             "  analyzers:\n"
	                             "    - {name: semgrep, run: semgrep --sarif, sarif: s.sarif}\n"
	                             "  ignore:\n"
	                             "    - {rule: todo, reason: later, expires: 2027-01-31}\n"
	                             "    - {fingerprint: 0123abcd, reason: fp}\n"
	                             "quality_gates:\n"
	                             "  commands: [{name: t, run: make test, timeout_s: 60}]\n"),
	                 TG_OK);
	assert_int_equal(cfg.value_discovery.analyzers_nr, 1);
	assert_string_equal(cfg.value_discovery.analyzers[0].run, "semgrep --sarif");
	assert_int_equal(cfg.value_discovery.analyzers[0].timeout_s, 600);
	assert_int_equal(cfg.value_discovery.ignore_nr, 2);
	assert_string_equal(cfg.value_discovery.ignore[0].expires, "2027-01-31");
	assert_null(cfg.value_discovery.ignore[1].rule);
	assert_int_equal(cfg.quality_gates.commands[0].timeout_s, 60);
	tg_config_release(&cfg);

	expect_error("value_discovery:\n  analyzers: [{name: x, run: y}]\n",
	             "c.yaml:2:15: value_discovery.analyzers[0]: missing \"sarif\"");
	expect_error("value_discovery:\n  ignore: [{rule: a, path: b, reason: c}]\n",
	             "set exactly one of fingerprint, rule and path");
	expect_error("value_discovery:\n  ignore: [{rule: a, reason: c, expires: soon}]\n",
	             "expires: expected a date YYYY-MM-DD");
	expect_error("quality_gates: {commands: [{name: a, run: b, timeout_s: x}]}\n",
	             "quality_gates.commands[0].timeout_s: expected an integer, got \"x\"");
}

static void test_type_errors_name_the_place(void **state)
{
	expect_error("# weights\n\n\n\n\nvalue_discovery:\n  scoring_weights: {wsjf: high}\n",
	             "c.yaml:7:27: value_discovery.scoring_weights.wsjf: expected a number, got "
	             "\"high\"");
	expect_error("thresholds:\n  ccn: 1.5\n",
	             "c.yaml:2:8: thresholds.ccn: expected an integer, got \"1.5\"");
	expect_error("thresholds:\n  ccn: 0\n", "thresholds.ccn: must be at least 1, got 0");
	expect_error("execution:\n  dry_run: yes\n",
	             "c.yaml:2:12: execution.dry_run: expected true or false, got \"yes\"");
	expect_error("execution:\n  dry_run: [true]\n", "expected true or false, got a list");
	expect_error("exclude: vendor\n", "c.yaml:1:10: exclude: expected a list, got \"vendor\"");
	expect_error("exclude: [[a]]\n", "exclude[0]: expected a string, got a list");
	expect_error("execution: 3\n", "c.yaml:1:12: execution: expected a section");
	expect_error("repository: {maturity_level: expert}\n",
	             "unknown value \"expert\"; known: nascent, developing, maturing, advanced");
	expect_error("repository: {focus_areas: [speed]}\n",
	             "repository.focus_areas[0]: unknown name \"speed\"");
	expect_error("value_discovery: {boosts: {compliance: 0.5}}\n",
	             "must be from 1 to 100, got 0.5");
	expect_error("execution: {github: {repository: acme}}\n", "expected owner/name");
	expect_error("store: {path: ../elsewhere.db}\n", "must not climb out");
	expect_error("thresholds:\n  ccn: 3\n  ccn: 4\n",
	             "c.yaml:3:3: thresholds.ccn: given twice (first on line 2)");
	expect_error("- a\n- b\n", "c.yaml:1:1: expected a mapping of sections");
}

static void test_unknown_source_lists_the_known(void **state)
{
	expect_error("value_discovery:\n  discovery_sources: [advanced_static_analysis, magic]\n",
	             "c.yaml:2:49: value_discovery.discovery_sources[1]: unknown discovery source "
	             "\"magic\"; known: advanced_static_analysis, security_vulnerability_scans, "
	             "architecture_analysis, performance_profiling, compliance_audits, "
	             "ai_ml_model_analysis, predictive_analysis");
}

static void test_weights_must_sum_to_one(void **state)
{
	struct tg_config cfg;

	expect_error("value_discovery:\n  scoring_weights: {wsjf: 0.6}\n",
	             "c.yaml: value_discovery.scoring_weights: wsjf + ice + technical_debt + "
	             "security sum to 1.1, expected 1");
	assert_int_equal(parse(&cfg, "value_discovery:\n  scoring_weights:\n"
	                             "    {wsjf: 0.4, ice: 0.2, technical_debt: 0.3, security: "
	                             "0.1005}\n"),
	                 TG_OK);
	assert_int_equal(tg_config_validate(&cfg), TG_OK); /* within 0.001 */
	tg_config_release(&cfg);
}

static void test_unknown_keys_warn_with_a_suggestion(void **state)
{
	struct tg_config cfg;

	tg_log_level = TG_LOG_QUIET;
	assert_int_equal(parse(&cfg, "thresholds:\n  cnn: 20\nexecution:\n  dryrun: false\n"
	                             "ccn: 3\ncolour: red\n"),
	                 TG_OK);
	assert_int_equal(cfg.warnings.nr, 4);
	assert_string_equal(cfg.warnings.v[0], "c.yaml:2:3: thresholds.cnn: unknown key, ignored "
	                                       "(did you mean thresholds.ccn?)");
	assert_non_null(strstr(cfg.warnings.v[1], "(did you mean execution.dry_run?)"));
	assert_non_null(strstr(cfg.warnings.v[2], "c.yaml:5:1: ccn: unknown key, ignored (did "
	                                          "you mean thresholds.ccn?)"));
	assert_null(strstr(cfg.warnings.v[3], "did you mean"));
	assert_int_equal(cfg.thresholds.ccn, 15);
	assert_int_equal(cfg.execution.dry_run, 1);
	tg_config_release(&cfg);
	tg_log_level = TG_LOG_NORMAL;
}

static void test_bad_yaml_and_empty_files(void **state)
{
	struct tg_config cfg;

	assert_int_equal(parse(&cfg, ""), TG_OK);
	assert_int_equal(tg_config_origin(&cfg, "thresholds.ccn"), TG_ORIGIN_DEFAULT);
	tg_config_release(&cfg);
	assert_int_equal(parse(&cfg, "# only a comment\n---\n"), TG_OK);
	tg_config_release(&cfg);
	expect_error("thresholds:\n  ccn: [1, 2\n", "c.yaml:3:1: invalid YAML:");
	expect_error("a: b\n c: d: e\n", "invalid YAML");
	expect_error("x: &a [1]\ny: *a\n", "c.yaml:2:4: aliases");
	expect_error("thresholds: {}\n---\nthresholds: {}\n", "more than one YAML document");
	expect_error("\xc3\x28 not UTF-8", "c.yaml:1:2: invalid YAML");
	expect_error("a: b\nc: \x01", "c.yaml:2:4: invalid YAML: control characters are not "
	                              "allowed (byte 8)");
	{
		char deep[400];
		memset(deep, '[', sizeof(deep) - 1);
		deep[sizeof(deep) - 1] = 0;
		expect_error(deep, "c.yaml:1:65: nested deeper than 64 levels");
	}
}

/* A table without its first line and its ORIGIN column: keys and values only. */
static void without_origins(struct tg_buf *t)
{
	struct tg_buf out = TG_BUF_INIT;
	const char *line = strchr(t->buf, '\n') + 1;

	while (*line) {
		const char *end = strchr(line, '\n');
		tg_buf_add(&out, line, 49);
		tg_buf_add(&out, line + 58, (size_t)(end - line) - 58 + 1);
		line = end + 1;
	}
	tg_buf_release(t);
	*t = out;
}

static void test_example_documents_every_key(void **state)
{
	struct tg_config ex, def;
	struct tg_buf a = TG_BUF_INIT, b = TG_BUF_INIT;
	static const char *const keys[] = {"repository.maturity_level",
	                                   "value_discovery.ignore",
	                                   "history.bots",
	                                   "execution.github.repository",
	                                   "store.path",
	                                   "batch_processing.memory_limit_mb"};
	size_t i;

	tg_log_level = TG_LOG_QUIET;
	assert_int_equal(parse(&ex, tg_config_example), TG_OK);
	assert_int_equal(ex.warnings.nr, 0);
	tg_config_init(&def);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_int_equal(tg_config_origin(&ex, keys[i]), TG_ORIGIN_FILE);
	/* Every key appears in the example (the JSON shows origins), with the default value. */
	tg_config_show(&a, &ex, TG_CONFIG_JSON);
	assert_null(strstr(a.buf, "\"default\""));
	tg_buf_reset(&a);
	tg_config_show(&a, &ex, TG_CONFIG_TABLE);
	tg_config_show(&b, &def, TG_CONFIG_TABLE);
	without_origins(&a);
	without_origins(&b);
	assert_string_equal(a.buf, b.buf);
	tg_buf_release(&a);
	tg_buf_release(&b);
	tg_config_release(&ex);
	tg_config_release(&def);
	tg_log_level = TG_LOG_NORMAL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_defaults_are_the_issue_s),
	        cmocka_unit_test(test_values_of_each_type),
	        cmocka_unit_test(test_lists_of_mappings),
	        cmocka_unit_test(test_type_errors_name_the_place),
	        cmocka_unit_test(test_unknown_source_lists_the_known),
	        cmocka_unit_test(test_weights_must_sum_to_one),
	        cmocka_unit_test(test_unknown_keys_warn_with_a_suggestion),
	        cmocka_unit_test(test_bad_yaml_and_empty_files),
	        cmocka_unit_test(test_example_documents_every_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
