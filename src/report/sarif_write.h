#ifndef TG_SARIF_WRITE_H
#define TG_SARIF_WRITE_H

/*
 * SARIF 2.1.0 as GitHub code scanning accepts it: one run of tool
 * "terragon", one rule per rule id (with security-severity and tags), one
 * result per open item, GitHub's primaryLocationLineHash and terragon's own
 * fingerprint. The output is byte-identical for identical items.
 */

#include "backlog/item.h"
#include "util/buf.h"

#include <stddef.h>

/* GitHub's limits (sarif.md, section 3). */
#define TG_SARIF_MAX_RESULTS   25000
#define TG_SARIF_MAX_GZIP_SIZE (10u * 1024 * 1024)

/* The tool's home in tool.driver.informationUri, and every rule's helpUri
 * unless the rule has its own documentation link. */
#define TG_SARIF_INFORMATION_URI "https://github.com/terragon/terragon#readme"

struct tg_sarif_opts {
	/* Where the items' files are, to compute primaryLocationLineHash; NULL:
	 * the value is left out (upload-sarif then computes it). */
	const char *repo_root;
	const char *automation_id;   /* runs[0].automationDetails.id; NULL: none */
	size_t max_results;          /* 0: TG_SARIF_MAX_RESULTS */
	size_t max_gzip_bytes;       /* 0: TG_SARIF_MAX_GZIP_SIZE */
	const char *information_uri; /* NULL: TG_SARIF_INFORMATION_URI */
	int include_suppressed; /* emit suppressed items with a suppression (GitHub ignores it) */
};

/*
 * Writes the SARIF log for items (any order; they are ranked by composite
 * score). Resolved items, suppressed ones (unless asked) and items without a
 * path are not results. When more than the limits allow, the lowest-scored
 * are left out; run.properties says how many. Returns that number (>= 0),
 * or a negative TG_ERR_*.
 */
int tg_sarif_write(struct tg_buf *out, const struct tg_item *items, size_t n,
                   const struct tg_sarif_opts *o);

/*
 * GitHub's primaryLocationLineHash for each line of a text (codeql-action's
 * fingerprints.ts): hashes[i] for line i + 1, as "hex:k". Returns the number
 * of lines; the caller frees each string and the array.
 */
size_t tg_sarif_line_hashes(const char *text, size_t len, char ***hashes);

#endif
