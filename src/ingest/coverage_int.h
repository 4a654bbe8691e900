#ifndef TG_INGEST_COVERAGE_BUILD_H
#define TG_INGEST_COVERAGE_BUILD_H

/*
 * What the three coverage readers share (private to the ingest module):
 * mapping a report's path into the repository, and adding line and branch
 * records that are merged and totalled once the report has been read.
 */

#include "ingest/ingest.h"
#include "ingest/location_int.h"
#include "util/buf.h"
#include "util/hashmap.h"
#include "util/strlist.h"

struct cov_builder {
	struct tg_coverage *cov;
	const char *file; /* the report, for messages */
	struct tg_ingest_root root;
	struct tg_strlist sources; /* Cobertura <source> directories */
	struct tg_hashmap raw;     /* report path -> file index + 1, 0 when missing */
	struct tg_hashmap by_path; /* repository path -> file index */
	char *strip;               /* a leading part that mapped an earlier path */
	struct tg_buf tmp, rel;
};

/* The file for a report path: 0 with *f set, 1 when the file is not in the repository. */
int cov_file(struct cov_builder *b, const char *raw, struct tg_coverage_file **f);
void cov_line(struct tg_coverage_file *f, int line, long long hits);
/* One branch, named by key within its line; merged with a same-named one. */
void cov_branch(struct tg_coverage_file *f, int line, const char *key, size_t len, int taken);

int tg_ingest_lcov(struct cov_builder *b, const char *text, size_t len);
int tg_ingest_cobertura(struct cov_builder *b, const char *text, size_t len);
int tg_ingest_coveragepy(struct cov_builder *b, const char *text, size_t len);

#endif
