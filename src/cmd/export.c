#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "fleet/fleet.h"
#include "observe/export.h"
#include "util/error.h"
#include "util/log.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon export alerts [-C DIR] [-c FILE] [-o FILE] [--tests FILE]",
        "terragon export grafana [-o FILE]",
        "terragon export k8s-job --shards N --image IMAGE [--name NAME] [--secret NAME] "
        "[--repos-configmap NAME] [-o FILE]",
        "terragon export github-matrix --shards N --image IMAGE [--repos FILE] [-o FILE]",
        "",
        "Writes what Prometheus and Grafana load to watch `terragon metrics`: Prometheus rule",
        "groups (the workflow guide's names as recording rules, the SLOs' error ratios,",
        "multi-window multi-burn-rate alerts for each SLO of the configuration (slos:),",
        "AutonomousExecutionFailure,",
        "SecurityVulnerabilityDetected, an absent-metrics alert) with, given --tests, a",
        "`promtool test rules` file next to them; or a Grafana dashboard (JSON,",
        "schemaVersion 39, datasource variable). On standard output unless -o names a file.",
        "",
        "k8s-job writes a Kubernetes Indexed Job running `terragon fleet run` with one shard",
        "per index (JOB_COMPLETION_INDEX), a Secret for the store URL, PGPASSWORD and the git",
        "credentials, and backoffLimitPerIndex; github-matrix a GitHub Actions workflow with a",
        "matrix over the shards and a report job after them.",
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

/* Names that go into YAML and a shell line: plain ones only. */
static int plain_name(const char *what, const char *v)
{
	if (!v || !*v ||
	    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	              "0123456789._/:@-") != strlen(v))
		return tg_error_set(TG_ERR_USAGE, "export: %s: expected letters, digits and ._/:@-",
		                    what);
	return TG_OK;
}

static int fleet_export(const char *kind, const struct tg_fleet_export *e, const char *output)
{
	struct tg_buf out = TG_BUF_INIT;
	int rc;

	if (e->shards < 1 || e->shards > 10000)
		return tg_error_set(TG_ERR_USAGE, "export %s: --shards must be 1 to 10000", kind);
	if ((rc = plain_name("--image", e->image)) || (rc = plain_name("--name", e->name)) ||
	    (rc = plain_name("--secret", e->secret)) ||
	    (rc = plain_name("--repos-configmap", e->configmap)) ||
	    (rc = plain_name("--repos", e->repos)))
		return rc;
	if (!strcmp(kind, "k8s-job"))
		tg_fleet_export_k8s(&out, e);
	else
		tg_fleet_export_github(&out, e);
	rc = write_out(&out, output);
	tg_buf_release(&out);
	return rc;
}

int cmd_export(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *output = NULL, *tests = NULL;
	struct tg_slo slos[TG_CONFIG_SLOS_MAX];
	struct tg_fleet_export fe = {0,
	                             NULL,
	                             "terragon-fleet",
	                             "terragon-fleet",
	                             "terragon-fleet-repos",
	                             "fleet/repos.yaml"};
	int shards = 0;
	struct tg_setup s;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_STRING('o', "output", &output, "FILE", "write to FILE"),
	        TG_OPT_STRING(0, "tests", &tests, "FILE",
	                      "alerts: also write a promtool unit-test file (needs -o)"),
	        TG_OPT_INT(0, "shards", &shards, "N",
	                   "k8s-job, github-matrix: the number of shards"),
	        TG_OPT_STRING(0, "image", &fe.image, "IMAGE",
	                      "k8s-job, github-matrix: the container image with terragon"),
	        TG_OPT_STRING(0, "name", &fe.name, "NAME",
	                      "k8s-job: the Job's name (default terragon-fleet)"),
	        TG_OPT_STRING(0, "secret", &fe.secret, "NAME",
	                      "k8s-job: the Secret with store-url, pgpassword and git-credentials "
	                      "(default terragon-fleet)"),
	        TG_OPT_STRING(
	                0, "repos-configmap", &fe.configmap, "NAME",
	                "k8s-job: the ConfigMap with repos.yaml (default terragon-fleet-repos)"),
	        TG_OPT_STRING(0, "repos", &fe.repos, "FILE",
	                      "github-matrix: the repository list in the checkout (default "
	                      "fleet/repos.yaml)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (!strcmp(argv[0], "k8s-job") || !strcmp(argv[0], "github-matrix")) {
		fe.shards = shards < 0 ? 0 : (unsigned)shards;
		if ((rc = fleet_export(argv[0], &fe, output)))
			tg_error_report();
		return rc == TG_ERR_USAGE ? TG_EXIT_USAGE : tg_status_exit(rc);
	}
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
