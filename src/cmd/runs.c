#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {"terragon runs [--limit N] [--format table|json]", NULL};

static void print(const struct tg_store_run *runs, size_t nr, int json)
{
	struct tg_buf out = TG_BUF_INIT;
	char started[32], finished[32];
	size_t i;

	if (json)
		tg_buf_adds(&out, "{\"runs\": [");
	else
		tg_buf_addf(&out, "%-6s %-10s %-20s %-20s %s\n", "RUN", "COMMAND", "STARTED",
		            "FINISHED", "STATUS");
	for (i = 0; i < nr; i++) {
		const struct tg_store_run *r = &runs[i];
		tg_time_format(r->started_at, started, sizeof(started));
		if (r->finished_at)
			tg_time_format(r->finished_at, finished, sizeof(finished));
		else
			strcpy(finished, "-");
		if (json) {
			tg_buf_addf(&out, "%s\n  {\"id\": %lld, \"command\": ", i ? "," : "",
			            (long long)r->id);
			tg_buf_add_jsons(&out, r->command);
			tg_buf_addf(&out, ", \"started\": \"%s\", \"finished\": ", started);
			if (r->finished_at)
				tg_buf_addf(&out, "\"%s\"", finished);
			else
				tg_buf_adds(&out, "null");
			tg_buf_adds(&out, ", \"status\": ");
			tg_buf_add_jsons(&out, r->status);
			tg_buf_adds(&out, "}");
		} else {
			tg_buf_addf(&out, "%-6lld ", (long long)r->id);
			tg_buf_add_printable_cell(&out, r->command, 10);
			tg_buf_addf(&out, " %-20s %-20s ", started, finished);
			tg_buf_add_printables(&out, r->status); /* may quote an error */
			tg_buf_addch(&out, '\n');
		}
	}
	if (json)
		tg_buf_adds(&out, nr ? "\n]}\n" : "]}\n");
	fputs(out.buf, stdout);
	tg_buf_release(&out);
}

int cmd_runs(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct tg_store_run *runs = NULL;
	struct tg_setup s;
	size_t nr = 0;
	int limit = 20, n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_INT('n', "limit", &limit, "N", "the last N runs (default 20; 0: all)"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_READ | TG_SETUP_STORE_URL);
	if (!rc)
		rc = tg_store_runs_list(s.store, limit < 0 ? 0 : (size_t)limit, &runs, &nr);
	if (!rc)
		print(runs, nr, !strcmp(format, "json"));
	else
		tg_error_report();
	tg_store_runs_free(runs, nr);
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
