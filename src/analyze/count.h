#ifndef TG_ANALYZE_COUNT_H
#define TG_ANALYZE_COUNT_H

#include <stddef.h>
#include <stdint.h>

#include "analyze/lang.h"
#include "analyze/markers.h"

/*
 * Line counts and decision points of one file, in one pass over its bytes.
 * Rules (README "Counting rules"): a line holding code and a comment is code;
 * a line with only whitespace is blank, also inside a block comment or a
 * string (as cloc); comments nest where the language nests them; comment
 * markers inside strings are not comments; Python docstrings are comments.
 * `\n`, `\r\n` and a lone `\r` each end a line; a last line without a line
 * end still counts.
 */
struct tg_file_counts {
	uint64_t lines; /* blank + comment + code */
	uint64_t blank, comment, code;
	uint64_t complexity; /* decision points in code: if, for, &&, ?, ... (never else) */
};

/*
 * Counts data[0..len) as `lang` into *out (overwritten). With markers non-NULL,
 * appends the markers found in comments. Never fails on any bytes: an
 * unterminated comment or string simply runs to the end of the file.
 * Returns TG_OK, or TG_ERR_USAGE when lang is NULL.
 */
int tg_analyze_count(const struct tg_lang *lang, const unsigned char *data, size_t len,
                     struct tg_file_counts *out, struct tg_marker_list *markers_or_null);

/* What a line holds, as tg_analyze_count counts it: code wins over a comment. */
enum tg_line_kind { TG_LINE_BLANK = 'b', TG_LINE_COMMENT = 'c', TG_LINE_CODE = 'k' };
struct tg_buf;
/*
 * tg_analyze_count, also writing each line's kind into kinds (one byte a
 * line, the first line first), so a finding can tell a comment or a
 * docstring from code.
 */
int tg_analyze_count_lines(const struct tg_lang *lang, const unsigned char *data, size_t len,
                           struct tg_file_counts *out, struct tg_marker_list *markers_or_null,
                           struct tg_buf *kinds_or_null);

/* a += b */
void tg_file_counts_add(struct tg_file_counts *a, const struct tg_file_counts *b);

/*
 * Appends the directory for terragon's cache files: .terragon/cache, else the
 * user's cache directory ($XDG_CACHE_HOME/terragon, ~/.cache/terragon).
 * .terragon/cache is made beneath the root with no symbolic link followed: a
 * committed `.terragon -> elsewhere` (or cache link) sends the cache to the
 * user's directory, never through the link. -1 when there is none.
 */
struct tg_buf;
int tg_cache_dir(struct tg_buf *b, const char *repo_root);

#endif
