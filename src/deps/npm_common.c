/* What the npm readers share (npm_int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deps/npm_int.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/wildmatch.h"

enum { MAX_JSON_DEPTH = 256 };

struct json_scan {
	const char *p, *end;
	int line;
	struct tg_buf path;
	size_t at[MAX_JSON_DEPTH]; /* path length at each depth */
	char in_object[MAX_JSON_DEPTH];
	int depth;
};

/* Skips a string starting after its opening quote; the scan stops at its end quote. */
static void skip_string(struct json_scan *s)
{
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end)
			s->p++;
		else if (*s->p == '\n')
			s->line++;
		s->p++;
	}
}

static const char *next_token(struct json_scan *s)
{
	for (const char *q = s->p + 1; q < s->end; q++)
		if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\n')
			return q;
	return s->end;
}

/* A key just read (from start to s->p, the closing quote) at depth s->depth. */
static void record_key(struct json_scan *s, const char *start, int line, int max_depth,
                       struct tg_hashmap *lines)
{
	const char *colon = next_token(s), *value;
	struct tg_hashmap_entry *e;
	size_t keep = s->at[s->depth];
	int added;

	if (colon >= s->end || *colon != ':')
		return;
	for (value = colon + 1; value < s->end && strchr(" \t\r\n", *value); value++)
		;
	tg_buf_setlen(&s->path, keep);
	if (keep)
		tg_buf_addch(&s->path, '\n');
	tg_buf_add(&s->path, start, (size_t)(s->p - start));
	if (s->depth <= max_depth || (value < s->end && *value == '{')) {
		e = tg_hashmap_put(lines, s->path.buf, s->path.len, &added);
		if (added)
			e->val.u64 = (uint64_t)line;
	}
}

void tg_npm_json_lines(const char *data, size_t len, int max_depth, struct tg_hashmap *lines)
{
	struct json_scan s = {.p = data, .end = data + len, .line = 1};

	tg_buf_init(&s.path, 256);
	s.at[0] = 0;
	for (; s.p < s.end; s.p++) {
		char c = *s.p;

		if (c == '\n') {
			s.line++;
		} else if (c == '{' || c == '[') {
			if (s.depth + 1 >= MAX_JSON_DEPTH)
				break;
			s.depth++;
			s.in_object[s.depth] = c == '{';
			/* the new level's keys hang under the key just read */
			s.at[s.depth] = s.path.len;
			if (s.depth == 1)
				s.at[1] = 0;
		} else if (c == '}' || c == ']') {
			if (s.depth > 0)
				s.depth--;
			tg_buf_setlen(&s.path, s.at[s.depth > 0 ? s.depth : 0]);
		} else if (c == ',') {
			tg_buf_setlen(&s.path, s.at[s.depth]);
		} else if (c == '"') {
			const char *start = ++s.p;
			int line = s.line;

			skip_string(&s);
			if (s.depth > 0 && s.in_object[s.depth] && s.p < s.end)
				record_key(&s, start, line, max_depth, lines);
		}
	}
	tg_buf_release(&s.path);
}

int tg_npm_line(const struct tg_hashmap *lines, const char *a, const char *b, const char *c)
{
	struct tg_buf p = TG_BUF_INIT;
	struct tg_hashmap_entry *e;

	tg_buf_adds(&p, a);
	if (b) {
		tg_buf_addch(&p, '\n');
		tg_buf_adds(&p, b);
	}
	if (c) {
		tg_buf_addch(&p, '\n');
		tg_buf_adds(&p, c);
	}
	e = tg_hashmap_get(lines, p.buf, p.len);
	tg_buf_release(&p);
	return e ? (int)e->val.u64 : 0;
}

void tg_npm_lines_release(struct tg_hashmap *lines)
{
	tg_hashmap_release(lines);
}

size_t tg_npm_split_at(const char *s, size_t len)
{
	/* the first '@' past a scope's: a version or URL may hold more */
	for (size_t i = 1; i < len; i++)
		if (s[i] == '@')
			return i;
	return 0;
}

static int has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

enum tg_dep_origin tg_npm_resolved_origin(const char *r)
{
	if (!r)
		return TG_DEP_REGISTRY;
	if (has_prefix(r, "file:") || has_prefix(r, "link:") || has_prefix(r, "portal:") ||
	    has_prefix(r, "workspace:") || has_prefix(r, "./") || has_prefix(r, "../") ||
	    r[0] == '/')
		return TG_DEP_PATH;
	if (has_prefix(r, "git") || has_prefix(r, "github:") || has_prefix(r, "gitlab:") ||
	    has_prefix(r, "bitbucket:") || has_prefix(r, "gist:") || strstr(r, ".git#") ||
	    (strstr(r, "://") && strstr(r, ".git")))
		return TG_DEP_GIT;
	/* a registry's tarballs are ".../name/-/name-1.0.0.tgz", on any registry or mirror */
	if (has_prefix(r, "http://") || has_prefix(r, "https://"))
		return strstr(r, "/-/") ? TG_DEP_REGISTRY : TG_DEP_URL;
	return TG_DEP_REGISTRY;
}

void tg_npm_spec_parse(const char *key, const char *spec, struct tg_npm_spec *out)
{
	out->name = key;
	out->name_len = strlen(key);
	out->range = spec;
	if (has_prefix(spec, "npm:")) {
		const char *rest = spec + 4;
		size_t at = tg_npm_split_at(rest, strlen(rest));

		out->origin = TG_DEP_REGISTRY;
		out->name = rest;
		out->name_len = at ? at : strlen(rest);
		out->range = at ? rest + at + 1 : "*";
		return;
	}
	out->origin = tg_npm_resolved_origin(spec);
	/* "user/repo" and "user/repo#ref" are GitHub shorthands */
	if (out->origin == TG_DEP_REGISTRY && spec[0] != '@' && strchr(spec, '/') &&
	    !strchr(spec, ' '))
		out->origin = TG_DEP_GIT;
}

struct tg_dep *tg_npm_add(struct tg_dep_list *out, const struct tg_deps_file *f, const char *name,
                          const char *version, int line)
{
	struct tg_dep *d = tg_dep_list_add(out);

	d->eco = TG_ECO_NPM;
	d->version = version ? tg_strdup(version) : NULL;
	tg_dep_set_name(d, name);
	d->file = tg_strdup(f->rel);
	d->line = line;
	return d;
}

void tg_npm_graph_init(struct tg_npm_graph *g, size_t first, size_t nr)
{
	g->first = first;
	g->nr = nr;
	g->edges = tg_calloc(nr ? nr : 1, sizeof(*g->edges));
	g->root = tg_calloc(nr ? nr : 1, 1);
}

void tg_npm_graph_edge(struct tg_npm_graph *g, size_t from, size_t to)
{
	size_t *e = g->edges[from];

	if (!e) {
		e = tg_malloc(6 * sizeof(*e));
		e[0] = 0;
		e[1] = 4;
	} else if (e[0] == e[1]) {
		e[1] *= 2;
		e = tg_realloc(e, (e[1] + 2) * sizeof(*e));
	}
	e[2 + e[0]++] = to;
	g->edges[from] = e;
}

/* via of node i: its parent's via (or the parent's name) then " > " name. */
static char *via_of(struct tg_dep_list *out, size_t first, size_t parent)
{
	const struct tg_dep *p = &out->v[first + parent];
	struct tg_buf b = TG_BUF_INIT;

	if (p->via) {
		tg_buf_adds(&b, p->via);
		tg_buf_adds(&b, " > ");
	}
	tg_buf_adds(&b, p->name);
	return tg_buf_detach(&b, NULL);
}

void tg_npm_graph_via(struct tg_npm_graph *g, struct tg_dep_list *out)
{
	size_t *queue = tg_malloc((g->nr ? g->nr : 1) * sizeof(*queue)), head = 0, tail = 0;
	char *seen = tg_calloc(g->nr ? g->nr : 1, 1);

	for (size_t i = 0; i < g->nr; i++)
		for (size_t k = 0; g->edges[i] && k < g->edges[i][0]; k++) {
			size_t to = g->edges[i][2 + k];
			if (to < g->nr && to != i)
				tg_strlist_add(&out->v[g->first + i].requires,
				               out->v[g->first + to].purl);
		}
	for (size_t i = 0; i < g->nr; i++)
		if (g->root[i]) {
			seen[i] = 1;
			queue[tail++] = i;
			out->v[g->first + i].direct = 1;
		}
	while (head < tail) {
		size_t n = queue[head++], *e = g->edges[n];

		for (size_t k = 0; e && k < e[0]; k++) {
			size_t to = e[2 + k];

			if (to >= g->nr || seen[to])
				continue;
			seen[to] = 1;
			out->v[g->first + to].via = via_of(out, g->first, n);
			queue[tail++] = to;
		}
	}
	free(queue);
	free(seen);
}

void tg_npm_graph_release(struct tg_npm_graph *g)
{
	for (size_t i = 0; i < g->nr; i++)
		free(g->edges[i]);
	free(g->edges);
	free(g->root);
}

void tg_npm_jsonc_plain(const char *data, size_t len, struct tg_buf *out)
{
	size_t i = 0, last_comma = (size_t)-1;

	tg_buf_reset(out);
	tg_buf_grow(out, len);
	while (i < len) {
		char c = data[i];

		if (c == '"') {
			size_t j = i + 1;

			while (j < len && data[j] != '"')
				j += data[j] == '\\' ? 2 : 1;
			j = j < len ? j + 1 : len;
			tg_buf_add(out, data + i, j - i);
			i = j;
			last_comma = (size_t)-1;
			continue;
		}
		if (c == '/' && i + 1 < len && (data[i + 1] == '/' || data[i + 1] == '*')) {
			int block = data[i + 1] == '*';

			tg_buf_adds(out, "  ");
			for (i += 2; i < len; i++) {
				if (!block && data[i] == '\n')
					break;
				if (block && data[i] == '*' && i + 1 < len && data[i + 1] == '/') {
					tg_buf_adds(out, "  ");
					i += 2;
					break;
				}
				tg_buf_addch(out, data[i] == '\n' ? '\n' : ' ');
			}
			continue;
		}
		if ((c == '}' || c == ']') && last_comma != (size_t)-1)
			out->buf[last_comma] = ' ';
		if (c == ',')
			last_comma = out->len;
		else if (!strchr(" \t\r\n", c))
			last_comma = (size_t)-1;
		tg_buf_addch(out, c);
		i++;
	}
}

static void manifest_names(json_t *root, struct tg_hashmap *names)
{
	static const char *const keys[] = {"dependencies", "optionalDependencies",
	                                   "devDependencies", "peerDependencies"};
	static const enum tg_dep_scope scopes[] = {TG_DEP_RUNTIME, TG_DEP_OPTIONAL, TG_DEP_DEV,
	                                           TG_DEP_RUNTIME};
	struct tg_buf spec_key = TG_BUF_INIT;
	const char *key;
	json_t *v;
	int added;

	for (size_t k = 0; k < 4; k++)
		json_object_foreach(json_object_get(root, keys[k]), key, v)
		{
			const char *range = json_is_string(v) ? json_string_value(v) : "*";
			struct tg_npm_spec spec;
			struct tg_hashmap_entry *e;

			tg_npm_spec_parse(key, range, &spec);
			tg_hashmap_put(names, spec.name, spec.name_len, &added);
			tg_hashmap_put(names, key, strlen(key), &added);
			/* "key@range", as yarn.lock's entries are headed, with its scope + 1 */
			tg_buf_reset(&spec_key);
			tg_buf_addf(&spec_key, "%s@%s", key, range);
			e = tg_hashmap_put(names, spec_key.buf, spec_key.len, &added);
			if (added || e->val.u64 > (uint64_t)scopes[k] + 1)
				e->val.u64 = (uint64_t)scopes[k] + 1;
		}
	tg_buf_release(&spec_key);
}

int tg_npm_sibling_manifest(const struct tg_deps_file *f, struct tg_hashmap *names)
{
	struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
	const char *slash = strrchr(f->rel, '/');
	char root[64];
	json_t *doc = NULL;
	int found = 0;

	if (f->root_fd < 0)
		return 0;
	/* the root as a path beneath.h opens (and may follow: it is the root) */
	snprintf(root, sizeof(root), "/proc/self/fd/%d", f->root_fd);
	if (slash)
		tg_buf_add(&path, f->rel, (size_t)(slash - f->rel) + 1);
	tg_buf_adds(&path, "package.json");
	if (!tg_beneath_read_file(&text, root, path.buf)) {
		const char *data = text.buf;
		size_t len = text.len;

		tg_npm_skip_bom(&data, &len);
		doc = tg_json_loadb(data, len, 0, NULL);
	} else
		tg_error_clear();
	if (json_is_object(doc)) {
		manifest_names(doc, names);
		found = 1;
	}
	json_decref(doc);
	tg_buf_release(&path);
	tg_buf_release(&text);
	return found;
}

yaml_node_t *tg_npm_yaml_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	size_t n = strlen(key);

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == n &&
		    !memcmp(k->data.scalar.value, key, n))
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

const char *tg_npm_yaml_str(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* Marks what the roots of scope s reach; returns nothing, fills reach. */
static void reach_from(struct tg_npm_graph *g, struct tg_dep_list *out, enum tg_dep_scope s,
                       char *reach, size_t *queue)
{
	size_t head = 0, tail = 0;

	for (size_t i = 0; i < g->nr; i++)
		if (g->root[i] && out->v[g->first + i].scope == s && !reach[i]) {
			reach[i] = 1;
			queue[tail++] = i;
		}
	while (head < tail) {
		size_t n = queue[head++], *e = g->edges[n];

		for (size_t k = 0; e && k < e[0]; k++)
			if (!reach[e[2 + k]]) {
				reach[e[2 + k]] = 1;
				queue[tail++] = e[2 + k];
			}
	}
}

void tg_npm_graph_scope(struct tg_npm_graph *g, struct tg_dep_list *out)
{
	static const enum tg_dep_scope order[] = {TG_DEP_RUNTIME, TG_DEP_OPTIONAL, TG_DEP_DEV};
	size_t *queue = tg_malloc((g->nr ? g->nr : 1) * sizeof(*queue));
	char *reach = tg_calloc(g->nr ? g->nr : 1, 1);
	char *done = tg_calloc(g->nr ? g->nr : 1, 1);

	for (size_t o = 0; o < 3; o++) {
		memset(reach, 0, g->nr);
		reach_from(g, out, order[o], reach, queue);
		for (size_t i = 0; i < g->nr; i++)
			if (reach[i] && !done[i]) {
				done[i] = 1;
				out->v[g->first + i].scope = order[o];
			}
	}
	free(queue);
	free(reach);
	free(done);
}

/* Reads dir + name beneath the root descriptor into text; 0 when there is none. */
static int read_beside(int root_fd, const char *dir, size_t dlen, const char *name,
                       struct tg_buf *text)
{
	struct tg_buf path = TG_BUF_INIT;
	char root[64];
	int rc;

	snprintf(root, sizeof(root), "/proc/self/fd/%d", root_fd);
	tg_buf_add(&path, dir, dlen);
	tg_buf_adds(&path, name);
	tg_buf_reset(text);
	rc = tg_beneath_read_file(text, root, path.buf);
	if (rc)
		tg_error_clear();
	tg_buf_release(&path);
	return rc == 0;
}

/* Whether member (a package.json relative to the workspace root) is in the
 * globs of directories; "!pattern" excludes. */
static int globs_match(struct tg_strlist *globs, const char *member)
{
	int in = 0;

	for (size_t i = 0; i < globs->nr; i++) {
		const char *g = globs->v[i];
		int neg = *g == '!';
		struct tg_buf pat = TG_BUF_INIT;

		g += neg;
		if (!strncmp(g, "./", 2))
			g += 2;
		tg_buf_adds(&pat, g);
		while (pat.len && pat.buf[pat.len - 1] == '/')
			tg_buf_setlen(&pat, pat.len - 1);
		/* as the package managers glob, for "<pattern>/package.json": so a
		 * pattern ending in a double star names its own directory too */
		tg_buf_adds(&pat, "/package.json");
		if (tg_wildmatch(pat.buf, member, TG_WM_PATHNAME))
			in = !neg;
		tg_buf_release(&pat);
	}
	return in;
}

static void json_globs(json_t *ws, struct tg_strlist *globs)
{
	json_t *v;
	size_t i;

	if (json_is_object(ws))
		ws = json_object_get(ws, "packages");
	json_array_foreach(ws, i, v) if (json_is_string(v))
	        tg_strlist_add(globs, json_string_value(v));
}

static void pnpm_globs(const struct tg_buf *text, struct tg_strlist *globs)
{
	yaml_document_t doc;
	yaml_node_t *seq;

	if (tg_yaml_load("pnpm-workspace.yaml", text->buf, text->len, TG_ERR_INPUT, &doc)) {
		tg_error_clear();
		return;
	}
	seq = tg_npm_yaml_get(&doc, yaml_document_get_root_node(&doc), "packages");
	if (seq && seq->type == YAML_SEQUENCE_NODE)
		for (yaml_node_item_t *it = seq->data.sequence.items.start;
		     it < seq->data.sequence.items.top; it++) {
			const char *s = tg_npm_yaml_str(yaml_document_get_node(&doc, *it));
			if (s)
				tg_strlist_add(globs, s);
		}
	yaml_document_delete(&doc);
}

int tg_npm_workspace_member(int root_fd, const char *lock_rel, const char *manifest_rel)
{
	const char *ls = strrchr(lock_rel, '/'), *ms = strrchr(manifest_rel, '/');
	size_t dlen = ls ? (size_t)(ls - lock_rel) + 1 : 0;
	struct tg_strlist globs = TG_STRLIST_INIT;
	struct tg_buf text = TG_BUF_INIT, member = TG_BUF_INIT;
	int in = 0;

	if (root_fd < 0 || !ms || (size_t)(ms - manifest_rel) <= dlen)
		return 0;
	tg_buf_adds(&member, manifest_rel + dlen);
	if (read_beside(root_fd, lock_rel, dlen, "package.json", &text)) {
		const char *data = text.buf;
		size_t len = text.len;
		json_t *doc;

		tg_npm_skip_bom(&data, &len);
		doc = tg_json_loadb(data, len, 0, NULL);

		json_globs(json_object_get(doc, "workspaces"), &globs);
		json_decref(doc);
	}
	if (read_beside(root_fd, lock_rel, dlen, "pnpm-workspace.yaml", &text))
		pnpm_globs(&text, &globs);
	in = globs_match(&globs, member.buf);
	tg_strlist_clear(&globs);
	tg_buf_release(&text);
	tg_buf_release(&member);
	return in;
}
