#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "gate/gate.h"
#include "store/audit.h"
#include "util/clock.h"
#include "util/buf.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {"terragon gate [-C DIR] [-c FILE] [--format table|json|md]",
                                    NULL};

static const char *const formats[] = {"table", "json", "md", NULL};

/*
 * The store when there is one: its absence is the vulnerability gate's to
 * report. A store that is there but cannot be opened (unreadable, corrupted,
 * a -wal left where it may not be written) is an error that names it: the
 * gate cannot be evaluated, and "no store" would be untrue.
 */
static int open_store(const struct tg_setup *s, struct tg_store **st)
{
	struct tg_buf path = TG_BUF_INIT;
	int rc = TG_OK;

	*st = NULL;
	tg_store_path_in(&path, s->root, s->cfg.store.path);
	if (!access(path.buf, F_OK) || errno != ENOENT)
		rc = tg_store_open_in(st, s->root, s->cfg.store.path, TG_STORE_READONLY, -1);
	tg_buf_release(&path);
	return rc;
}

/* The decision, in the audit trail of the store there is: the gates' JSON report. */
static void audit_decision(const struct tg_setup *s, const struct tg_gate_report *r)
{
	struct tg_buf d = TG_BUF_INIT;
	struct tg_store *st = NULL;
	int rc = tg_store_open_in(&st, s->root, s->cfg.store.path, 0, -1);

	tg_gate_format(r, TG_GATE_JSON, &d);
	if (!rc)
		rc = tg_audit_append(st, tg_clock_now(), "gate", r->failed ? "failed" : "passed",
		                     d.buf);
	if (rc)
		tg_warn("the gate decision is not in the audit trail: %s", tg_error_message());
	if (st)
		tg_store_close(st);
	tg_buf_release(&d);
}

int cmd_gate(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct tg_gate_report r;
	struct tg_buf out = TG_BUF_INIT;
	struct tg_store *st;
	struct tg_setup s;
	enum tg_gate_format f;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, formats,
	                      "output format (default: table; md for a PR comment or CI summary)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	f = !strcmp(format, "json") ? TG_GATE_JSON
	    : !strcmp(format, "md") ? TG_GATE_MD
	                            : TG_GATE_TABLE;
	rc = tg_setup_open(&s, repo, config, TG_SETUP_NO_STORE);
	if (rc) {
		tg_error_report();
		tg_setup_close(&s);
		return rc == TG_ERR_RUN ? TG_EXIT_RUN : TG_EXIT_USAGE;
	}
	if (open_store(&s, &st)) {
		tg_error_report();
		tg_setup_close(&s);
		return TG_EXIT_RUN;
	}
	rc = tg_gate_run(&s.cfg, s.root, st ? tg_store_db(st) : NULL, &r);
	if (rc) {
		tg_error_report();
	} else {
		tg_gate_format(&r, f, &out);
		tg_cmd_print_text(&out, f == TG_GATE_JSON);
	}
	tg_buf_release(&out);
	if (st)
		tg_store_close(st);
	if (st && !rc)
		audit_decision(&s, &r);
	tg_setup_close(&s);
	n = rc ? TG_EXIT_USAGE : r.failed ? TG_EXIT_FAIL : TG_EXIT_OK;
	tg_gate_report_release(&r);
	return n;
}
