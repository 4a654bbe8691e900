/*
 * go.sum: "module version h1:hash" lines. A version ending in "/go.mod" is
 * the hash of that module's go.mod alone (its graph was read, its code not
 * downloaded), so it is no dependency. The go.mod beside it says which
 * modules are direct; a go.sum entry that go.mod does not require is
 * transitive, and one of a module go.mod requires at another version is a
 * stale entry (not built), left out. Of a module go.mod does not pin, only
 * the highest version is kept: minimal version selection builds that one.
 * What go.sum cannot list, the standard library and modules replaced by
 * local directories, comes from go.mod, so the inventory (which keeps the
 * lockfile's entries) keeps them.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/gomod_int.h"
#include "deps/record_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "version/version.h"

/* What go.mod requires, as built: path -> the require (version after replacement). */
struct required {
	const char *version; /* the version built */
	int indirect;
};

static void required_from(const struct tg_gomod *m, struct tg_hashmap *req, struct required **all)
{
	*all = tg_calloc(m->nreq + 1, sizeof(**all));
	for (size_t i = 0; i < m->nreq; i++) {
		const struct tg_gomod_require *r = &m->req[i];
		const struct tg_gomod_replace *rep = tg_gomod_replacement(m, r->path, r->version);
		const char *path = r->path;
		if (rep && !rep->new_version)
			continue; /* a local directory: nothing downloaded */
		(*all)[i].version = rep ? rep->new_version : r->version;
		if (rep)
			path = rep->new;
		(*all)[i].indirect = r->indirect;
		tg_hashmap_put(req, path, strlen(path), NULL)->val.ptr = &(*all)[i];
	}
}

/* The go.mod beside go.sum, when there is one that parses; a warning when it does not. */
static int sibling_gomod(const struct tg_deps_file *f, struct tg_gomod *m, char **rel,
                         struct tg_dep_list *out)
{
	struct tg_buf b = TG_BUF_INIT;
	int rc = tg_deps_read_sibling(f, "go.mod", &b, rel), have = 0;

	if (!rc) {
		if (!tg_gomod_parse(b.buf, b.len, *rel, m))
			have = 1;
		else
			tg_dep_warn(out, f->rel, 0, "go.mod beside it not used: %s",
			            tg_error_message());
	}
	tg_error_clear();
	tg_buf_release(&b);
	return have; /* m->file is *rel, the caller's to free after m */
}

static int split3(const char *p, const char *end, const char *f[3], size_t n[3])
{
	int k = 0;

	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p >= end)
			return k;
		if (k == 3)
			return 4;
		f[k] = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		n[k] = (size_t)(p - f[k]);
		k++;
	}
}

struct sum_ctx {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	struct tg_hashmap *req, seen;
	struct tg_hashmap newest; /* a path go.mod does not pin -> its record's index + 1 */
	int have_mod;
};

/*
 * A module go.mod does not pin, listed at several versions: minimal version
 * selection builds the highest, and the older entries are leftovers. 1 when
 * the entry was taken into (or is older than) the record already kept.
 */
static int newest_only(struct sum_ctx *c, int line, const char *path, const char *version,
                       const char *hash)
{
	struct tg_hashmap_entry *e = tg_hashmap_put(&c->newest, path, strlen(path), NULL);
	struct tg_dep *d;
	int cmp;

	if (!e->val.u64) {
		e->val.u64 = c->out->nr + 1;
		return 0;
	}
	d = &c->out->v[e->val.u64 - 1];
	if (tg_version_cmp(TG_ECO_GO, version, d->version, &cmp)) {
		tg_error_clear();
		return 0; /* not comparable: both are listed */
	}
	if (cmp > 0) {
		free(d->version);
		d->version = tg_strdup(version);
		d->line = line;
		tg_dep_set_name(d, path);
		tg_strlist_clear(&d->hashes);
		tg_strlist_add(&d->hashes, hash);
	}
	return 1;
}

static void entry(struct sum_ctx *c, int line, const char *path, const char *version,
                  const char *hash)
{
	struct tg_hashmap_entry *e =
	        c->have_mod ? tg_hashmap_get(c->req, path, strlen(path)) : NULL;
	const struct required *r = e ? e->val.ptr : NULL;
	struct tg_buf key = TG_BUF_INIT;
	struct tg_dep *d;
	int added;

	if (r && strcmp(r->version, version))
		return; /* go.mod builds another version: this one is stale */
	tg_buf_addf(&key, "%s@%s", path, version);
	tg_hashmap_put(&c->seen, key.buf, key.len, &added);
	tg_buf_release(&key);
	if (!added || (!r && newest_only(c, line, path, version, hash)))
		return;
	d = tg_deps_add(c->out, TG_ECO_GO, c->f->rel, line, path, version);
	d->direct = r && !r->indirect;
	tg_strlist_add(&d->hashes, hash);
}

static int read_gosum(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct tg_hashmap req = TG_HASHMAP_INIT;
	struct required *all = NULL;
	struct tg_gomod m;
	struct sum_ctx c = {f, out, &req, TG_HASHMAP_INIT, TG_HASHMAP_INIT, 0};
	const char *p = f->data, *end = f->data + f->len;
	int line = 0, rc = TG_OK;
	char *mod_rel = NULL;

	if ((c.have_mod = sibling_gomod(f, &m, &mod_rel, out)))
		required_from(&m, &req, &all);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		const char *fld[3];
		size_t n[3];
		int k = split3(p, eol, fld, n);
		line++;
		p = nl ? nl + 1 : end;
		if (!k)
			continue;
		if (k != 3 || n[1] < 2 || fld[1][0] != 'v' || memchr(fld[2], ':', n[2]) == NULL) {
			rc = tg_error_set(TG_ERR_INPUT, "%s:%d: malformed go.sum line", f->rel,
			                  line);
			break;
		}
		if (n[1] > 7 && !memcmp(fld[1] + n[1] - 7, "/go.mod", 7))
			continue;
		{
			char *path = tg_strndup(fld[0], n[0]), *ver = tg_strndup(fld[1], n[1]);
			char *hash = tg_strndup(fld[2], n[2]);
			entry(&c, line, path, ver, hash);
			free(path);
			free(ver);
			free(hash);
		}
	}
	/* go.sum never lists the standard library or local directories: go.mod says them */
	if (c.have_mod && !rc)
		tg_gomod_records(&m, 1, out);
	tg_hashmap_release(&c.seen);
	tg_hashmap_release(&c.newest);
	tg_hashmap_release(&req);
	free(all);
	if (c.have_mod)
		tg_gomod_release(&m);
	free(mod_rel);
	return rc;
}

static int match_gosum(const char *base)
{
	return !strcmp(base, "go.sum");
}

const struct tg_deps_reader tg_deps_reader_gosum = {"go.sum", TG_ECO_GO, 1, match_gosum,
                                                    read_gosum};
