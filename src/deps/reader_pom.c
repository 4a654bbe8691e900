/*
 * Maven's pom.xml, without Maven and without the network: <dependencies>
 * (direct) and <dependencyManagement> (the versions it pins for whatever
 * needs them), their scope (test is dev; provided and <optional> are
 * optional), and ${property} references resolved from <properties>, the
 * project's own coordinates and its parents found on disk (<relativePath>,
 * by default ../pom.xml), opened beneath the root. A version that still
 * names an unknown property is unknown, with a warning: never guessed.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/record_int.h"
#include "xml/xml.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"

#define MAX_PARENTS   8
#define MAX_EXPANSION 4096 /* bytes: a property that grows past this is refused */

struct pom {
	char *rel;
	struct tg_buf bytes; /* the parents' bytes; the child's are the caller's */
	xmlDoc *doc;
	const xmlNode *project;
};

struct model {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	struct pom chain[MAX_PARENTS + 1]; /* [0] the file read, then its parents */
	int depth;
	struct tg_hashmap props;   /* name -> malloc'd value */
	struct tg_hashmap managed; /* "group:artifact" -> the <dependency> node managing it */
	/* dependencies with no version anywhere on disk: one warning for them all */
	size_t unversioned;
	int unversioned_line;
	struct tg_buf unversioned_names;
};

static void put_prop(struct model *m, const char *name, const char *value)
{
	struct tg_hashmap_entry *e;

	if (!name || !value)
		return;
	e = tg_hashmap_put(&m->props, name, strlen(name), NULL);
	free(e->val.ptr);
	e->val.ptr = tg_strdup(value);
}

/*
 * Appends raw with every ${name} replaced; 0 when all resolved, else -1 with
 * the first unknown name in *missing (malloc'd). Depth and length are bounded:
 * a property defined by itself, or doubling at each level, stops there.
 */
static int expand(const struct model *m, const char *raw, struct tg_buf *out, int depth,
                  char **missing)
{
	const char *p = raw;

	while (*p) {
		const char *open = strstr(p, "${"), *close;
		struct tg_hashmap_entry *e;
		if (!open) {
			tg_buf_adds(out, p);
			break;
		}
		tg_buf_add(out, p, (size_t)(open - p));
		if (!(close = strchr(open + 2, '}'))) {
			tg_buf_adds(out, open);
			break;
		}
		e = tg_hashmap_get(&m->props, open + 2, (size_t)(close - open - 2));
		if (!e || depth > 16 || out->len > MAX_EXPANSION) {
			if (!*missing)
				*missing = tg_strndup(open + 2, (size_t)(close - open - 2));
			return -1;
		}
		if (expand(m, e->val.ptr, out, depth + 1, missing))
			return -1;
		p = close + 1;
	}
	return out->len > MAX_EXPANSION ? -1 : 0;
}

/* raw resolved, malloc'd; NULL (and a warning at line) when a property is unknown. */
static char *resolve(const struct model *m, const char *raw, int line, const char *what)
{
	struct tg_buf b = TG_BUF_INIT;
	char *missing = NULL;

	if (!raw)
		return NULL;
	if (expand(m, raw, &b, 0, &missing)) {
		tg_dep_warn(m->out, m->f->rel, line, "%s %s: ${%s} is not resolved (%s unknown)",
		            what, raw, missing ? missing : "...", what);
		free(missing);
		tg_buf_release(&b);
		return NULL;
	}
	return tg_buf_detach(&b, NULL);
}

/* The coordinates a pom declares, its parent's where it inherits them. */
static char *coordinate(const xmlNode *project, const char *name)
{
	char *v = tg_xml_child_text(project, name);

	if (!v)
		v = tg_xml_child_text(tg_xml_child(project, "parent"), name);
	return v;
}

/* The parent pom on disk, when <parent> names one there and it is the one named. */
static int load_parent(struct model *m, const struct pom *child, struct pom *parent)
{
	const xmlNode *pe = tg_xml_child(child->project, "parent");
	const xmlNode *rp = tg_xml_child(pe, "relativePath");
	char *path = rp ? tg_xml_text(rp) : tg_strdup("../pom.xml");
	struct tg_deps_file cf = {m->f->root_fd, child->rel, NULL, 0};
	char *want_g = tg_xml_child_text(pe, "groupId");
	char *want_a = tg_xml_child_text(pe, "artifactId");
	char *g = NULL, *a = NULL;
	int rc, ok = 0;

	memset(parent, 0, sizeof(*parent));
	if (!pe || !*path)
		goto done; /* no parent, or <relativePath/>: from a repository only */
	if (!rp && !strchr(child->rel, '/'))
		goto done; /* the default ../pom.xml of a pom at the root is outside it */
	if (!strstr(path, ".xml")) {
		char *full = tg_malloc(strlen(path) + 9);
		strcpy(full, path);
		strcat(full, *path && path[strlen(path) - 1] == '/' ? "pom.xml" : "/pom.xml");
		free(path);
		path = full;
	}
	rc = tg_deps_read_relative(&cf, path, &parent->bytes, &parent->rel);
	if (rc) {
		if (rc != TG_ERR_NOTFOUND || rp)
			tg_dep_warn(m->out, child->rel, tg_xml_line(pe), "parent pom not read: %s",
			            tg_error_message());
		tg_error_clear();
		goto done;
	}
	if (tg_xml_parse(parent->bytes.buf, parent->bytes.len, parent->rel, 0, &parent->doc)) {
		tg_dep_warn(m->out, child->rel, tg_xml_line(pe), "parent pom not used: %s",
		            tg_error_message());
		tg_error_clear();
		goto done;
	}
	parent->project = tg_xml_root(parent->doc);
	g = coordinate(parent->project, "groupId");
	a = tg_xml_child_text(parent->project, "artifactId");
	if (!tg_xml_is(parent->project, "project") || !g || !a || !want_g || !want_a ||
	    strcmp(g, want_g) || strcmp(a, want_a)) {
		tg_dep_warn(m->out, child->rel, tg_xml_line(pe),
		            "%s is not the parent %s:%s; not used", parent->rel,
		            want_g ? want_g : "?", want_a ? want_a : "?");
		goto done;
	}
	ok = 1;
done:
	if (!ok) {
		tg_xml_free(parent->doc);
		tg_buf_release(&parent->bytes);
		free(parent->rel);
		memset(parent, 0, sizeof(*parent));
	}
	free(path);
	free(want_g);
	free(want_a);
	free(g);
	free(a);
	return ok;
}

static void project_props(struct model *m, const xmlNode *project)
{
	const xmlNode *props = tg_xml_child(project, "properties");
	static const char *const own[] = {"groupId", "artifactId", "version"};

	for (const xmlNode *c = props ? props->children : NULL; c; c = c->next) {
		char *v;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		v = tg_xml_text(c);
		put_prop(m, (const char *)c->name, v);
		free(v);
	}
	for (size_t i = 0; i < 3; i++) {
		char *v = i == 1 ? tg_xml_child_text(project, own[i]) : coordinate(project, own[i]);
		char key[32];
		if (!v)
			continue;
		snprintf(key, sizeof(key), "project.%s", own[i]);
		put_prop(m, key, v);
		snprintf(key, sizeof(key), "pom.%s", own[i]);
		put_prop(m, key, v);
		free(v);
		v = tg_xml_child_text(tg_xml_child(project, "parent"), own[i]);
		snprintf(key, sizeof(key), "project.parent.%s", own[i]);
		put_prop(m, key, v);
		free(v);
	}
}

/* Properties and managed versions from the top parent down, so the nearest pom wins. */
static void build_model(struct model *m)
{
	for (int i = m->depth; i >= 0; i--) {
		const xmlNode *dm = tg_xml_child(m->chain[i].project, "dependencyManagement");
		const xmlNode *deps = tg_xml_child(dm, "dependencies");
		project_props(m, m->chain[i].project);
		for (const xmlNode *d = deps ? deps->children : NULL; d; d = d->next) {
			char *g = tg_xml_child_text(d, "groupId");
			char *a = tg_xml_child_text(d, "artifactId");
			if (tg_xml_is(d, "dependency") && g && a) {
				struct tg_buf k = TG_BUF_INIT;
				tg_buf_addf(&k, "%s:%s", g, a);
				tg_hashmap_put(&m->managed, k.buf, k.len, NULL)->val.ptr =
				        (void *)d;
				tg_buf_release(&k);
			}
			free(g);
			free(a);
		}
	}
}

static enum tg_dep_scope scope_of(const char *scope, const char *optional)
{
	if (optional && !strcmp(optional, "true"))
		return TG_DEP_OPTIONAL;
	if (scope && !strcmp(scope, "test"))
		return TG_DEP_DEV;
	if (scope && (!strcmp(scope, "provided") || !strcmp(scope, "system")))
		return TG_DEP_OPTIONAL;
	return TG_DEP_RUNTIME;
}

static void unversioned(struct model *m, const char *name, int line)
{
	if (!m->unversioned++)
		m->unversioned_line = line;
	if (m->unversioned <= 3)
		tg_buf_addf(&m->unversioned_names, "%s%s", m->unversioned > 1 ? ", " : "", name);
}

/* Records one <dependency>; managed: whether it comes from <dependencyManagement>. */
static void dependency(struct model *m, const xmlNode *d, int managed)
{
	int line = tg_xml_line(d);
	char *rg = tg_xml_child_text(d, "groupId"), *ra = tg_xml_child_text(d, "artifactId");
	char *rv = tg_xml_child_text(d, "version"), *scope = tg_xml_child_text(d, "scope");
	char *opt = tg_xml_child_text(d, "optional");
	char *g = resolve(m, rg, line, "groupId"), *a = resolve(m, ra, line, "artifactId"),
	     *v = NULL;
	struct tg_buf name = TG_BUF_INIT;
	struct tg_hashmap_entry *e;
	struct tg_dep *dep;

	if (!g || !a) {
		if (rg && ra)
			goto out; /* resolve() warned */
		tg_dep_warn(m->out, m->f->rel, line,
		            "a <dependency> without groupId or artifactId");
		goto out;
	}
	if (managed && scope && !strcmp(scope, "import"))
		goto out; /* a BOM: a list of versions kept in a repository, not a dependency */
	tg_buf_addf(&name, "%s:%s", g, a);
	if (!rv && !managed && (e = tg_hashmap_get(&m->managed, name.buf, name.len))) {
		rv = tg_xml_child_text(e->val.ptr, "version");
		if (!scope)
			scope = tg_xml_child_text(e->val.ptr, "scope");
	}
	if (rv)
		v = resolve(m, rv, line, "version");
	else
		unversioned(m, name.buf, line);
	dep = tg_deps_add(m->out, TG_ECO_MAVEN, m->f->rel, line, name.buf,
	                  v && *v != '[' && *v != '(' ? v : NULL);
	if (v && (*v == '[' || *v == '('))
		dep->range = tg_strdup(v);
	dep->direct = !managed;
	dep->scope = scope_of(scope, opt);
out:
	tg_buf_release(&name);
	free(rg), free(ra), free(rv), free(scope), free(opt), free(g), free(a), free(v);
}

static void emit(struct model *m)
{
	const xmlNode *project = m->chain[0].project;
	const xmlNode *deps = tg_xml_child(project, "dependencies");
	const xmlNode *dm =
	        tg_xml_child(tg_xml_child(project, "dependencyManagement"), "dependencies");
	struct tg_hashmap used = TG_HASHMAP_INIT;

	for (const xmlNode *d = deps ? deps->children : NULL; d; d = d->next) {
		size_t before = m->out->nr;
		if (!tg_xml_is(d, "dependency"))
			continue;
		dependency(m, d, 0);
		if (m->out->nr > before)
			tg_hashmap_put(&used, m->out->v[before].name,
			               strlen(m->out->v[before].name), NULL);
	}
	/* what is managed but not used here stays in the inventory: it pins transitive ones */
	for (const xmlNode *d = dm ? dm->children : NULL; d; d = d->next) {
		size_t before = m->out->nr;
		if (!tg_xml_is(d, "dependency"))
			continue;
		dependency(m, d, 1);
		if (m->out->nr > before &&
		    tg_hashmap_get(&used, m->out->v[before].name, strlen(m->out->v[before].name)))
			tg_deps_drop_last(m->out);
	}
	tg_hashmap_release(&used);
	if (m->unversioned)
		tg_dep_warn(m->out, m->f->rel, m->unversioned_line,
		            "%zu dependenc%s without a version here or in a parent pom on disk "
		            "(versions unknown): %s%s",
		            m->unversioned, m->unversioned == 1 ? "y" : "ies",
		            m->unversioned_names.buf, m->unversioned > 3 ? ", ..." : "");
}

static void model_release(struct model *m)
{
	struct tg_hashmap_entry *e;

	for (int i = 0; i <= m->depth; i++) {
		tg_xml_free(m->chain[i].doc);
		tg_buf_release(&m->chain[i].bytes);
		if (i)
			free(m->chain[i].rel);
	}
	tg_hashmap_for_each(&m->props, e)
		free(e->val.ptr);
	tg_hashmap_release(&m->props);
	tg_hashmap_release(&m->managed);
	tg_buf_release(&m->unversioned_names);
}

static int read_pom(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct model m;
	int rc;

	memset(&m, 0, sizeof(m));
	m.unversioned_names = (struct tg_buf)TG_BUF_INIT;
	m.f = f;
	m.out = out;
	m.chain[0].rel = (char *)f->rel;
	if ((rc = tg_xml_parse(f->data, f->len, f->rel, 0, &m.chain[0].doc)))
		return rc;
	m.chain[0].project = tg_xml_root(m.chain[0].doc);
	if (!tg_xml_is(m.chain[0].project, "project")) {
		rc = tg_error_set(TG_ERR_INPUT,
		                  "%s:%d: not a Maven POM (the root is not <project>)", f->rel,
		                  tg_xml_line(m.chain[0].project));
		model_release(&m);
		return rc;
	}
	while (m.depth < MAX_PARENTS && load_parent(&m, &m.chain[m.depth], &m.chain[m.depth + 1]))
		m.depth++;
	build_model(&m);
	emit(&m);
	model_release(&m);
	return TG_OK;
}

static int match_pom(const char *base)
{
	size_t n = strlen(base);

	return !strcmp(base, "pom.xml") || (n > 4 && !strcmp(base + n - 4, ".pom"));
}

const struct tg_deps_reader tg_deps_reader_pom = {"pom.xml", TG_ECO_MAVEN, 0, match_pom, read_pom};
