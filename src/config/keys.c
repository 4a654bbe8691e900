/*
 * Every key of .terragon/config.yaml, in the order of the example file, with
 * its type, range and default. This table is the one place defaults live:
 * tg_config_init() applies each `def` as tg_config_set() would.
 */
#include "config/config_int.h"

#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#define OFF(f) offsetof(struct tg_config, f)
#define SECTION(p)                                                                                 \
	{                                                                                          \
		p, TG_K_MAP, 0, NULL, 0, 0, NULL, NULL                                             \
	}
#define STR(p, f, d, chk)                                                                          \
	{                                                                                          \
		p, TG_K_STR, OFF(f), d, 0, 0, NULL, chk                                            \
	}
#define INT(p, f, d, lo, hi)                                                                       \
	{                                                                                          \
		p, TG_K_INT, OFF(f), d, lo, hi, NULL, NULL                                         \
	}
#define NUM(p, f, d, lo, hi)                                                                       \
	{                                                                                          \
		p, TG_K_DOUBLE, OFF(f), d, lo, hi, NULL, NULL                                      \
	}
#define TYPED(p, t, f, d, vals)                                                                    \
	{                                                                                          \
		p, t, OFF(f), d, 0, 0, vals, NULL                                                  \
	}
#define NOLIMIT ((double)INT_MAX)

static const char *const maturity_levels[] = {"nascent", "developing", "maturing", "advanced",
                                              NULL};
static const char *const focus_areas[] = {"security_excellence", "performance_optimization",
                                          "ai_safety", "enterprise_compliance", NULL};
static const char *const groupings[] = {"file", "rule", "none", NULL};
static const char *const frameworks[] = {"sox", "pci-dss", "cis", NULL};
static const char *const scanner_passes[] = {"large_files", "markers", "functions", "rules", NULL};
/* clang-format off */
const char *const tg_config_source_names[] = {
        "advanced_static_analysis",
        "security_vulnerability_scans",
        "architecture_analysis",
        "performance_profiling",
        "compliance_audits",
        "ai_ml_model_analysis",
        "predictive_analysis",
        NULL,
};
/* clang-format on */

static const char *check_url(const char *v)
{
	if (strncmp(v, "https://", 8) && strncmp(v, "http://", 7))
		return "expected an http:// or https:// URL";
	return NULL;
}

/* The shared store of a fleet (store/sql.h): PostgreSQL, its password never here. */
static const char *check_store_url(const char *v)
{
	const char *a = strstr(v, "://"), *e, *at;

	if (!*v)
		return NULL;
	if (strncmp(v, "postgres://", 11) && strncmp(v, "postgresql://", 13))
		return "expected a postgres:// URL";
	a += 3;
	e = a + strcspn(a, "/?#");
	at = memchr(a, '@', (size_t)(e - a));
	if (strstr(v, "password=") || (at && memchr(a, ':', (size_t)(at - a))))
		return "holds a password: give it in PGPASSWORD or ~/.pgpass instead";
	return NULL;
}

static const char *check_owner_name(const char *v)
{
	const char *slash = strchr(v, '/');

	if (!*v)
		return NULL;
	if (!slash || slash == v || !slash[1] || strchr(slash + 1, '/'))
		return "expected owner/name, or empty to take it from the remote";
	return NULL;
}

static const char *check_url_or_empty(const char *v)
{
	return *v ? check_url(v) : NULL;
}

/* An environment variable's name: what a shell can export. */
static const char *check_env_name(const char *v)
{
	if (!*v || (*v >= '0' && *v <= '9'))
		return "expected an environment variable's name";
	for (; *v; v++)
		if (!(*v == '_' || (*v >= 'A' && *v <= 'Z') || (*v >= 'a' && *v <= 'z') ||
		      (*v >= '0' && *v <= '9')))
			return "expected an environment variable's name";
	return NULL;
}

static const char *check_nonempty(const char *v)
{
	return *v ? NULL : "must not be empty";
}

/* A relative path that stays inside the repository. */
static const char *check_relative(const char *v)
{
	if (!*v)
		return "must not be empty";
	if (*v == '/')
		return NULL; /* an absolute path is the user's explicit choice */
	if (!strcmp(v, "..") || !strncmp(v, "../", 3) || strstr(v, "/../"))
		return "must not climb out of the repository with ..";
	return NULL;
}

const struct tg_ckey tg_ckeys[] = {
        SECTION("repository"),
        TYPED("repository.maturity_level", TG_K_ENUM, repository.maturity_level, "advanced",
              maturity_levels),
        TYPED("repository.focus_areas", TG_K_ENUMLIST, repository.focus_areas, "", focus_areas),
        SECTION("value_discovery"),
        SECTION("value_discovery.scoring_weights"),
        NUM("value_discovery.scoring_weights.wsjf", value_discovery.scoring_weights.wsjf, "0.5", 0,
            1),
        NUM("value_discovery.scoring_weights.ice", value_discovery.scoring_weights.ice, "0.1", 0,
            1),
        NUM("value_discovery.scoring_weights.technical_debt",
            value_discovery.scoring_weights.technical_debt, "0.3", 0, 1),
        NUM("value_discovery.scoring_weights.security", value_discovery.scoring_weights.security,
            "0.1", 0, 1),
        SECTION("value_discovery.boosts"),
        NUM("value_discovery.boosts.security_critical", value_discovery.boosts.security_critical,
            "2.0", 1, 100),
        NUM("value_discovery.boosts.compliance", value_discovery.boosts.compliance, "1.8", 1, 100),
        TYPED("value_discovery.discovery_sources", TG_K_ENUMLIST, value_discovery.discovery_sources,
              "advanced_static_analysis,security_vulnerability_scans,architecture_analysis,"
              "performance_profiling,compliance_audits,ai_ml_model_analysis,predictive_analysis",
              tg_config_source_names),
        TYPED("value_discovery.scanner", TG_K_ENUMLIST, value_discovery.scanner,
              "large_files,markers,functions,rules", scanner_passes),
        TYPED("value_discovery.analyzers", TG_K_ANALYZERS, value_discovery.analyzers, "", NULL),
        TYPED("value_discovery.imports", TG_K_LIST, value_discovery.imports, "", NULL),
        TYPED("value_discovery.ignore", TG_K_IGNORE, value_discovery.ignore, "", NULL),
        TYPED("value_discovery.grouping", TG_K_ENUM, value_discovery.grouping, "file", groupings),
        TYPED("value_discovery.include_vendored", TG_K_BOOL, value_discovery.include_vendored,
              "false", NULL),
        SECTION("value_discovery.contexts"),
        TYPED("value_discovery.contexts.test", TG_K_LIST, value_discovery.contexts.test,
              "test/**,tests/**,**/test/**,**/tests/**,**/__tests__/**,**/testing/**,"
              "**/*_test.go,**/*_test.py,**/test_*.py,**/*_test.c,**/*_test.cc,**/*_test.cpp,"
              "**/*.test.js,**/*.test.ts,**/*.spec.js,**/*.spec.ts,**/*_spec.rb,**/*Test.java,"
              "**/*Tests.cs,**/conftest.py",
              NULL),
        TYPED("value_discovery.contexts.fixture", TG_K_LIST, value_discovery.contexts.fixture,
              "**/fixtures/**,**/fixture/**,**/testdata/**,**/test-data/**,**/test_data/**,"
              "**/__fixtures__/**,**/__snapshots__/**,**/mocks/**",
              NULL),
        TYPED("value_discovery.contexts.example", TG_K_LIST, value_discovery.contexts.example,
              "example/**,examples/**,**/example/**,**/examples/**,samples/**,**/samples/**,"
              "demo/**,**/demo/**",
              NULL),
        TYPED("value_discovery.contexts.docs", TG_K_LIST, value_discovery.contexts.docs,
              "doc/**,docs/**,**/doc/**,**/docs/**,**/*.md,**/*.rst,**/*.adoc", NULL),
        TYPED("value_discovery.contexts.vendored", TG_K_LIST, value_discovery.contexts.vendored,
              "deps/**,vendor/**,**/vendor/**,third_party/**,**/third_party/**,thirdparty/**,"
              "3rdparty/**,**/node_modules/**,**/bower_components/**",
              NULL),
        SECTION("thresholds"),
        INT("thresholds.ccn", thresholds.ccn, "15", 1, NOLIMIT),
        INT("thresholds.function_nloc", thresholds.function_nloc, "100", 1, NOLIMIT),
        INT("thresholds.file_lines", thresholds.file_lines, "1000", 1, NOLIMIT),
        {"thresholds.max_file_bytes", TG_K_LONG, OFF(thresholds.max_file_bytes), "2097152", 1,
         (double)LONG_MAX, NULL, NULL},
        TYPED("exclude", TG_K_LIST, exclude, "", NULL),
        SECTION("compliance"),
        TYPED("compliance.frameworks", TG_K_ENUMLIST, compliance.frameworks, "", frameworks),
        SECTION("compliance.approvals"),
        INT("compliance.approvals.min", compliance.approvals.min, "1", 0, 100),
        TYPED("compliance.approvals.no_self_approval", TG_K_BOOL,
              compliance.approvals.no_self_approval, "true", NULL),
        TYPED("compliance.approvals.regulated_paths", TG_K_LIST,
              compliance.approvals.regulated_paths, "", NULL),
        TYPED("compliance.approvals.approvers", TG_K_LIST, compliance.approvals.approvers, "",
              NULL),
        SECTION("rules"),
        TYPED("rules.packs", TG_K_LIST, rules.packs, "", NULL),
        TYPED("rules.disable", TG_K_LIST, rules.disable, "", NULL),
        SECTION("history"),
        STR("history.since", history.since, "", NULL),
        TYPED("history.first_parent", TG_K_BOOL, history.first_parent, "false", NULL),
        INT("history.min_revs", history.min_revs, "5", 1, NOLIMIT),
        INT("history.min_shared_revs", history.min_shared_revs, "5", 1, NOLIMIT),
        INT("history.min_coupling", history.min_coupling, "30", 0, 100),
        INT("history.inactive_months", history.inactive_months, "6", 0, 1200),
        INT("history.knowledge_min_lines", history.knowledge_min_lines, "100", 1, NOLIMIT),
        TYPED("history.bots", TG_K_LIST, history.bots,
              "dependabot[bot],renovate[bot],github-actions[bot]", NULL),
        SECTION("quality_gates"),
        NUM("quality_gates.coverage_min", quality_gates.coverage_min, "85", 0, 100),
        STR("quality_gates.coverage_file", quality_gates.coverage_file, "", NULL),
        INT("quality_gates.max_critical_vulns", quality_gates.max_critical_vulns, "0", 0, NOLIMIT),
        NUM("quality_gates.perf_regression_max_pct", quality_gates.perf_regression_max_pct, "5", 0,
            1e6),
        STR("quality_gates.bench_baseline", quality_gates.bench_baseline, "", NULL),
        STR("quality_gates.bench_current", quality_gates.bench_current, "", NULL),
        TYPED("quality_gates.commands", TG_K_COMMANDS, quality_gates.commands, "", NULL),
        SECTION("foresight"),
        NUM("foresight.horizon_days", foresight.horizon_days, "90", 1, 3650),
        NUM("foresight.debt_growth_pct", foresight.debt_growth_pct, "20", 0, 1e6),
        NUM("foresight.debt_threshold_minutes", foresight.debt_threshold_minutes, "0", 0, 1e12),
        SECTION("architecture"),
        TYPED("architecture.layers", TG_K_LAYERS, architecture.layers, "", NULL),
        SECTION("execution"),
        TYPED("execution.dry_run", TG_K_BOOL, execution.dry_run, "true", NULL),
        NUM("execution.min_score", execution.min_score, "0", 0, 1e9),
        TYPED("execution.include_watch", TG_K_BOOL, execution.include_watch, "false", NULL),
        STR("execution.branch_prefix", execution.branch_prefix, "auto-value/", check_nonempty),
        INT("execution.max_prs", execution.max_prs, "1", 0, NOLIMIT),
        INT("execution.max_open_prs", execution.max_open_prs, "10", 0, NOLIMIT),
        STR("execution.remote", execution.remote, "origin", check_nonempty),
        STR("execution.base_branch", execution.base_branch, "", NULL),
        TYPED("execution.labels", TG_K_LIST, execution.labels, "terragon", NULL),
        TYPED("execution.exclude_rules", TG_K_LIST, execution.exclude_rules,
              "license-missing,security-policy-missing,codeowners-missing", NULL),
        SECTION("execution.lockfile_commands"),
        STR("execution.lockfile_commands.pypi", execution.lockfile_commands.pypi, "", NULL),
        STR("execution.lockfile_commands.npm", execution.lockfile_commands.npm, "", NULL),
        STR("execution.lockfile_commands.go", execution.lockfile_commands.go, "", NULL),
        STR("execution.lockfile_commands.cargo", execution.lockfile_commands.cargo, "", NULL),
        STR("execution.lockfile_commands.maven", execution.lockfile_commands.maven, "", NULL),
        STR("execution.lockfile_commands.rubygems", execution.lockfile_commands.rubygems, "", NULL),
        STR("execution.lockfile_commands.composer", execution.lockfile_commands.composer, "", NULL),
        STR("execution.lockfile_commands.nuget", execution.lockfile_commands.nuget, "", NULL),
        SECTION("execution.executor"),
        STR("execution.executor.command", execution.executor.command, "", NULL),
        INT("execution.executor.timeout_s", execution.executor.timeout_s, "1800", 1, NOLIMIT),
        SECTION("execution.github"),
        STR("execution.github.api_url", execution.github.api_url, "https://api.github.com",
            check_url),
        STR("execution.github.repository", execution.github.repository, "", check_owner_name),
        SECTION("batch_processing"),
        INT("batch_processing.max_files_per_batch", batch_processing.max_files_per_batch, "500", 1,
            NOLIMIT),
        INT("batch_processing.parallel_workers", batch_processing.parallel_workers, "0", 0, 4096),
        INT("batch_processing.memory_limit_mb", batch_processing.memory_limit_mb, "2048", 1,
            NOLIMIT),
        TYPED("slos", TG_K_SLOS, slos,
              "[{name: autonomous-execution-success, sli: execution_success, objective: 95%,"
              " window: 7d},"
              " {name: mean-time-to-value, sli: time_to_value, objective: 95%, window: 30d,"
              " threshold: 4h},"
              " {name: vulnerability-resolution, sli: vulnerability_resolution, objective: 95%,"
              " window: 30d, threshold: 2d}]",
              NULL),
        SECTION("store"),
        STR("store.path", store.path, ".terragon/terragon.db", check_relative),
        STR("store.url", store.url, "", check_store_url),
        SECTION("vulndb"),
        STR("vulndb.path", vulndb.path, "", NULL),
        INT("vulndb.max_age_days", vulndb.max_age_days, "7", 0, NOLIMIT),
        STR("vulndb.url", vulndb.url, "https://osv-vulnerabilities.storage.googleapis.com",
            check_url),
        SECTION("review"),
        STR("review.base_url", review.base_url, "", check_url_or_empty),
        STR("review.model", review.model, "", NULL),
        STR("review.api_key_env", review.api_key_env, "TERRAGON_REVIEW_API_KEY", check_env_name),
        INT("review.timeout_s", review.timeout_s, "120", 1, 3600),
        INT("review.retries", review.retries, "3", 0, 10),
        INT("review.max_prompt_bytes", review.max_prompt_bytes, "60000", 1000, 10000000),
        INT("review.max_tokens_per_run", review.max_tokens_per_run, "50000", 100, NOLIMIT),
        INT("review.max_answer_tokens", review.max_answer_tokens, "4000", 16, NOLIMIT),
        SECTION("supply_chain"),
        SECTION("supply_chain.licenses"),
        TYPED("supply_chain.licenses.allow", TG_K_LIST, supply_chain.licenses.allow, "", NULL),
        TYPED("supply_chain.licenses.deny", TG_K_LIST, supply_chain.licenses.deny, "", NULL),
};
const size_t tg_ckeys_nr = sizeof(tg_ckeys) / sizeof(tg_ckeys[0]);

long tg_ckey_find(const char *path, size_t n)
{
	size_t i;

	for (i = 0; i < tg_ckeys_nr; i++)
		if (strlen(tg_ckeys[i].path) == n && !memcmp(tg_ckeys[i].path, path, n))
			return (long)i;
	return -1;
}

/* Levenshtein distance, for names of at most 64 bytes. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[65], i, j;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* The last component of path, and whether path's section is parent. */
static const char *leaf_of(const char *path, const char *parent, int *in_parent)
{
	const char *dot = strrchr(path, '.');
	size_t pl = dot ? (size_t)(dot - path) : 0;

	*in_parent = strlen(parent) == pl && !strncmp(path, parent, pl);
	return dot ? dot + 1 : path;
}

const char *tg_ckey_suggest(const char *parent, const char *name)
{
	size_t n = strlen(name), i, best = SIZE_MAX, limit;
	const char *pick = NULL;

	if (n == 0 || n > 64)
		return NULL;
	limit = n / 3 > 2 ? n / 3 : 2;
	for (i = 0; i < tg_ckeys_nr; i++) {
		int here;
		const char *leaf = leaf_of(tg_ckeys[i].path, parent, &here);
		size_t d;

		if (!here || strlen(leaf) > 64)
			continue;
		d = distance(name, n, leaf, strlen(leaf));
		if (d <= limit && d < best)
			best = d, pick = tg_ckeys[i].path;
	}
	if (pick)
		return pick;
	/* A key put in the wrong section: suggest its full path. */
	for (i = 0; i < tg_ckeys_nr; i++) {
		int here;
		const char *leaf = leaf_of(tg_ckeys[i].path, parent, &here);

		if (strlen(leaf) <= 64 && distance(name, n, leaf, strlen(leaf)) <= 1)
			return tg_ckeys[i].path;
	}
	return NULL;
}
