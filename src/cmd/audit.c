#include "cmd/cmd.h"

#include "cmd/audit_changes.h"
#include "cmd/setup.h"
#include "store/audit.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon audit log [-C DIR] [-c FILE] [--format table|jsonl]",
        "terragon audit verify [-C DIR] [-c FILE]",
        "terragon audit export [-C DIR] [-c FILE] --format jsonl [-o FILE]",
        "terragon audit changes [-C DIR] [-c FILE] [--format table|json] [RANGE]",
        "",
        "The audit trail: every run, suppression added or removed, execution (branch, commit,",
        "push, pull request, rollback) and gate decision, with its time and actor (the OS",
        "user, and GITHUB_ACTOR and GITHUB_RUN_ID in CI), chained by SHA-256. verify walks",
        "the chain and names the first entry altered, removed or out of order (exit 1).",
        "export writes one JSON object a line, for an auditor. An old .terragon/audit.log",
        "is moved into the trail the first time.",
        "",
        "changes lists each change merged in RANGE (default: since the last check) with its",
        "author, committer or merger and approvers (Reviewed-by: and Approved-by: trailers),",
        "checks them against compliance.approvals, records the check in the trail, and exits",
        "1 when a change breaks the policy.",
        NULL,
};

static const char *const formats[] = {"table", "jsonl", "json", NULL};

static int print_row(const struct tg_audit_entry *e, void *arg)
{
	struct tg_buf *out = arg;
	char when[32];

	tg_time_format(e->at, when, sizeof(when));
	tg_buf_addf(out, "%6lld  %s  ", (long long)e->id, when);
	tg_buf_add_printables(out, e->actor);
	if (e->ci_actor || e->ci_run) {
		tg_buf_adds(out, " (ci ");
		tg_buf_add_printables(out, e->ci_actor ? e->ci_actor : "?");
		tg_buf_adds(out, ", run ");
		tg_buf_add_printables(out, e->ci_run ? e->ci_run : "?");
		tg_buf_adds(out, ")");
	}
	tg_buf_adds(out, "  ");
	tg_buf_add_printables(out, e->action);
	if (e->subject) {
		tg_buf_adds(out, "  ");
		tg_buf_add_printables(out, e->subject);
	}
	tg_buf_adds(out, "\n");
	return 0;
}

static int json_row(const struct tg_audit_entry *e, void *arg)
{
	tg_audit_entry_json(arg, e);
	tg_buf_adds(arg, "\n");
	return 0;
}

static int write_out(const struct tg_buf *out, const char *file)
{
	if (file && strcmp(file, "-"))
		return tg_buf_write_file(out, file);
	if (fwrite(out->buf, 1, out->len, stdout) != out->len || fflush(stdout))
		return tg_error_set(TG_ERR_RUN, "audit: standard output: %s", strerror(errno));
	return TG_OK;
}

static int verify(struct tg_setup *s, int *broken)
{
	struct tg_audit_check c;
	int rc = tg_audit_verify(s->store, &c);

	if (!rc && c.broken_id) {
		*broken = 1;
		printf("audit trail broken at entry %lld: %s\n", (long long)c.broken_id,
		       c.problem.buf);
	} else if (!rc) {
		printf("audit trail intact: %zu entries, head %s\n", c.entries, c.head);
	}
	tg_audit_check_release(&c);
	return rc;
}

static int run(struct tg_setup *s, const char *const *argv, int n, const char *format,
               const char *file, int *broken)
{
	struct tg_buf out = TG_BUF_INIT;
	const char *what = argv[0];
	int rc;

	if (!strcmp(what, "verify"))
		return verify(s, broken);
	if (!strcmp(what, "changes"))
		return tg_audit_changes(s, n == 2 ? argv[1] : NULL, !strcmp(format, "json"),
		                        broken);
	if (!strcmp(format, "json"))
		return tg_error_set(TG_ERR_USAGE, "audit %s: --format json is for changes", what);
	if (!strcmp(what, "export") && strcmp(format, "jsonl"))
		return tg_error_set(TG_ERR_USAGE, "audit export: --format jsonl is the one format");
	rc = tg_audit_each(s->store, strcmp(format, "jsonl") ? print_row : json_row, &out);
	if (!rc)
		rc = write_out(&out, file);
	tg_buf_release(&out);
	return rc;
}

int cmd_audit(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = NULL, *file = NULL;
	struct tg_setup s;
	int n, rc, broken = 0;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(
	                0, "format", &format, formats,
	                "log: table (default) or jsonl; export: jsonl; changes: table or json"),
	        TG_OPT_STRING('o', "output", &file, "FILE",
	                      "export: write to FILE (default: stdout)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 2);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n == 2 && strcmp(argv[0], "changes")) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	if (strcmp(argv[0], "log") && strcmp(argv[0], "verify") && strcmp(argv[0], "export") &&
	    strcmp(argv[0], "changes")) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	if (!format)
		format = strcmp(argv[0], "export") ? "table" : "jsonl";
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_WRITE);
	if (!rc && tg_audit_migrate_log(s.store, s.root))
		tg_warn("%s", tg_error_message());
	if (!rc)
		rc = run(&s, argv, n, format, file, &broken);
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return rc ? tg_status_exit(rc) : broken ? TG_EXIT_FAIL : TG_EXIT_OK;
}
