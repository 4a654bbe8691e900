/*
 * Gemfile.lock, as Bundler writes it: sections at column 0 (GEM, GIT, PATH,
 * PLATFORMS, DEPENDENCIES, CHECKSUMS, RUBY VERSION, BUNDLED WITH). In a
 * source section, "  specs:" lists each gem at 4 spaces, "name (version)",
 * and the gems it needs at 6, "name (constraint)". A version may carry a
 * platform, "1.15.4-x86_64-linux", which is not part of it. GIT and PATH
 * gems come from a repository or a directory, not rubygems.org.
 * DEPENDENCIES (2 spaces) are what the Gemfile names: the direct ones.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/record_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"

enum section { S_OTHER, S_GEM, S_GIT, S_PATH, S_DEPENDENCIES, S_CHECKSUMS };

struct gem {
	char *name, *version;
	int line;
	enum tg_dep_origin origin;
	size_t node;
};

struct lock {
	const struct tg_deps_file *f;
	struct gem *v;
	size_t nr, alloc;
	struct tg_hashmap by_name;   /* "name version" -> index + 1 */
	struct tg_hashmap checksums; /* "name version" -> "sha256:hex" */
	struct tg_strlist direct;
	struct tg_deps_graph g;
	size_t current; /* the gem whose dependencies follow; SIZE_MAX: none */
};

static int indent_of(const char *p, const char *end)
{
	int n = 0;

	while (p + n < end && p[n] == ' ')
		n++;
	return n;
}

/* "name (version)" or "name" from p: *name, *ver (may be NULL); -1 when malformed. */
static int name_version(const char *p, const char *end, char **name, char **ver)
{
	const char *sp = p, *open, *close;

	while (sp < end && *sp != ' ' && *sp != '(')
		sp++;
	*name = *ver = NULL;
	if (sp == p)
		return -1;
	while (end > sp && (end[-1] == '\r' || end[-1] == ' '))
		end--;
	if (sp == end) {
		size_t n;
		*name = tg_strndup(p, (size_t)(sp - p));
		n = strlen(*name); /* shorter than written when it holds a NUL */
		if (n && (*name)[n - 1] == '!')
			(*name)[n - 1] = '\0'; /* "rails!": from a GIT or PATH source */
		return 0;
	}
	open = sp + 1;
	close = end - 1;
	if (*sp != ' ' || open >= end || *open != '(' || *close != ')' || close <= open + 1)
		return -1;
	*name = tg_strndup(p, (size_t)(sp - p));
	*ver = tg_strndup(open + 1, (size_t)(close - open - 1));
	return 0;
}

static void strip_platform(char *version)
{
	char *dash = strchr(version, '-');

	if (dash)
		*dash = '\0';
}

static void add_gem(struct lock *l, char *name, char *version, int line, enum section s)
{
	struct gem *g;
	struct tg_buf key = TG_BUF_INIT;
	struct tg_hashmap_entry *e;
	int added;

	strip_platform(version);
	tg_buf_addf(&key, "%s %s", name, version);
	/* the same gem for several platforms is one dependency */
	e = tg_hashmap_put(&l->by_name, key.buf, key.len, &added);
	tg_buf_release(&key);
	if (!added) {
		free(name);
		free(version);
		l->current = (size_t)e->val.u64 - 1;
		return;
	}
	e->val.u64 = l->nr + 1;
	TG_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	g = &l->v[l->nr];
	g->name = name;
	g->version = version;
	g->line = line;
	g->origin = s == S_GIT ? TG_DEP_GIT : s == S_PATH ? TG_DEP_PATH : TG_DEP_REGISTRY;
	g->node = tg_deps_graph_node(&l->g, name, name);
	l->current = l->nr++;
}

static int malformed(const struct lock *l, int line, const char *what)
{
	return tg_error_set(TG_ERR_INPUT, "%s:%d: %s", l->f->rel, line, what);
}

static int spec_line(struct lock *l, const char *p, const char *end, int line, enum section s)
{
	int ind = indent_of(p, end);
	char *name, *ver;

	if (name_version(p + ind, end, &name, &ver))
		return malformed(l, line, "expected \"name (version)\"");
	if (ind == 4) {
		if (!ver) {
			free(name);
			return malformed(l, line, "a gem without a version");
		}
		add_gem(l, name, ver, line, s);
		return TG_OK;
	}
	if (l->current != SIZE_MAX) {
		size_t to = tg_deps_graph_node(&l->g, name, name);
		tg_deps_graph_edge(&l->g, l->v[l->current].node, to);
	}
	free(name);
	free(ver);
	return TG_OK;
}

/* "  name (1.2.3) sha256=hex,..." under CHECKSUMS (Bundler 2.5). */
static void checksum_line(struct lock *l, const char *p, const char *end)
{
	const char *close = memchr(p, ')', (size_t)(end - p)), *sha;
	char *name, *ver;
	struct tg_buf key = TG_BUF_INIT;

	if (!close || name_version(p, close + 1, &name, &ver))
		return;
	sha = close + 1;
	while (sha < end && *sha == ' ')
		sha++;
	if (ver && (size_t)(end - sha) > 7 && !memcmp(sha, "sha256=", 7)) {
		size_t n = 0;
		/* the line is not NUL-terminated: bounded by end */
		while (sha + 7 + n < end && !memchr(", \r", sha[7 + n], 3))
			n++;
		strip_platform(ver);
		tg_buf_addf(&key, "%s %s", name, ver);
		struct tg_hashmap_entry *e = tg_hashmap_put(&l->checksums, key.buf, key.len, NULL);
		if (!e->val.ptr) {
			struct tg_buf h = TG_BUF_INIT;
			tg_buf_adds(&h, "sha256:");
			tg_buf_add(&h, sha + 7, n);
			e->val.ptr = tg_buf_detach(&h, NULL);
		}
	}
	tg_buf_release(&key);
	free(name);
	free(ver);
}

static enum section section_of(const char *p, const char *end)
{
	size_t n = (size_t)(end - p);

	while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	if (n == 3 && !memcmp(p, "GEM", 3))
		return S_GEM;
	if (n == 3 && !memcmp(p, "GIT", 3))
		return S_GIT;
	if (n == 4 && !memcmp(p, "PATH", 4))
		return S_PATH;
	if (n == 12 && !memcmp(p, "DEPENDENCIES", 12))
		return S_DEPENDENCIES;
	if (n == 9 && !memcmp(p, "CHECKSUMS", 9))
		return S_CHECKSUMS;
	return S_OTHER;
}

static int parse(struct lock *l)
{
	const char *p = l->f->data, *end = p + l->f->len;
	enum section s = S_OTHER;
	int line = 0, in_specs = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		int ind = indent_of(p, eol), rc = TG_OK;
		line++;
		if (ind == eol - p || (ind == eol - p - 1 && eol[-1] == '\r')) {
			/* a blank line */
		} else if (ind == 0) {
			s = section_of(p, eol);
			in_specs = 0;
			l->current = SIZE_MAX;
		} else if (s == S_GEM || s == S_GIT || s == S_PATH) {
			if (ind == 2)
				in_specs = eol - p >= 8 && !memcmp(p + 2, "specs:", 6);
			else if (in_specs && (ind == 4 || ind == 6))
				rc = spec_line(l, p, eol, line, s);
			else if (in_specs)
				rc = malformed(l, line, "unexpected indentation in specs");
		} else if (s == S_DEPENDENCIES && ind == 2) {
			char *name, *ver;
			if (name_version(p + 2, eol, &name, &ver))
				rc = malformed(l, line, "expected a gem name in DEPENDENCIES");
			else
				tg_strlist_add(&l->direct, name);
			free(name);
			free(ver);
		} else if (s == S_CHECKSUMS && ind == 2) {
			checksum_line(l, p + 2, eol);
		}
		if (rc)
			return rc;
		p = nl ? nl + 1 : end;
	}
	return TG_OK;
}

static void emit(struct lock *l, struct tg_dep_list *out)
{
	for (size_t i = 0; i < l->direct.nr; i++) {
		const char *n = l->direct.v[i];
		tg_deps_graph_root(&l->g, tg_deps_graph_node(&l->g, n, n));
	}
	for (size_t i = 0; i < l->nr; i++) {
		struct gem *g = &l->v[i];
		struct tg_buf key = TG_BUF_INIT;
		struct tg_hashmap_entry *e;
		struct tg_dep *d =
		        tg_deps_add(out, TG_ECO_RUBYGEMS, l->f->rel, g->line, g->name, g->version);
		d->origin = g->origin;
		d->direct = tg_strlist_find(&l->direct, g->name) >= 0;
		d->via = tg_deps_graph_via(&l->g, g->name);
		tg_buf_addf(&key, "%s %s", g->name, g->version);
		if ((e = tg_hashmap_get(&l->checksums, key.buf, key.len)))
			tg_strlist_add(&d->hashes, e->val.ptr);
		tg_buf_release(&key);
	}
}

static int read_gemfile_lock(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct lock l = {f,
	                 NULL,
	                 0,
	                 0,
	                 TG_HASHMAP_INIT,
	                 TG_HASHMAP_INIT,
	                 TG_STRLIST_INIT,
	                 TG_DEPS_GRAPH_INIT,
	                 SIZE_MAX};
	struct tg_hashmap_entry *e;
	int rc = parse(&l);

	if (!rc)
		emit(&l, out);
	for (size_t i = 0; i < l.nr; i++) {
		free(l.v[i].name);
		free(l.v[i].version);
	}
	free(l.v);
	tg_hashmap_for_each(&l.checksums, e)
		free(e->val.ptr);
	tg_hashmap_release(&l.checksums);
	tg_hashmap_release(&l.by_name);
	tg_strlist_clear(&l.direct);
	tg_deps_graph_release(&l.g);
	return rc;
}

static int match_gemfile_lock(const char *base)
{
	return !strcmp(base, "Gemfile.lock") || !strcmp(base, "gems.locked");
}

const struct tg_deps_reader tg_deps_reader_gemfile_lock = {"Gemfile.lock", TG_ECO_RUBYGEMS, 1,
                                                           match_gemfile_lock, read_gemfile_lock};
