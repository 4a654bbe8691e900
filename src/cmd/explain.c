#include "cmd/cmd.h"

#include "backlog/item_json.h"
#include "backlog/persist.h"
#include "cmd/setup.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {"terragon explain ID [--format table|json]", NULL};

/* Each step line "name = formula = value" becomes {"step": line} in JSON. */
static void steps_json(struct tg_buf *out, const struct tg_buf *steps)
{
	const char *p = steps->buf;
	int first = 1;

	tg_buf_adds(out, "\"steps\": [");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		tg_buf_adds(out, first ? "\n    " : ",\n    ");
		tg_buf_add_json(out, p, n);
		first = 0;
		p += n + (nl ? 1 : 0);
	}
	tg_buf_adds(out, "\n  ]");
}

/* Every place of a grouped or merged item, one a line. */
static void occurrences(struct tg_buf *out, const struct tg_item *it)
{
	if (!it->occurrences_nr)
		return;
	tg_buf_addf(out, "  %zu occurrences:\n", it->occurrences_nr);
	for (size_t i = 0; i < it->occurrences_nr; i++) {
		const struct tg_occurrence *o = &it->occurrences[i];
		tg_buf_adds(out, "    ");
		tg_buf_add_printables(out, o->path ? o->path : "(repository)");
		tg_buf_addf(out, ":%d", o->start_line);
		if (o->end_line > o->start_line)
			tg_buf_addf(out, "-%d", o->end_line);
		if (o->source || o->rule_id) {
			tg_buf_adds(out, "  (");
			tg_buf_add_printables(out, o->source ? o->source : "-");
			tg_buf_adds(out, " ");
			tg_buf_add_printables(out, o->rule_id ? o->rule_id : "-");
			tg_buf_adds(out, ")");
		}
		tg_buf_addch(out, '\n');
	}
}

static void print_item(const struct tg_item *it, const struct tg_buf *steps, int json)
{
	struct tg_buf out = TG_BUF_INIT;

	if (json) {
		tg_buf_addf(&out,
		            "{\n  \"scoring_model\": \"%s\",\n  \"item\": ", TG_SCORING_MODEL);
		tg_item_to_json(&out, it, 2);
		tg_buf_adds(&out, ",\n  ");
		steps_json(&out, steps);
		tg_buf_adds(&out, "\n}\n");
	} else {
		/* Everything but the fingerprint and the names is repository text: escaped. */
		tg_buf_addf(&out, "%s  ", it->fingerprint);
		tg_buf_add_printables(&out, it->title);
		tg_buf_addf(&out, "\n  %s / ", tg_severity_name(it->severity));
		tg_buf_add_printables(&out, it->category ? it->category : "-");
		tg_buf_addf(&out, " / %s, from ", tg_item_status_name(it->status));
		tg_buf_add_printables(&out, it->source ? it->source : "-");
		tg_buf_adds(&out, " (rule ");
		tg_buf_add_printables(&out, it->rule_id ? it->rule_id : "-");
		tg_buf_adds(&out, ")\n");
		if (it->path) {
			tg_buf_adds(&out, "  at ");
			tg_buf_add_printables(&out, it->path);
			tg_buf_addf(&out, ":%d\n", it->start_line);
		}
		occurrences(&out, it);
		if (it->not_rescanned) {
			tg_buf_adds(&out,
			            "  not rescanned: its file was not read in the last run (");
			tg_buf_add_printables(&out, it->not_rescanned);
			tg_buf_adds(&out, ")\n");
		}
		if (it->message) {
			tg_buf_adds(&out, "  ");
			tg_buf_add_printables(&out, it->message);
			tg_buf_addch(&out, '\n');
		}
		if (it->evidence) {
			tg_buf_adds(&out, "  evidence: ");
			tg_buf_add_printables(&out, it->evidence);
			tg_buf_addch(&out, '\n');
		}
		tg_buf_addf(&out, "\nScore (model %s):\n%s", TG_SCORING_MODEL, steps->buf);
	}
	fputs(out.buf, stdout);
	tg_buf_release(&out);
}

int cmd_explain(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct tg_buf steps = TG_BUF_INIT;
	struct tg_score_model model;
	struct tg_backlog b;
	struct tg_setup s;
	struct tg_item *it;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_setup_find_item(&s, repo, config, argv[0], &b, &it);
	if (it) {
		/* Replays the score with today's configuration, step by step. */
		tg_score_model_from_config(&s.cfg, &model);
		tg_score_item(&model, it, it->change_rate, &steps);
		print_item(it, &steps, !strcmp(format, "json"));
	} else {
		tg_error_report();
	}
	tg_buf_release(&steps);
	tg_backlog_release(&b);
	tg_setup_close(&s);
	return rc == TG_ERR_NOTFOUND ? TG_EXIT_USAGE : tg_status_exit(rc);
}
