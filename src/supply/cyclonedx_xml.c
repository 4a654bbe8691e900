/*
 * The CycloneDX XML writer (supply/sbom.h): the same BOM as cyclonedx.c's
 * JSON, element for element, in the order the XSD's sequences require
 * (bom-1.6.xsd: component is group, name, version, scope, hashes, licenses,
 * purl, properties, evidence), and the same serial number.
 */
#include "supply/sbom.h"

#include <string.h>

#include "supply/sbom_int.h"
#include "util/clock.h"
#include "util/utf8.h"
#include "version.h"

/* <name>text</name> on a line of its own at depth d. */
static void element(struct tg_buf *o, int d, const char *name, const char *text, size_t len)
{
	tg_buf_addf(o, "%*s<%s>", 2 * d, "", name);
	tg_buf_add_xml(o, text, len);
	tg_buf_addf(o, "</%s>\n", name);
}

static void elements(struct tg_buf *o, int d, const char *name, const char *text)
{
	element(o, d, name, text, strlen(text));
}

static void add_hashes(struct tg_buf *o, const struct tg_strlist *hashes)
{
	if (!hashes->nr)
		return;
	tg_buf_adds(o, "      <hashes>\n");
	for (size_t i = 0; i < hashes->nr; i++) {
		const char *h = hashes->v[i], *sp = strchr(h, ' ');

		tg_buf_adds(o, "        <hash alg=\"");
		tg_buf_add_xml(o, h, (size_t)(sp - h));
		tg_buf_adds(o, "\">");
		tg_buf_add_xmls(o, sp + 1);
		tg_buf_adds(o, "</hash>\n");
	}
	tg_buf_adds(o, "      </hashes>\n");
}

static void add_license(struct tg_buf *o, const char *license)
{
	if (!license)
		return;
	tg_buf_adds(o, "      <licenses>\n");
	if (tg_sbom_is_expression(license)) {
		elements(o, 4, "expression", license);
	} else {
		tg_buf_adds(o, "        <license>\n");
		elements(o, 5, "name", license);
		tg_buf_adds(o, "        </license>\n");
	}
	tg_buf_adds(o, "      </licenses>\n");
}

/* 1.6 allows several identity elements and a line per occurrence; 1.5 one and none. */
static void add_evidence(struct tg_buf *o, const struct tg_sbom_comp *c,
                         const struct tg_dep_list *deps, enum tg_sbom_spec spec)
{
	struct tg_buf v = TG_BUF_INIT;

	tg_buf_adds(o, "      <evidence>\n        <identity>\n          <field>purl</field>\n"
	               "          <confidence>1</confidence>\n          <methods>\n");
	for (size_t i = 0; i < c->places.nr; i++) {
		const struct tg_dep *d = &deps->v[c->places.v[i]];

		tg_buf_reset(&v);
		tg_buf_add_printables(&v, d->file);
		if (d->line)
			tg_buf_addf(&v, ":%d", d->line);
		tg_buf_adds(o, "            <method>\n"
		               "              <technique>manifest-analysis</technique>\n"
		               "              <confidence>1</confidence>\n");
		element(o, 7, "value", v.buf, v.len);
		tg_buf_adds(o, "            </method>\n");
	}
	tg_buf_adds(o, "          </methods>\n        </identity>\n        <occurrences>\n");
	for (size_t i = 0; i < c->places.nr; i++) {
		const struct tg_dep *d = &deps->v[c->places.v[i]];

		tg_buf_adds(o, "          <occurrence>\n");
		elements(o, 6, "location", d->file);
		if (spec == TG_SBOM_CDX_16 && d->line)
			tg_buf_addf(o, "            <line>%d</line>\n", d->line);
		tg_buf_adds(o, "          </occurrence>\n");
	}
	tg_buf_adds(o, "        </occurrences>\n      </evidence>\n");
	tg_buf_release(&v);
}

static void add_component(struct tg_buf *o, const struct tg_sbom_comp *c,
                          const struct tg_dep_list *deps, enum tg_sbom_spec spec)
{
	const struct tg_dep *d = &deps->v[c->places.v[0]];
	struct tg_buf group = TG_BUF_INIT, name = TG_BUF_INIT;

	tg_sbom_purl_parts(c->purl, &group, &name);
	tg_buf_adds(o, "    <component type=\"library\" bom-ref=\"");
	tg_buf_add_xmls(o, c->purl);
	tg_buf_adds(o, "\">\n");
	if (group.len)
		element(o, 3, "group", group.buf, group.len);
	element(o, 3, "name", name.buf, name.len);
	if (d->version)
		elements(o, 3, "version", d->version);
	elements(o, 3, "scope", tg_sbom_scope_names[c->scope]);
	add_hashes(o, &c->hashes);
	add_license(o, c->license);
	elements(o, 3, "purl", c->purl);
	tg_buf_adds(o, "      <properties>\n        <property name=\"terragon:origin\">");
	tg_buf_add_xmls(o, tg_dep_origin_name(d->origin));
	tg_buf_adds(o, "</property>\n      </properties>\n");
	add_evidence(o, c, deps, spec);
	tg_buf_adds(o, "    </component>\n");
	tg_buf_release(&group);
	tg_buf_release(&name);
}

static void add_dependency(struct tg_buf *o, const char *ref, const struct tg_strlist *on)
{
	tg_buf_adds(o, "    <dependency ref=\"");
	tg_buf_add_xmls(o, ref);
	if (!on->nr) {
		tg_buf_adds(o, "\"/>\n");
		return;
	}
	tg_buf_adds(o, "\">\n");
	for (size_t i = 0; i < on->nr; i++) {
		tg_buf_adds(o, "      <dependency ref=\"");
		tg_buf_add_xmls(o, on->v[i]);
		tg_buf_adds(o, "\"/>\n");
	}
	tg_buf_adds(o, "    </dependency>\n");
}

static void add_metadata(struct tg_buf *o, const struct tg_sbom_root *root, const char *root_ref,
                         time_t when)
{
	char ts[32];

	tg_time_format(when, ts, sizeof(ts));
	tg_buf_addf(o,
	            "  <metadata>\n    <timestamp>%s</timestamp>\n    <tools>\n      <components>\n"
	            "        <component type=\"application\">\n"
	            "          <name>terragon</name>\n          <version>%s</version>\n"
	            "        </component>\n      </components>\n    </tools>\n",
	            ts, TG_VERSION);
	tg_buf_adds(o, "    <component type=\"application\" bom-ref=\"");
	tg_buf_add_xmls(o, root_ref);
	tg_buf_adds(o, "\">\n");
	elements(o, 3, "name", root->name ? root->name : "project");
	if (root->version)
		elements(o, 3, "version", root->version);
	if (root->purl)
		elements(o, 3, "purl", root->purl);
	tg_buf_adds(o, "    </component>\n  </metadata>\n");
}

void tg_sbom_cyclonedx_xml(const struct tg_dep_list *deps, const struct tg_sbom_root *root,
                           enum tg_sbom_spec spec, time_t when, struct tg_buf *out)
{
	struct tg_sbom_graph g;
	char serial[37];

	tg_sbom_graph_build(&g, deps, root->purl);
	tg_sbom_serial(&g, deps, root, spec, when, serial);
	tg_buf_addf(out,
	            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	            "<bom xmlns=\"http://cyclonedx.org/schema/bom/%s\" "
	            "serialNumber=\"urn:uuid:%s\" version=\"1\">\n",
	            spec == TG_SBOM_CDX_16 ? "1.6" : "1.5", serial);
	add_metadata(out, root, g.root_ref, when);
	tg_buf_adds(out, g.nr ? "  <components>\n" : "  <components/>\n");
	for (size_t i = 0; i < g.nr; i++)
		add_component(out, g.v[i], deps, spec);
	if (g.nr)
		tg_buf_adds(out, "  </components>\n");
	tg_buf_adds(out, "  <dependencies>\n");
	add_dependency(out, g.root_ref, &g.root_on);
	for (size_t i = 0; i < g.nr; i++)
		add_dependency(out, g.v[i]->purl, &g.v[i]->on);
	tg_buf_adds(out, "  </dependencies>\n</bom>\n");
	tg_sbom_graph_release(&g);
}
