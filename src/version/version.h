#ifndef TG_VERSION_ORDER_H
#define TG_VERSION_ORDER_H

/*
 * Versions and constraints in each ecosystem's own order:
 *  - PyPI: PEP 440 (epoch, release, pre, post, dev, local);
 *  - npm and crates.io: SemVer 2.0 (prerelease identifiers; build ignored);
 *  - Go: SemVer with the `v` prefix, pseudo-versions and `+incompatible`;
 *  - Maven: ComparableVersion (qualifiers alpha < beta < milestone < rc <
 *    snapshot < "" < sp, items padded);
 *  - RubyGems: Gem::Version; Packagist: Composer; NuGet: NuGet's SemVer.
 * tests/unit/version runs every pair of tests/data/versions/ (osv-scalibr's
 * vectors) and compares PEP 440 with python3-packaging.
 */

#include <stddef.h>

#include "util/buf.h"
#include "version/ecosystem.h"

/*
 * Compares a and b: *cmp < 0, 0 or > 0. TG_ERR_INPUT (with a message naming
 * the version) when either is not a version of eco; a caller must then treat
 * the version as unknown, never as "not affected".
 */
int tg_version_cmp(enum tg_eco eco, const char *a, const char *b, int *cmp);
/*
 * 1 when v parses as a version of eco. For PyPI that is strict PEP 440 (what
 * packaging.version.Version accepts); tg_version_cmp also orders other
 * strings there as packaging's LegacyVersion did, below every PEP 440
 * version, since OSV's PyPI data still holds some. Go accepts the "v" or
 * not: go.mod writes it, OSV's Go records leave it out.
 */
int tg_version_valid(enum tg_eco eco, const char *v);
/* 1 when v is a pre-release (PEP 440 a/b/rc/dev, SemVer -x, Maven alpha...). */
int tg_version_is_prerelease(enum tg_eco eco, const char *v);

/*
 * A constraint, as a manifest declares it (">=2.0,<3", "^1.2.3", "~> 5.1",
 * "[1.0,2.0)"), is a union of intervals between versions. Matching a range
 * against OSV intersects these intervals with the affected ones, so "which
 * versions in the range are affected" needs no list of published versions.
 */
struct tg_version_bound {
	char *version; /* NULL: unbounded */
	int inclusive;
};
struct tg_version_interval {
	struct tg_version_bound lo, hi;
};
struct tg_constraint {
	enum tg_eco eco;
	char *text; /* as written */
	struct tg_version_interval *v;
	size_t nr;
	/* The version when the constraint pins exactly one (==1.2.3, =1.2.3, a bare npm
	 * version, [1.2.3] in Maven); NULL otherwise. */
	char *exact;
};

/*
 * Parses text in eco's constraint syntax (PEP 440 specifiers; npm ranges;
 * Cargo requirements, where a bare version means ^; Go's exact versions;
 * Maven version ranges and soft requirements; RubyGems ~> >= !=; Composer
 * ^ ~ * || and hyphens; NuGet intervals). TG_ERR_INPUT with a message on
 * bad syntax. `*`, "" and "latest" are the unbounded interval.
 */
int tg_constraint_parse(enum tg_eco eco, const char *text, struct tg_constraint *out);
void tg_constraint_release(struct tg_constraint *c);
/* *allows = 1 when version v satisfies c. TG_ERR_INPUT when v does not parse. */
int tg_constraint_allows(const struct tg_constraint *c, const char *v, int *allows);

/*
 * The smallest edit of a constraint so that it admits `fixed` and nothing
 * below it on its line, in the same style: "==2.19.0" -> "==2.31.0",
 * "^1.2.3" -> "^1.2.5", ">=1.0,<2" -> ">=1.2.5,<2", "~> 5.1.2" -> "~> 5.1.4".
 * Appends the new text to out. TG_ERR_INPUT (with the reason) when no edit in
 * that style reaches fixed (an upper bound below it, say): the fixer then
 * says why instead of widening the user's constraint silently. A constraint
 * that admits nothing below fixed already (">=3.0" for 2.5) is appended as it is.
 */
int tg_constraint_bump(const struct tg_constraint *c, const char *fixed, struct tg_buf *out);

#endif
