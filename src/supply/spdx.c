/*
 * The SPDX 2.3 JSON writer (supply/sbom.h): the inventory's components as
 * packages, the graph as relationships. What CycloneDX says in fields SPDX
 * 2.3 has no place for is said where SPDX puts it:
 * - scope: a direct dev dependency is DEV_DEPENDENCY_OF the root, an optional
 *   one OPTIONAL_DEPENDENCY_OF it; every other edge is DEPENDS_ON;
 * - evidence: the package's comment names each file:line;
 * - a licence that is no SPDX expression: licenseDeclared NOASSERTION and the
 *   text in licenseComments.
 * The namespace is spdx.org/spdxdocs (the spec's default for a creator without
 * a site of its own) with the CycloneDX serial number, so the same input and
 * time give the same bytes.
 */
#include "supply/sbom.h"

#include <inttypes.h>
#include <string.h>

#include "supply/sbom_int.h"
#include "util/clock.h"
#include "util/hash.h"
#include "version.h"

/* SPDXRef-Package-<the purl, [A-Za-z0-9.-] kept, others '-'>-<its hash>: stable and unique. */
static void spdx_id(struct tg_buf *o, const char *purl)
{
	tg_buf_adds(o, "SPDXRef-Package-");
	for (const char *p = purl; *p; p++)
		tg_buf_addch(o, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		                                (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'
		                        ? *p
		                        : '-');
	tg_buf_addf(o, "-%016" PRIx64, tg_hash64(purl, strlen(purl)));
}

static void add_id(struct tg_buf *o, const char *purl)
{
	struct tg_buf id = TG_BUF_INIT;

	spdx_id(&id, purl);
	tg_buf_add_json(o, id.buf, id.len);
	tg_buf_release(&id);
}

/* CycloneDX's "SHA-256" is SPDX's "SHA256"; SHA3-256 and BLAKE2b-256 are spelt alike. */
static void add_checksums(struct tg_buf *o, const struct tg_strlist *hashes)
{
	if (!hashes->nr)
		return;
	tg_buf_adds(o, ",\"checksums\":[");
	for (size_t i = 0; i < hashes->nr; i++) {
		const char *h = hashes->v[i], *sp = strchr(h, ' ');
		int sha2 = !strncmp(h, "SHA-", 4);

		tg_buf_adds(o, i ? ",{\"algorithm\":\"" : "{\"algorithm\":\"");
		if (sha2)
			tg_buf_adds(o, "SHA");
		tg_buf_add(o, h + (sha2 ? 4 : 0), (size_t)(sp - h) - (sha2 ? 4 : 0));
		tg_buf_adds(o, "\",\"checksumValue\":");
		tg_buf_add_jsons(o, sp + 1);
		tg_buf_addch(o, '}');
	}
	tg_buf_addch(o, ']');
}

static void add_license(struct tg_buf *o, const char *license)
{
	if (license && tg_sbom_is_expression(license)) {
		tg_buf_adds(o, ",\"licenseDeclared\":");
		tg_buf_add_jsons(o, license);
		return;
	}
	tg_buf_adds(o, ",\"licenseDeclared\":\"NOASSERTION\"");
	if (license) {
		tg_buf_adds(o, ",\"licenseComments\":");
		tg_buf_add_jsons(o, license);
	}
}

static void add_places(struct tg_buf *o, const struct tg_sbom_comp *c,
                       const struct tg_dep_list *deps)
{
	struct tg_buf v = TG_BUF_INIT;

	tg_buf_adds(&v, "found at ");
	for (size_t i = 0; i < c->places.nr; i++) {
		const struct tg_dep *d = &deps->v[c->places.v[i]];

		if (i)
			tg_buf_adds(&v, ", ");
		tg_buf_add_printables(&v, d->file);
		if (d->line)
			tg_buf_addf(&v, ":%d", d->line);
	}
	tg_buf_adds(o, ",\"comment\":");
	tg_buf_add_json(o, v.buf, v.len);
	tg_buf_release(&v);
}

static void add_purl_ref(struct tg_buf *o, const char *purl)
{
	tg_buf_adds(o, ",\"externalRefs\":[{\"referenceCategory\":\"PACKAGE-MANAGER\","
	               "\"referenceType\":\"purl\",\"referenceLocator\":");
	tg_buf_add_jsons(o, purl);
	tg_buf_adds(o, "}]");
}

static void add_package(struct tg_buf *o, const struct tg_sbom_comp *c,
                        const struct tg_dep_list *deps)
{
	const struct tg_dep *d = &deps->v[c->places.v[0]];
	struct tg_buf group = TG_BUF_INIT, name = TG_BUF_INIT;

	tg_sbom_purl_parts(c->purl, &group, &name);
	if (group.len) {
		tg_buf_addch(&group, '/');
		tg_buf_add(&group, name.buf, name.len);
	}
	tg_buf_adds(o, ",\n{\"name\":");
	tg_buf_add_json(o, group.len ? group.buf : name.buf, group.len ? group.len : name.len);
	tg_buf_adds(o, ",\"SPDXID\":");
	add_id(o, c->purl);
	if (d->version) {
		tg_buf_adds(o, ",\"versionInfo\":");
		tg_buf_add_jsons(o, d->version);
	}
	tg_buf_adds(o, ",\"downloadLocation\":\"NOASSERTION\",\"filesAnalyzed\":false");
	add_checksums(o, &c->hashes);
	tg_buf_adds(o, ",\"licenseConcluded\":\"NOASSERTION\"");
	add_license(o, c->license);
	tg_buf_adds(o, ",\"copyrightText\":\"NOASSERTION\"");
	add_places(o, c, deps);
	add_purl_ref(o, c->purl);
	tg_buf_adds(o, ",\"primaryPackagePurpose\":\"LIBRARY\"}");
	tg_buf_release(&group);
	tg_buf_release(&name);
}

static void add_root(struct tg_buf *o, const struct tg_sbom_root *root)
{
	tg_buf_adds(o, "{\"name\":");
	tg_buf_add_jsons(o, root->name ? root->name : "project");
	tg_buf_adds(o, ",\"SPDXID\":\"SPDXRef-Root\"");
	if (root->version) {
		tg_buf_adds(o, ",\"versionInfo\":");
		tg_buf_add_jsons(o, root->version);
	}
	tg_buf_adds(o, ",\"downloadLocation\":\"NOASSERTION\",\"filesAnalyzed\":false,"
	               "\"licenseConcluded\":\"NOASSERTION\",\"licenseDeclared\":\"NOASSERTION\","
	               "\"copyrightText\":\"NOASSERTION\"");
	if (root->purl)
		add_purl_ref(o, root->purl);
	tg_buf_adds(o, ",\"primaryPackagePurpose\":\"APPLICATION\"}");
}

static void relationship(struct tg_buf *o, const char *from, const char *type, const char *to)
{
	tg_buf_adds(o, ",\n{\"spdxElementId\":");
	if (strncmp(from, "SPDXRef-", 8))
		add_id(o, from);
	else
		tg_buf_add_jsons(o, from);
	tg_buf_addf(o, ",\"relationshipType\":\"%s\",\"relatedSpdxElement\":", type);
	if (strncmp(to, "SPDXRef-", 8))
		add_id(o, to);
	else
		tg_buf_add_jsons(o, to);
	tg_buf_addch(o, '}');
}

static void add_relationships(struct tg_buf *o, const struct tg_sbom_graph *g)
{
	tg_buf_adds(o,
	            "\"relationships\":[\n{\"spdxElementId\":\"SPDXRef-DOCUMENT\","
	            "\"relationshipType\":\"DESCRIBES\",\"relatedSpdxElement\":\"SPDXRef-Root\"}");
	for (size_t i = 0; i < g->root_on.nr; i++) {
		const char *to = g->root_on.v[i];
		const struct tg_hashmap_entry *e = tg_hashmap_get(&g->by_purl, to, strlen(to));
		const struct tg_sbom_comp *c = e ? e->val.ptr : NULL;
		int scope = c ? c->scope : 0;

		if (scope == 2)
			relationship(o, to, "DEV_DEPENDENCY_OF", "SPDXRef-Root");
		else if (scope == 1)
			relationship(o, to, "OPTIONAL_DEPENDENCY_OF", "SPDXRef-Root");
		else
			relationship(o, "SPDXRef-Root", "DEPENDS_ON", to);
	}
	for (size_t i = 0; i < g->nr; i++)
		for (size_t k = 0; k < g->v[i]->on.nr; k++)
			relationship(o, g->v[i]->purl, "DEPENDS_ON", g->v[i]->on.v[k]);
	tg_buf_adds(o, "\n]}\n");
}

/* The document's name in its namespace: [A-Za-z0-9._-] kept, others '-'. */
static void add_slug(struct tg_buf *o, const char *name)
{
	for (const char *p = name; *p; p++)
		tg_buf_addch(o, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		                                (*p >= '0' && *p <= '9') || *p == '.' ||
		                                *p == '_' || *p == '-'
		                        ? *p
		                        : '-');
}

void tg_sbom_spdx(const struct tg_dep_list *deps, const struct tg_sbom_root *root, time_t when,
                  struct tg_buf *out)
{
	struct tg_sbom_graph g;
	struct tg_buf ns = TG_BUF_INIT;
	const char *name = root->name ? root->name : "project";
	char serial[37], ts[32];

	tg_sbom_graph_build(&g, deps, root->purl);
	tg_sbom_serial(&g, deps, root, TG_SBOM_CDX_16, when, serial);
	tg_time_format(when, ts, sizeof(ts));
	tg_buf_adds(&ns, "https://spdx.org/spdxdocs/");
	add_slug(&ns, name);
	tg_buf_addf(&ns, "-%s", serial);
	tg_buf_adds(out, "{\"spdxVersion\":\"SPDX-2.3\",\"dataLicense\":\"CC0-1.0\","
	                 "\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":");
	tg_buf_add_jsons(out, name);
	tg_buf_adds(out, ",\"documentNamespace\":");
	tg_buf_add_json(out, ns.buf, ns.len);
	tg_buf_addf(
	        out,
	        ",\n\"creationInfo\":{\"created\":\"%s\",\"creators\":[\"Tool: terragon-%s\"]},\n"
	        "\"packages\":[\n",
	        ts, TG_VERSION);
	add_root(out, root);
	for (size_t i = 0; i < g.nr; i++)
		add_package(out, g.v[i], deps);
	tg_buf_adds(out, "\n],\n");
	add_relationships(out, &g);
	tg_buf_release(&ns);
	tg_sbom_graph_release(&g);
}
