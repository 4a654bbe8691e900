/*
 * The text readers of limit.h: an INI file as Python's configparser reads
 * it (flake8's setup.cfg, tox.ini, .flake8), a command line in a CI file,
 * and ESLint's `complexity` rule in JSON or JavaScript. Each is one bounded
 * pass over the bytes, no allocation: they read repository content.
 */
#include "functions/limit.h"

#include <string.h>

enum { LIMIT_MAX = 100000 };
#define NOT_FOUND ((size_t)-1)

static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static size_t line_end(const char *s, size_t len, size_t i)
{
	const char *p = memchr(s + i, '\n', len - i);

	return p ? (size_t)(p - s) : len;
}

/* Digits at s[*i] (below end) as an int up to LIMIT_MAX; -1 when none or too large. */
static int digits(const char *s, size_t end, size_t *i)
{
	long v = 0;
	size_t k = *i;

	if (k >= end || s[k] < '0' || s[k] > '9')
		return -1;
	for (; k < end && s[k] >= '0' && s[k] <= '9'; k++)
		if ((v = v * 10 + (s[k] - '0')) > LIMIT_MAX)
			return -1;
	*i = k;
	return (int)v;
}

static int line_of(const char *s, size_t i)
{
	int n = 1;

	for (size_t k = 0; k < i; k++)
		n += s[k] == '\n';
	return n;
}

/* configparser's keys: any case; flake8 takes max_complexity for max-complexity. */
static int key_is(const char *s, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n && key[i]; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)key[i];

		a = a == '_' ? '-' : (a >= 'A' && a <= 'Z' ? a + 32 : a);
		b = b == '_' ? '-' : b;
		if (a != b)
			return 0;
	}
	return i == n && !key[i];
}

/* The value of an INI line after its `=` or `:`: a number, then nothing but a comment. */
static int ini_number(const char *s, size_t i, size_t e)
{
	int v;

	while (i < e && is_blank((unsigned char)s[i]))
		i++;
	if ((v = digits(s, e, &i)) <= 0)
		return 0;
	while (i < e && is_blank((unsigned char)s[i]))
		i++;
	return i == e || s[i] == '#' || s[i] == ';' ? v : 0;
}

int tg_limit_ini(const char *text, size_t len, const char *section, const char *key, int *line)
{
	size_t i = 0, slen = strlen(section);
	int ln = 0, in = 0;

	while (i < len) {
		size_t e = line_end(text, len, i), p = i, k, kend;

		ln++;
		while (p < e && is_blank((unsigned char)text[p]))
			p++;
		if (p < e && text[p] == '[') {
			const char *close = memchr(text + p, ']', e - p);

			in = close && (size_t)(close - text) == p + 1 + slen &&
			     !memcmp(text + p + 1, section, slen);
		} else if (in && p == i && p < e && text[p] != '#' && text[p] != ';') {
			/* an indented line goes on the value before it: not a key */
			for (k = p; k < e && text[k] != '=' && text[k] != ':'; k++)
				;
			for (kend = k; kend > p && is_blank((unsigned char)text[kend - 1]); kend--)
				;
			if (k < e && key_is(text + p, kend - p, key)) {
				int v = ini_number(text, k + 1, e);

				if (v > 0) {
					*line = ln;
					return v;
				}
			}
		}
		i = e + 1;
	}
	return 0;
}

/* Just past where tool stands as a word on s[i, e), or NOT_FOUND. */
static size_t find_word(const char *s, size_t i, size_t e, const char *tool)
{
	size_t n = strlen(tool);

	for (; i + n <= e; i++) {
		if (memcmp(s + i, tool, n))
			continue;
		if (i > 0 && (is_word((unsigned char)s[i - 1]) || s[i - 1] == '-'))
			continue;
		if (i + n < e && (is_word((unsigned char)s[i + n]) || s[i + n] == '-'))
			continue;
		return i + n;
	}
	return NOT_FOUND;
}

/* The number given to opt at s[i]: `-C 10`, `-C10`, `--CCN=10`, `"-C", "10"`; or -1. */
static int option_value(const char *s, size_t i, size_t e, const char *opt)
{
	size_t n = strlen(opt), k;
	int v;

	if (i + n > e || memcmp(s + i, opt, n))
		return -1;
	if (i > 0 && !strchr(" \t\"'[,(", s[i - 1]))
		return -1;
	k = i + n;
	if (k < e && !(s[k] >= '0' && s[k] <= '9') && !strchr(" \t\"'=,", s[k]))
		return -1; /* -Cfoo, --CCNx: another option */
	while (k < e && strchr(" \t\"'=,", s[k]))
		k++;
	v = digits(s, e, &k);
	if (v <= 0 || (k < e && (is_word((unsigned char)s[k]) || s[k] == '.')))
		return -1;
	return v;
}

int tg_limit_cli(const char *text, size_t len, const char *tool, const char *const *opts, int *line)
{
	size_t i = 0;
	int ln = 0, seen = 0, cont = 0;

	while (i < len) {
		size_t e = line_end(text, len, i), from = i, t;

		ln++;
		if (!cont)
			seen = 0;
		t = find_word(text, i, e, tool);
		if (t != NOT_FOUND) {
			seen = 1;
			from = t;
		}
		for (size_t q = from; seen && q < e; q++) {
			for (const char *const *o = opts; *o; o++) {
				int v = option_value(text, q, e, *o);

				if (v > 0) {
					*line = ln;
					return v;
				}
			}
		}
		t = e;
		while (t > i && is_blank((unsigned char)text[t - 1]))
			t--;
		cont = t > i && text[t - 1] == '\\';
		i = e + 1;
	}
	return 0;
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
	while (i < len && (is_blank((unsigned char)s[i]) || s[i] == '\n'))
		i++;
	return i;
}

/* A severity, quoted or not: 1 on ("error", "warn", 2, 1), 0 off, -1 not a severity. */
static int severity(const char *s, size_t len, size_t *pi)
{
	static const struct {
		const char *word;
		int on;
	} sev[] = {{"error", 1}, {"warn", 1}, {"off", 0}, {"2", 1}, {"1", 1}, {"0", 0}};
	size_t i = *pi, k;
	char q = 0;

	if (i < len && (s[i] == '"' || s[i] == '\''))
		q = s[i++];
	for (k = 0; k < sizeof(sev) / sizeof(sev[0]); k++) {
		size_t n = strlen(sev[k].word);

		if (i + n > len || memcmp(s + i, sev[k].word, n))
			continue;
		if (q ? i + n < len && s[i + n] == q
		      : i + n == len || !is_word((unsigned char)s[i + n])) {
			*pi = i + n + (q != 0);
			return sev[k].on;
		}
	}
	return -1;
}

/* `{ max: 10 }` or `{"max": 10}` at s[i]: the number, or -1. */
static int max_option(const char *s, size_t len, size_t i)
{
	size_t end = i, k;
	int v;

	while (end < len && s[end] != '}')
		end++;
	for (k = i; k + 3 <= end; k++) {
		if (memcmp(s + k, "max", 3) || is_word((unsigned char)s[k - 1]) ||
		    (k + 3 < end && is_word((unsigned char)s[k + 3])))
			continue;
		k += 3;
		if (k < end && (s[k] == '"' || s[k] == '\''))
			k++;
		k = skip_space(s, end, k);
		if (k >= end || s[k] != ':')
			return -1;
		k = skip_space(s, end, k + 1);
		v = digits(s, end, &k);
		return v > 0 ? v : -1;
	}
	return -1;
}

/* The rule's value at s[i]: the limit, 0 when off, -1 when this is no ESLint rule. */
static int eslint_value(const char *s, size_t len, size_t i)
{
	int on, v;

	if (i < len && s[i] != '[') {
		on = severity(s, len, &i);
		return on < 0 ? -1 : on ? 20 : 0;
	}
	i = skip_space(s, len, i + 1);
	if ((on = severity(s, len, &i)) <= 0)
		return on;
	i = skip_space(s, len, i);
	if (i < len && s[i] == ']')
		return 20; /* ESLint's default */
	if (i >= len || s[i] != ',')
		return -1;
	i = skip_space(s, len, i + 1);
	if (i < len && s[i] == '{')
		return max_option(s, len, i + 1);
	v = digits(s, len, &i);
	return v > 0 ? v : -1;
}

/* Whether `complexity` at s[i] is a key: quoted or bare, followed by `:`; *after is past the `:`.
 */
static int rule_key(const char *s, size_t len, size_t i, size_t *after)
{
	size_t k = i + 10;
	char q = i > 0 && (s[i - 1] == '"' || s[i - 1] == '\'') ? s[i - 1] : 0;
	size_t before = q ? i - 1 : i;

	if (before > 0 && (is_word((unsigned char)s[before - 1]) || strchr("-/.@", s[before - 1])))
		return 0; /* sonarjs/cognitive-complexity, max-complexity */
	if (q) {
		if (k >= len || s[k] != q)
			return 0;
		k++;
	} else if (k < len && (is_word((unsigned char)s[k]) || s[k] == '-')) {
		return 0;
	}
	while (k < len && is_blank((unsigned char)s[k]))
		k++;
	if (k >= len || s[k] != ':')
		return 0;
	*after = skip_space(s, len, k + 1);
	return 1;
}

int tg_limit_eslint_text(const char *text, size_t len, int *line)
{
	for (size_t i = 0; i + 10 <= len; i++) {
		size_t after;
		int v;

		if (text[i] != 'c' || memcmp(text + i, "complexity", 10) ||
		    !rule_key(text, len, i, &after))
			continue;
		v = eslint_value(text, len, after);
		if (v > 0) {
			*line = line_of(text, i);
			return v;
		}
	}
	return 0;
}
