#ifndef TG_INGEST_H
#define TG_INGEST_H

/*
 * Ingestion of reports other tools wrote: SARIF 2.1.0 from any analyzer
 * (results become items) and coverage reports (lcov tracefiles, Cobertura
 * XML, coverage.py JSON) that become per-file, per-line coverage.
 *
 * Each reader names the file and the place (byte offset or line) in its error
 * and never keeps partially wrong data: a SARIF result is emitted only once it
 * has been read completely, a coverage report is all or nothing.
 */

#include "backlog/item.h"
#include "util/strlist.h"
#include "util/utf8.h" /* tg_utf8_valid, which a fix's deleted text must pass */

#include <stddef.h>

/*
 * One replacement of a SARIF fix (fixes[].artifactChanges[].replacements[]),
 * kept for the execute command. Lines and columns are 1-based, 0 when the
 * tool did not give them; offsets and lengths are -1 when not given.
 */
struct tg_fix_replacement {
	char fingerprint[17]; /* the item the fix belongs to */
	int fix_index;        /* which of the result's fixes */
	char *description;    /* fixes[].description.text, or NULL */
	char *path;           /* relative to the repository root */
	int start_line, start_column, end_line, end_column;
	long char_offset, char_length, byte_offset, byte_length;
	char *inserted; /* insertedContent.text; NULL: a pure deletion */
	char *deleted;  /* deletedRegion.snippet.text: what the tool expects there; or NULL */
};

/*
 * The byte span [*from, *to) of a replacement's deleted region in text:
 * byteOffset/byteLength, else charOffset/charLength, else lines and columns
 * (a missing endColumn is the end of endLine's text). Columns and characters
 * count UTF-16 code units when utf16, code points otherwise. TG_ERR_INPUT
 * with a message when the region is not in the text.
 */
int tg_fix_region_span(const char *text, size_t len, const struct tg_fix_replacement *r, int utf16,
                       size_t *from, size_t *to);
/*
 * The first fix among r[0..n) (all of one result) as compact JSON for the
 * item's `fix`: {"description", "replacements": [{"path", start/end line and
 * column, "offset", "length" (bytes, read from the file under root now),
 * "deleted" (the tool's snippet, else the file's text there), "inserted"}]};
 * a replacement whose region is not in the file has "problem" instead of
 * offset, length and deleted, as have all when o's snippet (the result's) no
 * longer describes its lines. NULL when n is 0.
 */
struct tg_fix_origin {
	const char *path, *snippet; /* the result's location and its region's snippet */
	int start_line, end_line;
};
char *tg_sarif_fix_json(const char *root, const struct tg_fix_replacement *r, size_t n, int utf16,
                        const struct tg_fix_origin *o);

struct tg_ingest_stats {
	size_t runs;         /* SARIF runs read */
	size_t results;      /* results read */
	size_t emitted;      /* items handed to the sink */
	size_t duplicates;   /* results whose fingerprint was already emitted */
	size_t outside_repo; /* results whose location is outside the repository */
	size_t suppressed;   /* emitted with status suppressed */
	struct tg_fix_replacement *fixes;
	size_t fixes_nr, fixes_alloc;
};

void tg_ingest_stats_release(struct tg_ingest_stats *s);

/*
 * Streams a SARIF 2.1.0 file into items (source "sarif:<tool name>"). Memory
 * stays bounded by the largest single result and the rules, whatever the
 * number of results. TG_ERR_INPUT for an unknown version or malformed JSON
 * (the message names the file and the byte offset); items emitted before
 * the error was met are complete and correct.
 */
int tg_ingest_sarif(const char *file, const char *repo_root, struct tg_sink *sink,
                    struct tg_ingest_stats *stats);

/* Coverage of one line: its line number and how often it ran. */
struct tg_coverage_line {
	int line;
	long long hits;
};

struct tg_coverage_file {
	char *path;                     /* relative to the repository root */
	struct tg_coverage_line *lines; /* sorted by line, one entry a line */
	size_t lines_nr, lines_alloc;
	size_t lines_found, lines_hit;
	size_t branches_found, branches_hit;
	/* private while reading: branch keys and whether each was taken */
	unsigned long long *branch_keys;
	size_t branch_nr, branch_alloc;
};

struct tg_coverage {
	const char *format;             /* "lcov", "cobertura" or "coverage.py" */
	struct tg_coverage_file *files; /* sorted by path */
	size_t nr, alloc;
	size_t lines_found, lines_hit;
	size_t branches_found, branches_hit;
	struct tg_strlist missing; /* report paths with no file in the repository, sorted */
	double percent;            /* 100 * lines_hit / lines_found; -1 with no lines */
	double branch_percent;     /* the same for branches; -1 with none */
};

void tg_coverage_init(struct tg_coverage *c);
void tg_coverage_release(struct tg_coverage *c);

/*
 * Reads a coverage report, detecting its format from its content, and maps
 * its source paths into the repository: a relative path is taken as is; an
 * absolute one loses the repository root, a Cobertura <source>, or else the
 * shortest leading part that leaves a path existing under repo_root. Files
 * that no longer exist are counted in out->missing and skipped. Totals are
 * recomputed from the line and branch records (lcov may omit LF/LH). out
 * must have been initialised; on error it holds nothing.
 */
/* Opens libxml2, for Cobertura reports (on first use; *soname: which); a status saying why it
 * cannot. */
int tg_ingest_xml_library(const char **soname);
int tg_ingest_coverage(const char *file, const char *repo_root, struct tg_coverage *out);

/* The file's coverage, or NULL when the report does not cover it. */
const struct tg_coverage_file *tg_coverage_find(const struct tg_coverage *c, const char *path);
/* How often a line ran: -1 when the report does not instrument it. */
long long tg_coverage_line_hits(const struct tg_coverage_file *f, int line);

#endif
