/*
 * yarn.lock. Yarn 1 writes its own format: entries headed by the
 * specifiers they satisfy ("a@^1.0.0", "a@^1.1.0":), then `version`,
 * `resolved`, `integrity` and a `dependencies` block, indented by two. Yarn
 * 2 and later (Berry) write YAML with a `__metadata` entry, "a@npm:^1.0.0"
 * specifiers, `resolution`, `checksum`, and the workspaces' own entries
 * ("app@workspace:."), whose dependencies are the direct ones. Neither
 * lists dev flags: the package.json beside the lockfile gives the direct
 * dependencies' scope, and a package only dev dependencies reach is dev.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/npm_int.h"
#include "util/alloc.h"
#include "util/error.h"

struct yarn {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	size_t first;
	struct tg_hashmap by_spec; /* "name@range" -> node + 1 */
	struct tg_hashmap by_base; /* "name@version" -> node + 1 */
	struct tg_strlist edges;   /* per edge: "<from node>\\n<name>@<range>" */
	struct tg_buf tmp;
};

static int match(const char *base)
{
	return !strcmp(base, "yarn.lock");
}

static void spec_put(struct yarn *y, const char *s, size_t n, size_t node)
{
	int added;

	tg_hashmap_put(&y->by_spec, s, n, &added)->val.u64 = node + 1;
}

static long spec_get(struct yarn *y, const char *s, size_t n)
{
	struct tg_hashmap_entry *e = tg_hashmap_get(&y->by_spec, s, n);
	return e ? (long)e->val.u64 - 1 : -1;
}

/* The node of name@version, added when new. */
static size_t node_for(struct yarn *y, const char *name, const char *version, int line)
{
	struct tg_hashmap_entry *e;
	int added;

	tg_buf_reset(&y->tmp);
	tg_buf_addf(&y->tmp, "%s@%s", name, version);
	e = tg_hashmap_put(&y->by_base, y->tmp.buf, y->tmp.len, &added);
	if (added) {
		tg_npm_add(y->out, y->f, name, version, line);
		e->val.u64 = y->out->nr - y->first;
	}
	return (size_t)e->val.u64 - 1;
}

static void add_edge(struct yarn *y, size_t from, const char *name, size_t nlen, const char *range,
                     size_t rlen)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_addf(&b, "%zu\n%.*s@%.*s", from, (int)nlen, name, (int)rlen, range);
	tg_strlist_add(&y->edges, b.buf);
	tg_buf_release(&b);
}

/* Links the edges once every entry is known; roots from the package.json beside
 * the lockfile, or (for Berry) the workspaces' entries, or what nothing needs. */
static void link_graph(struct yarn *y, struct tg_strlist *roots)
{
	struct tg_npm_graph g;
	struct tg_hashmap names = TG_HASHMAP_INIT;
	int have = tg_npm_sibling_manifest(y->f, &names);
	char *needed;
	int any_root = 0;

	tg_npm_graph_init(&g, y->first, y->out->nr - y->first);
	needed = tg_calloc(g.nr ? g.nr : 1, 1);
	for (size_t i = 0; i < y->edges.nr; i++) {
		char *nl = strchr(y->edges.v[i], '\n');
		size_t from = strtoul(y->edges.v[i], NULL, 10);
		long to = spec_get(y, nl + 1, strlen(nl + 1));

		if (to < 0) {
			/* Berry: "^1.0.0" for the "a@npm:^1.0.0" it resolved */
			size_t at = tg_npm_split_at(nl + 1, strlen(nl + 1));
			tg_buf_reset(&y->tmp);
			tg_buf_addf(&y->tmp, "%.*s@npm:%s", (int)at, nl + 1, nl + 1 + at + 1);
			to = spec_get(y, y->tmp.buf, y->tmp.len);
		}
		if (to >= 0 && from == (size_t)-1) {
			g.root[to] = 1;
			any_root = 1;
		} else if (to >= 0 && from < g.nr) {
			tg_npm_graph_edge(&g, from, (size_t)to);
			needed[to] = 1;
		}
	}
	for (size_t i = 0; have && i < roots->nr; i++) {
		long to = spec_get(y, roots->v[i], strlen(roots->v[i]));
		struct tg_hashmap_entry *e =
		        have ? tg_hashmap_get(&names, roots->v[i], strlen(roots->v[i])) : NULL;

		if (to < 0 || !e)
			continue;
		g.root[to] = 1;
		any_root = 1;
		if (e && e->val.u64)
			y->out->v[y->first + (size_t)to].scope =
			        (enum tg_dep_scope)(e->val.u64 - 1);
	}
	for (size_t i = 0; !any_root && i < g.nr; i++)
		if (!needed[i])
			g.root[i] = 1;
	tg_npm_graph_via(&g, y->out);
	tg_npm_graph_scope(&g, y->out);
	tg_npm_graph_release(&g);
	tg_hashmap_release(&names);
	free(needed);
}

/* A line's next token: a "quoted" string or a bare word ending at space, ',' or ':'. */
static const char *token(const char *p, const char *end, const char **tok, size_t *len)
{
	while (p < end && (*p == ' ' || *p == ','))
		p++;
	if (p < end && *p == '"') {
		const char *q = ++p;

		while (q < end && *q != '"')
			q += *q == '\\' ? 2 : 1;
		*tok = p;
		*len = (size_t)((q < end ? q : end) - p);
		return q < end ? q + 1 : end;
	}
	*tok = p;
	while (p < end && *p != ' ' && *p != ',' && !(*p == ':' && (p + 1 == end || p[1] == ' ')))
		p++;
	*len = (size_t)(p - *tok);
	return p;
}

struct v1_entry {
	int line;
	struct tg_strlist specs;
	char *version, *resolved, *integrity;
	struct tg_strlist deps; /* "name@range" */
};

static void entry_release(struct v1_entry *e)
{
	tg_strlist_clear(&e->specs);
	tg_strlist_clear(&e->deps);
	free(e->version);
	free(e->resolved);
	free(e->integrity);
	memset(e, 0, sizeof(*e));
}

/* The real name of a v1 specifier: "a@^1" -> a; "a@npm:b@^2" -> b. */
static void spec_name(const char *spec, struct tg_buf *name)
{
	size_t at = tg_npm_split_at(spec, strlen(spec));
	const char *first_at = strchr(spec + 1, '@');

	tg_buf_reset(name);
	if (first_at && !strncmp(first_at + 1, "npm:", 4)) {
		const char *real = first_at + 5;
		tg_buf_add(name, real, tg_npm_split_at(real, strlen(real)) ?: strlen(real));
		return;
	}
	tg_buf_add(name, spec, at ? at : strlen(spec));
}

static int v1_flush(struct yarn *y, struct v1_entry *e, struct tg_strlist *roots)
{
	struct tg_buf name = TG_BUF_INIT;
	size_t node;
	struct tg_dep *d;

	if (!e->specs.nr)
		return TG_OK;
	if (!e->version) {
		tg_error_set(TG_ERR_INPUT, "%s:%d: entry without a version", y->f->rel, e->line);
		entry_release(e);
		return TG_ERR_INPUT;
	}
	spec_name(e->specs.v[0], &name);
	node = node_for(y, name.buf, e->version, e->line);
	d = &y->out->v[y->first + node];
	if (e->resolved && !d->hashes.nr) {
		d->origin = tg_npm_resolved_origin(e->resolved);
		if (e->integrity)
			tg_strlist_add(&d->hashes, e->integrity);
	}
	for (size_t i = 0; i < e->specs.nr; i++) {
		spec_put(y, e->specs.v[i], strlen(e->specs.v[i]), node);
		tg_strlist_add(roots, e->specs.v[i]);
	}
	for (size_t i = 0; i < e->deps.nr; i++) {
		size_t at = tg_npm_split_at(e->deps.v[i], strlen(e->deps.v[i]));

		if (!at) /* a name with a NUL byte in it */
			continue;
		add_edge(y, node, e->deps.v[i], at, e->deps.v[i] + at + 1,
		         strlen(e->deps.v[i] + at + 1));
	}
	tg_buf_release(&name);
	entry_release(e);
	return TG_OK;
}

static void v1_header(struct v1_entry *e, const char *p, const char *end, int line)
{
	const char *tok;
	size_t len;

	e->line = line;
	while (p < end && *p != ':') {
		p = token(p, end, &tok, &len);
		if (len)
			tg_strlist_addn(&e->specs, tok, len);
		else
			p++;
	}
}

static void v1_field(struct v1_entry *e, const char *p, const char *end, int in_deps)
{
	const char *key, *val;
	size_t klen, vlen;

	p = token(p, end, &key, &klen);
	token(p, end, &val, &vlen);
	if (in_deps) {
		char *s = tg_malloc(klen + vlen + 2);

		memcpy(s, key, klen);
		s[klen] = '@';
		memcpy(s + klen + 1, val, vlen);
		s[klen + vlen + 1] = 0;
		tg_strlist_add(&e->deps, s);
		free(s);
		return;
	}
	char **slot = klen == 7 && !memcmp(key, "version", 7)     ? &e->version
	              : klen == 8 && !memcmp(key, "resolved", 8)  ? &e->resolved
	              : klen == 9 && !memcmp(key, "integrity", 9) ? &e->integrity
	                                                          : NULL;
	if (slot && !*slot) {
		*slot = tg_malloc(vlen + 1);
		memcpy(*slot, val, vlen);
		(*slot)[vlen] = 0;
	}
}

static int read_v1(struct yarn *y, struct tg_strlist *roots)
{
	const char *p = y->f->data, *end = p + y->f->len;
	struct v1_entry e = {0};
	int line = 0, in_deps = 0, rc = TG_OK;

	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		const char *q = p;
		size_t indent;

		line++;
		while (q < eol && *q == ' ')
			q++;
		indent = (size_t)(q - p);
		if (eol > q && eol[-1] == '\r')
			eol--;
		if (q == eol || *q == '#') {
			/* blank or comment */
		} else if (indent == 0) {
			if (eol[-1] != ':') {
				rc = tg_error_set(TG_ERR_INPUT,
				                  "%s:%d: expected an entry \"name@range\":",
				                  y->f->rel, line);
				break;
			}
			rc = v1_flush(y, &e, roots);
			v1_header(&e, q, eol, line);
			in_deps = 0;
		} else if (!e.specs.nr) {
			rc = tg_error_set(TG_ERR_INPUT, "%s:%d: a field outside an entry",
			                  y->f->rel, line);
		} else if (indent == 2) {
			in_deps = eol[-1] == ':' && (!strncmp(q, "dependencies:", 13) ||
			                             !strncmp(q, "optionalDependencies:", 21));
			if (eol[-1] != ':')
				v1_field(&e, q, eol, 0);
		} else if (in_deps) {
			v1_field(&e, q, eol, 1);
		}
		p = nl ? nl + 1 : end;
	}
	if (!rc)
		rc = v1_flush(y, &e, roots);
	entry_release(&e);
	return rc;
}

/* "patch:a@npm%3A^1.0.0#..." is the patched "a@npm:^1.0.0": one package. */
static void unpatch(const char *spec, size_t len, struct tg_buf *out)
{
	const char *p = memmem(spec, len, "@patch:", 7), *hash;

	tg_buf_reset(out);
	if (!p) {
		tg_buf_add(out, spec, len);
		return;
	}
	p += 7;
	hash = memchr(p, '#', len - (size_t)(p - spec));
	for (const char *q = p; q < (hash ? hash : spec + len); q++) {
		if (!strncmp(q, "%3A", 3)) {
			tg_buf_addch(out, ':');
			q += 2;
		} else {
			tg_buf_addch(out, *q);
		}
	}
}

static enum tg_dep_origin berry_origin(const char *resolution, size_t at)
{
	const char *proto = resolution + at + 1;

	if (!strncmp(proto, "npm:", 4))
		return TG_DEP_REGISTRY;
	if (!strncmp(proto, "file:", 5) || !strncmp(proto, "link:", 5) ||
	    !strncmp(proto, "portal:", 7))
		return TG_DEP_PATH;
	return tg_npm_resolved_origin(proto);
}

static void berry_entry(struct yarn *y, yaml_document_t *doc, yaml_node_t *key, yaml_node_t *v)
{
	const char *specs = tg_npm_yaml_str(key), *resolution, *version, *checksum;
	yaml_node_t *deps;
	struct tg_buf name = TG_BUF_INIT, spec = TG_BUF_INIT;
	size_t node = (size_t)-1, at;

	resolution = tg_npm_yaml_str(tg_npm_yaml_get(doc, v, "resolution"));
	version = tg_npm_yaml_str(tg_npm_yaml_get(doc, v, "version"));
	if (!specs || !resolution || !version || strstr(resolution, "@patch:"))
		return;
	at = tg_npm_split_at(resolution, strlen(resolution));
	/* resolution "a@npm:1.0.0": its name; "b@npm:a@1.0.0" would be an alias */
	tg_buf_add(&name, resolution, at);
	if (!strstr(resolution, "@workspace:")) {
		struct tg_dep *d;

		node = node_for(y, name.buf, version, (int)key->start_mark.line + 1);
		d = &y->out->v[y->first + node];
		d->origin = berry_origin(resolution, strcspn(resolution + 1, "@") + 1);
		if ((checksum = tg_npm_yaml_str(tg_npm_yaml_get(doc, v, "checksum"))) &&
		    !d->hashes.nr) {
			tg_buf_reset(&spec);
			tg_buf_addf(&spec, "yarn-checksum:%s", checksum);
			tg_strlist_add(&d->hashes, spec.buf);
		}
		for (const char *p = specs; *p;) {
			size_t n = strcspn(p, ",");

			unpatch(p, n, &spec);
			spec_put(y, spec.buf, spec.len, node);
			p += n;
			p += strspn(p, ", ");
		}
	}
	deps = tg_npm_yaml_get(doc, v, "dependencies");
	if (deps && deps->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *q = deps->data.mapping.pairs.start;
		     q < deps->data.mapping.pairs.top; q++) {
			const char *dn = tg_npm_yaml_str(yaml_document_get_node(doc, q->key));
			const char *dr = tg_npm_yaml_str(yaml_document_get_node(doc, q->value));

			if (!dn || !dr)
				continue;
			tg_buf_reset(&spec);
			tg_buf_addf(&spec, "%s@%s", dn, dr);
			unpatch(spec.buf, spec.len, &name);
			at = tg_npm_split_at(name.buf, name.len);
			if (at)
				add_edge(y, node, name.buf, at, name.buf + at + 1, name.len - at - 1);
		}
	tg_buf_release(&name);
	tg_buf_release(&spec);
}

static int read_berry(struct yarn *y)
{
	yaml_document_t doc;
	yaml_node_t *top;
	int rc;

	if ((rc = tg_yaml_load(y->f->rel, y->f->data, y->f->len, TG_ERR_INPUT, &doc)))
		return rc;
	top = yaml_document_get_root_node(&doc);
	if (!top || top->type != YAML_MAPPING_NODE) {
		yaml_document_delete(&doc);
		return tg_error_set(TG_ERR_INPUT, "%s:1: not a yarn lockfile", y->f->rel);
	}
	for (yaml_node_pair_t *q = top->data.mapping.pairs.start; q < top->data.mapping.pairs.top;
	     q++) {
		yaml_node_t *k = yaml_document_get_node(&doc, q->key);
		const char *ks = tg_npm_yaml_str(k);

		if (ks && strcmp(ks, "__metadata"))
			berry_entry(y, &doc, k, yaml_document_get_node(&doc, q->value));
	}
	yaml_document_delete(&doc);
	return TG_OK;
}

static int is_berry(const char *data, size_t len)
{
	const char *m = memmem(data, len, "__metadata:", 11);
	return m && (m == data || m[-1] == '\n');
}

static int read_yarn(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct yarn y = {.f = f, .out = out, .first = out->nr};
	struct tg_strlist roots = TG_STRLIST_INIT;
	int rc;

	tg_buf_init(&y.tmp, 128);
	rc = is_berry(f->data, f->len) ? read_berry(&y) : read_v1(&y, &roots);
	if (!rc)
		link_graph(&y, &roots);
	tg_hashmap_release(&y.by_spec);
	tg_hashmap_release(&y.by_base);
	tg_strlist_clear(&y.edges);
	tg_strlist_clear(&roots);
	tg_buf_release(&y.tmp);
	return rc;
}

const struct tg_deps_reader tg_deps_reader_npm_yarn = {
        "yarn.lock", TG_ECO_NPM, 1, match, read_yarn,
};
