#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "backlog/backlog.h"
#include "compliance/posture.h"
#include "observe/slo.h"
#include "serve/serve.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon serve [--listen HOST:PORT] [--max-connections N] [--timeout S]",
        "",
        "Serves the store read-only over HTTP until SIGTERM: /metrics (OpenMetrics when the",
        "Accept header asks for it, else Prometheus text 0.0.4), /healthz and /livez, /readyz,",
        "the HTML report at / (as `terragon report --html` writes it), and JSON:",
        "/api/backlog (the open items, ranked; query parameters category, severity, path,",
        "tier, new_since and min_score as `terragon backlog`'s options, limit (1 to 1000, default",
        "100) and offset) and /api/items/ID (the item as `terragon explain --format json`",
        "prints it, with its history). A bad parameter is 400 with {\"error\": ...}, an",
        "unknown item 404. GET and HEAD only (else 405); anything else is 404. Loopback only",
        "unless --listen says otherwise (port 0: any free port). Prints the address it",
        "listens on when ready.",
        NULL};

static void ready(unsigned port)
{
	printf("listening on port %u\n", port);
	fflush(stdout);
}

static const char *repo_name(const char *root)
{
	const char *slash = strrchr(root, '/');

	return slash && slash[1] ? slash + 1 : root;
}

int cmd_serve(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *listen = "127.0.0.1:9464";
	int n, rc, conns = 512, timeout = 10;
	struct tg_setup s;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_STRING(0, "listen", &listen, "HOST:PORT",
	                      "address to listen on (default 127.0.0.1:9464)"),
	        TG_OPT_INT(0, "max-connections", &conns, "N",
	                   "connections served at once (default 512)"),
	        TG_OPT_INT(0, "timeout", &timeout, "S",
	                   "seconds an idle or slow connection is kept (default 10)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (conns < 1 || timeout < 1) {
		fprintf(stderr,
		        "terragon serve: --max-connections and --timeout must be positive\n");
		return TG_EXIT_USAGE;
	}
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_READ);
	if (!rc) {
		struct tg_slo slos[TG_CONFIG_SLOS_MAX];
		struct tg_score_model model;
		struct tg_posture posture;
		struct tg_serve_opts o = {listen,
		                          tg_store_db(s.store),
		                          tg_store_path(s.store),
		                          repo_name(s.root),
		                          (unsigned)conns,
		                          (unsigned)timeout,
		                          &model,
		                          slos,
		                          0,
		                          NULL};
		tg_score_model_from_config(&s.cfg, &model);
		o.slos_nr = tg_slo_from_config(&s.cfg, slos);
		o.posture = tg_metrics_posture(s.root, &s.cfg, &posture);
		rc = tg_serve_run(&o, ready);
	}
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
