#ifndef TG_ECOSYSTEM_H
#define TG_ECOSYSTEM_H

/*
 * The package ecosystems terragon reads dependencies of and matches against
 * OSV. Names are OSV's (the `affected[].package.ecosystem` strings); purl
 * types are the purl specification's.
 */

#include <stddef.h>

#include "util/buf.h"

enum tg_eco {
	TG_ECO_UNKNOWN = 0,
	TG_ECO_PYPI,
	TG_ECO_NPM,
	TG_ECO_GO,
	TG_ECO_CRATES,
	TG_ECO_MAVEN,
	TG_ECO_RUBYGEMS,
	TG_ECO_PACKAGIST,
	TG_ECO_NUGET,
	TG_ECO_COUNT
};

/* "PyPI", "npm", "Go", "crates.io", "Maven", "RubyGems", "Packagist", "NuGet". */
const char *tg_eco_name(enum tg_eco eco);
/*
 * OSV's ecosystem string to the enum. OSV suffixes some with a release
 * ("Debian:12"); only the part before ':' is compared. Unknown ones give
 * TG_ECO_UNKNOWN and TG_ERR_NOTFOUND.
 */
int tg_eco_parse(const char *name, enum tg_eco *out);
/* "pypi", "npm", "golang", "cargo", "maven", "gem", "composer", "nuget". */
const char *tg_eco_purl_type(enum tg_eco eco);

/*
 * A package name as its ecosystem compares them, the key under which the
 * inventory and the vulnerability database meet:
 *  - PyPI: PEP 503 (lowercase, runs of -_. become one -);
 *  - npm, Packagist, NuGet: lowercase (their registries are case-insensitive);
 *  - Maven: "group:artifact" as given;
 *  - Go, crates.io, RubyGems: as given (case-sensitive).
 * Appends to out.
 */
void tg_eco_normalize_name(enum tg_eco eco, const char *name, struct tg_buf *out);

/*
 * The package URL of name@version (version may be NULL), appended to out:
 * pkg:pypi/requests@2.31.0, pkg:npm/%40babel/core@7.0.0,
 * pkg:maven/org.slf4j/slf4j-api@2.0.9, pkg:golang/github.com/gin-gonic/gin@v1.9.1.
 */
void tg_eco_purl(enum tg_eco eco, const char *name, const char *version, struct tg_buf *out);

#endif
