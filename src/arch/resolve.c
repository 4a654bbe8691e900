/*
 * From an import as written to a node of the graph, by the language's rules:
 * C's include path, Python's packages and relative levels, JavaScript's
 * relative specifiers and extensions, Go's module path.
 */
#include "arch/arch_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

char *arch_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? tg_strndup(path, (size_t)(slash - path)) : tg_strdup("");
}

char *arch_join(const char *dir, const char *rel, size_t rel_len)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t i = 0;

	tg_buf_adds(&b, dir);
	while (i < rel_len) {
		size_t j = i;
		while (j < rel_len && rel[j] != '/')
			j++;
		if (j - i == 2 && rel[i] == '.' && rel[i + 1] == '.') {
			char *slash;
			if (!b.len) {
				tg_buf_release(&b);
				return NULL;
			}
			slash = strrchr(b.buf, '/');
			tg_buf_setlen(&b, slash ? (size_t)(slash - b.buf) : 0);
		} else if (j > i && !(j - i == 1 && rel[i] == '.')) {
			if (b.len)
				tg_buf_addch(&b, '/');
			tg_buf_add(&b, rel + i, j - i);
		}
		i = j + 1;
	}
	return tg_buf_detach(&b, NULL);
}

/* What resolution looks things up in. */
struct index {
	struct tg_hashmap files;      /* file path -> its node name (a Go file: its package) */
	struct tg_hashmap basename;   /* C and C++ headers' basename -> first of a chain */
	size_t *next;                 /* per file: the next with that basename, or SIZE_MAX */
	struct tg_strlist py_roots;   /* "" and where top-level Python packages sit */
	struct tg_hashmap java_class; /* "a.b.C" -> its file's index */
	struct tg_hashmap java_pkg;   /* "a.b" -> first of a chain of its files' indexes */
	size_t *java_next;
	const struct tg_strlist *include_dirs;
	const struct arch_builder *b;
	struct arch_jsconf js; /* tsconfig.json, jsconfig.json and package.json */
};

static const char *lookup(const struct index *x, const char *path)
{
	struct tg_hashmap_entry *e = path ? tg_hashmap_get(&x->files, path, strlen(path)) : NULL;
	return e ? e->val.ptr : NULL;
}

static const char *lookup_free(const struct index *x, char *path)
{
	const char *r = lookup(x, path);
	free(path);
	return r;
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0, last = 0;

	for (; a[n] && a[n] == b[n]; n++)
		if (a[n] == '/')
			last = n + 1;
	return last;
}

/* A header found anywhere in the tree: the path ending in "/spec" nearest to from. */
static const char *c_by_suffix(const struct index *x, const char *from, const char *spec)
{
	const char *base = strrchr(spec, '/'), *best = NULL;
	size_t speclen = strlen(spec), best_common = 0;
	struct tg_hashmap_entry *e;

	base = base ? base + 1 : spec;
	e = tg_hashmap_get(&x->basename, base, strlen(base));
	for (size_t i = e ? e->val.u64 : SIZE_MAX; i != SIZE_MAX; i = x->next[i]) {
		const char *p = x->b->files[i].path;
		size_t n = strlen(p), common;
		if (n < speclen || strcmp(p + n - speclen, spec) ||
		    (n > speclen && p[n - speclen - 1] != '/'))
			continue;
		common = common_prefix(p, from);
		if (!best || common > best_common)
			best = p, best_common = common;
	}
	return best;
}

static const char *resolve_c(const struct index *x, const struct arch_file *f,
                             const struct arch_raw *r)
{
	const char *hit = NULL;
	char *dir;

	if (!r->flag) {
		dir = arch_dirname(f->path);
		hit = lookup_free(x, arch_join(dir, r->spec, strlen(r->spec)));
		free(dir);
	}
	for (size_t i = 0; !hit && x->include_dirs && i < x->include_dirs->nr; i++)
		hit = lookup_free(x, arch_join(x->include_dirs->v[i], r->spec, strlen(r->spec)));
	/* Without include directories, the tree: a quoted include, or <dir/header.h>. */
	if (!hit && (!x->include_dirs || !x->include_dirs->nr) &&
	    (!r->flag || strchr(r->spec, '/')))
		hit = lookup(x, c_by_suffix(x, f->path, r->spec));
	return hit;
}

/* base/a/b.py or base/a/b/__init__.py for the dotted name a.b ("" is base's __init__). */
static const char *py_module(const struct index *x, const char *base, const char *dotted, size_t n)
{
	struct tg_buf b = TG_BUF_INIT;
	const char *hit;

	tg_buf_adds(&b, base);
	if (n) {
		if (b.len)
			tg_buf_addch(&b, '/');
		for (size_t i = 0; i < n; i++)
			tg_buf_addch(&b, dotted[i] == '.' ? '/' : dotted[i]);
		tg_buf_adds(&b, ".py");
		hit = lookup(x, b.buf);
		if (hit) {
			tg_buf_release(&b);
			return hit;
		}
		tg_buf_setlen(&b, b.len - 3);
	}
	tg_buf_adds(&b, b.len ? "/__init__.py" : "__init__.py");
	hit = lookup(x, b.buf);
	tg_buf_release(&b);
	return hit;
}

/* The module, or for `from M import NAME` when M.NAME is no module, M itself. */
static const char *py_name(const struct index *x, const char *base, const char *dotted, int from)
{
	size_t n = strlen(dotted);
	const char *hit = py_module(x, base, dotted, n), *dot;

	if (!hit && from && (dot = strrchr(dotted, '.')) != NULL)
		hit = py_module(x, base, dotted, (size_t)(dot - dotted));
	return hit;
}

static const char *resolve_py(const struct index *x, const struct arch_file *f,
                              const struct arch_raw *r)
{
	const char *spec = r->spec, *hit = NULL;
	char *base;

	if (*spec != '.') {
		for (size_t i = 0; !hit && i < x->py_roots.nr; i++)
			hit = py_name(x, x->py_roots.v[i], spec, r->flag);
		return hit;
	}
	base = arch_dirname(f->path);
	for (spec++; *spec == '.'; spec++) {
		char *up = arch_join(base, "..", 2);
		free(base);
		if (!(base = up))
			return NULL;
	}
	if (r->flag && !strchr(spec, '.'))
		hit = py_module(x, base, spec, strlen(spec)); /* from . import NAME */
	if (!hit)
		hit = py_name(x, base, spec, r->flag);
	free(base);
	return hit;
}

/* A JavaScript module's path: itself, with an extension, or its directory's index. */
static const char *js_try(const void *arg, const char *p)
{
	static const char *const ext[] = {"",          ".ts",        ".tsx",      ".d.ts",
	                                  ".js",       ".jsx",       ".mjs",      ".cjs",
	                                  "/index.ts", "/index.tsx", "/index.js", "/index.jsx"};
	const struct index *x = arg;
	const char *hit = NULL;

	for (size_t i = 0; !hit && i < sizeof(ext) / sizeof(ext[0]); i++) {
		char *q = tg_malloc(strlen(p) + strlen(ext[i]) + 1);
		strcpy(q, p);
		strcat(q, ext[i]);
		hit = lookup_free(x, q);
	}
	return hit;
}

static const char *resolve_js(const struct index *x, const struct arch_file *f,
                              const struct arch_raw *r)
{
	const char *hit;
	char *dir, *p;

	if (r->spec[0] != '.')
		return arch_js_bare(&x->js, f->path, r->spec, js_try, x);
	dir = arch_dirname(f->path);
	p = arch_join(dir, r->spec, strlen(r->spec));
	free(dir);
	hit = p ? js_try(x, p) : NULL;
	free(p);
	return hit;
}

static const char *resolve_go(const struct index *x, const struct arch_raw *r)
{
	for (size_t i = 0; i < x->b->mods_nr; i++) {
		const struct arch_mod *m = &x->b->mods[i];
		size_t n = strlen(m->module);
		char *dir;
		const char *hit = NULL;
		if (strncmp(r->spec, m->module, n) || (r->spec[n] && r->spec[n] != '/'))
			continue;
		dir = arch_join(m->dir, r->spec + n, strlen(r->spec + n));
		if (dir) {
			/* a package: its directory, as Go files' nodes are */
			struct tg_buf b = TG_BUF_INIT;
			tg_buf_addf(&b, "%s/", *dir ? dir : ".");
			hit = lookup(x, b.buf);
			tg_buf_release(&b);
		}
		free(dir);
		if (hit)
			return hit;
	}
	return NULL;
}

/* Java and Kotlin: a class, or the class a static import or a nested class is in. */
static const char *resolve_java(const struct index *x, const struct arch_raw *r)
{
	size_t n = strlen(r->spec);
	struct tg_hashmap_entry *e;

	if (n > 2 && !strcmp(r->spec + n - 2, ".*"))
		n -= 2;
	for (;;) {
		e = tg_hashmap_get(&x->java_class, r->spec, n);
		if (e)
			return lookup(x, x->b->files[e->val.u64].path);
		const char *dot = memrchr(r->spec, '.', n);
		if (!dot || !memchr(r->spec, '.', (size_t)(dot - r->spec)))
			return NULL;
		n = (size_t)(dot - r->spec);
	}
}

/* Where a Rust file's submodules live: its directory for mod.rs, lib.rs and main.rs, else dir/stem.
 */
static char *rust_mod_dir(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n = strlen(path);

	base = base ? base + 1 : path;
	if (!strcmp(base, "mod.rs") || !strcmp(base, "lib.rs") || !strcmp(base, "main.rs"))
		return arch_dirname(path);
	return tg_strndup(path, n > 3 ? n - 3 : n); /* without ".rs" */
}

/* The file of the module whose directory is d: d.rs, d/mod.rs, d/lib.rs, d/main.rs. */
static const char *rust_mod_file(const struct index *x, const char *d)
{
	static const char *const tail[] = {".rs", "/mod.rs", "/lib.rs", "/main.rs"};
	const char *hit = NULL;

	for (size_t i = 0; !hit && i < sizeof(tail) / sizeof(tail[0]); i++) {
		struct tg_buf b = TG_BUF_INIT;
		tg_buf_addf(&b, "%s%s", *d || i == 0 ? d : "",
		            *d || i == 0 ? tail[i] : tail[i] + 1);
		hit = lookup(x, b.buf);
		tg_buf_release(&b);
	}
	return hit;
}

/* The crate's root directory: the nearest one up holding lib.rs or main.rs. */
static char *rust_crate_dir(const struct index *x, const char *path)
{
	char *d = arch_dirname(path), *up;

	for (;;) {
		char *lib = arch_join(d, "lib.rs", 6), *main = arch_join(d, "main.rs", 7);
		int found = lookup(x, lib) || lookup(x, main);
		free(lib);
		free(main);
		if (found || !*d)
			return d;
		up = arch_dirname(d);
		free(d);
		d = up;
	}
}

/* Rust: `mod x;` beside the file, or a `use` path from crate::, self:: or super::. */
static const char *resolve_rust(const struct index *x, const struct arch_file *f,
                                const struct arch_raw *r)
{
	char *base = rust_mod_dir(f->path), *d;
	const char *spec = r->spec, *hit = NULL;
	struct tg_buf b = TG_BUF_INIT;

	if (r->flag == 3) {
		d = arch_join(base, spec, strlen(spec));
		hit = d ? rust_mod_file(x, d) : NULL;
		free(d);
		free(base);
		return hit;
	}
	if (!strncmp(spec, "crate::", 7)) {
		free(base);
		base = rust_crate_dir(x, f->path);
		spec += 7;
	} else if (!strncmp(spec, "self::", 6)) {
		spec += 6;
	} else if (!strncmp(spec, "super::", 7)) {
		while (!strncmp(spec, "super::", 7)) {
			d = arch_dirname(base);
			free(base);
			base = d;
			spec += 7;
		}
	} else {
		/* a child module in scope (`use db::Db;` beside `mod db;`), else another crate */
		d = arch_join(base, spec, strcspn(spec, ":"));
		hit = d ? rust_mod_file(x, d) : NULL;
		free(d);
		if (!hit) {
			free(base);
			return NULL;
		}
		hit = NULL;
	}
	/* the longest prefix of the path that is a module file, else the base module */
	tg_buf_adds(&b, base);
	for (const char *p = spec; *p;) {
		size_t k = strcspn(p, ":");
		tg_buf_addf(&b, "%s", b.len ? "/" : "");
		tg_buf_add(&b, p, k);
		const char *h = rust_mod_file(x, b.buf);
		if (h)
			hit = h;
		else
			break;
		p += k;
		while (*p == ':')
			p++;
	}
	if (!hit)
		hit = rust_mod_file(x, base);
	tg_buf_release(&b);
	free(base);
	return hit;
}

static const char *resolve(const struct index *x, const struct arch_file *f,
                           const struct arch_raw *r)
{
	switch (f->lang) {
	case TG_ARCH_C:
		return resolve_c(x, f, r);
	case TG_ARCH_PY:
		return resolve_py(x, f, r);
	case TG_ARCH_JS:
		return resolve_js(x, f, r);
	case TG_ARCH_GO:
		return resolve_go(x, r);
	case TG_ARCH_JAVA:
	case TG_ARCH_CS: /* `using static a.b.C;` or an alias: a class */
		return resolve_java(x, r);
	case TG_ARCH_RUST:
		return resolve_rust(x, f, r);
	default:
		return NULL;
	}
}

/* A file's node: itself, or a Go file's package directory ("./" at the root). */
static char *node_name(const struct arch_file *f)
{
	char *dir, *r;

	if (f->lang != TG_ARCH_GO)
		return tg_strdup(f->path);
	dir = arch_dirname(f->path);
	r = tg_malloc(strlen(dir) + 3);
	strcpy(r, *dir ? dir : ".");
	strcat(r, "/");
	free(dir);
	return r;
}

static int has_init(const struct index *x, const char *dir)
{
	char *p = arch_join(dir, "__init__.py", 11);
	int r = lookup(x, p) != NULL;
	free(p);
	return r;
}

/* "" and the parent of every top-level package (a directory with __init__.py). */
static void python_roots(struct index *x)
{
	tg_strlist_add(&x->py_roots, "");
	for (size_t i = 0; i < x->b->files_nr; i++) {
		const char *p = x->b->files[i].path, *slash = strrchr(p, '/');
		char *d, *up;
		if (!slash || strcmp(slash + 1, "__init__.py"))
			continue;
		d = arch_dirname(p);
		while ((up = arch_dirname(d)) && *up && has_init(x, up)) {
			free(d);
			d = up;
		}
		free(up);
		up = arch_dirname(d);
		if (*up && tg_strlist_find(&x->py_roots, up) < 0)
			tg_strlist_add(&x->py_roots, up);
		free(up);
		free(d);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The node names, sorted and once each; the index maps each file (and Go package) to one. */
static void make_nodes(struct index *x, struct tg_arch_graph *g, struct tg_hashmap *ids)
{
	struct tg_hashmap names = TG_HASHMAP_INIT;
	struct tg_hashmap_entry *e;
	size_t k = 0;

	for (size_t i = 0; i < x->b->files_nr; i++) {
		char *n = node_name(&x->b->files[i]);
		tg_hashmap_put(&names, n, strlen(n), NULL);
		free(n);
	}
	g->nodes = tg_malloc((names.nr ? names.nr : 1) * sizeof(char *));
	tg_hashmap_for_each(&names, e)
		g->nodes[k++] = tg_strdup(e->str);
	g->nodes_nr = k;
	qsort(g->nodes, k, sizeof(char *), by_name);
	for (size_t i = 0; i < k; i++)
		tg_hashmap_put(ids, g->nodes[i], strlen(g->nodes[i]), NULL)->val.u64 = i;
	for (size_t i = 0; i < x->b->files_nr; i++) {
		const struct arch_file *f = &x->b->files[i];
		char *n = node_name(f);
		const char *name = g->nodes[tg_hashmap_get(ids, n, strlen(n))->val.u64];
		tg_hashmap_put(&x->files, f->path, strlen(f->path), NULL)->val.ptr = (void *)name;
		if (f->lang == TG_ARCH_GO)
			tg_hashmap_put(&x->files, n, strlen(n), NULL)->val.ptr = (void *)name;
		free(n);
	}
	tg_hashmap_release(&names);
}

/* What an unresolved import names outside: C's header, Python's top-level module, npm's package. */
static void add_external(struct tg_arch_graph *g, struct tg_hashmap *seen, uint32_t from,
                         const struct arch_file *f, const char *spec)
{
	size_t n = strlen(spec);
	struct tg_buf key = TG_BUF_INIT;
	int added;

	if (f->lang == TG_ARCH_PY) {
		if (*spec == '.')
			return; /* relative: missing, not outside */
		n = strcspn(spec, ".");
	} else if (f->lang == TG_ARCH_RUST) {
		n = strcspn(spec, ":");
		if (n == strlen(spec) || (n == 5 && !memcmp(spec, "crate", 5)) ||
		    (n == 4 && !memcmp(spec, "self", 4)) || (n == 5 && !memcmp(spec, "super", 5)))
			return; /* a module of ours not found, or `mod x;` without its file */
	} else if (f->lang == TG_ARCH_JS) {
		const char *p = spec, *slash;
		if (*spec == '.' || *spec == '/')
			return;
		if (*p == '@' && (slash = strchr(p, '/')) != NULL)
			p = slash + 1; /* @scope/name */
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - spec) : n;
	}
	tg_buf_addf(&key, "%u:", from);
	tg_buf_add(&key, spec, n);
	tg_hashmap_put(seen, key.buf, key.len, &added);
	tg_buf_release(&key);
	if (!added)
		return;
	TG_ALLOC_GROW(g->ext, g->ext_nr + 1, g->ext_alloc);
	g->ext[g->ext_nr].from = from;
	g->ext[g->ext_nr++].name = tg_strndup(spec, n);
}

static void add_edge(struct tg_arch_graph *g, struct tg_hashmap *edges, uint32_t from, uint32_t to,
                     uint32_t line, uint32_t count)
{
	int added;
	struct tg_hashmap_entry *e;

	if (from == to)
		return;
	e = tg_hashmap_put_u64(edges, (uint64_t)from << 32 | to, &added);
	if (added) {
		TG_ALLOC_GROW(g->edges, g->edges_nr + 1, g->edges_alloc);
		e->val.u64 = g->edges_nr;
		g->edges[g->edges_nr++] = (struct tg_arch_edge){from, to, line, 0};
	}
	g->edges[e->val.u64].count += count;
}

static int by_edge(const void *a, const void *b)
{
	const struct tg_arch_edge *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

static int by_ext(const void *a, const void *b)
{
	const struct tg_arch_ext *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct arch_file *)a)->path, ((const struct arch_file *)b)->path);
}

/* Deepest module first, so a nested go.mod wins over its parent's, whatever the walk's order. */
static int by_mod(const void *a, const void *b)
{
	const struct arch_mod *x = a, *y = b;
	size_t lx = strlen(x->dir), ly = strlen(y->dir);

	if (lx != ly)
		return lx < ly ? 1 : -1;
	return strcmp(x->dir, y->dir);
}

void arch_graph_sort(struct tg_arch_graph *g)
{
	if (g->edges_nr)
		qsort(g->edges, g->edges_nr, sizeof(*g->edges), by_edge);
	if (g->ext_nr)
		qsort(g->ext, g->ext_nr, sizeof(*g->ext), by_ext);
}

/* Each Java and Kotlin file as the class its package and name declare, and by package. */
static void java_index(struct index *x)
{
	x->java_next = tg_malloc((x->b->files_nr ? x->b->files_nr : 1) * sizeof(size_t));
	for (size_t i = x->b->files_nr; i-- > 0;) {
		const struct arch_file *f = &x->b->files[i];
		const char *base = strrchr(f->path, '/'), *dot;
		struct tg_buf name = TG_BUF_INIT;
		struct tg_hashmap_entry *e;
		int added;
		x->java_next[i] = SIZE_MAX;
		if ((f->lang != TG_ARCH_JAVA && f->lang != TG_ARCH_CS) || !f->package)
			continue;
		base = base ? base + 1 : f->path;
		dot = strchr(base, '.');
		tg_buf_addf(&name, "%s.", f->package);
		tg_buf_add(&name, base, dot ? (size_t)(dot - base) : strlen(base));
		tg_hashmap_put(&x->java_class, name.buf, name.len, NULL)->val.u64 = i;
		tg_buf_release(&name);
		e = tg_hashmap_put(&x->java_pkg, f->package, strlen(f->package), &added);
		x->java_next[i] = added ? SIZE_MAX : e->val.u64;
		e->val.u64 = i;
	}
}

/*
 * `import a.b.*`, or C#'s `using a.b;`: an edge to every file of the package
 * or namespace. 1 when it named one of ours.
 */
static int java_wildcard(const struct index *x, struct tg_hashmap *ids, struct tg_arch_graph *g,
                         struct tg_hashmap *edges, uint32_t from, const struct arch_file *f,
                         const struct arch_raw *r)
{
	size_t n = strlen(r->spec);
	struct tg_hashmap_entry *e;

	if (f->lang == TG_ARCH_JAVA && n > 2 && !strcmp(r->spec + n - 2, ".*"))
		n -= 2;
	else if (f->lang != TG_ARCH_CS)
		return 0;
	e = tg_hashmap_get(&x->java_pkg, r->spec, n);
	if (!e)
		return 0;
	for (size_t i = e->val.u64; i != SIZE_MAX; i = x->java_next[i]) {
		const char *to = lookup(x, x->b->files[i].path);
		add_edge(g, edges, from, (uint32_t)tg_hashmap_get(ids, to, strlen(to))->val.u64,
		         (uint32_t)r->line, 1);
	}
	return 1;
}

/* Moves b's configuration files, in order, to conf; returns how many. */
static size_t take_conf(struct arch_builder *b, struct arch_file *conf)
{
	size_t k = 0, nr = 0;

	for (size_t i = 0; i < b->files_nr; i++) {
		if (b->files[i].lang == TG_ARCH_JSCONF)
			conf[nr++] = b->files[i];
		else
			b->files[k++] = b->files[i];
	}
	b->files_nr = k;
	return nr;
}

void arch_builder_finish(struct arch_builder *b, const struct tg_strlist *include_dirs,
                         struct tg_arch_graph *g)
{
	struct index x = {TG_HASHMAP_INIT,
	                  TG_HASHMAP_INIT,
	                  NULL,
	                  TG_STRLIST_INIT,
	                  TG_HASHMAP_INIT,
	                  TG_HASHMAP_INIT,
	                  NULL,
	                  include_dirs,
	                  b,
	                  {NULL, TG_HASHMAP_INIT, TG_HASHMAP_INIT}};
	struct tg_hashmap ids = TG_HASHMAP_INIT, edges = TG_HASHMAP_INIT, seen = TG_HASHMAP_INIT;

	struct arch_file *conf;
	size_t conf_nr;

	*g = (struct tg_arch_graph)TG_ARCH_GRAPH_INIT;
	if (b->files_nr)
		qsort(b->files, b->files_nr, sizeof(*b->files), by_path);
	/* JavaScript's configuration files are no nodes: apart while resolving, back after */
	conf = tg_malloc((b->files_nr ? b->files_nr : 1) * sizeof(*conf));
	conf_nr = take_conf(b, conf);
	arch_jsconf_index(&x.js, conf, conf_nr);
	if (b->mods_nr)
		qsort(b->mods, b->mods_nr, sizeof(*b->mods), by_mod);
	make_nodes(&x, g, &ids);
	python_roots(&x);
	x.next = tg_malloc((b->files_nr ? b->files_nr : 1) * sizeof(size_t));
	for (size_t i = b->files_nr; i-- > 0;) {
		const char *p = b->files[i].path, *slash = strrchr(p, '/');
		struct tg_hashmap_entry *e;
		int added;
		if (b->files[i].lang != TG_ARCH_C)
			continue;
		p = slash ? slash + 1 : p;
		e = tg_hashmap_put(&x.basename, p, strlen(p), &added);
		x.next[i] = added ? SIZE_MAX : e->val.u64;
		e->val.u64 = i;
	}
	java_index(&x);
	g->files = b->files_nr;
	for (size_t i = 0; i < b->files_nr; i++) {
		const struct arch_file *f = &b->files[i];
		const char *self = lookup(&x, f->path);
		uint32_t from = (uint32_t)tg_hashmap_get(&ids, self, strlen(self))->val.u64;
		for (size_t j = 0; j < f->raw_nr; j++) {
			const char *to = resolve(&x, f, &f->raw[j]);
			g->imports++;
			if (!to && java_wildcard(&x, &ids, g, &edges, from, f, &f->raw[j]))
				continue;
			if (to)
				add_edge(g, &edges, from,
				         (uint32_t)tg_hashmap_get(&ids, to, strlen(to))->val.u64,
				         (uint32_t)f->raw[j].line, 1);
			else
				add_external(g, &seen, from, f, f->raw[j].spec);
		}
	}
	arch_graph_sort(g);
	arch_jsconf_release(&x.js);
	TG_ALLOC_GROW(b->files, b->files_nr + conf_nr, b->files_alloc);
	if (conf_nr) /* memcpy from NULL is undefined even for 0 bytes */
		memcpy(b->files + b->files_nr, conf, conf_nr * sizeof(*conf));
	b->files_nr += conf_nr;
	free(conf);
	free(x.next);
	free(x.java_next);
	tg_hashmap_release(&x.java_class);
	tg_hashmap_release(&x.java_pkg);
	tg_hashmap_release(&x.files);
	tg_hashmap_release(&x.basename);
	tg_strlist_clear(&x.py_roots);
	tg_hashmap_release(&ids);
	tg_hashmap_release(&edges);
	tg_hashmap_release(&seen);
}
