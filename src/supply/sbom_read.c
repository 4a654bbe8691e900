/* CycloneDX JSON read back into dependency records (supply/sbom.h). */
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "supply/sbom.h"
#include "supply/sbom_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"

static int eco_of_type(const char *type, size_t len, enum tg_eco *eco)
{
	for (int e = TG_ECO_UNKNOWN + 1; e < TG_ECO_COUNT; e++) {
		const char *t = tg_eco_purl_type((enum tg_eco)e);

		if (t && strlen(t) == len && !strncasecmp(t, type, len)) {
			*eco = (enum tg_eco)e;
			return 0;
		}
	}
	return -1;
}

/* pkg:type/ns/name@version: the ecosystem, the name as its ecosystem writes it
 * (npm "@s/n", Maven "g:a", Go "ns/name"), the version (NULL when none). */
static int parse_purl(const char *purl, enum tg_eco *eco, struct tg_buf *name,
                      struct tg_buf *version)
{
	const char *p, *type, *path, *end, *at, *slash = NULL;

	if (strncmp(purl, "pkg:", 4))
		return -1;
	for (p = purl + 4; *p == '/'; p++)
		;
	type = p;
	path = strchr(type, '/');
	if (!path || eco_of_type(type, (size_t)(path - type), eco))
		return -1;
	path++;
	end = path + strcspn(path, "?#");
	at = memchr(path, '@', (size_t)(end - path));
	/* the version's '@' is the last one (an npm scope's is %40) */
	for (const char *q = at; q && q < end; q = memchr(q + 1, '@', (size_t)(end - q - 1)))
		at = q;
	for (const char *q = path; q < (at ? at : end); q++)
		if (*q == '/')
			slash = q;
	if (slash) {
		tg_sbom_percent_decode(name, path, (size_t)(slash - path));
		tg_buf_addch(name, *eco == TG_ECO_MAVEN ? ':' : '/');
		tg_sbom_percent_decode(name, slash + 1, (size_t)((at ? at : end) - slash - 1));
	} else {
		tg_sbom_percent_decode(name, path, (size_t)((at ? at : end) - path));
	}
	if (at && at + 1 < end)
		tg_sbom_percent_decode(version, at + 1, (size_t)(end - at - 1));
	return name->len && !memchr(name->buf, 0, name->len) ? 0 : -1;
}

static void read_hashes(json_t *hashes, struct tg_dep *d)
{
	size_t i;
	json_t *h;

	json_array_foreach(hashes, i, h)
	{
		const char *alg = json_string_value(json_object_get(h, "alg"));
		const char *content = json_string_value(json_object_get(h, "content"));
		struct tg_buf b = TG_BUF_INIT;

		if (!alg || !content)
			continue;
		for (const char *p = alg; *p; p++)
			if (*p != '-')
				tg_buf_addch(&b, tolower((unsigned char)*p));
		tg_buf_addf(&b, ":%s", content);
		tg_strlist_add(&d->hashes, b.buf);
		tg_buf_release(&b);
	}
}

static void read_licenses(json_t *licenses, struct tg_dep *d)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t i;
	json_t *l;

	json_array_foreach(licenses, i, l)
	{
		const char *v = json_string_value(json_object_get(l, "expression"));
		json_t *lic = json_object_get(l, "license");

		if (!v)
			v = json_string_value(json_object_get(lic, "id"));
		if (!v)
			v = json_string_value(json_object_get(lic, "name"));
		if (!v || !*v)
			continue;
		if (b.len)
			tg_buf_adds(&b, " AND ");
		tg_buf_adds(&b, v);
	}
	d->license = b.len ? tg_buf_detach(&b, NULL) : NULL;
	tg_buf_release(&b);
}

static void read_place(json_t *c, const char *rel, struct tg_dep *d)
{
	json_t *occ =
	        json_array_get(json_object_get(json_object_get(c, "evidence"), "occurrences"), 0);
	const char *loc = json_string_value(json_object_get(occ, "location"));
	json_int_t line = json_integer_value(json_object_get(occ, "line"));

	d->file = tg_strdup(loc && *loc ? loc : rel);
	d->line = loc && line > 0 && line < 1 << 30 ? (int)line : 0;
}

static void read_component(json_t *c, const char *rel, struct tg_dep_list *out, size_t *skipped)
{
	const char *purl = json_string_value(json_object_get(c, "purl"));
	const char *scope = json_string_value(json_object_get(c, "scope"));
	struct tg_buf name = TG_BUF_INIT, version = TG_BUF_INIT;
	enum tg_eco eco = TG_ECO_UNKNOWN;
	struct tg_dep *d;

	if (!purl || parse_purl(purl, &eco, &name, &version)) {
		(*skipped)++;
		goto out;
	}
	d = tg_dep_list_add(out);
	d->eco = eco;
	d->version = version.len ? tg_buf_detach(&version, NULL) : NULL;
	tg_dep_set_name(d, name.buf);
	d->scope = scope && !strcmp(scope, "excluded")   ? TG_DEP_DEV
	           : scope && !strcmp(scope, "optional") ? TG_DEP_OPTIONAL
	                                                 : TG_DEP_RUNTIME;
	read_hashes(json_object_get(c, "hashes"), d);
	read_licenses(json_object_get(c, "licenses"), d);
	read_place(c, rel, d);
out:
	tg_buf_release(&name);
	tg_buf_release(&version);
}

int tg_sbom_read(const char *text, size_t len, const char *rel, struct tg_dep_list *out,
                 size_t *skipped)
{
	json_error_t err;
	json_t *doc = tg_json_loadb(text, len, 0, &err), *comps, *c;
	const char *format;
	size_t i;

	*skipped = 0;
	if (!doc)
		return tg_error_set(TG_ERR_INPUT, "%s:%d: not JSON: %s", rel, err.line, err.text);
	format = json_string_value(json_object_get(doc, "bomFormat"));
	comps = json_object_get(doc, "components");
	if (!format || strcmp(format, "CycloneDX") || (comps && !json_is_array(comps))) {
		json_decref(doc);
		return tg_error_set(TG_ERR_INPUT, "%s: not a CycloneDX JSON document", rel);
	}
	json_array_foreach(comps, i, c) read_component(c, rel, out, skipped);
	json_decref(doc);
	return TG_OK;
}
