#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "deps/inventory.h"
#include "deps/license.h"
#include "osv/osv.h"
#include "supply/sbom.h"
#include "supply/sign.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "vulndb/vulndb.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *const usage[] = {
        "terragon deps verify [SBOM|PATH] [-C DIR] [-c FILE] [--no-ignore]",
        "",
        "Checks the components of a CycloneDX JSON SBOM (as `terragon sbom`, cdxgen or syft",
        "write it), or the dependencies the lockfiles under PATH (default .) declare, and lists",
        "each violation:",
        "  vulnerable  an advisory of the offline OSV database (`terragon vulndb`) affects it;",
        "  unpinned    no exact version is locked (a manifest's range only);",
        "  unhashed    its ecosystem's lockfile can hold a hash (npm, PyPI, crates.io, Go) and",
        "              this one does not;",
        "  license     its stated licence fails supply_chain.licenses (allow / deny: SPDX ids;",
        "              `MIT OR GPL-3.0-only` passes when MIT does, AND needs both; with an allow",
        "              list, a licence that is no SPDX expression fails). A dependency that",
        "              states no licence is counted, not judged.",
        "Exit status 1 when there is a violation, 0 when none, 2 when the SBOM cannot be read or",
        "there is no vulnerability database.",
        NULL};

/* The ecosystems whose lockfiles carry an archive hash. */
static int hashable(enum tg_eco eco)
{
	return eco == TG_ECO_NPM || eco == TG_ECO_PYPI || eco == TG_ECO_CRATES || eco == TG_ECO_GO;
}

static void where(struct tg_buf *o, const struct tg_dep *d)
{
	tg_buf_adds(o, " (");
	tg_buf_add_printables(o, d->file);
	if (d->line)
		tg_buf_addf(o, ":%d", d->line);
	tg_buf_addch(o, ')');
}

static size_t pinning(const struct tg_dep_list *l, struct tg_buf *o)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];

		if (d->origin != TG_DEP_REGISTRY)
			continue;
		if (!d->version) {
			tg_buf_addf(o, "unpinned    %s ", tg_eco_name(d->eco));
			tg_buf_add_printables(o, d->name);
			tg_buf_adds(o, " ");
			tg_buf_add_printables(o, d->range ? d->range : "(no version)");
		} else if (hashable(d->eco) && !d->hashes.nr) {
			tg_buf_addf(o, "unhashed    %s ", tg_eco_name(d->eco));
			tg_buf_add_printables(o, d->name);
			tg_buf_addch(o, '@');
			tg_buf_add_printables(o, d->version);
		} else {
			continue;
		}
		where(o, d);
		tg_buf_addch(o, '\n');
		n++;
	}
	return n;
}

static size_t vulnerable(const struct tg_dep_list *l, const struct tg_vuln_list *v,
                         struct tg_buf *o)
{
	for (size_t i = 0; i < v->nr; i++) {
		const struct tg_vuln *x = &v->v[i];
		const struct tg_dep *d = &l->v[x->dep];

		tg_buf_addf(o, "vulnerable  %s ", tg_eco_name(d->eco));
		tg_buf_add_printables(o, d->name);
		tg_buf_addch(o, '@');
		tg_buf_add_printables(o, d->version ? d->version : d->range);
		tg_buf_addf(o, ": %s", x->group);
		if (x->score >= 0)
			tg_buf_addf(o, " (CVSS %.1f)", x->score);
		if (x->verdict == TG_OSV_UNKNOWN)
			tg_buf_adds(o, " (the version does not parse: maybe affected)");
		if (x->fixed) {
			tg_buf_adds(o, ", fixed in ");
			tg_buf_add_printables(o, x->fixed);
		}
		where(o, d);
		tg_buf_addch(o, '\n');
	}
	return v->nr;
}

/* Licence violations; *unstated counts the dependencies that state none. */
static size_t licensing(const struct tg_dep_list *l, const struct tg_strlist *allow,
                        const struct tg_strlist *deny, struct tg_buf *o, size_t *unstated)
{
	struct tg_buf why = TG_BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; (allow->nr || deny->nr) && i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];
		enum tg_license_verdict v;

		tg_buf_reset(&why);
		if (!d->license) {
			*unstated += d->origin == TG_DEP_REGISTRY;
			continue;
		}
		if (!(v = tg_license_check(d->license, allow, deny, &why)))
			continue;
		tg_buf_addf(o, "license     %s ", tg_eco_name(d->eco));
		tg_buf_add_printables(o, d->name);
		tg_buf_addch(o, '@');
		tg_buf_add_printables(o, d->version ? d->version : d->range);
		tg_buf_adds(o, ": ");
		tg_buf_add_printables(o, d->license);
		if (v == TG_LICENSE_UNREADABLE)
			tg_buf_adds(o, " (not an SPDX expression: not on the allow list)");
		else
			tg_buf_addf(o, " (%s: %s)", tg_license_verdict_name(v), why.buf);
		where(o, d);
		tg_buf_addch(o, '\n');
		n++;
	}
	tg_buf_release(&why);
	return n;
}

/* A file that holds a CycloneDX document (not a lockfile). */
static int is_sbom(const char *path)
{
	struct tg_buf head = TG_BUF_INIT;
	struct stat st;
	int yes;

	if (stat(path, &st) || !S_ISREG(st.st_mode) || tg_read_small(path, 64 << 20, &head)) {
		tg_error_clear();
		tg_buf_release(&head);
		return 0;
	}
	yes = head.len && strstr(head.buf, "\"bomFormat\"") && strstr(head.buf, "CycloneDX");
	tg_buf_release(&head);
	return yes;
}

static int load(struct tg_setup_tree *st, const char *arg, struct tg_dep_list *deps,
                size_t *skipped)
{
	struct tg_buf text = TG_BUF_INIT;
	size_t failed = 0;
	int rc;

	const char *path = st->path.len ? st->path.buf : arg;

	if (path && is_sbom(path)) {
		if (!(rc = tg_read_small(path, 64 << 20, &text)))
			rc = tg_sbom_read(text.buf, text.len, arg, deps, skipped);
		tg_buf_release(&text);
		return rc == TG_ERR_INPUT ? TG_ERR_USAGE : rc;
	}
	rc = tg_deps_scan(&st->wo, deps, &failed);
	for (size_t i = 0; !rc && i < deps->warnings.nr; i++)
		tg_warn("deps verify: %s", deps->warnings.v[i]);
	return rc;
}

int cmd_deps_verify(int argc, const char **argv)
{
	int no_ignore = 0, rc;
	const char *repo = NULL, *config = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_BOOL(
	                0, "no-ignore", &no_ignore,
	                "also read files .gitignore, .terragonignore and .git/info/exclude skip"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);
	struct tg_dep_list deps = TG_DEP_LIST_INIT;
	struct tg_vuln_list vulns = {0};
	struct tg_setup_tree st;
	struct tg_vulndb *db = NULL;
	struct tg_buf out = TG_BUF_INIT, dbpath = TG_BUF_INIT;
	struct tg_strlist allow = TG_STRLIST_INIT, deny = TG_STRLIST_INIT;
	size_t skipped = 0, bad = 0, unstated = 0;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if ((rc = tg_setup_tree_open(&st, repo, n ? argv[0] : NULL, config, 0))) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	st.wo.no_ignore = no_ignore;
	tg_strlist_copy(&allow, &st.cfg.supply_chain.licenses.allow);
	tg_strlist_copy(&deny, &st.cfg.supply_chain.licenses.deny);
	tg_vulndb_default_path(st.root, st.cfg.vulndb.path, &dbpath);
	if (!(rc = load(&st, n ? argv[0] : NULL, &deps, &skipped)) &&
	    (rc = tg_vulndb_open(dbpath.buf, TG_VULNDB_READ, &db)) == TG_ERR_NOTFOUND)
		rc = tg_error_set(
		        TG_ERR_USAGE,
		        "no vulnerability database at %s: run `terragon vulndb update` or "
		        "`terragon vulndb import` first",
		        dbpath.buf);
	tg_setup_tree_close(&st);
	if (!rc)
		rc = tg_osv_match(tg_vulndb_lookup, db, &deps, &vulns);
	if (!rc) {
		bad = vulnerable(&deps, &vulns, &out) + pinning(&deps, &out) +
		      licensing(&deps, &allow, &deny, &out, &unstated);
		fwrite(out.buf, 1, out.len, stdout);
		fprintf(stderr,
		        "terragon deps verify: %zu components, %zu violations (%zu vulnerable)%s\n",
		        deps.nr, bad, vulns.nr,
		        skipped ? "; components without a known purl skipped" : "");
		if (unstated)
			fprintf(stderr,
			        "terragon deps verify: %zu state no licence (the licence policy "
			        "cannot judge them)\n",
			        unstated);
	} else {
		tg_error_report();
	}
	if (db)
		tg_vulndb_close(db);
	tg_vuln_list_clear(&vulns);
	tg_dep_list_clear(&deps);
	tg_strlist_clear(&allow);
	tg_strlist_clear(&deny);
	tg_buf_release(&out);
	tg_buf_release(&dbpath);
	return rc ? tg_status_exit(rc) : bad ? TG_EXIT_FAIL : TG_EXIT_OK;
}
