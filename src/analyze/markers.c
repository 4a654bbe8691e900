#include "analyze/markers.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"TODO", "FIXME", "HACK", "XXX", "BUG"};

const char *tg_marker_kind_name(enum tg_marker_kind k)
{
	return (unsigned)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

void tg_marker_list_clear(struct tg_marker_list *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->v[i].owner);
		free(l->v[i].ref);
		free(l->v[i].text);
	}
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static int is_sp(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* "#123" or "JIRA-42" at p: its length, else 0. */
static size_t ref_len(const unsigned char *p, size_t n)
{
	size_t i = 0;

	if (n > 1 && p[0] == '#' && is_digit(p[1])) {
		for (i = 1; i < n && is_digit(p[i]); i++)
			;
		return i < n && is_word(p[i]) ? 0 : i;
	}
	while (i < n && ((p[i] >= 'A' && p[i] <= 'Z') || (i > 0 && is_digit(p[i]))))
		i++;
	if (i == 0 || i + 1 >= n || p[i] != '-' || !is_digit(p[i + 1]))
		return 0;
	for (i++; i < n && is_digit(p[i]); i++)
		;
	return i < n && is_word(p[i]) ? 0 : i;
}

static size_t skip_sep(const unsigned char *p, size_t i, size_t n)
{
	while (i < n && (is_sp(p[i]) || p[i] == ':' || p[i] == '-' || p[i] == ','))
		i++;
	return i;
}

/* Where the comment ends on this line: at `close` if it is there. */
static size_t text_end(const unsigned char *p, size_t n, const char *close)
{
	size_t cl = close ? strlen(close) : 0;

	if (cl)
		for (size_t i = 0; i + cl <= n; i++)
			if (p[i] == (unsigned char)close[0] && !memcmp(p + i, close, cl))
				return i;
	return n;
}

static int match_word(const unsigned char *p, size_t n, enum tg_marker_kind *k)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t w = strlen(names[i]);
		if (w <= n && !memcmp(p, names[i], w) && (w == n || !is_word(p[w]))) {
			*k = (enum tg_marker_kind)i;
			return (int)w;
		}
	}
	return 0;
}

size_t tg_marker_word(const unsigned char *p, size_t n, unsigned char before)
{
	enum tg_marker_kind k;

	return is_word(before) ? 0 : (size_t)match_word(p, n, &k);
}

size_t tg_marker_scan(struct tg_marker_list *l, const unsigned char *p, size_t n,
                      unsigned char before, uint32_t line, uint32_t column, const char *close)
{
	enum tg_marker_kind kind;
	int w;

	if (is_word(before) || !(w = match_word(p, n, &kind)))
		return 0;
	/* One marker a line: "TODO: see XXX" is one item. */
	if (l->nr && l->v[l->nr - 1].line == line)
		return (size_t)w;
	n = text_end(p, n, close);
	size_t i = (size_t)w, r;
	char *owner = NULL, *ref = NULL;
	if (i < n && p[i] == '(') {
		size_t e = i + 1;
		while (e < n && e < i + 80 && p[e] != ')')
			e++;
		if (e < n && p[e] == ')') {
			if ((r = ref_len(p + i + 1, e - i - 1)) == e - i - 1)
				ref = tg_strndup((const char *)p + i + 1, r);
			else if (e > i + 1)
				owner = tg_strndup((const char *)p + i + 1, e - i - 1);
			i = e + 1;
		}
	}
	i = skip_sep(p, i, n);
	if (!ref && (r = ref_len(p + i, n - i))) {
		ref = tg_strndup((const char *)p + i, r);
		i = skip_sep(p, i + r, n);
	}
	size_t e = n;
	while (e > i && is_sp(p[e - 1]))
		e--;
	TG_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	struct tg_marker *m = &l->v[l->nr++];
	m->kind = kind;
	m->line = line;
	m->column = column;
	m->owner = owner;
	m->ref = ref;
	m->text = tg_strndup((const char *)p + i, e - i);
	return (size_t)w;
}
