/*
 * package.json: dependencies, devDependencies, optionalDependencies and
 * peerDependencies, as ranges (the lockfile beside it, when there is one,
 * holds the exact versions; deps/inventory.c joins the two). npm: aliases
 * name the real package; file:, link:, git and URL specs keep their origin.
 * `overrides` (npm) and `resolutions` (yarn) replace the range of a direct
 * dependency they name, as the package manager would.
 */
#include <string.h>

#include "deps/npm_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"

static const struct {
	const char *key;
	enum tg_dep_scope scope;
} sections[] = {
        {"dependencies", TG_DEP_RUNTIME},
        {"devDependencies", TG_DEP_DEV},
        {"optionalDependencies", TG_DEP_OPTIONAL},
        {"peerDependencies", TG_DEP_RUNTIME},
};

static int match(const char *base)
{
	return !strcmp(base, "package.json");
}

/* The name a yarn resolutions key ends in: "**\/foo", "a/b", "@s/x/@s/y" → the last package. */
static const char *resolution_target(const char *key)
{
	const char *slash = strrchr(key, '/');

	if (!slash)
		return key;
	/* "@scope/name" at the end: step back over the scope */
	for (const char *p = slash - 1; p >= key; p--) {
		if (*p == '/')
			return p[1] == '@' ? p + 1 : slash + 1;
		if (p == key)
			return *p == '@' ? p : slash + 1;
	}
	return slash + 1;
}

/* An override or resolution of name, or NULL. A "$name" reference means "as declared". */
static const char *forced_range(json_t *root, const char *name)
{
	json_t *o = json_object_get(root, "overrides"), *v;
	const char *key, *s = NULL;

	v = json_object_get(o, name);
	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_object(v) && json_is_string(json_object_get(v, ".")))
		s = json_string_value(json_object_get(v, "."));
	json_object_foreach(json_object_get(root, "resolutions"), key, v)
	{
		if (json_is_string(v) && !strcmp(resolution_target(key), name))
			s = json_string_value(v);
	}
	return s && s[0] != '$' ? s : NULL;
}

static int declared(const struct tg_dep_list *out, size_t first, const char *name)
{
	for (size_t i = first; i < out->nr; i++)
		if (!strcmp(out->v[i].name, name))
			return 1;
	return 0;
}

static void read_section(const struct tg_deps_file *f, json_t *root, size_t k,
                         const struct tg_hashmap *lines, size_t first, struct tg_dep_list *out)
{
	json_t *v;
	const char *key;

	json_object_foreach(json_object_get(root, sections[k].key), key, v)
	{
		struct tg_npm_spec spec;
		struct tg_buf name = TG_BUF_INIT;
		const char *range = json_is_string(v) ? json_string_value(v) : "*", *forced;
		struct tg_dep *d;

		tg_npm_spec_parse(key, range, &spec);
		tg_buf_add(&name, spec.name, spec.name_len);
		if ((forced = forced_range(root, name.buf)))
			tg_npm_spec_parse(key, forced, &spec);
		/* a peer also declared as a dependency or devDependency is that one */
		if (!(k == 3 && declared(out, first, name.buf))) {
			d = tg_npm_add(out, f, name.buf, NULL,
			               tg_npm_line(lines, sections[k].key, key, NULL));
			d->range = tg_strdup(spec.origin == TG_DEP_REGISTRY
			                             ? spec.range
			                             : (forced ? forced : range));
			d->origin = spec.origin;
			d->scope = sections[k].scope;
			d->direct = 1;
		}
		tg_buf_release(&name);
	}
}

static int read_manifest(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct tg_hashmap lines = TG_HASHMAP_INIT;
	json_error_t err;
	json_t *root = tg_json_loadb(f->data, f->len, 0, &err);
	size_t first = out->nr;

	if (!root)
		return tg_error_set(TG_ERR_INPUT, "%s:%d: invalid JSON: %s", f->rel, err.line,
		                    err.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return tg_error_set(TG_ERR_INPUT, "%s:1: not a JSON object", f->rel);
	}
	tg_npm_json_lines(f->data, f->len, 2, &lines);
	for (size_t k = 0; k < sizeof(sections) / sizeof(sections[0]); k++)
		read_section(f, root, k, &lines, first, out);
	tg_npm_lines_release(&lines);
	json_decref(root);
	return TG_OK;
}

const struct tg_deps_reader tg_deps_reader_npm_manifest = {
        "package.json", TG_ECO_NPM, 0, match, read_manifest,
};
