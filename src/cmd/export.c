#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "observe/export.h"
#include "util/log.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon export alerts [-C DIR] [-c FILE] [-o FILE] [--tests FILE]",
        "terragon export grafana [-o FILE]",
        "",
        "Writes what Prometheus and Grafana load to watch `terragon metrics`: Prometheus rule",
        "groups (the workflow guide's names as recording rules, the SLOs' error ratios,",
        "multi-window multi-burn-rate alerts for each SLO of the configuration (slos:),",
        "AutonomousExecutionFailure,",
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

static int export(const char *what, const char *output, const char *tests,
                  const struct tg_slo *slos, size_t nr)
{
	struct tg_buf out = TG_BUF_INIT, ref = TG_BUF_INIT;
	int rc;

	if (!strcmp(what, "grafana")) {
		tg_export_grafana(&out);
		rc = write_out(&out, output);
	} else {
		tg_export_alerts(&out, slos, nr);
		rc = write_out(&out, output);
		if (!rc && tests) {
			tg_buf_reset(&out);
			rules_ref(&ref, output, tests);
			tg_export_alert_tests(&out, ref.buf, slos, nr);
			rc = write_out(&out, tests);
		}
	}
	tg_buf_release(&out);
	tg_buf_release(&ref);
	return rc;
}

int cmd_export(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *output = NULL, *tests = NULL;
	struct tg_slo slos[TG_CONFIG_SLOS_MAX];
	struct tg_setup s;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
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
	/* The SLOs come from the configuration (slos:); no store is needed. */
	rc = tg_setup_open(&s, repo, config, TG_SETUP_NO_STORE);
	if (!rc)
		rc = export(argv[0], output, tests, slos, tg_slo_from_config(&s.cfg, slos));
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
