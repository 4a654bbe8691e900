#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "config/config.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_env_overrides_file(void **state)
{
	struct tg_config cfg;
	const char *yaml = "execution: {dry_run: true, max_prs: 4}\nthresholds: {ccn: 9}\n";
	char *env[] = {"TERRAGON_EXECUTION__DRY_RUN=false",
	               "TERRAGON_THRESHOLDS__CCN=20",
	               "TERRAGON_EXCLUDE=vendor/**, build/ ,",
	               "TERRAGON_EXECUTION__LABELS=[a, \"b,c\"]",
	               "TERRAGON_GITHUB_TOKEN=ghp_secret",
	               "TERRAGON_VERBOSE=1",
	               "PATH=/bin",
	               NULL};

	tg_config_init(&cfg);
	assert_int_equal(tg_config_parse(&cfg, "c.yaml", yaml, strlen(yaml)), TG_OK);
	assert_int_equal(tg_config_apply_env(&cfg, env), TG_OK);
	assert_int_equal(cfg.execution.dry_run, 0);
	assert_int_equal(cfg.thresholds.ccn, 20);
	assert_int_equal(cfg.execution.max_prs, 4);
	assert_int_equal(cfg.exclude.nr, 2);
	assert_string_equal(cfg.exclude.v[1], "build/");
	assert_int_equal(cfg.execution.labels.nr, 2);
	assert_string_equal(cfg.execution.labels.v[1], "b,c");
	assert_int_equal(cfg.warnings.nr, 0); /* TERRAGON_GITHUB_TOKEN is not ours to warn about */
	assert_int_equal(tg_config_origin(&cfg, "execution.dry_run"), TG_ORIGIN_ENV);
	assert_int_equal(tg_config_origin(&cfg, "execution.max_prs"), TG_ORIGIN_FILE);
	assert_int_equal(tg_config_origin(&cfg, "execution.remote"), TG_ORIGIN_DEFAULT);
	assert_int_equal(tg_config_origin(&cfg, "execution"), TG_ORIGIN_ENV);
	/* A flag beats the environment. */
	assert_int_equal(tg_config_set(&cfg, "execution.dry_run", "true", TG_ORIGIN_FLAG), TG_OK);
	assert_int_equal(cfg.execution.dry_run, 1);
	assert_int_equal(tg_config_origin(&cfg, "execution.dry_run"), TG_ORIGIN_FLAG);
	tg_config_release(&cfg);
}

static void test_env_alias_and_errors(void **state)
{
	struct tg_config cfg;
	char *alias[] = {"TERRAGON_GITHUB_API_URL=https://ghe.example.com/api/v3", NULL};
	char *both[] = {"TERRAGON_EXECUTION__GITHUB__API_URL=https://a.example.com",
	                "TERRAGON_GITHUB_API_URL=https://b.example.com", NULL};
	char *bad[] = {"TERRAGON_THRESHOLDS__CCN=many", NULL};
	char *unknown[] = {"TERRAGON_THRESHOLDS__CNN=3", NULL};

	tg_log_level = TG_LOG_QUIET;
	tg_config_init(&cfg);
	assert_int_equal(tg_config_apply_env(&cfg, alias), TG_OK);
	assert_string_equal(cfg.execution.github.api_url, "https://ghe.example.com/api/v3");
	assert_int_equal(tg_config_apply_env(&cfg, both), TG_OK);
	assert_string_equal(cfg.execution.github.api_url, "https://a.example.com");
	assert_int_equal(tg_config_apply_env(&cfg, bad), TG_ERR_USAGE);
	assert_string_equal(tg_error_message(),
	                    "environment variable TERRAGON_THRESHOLDS__CCN: "
	                    "thresholds.ccn: expected an integer, got \"many\"");
	assert_int_equal(tg_config_apply_env(&cfg, unknown), TG_OK);
	assert_int_equal(cfg.warnings.nr, 1);
	assert_non_null(strstr(cfg.warnings.v[0], "TERRAGON_THRESHOLDS__CNN"));
	assert_non_null(strstr(cfg.warnings.v[0], "did you mean thresholds.ccn?"));
	tg_config_release(&cfg);
	tg_log_level = TG_LOG_NORMAL;
}

static void test_set_checks_like_the_file(void **state)
{
	struct tg_config cfg;

	tg_config_init(&cfg);
	assert_int_equal(tg_config_set(&cfg, "execution.dry_run", "no", TG_ORIGIN_FLAG), TG_OK);
	assert_int_equal(cfg.execution.dry_run, 0);
	assert_int_equal(tg_config_set(&cfg, "execution.dry_run", "maybe", TG_ORIGIN_FLAG),
	                 TG_ERR_USAGE);
	assert_int_equal(tg_config_origin(&cfg, "execution.dry_run"), TG_ORIGIN_FLAG);
	assert_int_equal(tg_config_set(&cfg, "execution.dryrun", "no", TG_ORIGIN_FLAG),
	                 TG_ERR_USAGE);
	assert_string_equal(tg_error_message(), "no configuration key \"execution.dryrun\" "
	                                        "(did you mean execution.dry_run?)");
	assert_int_equal(tg_config_set(&cfg, "execution", "x", TG_ORIGIN_FLAG), TG_ERR_USAGE);
	assert_int_equal(tg_config_set(&cfg, "value_discovery.discovery_sources",
	                               "compliance_audits,nope", TG_ORIGIN_FLAG),
	                 TG_ERR_USAGE);
	assert_non_null(strstr(tg_error_message(), "unknown discovery source \"nope\""));
	assert_int_equal(cfg.value_discovery.discovery_sources.nr, 7); /* unchanged on error */
	assert_int_equal(tg_config_set(&cfg, "value_discovery.analyzers",
	                               "[{name: a, run: b, sarif: c.sarif, timeout_s: 5}]",
	                               TG_ORIGIN_ENV),
	                 TG_OK);
	assert_int_equal(cfg.value_discovery.analyzers[0].timeout_s, 5);
	assert_int_equal(tg_config_set(&cfg, "value_discovery.analyzers", "", TG_ORIGIN_ENV),
	                 TG_OK);
	assert_int_equal(cfg.value_discovery.analyzers_nr, 0);
	assert_int_equal(
	        tg_config_set(&cfg, "value_discovery.scoring_weights.wsjf", "0.6", TG_ORIGIN_FLAG),
	        TG_OK);
	assert_int_equal(tg_config_validate(&cfg), TG_ERR_USAGE);
	assert_non_null(strstr(tg_error_message(), "sum to 1.1"));
	tg_config_release(&cfg);
}

static void test_show_yaml_reads_back(void **state)
{
	struct tg_config a, b;
	struct tg_buf ya = TG_BUF_INIT, yb = TG_BUF_INIT, js = TG_BUF_INIT;
	const char *yaml = "execution: {labels: [\"x\\\"y\", z], dry_run: false}\n"
	                   "value_discovery:\n  ignore: [{path: 'a/**', reason: r}]\n"
	                   "  scoring_weights: {wsjf: 0.4, ice: 0.2}\n";

	tg_config_init(&a);
	assert_int_equal(tg_config_parse(&a, "c.yaml", yaml, strlen(yaml)), TG_OK);
	tg_config_show(&ya, &a, TG_CONFIG_YAML);
	assert_non_null(strstr(ya.buf, "  dry_run: false  # file\n"));
	assert_non_null(strstr(ya.buf, "  remote: \"origin\"  # default\n"));
	tg_config_init(&b);
	assert_int_equal(tg_config_parse(&b, "c.yaml", ya.buf, ya.len), TG_OK);
	tg_config_show(&yb, &b, TG_CONFIG_YAML);
	/* Same values; every origin is now the file. */
	assert_string_equal(b.execution.labels.v[0], "x\"y");
	assert_string_equal(b.value_discovery.ignore[0].path, "a/**");
	assert_true(b.value_discovery.scoring_weights.ice == 0.2);
	tg_config_show(&js, &a, TG_CONFIG_JSON);
	assert_non_null(strstr(js.buf, "\"execution.dry_run\": \"file\""));
	assert_non_null(strstr(js.buf, "\"labels\": [\"x\\\"y\", \"z\"]"));
	assert_non_null(strstr(js.buf, "\"github\": {\n"));
	tg_buf_release(&ya);
	tg_buf_release(&yb);
	tg_buf_release(&js);
	tg_config_release(&a);
	tg_config_release(&b);
}

static void test_load_for_finds_the_root(void **state)
{
	char path[512], *root = NULL;
	struct tg_config cfg;
	char *dir = tl_tmpdir();

	tl_sh(dir, "mkdir .git sub sub/deeper");
	tl_write(dir, ".terragon/config.yaml", "thresholds: {ccn: 33}\n");

	snprintf(path, sizeof(path), "%s/sub/deeper", dir);
	assert_int_equal(tg_config_load_for(&cfg, path, NULL, &root), TG_OK);
	assert_string_equal(root, dir);
	assert_int_equal(cfg.thresholds.ccn, 33);
	assert_non_null(strstr(cfg.file, ".terragon/config.yaml"));
	tg_config_release(&cfg);
	free(root);

	/* A directory where the file should be. */
	snprintf(path, sizeof(path), "%s/.terragon/config.yaml", dir);
	unlink(path);
	assert_int_equal(mkdir(path, 0777), 0);
	assert_int_equal(tg_config_load_for(&cfg, dir, NULL, &root), TG_ERR_USAGE);
	assert_null(root);
	assert_non_null(strstr(tg_error_message(), "config.yaml: is a directory"));
	tg_config_release(&cfg); /* already released: harmless */
	rmdir(path);

	/* No file: the defaults. A --config that is missing: an error. */
	assert_int_equal(tg_config_load_for(&cfg, dir, NULL, &root), TG_OK);
	assert_string_equal(cfg.file, "");
	tg_config_release(&cfg);
	free(root);
	assert_int_equal(tg_config_load_for(&cfg, dir, "/nonexistent/c.yaml", &root), TG_ERR_USAGE);
	assert_int_equal(tg_config_load_for(&cfg, "/nonexistent/repo", NULL, &root), TG_ERR_USAGE);

	tl_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_env_overrides_file),
	        cmocka_unit_test(test_env_alias_and_errors),
	        cmocka_unit_test(test_set_checks_like_the_file),
	        cmocka_unit_test(test_show_yaml_reads_back),
	        cmocka_unit_test(test_load_for_finds_the_root),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
