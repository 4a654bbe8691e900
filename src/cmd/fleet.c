#include "cmd/cmd.h"

#include "backlog/backlog.h"
#include "backlog/persist.h"
#include "fleet/fleet.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const usage[] = {
        "terragon fleet run --repos FILE --shard I/N [--workdir DIR] [--store URL]",
        "terragon fleet report [--store URL] [--format table|json] [--top N] [--stale-hours H]",
        "terragon fleet publish --url URL --head COMMIT --from FILE [--store URL]",
        "",
        "The shared store is --store, else TERRAGON_STORE__URL: a postgres:// URL (the",
        "password from PGPASSWORD or ~/.pgpass, never in the URL) or a SQLite file.",
        "FILE lists clone URLs or paths, one a line, or in YAML: a list of URLs or of",
        "{url: URL, config: {key: value}} (configuration overrides for that repository).",
        "A repository goes to shard hash(url) mod N; I counts from 0.",
        "publish sends the open items of a repository's SQLite store (--from), discovered at",
        "COMMIT, to the shared store as fleet run does: for pipelines that run discover",
        "themselves.",
        NULL,
};

static int parse_shard(const char *s, unsigned *i, unsigned *n)
{
	char *e;
	unsigned long a, b;

	errno = 0;
	a = strtoul(s, &e, 10);
	if (e == s || *e != '/' || errno)
		goto bad;
	s = e + 1;
	b = strtoul(s, &e, 10);
	if (e == s || *e || errno || b == 0 || b > 100000 || a >= b)
		goto bad;
	*i = (unsigned)a;
	*n = (unsigned)b;
	return TG_OK;
bad:
	return tg_error_set(TG_ERR_USAGE, "--shard: expected I/N with 0 <= I < N, got '%s'", s);
}

static const char *store_target(const char *given)
{
	const char *env = getenv("TERRAGON_STORE__URL");

	if (given && *given)
		return given;
	return env && *env ? env : NULL;
}

static int run(const char *repos, const char *shard, const char *workdir, const char *store)
{
	struct tg_fleet_run_opts o = {0};
	struct tg_fleet_list l;
	char exe[PATH_MAX], wd[PATH_MAX];
	ssize_t n;
	int rc;

	if (!repos || !shard)
		return tg_error_set(TG_ERR_USAGE, "fleet run: --repos and --shard are required");
	if ((rc = parse_shard(shard, &o.shard, &o.shards)))
		return rc;
	if (!(o.store = store_target(store)))
		return tg_error_set(
		        TG_ERR_USAGE,
		        "fleet run: no shared store: give --store or TERRAGON_STORE__URL");
	if (mkdir(workdir, 0777) && errno != EEXIST)
		return tg_error_set(TG_ERR_RUN, "fleet run: cannot create %s: %s", workdir,
		                    strerror(errno));
	if (!realpath(workdir, wd))
		return tg_error_set(TG_ERR_RUN, "fleet run: %s: %s", workdir, strerror(errno));
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return tg_error_set(TG_ERR_RUN, "fleet run: cannot find terragon itself: %s",
		                    strerror(errno));
	exe[n] = '\0';
	o.exe = exe;
	o.workdir = wd;
	if ((rc = tg_fleet_list_read(&l, repos)))
		return rc;
	rc = tg_fleet_run(&l, &o);
	tg_fleet_list_release(&l);
	return rc;
}

static int publish(const char *store, const char *url, const char *head, const char *from)
{
	struct tg_backlog b;
	struct tg_store *st;
	struct tg_sql *db;
	const char *target = store_target(store);
	time_t started = time(NULL);
	int rc, skipped = 0;

	if (!target || !url || !head || !from)
		return tg_error_set(TG_ERR_USAGE,
		                    "fleet publish: --url, --head, --from and a "
		                    "store (--store or TERRAGON_STORE__URL) are required");
	if ((rc = tg_store_open(&st, from, TG_STORE_READONLY)))
		return rc;
	tg_backlog_init(&b);
	rc = tg_persist_load(tg_store_sql(st), &b, 1);
	tg_store_close(st);
	if (!rc && !(rc = tg_sql_open(&db, target, 1))) {
		rc = tg_fleet_publish(db, url, head, "publish", &b, started, &skipped);
		tg_sql_close(db);
	}
	if (!rc)
		fprintf(stderr, "fleet: %s: %s, %zu items\n", url,
		        skipped ? "skipped: its head was published already" : "published", b.nr);
	tg_backlog_release(&b);
	return rc;
}

static int report(const char *store, const char *format, int top, int stale)
{
	struct tg_buf out = TG_BUF_INIT;
	struct tg_sql *db;
	const char *target = store_target(store);
	int rc;

	if (!target)
		return tg_error_set(
		        TG_ERR_USAGE,
		        "fleet report: no shared store: give --store or TERRAGON_STORE__URL");
	if ((rc = tg_sql_open(&db, target, 0)))
		return rc;
	rc = tg_fleet_report(db, strcmp(format, "json") ? TG_FLEET_TABLE : TG_FLEET_JSON,
	                     top < 0 ? 0 : top, stale, tg_clock_now(), &out);
	if (!rc)
		fputs(out.buf, stdout);
	tg_buf_release(&out);
	tg_sql_close(db);
	return rc;
}

int cmd_fleet(int argc, const char **argv)
{
	const char *repos = NULL, *shard = NULL, *workdir = ".terragon-fleet", *store = NULL;
	const char *format = "table", *url = NULL, *head = NULL, *from = NULL;
	int top = 20, stale = 24, n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_STRING(0, "repos", &repos, "FILE", "run: the repositories (plain or YAML)"),
	        TG_OPT_STRING(0, "shard", &shard, "I/N", "run: this shard of N (0 <= I < N)"),
	        TG_OPT_STRING(0, "workdir", &workdir, "DIR",
	                      "run: mirrors, worktrees and per-repository stores "
	                      "(default: .terragon-fleet)"),
	        TG_OPT_STRING(0, "store", &store, "URL",
	                      "the shared store (default: TERRAGON_STORE__URL)"),
	        TG_OPT_STRING(0, "url", &url, "URL", "publish: the repository's URL"),
	        TG_OPT_STRING(0, "head", &head, "COMMIT", "publish: the commit discovered"),
	        TG_OPT_STRING(0, "from", &from, "FILE", "publish: the repository's SQLite store"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "report: output format (default: table)"),
	        TG_OPT_INT(0, "top", &top, "N", "report: the top N open items (default 20)"),
	        TG_OPT_INT(0, "stale-hours", &stale, "H",
	                   "report: a repository not run for H hours is stale (default 24)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (!strcmp(argv[0], "run"))
		rc = run(repos, shard, workdir, store);
	else if (!strcmp(argv[0], "publish"))
		rc = publish(store, url, head, from);
	else if (!strcmp(argv[0], "report"))
		rc = report(store, format, top, stale);
	else {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	if (rc)
		tg_error_report();
	return tg_status_exit(rc);
}
