#include "cmd/cmd.h"

#include "health/health.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {"terragon health [--repo-path P] [--format table|json]", NULL};

int cmd_health(int argc, const char **argv)
{
	const char *repo = NULL, *format = "table";
	const struct tg_option opts[] = {
	        TG_OPT_STRING(0, "repo-path", &repo, "P", "the repository (default: here)"),
	        TG_OPT_STRING(0, "format", &format, "FORMAT", "table (default) or json"),
	        TG_OPT_END(),
	};
	struct tg_health_report report;
	struct tg_buf out = TG_BUF_INIT;
	int n = tg_options_parse(argc, argv, opts, usage), rc;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n > 1 || (n == 1 && repo)) {
		tg_error("health takes one repository path");
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	if (strcmp(format, "table") && strcmp(format, "json")) {
		tg_error("--format: expected table or json, got \"%s\"", format);
		return TG_EXIT_USAGE;
	}
	rc = tg_health_run_with(n == 1 ? argv[0] : repo, TG_HEALTH_GITHUB, &report);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	if (!strcmp(format, "json"))
		tg_health_format_json(&out, &report);
	else
		tg_health_format_table(&out, &report);
	fputs(out.buf, stdout);
	tg_buf_release(&out);
	rc = report.healthy ? TG_EXIT_OK : TG_EXIT_FAIL;
	tg_health_report_release(&report);
	return rc;
}
