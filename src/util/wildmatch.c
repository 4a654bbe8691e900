#include "util/wildmatch.h"

#include "util/hashmap.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

/*
 * git's wildmatch(), written from gitignore(5) and gitglossary(7) and held
 * to git's own answers by tests/unit/util/test_wildmatch.c, which asks git
 * again at every run.
 *
 * Besides match and no match, two abort codes cut the backtracking short,
 * so that a run of stars against a long text stays linear: once the text is
 * exhausted no later start of a star can match (ALL), and a single star in
 * pathname mode that reached a '/' can be helped only by an enclosing "**"
 * (TO_STARSTAR).
 *
 * Those cuts do not help when several "**" components each try every '/'
 * of a deep path (eight of them before "z", on a path of 60 directories):
 * each tries the same rest of the pattern at the same places again,
 * exponentially often. So a call that has entered star() more than
 * WM_MEMO_AFTER times starts remembering what star() and a star's loop
 * answered for each (pattern position, text position): the answer depends
 * on nothing else, and each pair is then worked out once, which bounds the
 * work by stars x text length (star_loop says how). The few calls of an
 * ordinary match never reach the threshold, and so never allocate.
 */
enum { WM_MATCH = 0, WM_NOMATCH = 1, WM_ABORT_ALL = -1, WM_ABORT_TO_STARSTAR = -2 };
enum { WM_MEMO_AFTER = 32 };

struct wm {
	const char *ps, *pe; /* the whole pattern */
	const char *ts, *te; /* the whole text */
	unsigned flags;
	size_t stars;           /* star() calls so far */
	struct tg_hashmap memo; /* (pattern, text position) -> star()'s answer + 3 */
	size_t steps;           /* match() calls and star loop turns: the work done */
};

/*
 * The POSIX classes over ASCII, so that no locale changes an answer, as git
 * defines them: its space is only space, tab, newline and carriage return.
 * -1 for a name that is no class.
 */
static int in_class(const char *name, size_t n, unsigned char c)
{
	int a = c < 0x80;

#define CLASS(s, test)                                                                             \
	if (n == sizeof(s) - 1 && !memcmp(name, s, n))                                             \
		return a && (test);
	CLASS("alnum", isalnum(c))
	CLASS("alpha", isalpha(c))
	CLASS("blank", c == ' ' || c == '\t')
	CLASS("cntrl", iscntrl(c))
	CLASS("digit", isdigit(c))
	CLASS("graph", isgraph(c))
	CLASS("lower", islower(c))
	CLASS("print", isprint(c))
	CLASS("punct", ispunct(c))
	CLASS("space", c == ' ' || c == '\t' || c == '\n' || c == '\r')
	CLASS("upper", isupper(c))
	CLASS("xdigit", isxdigit(c))
#undef CLASS
	return -1;
}

/*
 * "[:name:]" at *pp (which points at its '['): WM_MATCH or WM_NOMATCH for c
 * with *pp left on the closing ']', WM_ABORT_ALL when malformed, or 1 when
 * it is no class at all (no ":]" before the next ']') and '[' is literal.
 */
static int bracket_class(const struct wm *m, const char **pp, unsigned char c)
{
	const char *name = *pp + 2, *close = name;
	int r;

	while (close < m->pe && *close != ']')
		close++;
	if (close >= m->pe)
		return WM_ABORT_ALL;
	if (close == name || close[-1] != ':')
		return 1;
	r = in_class(name, (size_t)(close - 1 - name), c);
	if (r < 0)
		return WM_ABORT_ALL;
	*pp = close;
	return r ? WM_MATCH : WM_NOMATCH;
}

/* "[...]" with *pp at '[': on a match leaves *pp at the closing ']'. */
static int bracket(const struct wm *m, const char **pp, unsigned char c)
{
	const char *p = *pp + 1;
	int negated = 0, matched = 0, prev = -1, first = 1;

	if (p < m->pe && (*p == '!' || *p == '^')) {
		negated = 1;
		p++;
	}
	/* The first member may be ']' itself. */
	for (; first || (p < m->pe && *p != ']'); p++, first = 0) {
		int pc = p < m->pe ? (unsigned char)*p : -1, r;

		if (pc < 0)
			return WM_ABORT_ALL;
		if (pc == '\\') {
			if (++p >= m->pe)
				return WM_ABORT_ALL;
			pc = (unsigned char)*p;
			matched |= c == pc;
		} else if (pc == '-' && prev >= 0 && p + 1 < m->pe && p[1] != ']') {
			int hi = (unsigned char)*++p;

			if (hi == '\\') {
				if (++p >= m->pe)
					return WM_ABORT_ALL;
				hi = (unsigned char)*p;
			}
			matched |= c >= prev && c <= hi;
			pc = -1; /* a range is no start of another */
		} else if (pc == '[' && p + 1 < m->pe && p[1] == ':' &&
		           (r = bracket_class(m, &p, c)) != 1) {
			if (r == WM_ABORT_ALL)
				return r;
			matched |= r == WM_MATCH;
			pc = -1;
		} else {
			matched |= c == pc;
		}
		prev = pc;
	}
	if (p >= m->pe)
		return WM_ABORT_ALL;
	*pp = p;
	if (matched == negated || ((m->flags & TG_WM_PATHNAME) && c == '/'))
		return WM_NOMATCH;
	return WM_MATCH;
}

static int match(struct wm *m, const char *p, const char *t);

/* The key of a (pattern, text) position pair in the memo. */
static uint64_t memo_key(const struct wm *m, const char *p, const char *t)
{
	return (uint64_t)(p - m->ps) * (uint64_t)(m->te - m->ts + 1) + (uint64_t)(t - m->ts);
}

/*
 * A star's loop: the rest of the pattern, q, tried at t and each later
 * place the star may stretch to. Its answer from t is the answer at the
 * first place that settles it, so once the memo is on, every place passed
 * on the way is given that answer too: each (q, place) pair is then tried
 * once in the whole call, and a "**" before a deep path costs one pass over
 * it rather than one per place it started from.
 */
static int star_loop(struct wm *m, const char *q, const char *t, int across)
{
	const char *from = t;
	struct tg_hashmap_entry *e;
	int r = WM_ABORT_ALL, memo = m->stars > WM_MEMO_AFTER;

	for (; t < m->te; t++, m->steps++) {
		if (*q != '*' && *q != '?' && *q != '[' && *q != '\\') {
			/* A literal follows: skip the texts that cannot start it. */
			while (t < m->te && *t != *q && (across || *t != '/'))
				t++;
			if (t >= m->te || *t != *q) {
				r = WM_NOMATCH;
				break;
			}
		}
		if (memo && (e = tg_hashmap_get_u64(&m->memo, memo_key(m, q, t)))) {
			r = (int)e->val.u64 - 3;
			break;
		}
		r = match(m, q, t);
		if (r != WM_NOMATCH) {
			if (!across || r != WM_ABORT_TO_STARSTAR)
				break;
		} else if (!across && *t == '/') {
			r = WM_ABORT_TO_STARSTAR;
			break;
		}
		r = WM_ABORT_ALL; /* if the text ends here */
	}
	for (; memo && r != WM_MATCH && from <= t && from < m->te; from++)
		tg_hashmap_put_u64(&m->memo, memo_key(m, q, from), NULL)->val.u64 =
		        (uint64_t)(r + 3);
	return r;
}

/*
 * The star(s) starting at p. In pathname mode a double star spans
 * directories when it fills a whole component of the pattern (the whole
 * pattern, or between a '/' or the start and a '/' or the end); any other
 * run of stars is one star, which stays within a component.
 */
static int star_uncached(struct wm *m, const char *p, const char *t)
{
	const char *q = p;
	int across = !(m->flags & TG_WM_PATHNAME);

	while (q < m->pe && *q == '*')
		q++;
	if (!across && q - p >= 2 && (p == m->ps || p[-1] == '/') &&
	    (q == m->pe || *q == '/' || (*q == '\\' && q + 1 < m->pe && q[1] == '/'))) {
		/* Followed by '/', it may stand for no directory at all ("a/b"). */
		if (q < m->pe && *q == '/' && match(m, q + 1, t) == WM_MATCH)
			return WM_MATCH;
		across = 1;
	}
	if (q == m->pe)
		return !across && memchr(t, '/', (size_t)(m->te - t)) ? WM_ABORT_TO_STARSTAR
		                                                      : WM_MATCH;
	if (!across && *q == '/') {
		/* One star then '/': the star takes the rest of this component. */
		const char *slash = memchr(t, '/', (size_t)(m->te - t));

		return slash ? match(m, q, slash) : WM_ABORT_ALL;
	}
	return star_loop(m, q, t, across);
}

static int star(struct wm *m, const char *p, const char *t)
{
	struct tg_hashmap_entry *e;
	int r;

	if (++m->stars > WM_MEMO_AFTER) {
		e = tg_hashmap_get_u64(&m->memo, memo_key(m, p, t));
		if (e)
			return (int)e->val.u64 - 3;
	}
	r = star_uncached(m, p, t);
	/* A match ends the whole call: only the other answers are asked again. */
	if (m->stars > WM_MEMO_AFTER && r != WM_MATCH)
		tg_hashmap_put_u64(&m->memo, memo_key(m, p, t), NULL)->val.u64 = (uint64_t)(r + 3);
	return r;
}

static int match(struct wm *m, const char *p, const char *t)
{
	int r;

	m->steps++;
	for (; p < m->pe; p++, t++) {
		if (*p == '*')
			return star(m, p, t);
		if (t >= m->te)
			return WM_ABORT_ALL;
		switch (*p) {
		case '\\':
			/* A trailing '\' matches nothing. */
			if (++p >= m->pe || *t != *p)
				return WM_NOMATCH;
			break;
		case '?':
			if ((m->flags & TG_WM_PATHNAME) && *t == '/')
				return WM_NOMATCH;
			break;
		case '[':
			r = bracket(m, &p, (unsigned char)*t);
			if (r != WM_MATCH)
				return r;
			break;
		default:
			if (*t != *p)
				return WM_NOMATCH;
		}
	}
	return t == m->te ? WM_MATCH : WM_NOMATCH;
}

int tg_wildmatch_counted(const char *pat, size_t plen, const char *text, size_t tlen,
                         unsigned flags, size_t *steps)
{
	struct wm m = {pat, pat + plen, text, text + tlen, flags, 0, TG_HASHMAP_INIT, 0};
	int r = match(&m, pat, text);

	tg_hashmap_release(&m.memo);
	if (steps)
		*steps = m.steps;
	return r == WM_MATCH;
}

int tg_wildmatch_mem(const char *pat, size_t plen, const char *text, size_t tlen, unsigned flags)
{
	return tg_wildmatch_counted(pat, plen, text, tlen, flags, NULL);
}

int tg_wildmatch(const char *pat, const char *text, unsigned flags)
{
	return tg_wildmatch_mem(pat, strlen(pat), text, strlen(text), flags);
}
