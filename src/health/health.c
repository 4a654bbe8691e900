#include "health/health.h"

#include "config/config.h"
#include "github/github.h"
#include "ingest/ingest.h"
#include "repo/repo.h"
#include "rules/rules.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const tg_health_tools[] = {"git",   "gh",   "semgrep",  "bandit",
                                       "trivy", "ruff", "gitleaks", NULL};

static const char *const status_names[] = {"ok", "info", "warn", "fail"};

const char *tg_health_status_name(enum tg_health_status s)
{
	return s <= TG_HEALTH_FAIL ? status_names[s] : "fail";
}

__attribute__((format(printf, 4, 5))) static void add(struct tg_health_report *r, const char *name,
                                                      enum tg_health_status status, const char *fmt,
                                                      ...)
{
	struct tg_buf detail = TG_BUF_INIT;
	struct tg_health_check *c;
	va_list ap;

	va_start(ap, fmt);
	tg_buf_vaddf(&detail, fmt, ap);
	va_end(ap);
	TG_ALLOC_GROW(r->checks, r->nr + 1, r->alloc);
	c = &r->checks[r->nr++];
	c->name = tg_strdup(name);
	c->status = status;
	c->detail = tg_buf_detach(&detail, NULL);
	if (status == TG_HEALTH_FAIL)
		r->healthy = 0;
}

/* The repository and its history; *root is where the rest looks. */
static void check_repository(struct tg_health_report *r, const char *path, char **root)
{
	char oid[41], *branch = NULL;
	int shallow = 0, rc;

	if (tg_repo_find_root(path, root)) {
		add(r, "repository", TG_HEALTH_FAIL, "%s", tg_error_message());
		add(r, "history", TG_HEALTH_INFO, "not checked: no git repository");
		*root = realpath(path, NULL);
		if (!*root)
			*root = tg_strdup(path);
		return;
	}
	rc = tg_repo_head(*root, &branch, oid);
	if (rc == TG_ERR_NOTFOUND)
		add(r, "repository", TG_HEALTH_OK, "git repository at %s (no commits yet)", *root);
	else if (rc)
		add(r, "repository", TG_HEALTH_FAIL, "%s", tg_error_message());
	else
		add(r, "repository", TG_HEALTH_OK, "git repository at %s (%s %.12s)", *root,
		    branch ? branch : "detached HEAD", oid);
	free(branch);
	if (tg_repo_is_shallow(*root, &shallow))
		add(r, "history", TG_HEALTH_FAIL, "%s", tg_error_message());
	else if (shallow)
		add(r, "history", TG_HEALTH_WARN,
		    "shallow clone: hotspots, coupling and ownership see only part of the history; "
		    "fetch all of it (actions/checkout with fetch-depth: 0, or git fetch "
		    "--unshallow)");
	else
		add(r, "history", TG_HEALTH_OK, "full history");
}

/* Loads the configuration into cfg (*loaded when it did); the store path it
 * names (store.path, relative to root unless absolute) goes into store_path. */
static void check_config(struct tg_health_report *r, const char *root, const char *config_file,
                         struct tg_config *cfg, int *loaded, struct tg_buf *store_path)
{
	const char *rel = ".terragon/terragon.db";

	*loaded = 0;
	if (tg_config_load(cfg, root, config_file)) {
		add(r, "configuration", TG_HEALTH_FAIL, "%s", tg_error_message());
	} else {
		const char *file = cfg->file && *cfg->file ? cfg->file : NULL;
		*loaded = 1;
		if (cfg->warnings.nr)
			add(r, "configuration", TG_HEALTH_WARN, "%s parses, with %zu warning%s: %s",
			    file ? file : "the environment", cfg->warnings.nr,
			    cfg->warnings.nr == 1 ? "" : "s", cfg->warnings.v[0]);
		else if (file)
			add(r, "configuration", TG_HEALTH_OK, "%s parses", file);
		else
			add(r, "configuration", TG_HEALTH_OK,
			    "no .terragon/config.yaml: the built-in defaults");
		if (cfg->store.path && *cfg->store.path)
			rel = cfg->store.path;
	}
	tg_buf_adds(store_path, rel);
}

/* May the token push and open pull requests, as execute will? Asked of the API. */
static void check_github(struct tg_health_report *r, const struct tg_config *cfg, int loaded,
                         const char *root)
{
	struct tg_buf d = TG_BUF_INIT;
	int rc;

	if (!loaded) {
		add(r, "github", TG_HEALTH_INFO, "not checked: the configuration did not load");
		return;
	}
	rc = tg_github_access(cfg, root, &d);
	add(r, "github",
	    rc == TG_ERR_NOTFOUND ? TG_HEALTH_INFO
	    : rc                  ? TG_HEALTH_FAIL
	                          : TG_HEALTH_OK,
	    "%s", d.buf);
	tg_error_clear();
	tg_buf_release(&d);
}

static void describe_runs(struct tg_buf *d, struct tg_store *st)
{
	struct tg_store_run *runs;
	char when[32];
	size_t nr;

	if (tg_store_schema_version(st) < 1 || tg_store_runs_list(st, 1, &runs, &nr))
		return;
	if (nr) {
		tg_time_format(runs[0].started_at, when, sizeof(when));
		tg_buf_addf(d, ", last run #%lld %s at %s: %s", (long long)runs[0].id,
		            runs[0].command, when, runs[0].status);
	} else {
		tg_buf_adds(d, ", no runs yet");
	}
	tg_store_runs_free(runs, nr);
}

/* The store's state into d; TG_HEALTH_FAIL when it cannot be opened or is damaged. */
static enum tg_health_status describe_store(struct tg_buf *d, const char *root, const char *rel,
                                            const char *path)
{
	struct tg_store *st = NULL;

	/* Beneath the root: a committed link at .terragon/ or the database is refused. */
	if (tg_store_open_in(&st, root, rel, TG_STORE_READONLY, -1) ||
	    tg_store_integrity(st, NULL)) {
		tg_buf_adds(d, tg_error_message());
		if (st)
			tg_store_close(st);
		return TG_HEALTH_FAIL;
	}
	tg_buf_addf(d, "%s passes integrity_check; schema %d of %d", path,
	            tg_store_schema_version(st), tg_store_schema_latest());
	if (tg_store_schema_version(st) < tg_store_schema_latest())
		tg_buf_adds(d, " (the next run migrates it)");
	describe_runs(d, st);
	tg_store_close(st);
	return TG_HEALTH_OK;
}

/* Opens the store read-only, only when it exists: health creates nothing. */
static void check_store(struct tg_health_report *r, const char *root, const char *rel)
{
	struct tg_buf d = TG_BUF_INIT, path = TG_BUF_INIT;
	struct stat sb;

	if (rel[0] == '/')
		tg_buf_adds(&path, rel);
	else
		tg_buf_addf(&path, "%s/%s", root, rel);
	if (lstat(path.buf, &sb) && errno == ENOENT)
		add(r, "store", TG_HEALTH_OK,
		    "%s does not exist yet (the first discover creates it)", path.buf);
	else if (describe_store(&d, root, rel, path.buf) == TG_HEALTH_OK)
		add(r, "store", TG_HEALTH_OK, "%s", d.buf);
	else
		add(r, "store", TG_HEALTH_FAIL, "%s", d.buf);
	tg_buf_release(&d);
	tg_buf_release(&path);
}

/* The first executable `name` on PATH into found; 0 when there is none. */
static int on_path(const char *name, struct tg_buf *found)
{
	const char *path = getenv("PATH");
	const char *p, *end;
	struct stat sb;

	for (p = path ? path : ""; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		tg_buf_reset(found);
		if (end == p)
			tg_buf_addf(found, "./%s",
			            name); /* an empty entry is the current directory */
		else
			tg_buf_addf(found, "%.*s/%s", (int)(end - p), p, name);
		if (!stat(found->buf, &sb) && S_ISREG(sb.st_mode) && !access(found->buf, X_OK))
			return 1;
	}
	return 0;
}

static void check_tools(struct tg_health_report *r)
{
	struct tg_buf name = TG_BUF_INIT, found = TG_BUF_INIT;
	size_t i;

	for (i = 0; tg_health_tools[i]; i++) {
		tg_buf_reset(&name);
		tg_buf_addf(&name, "tool:%s", tg_health_tools[i]);
		if (on_path(tg_health_tools[i], &found))
			add(r, name.buf, TG_HEALTH_INFO, "found: %s", found.buf);
		else
			add(r, name.buf, TG_HEALTH_INFO, "not found on PATH");
	}
	tg_buf_release(&name);
	tg_buf_release(&found);
}

/*
 * The libraries opened on first use (util/dl.h): a missing one is found here,
 * not halfway through a run. Without libgit2 or Vectorscan discover cannot
 * run; libxml2 reads Cobertura reports, libcurl talks to GitHub.
 */
static void check_libraries(struct tg_health_report *r)
{
	static const struct {
		const char *name;
		int (*open)(const char **soname);
		enum tg_health_status missing;
		const char *for_what;
	} libs[] = {
	        {"lib:libgit2", tg_repo_library, TG_HEALTH_FAIL, "reading the repository"},
	        {"lib:vectorscan", tg_rules_library, TG_HEALTH_FAIL, "the rule packs"},
	        {"lib:libxml2", tg_ingest_xml_library, TG_HEALTH_WARN, "Cobertura coverage"},
	        {"lib:libcurl", tg_github_library, TG_HEALTH_WARN, "pull requests"},
	};

	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
		const char *soname = "?";
		if (libs[i].open(&soname))
			add(r, libs[i].name, libs[i].missing, "needed for %s: %s", libs[i].for_what,
			    tg_error_message());
		else
			add(r, libs[i].name, TG_HEALTH_OK, "%s loads", soname);
		tg_error_clear();
	}
}

int tg_health_run(const char *repo_path, struct tg_health_report *out)
{
	return tg_health_run_with(repo_path, NULL, 0, out);
}

int tg_health_run_with(const char *repo_path, const char *config_file, unsigned flags,
                       struct tg_health_report *out)
{
	struct tg_buf store_path = TG_BUF_INIT;
	struct tg_config cfg;
	char *root = NULL;
	int loaded;

	memset(out, 0, sizeof(*out));
	out->healthy = 1;
	check_repository(out, repo_path ? repo_path : ".", &root);
	check_config(out, root, config_file, &cfg, &loaded, &store_path);
	check_store(out, root, store_path.buf);
	if (flags & TG_HEALTH_GITHUB)
		check_github(out, &cfg, loaded, root);
	check_libraries(out);
	check_tools(out);
	if (loaded)
		tg_config_release(&cfg);
	tg_buf_release(&store_path);
	free(root);
	return TG_OK;
}

void tg_health_report_release(struct tg_health_report *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->checks[i].name);
		free(r->checks[i].detail);
	}
	free(r->checks);
	memset(r, 0, sizeof(*r));
}

void tg_health_format_table(struct tg_buf *out, const struct tg_health_report *r)
{
	size_t i, failed = 0, warned = 0;

	tg_buf_addf(out, "%-16s %-6s %s\n", "CHECK", "STATUS", "DETAIL");
	for (i = 0; i < r->nr; i++) {
		const struct tg_health_check *c = &r->checks[i];
		tg_buf_addf(out, "%-16s %-6s %s\n", c->name, tg_health_status_name(c->status),
		            c->detail);
		failed += c->status == TG_HEALTH_FAIL;
		warned += c->status == TG_HEALTH_WARN;
	}
	if (failed)
		tg_buf_addf(out, "unhealthy: %zu check%s failed\n", failed, failed == 1 ? "" : "s");
	else if (warned)
		tg_buf_addf(out, "healthy, with %zu warning%s\n", warned, warned == 1 ? "" : "s");
	else
		tg_buf_adds(out, "healthy\n");
}

void tg_health_format_json(struct tg_buf *out, const struct tg_health_report *r)
{
	size_t i;

	tg_buf_addf(out, "{\"healthy\": %s, \"checks\": [", r->healthy ? "true" : "false");
	for (i = 0; i < r->nr; i++) {
		const struct tg_health_check *c = &r->checks[i];
		tg_buf_adds(out, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
		tg_buf_add_jsons(out, c->name);
		tg_buf_addf(out,
		            ", \"status\": \"%s\", \"detail\": ", tg_health_status_name(c->status));
		tg_buf_add_jsons(out, c->detail);
		tg_buf_adds(out, "}");
	}
	tg_buf_adds(out, r->nr ? "\n]}\n" : "]}\n");
}
