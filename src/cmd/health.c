#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "health/health.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {"terragon health [-C DIR] [-c FILE] [--format table|json]",
                                    NULL};

int cmd_health(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};
	struct tg_health_report report;
	struct tg_buf out = TG_BUF_INIT;
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 1), rc;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n == 1 && repo) {
		tg_error("health takes one repository path");
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	rc = tg_health_run_with(n == 1 ? argv[0] : repo, config, TG_HEALTH_GITHUB, &report);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	if (!strcmp(format, "json"))
		tg_health_format_json(&out, &report);
	else
		tg_health_format_table(&out, &report);
	tg_cmd_print_text(&out, !strcmp(format, "json"));
	tg_buf_release(&out);
	rc = report.healthy ? TG_EXIT_OK : TG_EXIT_FAIL;
	tg_health_report_release(&report);
	return rc;
}
