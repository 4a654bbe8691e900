#include "cmd/cmd.h"

#include "backlog/persist.h"
#include "cmd/setup.h"
#include "store/sql.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon store export FILE   (- for stdout)",
        "terragon store import FILE",
        "terragon store migrate [--to postgres://...]",
        "",
        "migrate copies this repository's store (runs, items and their events, executions,",
        "benchmarks, the audit trail) into PostgreSQL, keeping ids; run again, it adds only",
        "what is new. The password comes from PGPASSWORD or ~/.pgpass, never the URL.",
        "Without --to, the database store.url (TERRAGON_STORE__URL) names.",
        NULL,
};

static int export_to(struct tg_setup *s, const char *file)
{
	struct tg_buf out = TG_BUF_INIT;
	int rc = tg_persist_export(tg_store_db(s->store), &out);

	if (!rc && !strcmp(file, "-")) {
		/* A full disk behind the redirection is an error that says where. */
		if (fwrite(out.buf, 1, out.len, stdout) != out.len || fflush(stdout))
			rc = tg_error_set(TG_ERR_RUN, "store export: standard output: %s",
			                  strerror(errno));
	} else if (!rc)
		rc = tg_buf_write_file(&out, file);
	tg_buf_release(&out);
	return rc;
}

static int import_from(struct tg_setup *s, const char *file)
{
	struct tg_buf in = TG_BUF_INIT;
	int rc = tg_buf_read_file(&in, file);

	/* One transaction: a bad line leaves the store as it was. */
	if (!rc)
		rc = tg_store_begin(s->store);
	if (!rc) {
		rc = tg_persist_import(tg_store_db(s->store), file, in.buf, in.len);
		if (rc)
			tg_store_rollback(s->store);
		else
			rc = tg_store_commit(s->store);
	}
	tg_buf_release(&in);
	return rc;
}

static int migrate_to(struct tg_setup *s, const char *url)
{
	struct tg_buf report = TG_BUF_INIT;
	struct tg_sql *dst;
	int rc;

	if ((rc = tg_sql_open_pg(&dst, url)))
		return rc;
	rc = tg_store_copy(s->store, dst, &report);
	if (!rc)
		printf("copied %s into %s:\n%s", tg_store_path(s->store), tg_sql_name(dst),
		       report.buf);
	tg_sql_close(dst);
	tg_buf_release(&report);
	return rc;
}

int cmd_store(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *to = NULL;
	struct tg_setup s;
	int n, rc, exporting;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_STRING(0, "to", &to, "URL",
	                      "migrate: the PostgreSQL database (default: store.url)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 2);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n == 1 && !strcmp(argv[0], "migrate")) {
		/* A wrong URL is said before the store is opened. */
		rc = tg_setup_open(&s, repo, config, TG_SETUP_NO_STORE);
		if (!rc && !to && s.cfg.store.url && *s.cfg.store.url)
			to = s.cfg.store.url;
		if (!rc)
			rc = to ? tg_sql_url_check(to)
			        : tg_error_set(TG_ERR_USAGE,
			                       "store migrate: --to URL (or store.url) "
			                       "is required");
		if (!rc) {
			struct tg_setup f;
			rc = tg_setup_open(&f, repo, config,
			                   TG_SETUP_STORE_READ | TG_SETUP_STORE_FILE);
			if (!rc)
				rc = migrate_to(&f, to);
			tg_setup_close(&f);
		}
		tg_setup_close(&s);
		if (rc)
			tg_error_report();
		return rc == TG_ERR_USAGE ? TG_EXIT_USAGE : tg_status_exit(rc);
	}
	if (n != 2 || (strcmp(argv[0], "export") && strcmp(argv[0], "import"))) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	exporting = !strcmp(argv[0], "export");
	rc = tg_setup_open(&s, repo, config,
	                   exporting ? TG_SETUP_STORE_READ : TG_SETUP_STORE_WRITE);
	if (!rc)
		rc = exporting ? export_to(&s, argv[1]) : import_from(&s, argv[1]);
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return rc == TG_ERR_INPUT ? TG_EXIT_USAGE : tg_status_exit(rc);
}
