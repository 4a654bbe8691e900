#include "cmd/cmd.h"

#include "cmd/item_row.h"
#include "cmd/setup.h"
#include "discover/discover.h"
#include "health/health.h"
#include "report/outputs.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {"terragon discover [-C DIR] [options]", NULL};

/* Files not read this run whose stored items stayed open: said, never silent. */
static void print_not_rescanned(const struct tg_strlist *files)
{
	struct tg_buf out = TG_BUF_INIT;
	size_t i;

	if (!files->nr)
		return;
	tg_buf_addf(&out, "\n%zu files not rescanned (not read; their items stay open):\n",
	            files->nr);
	for (i = 0; i < files->nr; i++) {
		tg_buf_adds(&out, "  ");
		tg_buf_add_printables(&out, files->v[i]);
		tg_buf_addch(&out, '\n');
	}
	fputs(out.buf, stdout);
	tg_buf_release(&out);
}

/* Titles, categories and paths come from the repository: printed escaped. */
static void print_table(const struct tg_discover_result *r)
{
	struct tg_buf out = TG_BUF_INIT;
	size_t i, shown = 0, open = 0;

	for (i = 0; i < r->backlog.nr; i++)
		open += r->backlog.items[i].status == TG_STATUS_OPEN;
	tg_buf_addf(&out, "%zu open items (%zu new), %zu files scanned", open, r->new_items,
	            r->summary.files_scanned);
	if (r->summary.resolved_nr)
		tg_buf_addf(&out, ", %zu resolved", r->summary.resolved_nr);
	tg_buf_addch(&out, '\n');
	for (i = 0; i < r->backlog.nr && shown < 10; i++) {
		const struct tg_item *it = &r->backlog.items[i];
		if (it->status != TG_STATUS_OPEN)
			continue;
		if (!shown++)
			tg_buf_addf(&out, "\n%-8s %7s  %-8s %-13s %s\n", "ID", "SCORE", "SEVERITY",
			            "CATEGORY", "ITEM");
		tg_cmd_item_row(&out, it);
	}
	if (r->summary.vendored_items)
		tg_buf_addf(&out,
		            "\n%zu items in vendored code left out "
		            "(value_discovery.include_vendored)\n",
		            r->summary.vendored_items);
	if (r->summary.skipped.nr)
		tg_buf_addf(&out, "\n%zu inputs skipped (see value-metrics.json, or -v)\n",
		            r->summary.skipped.nr);
	fwrite(out.buf, 1, out.len, stdout);
	tg_buf_release(&out);
	for (i = 0; i < r->summary.skipped.nr; i++)
		tg_note("skipped %s", r->summary.skipped.v[i]); /* the log escapes it */
	print_not_rescanned(&r->summary.not_rescanned);
}

/* --fail-on SEVERITY and --fail-on-new: a threshold, so exit 1 like a linter. */
static int threshold_failed(const struct tg_discover_opts *o, const struct tg_discover_result *r)
{
	enum tg_severity min = TG_SEV_CRITICAL;
	size_t i;

	if (o->fail_on_new && r->new_items)
		return 1;
	if (!o->fail_on || tg_severity_parse(o->fail_on, &min))
		return 0;
	for (i = 0; i < r->backlog.nr; i++)
		if (r->backlog.items[i].status == TG_STATUS_OPEN &&
		    r->backlog.items[i].severity >= min)
			return 1;
	return 0;
}

/* --health-check: the health table on stderr; an unhealthy repository stops the run. */
static int health_ok(const char *repo, const char *config)
{
	struct tg_health_report r = {0};
	struct tg_buf out = TG_BUF_INIT;
	int ok;

	if (tg_health_run_with(repo, config, 0, &r)) {
		tg_error_report();
		return 0;
	}
	tg_health_format_table(&out, &r);
	if (!r.healthy || tg_log_level > TG_LOG_QUIET) {
		struct tg_buf text = TG_BUF_INIT;
		tg_buf_add_printable_text(&text, out.buf, out.len); /* may quote repository paths */
		fputs(text.buf, stderr);
		tg_buf_release(&text);
	}
	ok = r.healthy;
	tg_buf_release(&out);
	tg_health_report_release(&r);
	return ok;
}

/* The run's summary on stdout, and the exit code its thresholds give. */
static int report(const struct tg_discover_opts *o, const struct tg_discover_result *r,
                  const char *format)
{
	if (!strcmp(format, "json")) {
		struct tg_buf out = TG_BUF_INIT;
		tg_metrics_json(&out, &r->backlog, &r->summary);
		fputs(out.buf, stdout);
		tg_buf_release(&out);
	} else if (tg_log_level > TG_LOG_QUIET) {
		print_table(r);
	}
	if (threshold_failed(o, r))
		return TG_EXIT_FAIL;
	return tg_strict && r->skipped_inputs ? TG_EXIT_RUN : TG_EXIT_OK;
}

int cmd_discover(int argc, const char **argv)
{
	struct tg_discover_opts o = {0};
	struct tg_discover_result r;
	struct tg_config cfg;
	const char *format = "table";
	char *root = NULL;
	int health = 0, rc, n;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&o.repo_path, &o.config_file),
	        TG_OPT_STRING('o', "output", &o.output, "FILE",
	                      "value-metrics.json path (default: at the repository root)"),
	        TG_OPT_STRING(0, "backlog", &o.backlog_md, "FILE",
	                      "BACKLOG.md path (default: at the repository root)"),
	        TG_OPT_STRING(0, "sarif", &o.sarif, "FILE", "also write SARIF 2.1.0 here"),
	        TG_OPT_LIST(0, "import", &o.imports, "FILE",
	                    "read a SARIF, lcov, Cobertura or coverage.py file (repeatable)"),
	        TG_OPT_STRING(
	                0, "baseline", &o.baseline, "REF",
	                "report only items new relative to git ref REF (pull-request checks)"),
	        TG_OPT_CHOICE(0, "fail-on", &o.fail_on, tg_severity_choices,
	                      "exit 1 when an open item is at or above this severity"),
	        TG_OPT_BOOL(0, "fail-on-new", &o.fail_on_new,
	                    "exit 1 when the run found new items"),
	        TG_OPT_BOOL(0, "health-check", &health, "run `terragon health` first"),
	        TG_OPT_BOOL(0, "history-secrets", &o.history_secrets,
	                    "also report secrets committed to git history and removed since"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "what to print on stdout (default: table)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n > 0 && !o.repo_path)
		o.repo_path = argv[0];
	if (health && !health_ok(o.repo_path, o.config_file))
		return TG_EXIT_FAIL;
	rc = tg_config_load_for(&cfg, o.repo_path, o.config_file, &root);
	if (rc) {
		tg_error_report();
		tg_strlist_clear(&o.imports);
		return tg_status_exit(rc);
	}
	rc = tg_discover_run(&o, &cfg, root, &r);
	if (rc) {
		tg_error_report();
		n = tg_status_exit(rc);
	} else {
		n = report(&o, &r, format);
	}
	tg_discover_result_release(&r);
	tg_config_release(&cfg);
	tg_strlist_clear(&o.imports);
	free(root);
	return n;
}
