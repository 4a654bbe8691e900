/* The CycloneDX writer (supply/sbom.h). */
#include "supply/sbom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supply/sbom_int.h"
#include "util/alloc.h"
#include "util/clock.h"
#include "util/hash.h"
#include "version.h"

/* runtime required (0), optional optional (1), dev excluded (2): lower is stronger */
const char *const tg_sbom_scope_names[] = {"required", "optional", "excluded"};

void tg_sbom_purl_parts(const char *purl, struct tg_buf *group, struct tg_buf *name)
{
	const char *p = strchr(purl, '/'), *end, *slash = NULL;

	p = p ? p + 1 : purl;
	end = p + strcspn(p, "@?#");
	for (const char *q = p; q < end; q++)
		if (*q == '/')
			slash = q;
	if (slash)
		tg_sbom_percent_decode(group, p, (size_t)(slash - p));
	tg_sbom_percent_decode(name, slash ? slash + 1 : p,
	                       (size_t)(end - (slash ? slash + 1 : p)));
}

static void add_hashes(struct tg_buf *o, const struct tg_strlist *hashes)
{
	if (!hashes->nr)
		return;
	tg_buf_adds(o, ",\"hashes\":[");
	for (size_t i = 0; i < hashes->nr; i++) {
		const char *h = hashes->v[i], *colon = strchr(h, ' ');

		tg_buf_adds(o, i ? ",{\"alg\":" : "{\"alg\":");
		tg_buf_add_json(o, h, (size_t)(colon - h));
		tg_buf_adds(o, ",\"content\":");
		tg_buf_add_jsons(o, colon + 1);
		tg_buf_addch(o, '}');
	}
	tg_buf_addch(o, ']');
}

static void add_license(struct tg_buf *o, const char *license)
{
	if (!license)
		return;
	if (tg_sbom_is_expression(license)) {
		tg_buf_adds(o, ",\"licenses\":[{\"expression\":");
		tg_buf_add_jsons(o, license);
		tg_buf_adds(o, "}]");
	} else {
		tg_buf_adds(o, ",\"licenses\":[{\"license\":{\"name\":");
		tg_buf_add_jsons(o, license);
		tg_buf_adds(o, "}}]");
	}
}

static void add_place(struct tg_buf *o, const struct tg_dep *d)
{
	tg_buf_add_printables(o, d->file);
	if (d->line)
		tg_buf_addf(o, ":%d", d->line);
}

/* evidence: how the purl was found (each file:line), and each place. */
static void add_evidence(struct tg_buf *o, const struct tg_sbom_comp *c,
                         const struct tg_dep_list *deps, enum tg_sbom_spec spec)
{
	struct tg_buf v = TG_BUF_INIT;

	tg_buf_adds(o, spec == TG_SBOM_CDX_16 ? ",\"evidence\":{\"identity\":["
	                                      : ",\"evidence\":{"
	                                        "\"identity\":");
	tg_buf_adds(o, "{\"field\":\"purl\",\"confidence\":1,\"methods\":[");
	for (size_t i = 0; i < c->places.nr; i++) {
		tg_buf_reset(&v);
		add_place(&v, &deps->v[c->places.v[i]]);
		tg_buf_adds(o, i ? ",{\"technique\":\"manifest-analysis\",\"confidence\":1,"
		                   "\"value\":"
		                 : "{\"technique\":\"manifest-analysis\",\"confidence\":1,"
		                   "\"value\":");
		tg_buf_add_jsons(o, v.buf);
		tg_buf_addch(o, '}');
	}
	tg_buf_adds(o, spec == TG_SBOM_CDX_16 ? "]}]" : "]}");
	tg_buf_adds(o, ",\"occurrences\":[");
	for (size_t i = 0; i < c->places.nr; i++) {
		const struct tg_dep *d = &deps->v[c->places.v[i]];

		tg_buf_adds(o, i ? ",{\"location\":" : "{\"location\":");
		tg_buf_add_jsons(o, d->file);
		if (spec == TG_SBOM_CDX_16 && d->line)
			tg_buf_addf(o, ",\"line\":%d", d->line);
		tg_buf_addch(o, '}');
	}
	tg_buf_adds(o, "]}");
	tg_buf_release(&v);
}

static void add_component(struct tg_buf *o, const struct tg_sbom_comp *c,
                          const struct tg_dep_list *deps, enum tg_sbom_spec spec)
{
	const struct tg_dep *d = &deps->v[c->places.v[0]];
	struct tg_buf group = TG_BUF_INIT, name = TG_BUF_INIT;

	tg_sbom_purl_parts(c->purl, &group, &name);
	tg_buf_adds(o, "{\"type\":\"library\",\"bom-ref\":");
	tg_buf_add_jsons(o, c->purl);
	if (group.len) {
		tg_buf_adds(o, ",\"group\":");
		tg_buf_add_json(o, group.buf, group.len);
	}
	tg_buf_adds(o, ",\"name\":");
	tg_buf_add_json(o, name.buf ? name.buf : "", name.len);
	if (d->version) {
		tg_buf_adds(o, ",\"version\":");
		tg_buf_add_jsons(o, d->version);
	}
	tg_buf_addf(o, ",\"scope\":\"%s\"", tg_sbom_scope_names[c->scope]);
	add_hashes(o, &c->hashes);
	add_license(o, c->license);
	tg_buf_adds(o, ",\"purl\":");
	tg_buf_add_jsons(o, c->purl);
	tg_buf_adds(o, ",\"properties\":[{\"name\":\"terragon:origin\",\"value\":");
	tg_buf_add_jsons(o, tg_dep_origin_name(d->origin));
	tg_buf_adds(o, "}]");
	add_evidence(o, c, deps, spec);
	tg_buf_addch(o, '}');
	tg_buf_release(&group);
	tg_buf_release(&name);
}

static void add_dependency(struct tg_buf *o, const char *ref, const struct tg_strlist *on)
{
	tg_buf_adds(o, "{\"ref\":");
	tg_buf_add_jsons(o, ref);
	tg_buf_adds(o, ",\"dependsOn\":[");
	for (size_t i = 0; i < on->nr; i++) {
		if (i)
			tg_buf_addch(o, ',');
		tg_buf_add_jsons(o, on->v[i]);
	}
	tg_buf_adds(o, "]}");
}

/* A name-based UUID of the document's content (RFC 4122 layout, version 5 bits set):
 * the same content gives the same serial number. */
static void serial_number(const struct tg_buf *body, char out[37])
{
	uint64_t a = tg_hash64(body->buf, body->len), b;
	struct tg_hasher h;
	unsigned char u[16];
	char hex[33];

	tg_hasher_init(&h);
	tg_hasher_adds(&h, "terragon sbom serial");
	tg_hasher_add(&h, body->buf, body->len);
	b = tg_hasher_finish(&h);
	for (int i = 0; i < 8; i++) {
		u[i] = (unsigned char)(a >> (56 - 8 * i));
		u[8 + i] = (unsigned char)(b >> (56 - 8 * i));
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x50);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	for (int i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", u[i]);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static void add_metadata(struct tg_buf *o, const struct tg_sbom_root *root, const char *root_ref,
                         time_t when)
{
	char ts[32];

	tg_time_format(when, ts, sizeof(ts));
	tg_buf_addf(o,
	            "\"metadata\":{\"timestamp\":\"%s\",\"tools\":{\"components\":[{\"type\":"
	            "\"application\",\"name\":\"terragon\",\"version\":\"%s\"}]},",
	            ts, TG_VERSION);
	tg_buf_adds(o, "\"component\":{\"type\":\"application\",\"bom-ref\":");
	tg_buf_add_jsons(o, root_ref);
	tg_buf_adds(o, ",\"name\":");
	tg_buf_add_jsons(o, root->name ? root->name : "project");
	if (root->version) {
		tg_buf_adds(o, ",\"version\":");
		tg_buf_add_jsons(o, root->version);
	}
	if (root->purl) {
		tg_buf_adds(o, ",\"purl\":");
		tg_buf_add_jsons(o, root->purl);
	}
	tg_buf_adds(o, "}},\n");
}

/* Everything after the header: metadata, components, dependencies. */
static void json_body(const struct tg_sbom_graph *g, const struct tg_dep_list *deps,
                      const struct tg_sbom_root *root, enum tg_sbom_spec spec, time_t when,
                      struct tg_buf *body)
{
	add_metadata(body, root, g->root_ref, when);
	tg_buf_adds(body, "\"components\":[");
	for (size_t i = 0; i < g->nr; i++) {
		tg_buf_adds(body, i ? ",\n" : "\n");
		add_component(body, g->v[i], deps, spec);
	}
	tg_buf_adds(body, g->nr ? "\n],\n\"dependencies\":[\n" : "],\n\"dependencies\":[\n");
	add_dependency(body, g->root_ref, &g->root_on);
	for (size_t i = 0; i < g->nr; i++) {
		tg_buf_adds(body, ",\n");
		add_dependency(body, g->v[i]->purl, &g->v[i]->on);
	}
	tg_buf_adds(body, "\n]}\n");
}

void tg_sbom_serial(const struct tg_sbom_graph *g, const struct tg_dep_list *deps,
                    const struct tg_sbom_root *root, enum tg_sbom_spec spec, time_t when,
                    char out[37])
{
	struct tg_buf body = TG_BUF_INIT;

	json_body(g, deps, root, spec, when, &body);
	serial_number(&body, out);
	tg_buf_release(&body);
}

void tg_sbom_cyclonedx(const struct tg_dep_list *deps, const struct tg_sbom_root *root,
                       enum tg_sbom_spec spec, time_t when, struct tg_buf *out)
{
	struct tg_sbom_graph g;
	struct tg_buf body = TG_BUF_INIT;
	char serial[37];

	tg_sbom_graph_build(&g, deps, root->purl);
	json_body(&g, deps, root, spec, when, &body);
	serial_number(&body, serial);
	tg_buf_addf(out,
	            "{\"$schema\":\"http://cyclonedx.org/schema/bom-%s.schema.json\","
	            "\"bomFormat\":\"CycloneDX\",\"specVersion\":\"%s\",\"serialNumber\":"
	            "\"urn:uuid:%s\",\"version\":1,\n",
	            spec == TG_SBOM_CDX_16 ? "1.6" : "1.5", spec == TG_SBOM_CDX_16 ? "1.6" : "1.5",
	            serial);
	tg_buf_add(out, body.buf, body.len);
	tg_buf_release(&body);
	tg_sbom_graph_release(&g);
}
