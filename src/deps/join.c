/*
 * The join of lockfiles with their manifests, per directory and ecosystem,
 * and the inventory's order (inventory.h).
 */
#include <stdlib.h>
#include <sys/param.h>
#include <string.h>

#include "deps/inventory.h"
#include "deps/npm_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "version/version.h"

/*
 * Whether lockfile l, above manifest m, covers it as a workspace member: npm
 * asks the workspace globs beside the lockfile; a Cargo.toml below a
 * Cargo.lock is a member.
 */
static int covers(int root_fd, const struct tg_deps_scanned *l, const struct tg_deps_scanned *m)
{
	if (l->reader->eco == TG_ECO_NPM)
		return tg_npm_workspace_member(root_fd, l->rel, m->rel);
	return l->reader->eco == TG_ECO_CRATES;
}

/* The length of the directory part of rel, '/' included ("" for the root). */
static size_t dir_len(const char *rel)
{
	const char *s = strrchr(rel, '/');
	return s ? (size_t)(s - rel) + 1 : 0;
}

static int same_dir(const char *a, const char *b)
{
	size_t n = dir_len(a);
	return n == dir_len(b) && !memcmp(a, b, n);
}

/* 1 when manifest m lies below lockfile l's directory (a workspace member). */
static int below(const char *m, const char *l)
{
	size_t n = dir_len(l);
	return dir_len(m) > n && !memcmp(m, l, n);
}

/* The lockfile that covers manifest m: one beside it, else the nearest above it. */
static long covering_lock(int root_fd, const struct tg_deps_scanned *files, size_t nr, size_t m)
{
	const struct tg_deps_scanned *man = &files[m];
	long best = -1;

	for (size_t i = 0; i < nr; i++) {
		const struct tg_deps_scanned *l = &files[i];

		if (!l->reader || !l->reader->lockfile || l->reader->eco != man->reader->eco)
			continue;
		if (same_dir(l->rel, man->rel))
			return (long)i;
		if (below(man->rel, l->rel) &&
		    (best < 0 || dir_len(l->rel) > dir_len(files[best].rel)) &&
		    covers(root_fd, l, man))
			best = (long)i;
	}
	return best;
}

/* Whether a manifest's range admits the locked version; 1 when it cannot tell. */
static int range_admits(const struct tg_dep *m, const char *version)
{
	struct tg_constraint c;
	int allows = 1;

	if (!m->range || !version || m->origin != TG_DEP_REGISTRY)
		return 1;
	/* a range or version we cannot read is no disagreement we can show */
	if (tg_constraint_parse(m->eco, m->range, &c)) {
		tg_error_clear();
		return 1;
	}
	if (tg_constraint_allows(&c, version, &allows)) {
		tg_error_clear();
		allows = 1;
	}
	tg_constraint_release(&c);
	return allows;
}

/* Marks lockfile l's entries that manifest m names as direct, with m's scope,
 * and warns of what the two disagree on. */
static void join_pair(struct tg_dep_list *out, const struct tg_deps_scanned *l,
                      const struct tg_deps_scanned *m, char *drop, char *named)
{
	struct tg_hashmap locked = TG_HASHMAP_INIT; /* name -> first entry + 1 */
	int added;

	for (size_t i = l->first; i < l->first + l->nr; i++) {
		struct tg_hashmap_entry *e =
		        tg_hashmap_put(&locked, out->v[i].name, strlen(out->v[i].name), &added);
		if (added)
			e->val.u64 = i + 1;
	}
	for (size_t j = m->first; j < m->first + m->nr; j++) {
		const struct tg_dep *md = &out->v[j];
		struct tg_hashmap_entry *e = tg_hashmap_get(&locked, md->name, strlen(md->name));
		size_t from = e ? e->val.u64 - 1 : l->first + l->nr, end = l->first + l->nr;
		int found = 0, agrees = 0, level = 3;
		const char *locked_at = NULL;

		drop[j] = 1;
		/* which of the copies is the project's: one the lockfile says is direct, else
		 * one at the top (no via), else any (a workspace's, reached through another) */
		for (size_t i = from; i < end; i++)
			if (!strcmp(out->v[i].name, md->name))
				level = MIN(level, out->v[i].direct ? 1 : !out->v[i].via ? 2 : 3);
		for (size_t i = from; i < end; i++) {
			struct tg_dep *ld = &out->v[i];
			int li = ld->direct ? 1 : !ld->via ? 2 : 3;

			if (strcmp(ld->name, md->name) || li != level)
				continue;
			found = 1;
			/* the manifest's scope; runtime wins over dev when both declare it */
			if (!named[i] || md->scope < ld->scope)
				ld->scope = md->scope;
			ld->direct = 1;
			free(ld->via);
			ld->via = NULL;
			named[i] = 1;
			if (range_admits(md, ld->version))
				agrees = 1;
			else
				locked_at = ld->version;
		}
		if (!found && md->origin == TG_DEP_REGISTRY)
			tg_dep_warn(out, md->file, md->line,
			            "lockfile disagrees with manifest: %s %s is not in %s",
			            md->name, md->range ? md->range : "", l->rel);
		else if (found && !agrees)
			tg_dep_warn(out, md->file, md->line,
			            "lockfile disagrees with manifest: %s %s, but %s locks %s",
			            md->name, md->range ? md->range : "", l->rel, locked_at);
	}
	tg_hashmap_release(&locked);
}

/* A lockfile with manifests: the entries no manifest names are transitive. */
static void unmark_unnamed(struct tg_dep_list *out, const struct tg_deps_scanned *l,
                           const char *named)
{
	for (size_t i = l->first; i < l->first + l->nr; i++)
		if (!named[i])
			out->v[i].direct = 0;
}

static void release_dep(struct tg_dep *d)
{
	/* tg_dep_list_clear frees v: give it a copy of its own */
	struct tg_dep_list one = {tg_malloc(sizeof(*d)), 1, 1, TG_STRLIST_INIT};

	*one.v = *d;
	tg_dep_list_clear(&one);
}

void tg_deps_join(int root_fd, struct tg_dep_list *out, const struct tg_deps_scanned *files,
                  size_t nr)
{
	char *drop = tg_calloc(out->nr ? out->nr : 1, 1);
	char *named = tg_calloc(out->nr ? out->nr : 1, 1);
	char *has_manifest = tg_calloc(nr ? nr : 1, 1);
	size_t k = 0;

	for (size_t m = 0; m < nr; m++) {
		long l;

		if (!files[m].reader || files[m].reader->lockfile)
			continue;
		if ((l = covering_lock(root_fd, files, nr, m)) < 0)
			continue;
		/* join with every lockfile of the ecosystem in that directory */
		for (size_t i = 0; i < nr; i++) {
			if (!files[i].reader || !files[i].reader->lockfile ||
			    files[i].reader->eco != files[m].reader->eco ||
			    !same_dir(files[i].rel, files[l].rel))
				continue;
			join_pair(out, &files[i], &files[m], drop, named);
			has_manifest[i] = 1;
		}
	}
	for (size_t i = 0; i < nr; i++)
		if (has_manifest[i])
			unmark_unnamed(out, &files[i], named);
	for (size_t i = 0; i < out->nr; i++) {
		if (drop[i])
			release_dep(&out->v[i]);
		else
			out->v[k++] = out->v[i];
	}
	out->nr = k;
	free(drop);
	free(named);
	free(has_manifest);
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

static int cmp_dep(const void *pa, const void *pb)
{
	const struct tg_dep *a = pa, *b = pb;
	int c;

	if (a->eco != b->eco)
		return a->eco < b->eco ? -1 : 1;
	if ((c = cmp_str(a->name, b->name)) || (c = cmp_str(a->version, b->version)) ||
	    (c = cmp_str(a->file, b->file)))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return cmp_str(a->range, b->range);
}

void tg_deps_sort(struct tg_dep_list *out)
{
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_dep);
	tg_strlist_sort(&out->warnings);
}
