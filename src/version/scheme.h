#ifndef TG_VERSION_SCHEME_H
#define TG_VERSION_SCHEME_H

/*
 * What each ordering scheme gives version.c, which dispatches on the
 * ecosystem. A scheme's cmp is only called on strings its valid accepted, so
 * it need not report errors; it must still never read out of bounds.
 */

#include <stddef.h>

#include "version/ecosystem.h"

struct tg_scheme {
	/* 1 when v can be ordered (for PyPI: PEP 440 or a legacy version). */
	int (*comparable)(const char *v);
	/* 1 when v is a well-formed version of the ecosystem. */
	int (*valid)(const char *v);
	int (*cmp)(const char *a, const char *b);
	int (*is_prerelease)(const char *v);
};

extern const struct tg_scheme tg_scheme_pep440, tg_scheme_npm, tg_scheme_cargo, tg_scheme_go,
        tg_scheme_nuget, tg_scheme_maven, tg_scheme_rubygems, tg_scheme_composer;

/* Compares two runs of ASCII digits by value, whatever their length. */
int tg_vnum_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* 1 when s[0..n) is a non-empty run of ASCII digits. */
int tg_vnum_is(const char *s, size_t n);
/* The sign of x: -1, 0 or 1. */
static inline int tg_vsign(int x)
{
	return (x > 0) - (x < 0);
}

#endif
