#ifndef TG_SUPPLY_PROVENANCE_H
#define TG_SUPPLY_PROVENANCE_H

/*
 * An in-toto Statement v1 whose predicate is SLSA Provenance v1, for
 * artifacts named on the command line: subjects by SHA-256, buildType
 * TG_PROVENANCE_BUILD_TYPE (README: Supply chain), externalParameters
 * (repository, ref, and the workflow in GitHub Actions), resolvedDependencies
 * (the source commit), and runDetails (builder id and invocation id from
 * GitHub Actions' GITHUB_* variables when present, else the local host).
 *
 * What it proves: made by a step inside the user's own job with a key that job
 * holds, this is SLSA Build L1 with signed provenance, not L2: L2 needs the
 * provenance generated and signed by the build platform, out of the tenant's
 * reach.
 */

#include <stddef.h>
#include <time.h>

#include "util/buf.h"

#define TG_PROVENANCE_BUILD_TYPE "https://github.com/terragon/terragon/buildtypes/step/v1"

struct tg_prov_source {
	const char *repository; /* the remote URL, or NULL */
	const char *ref;        /* refs/heads/main, or NULL */
	const char *commit;     /* hex, or NULL */
	const char *host;       /* the local host's name, for builder.id outside CI */
};

/* Appends the Statement (compact JSON, no newline) for artifacts[0..n) to out:
 * TG_OK, or TG_ERR_USAGE naming an artifact that cannot be read. */
int tg_provenance_statement(const char *const *artifacts, size_t n,
                            const struct tg_prov_source *src, time_t started, time_t finished,
                            struct tg_buf *out);

#endif
