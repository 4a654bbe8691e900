/*
 * Gradle: gradle.lockfile ("group:artifact:version=conf1,conf2" a line;
 * "empty=..." lists configurations with nothing locked), and
 * gradle/verification-metadata.xml (<component group name version> with the
 * sha256 and sha512 of each artifact). A dependency locked only for test
 * configurations is a dev dependency.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/record_int.h"
#include "xml/xml.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"

/* testCompileClasspath, integrationTestRuntimeClasspath, androidTestImplementation... */
static int test_configuration(const char *c, size_t n)
{
	if (n >= 4 && !memcmp(c, "test", 4))
		return 1;
	for (size_t i = 0; i + 4 <= n; i++)
		if (!memcmp(c + i, "Test", 4))
			return 1;
	return 0;
}

static int only_test(const char *confs, size_t n)
{
	const char *p = confs, *end = confs + n;
	int any = 0;

	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		size_t len = (size_t)((comma ? comma : end) - p);
		if (len && !test_configuration(p, len))
			return 0;
		any |= len > 0;
		p = comma ? comma + 1 : end;
	}
	return any;
}

static int lock_line(const struct tg_deps_file *f, const char *p, const char *eol, int line,
                     struct tg_dep_list *out)
{
	const char *eq = memchr(p, '=', (size_t)(eol - p)), *c1, *c2;
	char *coord, *name, *ver;
	struct tg_dep *d;

	if (!eq)
		return tg_error_set(TG_ERR_INPUT,
		                    "%s:%d: expected group:artifact:version=configurations", f->rel,
		                    line);
	if (eq - p == 5 && !memcmp(p, "empty", 5))
		return TG_OK;
	coord = tg_strndup(p, (size_t)(eq - p));
	c1 = strchr(coord, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c1 || !c2 || c1 == coord || c2 == c1 + 1 || !c2[1] || strchr(c2 + 1, ':')) {
		free(coord);
		return tg_error_set(TG_ERR_INPUT,
		                    "%s:%d: expected group:artifact:version=configurations", f->rel,
		                    line);
	}
	name = tg_strndup(coord, (size_t)(c2 - coord));
	ver = tg_strdup(c2 + 1);
	d = tg_deps_add(out, TG_ECO_MAVEN, f->rel, line, name, ver);
	if (only_test(eq + 1, (size_t)(eol - eq - 1)))
		d->scope = TG_DEP_DEV;
	free(coord);
	free(name);
	free(ver);
	return TG_OK;
}

static int read_gradle_lockfile(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	const char *p = f->data, *end = f->data + f->len;
	int line = 0, rc = TG_OK;

	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		line++;
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		while (eol > p && (eol[-1] == '\r' || eol[-1] == ' ' || eol[-1] == '\t'))
			eol--;
		if (p < eol && *p != '#')
			rc = lock_line(f, p, eol, line, out);
		p = nl ? nl + 1 : end;
	}
	return rc;
}

static int match_gradle_lockfile(const char *base)
{
	size_t n = strlen(base);

	return n >= 15 && !strcmp(base + n - 15, "gradle.lockfile");
}

const struct tg_deps_reader tg_deps_reader_gradle_lockfile = {
        "gradle.lockfile", TG_ECO_MAVEN, 1, match_gradle_lockfile, read_gradle_lockfile};

static void artifact_hashes(const xmlNode *component, struct tg_strlist *hashes)
{
	static const char *const kinds[] = {"sha256", "sha512"};

	for (const xmlNode *a = component->children; a; a = a->next) {
		if (!tg_xml_is(a, "artifact"))
			continue;
		for (size_t k = 0; k < 2; k++) {
			const xmlNode *h = tg_xml_child(a, kinds[k]);
			char *v = tg_xml_attr(h, "value");
			if (v && *v) {
				struct tg_buf b = TG_BUF_INIT;
				tg_buf_addf(&b, "%s:%s", kinds[k], v);
				if (tg_strlist_find(hashes, b.buf) < 0)
					tg_strlist_add(hashes, b.buf);
				tg_buf_release(&b);
			}
			free(v);
		}
	}
}

static int read_verification_metadata(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	const xmlNode *root, *components;
	xmlDoc *doc;
	int rc = tg_xml_parse(f->data, f->len, f->rel, 0, &doc);

	if (rc)
		return rc;
	root = tg_xml_root(doc);
	if (!tg_xml_is(root, "verification-metadata")) {
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: not Gradle verification metadata", f->rel,
		                  tg_xml_line(root));
		tg_xml_free(doc);
		return rc;
	}
	components = tg_xml_child(root, "components");
	for (const xmlNode *c = components ? components->children : NULL; c; c = c->next) {
		char *g = tg_xml_attr(c, "group"), *a = tg_xml_attr(c, "name");
		char *v = tg_xml_attr(c, "version");
		if (tg_xml_is(c, "component") && g && a && v && *g && *a && *v) {
			struct tg_buf name = TG_BUF_INIT;
			struct tg_dep *d;
			tg_buf_addf(&name, "%s:%s", g, a);
			d = tg_deps_add(out, TG_ECO_MAVEN, f->rel, tg_xml_line(c), name.buf, v);
			artifact_hashes(c, &d->hashes);
			tg_buf_release(&name);
		} else if (tg_xml_is(c, "component")) {
			tg_dep_warn(out, f->rel, tg_xml_line(c),
			            "a <component> without group, name or version");
		}
		free(g);
		free(a);
		free(v);
	}
	tg_xml_free(doc);
	return TG_OK;
}

static int match_verification_metadata(const char *base)
{
	return !strcmp(base, "verification-metadata.xml");
}

const struct tg_deps_reader tg_deps_reader_verification_metadata = {
        "verification-metadata.xml", TG_ECO_MAVEN, 1, match_verification_metadata,
        read_verification_metadata};
