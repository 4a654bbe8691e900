/*
 * NuGet: packages.lock.json (per target framework, each package with its
 * type, Direct, Transitive, CentralTransitive or Project, its resolved
 * version, contentHash (SHA-512, base64) and dependencies), and MSBuild
 * projects: <PackageReference Include Version> (Version as an attribute or
 * a child element, VersionOverride winning), with central versions from the
 * nearest Directory.Packages.props (<PackageVersion Include Version>) for a
 * reference that gives none. A version such as "1.2.3" resolves to 1.2.3
 * when it exists (NuGet takes the lowest version allowed); brackets,
 * commas and floating '*' are ranges.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/record_int.h"
#include "xml/xml.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"

static char *lower(const char *s)
{
	char *k = tg_strdup(s);

	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

static size_t node_of(struct tg_deps_graph *g, const char *name)
{
	char *k = lower(name);
	size_t n = tg_deps_graph_node(g, k, name);

	free(k);
	return n;
}

static void lock_graph(const json_t *frameworks, struct tg_deps_graph *g)
{
	const char *fw, *name, *dep;
	const json_t *pkgs, *p, *v;

	json_object_foreach((json_t *)frameworks, fw, pkgs)
	{
		json_object_foreach((json_t *)pkgs, name, p)
		{
			const char *type = tg_deps_json_str(p, "type");
			size_t from = node_of(g, name);
			if (type && (!strcmp(type, "Direct") || !strcmp(type, "Project")))
				tg_deps_graph_root(g, from);
			json_object_foreach(json_object_get(p, "dependencies"), dep, v)
			        tg_deps_graph_edge(g, from, node_of(g, dep));
		}
	}
}

static void lock_package(const struct tg_deps_file *f, const char *name, const json_t *p,
                         struct tg_deps_graph *g, struct tg_hashmap *seen, int line,
                         struct tg_dep_list *out)
{
	const char *type = tg_deps_json_str(p, "type"), *ver = tg_deps_json_str(p, "resolved");
	const char *hash = tg_deps_json_str(p, "contentHash");
	struct tg_buf key = TG_BUF_INIT;
	struct tg_hashmap_entry *e;
	struct tg_dep *d;
	char *k;
	int added;

	if (type && !strcmp(type, "Project"))
		return; /* a project of the same solution: the repository's own code */
	k = lower(name);
	tg_buf_addf(&key, "%s@%s", k, ver ? ver : "");
	e = tg_hashmap_put(seen, key.buf, key.len, &added);
	tg_buf_release(&key);
	if (!added) {
		/* one package for several frameworks: direct if any framework says so */
		if (type && !strcmp(type, "Direct"))
			out->v[e->val.u64].direct = 1;
		free(k);
		return;
	}
	e->val.u64 = out->nr;
	d = tg_deps_add(out, TG_ECO_NUGET, f->rel, line, name, ver);
	d->direct = type && !strcmp(type, "Direct");
	if (!ver)
		d->range = tg_strdup(
		        tg_deps_json_str(p, "requested") ? tg_deps_json_str(p, "requested") : "*");
	d->via = tg_deps_graph_via(g, k);
	if (hash && *hash) {
		struct tg_buf h = TG_BUF_INIT;
		tg_buf_addf(&h, "sha512-%s", hash);
		tg_strlist_add(&d->hashes, h.buf);
		tg_buf_release(&h);
	}
	free(k);
}

/* Every framework an object of packages, every package an object. */
static int check_packages(const struct tg_deps_file *f, const json_t *frameworks,
                          struct tg_deps_keyscan *ks)
{
	const char *fw, *name;
	const json_t *pkgs, *p;

	json_object_foreach((json_t *)frameworks, fw, pkgs)
	{
		if (!json_is_object(pkgs))
			return tg_error_set(TG_ERR_INPUT, "%s:%d: %s: not an object", f->rel,
			                    tg_deps_keyscan_line(ks, fw, 0), fw);
		json_object_foreach((json_t *)pkgs, name, p)
		{
			if (!json_is_object(p))
				return tg_error_set(TG_ERR_INPUT, "%s:%d: %s: not an object",
				                    f->rel, tg_deps_keyscan_line(ks, name, 0),
				                    name);
		}
	}
	ks->pos = 0;
	return TG_OK;
}

static int read_packages_lock(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct tg_deps_graph g = TG_DEPS_GRAPH_INIT;
	struct tg_hashmap seen = TG_HASHMAP_INIT;
	struct tg_deps_keyscan ks = {f->data, f->len, 0};
	const json_t *frameworks, *pkgs, *p;
	const char *fw, *name;
	json_t *doc;
	int rc;

	if ((rc = tg_deps_json_load(f, &doc)))
		return rc;
	frameworks = json_object_get(doc, "dependencies");
	if (!json_is_object(frameworks)) {
		json_decref(doc);
		return tg_error_set(TG_ERR_INPUT,
		                    "%s:1: not a packages.lock.json (no \"dependencies\")", f->rel);
	}
	if ((rc = check_packages(f, frameworks, &ks))) {
		json_decref(doc);
		return rc;
	}
	lock_graph(frameworks, &g);
	json_object_foreach((json_t *)frameworks, fw, pkgs)
	{
		json_object_foreach((json_t *)pkgs, name, p)
		{
			int line = tg_deps_keyscan_line(&ks, name, '{');
			lock_package(f, name, p, &g, &seen, line, out);
		}
	}
	tg_hashmap_release(&seen);
	tg_deps_graph_release(&g);
	json_decref(doc);
	return TG_OK;
}

static int match_packages_lock(const char *base)
{
	return !strcmp(base, "packages.lock.json");
}

const struct tg_deps_reader tg_deps_reader_packages_lock = {
        "packages.lock.json", TG_ECO_NUGET, 1, match_packages_lock, read_packages_lock};

/* A record of name at a version as a manifest writes it: exact ("1.2.3", "[1.2.3]") or a range. */
static struct tg_dep *reference(struct tg_dep_list *out, const char *file, int line,
                                const char *name, const char *v)
{
	size_t n = v ? strlen(v) : 0;
	struct tg_dep *d;
	char *exact = NULL;

	if (n > 2 && v[0] == '[' && v[n - 1] == ']' && !strchr(v, ','))
		exact = tg_strndup(v + 1, n - 2);
	else if (n && !strpbrk(v, "[](),*"))
		exact = tg_strdup(v);
	d = tg_deps_add(out, TG_ECO_NUGET, file, line, name, exact);
	if (n && !exact)
		d->range = tg_strdup(v);
	d->direct = 1;
	free(exact);
	return d;
}

/* Directory.Packages.props: PackageVersion Include -> {version, line}. */
struct central {
	char *rel;
	struct tg_hashmap versions; /* lowercase name -> struct central_version * */
};
struct central_version {
	char *version;
	int line;
};

/* An attribute, or the text of a child element of that name. */
static char *attr_or_child(const xmlNode *n, const char *name)
{
	char *v = tg_xml_attr(n, name);

	return v ? v : tg_xml_child_text(n, name);
}

/* Every element named `name`, wherever it is (ItemGroups sit in Choose/When too). */
static void each_element(const xmlNode *n, const char *name, void (*fn)(const xmlNode *, void *),
                         void *arg, int depth)
{
	for (const xmlNode *c = n->children; c && depth < 32; c = c->next) {
		if (tg_xml_is(c, name))
			fn(c, arg);
		else if (c->type == XML_ELEMENT_NODE)
			each_element(c, name, fn, arg, depth + 1);
	}
}

static void central_version(const xmlNode *n, void *arg)
{
	struct central *c = arg;
	char *name = tg_xml_attr(n, "Include"), *v = attr_or_child(n, "Version");

	if (name && v) {
		char *k = lower(name);
		struct tg_hashmap_entry *e = tg_hashmap_put(&c->versions, k, strlen(k), NULL);
		struct central_version *cv = e->val.ptr;
		if (!cv)
			e->val.ptr = cv = tg_calloc(1, sizeof(*cv));
		free(cv->version);
		cv->version = tg_strdup(v);
		cv->line = tg_xml_line(n);
		free(k);
	}
	free(name);
	free(v);
}

static void central_release(struct central *c)
{
	struct tg_hashmap_entry *e;

	tg_hashmap_for_each(&c->versions, e) {
		struct central_version *cv = e->val.ptr;
		free(cv->version);
		free(cv);
	}
	tg_hashmap_release(&c->versions);
	free(c->rel);
}

/* The nearest Directory.Packages.props at or above f's directory, as MSBuild finds it. */
static void central_load(const struct tg_deps_file *f, struct central *c, struct tg_dep_list *out)
{
	struct tg_buf path = TG_BUF_INIT, b = TG_BUF_INIT;
	size_t up = 0;
	int rc = TG_ERR_NOTFOUND;
	xmlDoc *doc;

	for (const char *p = f->rel; *p; p++)
		up += *p == '/';
	for (size_t i = 0; i <= up && rc == TG_ERR_NOTFOUND; i++) {
		tg_buf_reset(&path);
		for (size_t j = 0; j < i; j++)
			tg_buf_adds(&path, "../");
		tg_buf_adds(&path, "Directory.Packages.props");
		tg_buf_reset(&b);
		rc = tg_deps_read_relative(f, path.buf, &b, &c->rel);
	}
	if (rc) {
		if (rc != TG_ERR_NOTFOUND)
			tg_dep_warn(out, f->rel, 0, "Directory.Packages.props not read: %s",
			            tg_error_message());
	} else if (tg_xml_parse(b.buf, b.len, c->rel, 0, &doc)) {
		tg_dep_warn(out, f->rel, 0, "central versions not read: %s", tg_error_message());
	} else {
		each_element(tg_xml_root(doc), "PackageVersion", central_version, c, 0);
		tg_xml_free(doc);
	}
	tg_error_clear();
	tg_buf_release(&path);
	tg_buf_release(&b);
}

struct project {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	struct central central;
	int central_loaded;
};

static void package_reference(const xmlNode *n, void *arg)
{
	struct project *pr = arg;
	char *name = tg_xml_attr(n, "Include"), *v = attr_or_child(n, "VersionOverride");

	if (!name || !*name) {
		free(name);
		free(v);
		return; /* <PackageReference Update=...> changes metadata of one included elsewhere
		         */
	}
	if (!v)
		v = attr_or_child(n, "Version");
	if (v) {
		reference(pr->out, pr->f->rel, tg_xml_line(n), name, v);
	} else {
		struct tg_hashmap_entry *e;
		char *k = lower(name);
		if (!pr->central_loaded) {
			central_load(pr->f, &pr->central, pr->out);
			pr->central_loaded = 1;
		}
		e = tg_hashmap_get(&pr->central.versions, k, strlen(k));
		if (e) {
			/* the version is declared, and bumped, in Directory.Packages.props */
			const struct central_version *cv = e->val.ptr;
			reference(pr->out, pr->central.rel, cv->line, name, cv->version);
		} else {
			tg_dep_warn(pr->out, pr->f->rel, tg_xml_line(n),
			            "%s: no Version and no central PackageVersion", name);
			reference(pr->out, pr->f->rel, tg_xml_line(n), name, NULL);
		}
		free(k);
	}
	free(name);
	free(v);
}

static int read_msbuild(const struct tg_deps_file *f, struct tg_dep_list *out, const char *element)
{
	struct project pr = {f, out, {NULL, TG_HASHMAP_INIT}, 0};
	const xmlNode *root;
	xmlDoc *doc;
	int rc = tg_xml_parse(f->data, f->len, f->rel, 0, &doc);

	if (rc)
		return rc;
	root = tg_xml_root(doc);
	if (!tg_xml_is(root, "Project")) {
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: not an MSBuild project (no <Project>)",
		                  f->rel, tg_xml_line(root));
	} else {
		each_element(root, element, package_reference, &pr, 0);
	}
	central_release(&pr.central);
	tg_xml_free(doc);
	return rc;
}

static int read_project(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	return read_msbuild(f, out, "PackageReference");
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int match_project(const char *base)
{
	return ends_with(base, ".csproj") || ends_with(base, ".fsproj") ||
	       ends_with(base, ".vbproj") || !strcmp(base, "Directory.Build.props");
}

const struct tg_deps_reader tg_deps_reader_msbuild_project = {"*.csproj", TG_ECO_NUGET, 0,
                                                              match_project, read_project};

/* Directory.Packages.props: its PackageVersions are applied to the projects' references;
 * a GlobalPackageReference is a dependency of every project. */
static int read_central(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	return read_msbuild(f, out, "GlobalPackageReference");
}

static int match_central(const char *base)
{
	return !strcmp(base, "Directory.Packages.props");
}

const struct tg_deps_reader tg_deps_reader_central_packages = {
        "Directory.Packages.props", TG_ECO_NUGET, 0, match_central, read_central};
