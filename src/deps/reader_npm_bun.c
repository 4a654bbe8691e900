/*
 * bun.lock: JSON with trailing commas. "packages" maps a key (the name, or
 * "parent/name" for a copy nested under parent) to an array [ "name@1.0.0",
 * registry, {dependencies...}, "sha512-..." ]; "workspaces" holds each
 * workspace's declared dependencies, the direct ones. A dependency is found
 * as bun finds it: nested under its dependant first, then one level up.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/npm_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"

static int match(const char *base)
{
	return !strcmp(base, "bun.lock");
}

struct bun {
	const struct tg_deps_file *f;
	struct tg_dep_list *out;
	size_t first;
	struct tg_hashmap index; /* key -> node + 1 */
	struct tg_strlist keys;
	json_t **meta; /* per node: its {dependencies...} object, borrowed */
	struct tg_buf tmp;
};

/* Where the last package name of key starts ("a/@s/b" -> "@s/b"). */
static size_t last_name(const char *key, size_t len)
{
	size_t i = len;

	while (i > 0 && key[i - 1] != '/')
		i--;
	if (i >= 2) {
		size_t j = i - 1;

		while (j > 0 && key[j - 1] != '/')
			j--;
		if (key[j] == '@')
			return j;
	}
	return i;
}

static long resolve(struct bun *b, const char *from, const char *name)
{
	size_t len = strlen(from);

	for (;;) {
		struct tg_hashmap_entry *e;

		tg_buf_reset(&b->tmp);
		if (len)
			tg_buf_addf(&b->tmp, "%.*s/", (int)len, from);
		tg_buf_adds(&b->tmp, name);
		if ((e = tg_hashmap_get(&b->index, b->tmp.buf, b->tmp.len)))
			return (long)e->val.u64 - 1;
		if (!len)
			return -1;
		len = last_name(from, len);
		len = len ? len - 1 : 0;
	}
}

static void add_entry(struct bun *b, const char *key, json_t *a, int line)
{
	const char *id = json_string_value(json_array_get(a, 0)), *hash;
	size_t at = id ? tg_npm_split_at(id, strlen(id)) : 0;
	struct tg_buf name = TG_BUF_INIT;
	struct tg_dep *d;
	json_t *meta = NULL;
	int added;

	if (!at || !strncmp(id + at + 1, "workspace:", 10))
		return;
	tg_buf_add(&name, id, at);
	d = tg_npm_add(b->out, b->f, name.buf, id + at + 1, line);
	d->origin = tg_npm_resolved_origin(id + at + 1);
	for (size_t i = 1; i < json_array_size(a); i++) {
		json_t *v = json_array_get(a, i);

		if (json_is_object(v) && !meta)
			meta = v;
		else if (json_is_string(v) && (hash = json_string_value(v)) &&
		         !strncmp(hash, "sha", 3) && strchr(hash, '-'))
			tg_strlist_add(&d->hashes, hash);
	}
	b->meta = tg_realloc(b->meta, (b->keys.nr + 1) * sizeof(*b->meta));
	b->meta[b->keys.nr] = meta;
	tg_strlist_add(&b->keys, key);
	tg_hashmap_put(&b->index, key, strlen(key), &added)->val.u64 = b->keys.nr;
	tg_buf_release(&name);
}

static void link_graph(struct bun *b, json_t *workspaces)
{
	static const char *const deps[] = {"dependencies", "optionalDependencies",
	                                   "peerDependencies", "devDependencies"};
	static const enum tg_dep_scope scopes[] = {TG_DEP_RUNTIME, TG_DEP_OPTIONAL, TG_DEP_RUNTIME,
	                                           TG_DEP_DEV};
	struct tg_npm_graph g;
	const char *ws, *name;
	json_t *w, *v;
	long to;

	tg_npm_graph_init(&g, b->first, b->keys.nr);
	for (size_t i = 0; i < b->keys.nr; i++)
		for (size_t k = 0; k < 3; k++)
			json_object_foreach(json_object_get(b->meta[i], deps[k]), name,
			                    v) if ((to = resolve(b, b->keys.v[i], name)) >= 0)
			        tg_npm_graph_edge(&g, i, (size_t)to);
	json_object_foreach(workspaces, ws, w) for (size_t k = 0; k < 4; k++) json_object_foreach(
	        json_object_get(w, deps[k]), name, v) if ((to = resolve(b, "", name)) >= 0)
	{
		struct tg_dep *d = &b->out->v[b->first + (size_t)to];

		if (!g.root[to] || scopes[k] < d->scope)
			d->scope = scopes[k];
		g.root[to] = 1;
	}
	tg_npm_graph_via(&g, b->out);
	tg_npm_graph_scope(&g, b->out);
	tg_npm_graph_release(&g);
}

static int read_bun(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct bun b = {.f = f, .out = out, .first = out->nr};
	struct tg_buf plain = TG_BUF_INIT;
	struct tg_hashmap lines = TG_HASHMAP_INIT;
	json_error_t err;
	json_t *root, *a;
	const char *key;

	tg_npm_jsonc_plain(f->data, f->len, &plain);
	root = tg_json_loadb(plain.buf, plain.len, 0, &err);
	if (!json_is_object(root)) {
		json_decref(root);
		tg_buf_release(&plain);
		return tg_error_set(TG_ERR_INPUT, "%s:%d: invalid bun.lock: %s", f->rel,
		                    root ? 1 : err.line, root ? "not an object" : err.text);
	}
	tg_npm_json_lines(plain.buf, plain.len, 2, &lines);
	tg_buf_init(&b.tmp, 128);
	json_object_foreach(json_object_get(root, "packages"), key, a)
	{
		if (json_is_array(a))
			add_entry(&b, key, a, tg_npm_line(&lines, "packages", key, NULL));
	}
	link_graph(&b, json_object_get(root, "workspaces"));
	tg_npm_lines_release(&lines);
	tg_hashmap_release(&b.index);
	tg_strlist_clear(&b.keys);
	free(b.meta);
	tg_buf_release(&b.tmp);
	tg_buf_release(&plain);
	json_decref(root);
	return TG_OK;
}

const struct tg_deps_reader tg_deps_reader_npm_bun = {
        "bun.lock", TG_ECO_NPM, 1, match, read_bun,
};
