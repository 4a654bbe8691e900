#include "cmd/cmd.h"

#include "backlog/explain.h"
#include "backlog/persist.h"
#include "cmd/setup.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {"terragon explain ID [--format table|json]", NULL};

static void print_item(const struct tg_item *it, const struct tg_buf *steps, int json)
{
	struct tg_buf out = TG_BUF_INIT;

	if (json) {
		tg_item_explain_json(&out, it, steps, NULL);
	} else {
		tg_item_explain(&out, it, steps);
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
