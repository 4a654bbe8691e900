#ifndef TG_WILDMATCH_H
#define TG_WILDMATCH_H

#include <stddef.h>

/*
 * The one glob: git's wildmatch(). '*' matches any run of characters, '?'
 * one character, "[...]" one of a set ("[!...]" or "[^...]" none of it,
 * ranges "a-z", classes "[:alpha:]"), '\' takes the next character as
 * itself. Every caller matches through it: the walk's ignore files and
 * config `exclude`, suppressions, `backlog --path`, rule packs' `paths` and
 * `execution.exclude_rules`. What a pattern is matched against (the whole
 * path, the base name, every depth) is the caller's rule, not the glob's.
 */

enum tg_wildmatch_flags {
	/*
	 * Paths, as git matches them: '*', '?' and "[...]" never match '/';
	 * "**" between slashes (or at either end) matches any number of
	 * directories, "**" elsewhere is one '*'. Without it (rule ids) every
	 * character is ordinary and "**" is '*'.
	 */
	TG_WM_PATHNAME = 1,
};

/* 1 if the whole text matches the whole pattern, 0 if not (also for a malformed pattern). */
int tg_wildmatch(const char *pat, const char *text, unsigned flags);
/* The same on counted strings, which may be parts of longer ones. */
int tg_wildmatch_mem(const char *pat, size_t plen, const char *text, size_t tlen, unsigned flags);
/*
 * tg_wildmatch_mem, and in *steps the work it took (calls of the matcher and
 * turns of a star's loop over the text), so that tests can hold the work to
 * a bound without timing it.
 */
int tg_wildmatch_counted(const char *pat, size_t plen, const char *text, size_t tlen,
                         unsigned flags, size_t *steps);

#endif
