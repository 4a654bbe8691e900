#ifndef TG_SUPPLY_SBOM_INT_H
#define TG_SUPPLY_SBOM_INT_H

/* What the SBOM writers share: the inventory as components and their graph. */

#include <stddef.h>
#include <time.h>

#include "deps/deps.h"
#include "supply/sbom.h"
#include "util/buf.h"
#include "util/hashmap.h"

/* Indices into the inventory. */
struct tg_sbom_places {
	size_t *v, nr, alloc;
};

/* One component: a distinct purl. */
struct tg_sbom_comp {
	const char *purl;             /* the first place's */
	struct tg_sbom_places places; /* where it was found, in inventory order */
	int scope;                    /* 0 required, 1 optional, 2 excluded */
	struct tg_strlist hashes;     /* "SHA-256 <hex>", sorted, unique */
	const char *license;          /* the first place that states one */
	struct tg_strlist on;         /* the purls it depends on, sorted, unique */
	int reached;                  /* some other component depends on it */
	int direct;
};

struct tg_sbom_graph {
	struct tg_sbom_comp **v; /* sorted by purl */
	size_t nr;
	struct tg_hashmap by_purl; /* purl -> the component */
	char *root_ref;
	struct tg_strlist root_on; /* direct, and what nothing else reaches; sorted */
};

/* root_ref: the root's bom-ref (made unique against the components'). */
void tg_sbom_graph_build(struct tg_sbom_graph *g, const struct tg_dep_list *deps,
                         const char *root_ref);
void tg_sbom_graph_release(struct tg_sbom_graph *g);

/* The writers' names of the scopes 0, 1, 2 (tg_sbom_comp's scope). */
extern const char *const tg_sbom_scope_names[];
/* pkg:type/ns/name@version?q#s: the namespace and name, percent-decoded. */
void tg_sbom_purl_parts(const char *purl, struct tg_buf *group, struct tg_buf *name);
/* The serial number (a UUID of the content) of the CycloneDX JSON of this graph: the
 * XML and SPDX writers name the same BOM with the same one. */
void tg_sbom_serial(const struct tg_sbom_graph *g, const struct tg_dep_list *deps,
                    const struct tg_sbom_root *root, enum tg_sbom_spec spec, time_t when,
                    char out[37]);

void tg_sbom_percent_decode(struct tg_buf *out, const char *s, size_t len);
/* 1 when s reads as an SPDX license expression (ids, AND, OR, WITH, parentheses). */
int tg_sbom_is_expression(const char *s);

#endif
