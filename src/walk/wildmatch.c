#include "walk/ignore.h"

#include <ctype.h>
#include <string.h>

/*
 * Glob matching as git's wildmatch() does it with WM_PATHNAME, written from
 * gitignore(5): '*' and '?' and classes never match '/'; "**" between
 * slashes (or at either end) matches any number of directories; any other
 * run of stars is one star. The abort codes cut the backtracking short: once
 * the text is exhausted no later start can match (ALL), and a single star
 * that reached a '/' can only be helped by an enclosing "**" (TO_STARSTAR).
 */
enum { WM_MATCH = 0, WM_NOMATCH = 1, WM_ABORT_ALL = -1, WM_ABORT_TO_STARSTAR = -2 };

static int class_named(const char *name, size_t n, unsigned char c)
{
#define CLASS(s, fn)                                                                               \
	if (n == sizeof(s) - 1 && !memcmp(name, s, n))                                             \
		return fn(c) != 0;
	CLASS("alnum", isalnum)
	CLASS("alpha", isalpha)
	CLASS("blank", isblank)
	CLASS("cntrl", iscntrl)
	CLASS("digit", isdigit)
	CLASS("graph", isgraph)
	CLASS("lower", islower)
	CLASS("print", isprint)
	CLASS("punct", ispunct)
	CLASS("space", isspace)
	CLASS("upper", isupper)
	CLASS("xdigit", isxdigit)
#undef CLASS
	return -1;
}

/* *pp points at '['; on success leaves it at the closing ']'. -1: malformed. */
static int match_class(const char **pp, const char *pe, unsigned char c)
{
	const char *p = *pp + 1;
	int negate = 0, matched = 0, have_prev = 0, first = 1;
	unsigned char prev = 0;

	if (p < pe && (*p == '!' || *p == '^')) {
		negate = 1;
		p++;
	}
	for (; p < pe; p++, first = 0) {
		unsigned char pc = (unsigned char)*p;

		if (pc == ']' && !first) {
			*pp = p;
			return matched ^ negate;
		}
		if (pc == '\\') {
			if (++p >= pe)
				return -1;
			pc = (unsigned char)*p;
		} else if (pc == '-' && have_prev && p + 1 < pe && p[1] != ']') {
			unsigned char hi = (unsigned char)*++p;

			if (hi == '\\') {
				if (++p >= pe)
					return -1;
				hi = (unsigned char)*p;
			}
			if (c >= prev && c <= hi)
				matched = 1;
			have_prev = 0;
			continue;
		} else if (pc == '[' && p + 1 < pe && p[1] == ':') {
			const char *end = p + 2;
			int r;

			while (end + 1 < pe && !(end[0] == ':' && end[1] == ']'))
				end++;
			if (end + 1 < pe) {
				r = class_named(p + 2, (size_t)(end - p - 2), c);
				if (r < 0)
					return -1;
				matched |= r;
				p = end + 1;
				have_prev = 0;
				continue;
			}
		}
		if (c == pc)
			matched = 1;
		prev = pc;
		have_prev = 1;
	}
	return -1;
}

static int star(const char *ps, const char *p, const char *pe, const char *t, const char *te);

static int wm(const char *ps, const char *p, const char *pe, const char *t, const char *te)
{
	int r;

	for (; p < pe; p++, t++) {
		unsigned char pc = (unsigned char)*p;

		if (pc == '*')
			return star(ps, p, pe, t, te);
		if (t >= te)
			return WM_ABORT_ALL;
		switch (pc) {
		case '\\':
			if (++p >= pe)
				return WM_ABORT_ALL; /* a trailing backslash never matches */
			if (*t != *p)
				return WM_NOMATCH;
			break;
		case '?':
			if (*t == '/')
				return WM_NOMATCH;
			break;
		case '[':
			r = match_class(&p, pe, (unsigned char)*t);
			if (r < 0)
				return WM_ABORT_ALL;
			if (!r || *t == '/')
				return WM_NOMATCH;
			break;
		default:
			if ((unsigned char)*t != pc)
				return WM_NOMATCH;
		}
	}
	return t == te ? WM_MATCH : WM_NOMATCH;
}

static int star(const char *ps, const char *p, const char *pe, const char *t, const char *te)
{
	const char *q = p, *s;
	int r;

	while (q < pe && *q == '*')
		q++;
	if (q - p >= 2 && (p == ps || p[-1] == '/') && (q == pe || *q == '/')) {
		if (q == pe)
			return WM_MATCH;
		/* "**" followed by '/': zero directories, or up to any '/' in the text */
		r = wm(ps, q + 1, pe, t, te);
		if (r == WM_MATCH || r == WM_ABORT_ALL)
			return r;
		for (s = t; s < te; s++) {
			if (*s != '/')
				continue;
			r = wm(ps, q + 1, pe, s + 1, te);
			if (r == WM_MATCH || r == WM_ABORT_ALL)
				return r;
		}
		return WM_NOMATCH;
	}
	if (q == pe)
		return memchr(t, '/', (size_t)(te - t)) ? WM_ABORT_TO_STARSTAR : WM_MATCH;
	for (s = t;; s++) {
		r = wm(ps, q, pe, s, te);
		if (r != WM_NOMATCH)
			return r;
		if (s >= te)
			return WM_ABORT_ALL;
		if (*s == '/')
			return WM_ABORT_TO_STARSTAR;
	}
}

int tg_wildmatch(const char *pat, size_t plen, const char *text, size_t tlen)
{
	return wm(pat, pat, pat + plen, text, text + tlen) == WM_MATCH;
}
