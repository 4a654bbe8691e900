#include "cmd/cmd.h"

#include "observe/export.h"
#include "util/log.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon export alerts [-o FILE] [--tests FILE]",
        "terragon export grafana [-o FILE]",
        "",
        "Writes what Prometheus and Grafana load to watch `terragon metrics`: Prometheus rule",
        "groups (the workflow guide's names as recording rules, the SLOs' error ratios,",
        "multi-window multi-burn-rate alerts, AutonomousExecutionFailure,",
        "SecurityVulnerabilityDetected, an absent-metrics alert) with, given --tests, a",
        "`promtool test rules` file next to them; or a Grafana dashboard (JSON,",
        "schemaVersion 39, datasource variable). On standard output unless -o names a file.",
        NULL};

static int write_out(const struct tg_buf *b, const char *path)
{
	if (!path) {
		fputs(b->buf, stdout);
		return TG_OK;
	}
	return tg_buf_write_file(b, path);
}

/* The rules file as the tests file names it: relative to the tests' directory when the
 * two share it, else absolute. */
static void rules_ref(struct tg_buf *out, const char *rules, const char *tests)
{
	char a[PATH_MAX], b[PATH_MAX], *ra, *rb;

	snprintf(a, sizeof(a), "%s", rules);
	snprintf(b, sizeof(b), "%s", tests);
	ra = realpath(dirname(a), NULL);
	rb = realpath(dirname(b), NULL);
	snprintf(a, sizeof(a), "%s", rules);
	if (ra && rb && !strcmp(ra, rb))
		tg_buf_adds(out, basename(a));
	else if (ra)
		tg_buf_addf(out, "%s/%s", ra, basename(a));
	else
		tg_buf_adds(out, rules);
	free(ra);
	free(rb);
}

int cmd_export(int argc, const char **argv)
{
	const char *output = NULL, *tests = NULL;
	struct tg_buf out = TG_BUF_INIT, ref = TG_BUF_INIT;
	int n, rc = TG_OK;
	const struct tg_option opts[] = {
	        TG_OPT_STRING('o', "output", &output, "FILE", "write to FILE"),
	        TG_OPT_STRING(0, "tests", &tests, "FILE",
	                      "alerts: also write a promtool unit-test file (needs -o)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if ((strcmp(argv[0], "alerts") && strcmp(argv[0], "grafana")) ||
	    (tests && (strcmp(argv[0], "alerts") || !output))) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	if (!strcmp(argv[0], "grafana")) {
		tg_export_grafana(&out);
		rc = write_out(&out, output);
	} else {
		tg_export_alerts(&out);
		rc = write_out(&out, output);
		if (!rc && tests) {
			tg_buf_reset(&out);
			rules_ref(&ref, output, tests);
			tg_export_alert_tests(&out, ref.buf);
			rc = write_out(&out, tests);
		}
	}
	if (rc)
		tg_error_report();
	tg_buf_release(&out);
	tg_buf_release(&ref);
	return tg_status_exit(rc);
}
