#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "compliance/posture.h"
#include "observe/slo.h"
#include "util/clock.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon metrics [--format prometheus|openmetrics] [--textfile DIR] [--push URL]",
        "",
        "Prints the repository's metrics, computed from the store's whole history, in",
        "Prometheus text 0.0.4 (the default) or OpenMetrics 1.0. --textfile DIR writes",
        "DIR/terragon.prom atomically for node_exporter's textfile collector; --push URL",
        "PUTs them to a Pushgateway under job \"terragon\" and the repository as instance.",
        "Both always use the text format 0.0.4; with either, nothing is printed.",
        NULL};

static const char *const formats[] = {"prometheus", "openmetrics", NULL};

static const char *repo_name(const char *root)
{
	const char *slash = strrchr(root, '/');

	return slash && slash[1] ? slash + 1 : root;
}

static int deliver(const struct tg_observe *o, const char *fmt, const char *dir, const char *url)
{
	struct tg_buf text = TG_BUF_INIT;
	long status;
	int rc = TG_OK;

	tg_observe_metrics(&text, o,
	                   !strcmp(fmt, "openmetrics") && !dir && !url ? TG_EXPO_OPENMETRICS
	                                                               : TG_EXPO_PROMETHEUS);
	if (o->skewed)
		tg_warn("%llu records of the store are dated after now or end before they began "
		        "(clock skew): their durations are not counted",
		        (unsigned long long)o->skewed);
	if (!dir && !url)
		fputs(text.buf, stdout);
	if (dir)
		rc = tg_observe_textfile(dir, &text);
	if (!rc && url)
		rc = tg_observe_push(url, o->repository, &text, &status);
	tg_buf_release(&text);
	return rc;
}

int cmd_metrics(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "prometheus", *dir = NULL, *url = NULL;
	struct tg_slo slos[TG_CONFIG_SLOS_MAX];
	struct tg_observe o = {0};
	struct tg_posture posture;
	struct tg_setup s;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, formats,
	                      "exposition format on standard output (default: prometheus)"),
	        TG_OPT_STRING(0, "textfile", &dir, "DIR",
	                      "write DIR/terragon.prom for node_exporter's textfile collector"),
	        TG_OPT_STRING(0, "push", &url, "URL", "PUT the metrics to the Pushgateway at URL"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_READ | TG_SETUP_STORE_URL);
	if (!rc)
		rc = tg_observe_load(tg_store_sql(s.store), tg_clock_now(), repo_name(s.root), &o);
	if (!rc) {
		o.slos = slos; /* their thresholds become buckets */
		o.slos_nr = tg_slo_from_config(&s.cfg, slos);
		o.posture = tg_metrics_posture(s.root, &s.cfg, &posture);
		rc = deliver(&o, format, dir, url);
	}
	if (rc)
		tg_error_report();
	tg_observe_release(&o);
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
