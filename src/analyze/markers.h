#ifndef TG_ANALYZE_MARKERS_H
#define TG_ANALYZE_MARKERS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Markers: TODO, FIXME, HACK, XXX and BUG written in a comment (never in code
 * or a string), as whole upper-case words. Found by tg_analyze_count() in the
 * same pass as the line counts.
 */

enum tg_marker_kind {
	TG_MARKER_TODO,
	TG_MARKER_FIXME,
	TG_MARKER_HACK,
	TG_MARKER_XXX,
	TG_MARKER_BUG,
};

struct tg_marker {
	enum tg_marker_kind kind;
	uint32_t line, column; /* 1-based; column counts bytes */
	char *owner;           /* "alice" from TODO(alice), else NULL */
	char *ref;             /* "#123" from FIXME #123 or FIXME(#123), "JIRA-42" from
	                          TODO: JIRA-42, else NULL */
	char *text;            /* the rest of the comment's line, trimmed ("" if none) */
};

struct tg_marker_list {
	struct tg_marker *v;
	size_t nr, alloc;
};

#define TG_MARKER_LIST_INIT                                                                        \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* "TODO", "FIXME", ... */
const char *tg_marker_kind_name(enum tg_marker_kind k);
/* Frees the strings and empties the list (it can be reused). */
void tg_marker_list_clear(struct tg_marker_list *l);

/*
 * Called by the counter on a comment byte that may start a marker (see
 * tg_marker_first): p[0..n) is the rest of the comment's line, `before` the
 * byte before p (0 at line start). Appends a marker and returns how many
 * bytes it covered, or 0 when there is none at p.
 */
size_t tg_marker_scan(struct tg_marker_list *l, const unsigned char *p, size_t n,
                      unsigned char before, uint32_t line, uint32_t column, const char *close);

/*
 * The length of the marker word at p (n: at most the word and one byte more),
 * or 0 when there is none or `before` joins it to a longer word.
 */
size_t tg_marker_word(const unsigned char *p, size_t n, unsigned char before);

/* Nonzero for a byte that may start a marker word (T, F, H, X, B). */
static inline int tg_marker_first(unsigned char c)
{
	return c == 'T' || c == 'F' || c == 'H' || c == 'X' || c == 'B';
}

#endif
