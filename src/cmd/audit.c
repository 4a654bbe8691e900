#include "cmd/cmd.h"

#include "cmd/audit_changes.h"
#include "cmd/setup.h"
#include "store/audit.h"
#include "supply/audit_seal.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon audit log [-C DIR] [-c FILE] [--format table|jsonl]",
        "terragon audit verify [-C DIR] [-c FILE] [--key PUB [--seal FILE]]",
        "terragon audit seal [-C DIR] [-c FILE] [--key KEY] [-o FILE]",
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
        "seal signs the chain's head with the supply-chain key (KEY as for `terragon sign`;",
        "default $TERRAGON_SIGNING_KEY) in a DSSE envelope, appended to the trail as an",
        "audit.sealed entry and written to FILE with -o, for an auditor to keep. verify --key",
        "PUB (default $TERRAGON_VERIFY_KEY with --seal) also checks every seal of the trail,",
        "or only the one in FILE with --seal: a chain rewritten and rehashed from an altered",
        "entry onwards passes the chain's check but not a seal (exit 1).",
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

/* The seal FILE, or the trail's own seals when there is none. */
static int verify_seal(struct tg_setup *s, const char *key_path, const char *seal_file, int *broken)
{
	struct tg_audit_seal_check c = {0};
	struct tg_buf text = TG_BUF_INIT;
	struct tg_key key;
	int rc = tg_key_load_public(&key, key_path);

	if (rc)
		return rc;
	tg_buf_init(&c.problem, 0);
	if (seal_file)
		rc = tg_read_small(seal_file, 1 << 20, &text);
	if (!rc)
		rc = tg_audit_seal_check(s->store, &key, seal_file ? text.buf : NULL, text.len, &c);
	if (!rc && c.broken) {
		*broken = 1;
		printf("audit seal broken: %s\n", c.problem.buf);
	} else if (!rc) {
		printf("audit seal holds: entry %lld sealed at %s by key %.16s (%zu seal%s "
		       "checked), "
		       "%zu entr%s after it not sealed\n",
		       (long long)c.last.head_id, c.last.sealed_at, c.last.keyid, c.seals,
		       c.seals == 1 ? "" : "s", c.unsealed, c.unsealed == 1 ? "y" : "ies");
	}
	tg_audit_seal_check_release(&c);
	tg_key_release(&key);
	tg_buf_release(&text);
	return rc;
}

/* A broken or empty chain is not sealed: exit 1, as verify's. */
static int seal(struct tg_setup *s, const char *key_path, const char *file, int *broken)
{
	struct tg_buf env = TG_BUF_INIT;
	struct tg_audit_seal sealed;
	struct tg_key key;
	int rc = tg_key_load_private(&key, key_path);

	if (!rc)
		rc = tg_audit_seal(s->store, &key, tg_clock_now(), &env, &sealed);
	if (!rc && file) {
		tg_buf_addch(&env, '\n');
		rc = tg_buf_write_file(&env, file);
	}
	if (!rc)
		printf("sealed entry %lld (head %s, %zu entries) with key %.16s\n",
		       (long long)sealed.head_id, sealed.head, sealed.entries, sealed.keyid);
	if (rc == TG_ERR_INPUT) {
		tg_error_report();
		*broken = 1;
		rc = TG_OK;
	}
	tg_key_release(&key);
	tg_buf_release(&env);
	return rc;
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

struct args {
	const char *format, *file, *key, *seal;
};

static int run(struct tg_setup *s, const char *const *argv, int n, const struct args *a,
               int *broken)
{
	struct tg_buf out = TG_BUF_INIT;
	const char *what = argv[0], *format = a->format, *file = a->file;
	int rc;

	if ((a->key || a->seal) && strcmp(what, "verify") && strcmp(what, "seal"))
		return tg_error_set(TG_ERR_USAGE,
		                    "audit %s: --key and --seal are for verify and seal", what);
	if (!strcmp(what, "seal"))
		return a->seal ? tg_error_set(TG_ERR_USAGE,
		                              "audit seal: --seal is for verify; -o FILE "
		                              "writes the seal")
		               : seal(s, a->key, file, broken);
	if (!strcmp(what, "verify")) {
		rc = verify(s, broken);
		if (!rc && (a->key || a->seal))
			rc = verify_seal(s, a->key, a->seal, broken);
		return rc;
	}
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
	const char *repo = NULL, *config = NULL;
	struct args a = {0};
	struct tg_setup s;
	int n, rc, broken = 0;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(
	                0, "format", &a.format, formats,
	                "log: table (default) or jsonl; export: jsonl; changes: table or json"),
	        TG_OPT_STRING(
	                'o', "output", &a.file, "FILE",
	                "export: write to FILE (default: stdout); seal: the envelope to FILE"),
	        TG_OPT_STRING(0, "key", &a.key, "KEY",
	                      "seal: the private key; verify: the public key to check seals with"),
	        TG_OPT_STRING(0, "seal", &a.seal, "FILE",
	                      "verify: check the seal kept in FILE instead of the trail's"),
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
	    strcmp(argv[0], "changes") && strcmp(argv[0], "seal")) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	if (!a.format)
		a.format = strcmp(argv[0], "export") ? "table" : "jsonl";
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_WRITE);
	if (!rc && tg_audit_migrate_log(s.store, s.root))
		tg_warn("%s", tg_error_message());
	if (!rc)
		rc = run(&s, argv, n, &a, &broken);
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return rc ? tg_status_exit(rc) : broken ? TG_EXIT_FAIL : TG_EXIT_OK;
}
