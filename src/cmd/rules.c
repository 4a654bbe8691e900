#include "cmd/cmd.h"

#include "analyze/tree.h"
#include "backlog/item_json.h"
#include "cmd/setup.h"
#include "config/config.h"
#include "rules/rules.h"
#include "rules/tree.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* List, validate and test the rule packs (regexes, fields, each rule's match and no_match
 * examples), or scan files and directories with them. Secrets are always redacted. */
static const char *const usage[] = {
        "terragon rules list [--format table|json|csv] [--pack FILE]... [--disable ID]...",
        "terragon rules validate [--no-builtin] [PACK...]",
        "terragon rules test [--no-builtin] [PACK...]",
        "terragon rules scan [-C DIR] [-c FILE] [--format table|json] [-j N] [--no-ignore] "
        "[--fail] PATH...",
        NULL};

struct args {
	const char *format;
	struct tg_strlist packs, disable;
	int no_builtin, jobs, fail, no_cache, ignore;
	const char *repo, *config; /* scan: -C DIR, -c FILE */
};

static int load(struct args *a, struct tg_ruleset **rs)
{
	int ret = tg_rules_load_packs(rs, &a->packs, !a->no_builtin, &a->disable);

	if (!ret && a->no_cache)
		tg_rules_set_cache_dir(*rs, NULL);
	if (!ret)
		ret = tg_rules_compile(*rs);
	if (ret)
		tg_error_report();
	return ret;
}

static const char *join(struct tg_buf *b, const struct tg_strlist *l)
{
	size_t i;

	tg_buf_reset(b);
	for (i = 0; i < l->nr; i++)
		tg_buf_addf(b, "%s%s", i ? "," : "", l->v[i]);
	return l->nr ? b->buf : "generic";
}

static int cmd_list(struct args *a, struct tg_ruleset *rs)
{
	struct tg_buf out = TG_BUF_INIT, langs = TG_BUF_INIT;
	size_t i, k, n = tg_rules_count(rs);
	int json = !strcmp(a->format, "json"), csv = !strcmp(a->format, "csv");

	if (json)
		tg_buf_adds(&out, "[");
	else if (csv)
		tg_buf_adds(&out, "id,category,severity,cwe,engine,languages,pack\n");
	else
		tg_buf_addf(&out, "%-40s %-10s %-8s %-8s %-9s %s\n", "ID", "CATEGORY", "SEVERITY",
		            "CWE", "ENGINE", "LANGUAGES");
	for (i = 0; i < n; i++) {
		struct tg_rule_info r;
		tg_rules_info(rs, i, &r);
		join(&langs, r.languages);
		if (json) {
			tg_buf_adds(&out, i ? ",\n{\"id\":" : "\n{\"id\":");
			tg_buf_add_jsons(&out, r.id);
			tg_buf_adds(&out, ",\"category\":");
			tg_buf_add_jsons(&out, r.category);
			tg_buf_addf(&out,
			            ",\"severity\":\"%s\",\"cwe\":", tg_severity_name(r.severity));
			tg_buf_add_jsons(&out, r.cwe ? r.cwe : "");
			tg_buf_addf(&out, ",\"engine\":\"%s\",\"languages\":", r.engine);
			tg_buf_add_jsons(&out, r.languages->nr ? langs.buf : "generic");
			tg_buf_adds(&out, ",\"pack\":");
			tg_buf_add_jsons(&out, r.pack);
			tg_buf_adds(&out, ",\"patterns\":[");
			for (k = 0; tg_rules_pattern(rs, i, k); k++) {
				tg_buf_adds(&out, k ? "," : "");
				tg_buf_add_jsons(&out, tg_rules_pattern(rs, i, k));
			}
			tg_buf_adds(&out, "]}");
		} else if (csv) {
			tg_buf_add_csv(&out, r.id);
			tg_buf_addf(&out, ",%s,%s,%s,%s,", r.category, tg_severity_name(r.severity),
			            r.cwe ? r.cwe : "", r.engine);
			tg_buf_add_csv(&out, r.languages->nr ? langs.buf : "generic");
			tg_buf_addch(&out, ',');
			tg_buf_add_csv(&out, r.pack);
			tg_buf_addch(&out, '\n');
		} else {
			tg_buf_addf(&out, "%-40s %-10s %-8s %-8s %-9s %s\n", r.id, r.category,
			            tg_severity_name(r.severity), r.cwe ? r.cwe : "-", r.engine,
			            r.languages->nr ? langs.buf : "generic");
		}
	}
	if (json)
		tg_buf_adds(&out, n ? "\n]\n" : "]\n");
	fwrite(out.buf, 1, out.len, stdout);
	tg_buf_release(&out);
	tg_buf_release(&langs);
	return TG_EXIT_OK;
}

static int cmd_validate(struct args *a, struct tg_ruleset *rs)
{
	const struct tg_strlist *p = tg_rules_problems(rs);

	/* Each problem was already reported on stderr as a warning while loading. */
	if (p->nr) {
		tg_error("%zu problem(s) in the rule packs", p->nr);
		return TG_EXIT_FAIL;
	}
	printf("%zu rules, no problems\n", tg_rules_count(rs));
	return TG_EXIT_OK;
}

static int cmd_test(struct args *a, struct tg_ruleset *rs)
{
	struct tg_strlist failures = TG_STRLIST_INIT;
	size_t examples = 0, i;
	int ret;

	if (tg_rules_test_examples(rs, &failures, &examples)) {
		tg_error_report();
		return TG_EXIT_RUN;
	}
	for (i = 0; i < failures.nr; i++)
		printf("FAIL %s\n", failures.v[i]);
	printf("%zu rules, %zu examples: %zu passed, %zu failed\n", tg_rules_count(rs), examples,
	       examples >= failures.nr ? examples - failures.nr : 0, failures.nr);
	ret = failures.nr || tg_rules_problems(rs)->nr ? TG_EXIT_FAIL : TG_EXIT_OK;
	tg_strlist_clear(&failures);
	return ret;
}

/* `rules scan PATH`: the walk of PATH as the configuration of its repository says. */
static int scan_path(const struct args *a, const struct tg_ruleset *rs, const char *path,
                     struct tg_rules_findings *out)
{
	struct tg_setup_tree st;
	int ret = tg_setup_tree_open(&st, a->repo, path, a->config, a->jobs);

	if (ret)
		return ret;
	st.wo.no_ignore = !a->ignore;
	ret = tg_rules_scan_tree(rs, &st.wo, out);
	tg_setup_tree_close(&st);
	return ret;
}

static void print_items(const struct tg_rules_findings *f, int json, struct tg_buf *out)
{
	size_t i;

	if (json)
		tg_buf_adds(out, "[");
	for (i = 0; i < f->nr; i++) {
		const struct tg_item *it = &f->v[i];
		if (json) {
			tg_buf_adds(out, i ? ",\n" : "\n");
			tg_item_to_json(out, it, -1);
			continue;
		}
		/* The path, message and evidence are the scanned files' text: escaped. */
		tg_buf_add_printables(out, it->path);
		tg_buf_addf(out, ":%d:%d: %s %s [%s] ", it->start_line, it->start_column,
		            tg_severity_name(it->severity), it->rule_id, it->fingerprint);
		tg_buf_add_printables(out, it->message);
		tg_buf_addf(out, "%s\n  evidence: ",
		            it->status == TG_STATUS_SUPPRESSED ? " (suppressed)" : "");
		tg_buf_add_printables(out, it->evidence);
		tg_buf_addch(out, '\n');
	}
	if (json)
		tg_buf_adds(out, f->nr ? "\n]\n" : "]\n");
}

static int cmd_scan(struct args *a, struct tg_ruleset *rs, int argc, const char **argv)
{
	struct tg_rules_findings f = TG_RULES_FINDINGS_INIT;
	struct tg_buf out = TG_BUF_INIT;
	size_t i, open = 0;
	int ret = TG_OK, j;

	for (j = 1; j < argc && !ret; j++)
		ret = scan_path(a, rs, argv[j], &f);
	if (argc == 1) /* -C DIR alone */
		ret = scan_path(a, rs, NULL, &f);
	if (ret)
		tg_error_report();
	tg_rules_findings_sort(&f);
	print_items(&f, !strcmp(a->format, "json"), &out);
	fwrite(out.buf, 1, out.len, stdout);
	for (i = 0; i < f.nr; i++)
		open += f.v[i].status == TG_STATUS_OPEN;
	tg_note("rules: %zu files, %zu bytes, %zu findings (%zu open)", f.files, f.bytes, f.nr,
	        open);
	tg_rules_findings_release(&f);
	tg_buf_release(&out);
	if (ret)
		return TG_EXIT_RUN;
	return a->fail && open ? TG_EXIT_FAIL : TG_EXIT_OK;
}

int cmd_rules(int argc, const char **argv)
{
	struct args a = {"table", TG_STRLIST_INIT, TG_STRLIST_INIT, 0, 0, 0, 0, 1, NULL, NULL};
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&a.repo, &a.config),
	        TG_OPT_CHOICE(0, "format", &a.format, tg_formats_table_json_csv,
	                      "output format (default: table; csv: list only)"),
	        TG_OPT_LIST(0, "pack", &a.packs, "FILE",
	                    "a rule pack (YAML file or directory) to add; repeatable"),
	        TG_OPT_LIST(0, "disable", &a.disable, "ID", "a rule id to turn off; repeatable"),
	        TG_OPT_BOOL(0, "no-builtin", &a.no_builtin, "leave out the built-in packs"),
	        TG_OPT_INT('j', "jobs", &a.jobs, "N",
	                   "scan: worker threads (default: one per core)"),
	        TG_OPT_BOOL(
	                0, "ignore", &a.ignore,
	                "scan: honour .gitignore and .terragonignore (the default); --no-ignore "
	                "reads what they exclude"),
	        TG_OPT_BOOL(0, "fail", &a.fail, "scan: exit 1 when there is an open finding"),
	        TG_OPT_BOOL(0, "no-cache", &a.no_cache,
	                    "compile the Vectorscan database afresh, neither reading nor writing "
	                    "the cache"),
	        TG_OPT_END()};
	struct tg_ruleset *rs = NULL;
	int n = tg_options_parse(argc, argv, opts, usage), ret, i;
	const char *sub;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n < 1) {
		tg_error("rules: expected list, validate, test or scan");
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	sub = argv[0];
	if (strcmp(sub, "scan") && (a.repo || a.config)) {
		tg_error("rules %s: -C and -c are for `rules scan`", sub);
		return TG_EXIT_USAGE;
	}
	if (!strcmp(sub, "validate") || !strcmp(sub, "test"))
		for (i = 1; i < n; i++)
			tg_strlist_add(&a.packs, argv[i]);
	if (!strcmp(sub, "scan") && n < 2 && !a.repo) {
		tg_error("rules scan: expected at least one PATH");
		return TG_EXIT_USAGE;
	}
	if (strcmp(sub, "list") && strcmp(sub, "validate") && strcmp(sub, "test") &&
	    strcmp(sub, "scan")) {
		tg_error("rules: unknown subcommand '%s' (list, validate, test, scan)", sub);
		return TG_EXIT_USAGE;
	}
	if (load(&a, &rs))
		ret = TG_EXIT_USAGE;
	else if (!strcmp(sub, "list"))
		ret = cmd_list(&a, rs);
	else if (!strcmp(sub, "validate"))
		ret = cmd_validate(&a, rs);
	else if (!strcmp(sub, "test"))
		ret = cmd_test(&a, rs);
	else
		ret = cmd_scan(&a, rs, n, argv);
	tg_ruleset_free(rs);
	tg_strlist_clear(&a.packs);
	tg_strlist_clear(&a.disable);
	return ret;
}
