#ifndef TG_WALK_IGNORE_H
#define TG_WALK_IGNORE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Internal to the walk: the patterns of the ignore files of one directory
 * (a frame), chained to the frames of the directories above it. A frame is
 * immutable once built, so worker threads share it without locking.
 */

enum {
	TG_IGP_NEGATE = 1,  /* "!pat": re-include */
	TG_IGP_DIRONLY = 2, /* "pat/": directories only */
	TG_IGP_PATH = 4,    /* had a slash: matched against the path, not the base name */
};

enum { TG_IGK_LITERAL, TG_IGK_SUFFIX, TG_IGK_GLOB };

struct tg_ignore_pattern {
	char *pat; /* unescaped for LITERAL and SUFFIX (the part after '*'), raw for GLOB */
	uint32_t len;
	uint8_t flags, kind;
};

struct tg_ignore_frame {
	const struct tg_ignore_frame *parent;
	size_t dirlen; /* the frame's directory is the first dirlen bytes of a path ("a/b/") */
	char *lead;    /* for a frame above the walk root: the root's path from it, with '/' */
	size_t leadlen;
	struct tg_ignore_pattern *v;
	size_t nr, alloc;
};

/* Parses gitignore(5) text and appends its patterns (later ones take precedence). */
void tg_ignore_frame_parse(struct tg_ignore_frame *f, const char *text, size_t len);
/* Adds one pattern anchored at the frame's directory ("BACKLOG.md" -> "/BACKLOG.md"). */
void tg_ignore_frame_add_anchored(struct tg_ignore_frame *f, const char *pat);
void tg_ignore_frame_release(struct tg_ignore_frame *f);

/*
 * Matches a path relative to this frame's directory: 1 excluded, 0
 * re-included by a negation, -1 no pattern matched.
 */
int tg_ignore_frame_match(const struct tg_ignore_frame *f, const char *path, size_t len,
                          int is_dir);
/*
 * Walks from f up its parents; the deepest frame with a matching pattern
 * decides. relpath is relative to the walk root. 1 if excluded.
 */
int tg_ignore_chain_match(const struct tg_ignore_frame *f, const char *relpath, size_t len,
                          int is_dir);

#endif
