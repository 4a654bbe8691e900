/*
 * Pipfile.lock (pipenv): JSON with "default" (runtime) and "develop" (dev)
 * sections of name -> {version "==1.0", hashes, markers, git/path/file}.
 * The lockfile does not say which packages the Pipfile names, so every entry
 * is left transitive for the inventory's join with the Pipfile to decide.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/reader_py_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"

static int pipfile_match(const char *base)
{
	return !strcmp(base, "Pipfile.lock");
}

/* Where keys are looked for: a position, and the line there (counted as it moves). */
struct key_scan {
	const char *data;
	size_t len, pos;
	int line;
};

/*
 * The line of the first `"key":` at or after the scan's position, which
 * moves past it; 0 when there is none. Entries come in file order, so each
 * search starts where the last one ended and the file is crossed once.
 */
static int key_line(struct key_scan *s, const char *key)
{
	size_t klen = strlen(key);
	const char *data = s->data, *end = data + s->len, *p = data + s->pos;

	while (p < end && (p = memmem(p, (size_t)(end - p), key, klen))) {
		const char *q = p + klen;
		if (p > data && p[-1] == '"' && q < end && *q == '"') {
			q++;
			while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
				q++;
			if (q < end && *q == ':') {
				int at;
				for (const char *c = data + s->pos; c < p; c++)
					s->line += *c == '\n';
				at = s->line;
				for (const char *c = p; c < q; c++)
					s->line += *c == '\n';
				s->pos = (size_t)(q - data);
				return at;
			}
		}
		p += klen;
	}
	return 0;
}

static void entry_hashes(json_t *hashes, struct tg_dep *d)
{
	size_t i;
	json_t *h;

	json_array_foreach(hashes, i, h) if (json_is_string(h))
	        tg_strlist_add(&d->hashes, json_string_value(h));
}

static void add_entry(const struct tg_deps_file *f, const char *name, json_t *e,
                      enum tg_dep_scope scope, int line, struct tg_dep_list *out)
{
	const char *v = json_string_value(json_object_get(e, "version"));
	char *exact = v ? tg_py_spec_exact(v) : NULL;
	struct tg_dep *d = tg_py_dep_add(out, f->rel, line, name, exact, exact ? NULL : v);

	free(exact);
	d->direct = 0;
	d->scope = tg_py_marker_scope(json_string_value(json_object_get(e, "markers")), scope);
	if (json_object_get(e, "git") || json_object_get(e, "hg") || json_object_get(e, "svn"))
		d->origin = TG_DEP_GIT;
	else if (json_object_get(e, "path") || json_is_true(json_object_get(e, "editable")))
		d->origin = TG_DEP_PATH;
	else if (json_object_get(e, "file"))
		d->origin = TG_DEP_URL;
	entry_hashes(json_object_get(e, "hashes"), d);
}

static int read_section(const struct tg_deps_file *f, json_t *root, const char *key,
                        enum tg_dep_scope scope, struct tg_dep_list *out)
{
	json_t *sec = json_object_get(root, key), *e;
	struct key_scan scan = {f->data, f->len, 0, 1}, section;
	const char *name;
	int line;

	if (!sec)
		return TG_OK;
	line = key_line(&scan, key);
	section = scan;
	if (!json_is_object(sec))
		return tg_error_set(TG_ERR_INPUT, "%s:%d: \"%s\" is not an object", f->rel, line,
		                    key);
	json_object_foreach(sec, name, e)
	{
		struct key_scan from = section;
		if (!(line = key_line(&scan, name))) /* out of file order: from the section */
			line = key_line(&from, name);
		if (!json_is_object(e))
			return tg_error_set(TG_ERR_INPUT, "%s:%d: entry \"%s\" is not an object",
			                    f->rel, line, name);
		add_entry(f, name, e, scope, line, out);
	}
	return TG_OK;
}

static int pipfile_read(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	json_error_t err;
	json_t *root = tg_json_loadb(f->data, f->len, 0, &err);
	int rc;

	if (!root)
		return tg_error_set(TG_ERR_INPUT, "%s:%d: %s", f->rel, err.line, err.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return tg_error_set(TG_ERR_INPUT, "%s:1: not a JSON object", f->rel);
	}
	rc = read_section(f, root, "default", TG_DEP_RUNTIME, out);
	if (!rc)
		rc = read_section(f, root, "develop", TG_DEP_DEV, out);
	json_decref(root);
	return rc;
}

const struct tg_deps_reader tg_deps_reader_pipfile_lock = {
        "Pipfile.lock", TG_ECO_PYPI, 1, pipfile_match, pipfile_read,
};
