#include "cmd/cmd.h"

#include "backlog/filter.h"
#include "backlog/item_json.h"
#include "backlog/persist.h"
#include "backlog/tier.h"
#include "cmd/item_row.h"
#include "cmd/setup.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {"terragon backlog [options]", NULL};
static const char *const tiers[] = {"act", "watch", "all", NULL};

struct filter {
	struct tg_backlog_filter f;
	const char *severity, *new_since;
	int limit;
	struct tg_strlist fresh; /* with --new-since */
};

static void print(struct tg_backlog *b, const struct filter *f, const char *format)
{
	struct tg_buf out = TG_BUF_INIT, shown = TG_BUF_INIT;
	size_t i, n = 0;
	int json = !strcmp(format, "json"), csv = !strcmp(format, "csv");

	if (json)
		tg_buf_addf(&out, "{\"scoring_model\": \"%s\", \"items\": [", TG_SCORING_MODEL);
	else if (csv)
		tg_buf_adds(&out, "id,score,severity,category,rule,title,path,line\n");
	else
		tg_buf_addf(&out, "%-8s %7s  %-8s %-13s %s\n", "ID", "SCORE", "SEVERITY",
		            "CATEGORY", "ITEM");
	for (i = 0; i < b->nr && (f->limit <= 0 || (int)n < f->limit); i++) {
		const struct tg_item *it = &b->items[i];
		if (!tg_backlog_filter_keep(&f->f, it))
			continue;
		if (json) {
			tg_buf_adds(&out, n ? ",\n  " : "\n  ");
			tg_item_to_json(&out, it, 2);
		} else if (csv) {
			tg_buf_addf(&out, "%.8s,%.2f,%s,", it->fingerprint, it->scores.composite,
			            tg_severity_name(it->severity));
			tg_buf_add_csv(&out, it->category ? it->category : "");
			tg_buf_addch(&out, ',');
			tg_buf_add_csv(&out, it->rule_id ? it->rule_id : "");
			tg_buf_addch(&out, ',');
			tg_buf_add_csv(&out, it->title ? it->title : "");
			tg_buf_addch(&out, ',');
			tg_buf_add_csv(&out, it->path ? it->path : "");
			tg_buf_addf(&out, ",%d\n", it->start_line);
		} else {
			tg_cmd_item_row(&out, it);
		}
		n++;
	}
	if (json)
		tg_buf_adds(&out, n ? "\n]}\n" : "]}\n");
	/* Paths and titles are bytes; what is printed is UTF-8 ("\xff" for the others). */
	tg_buf_add_utf8(&shown, out.buf, out.len);
	fputs(shown.buf, stdout);
	tg_buf_release(&shown);
	tg_buf_release(&out);
}

int cmd_backlog(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct filter f = {0};
	struct tg_backlog b;
	struct tg_setup s;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_STRING(0, "category", &f.f.category, "C", "only this category"),
	        TG_OPT_CHOICE(0, "severity", &f.severity, tg_severity_choices,
	                      "only this severity and above"),
	        TG_OPT_STRING(0, "path", &f.f.path, "GLOB", "only items under this path or glob"),
	        TG_OPT_STRING(0, "new-since", &f.new_since, "RUN",
	                      "only items opened after run RUN (see `terragon runs`)"),
	        TG_OPT_CHOICE(0, "tier", &f.f.tier, tiers,
	                      "act (work to do now), watch (the watch list) or all (default)"),
	        TG_OPT_DOUBLE(0, "min-score", &f.f.min_score, "N", "only items scoring at least N"),
	        TG_OPT_INT('n', "limit", &f.limit, "N", "at most N items"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json_csv,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};
	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (f.severity) /* one of tg_severity_choices */
		f.f.has_severity = !tg_severity_parse(f.severity, &f.f.min_severity);
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_READ | TG_SETUP_STORE_URL);
	tg_backlog_init(&b);
	if (!rc)
		rc = tg_persist_load(tg_store_sql(s.store), &b, 1);
	if (!rc && f.new_since) {
		rc = tg_persist_new_since(tg_store_sql(s.store), atoll(f.new_since), &f.fresh);
		f.f.fresh = &f.fresh;
	}
	if (!rc)
		print(&b, &f, format);
	else
		tg_error_report();
	tg_strlist_clear(&f.fresh);
	tg_backlog_release(&b);
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
