/* What the Go, crates.io, Maven, RubyGems, Packagist and NuGet readers share (record_int.h). */
#include "deps/record_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/json.h"

struct tg_dep *tg_deps_add(struct tg_dep_list *out, enum tg_eco eco, const char *file, int line,
                           const char *name, const char *version)
{
	struct tg_dep *d = tg_dep_list_add(out);

	d->eco = eco;
	d->file = tg_strdup(file);
	d->line = line;
	d->version = version ? tg_strdup(version) : NULL;
	tg_dep_set_name(d, name);
	return d;
}

void tg_deps_drop_last(struct tg_dep_list *l)
{
	struct tg_dep *d;

	if (!l->nr)
		return;
	d = &l->v[--l->nr];
	free(d->name);
	free(d->version);
	free(d->range);
	free(d->purl);
	free(d->file);
	free(d->via);
	tg_strlist_clear(&d->hashes);
}

int tg_deps_line_at(const char *data, size_t len, size_t off)
{
	int line = 1;

	if (off > len)
		off = len;
	for (const char *p = data, *end = data + off; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		line++;
	return line;
}

/* 1 when the JSON string at p is "value" (written without escapes). */
static int value_at(const struct tg_deps_keyscan *s, size_t p, const char *value)
{
	size_t n = strlen(value);

	return p + n + 2 <= s->len && s->data[p] == '"' && !memcmp(s->data + p + 1, value, n) &&
	       s->data[p + n + 1] == '"';
}

/* The offset of "key" ':' (then `then`, or the string "value") at or after from, or SIZE_MAX. */
static size_t find_key(const struct tg_deps_keyscan *s, size_t from, const char *key, char then,
                       const char *value)
{
	size_t klen = strlen(key);

	while (from + klen + 2 <= s->len) {
		const char *q = memchr(s->data + from, '"', s->len - from);
		size_t p;
		if (!q)
			break;
		p = (size_t)(q - s->data);
		from = p + 1;
		if (p + klen + 2 > s->len || memcmp(q + 1, key, klen) || q[klen + 1] != '"')
			continue;
		p += klen + 2;
		while (p < s->len && strchr(" \t\r\n", s->data[p]))
			p++;
		if (p >= s->len || s->data[p] != ':')
			continue;
		p++;
		while (p < s->len && strchr(" \t\r\n", s->data[p]))
			p++;
		if (then && (p >= s->len || s->data[p] != then))
			continue;
		if (value && !value_at(s, p, value))
			continue;
		return (size_t)(q - s->data);
	}
	return SIZE_MAX;
}

static int scan(struct tg_deps_keyscan *s, const char *key, char then, const char *value)
{
	size_t at = find_key(s, s->pos, key, then, value);

	if (at == SIZE_MAX && s->pos)
		at = find_key(s, 0, key, then, value);
	if (at == SIZE_MAX)
		return 0;
	s->pos = at + 1;
	return tg_deps_line_at(s->data, s->len, at);
}

int tg_deps_keyscan_line(struct tg_deps_keyscan *s, const char *key, char then)
{
	return scan(s, key, then, NULL);
}

int tg_deps_keyscan_value_line(struct tg_deps_keyscan *s, const char *key, const char *value)
{
	return scan(s, key, 0, value);
}

/*
 * dir/path with "." and ".." applied by their text; TG_ERR_INPUT when ".."
 * climbs above the root. The result never starts with '/'.
 */
static int join_beneath(const char *dir, size_t dlen, const char *path, struct tg_buf *out)
{
	struct tg_buf in = TG_BUF_INIT;
	const char *p;

	if (*path == '/')
		return tg_error_set(TG_ERR_INPUT, "%s: escapes the repository (an absolute path)",
		                    path);
	tg_buf_add(&in, dir, dlen);
	tg_buf_addch(&in, '/');
	tg_buf_adds(&in, path);
	p = in.buf;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(out->buf, '/');
			if (!out->len) {
				tg_buf_release(&in);
				return tg_error_set(TG_ERR_INPUT, "%s: escapes the repository",
				                    path);
			}
			tg_buf_setlen(out, slash ? (size_t)(slash - out->buf) : 0);
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (out->len)
				tg_buf_addch(out, '/');
			tg_buf_add(out, p, n);
		}
		p += n;
		while (*p == '/')
			p++;
	}
	tg_buf_release(&in);
	return TG_OK;
}

int tg_deps_read_relative(const struct tg_deps_file *f, const char *path, struct tg_buf *b,
                          char **rel_out)
{
	const char *slash = strrchr(f->rel, '/');
	struct tg_buf rel = TG_BUF_INIT;
	char root[64];
	int rc;

	*rel_out = NULL;
	if ((rc = join_beneath(f->rel, slash ? (size_t)(slash - f->rel) : 0, path, &rel))) {
		tg_buf_release(&rel);
		return tg_error_prefix(rc, "%s", f->rel);
	}
	if (f->root_fd < 0 || !rel.len) {
		tg_buf_release(&rel);
		return tg_error_set(TG_ERR_NOTFOUND, "%s: no such file", path);
	}
	/* beneath.h opens its root by name: this one is the descriptor's. */
	snprintf(root, sizeof(root), "/proc/self/fd/%d", f->root_fd);
	rc = tg_beneath_read_file(b, root, rel.buf);
	if (!rc)
		*rel_out = tg_buf_detach(&rel, NULL);
	tg_buf_release(&rel);
	return rc;
}

int tg_deps_read_sibling(const struct tg_deps_file *f, const char *name, struct tg_buf *b,
                         char **rel_out)
{
	if (strchr(name, '/') || !strcmp(name, "..") || !strcmp(name, "."))
		return tg_error_set(TG_ERR_INPUT, "%s: not a file name", name);
	return tg_deps_read_relative(f, name, b, rel_out);
}

struct tg_deps_node {
	char *label;
	size_t *out, nout, aout;
	int root;
	size_t parent; /* SIZE_MAX: none (a root, or not reached) */
	int reached;
};

size_t tg_deps_graph_node(struct tg_deps_graph *g, const char *key, const char *label)
{
	int added;
	struct tg_hashmap_entry *e = tg_hashmap_put(&g->index, key, strlen(key), &added);
	struct tg_deps_node *n;

	if (!added)
		return (size_t)e->val.u64 - 1;
	TG_ALLOC_GROW(g->nodes, g->nr + 1, g->alloc);
	n = &g->nodes[g->nr];
	memset(n, 0, sizeof(*n));
	n->label = tg_strdup(label);
	n->parent = SIZE_MAX;
	e->val.u64 = ++g->nr;
	g->solved = 0;
	return g->nr - 1;
}

void tg_deps_graph_edge(struct tg_deps_graph *g, size_t from, size_t to)
{
	struct tg_deps_node *n = &g->nodes[from];

	TG_ALLOC_GROW(n->out, n->nout + 1, n->aout);
	n->out[n->nout++] = to;
	g->solved = 0;
}

void tg_deps_graph_root(struct tg_deps_graph *g, size_t node)
{
	g->nodes[node].root = 1;
	g->solved = 0;
}

/* Breadth first from every root at once, so each node's parent is on a shortest path. */
static void solve(struct tg_deps_graph *g)
{
	size_t *queue = tg_malloc((g->nr + 1) * sizeof(*queue)), head = 0, tail = 0;

	for (size_t i = 0; i < g->nr; i++) {
		g->nodes[i].parent = SIZE_MAX;
		g->nodes[i].reached = g->nodes[i].root;
		if (g->nodes[i].root)
			queue[tail++] = i;
	}
	while (head < tail) {
		struct tg_deps_node *n = &g->nodes[queue[head]];
		for (size_t j = 0; j < n->nout; j++) {
			struct tg_deps_node *m = &g->nodes[n->out[j]];
			if (m->reached)
				continue;
			m->reached = 1;
			m->parent = queue[head];
			queue[tail++] = n->out[j];
		}
		head++;
	}
	free(queue);
	g->solved = 1;
}

static struct tg_deps_node *lookup(struct tg_deps_graph *g, const char *key)
{
	struct tg_hashmap_entry *e = tg_hashmap_get(&g->index, key, strlen(key));

	if (!e)
		return NULL;
	if (!g->solved)
		solve(g);
	return &g->nodes[e->val.u64 - 1];
}

int tg_deps_graph_reached(struct tg_deps_graph *g, const char *key)
{
	struct tg_deps_node *n = lookup(g, key);

	return n ? n->reached : -1;
}

char *tg_deps_graph_via(struct tg_deps_graph *g, const char *key)
{
	struct tg_deps_node *n = lookup(g, key);
	size_t *chain, len = 0, i;
	struct tg_buf b = TG_BUF_INIT;

	if (!n || n->root || !n->reached)
		return NULL;
	chain = tg_malloc(g->nr * sizeof(*chain));
	for (i = (size_t)(n - g->nodes); i != SIZE_MAX && len < g->nr; i = g->nodes[i].parent)
		chain[len++] = i;
	while (len--) {
		tg_buf_adds(&b, g->nodes[chain[len]].label);
		if (len)
			tg_buf_adds(&b, " > ");
	}
	free(chain);
	return tg_buf_detach(&b, NULL);
}

void tg_deps_graph_release(struct tg_deps_graph *g)
{
	for (size_t i = 0; i < g->nr; i++) {
		free(g->nodes[i].label);
		free(g->nodes[i].out);
	}
	free(g->nodes);
	tg_hashmap_release(&g->index);
	memset(g, 0, sizeof(*g));
}

int tg_deps_json_load(const struct tg_deps_file *f, json_t **out)
{
	json_error_t err;

	*out = tg_json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &err);
	if (!*out)
		return tg_error_set(TG_ERR_INPUT, "%s:%d: malformed JSON: %s", f->rel,
		                    err.line > 0 ? err.line : 1, err.text);
	return TG_OK;
}

const char *tg_deps_json_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}
