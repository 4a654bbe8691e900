#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/log.h"
#include "vulndb/vulndb.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const usage[] = {
        "terragon vulndb import PATH...",
        "terragon vulndb status [--format table|json]",
        "terragon vulndb update [--ecosystem E]...",
        "",
        "The offline OSV vulnerability database (vulndb.path; default",
        "$XDG_CACHE_HOME/terragon/osv.db). import loads OSV records from JSON or",
        "YAML files, directories of them and osv.dev's all.zip archives; status",
        "lists each ecosystem's records, newest `modified`, age and snapshot id;",
        "update downloads <vulndb.url>/<Ecosystem>/all.zip for the ecosystems the",
        "database holds (or those named) and swaps the file in atomically.",
        "Nothing is downloaded unless update is run.",
        NULL,
};

static void print_counts(const char *what, const struct tg_vulndb_counts *c)
{
	printf("%s%zu added, %zu replaced, %zu unchanged; skipped %zu withdrawn, %zu of unknown "
	       "ecosystems, %zu invalid\n",
	       what, c->added, c->replaced, c->unchanged, c->withdrawn, c->unknown, c->invalid);
}

static int do_import(const char *path, const char **paths, int n)
{
	struct tg_vulndb_counts counts;
	struct tg_vulndb *db;
	int rc = tg_vulndb_open(path, TG_VULNDB_CREATE, &db);

	if (!rc)
		rc = tg_vulndb_import(db, paths, (size_t)n, NULL, &counts);
	tg_vulndb_close(db);
	if (!rc)
		print_counts("imported: ", &counts);
	return rc;
}

static long age_days(int64_t at)
{
	time_t now = tg_clock_now();

	return now > at ? (long)((now - at) / 86400) : 0;
}

static void iso_time(char *dst, size_t n, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(dst, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void status_json(struct tg_buf *out, const char *path, const struct tg_vulndb_status *s,
                        size_t nr)
{
	char at[32];

	tg_buf_adds(out, "{\"path\": ");
	tg_buf_add_jsons(out, path);
	tg_buf_adds(out, ", \"ecosystems\": [");
	for (size_t i = 0; i < nr; i++) {
		iso_time(at, sizeof(at), s[i].imported_at);
		tg_buf_addf(out, "%s\n  {\"ecosystem\": ", i ? "," : "");
		tg_buf_add_jsons(out, tg_eco_name(s[i].eco));
		tg_buf_addf(out, ", \"records\": %ld, \"newest_modified\": ", s[i].records);
		tg_buf_add_jsons(out, s[i].newest);
		tg_buf_addf(out, ", \"updated_at\": \"%s\", \"age_days\": %ld, \"snapshot\": ", at,
		            age_days(s[i].imported_at));
		tg_buf_add_jsons(out, s[i].snapshot);
		tg_buf_adds(out, "}");
	}
	tg_buf_adds(out, nr ? "\n]}\n" : "]}\n");
}

static void status_table(struct tg_buf *out, const char *path, const struct tg_vulndb_status *s,
                         size_t nr)
{
	tg_buf_adds(out, "database: ");
	tg_buf_adds(out, path);
	tg_buf_addf(out, "\n%-10s %8s  %-28s %6s  %s\n", "ecosystem", "records", "newest modified",
	            "age", "snapshot");
	for (size_t i = 0; i < nr; i++)
		tg_buf_addf(out, "%-10s %8ld  %-28s %5ldd  %.*s\n", tg_eco_name(s[i].eco),
		            s[i].records, s[i].newest, age_days(s[i].imported_at),
		            (int)TG_VULNDB_SNAPSHOT_SHORT, s[i].snapshot);
	if (!nr)
		tg_buf_adds(out,
		            "(empty: run `terragon vulndb update` or `terragon vulndb import`)\n");
}

static int do_status(const char *path, int json)
{
	struct tg_vulndb_status *s = NULL;
	struct tg_buf out = TG_BUF_INIT;
	struct tg_vulndb *db;
	size_t nr = 0;
	int rc = tg_vulndb_open(path, TG_VULNDB_READ, &db);

	if (!rc)
		rc = tg_vulndb_status(db, &s, &nr);
	tg_vulndb_close(db);
	if (!rc) {
		(json ? status_json : status_table)(&out, path, s, nr);
		tg_cmd_print_text(&out, json);
	}
	free(s);
	tg_buf_release(&out);
	return rc;
}

static int parse_ecosystems(const struct tg_strlist *names, enum tg_eco **ecos)
{
	*ecos = tg_calloc(names->nr ? names->nr : 1, sizeof(**ecos));
	for (size_t i = 0; i < names->nr; i++) {
		int e;
		for (e = 1; e < TG_ECO_COUNT; e++)
			if (!strcasecmp(names->v[i], tg_eco_name((enum tg_eco)e)))
				break;
		if (e == TG_ECO_COUNT)
			return tg_error_set(
			        TG_ERR_USAGE,
			        "--ecosystem: unknown ecosystem \"%s\" (expected PyPI, npm, "
			        "Go, crates.io, Maven, RubyGems, Packagist or NuGet)",
			        names->v[i]);
		(*ecos)[i] = (enum tg_eco)e;
	}
	return TG_OK;
}

static int do_update(const char *path, const char *url, const struct tg_strlist *names)
{
	struct tg_vulndb_fetch *f = NULL;
	enum tg_eco *ecos = NULL;
	size_t nr = 0;
	int rc = parse_ecosystems(names, &ecos);

	if (!rc)
		rc = tg_vulndb_update(path, url, ecos, names->nr, &f, &nr);
	for (size_t i = 0; !rc && i < nr; i++) {
		char what[64];
		if (f[i].http_status == 304) {
			printf("%s: not modified\n", tg_eco_name(f[i].eco));
			continue;
		}
		snprintf(what, sizeof(what), "%s: updated: ", tg_eco_name(f[i].eco));
		print_counts(what, &f[i].counts);
	}
	free(f);
	free(ecos);
	return rc;
}

int cmd_vulndb(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct tg_strlist ecosystems = TG_STRLIST_INIT;
	struct tg_buf path = TG_BUF_INIT;
	struct tg_setup s;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "status: output format (default: table)"),
	        TG_OPT_LIST(
	                0, "ecosystem", &ecosystems, "E",
	                "update: this ecosystem (repeatable; default: those the database holds)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 1, -1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (strcmp(argv[0], "import") && strcmp(argv[0], "status") && strcmp(argv[0], "update")) {
		tg_error_set(TG_ERR_USAGE, "vulndb: unknown subcommand '%s'", argv[0]);
		rc = TG_ERR_USAGE;
	} else if (!strcmp(argv[0], "import") ? n < 2 : n > 1) {
		tg_error_set(TG_ERR_USAGE, "vulndb %s: %s", argv[0],
		             n < 2 ? "expected one PATH or more" : "takes no PATH");
		rc = TG_ERR_USAGE;
	} else {
		rc = tg_setup_open(&s, repo, config, TG_SETUP_NO_STORE);
		if (!rc)
			tg_vulndb_default_path(s.root, s.cfg.vulndb.path, &path);
		if (!rc && !strcmp(argv[0], "import"))
			rc = do_import(path.buf, argv + 1, n - 1);
		else if (!rc && !strcmp(argv[0], "status"))
			rc = do_status(path.buf, !strcmp(format, "json"));
		else if (!rc)
			rc = do_update(path.buf, s.cfg.vulndb.url, &ecosystems);
		tg_setup_close(&s);
	}
	if (rc)
		tg_error_report();
	tg_strlist_clear(&ecosystems);
	tg_buf_release(&path);
	if (rc == TG_ERR_NOTFOUND)
		return TG_EXIT_FAIL;
	return rc == TG_ERR_INPUT ? TG_EXIT_RUN : tg_status_exit(rc);
}
