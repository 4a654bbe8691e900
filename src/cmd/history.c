#include "cmd/cmd.h"

#include "backlog/persist.h"
#include "cmd/setup.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {"terragon history ID [--format table|json]", NULL};

int cmd_history(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct tg_buf out = TG_BUF_INIT;
	struct tg_backlog b;
	struct tg_setup s;
	struct tg_item *it;
	int n, rc, json;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	json = !strcmp(format, "json");
	rc = tg_setup_find_item(&s, repo, config, argv[0], &b, &it);
	if (it) {
		if (json) {
			tg_buf_addf(&out,
			            "{\"fingerprint\": \"%s\", \"status\": \"%s\", \"events\": ",
			            it->fingerprint, tg_item_status_name(it->status));
		} else {
			tg_buf_addf(&out, "%s  ", it->fingerprint);
			tg_buf_add_printables(&out, it->title); /* repository text */
			tg_buf_addf(&out, " (%s)\n", tg_item_status_name(it->status));
		}
		rc = tg_persist_events(tg_store_sql(s.store), it->fingerprint, &out, json);
		if (json) {
			tg_buf_setlen(&out, out.len - 1); /* the events' newline */
			tg_buf_adds(&out, "}\n");
		}
	}
	if (rc)
		tg_error_report();
	else
		fputs(out.buf, stdout);
	tg_buf_release(&out);
	tg_backlog_release(&b);
	tg_setup_close(&s);
	return rc == TG_ERR_NOTFOUND ? TG_EXIT_USAGE : tg_status_exit(rc);
}
