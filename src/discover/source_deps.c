/*
 * The dependencies source (security_vulnerability_scans): the inventory of
 * the repository's lockfiles and manifests (src/deps), matched against the
 * offline OSV database (src/vulndb) by src/osv. Each dependency affected by
 * an advisory group becomes one item of category vulnerability. Nothing is
 * downloaded here: a missing or stale database is a warning, and the run
 * goes on without the matching. A dependency whose stated licence fails the
 * policy (supply_chain.licenses, deps/license.h) is an item of category
 * dependency, database or not.
 */
#include "discover/discover.h"

#include "analyze/count.h"
#include "analyze/tree.h"
#include "deps/inventory.h"
#include "deps/license.h"
#include "deps/reach.h"
#include "discover/memo_int.h"
#include "osv/osv.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/workers.h"
#include "version/version.h"
#include "vulndb/vulndb.h"
#include "walk/walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version.h" /* TG_VERSION, generated */

/* CVSS's qualitative scale: 9.0 and above is critical (and gets the security boost). */
static enum tg_severity severity_of(const struct tg_vuln *v)
{
	const char *s = v->db_severity ? v->db_severity : "";

	if (v->score >= 9.0)
		return TG_SEV_CRITICAL;
	if (v->score >= 7.0)
		return TG_SEV_HIGH;
	if (v->score >= 4.0)
		return TG_SEV_MEDIUM;
	if (v->score > 0)
		return TG_SEV_LOW;
	if (v->score == 0)
		return TG_SEV_INFO;
	if (!strcasecmp(s, "CRITICAL"))
		return TG_SEV_CRITICAL;
	if (!strcasecmp(s, "HIGH"))
		return TG_SEV_HIGH;
	if (!strcasecmp(s, "LOW"))
		return TG_SEV_LOW;
	return TG_SEV_MEDIUM; /* MODERATE, or nothing said: the middle, never hidden */
}

static void add_list(struct tg_buf *b, const char *label, const struct tg_strlist *l)
{
	if (!l->nr)
		return;
	tg_buf_addf(b, "%s: ", label);
	for (size_t i = 0; i < l->nr; i++)
		tg_buf_addf(b, "%s%s", i ? ", " : "", l->v[i]);
	tg_buf_addch(b, '\n');
}

/* The run's reachability indexes, one per ecosystem, built when first asked. */
struct reach_set {
	const struct tg_discover_ctx *ctx;
	struct tg_reach *by_eco[TG_ECO_COUNT];
	int tried[TG_ECO_COUNT];
};

static struct tg_reach *reach_for(struct reach_set *rs, enum tg_eco eco)
{
	struct tg_walk_opts wo = TG_WALK_OPTS_INIT;

	if (eco != TG_ECO_GO && eco != TG_ECO_CRATES && eco != TG_ECO_NPM)
		return NULL;
	if (!rs->tried[eco]) {
		rs->tried[eco] = 1;
		tg_walk_opts_from_config(&wo, rs->ctx->root, rs->ctx->cfg, rs->ctx->root, 0,
		                         rs->ctx->own_outputs);
		if (tg_reach_build(&wo, eco, &rs->by_eco[eco]))
			tg_debug("dependencies: no reachability index: %s", tg_error_message());
	}
	return rs->by_eco[eco];
}

enum reach { REACH_UNKNOWN, REACH_IMPORTED, REACH_NOT_IMPORTED, REACH_SYMBOL_UNUSED };

/*
 * Only a direct dependency is asked: code reaches a transitive one through
 * the packages it imports, which a lexical index cannot follow.
 */
static enum reach reachability(struct reach_set *rs, const struct tg_dep *d,
                               const struct tg_vuln *v)
{
	struct tg_reach *r = d->direct ? reach_for(rs, d->eco) : NULL;
	int any = 0;

	if (!r || tg_reach_imports(r, d->name) < 0)
		return REACH_UNKNOWN;
	for (size_t i = 0; i < v->imports.nr && !any; i++)
		any = tg_reach_imports(r, v->imports.v[i]) == 1;
	if (v->imports.nr ? !any : tg_reach_imports(r, d->name) != 1)
		return REACH_NOT_IMPORTED;
	for (size_t i = any = 0; i < v->symbols.nr && !any; i++)
		any = tg_reach_names(r, v->symbols.v[i]) == 1;
	return v->symbols.nr && !any ? REACH_SYMBOL_UNUSED : REACH_IMPORTED;
}

static const char *const reach_text[] = {
        NULL, "imported", "not imported (no file of the repository imports it)",
        "symbol not referenced (no file names an affected symbol)"};

/*
 * Whether a range-derived dependency's range admits the fixed version: a
 * fresh resolve then installs a version that is not affected, and the item
 * is worth less than one whose range excludes every fix.
 */
static int range_admits_fix(const struct tg_dep *d, const struct tg_vuln *v)
{
	struct tg_constraint c;
	int allows = 0;

	if (!v->range_derived || !v->fixed)
		return 0;
	memset(&c, 0, sizeof(c));
	if (!tg_constraint_parse(d->eco, d->range && *d->range ? d->range : "*", &c) &&
	    tg_constraint_allows(&c, v->fixed, &allows))
		allows = 0;
	tg_constraint_release(&c);
	tg_error_clear();
	return allows;
}

/* What the source concludes of one finding beyond the match, worked out once. */
struct judgement {
	enum reach reach;
	int admits_fix; /* range-derived, and the range admits the fixed version */
};

/* The version as declared: exact, a range, or none at all. */
static const char *declared(const struct tg_dep *d)
{
	return d->version ? d->version : d->range && *d->range ? d->range : "any version";
}

static void evidence(struct tg_buf *b, const struct tg_dep *d, const struct tg_vuln *v,
                     const char *snapshot, const struct judgement *j)
{
	add_list(b, "advisories", &v->ids);
	if (v->vector)
		tg_buf_addf(b, "cvss: %.1f %s\n", v->score, v->vector);
	else if (v->db_severity)
		tg_buf_addf(b, "severity (database): %s\n", v->db_severity);
	tg_buf_addf(b, "installed: %s %s (%s)\n", d->name, declared(d),
	            d->version ? "exact" : "range-derived");
	if (v->range_derived && v->affected)
		tg_buf_addf(b, "affected part of the range: %s\n", v->affected);
	tg_buf_addf(b, "fixed in: %s\n", v->fixed ? v->fixed : "no fixed version published");
	if (j->admits_fix)
		tg_buf_addf(b,
		            "the range admits %s: a fresh resolve is not affected; pin it to be "
		            "sure\n",
		            v->fixed);
	tg_buf_addf(b, "declared at: %s:%d\n", d->file, d->line);
	tg_buf_addf(b, "path: %s\n", d->via ? d->via : "direct dependency");
	tg_buf_addf(b, "scope: %s%s\n", tg_dep_scope_name(d->scope),
	            d->direct ? ", direct" : ", transitive");
	add_list(b, "affected imports", &v->imports);
	add_list(b, "affected symbols", &v->symbols);
	if (reach_text[j->reach])
		tg_buf_addf(b, "reachability: %s\n", reach_text[j->reach]);
	tg_buf_addf(b, "database snapshot: %s\n", snapshot);
}

static void set_links(struct tg_item *it, const struct tg_vuln *v)
{
	for (size_t i = 0; i < v->ids.nr; i++) {
		const char *id = v->ids.v[i];
		if (!it->links.cve && !strncmp(id, "CVE-", 4))
			it->links.cve = tg_strdup(id);
		if (!it->links.ghsa && !strncmp(id, "GHSA-", 5))
			it->links.ghsa = tg_strdup(id);
	}
	if (v->fixed)
		it->links.fixed_version = tg_strdup(v->fixed);
}

/*
 * What is known lowers what is claimed, never hides it: a dev-only
 * dependency ships to no user; a range may not resolve to an affected
 * version; an unparseable version may not be affected at all.
 */
static void set_inputs(struct tg_item *it, const struct tg_dep *d, const struct tg_vuln *v,
                       const struct judgement *j)
{
	/* Zero keeps the category's default (backlog/score.c). */
	if (d->scope == TG_DEP_DEV) {
		it->inputs.business_value = 3;
		it->inputs.risk_reduction = 5;
	}
	if (v->verdict == TG_OSV_UNKNOWN)
		it->inputs.confidence = 3;
	else if (j->admits_fix)
		it->inputs.confidence = 2;
	else if (v->range_derived)
		it->inputs.confidence = 5;
	if (j->reach == REACH_NOT_IMPORTED || j->reach == REACH_SYMBOL_UNUSED)
		it->inputs.confidence = j->reach == REACH_NOT_IMPORTED ? 3 : 4;
	/* A fixed version to move to makes it a small change; without one, a replacement. */
	it->job_size = v->fixed ? 2 : 8;
	it->inputs.ease = v->fixed ? 8 : 3;
}

static int emit_vuln(struct tg_sink *sink, const struct tg_dep *d, const struct tg_vuln *v,
                     const char *snapshot, struct reach_set *rs)
{
	const struct judgement j = {reachability(rs, d, v), range_admits_fix(d, v)};
	const char *eco = tg_eco_name(d->eco), *ver = declared(d);
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;

	tg_item_init(&it);
	tg_fingerprint_dependency(it.fingerprint, eco, d->name, v->group, d->file);
	it.source = tg_strdup("deps");
	it.rule_id = tg_strdup(v->group);
	it.category = tg_strdup("vulnerability");
	it.severity = severity_of(v);
	it.path = tg_strdup(d->file);
	it.start_line = it.end_line = d->line;
	if (v->verdict == TG_OSV_UNKNOWN)
		tg_buf_addf(&b, "%s %s: version not understood; %s may affect it", d->name, ver,
		            v->group);
	else if (v->range_derived)
		tg_buf_addf(&b, "%s %s admits vulnerable versions (%s)%s", d->name, ver, v->group,
		            v->fixed ? "" : ", no fix yet");
	else
		tg_buf_addf(&b, "%s %s is vulnerable (%s)%s", d->name, ver, v->group,
		            v->fixed ? "" : ", no fix yet");
	it.title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "%s (%s) %s%s. %s", d->name, eco, ver,
	            v->range_derived ? " (range-derived)" : "", v->summary ? v->summary : "");
	if (v->fixed)
		tg_buf_addf(&b, " Upgrade to %s.", v->fixed);
	it.message = tg_buf_detach(&b, NULL);
	evidence(&b, d, v, snapshot, &j);
	it.evidence = tg_buf_detach(&b, NULL);
	set_links(&it, v);
	set_inputs(&it, d, v, &j);
	if (v->score >= 0)
		it.metric = v->score;
	return sink->emit(sink, &it);
}

/* One item per package, licence verdict and file: npm lists a package at several paths. */
static int emit_license(struct tg_sink *sink, const struct tg_dep *d, enum tg_license_verdict v,
                        const char *why, const struct tg_config *cfg)
{
	const char *eco = tg_eco_name(d->eco);
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;

	tg_item_init(&it);
	tg_fingerprint_dependency(it.fingerprint, eco, d->name, "license-policy", d->file);
	it.source = tg_strdup("deps");
	it.rule_id = tg_strdup("license-policy");
	it.category = tg_strdup("dependency");
	it.severity = v == TG_LICENSE_DENIED ? TG_SEV_HIGH : TG_SEV_MEDIUM;
	it.path = tg_strdup(d->file);
	it.start_line = it.end_line = d->line;
	tg_buf_addf(&b, "%s %s: licence %s %s", d->name, declared(d), d->license,
	            tg_license_verdict_name(v));
	it.title = tg_buf_detach(&b, NULL);
	if (v == TG_LICENSE_UNREADABLE)
		tg_buf_addf(
		        &b,
		        "%s (%s) states the licence \"%s\", which is no SPDX expression, so it "
		        "cannot be on supply_chain.licenses.allow. Check it by hand, or replace "
		        "the package.",
		        d->name, eco, d->license);
	else
		tg_buf_addf(&b,
		            "%s (%s) is licensed %s: %s %s by supply_chain.licenses. Replace the "
		            "package, or change the policy if the licence is acceptable.",
		            d->name, eco, d->license, why,
		            v == TG_LICENSE_DENIED ? "is denied" : "is not allowed");
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "licence: %s\n", d->license);
	if (v != TG_LICENSE_UNREADABLE)
		tg_buf_addf(&b, "fails on: %s\n", why);
	add_list(&b, "allow", &cfg->supply_chain.licenses.allow);
	add_list(&b, "deny", &cfg->supply_chain.licenses.deny);
	tg_buf_addf(&b, "declared at: %s:%d\n", d->file, d->line);
	tg_buf_addf(&b, "scope: %s%s\n", tg_dep_scope_name(d->scope),
	            d->direct ? ", direct" : ", transitive");
	it.evidence = tg_buf_detach(&b, NULL);
	/* a replacement, not a bump */
	it.job_size = 5;
	it.inputs.ease = 3;
	if (d->scope == TG_DEP_DEV)
		it.inputs.business_value = 3;
	return sink->emit(sink, &it);
}

static void licenses(struct tg_sink *sink, const struct tg_dep_list *deps,
                     const struct tg_config *cfg)
{
	const struct tg_strlist *allow = &cfg->supply_chain.licenses.allow,
	                        *deny = &cfg->supply_chain.licenses.deny;
	struct tg_strlist seen = TG_STRLIST_INIT;
	struct tg_buf why = TG_BUF_INIT, key = TG_BUF_INIT;

	for (size_t i = 0; (allow->nr || deny->nr) && i < deps->nr; i++) {
		const struct tg_dep *d = &deps->v[i];
		enum tg_license_verdict v;

		tg_buf_reset(&why);
		if (!d->license || !(v = tg_license_check(d->license, allow, deny, &why)))
			continue;
		tg_buf_reset(&key);
		tg_buf_addf(&key, "%s\n%s\n%s", tg_eco_name(d->eco), d->name, d->file);
		if (tg_strlist_find(&seen, key.buf) >= 0)
			continue;
		tg_strlist_add(&seen, key.buf);
		emit_license(sink, d, v, why.buf, cfg);
	}
	tg_strlist_clear(&seen);
	tg_buf_release(&why);
	tg_buf_release(&key);
}

/* Age in whole days of the database's newest import; the snapshot ids, joined. */
static int db_age(struct tg_vulndb *db, time_t now, struct tg_buf *snapshot)
{
	struct tg_vulndb_status *st = NULL;
	int64_t newest = 0;
	size_t nr = 0;

	if (tg_vulndb_status(db, &st, &nr) || !nr) {
		free(st);
		return -1;
	}
	for (size_t i = 0; i < nr; i++) {
		tg_buf_addf(snapshot, "%s%s:%.*s", i ? " " : "", tg_eco_name(st[i].eco),
		            TG_VULNDB_SNAPSHOT_SHORT, st[i].snapshot);
		if (st[i].imported_at > newest)
			newest = st[i].imported_at;
	}
	free(st);
	return newest && now > newest ? (int)((now - newest) / 86400) : 0;
}

/* The database, or NULL with a warning that says how to get one. */
static struct tg_vulndb *open_db(const struct tg_discover_ctx *ctx, struct tg_buf *snapshot)
{
	struct tg_vulndb *db = NULL;
	struct tg_buf path = TG_BUF_INIT;
	int age, rc;

	tg_vulndb_default_path(ctx->root, ctx->cfg->vulndb.path, &path);
	rc = tg_vulndb_open(path.buf, TG_VULNDB_READ, &db);
	if (rc == TG_ERR_NOTFOUND)
		tg_warn("no vulnerability database at %s: dependencies are read but not matched; "
		        "run `terragon vulndb update` or `terragon vulndb import`",
		        path.buf);
	else if (rc)
		tg_warn("vulnerability database: %s", tg_error_message());
	if (!rc && (age = db_age(db, ctx->now, snapshot)) > ctx->cfg->vulndb.max_age_days)
		tg_warn("vulnerability database %s was last updated %d days ago "
		        "(vulndb.max_age_days %d); run `terragon vulndb update`",
		        path.buf, age, ctx->cfg->vulndb.max_age_days);
	tg_buf_release(&path);
	return rc ? NULL : db;
}

/*
 * Matching on several threads, each with its own handle on the database: a
 * handle serves one thread, and parsing the records scales with cores.
 */
static int match(struct tg_vulndb *db, const struct tg_dep_list *deps, struct tg_vuln_list *vulns)
{
	struct tg_vulndb *dbs[8] = {db};
	size_t n = 1, want = (size_t)tg_default_workers();
	int rc;

	if (want > 8)
		want = 8;
	while (deps->nr >= 256 && n < want &&
	       !tg_vulndb_open(tg_vulndb_file(db), TG_VULNDB_READ, &dbs[n]))
		n++;
	tg_error_clear();
	rc = tg_osv_match_parallel(tg_vulndb_lookup, (void *const *)dbs, n, deps, vulns);
	while (n > 1)
		tg_vulndb_close(dbs[--n]);
	return rc;
}

/*
 * The key of a match: what it depends on, and nothing else (not the files
 * and lines, which the items take from this run's list). The findings point
 * into the list by index, so the list's order is part of the key.
 */
static void match_key(const struct tg_dep_list *deps, const char *snapshot, char key[17])
{
	struct tg_hasher h;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, TG_VERSION);
	tg_hasher_adds(&h, snapshot);
	for (size_t i = 0; i < deps->nr; i++) {
		const struct tg_dep *d = &deps->v[i];
		tg_hasher_adds(&h, tg_eco_name(d->eco));
		tg_hasher_adds(&h, d->name ? d->name : "");
		tg_hasher_adds(&h, d->version ? d->version : "\x01");
		tg_hasher_adds(&h, d->range ? d->range : "\x01");
		tg_hasher_adds(&h, tg_dep_origin_name(d->origin));
	}
	tg_hash_hex(tg_hasher_finish(&h), key);
}

/* .terragon/cache/osv-match-<root>.json, or NULL when there is no cache directory. */
static char *match_cache_file(const char *root)
{
	struct tg_buf b = TG_BUF_INIT;
	char hex[17];

	tg_hash_hex(tg_hash64(root, strlen(root)), hex);
	if (tg_cache_dir(&b, root)) {
		tg_buf_release(&b);
		tg_error_clear();
		return NULL;
	}
	tg_buf_addf(&b, "/osv-match-%s.json", hex);
	return tg_buf_detach(&b, NULL);
}

/* The match, from the cache when its inputs are unchanged. */
static int match_cached(const struct tg_discover_ctx *ctx, struct tg_vulndb *db,
                        const char *snapshot, const struct tg_dep_list *deps,
                        struct tg_vuln_list *vulns)
{
	char key[17], *file = match_cache_file(ctx->root);
	int rc;

	match_key(deps, snapshot, key);
	if (file && !tg_vuln_list_load(file, key, deps->nr, vulns)) {
		tg_debug("dependencies: the match served from %s", file);
		free(file);
		return TG_OK;
	}
	tg_vuln_list_clear(vulns);
	tg_error_clear();
	rc = match(db, deps, vulns);
	if (!rc && file && tg_vuln_list_save(file, key, vulns))
		tg_debug("dependencies: the match not cached: %s", tg_error_message());
	free(file);
	return rc;
}

/* How many files declare the dependencies (the list is sorted by ecosystem and name, not file). */
static size_t files_declaring(const struct tg_dep_list *deps)
{
	struct tg_strlist seen = TG_STRLIST_INIT;
	size_t n;

	for (size_t i = 0; i < deps->nr; i++)
		if (tg_strlist_find(&seen, deps->v[i].file) < 0)
			tg_strlist_add(&seen, deps->v[i].file);
	n = seen.nr;
	tg_strlist_clear(&seen);
	return n;
}

/* The files the inventory read: only their items can be resolved when another failed. */
static void cover_files(struct tg_source_run *run, const struct tg_dep_list *deps)
{
	for (size_t i = 0; i < deps->nr; i++)
		if (tg_strlist_find(&run->covered, deps->v[i].file) < 0)
			tg_strlist_add(&run->covered, deps->v[i].file);
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	struct tg_walk_opts wo = TG_WALK_OPTS_INIT;
	struct tg_dep_list deps = TG_DEP_LIST_INIT;
	struct tg_vuln_list vulns = {0};
	struct reach_set rs = {ctx, {NULL}, {0}};
	struct tg_vulndb *db = NULL;
	struct tg_buf snapshot = TG_BUF_INIT;
	struct discover_memo memo;
	size_t failed = 0;
	int rc;

	tg_walk_opts_from_config(&wo, ctx->root, ctx->cfg, ctx->root, 0, ctx->own_outputs);
	/* Terragon's version is the cache file's: the readers are all that make the entries. */
	discover_memo_open(&memo, ctx, "deps", "dependencies", tg_hash64("deps", 4), 1);
	rc = tg_deps_scan_memo(&wo, &memo.ops, &deps, &failed);
	discover_memo_close(&memo);
	for (size_t i = 0; i < deps.warnings.nr; i++)
		tg_warn("dependencies: %s", deps.warnings.v[i]);
	if (failed)
		tg_strlist_add(skipped, "dependencies: a lockfile or manifest could not be read "
		                        "(see the warnings); its items stay as they were");
	run->files = files_declaring(&deps) + failed;
	if (!rc)
		licenses(sink, &deps, ctx->cfg);
	if (!rc)
		db = open_db(ctx, &snapshot);
	if (db) {
		rc = match_cached(ctx, db, snapshot.buf, &deps, &vulns);
		for (size_t i = 0; !rc && i < vulns.nr; i++)
			emit_vuln(sink, &deps.v[vulns.v[i].dep], &vulns.v[i], snapshot.buf, &rs);
		tg_debug("dependencies: %zu, %zu records read, %zu findings, database snapshot %s",
		         deps.nr, vulns.records_seen, vulns.nr, snapshot.buf);
		/* With every file read, an item of a file now gone is resolved too. */
		if (!rc && !failed)
			tg_strlist_add(&run->covered, "");
		else if (!rc)
			cover_files(run, &deps);
		tg_vulndb_close(db);
	}
	for (int e = 0; e < TG_ECO_COUNT; e++)
		tg_reach_free(rs.by_eco[e]);
	tg_vuln_list_clear(&vulns);
	tg_dep_list_clear(&deps);
	tg_buf_release(&snapshot);
	return rc;
}

const struct tg_source tg_source_deps = {"deps", "security_vulnerability_scans", collect, 1, NULL};
