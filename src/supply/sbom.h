#ifndef TG_SUPPLY_SBOM_H
#define TG_SUPPLY_SBOM_H

/*
 * The software bill of materials of a dependency inventory (deps/inventory.h),
 * as CycloneDX 1.6 (or 1.5) JSON or XML, or SPDX 2.3 JSON. The same
 * inventory and the same time give the same bytes: components ordered by
 * purl, the serial number derived from the content, no wall clock read here.
 *
 * - Each distinct purl is one component, its purl its bom-ref; a package found
 *   in several files (or at several npm paths) is one component with every
 *   place it was found in evidence (identity with file:line, occurrences).
 * - scope: runtime required, optional optional, dev excluded (a package several
 *   files declare takes the strongest).
 * - hashes: the lockfile's ("sha256:<hex>", npm's "sha512-<base64>", go.sum's
 *   "h1:<base64>"), as hex; a hash of another shape is left out.
 * - licenses: the lockfile's licence, as an SPDX expression when it reads as
 *   one, else as a named licence.
 * - dependencies: every component has an entry (dependsOn may be empty). npm
 *   lockfiles give every edge; other formats the one path the reader kept
 *   (deps.h's via). The root lists the direct dependencies and every component
 *   nothing else reaches. No duplicate and no dangling ref.
 */

#include <time.h>

#include "deps/deps.h"
#include "util/buf.h"

struct tg_sbom_root {
	const char *name;    /* the project: "owner/repo", or the directory's name */
	const char *version; /* its commit, or NULL */
	const char *purl;    /* pkg:github/owner/repo@commit, or NULL */
};

enum tg_sbom_spec { TG_SBOM_CDX_16 = 0, TG_SBOM_CDX_15 };

/* Writes the SBOM of deps into out, with metadata.timestamp `when`. */
void tg_sbom_cyclonedx(const struct tg_dep_list *deps, const struct tg_sbom_root *root,
                       enum tg_sbom_spec spec, time_t when, struct tg_buf *out);

/* The same BOM as CycloneDX XML (the namespace of that spec; bom-1.6.xsd's element
 * order), with the JSON's serial number. */
void tg_sbom_cyclonedx_xml(const struct tg_dep_list *deps, const struct tg_sbom_root *root,
                           enum tg_sbom_spec spec, time_t when, struct tg_buf *out);
/* The same inventory as SPDX 2.3 JSON (spdx.c says where CycloneDX's fields go). */
void tg_sbom_spdx(const struct tg_dep_list *deps, const struct tg_sbom_root *root, time_t when,
                  struct tg_buf *out);

/* The root of a repository's SBOM from its remote URL (may be NULL) and its
 * directory's name: "https://github.com/o/r.git" or "git@github.com:o/r" gives
 * name "o/r" and a pkg:github purl; any other host pkg:generic. Strings are
 * malloc'd into *name and *purl (purl NULL without a remote). */
void tg_sbom_root_from_remote(const char *url, const char *dirname, const char *commit, char **name,
                              char **purl);

/* The CycloneDX hash of a lockfile hash ("sha256:<hex>", "sha512-<b64>", "h1:<b64>"):
 * the algorithm ("SHA-256") and lowercase hex in hex; NULL when it has no such form. */
const char *tg_sbom_hash(const char *h, struct tg_buf *hex);

/*
 * A CycloneDX JSON document (1.4 to 1.6) read back into records, for
 * `deps verify`: each component with a purl of a known ecosystem (others are
 * counted in *skipped): name and version from the purl, scope (required
 * runtime, optional optional, excluded dev), hashes as "sha256:<hex>",
 * the licence (an expression, or ids joined with " AND ", or a name), and the
 * first evidence occurrence as file:line (else `rel`, line 0).
 * TG_ERR_INPUT naming rel when it is not CycloneDX JSON.
 */
int tg_sbom_read(const char *text, size_t len, const char *rel, struct tg_dep_list *out,
                 size_t *skipped);

#endif
