/*
 * JavaScript and TypeScript specifiers that are not relative: tsconfig.json's
 * (or jsconfig.json's) `compilerOptions.baseUrl` and `paths`, and the tree's
 * own packages by package.json's `name`, through its `exports` (subpaths,
 * `*` patterns, conditions) or else `source`, `module`, `main`. The files
 * are read as entries (arch_read_jsconf), so the imports cache keeps them as
 * it keeps a source file's imports, and looked up at resolution
 * (arch_js_bare). tsconfig's `extends` is not followed.
 */
#include "arch/arch_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/json.h"

/* Entries hold two strings joined by a newline, which no specifier or path has. */
static void emit_pair(tg_arch_import_fn fn, void *arg, int flag, const char *a, const char *b)
{
	struct tg_buf e = TG_BUF_INIT;

	if (strchr(a, '\n') || strchr(b, '\n'))
		return;
	tg_buf_addf(&e, "%s\n%s", a, b);
	fn(arg, e.buf, e.len, 1, flag);
	tg_buf_release(&e);
}

/* JSONC as tsconfig allows it: comments and trailing commas taken out, strings kept. */
static void strip_jsonc(struct tg_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"') {
			size_t j = i + 1;
			while (j < n && s[j] != '"')
				j += s[j] == '\\' ? 2 : 1;
			if (j > n)
				j = n;
			tg_buf_add(out, s + i, (j < n ? j + 1 : n) - i);
			i = j;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				i++;
			tg_buf_addch(out, '\n');
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			for (i += 2; i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'); i++)
				;
			i++;
			tg_buf_addch(out, ' ');
		} else if (s[i] == ',') {
			size_t j = i + 1;
			while (j < n && strchr(" \t\r\n", s[j]))
				j++;
			if (j >= n || (s[j] != '}' && s[j] != ']'))
				tg_buf_addch(out, ',');
		} else {
			tg_buf_addch(out, s[i]);
		}
	}
}

/* An export's target: a string, the first string of an array, or by condition. */
static const char *export_target(const json_t *v, int depth)
{
	static const char *const conditions[] = {"source",  "import", "module", "default",
	                                         "require", "node",   "types",  NULL};

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_array(v) && depth < 8)
		return export_target(json_array_get(v, 0), depth + 1);
	if (!json_is_object(v) || depth >= 8)
		return NULL;
	for (int i = 0; conditions[i]; i++) {
		const json_t *c = json_object_get(v, conditions[i]);
		const char *t = c ? export_target(c, depth + 1) : NULL;
		if (t)
			return t;
	}
	return NULL;
}

static void read_exports(const json_t *ex, tg_arch_import_fn fn, void *arg)
{
	const char *key, *t;
	const json_t *v;
	int subpaths = 0;

	if (!json_is_object(ex)) {
		if ((t = export_target(ex, 0)))
			emit_pair(fn, arg, ARCH_JS_EXPORT, ".", t);
		return;
	}
	json_object_foreach((json_t *)ex, key, v) subpaths |= key[0] == '.';
	if (!subpaths) { /* conditions of "." */
		if ((t = export_target(ex, 0)))
			emit_pair(fn, arg, ARCH_JS_EXPORT, ".", t);
		return;
	}
	json_object_foreach((json_t *)ex, key, v) if (key[0] == '.' && (t = export_target(v, 0)))
	        emit_pair(fn, arg, ARCH_JS_EXPORT, key, t);
}

void arch_read_jsconf(const char *text, size_t n, tg_arch_import_fn fn, void *arg)
{
	struct tg_buf clean = TG_BUF_INIT;
	json_t *doc, *co, *v;
	const char *key;

	strip_jsonc(&clean, text, n);
	doc = tg_json_loadb(clean.buf, clean.len, 0, NULL);
	tg_buf_release(&clean);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return;
	}
	co = json_object_get(doc, "compilerOptions");
	if (json_is_string(json_object_get(co, "baseUrl")))
		fn(arg, json_string_value(json_object_get(co, "baseUrl")),
		   strlen(json_string_value(json_object_get(co, "baseUrl"))), 1, ARCH_JS_BASEURL);
	json_object_foreach(json_object_get(co, "paths"), key, v)
	{
		for (size_t i = 0; json_is_array(v) && i < json_array_size(v); i++)
			if (json_is_string(json_array_get(v, i)))
				emit_pair(fn, arg, ARCH_JS_PATH, key,
				          json_string_value(json_array_get(v, i)));
	}
	if (json_is_string(json_object_get(doc, "name"))) {
		const char *name = json_string_value(json_object_get(doc, "name"));
		fn(arg, name, strlen(name), 1, ARCH_JS_NAME);
		if (json_object_get(doc, "exports"))
			read_exports(json_object_get(doc, "exports"), fn, arg);
		for (const char *const *f = (const char *const[]){"source", "module", "main", NULL};
		     *f; f++)
			if (json_is_string(json_object_get(doc, *f)))
				fn(arg, json_string_value(json_object_get(doc, *f)),
				   strlen(json_string_value(json_object_get(doc, *f))), 1,
				   ARCH_JS_MAIN);
	}
	json_decref(doc);
}

/* pattern with at most one '*' against s: 1 and the star's match in *star, *star_len. */
static int match(const char *pattern, size_t plen, const char *s, const char **star,
                 size_t *star_len)
{
	const char *st = memchr(pattern, '*', plen);
	size_t n = strlen(s), pre, post;

	if (!st) {
		*star = NULL;
		*star_len = 0;
		return plen == n && !memcmp(pattern, s, n);
	}
	pre = (size_t)(st - pattern);
	post = plen - pre - 1;
	if (n < pre + post || memcmp(s, pattern, pre) || memcmp(s + n - post, st + 1, post))
		return 0;
	*star = s + pre;
	*star_len = n - pre - post;
	return 1;
}

/* target with its '*' replaced, joined to dir, tried as a module. */
static const char *try_target(const char *dir, const char *target, const char *star,
                              size_t star_len, arch_try_fn try_path, const void *x)
{
	struct tg_buf t = TG_BUF_INIT;
	const char *st = strchr(target, '*'), *hit;
	char *p;

	if (st && star) {
		tg_buf_add(&t, target, (size_t)(st - target));
		tg_buf_add(&t, star, star_len);
		tg_buf_adds(&t, st + 1);
	} else {
		tg_buf_adds(&t, target);
	}
	p = t.buf[0] == '/' ? NULL : arch_join(dir, t.buf, t.len);
	hit = p ? try_path(x, p) : NULL;
	free(p);
	tg_buf_release(&t);
	return hit;
}

static const char *second(const char *pair)
{
	const char *nl = strchr(pair, '\n');
	return nl ? nl + 1 : NULL;
}

/* tsconfig: the first `paths` pattern that matches and resolves, else baseUrl. */
static const char *by_tsconfig(const struct arch_file *c, const char *spec, arch_try_fn try_path,
                               const void *x)
{
	char *dir = arch_dirname(c->path), *base = NULL;
	const char *hit = NULL;

	for (size_t i = 0; i < c->raw_nr; i++)
		if (c->raw[i].flag == ARCH_JS_BASEURL)
			base = arch_join(dir, c->raw[i].spec, strlen(c->raw[i].spec));
	for (size_t i = 0; !hit && i < c->raw_nr; i++) {
		const char *star, *t = second(c->raw[i].spec);
		size_t star_len;
		if (c->raw[i].flag != ARCH_JS_PATH || !t ||
		    !match(c->raw[i].spec, (size_t)(t - 1 - c->raw[i].spec), spec, &star,
		           &star_len))
			continue;
		hit = try_target(base ? base : dir, t, star, star_len, try_path, x);
	}
	if (!hit && base)
		hit = try_target(base, spec, NULL, 0, try_path, x);
	free(base);
	free(dir);
	return hit;
}

/* One of the tree's packages, by `exports` when it has them, else its main file or subpath. */
static const char *by_package(const struct arch_file *c, const char *sub, arch_try_fn try_path,
                              const void *x)
{
	char *dir = arch_dirname(c->path);
	const char *hit = NULL;
	int exports = 0;

	for (size_t i = 0; !hit && i < c->raw_nr; i++) {
		const char *star, *t = second(c->raw[i].spec);
		size_t star_len;
		if (c->raw[i].flag != ARCH_JS_EXPORT || !t)
			continue;
		exports = 1;
		if (match(c->raw[i].spec, (size_t)(t - 1 - c->raw[i].spec), sub, &star, &star_len))
			hit = try_target(dir, t, star, star_len, try_path, x);
	}
	for (size_t i = 0; !hit && !exports && !strcmp(sub, ".") && i < c->raw_nr; i++)
		if (c->raw[i].flag == ARCH_JS_MAIN)
			hit = try_target(dir, c->raw[i].spec, NULL, 0, try_path, x);
	if (!hit && !exports)
		hit = try_target(dir, sub, NULL, 0, try_path, x);
	free(dir);
	return hit;
}

static int is_tsconfig(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return !strcmp(base, "tsconfig.json") || !strcmp(base, "jsconfig.json");
}

void arch_jsconf_index(struct arch_jsconf *c, const struct arch_file *files, size_t nr)
{
	memset(c, 0, sizeof(*c));
	c->files = files;
	for (size_t i = 0; i < nr; i++) {
		if (is_tsconfig(files[i].path)) {
			char *d = arch_dirname(files[i].path);
			tg_hashmap_put(&c->tsconfig, d, strlen(d), NULL)->val.u64 = i;
			free(d);
		}
		for (size_t j = 0; j < files[i].raw_nr; j++)
			if (files[i].raw[j].flag == ARCH_JS_NAME)
				tg_hashmap_put(&c->packages, files[i].raw[j].spec,
				               strlen(files[i].raw[j].spec), NULL)
				        ->val.u64 = i;
	}
}

void arch_jsconf_release(struct arch_jsconf *c)
{
	tg_hashmap_release(&c->tsconfig);
	tg_hashmap_release(&c->packages);
}

const char *arch_js_bare(const struct arch_jsconf *c, const char *from, const char *spec,
                         arch_try_fn try_path, const void *x)
{
	struct tg_hashmap_entry *e = NULL;
	char *d = arch_dirname(from), *up;
	const char *hit = NULL, *p;

	/* the nearest tsconfig.json up from the file */
	for (;;) {
		if ((e = tg_hashmap_get(&c->tsconfig, d, strlen(d))) || !*d)
			break;
		up = arch_dirname(d);
		free(d);
		d = up;
	}
	free(d);
	if (e)
		hit = by_tsconfig(&c->files[e->val.u64], spec, try_path, x);
	/* a package of the tree: "name" or "name/sub", "@scope/name" or "@scope/name/sub" */
	for (p = spec; !hit && p;) {
		p = strchr(p + (p == spec && *spec == '@'), '/');
		size_t n = p ? (size_t)(p - spec) : strlen(spec);
		struct tg_buf sub = TG_BUF_INIT;
		if (!(e = tg_hashmap_get(&c->packages, spec, n))) {
			if (p)
				p++;
			continue;
		}
		tg_buf_addf(&sub, "%s%s", p ? "./" : ".", p ? p + 1 : "");
		hit = by_package(&c->files[e->val.u64], sub.buf, try_path, x);
		tg_buf_release(&sub);
		if (p)
			p++;
	}
	return hit;
}
