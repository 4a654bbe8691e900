#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "discover/discover.h"

#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The discover run on small repositories made here: the source table, what
 * each source yields, the configuration's exclude and ignore, --baseline and
 * a bad import. Every run has a fixed clock and writes its outputs outside
 * the repository.
 */

static char *root, *out; /* the repository; where the outputs and imports go */

static int setup(void **state)
{
	tg_log_level = TG_LOG_QUIET;
	assert_int_equal(tg_clock_set("2024-03-01T00:00:00Z"), TG_OK);
	root = tl_tmpdir();
	out = tl_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(root);
	tl_rmtree(out);
	return 0;
}

/* A C function of cyclomatic complexity 22 (21 ifs), over the default threshold of 15. */
static void write_complex(const char *rel)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_adds(&b, "int classify(int a)\n{\n\tint r = 0;\n");
	for (int i = 1; i <= 21; i++)
		tg_buf_addf(&b, "\tif (a > %d)\n\t\tr += %d;\n", i, i);
	tg_buf_adds(&b, "\treturn r;\n}\n");
	tl_write(root, rel, b.buf);
	tg_buf_release(&b);
}

/* A pickle (protocol 0) that calls os.system when loaded. */
static void write_pickle(const char *rel)
{
	tl_sh(root,
	      "mkdir -p \"$(dirname %s)\" && printf \"cos\\nsystem\\n(S'echo x'\\ntR.\\0\" > %s",
	      rel, rel);
}

static const char workflow[] = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
                               "      - uses: actions/checkout@v4\n";

/* Runs discover over root with cfg loaded from root, outputs under out. */
static int run(struct tg_discover_result *res, struct tg_discover_opts *o, struct tg_config *cfg)
{
	static char vm[4200], md[4200];

	snprintf(vm, sizeof(vm), "%s/value-metrics.json", out);
	snprintf(md, sizeof(md), "%s/BACKLOG.md", out);
	o->repo_path = root;
	o->output = vm;
	o->backlog_md = md;
	o->no_store = 1;
	assert_int_equal(tg_config_load(cfg, root, NULL), TG_OK);
	return tg_discover_run(o, cfg, root, res);
}

/* The item of that source, rule and path (NULL: repository-wide), or NULL. */
static const struct tg_item *find(const struct tg_discover_result *res, const char *source,
                                  const char *rule, const char *path)
{
	for (size_t i = 0; i < res->backlog.nr; i++) {
		const struct tg_item *it = &res->backlog.items[i];
		if (!strcmp(it->source, source) && !strcmp(it->rule_id, rule) &&
		    (path ? it->path && !strcmp(it->path, path) : !it->path))
			return it;
	}
	return NULL;
}

static void expect(const struct tg_discover_result *res, const char *source, const char *rule,
                   const char *path)
{
	if (!find(res, source, rule, path))
		fail_msg("no %s item %s at %s among %zu items", source, rule,
		         path ? path : "(repo)", res->backlog.nr);
}

static const struct tg_source_run *source_run(const struct tg_discover_result *res,
                                              const char *name)
{
	for (size_t i = 0; i < res->summary.sources_nr; i++)
		if (!strcmp(res->summary.sources[i].name, name))
			return &res->summary.sources[i];
	fail_msg("no run of source %s", name);
	return NULL;
}

/* Every source once, each enabled by a known configuration name; only the
 * sources that read nothing but the tree may run on --baseline's export. */
static void test_source_table_names_each_source_once(void **state)
{
	static const char *const want[] = {"scanner",    "history",    "architecture",
	                                   "imports",    "analyzers",  "history-secrets",
	                                   "benchmarks", "compliance", "approvals",
	                                   "models",     "deps",       "foresight",
	                                   "llm"};
	size_t n = 0;

	for (; tg_sources[n]; n++) {
		const struct tg_source *s = tg_sources[n];
		int known = 0;

		assert_true(n < sizeof(want) / sizeof(want[0]));
		assert_string_equal(s->name, want[n]);
		assert_non_null(s->collect);
		for (size_t k = 0; tg_config_source_names[k]; k++)
			known |= !strcmp(tg_config_source_names[k], s->discovery_source);
		if (!known)
			fail_msg("source %s: %s is not a discovery source name", s->name,
			         s->discovery_source);
		assert_int_equal(s->tree_only,
		                 !strcmp(s->name, "scanner") || !strcmp(s->name, "compliance") ||
		                         !strcmp(s->name, "models") || !strcmp(s->name, "deps") ||
		                         !strcmp(s->name, "architecture"));
	}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
}

static void test_source_enabled_follows_discovery_sources(void **state)
{
	struct tg_config cfg;
	size_t on = 0;

	tg_config_init(&cfg);
	for (size_t i = 0; tg_sources[i]; i++) /* the default: every source */
		on += tg_source_enabled(&cfg, tg_sources[i]);
	assert_int_equal(on, 12); /* the LLM review's source is off until review.* is set */
	free(cfg.review.base_url);
	free(cfg.review.model);
	cfg.review.base_url = strdup("http://127.0.0.1:1/v1");
	cfg.review.model = strdup("m");
	for (size_t i = on = 0; tg_sources[i]; i++)
		on += tg_source_enabled(&cfg, tg_sources[i]);
	assert_int_equal(on, 13);
	tg_strlist_clear(&cfg.value_discovery.discovery_sources);
	tg_strlist_add(&cfg.value_discovery.discovery_sources, "compliance_audits");
	for (size_t i = 0; tg_sources[i]; i++)
		assert_int_equal(tg_source_enabled(&cfg, tg_sources[i]),
		                 !strcmp(tg_sources[i]->name, "compliance") ||
		                         !strcmp(tg_sources[i]->name, "approvals"));
	tg_config_release(&cfg);
}

/* Each source finds what the repository holds for it, in one run. */
static void test_run_yields_the_items_of_each_source(void **state)
{
	struct tg_discover_opts o = {0};
	struct tg_discover_result res;
	struct tg_config cfg;
	char sarif[4200];

	write_complex("src/complex.c");
	tl_write(root, "src/app.py",
	         "import yaml\n\n# TODO: read the path from the caller\n"
	         "def load(p):\n    return yaml.load(open(p))\n");
	tl_write(root, ".github/workflows/ci.yml", workflow);
	write_pickle("models/m.pkl");
	tl_git_repo(root);
	/* four more revisions: complex.c becomes a hotspot (history.min_revs is 5) */
	tl_sh(root,
	      "for d in 02 03 04 05; do echo \"/* $d */\" >> src/complex.c && "
	      "GIT_AUTHOR_DATE=2024-01-${d}T12:00:00Z GIT_COMMITTER_DATE=2024-01-${d}T12:00:00Z "
	      "git commit -qam \"tune $d\"; done");
	tl_write(out, "tool.sarif",
	         "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": "
	         "\"fakelint\"}}, \"results\": [{\"ruleId\": \"FL1\", \"level\": \"error\", "
	         "\"message\": {\"text\": \"unsafe load\"}, \"locations\": [{\"physicalLocation\": "
	         "{\"artifactLocation\": {\"uri\": \"src/app.py\"}, \"region\": {\"startLine\": "
	         "5}}}]}]}]}\n");
	snprintf(sarif, sizeof(sarif), "%s/tool.sarif", out);
	tg_strlist_add(&o.imports, sarif);

	assert_int_equal(run(&res, &o, &cfg), TG_OK);
	expect(&res, "scanner", "complex-function", "src/complex.c");
	expect(&res, "scanner", "todo-marker", "src/app.py");
	expect(&res, "rules", "ai-ml.yaml-unsafe-load", "src/app.py");
	expect(&res, "history", "history/hotspot", "src/complex.c");
	expect(&res, "sarif:fakelint", "FL1", "src/app.py");
	expect(&res, "compliance", "workflow-unpinned-action", ".github/workflows/ci.yml");
	expect(&res, "compliance", "license-missing", NULL);
	expect(&res, "models", "ai-ml.pickle-code-execution", "models/m.pkl");
	/* the summary: every source ran, in table order, and counted its items */
	assert_int_equal(res.summary.sources_nr, 12);
	for (size_t i = 0; i < res.summary.sources_nr; i++) {
		assert_string_equal(res.summary.sources[i].name, tg_sources[i]->name);
		assert_true(res.summary.sources[i].ok);
	}
	assert_int_equal(source_run(&res, "history")->items, 1);
	assert_int_equal(source_run(&res, "models")->items, 1);
	assert_int_equal(source_run(&res, "architecture")->items, 0); /* no import between files */
	assert_int_equal(source_run(&res, "imports")->items, 1);
	assert_true(source_run(&res, "scanner")->items >= 3);
	assert_int_equal(res.summary.skipped.nr, 0);
	/* the run's time is the fixed clock's; the outputs went where asked */
	assert_int_equal(res.summary.started, tg_clock_now());
	assert_int_equal(access(o.output, F_OK), 0);
	assert_int_equal(access(o.backlog_md, F_OK), 0);
	tl_sh(root, "test ! -e value-metrics.json && test ! -e BACKLOG.md && test ! -e .terragon");
	tg_discover_result_release(&res);
	tg_config_release(&cfg);
	tg_strlist_clear(&o.imports);
}

/* exclude keeps the scanner and the models source out of a directory (not
 * one the walk skips anyway as vendored); ignore suppresses an item (kept,
 * not dropped). */
static void test_exclude_and_ignore(void **state)
{
	struct tg_discover_opts o = {0};
	struct tg_discover_result res;
	struct tg_config cfg;
	const struct tg_item *todo;

	write_complex("legacy/lib.c");
	write_pickle("legacy/m.pkl");
	tl_write(root, "src/a.py", "def f():\n    pass  # TODO: something\n");
	tl_git_repo(root);

	/* without exclude, legacy/ has items: the check below can fail */
	assert_int_equal(run(&res, &o, &cfg), TG_OK);
	expect(&res, "scanner", "complex-function", "legacy/lib.c");
	expect(&res, "models", "ai-ml.pickle-code-execution", "legacy/m.pkl");
	assert_int_equal(find(&res, "scanner", "todo-marker", "src/a.py")->status, TG_STATUS_OPEN);
	tg_discover_result_release(&res);
	tg_config_release(&cfg);

	tl_write(root, ".terragon/config.yaml",
	         "exclude: [\"legacy/\"]\n"
	         "value_discovery:\n  ignore:\n    - {rule: todo-marker, reason: later}\n");
	assert_int_equal(run(&res, &o, &cfg), TG_OK);
	for (size_t i = 0; i < res.backlog.nr; i++)
		if (res.backlog.items[i].path && !strncmp(res.backlog.items[i].path, "legacy/", 7))
			fail_msg("%s item %s in excluded %s", res.backlog.items[i].source,
			         res.backlog.items[i].rule_id, res.backlog.items[i].path);
	todo = find(&res, "scanner", "todo-marker", "src/a.py");
	assert_non_null(todo);
	assert_int_equal(todo->status, TG_STATUS_SUPPRESSED);
	tg_discover_result_release(&res);
	tg_config_release(&cfg);
}

static int has(const struct tg_strlist *l, const char *s)
{
	return tg_strlist_find(l, s) >= 0;
}

/* --baseline: the tree-only sources run over the ref's tree; only what is new remains. */
static void test_baseline_keeps_only_new_items(void **state)
{
	struct tg_discover_opts o = {0};
	struct tg_discover_result res;
	struct tg_config cfg;
	struct tg_strlist own = TG_STRLIST_INIT, imports = TG_STRLIST_INIT, old = TG_STRLIST_INIT;
	struct tg_history *history = NULL;
	struct tg_discover_ctx ctx;
	char old_fp[17], new_fp[17];

	tl_write(root, "old.py", "x = 1  # TODO: old work\n");
	tl_git_repo(root);
	tl_write(root, "new.py", "y = 2  # TODO: new work\n");

	assert_int_equal(run(&res, &o, &cfg), TG_OK);
	strcpy(old_fp, find(&res, "scanner", "todo-marker", "old.py")->fingerprint);
	strcpy(new_fp, find(&res, "scanner", "todo-marker", "new.py")->fingerprint);
	tg_discover_result_release(&res);

	ctx = (struct tg_discover_ctx){root, &cfg, &own, &imports, tg_clock_now(), &history, 0, 0};
	assert_int_equal(tg_discover_baseline(&ctx, "HEAD", &old), TG_OK);
	assert_true(has(&old, old_fp));
	assert_false(has(&old, new_fp));
	for (size_t i = 1; i < old.nr; i++) /* sorted, for the lookup that uses it */
		assert_true(strcmp(old.v[i - 1], old.v[i]) <= 0);
	tg_strlist_clear(&old);
	assert_int_equal(tg_discover_baseline(&ctx, "no-such-ref", &old), TG_ERR_USAGE);
	assert_non_null(strstr(tg_error_message(), "--baseline no-such-ref: not a commit"));
	assert_int_equal(old.nr, 0);
	tg_config_release(&cfg);

	/* the run with --baseline reports the new file's item and nothing of HEAD's */
	o.baseline = "HEAD";
	assert_int_equal(run(&res, &o, &cfg), TG_OK);
	assert_non_null(find(&res, "scanner", "todo-marker", "new.py"));
	for (size_t i = 0; i < res.backlog.nr; i++)
		if (!res.backlog.items[i].path || strcmp(res.backlog.items[i].path, "new.py"))
			fail_msg("item %s at %s was in HEAD", res.backlog.items[i].rule_id,
			         res.backlog.items[i].path ? res.backlog.items[i].path : "(repo)");
	assert_int_equal(res.new_items, res.backlog.nr);
	tg_discover_result_release(&res);
	tg_config_release(&cfg);
}

/* An import that cannot be read is named among the skipped inputs; the rest runs. */
static void test_bad_import_is_skipped(void **state)
{
	struct tg_discover_opts o = {0};
	struct tg_discover_result res;
	struct tg_config cfg;
	char bad[4200];

	tl_write(root, "a.py", "x = 1  # TODO: later\n");
	tl_git_repo(root);
	tl_write(out, "broken.sarif", "{\"version\": \"2.1.0\", \"runs\": [");
	snprintf(bad, sizeof(bad), "%s/broken.sarif", out);
	tg_strlist_add(&o.imports, bad);
	assert_int_equal(run(&res, &o, &cfg), TG_OK);
	assert_int_equal(res.skipped_inputs, 1);
	assert_non_null(strstr(res.summary.skipped.v[0], "broken.sarif"));
	assert_true(source_run(&res, "imports")->ok);
	expect(&res, "scanner", "todo-marker", "a.py");
	tg_discover_result_release(&res);
	tg_config_release(&cfg);
	tg_strlist_clear(&o.imports);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_source_table_names_each_source_once),
	        cmocka_unit_test(test_source_enabled_follows_discovery_sources),
	        cmocka_unit_test_setup_teardown(test_run_yields_the_items_of_each_source, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_exclude_and_ignore, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_baseline_keeps_only_new_items, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_bad_import_is_skipped, setup, teardown),
	};

	tl_git_env();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
