#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "observe/slo.h"
#include "util/clock.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon slo [--format table|json]",
        "",
        "The service level objectives of the configuration (slos:), from the store. The",
        "default is the workflow guide's three: autonomous execution success 95% over 7",
        "days, time to value under 4 h for 95% of the items execute takes on over 30 days,",
        "vulnerabilities resolved within 2 days for 95% over 30 days. For each: the SLI over its "
        "window, the error budget left, burn rates over",
        "1 h, 6 h, 1 d and 3 d, and the time until the budget is gone at the current burn",
        "(the shortest window with events). An item still open past its threshold counts",
        "as a miss. Exit 1 when an SLO is breached; with no data, \"no data\" and exit 0.",
        NULL};

int cmd_slo(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct tg_slo_result res[TG_CONFIG_SLOS_MAX];
	struct tg_slo slos[TG_CONFIG_SLOS_MAX];
	struct tg_buf out = TG_BUF_INIT;
	struct tg_observe o = {0};
	struct tg_setup s;
	size_t i, nr = 0;
	int n, rc, breached = 0;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_READ | TG_SETUP_STORE_URL);
	if (!rc)
		rc = tg_observe_load(tg_store_sql(s.store), tg_clock_now(), NULL, &o);
	if (!rc) {
		nr = tg_slo_from_config(&s.cfg, slos);
		for (i = 0; i < nr; i++) {
			tg_slo_evaluate(&o, &slos[i], &res[i]);
			breached |= res[i].breached;
		}
		if (!strcmp(format, "json"))
			tg_slo_json(&out, res, nr, o.now);
		else
			tg_slo_table(&out, res, nr);
		tg_cmd_print_text(&out, !strcmp(format, "json"));
	} else {
		tg_error_report();
	}
	tg_buf_release(&out);
	tg_observe_release(&o);
	tg_setup_close(&s);
	return rc ? tg_status_exit(rc) : breached ? 1 : 0;
}
