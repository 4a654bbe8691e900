/*
 * TOML's scalars: keys, the four kinds of string, integers, floats,
 * booleans, dates and times. Each function reads at p->i and leaves p->i
 * after what it read; what follows is the caller's to check. The lexical
 * rules are TOML 1.0's, with python3-tomli's choices where the
 * specification leaves room (seconds 00-59, years from 0001, a fraction of
 * a second of any length).
 */
#include "util/toml_priv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int is_bare(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' ||
	       c == '-';
}

/* Control characters a string may not hold raw (the input has no CR left). */
static int is_ctrl(unsigned char c, int multiline)
{
	if (c == '\t' || (multiline && c == '\n'))
		return 0;
	return c < 0x20 || c == 0x7f;
}

static char *arena_copy(struct toml_parser *p, const char *s, size_t len)
{
	char *d = toml_alloc_str(p, len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

static void add_utf8(struct tg_buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		tg_buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		tg_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		tg_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		tg_buf_add(b, u, 4);
	}
}

static int unicode_escape(struct toml_parser *p, int digits)
{
	unsigned cp = 0;
	int k, h;

	for (k = 0; k < digits; k++) {
		h = hex_value((unsigned char)p->s[p->i + (size_t)k]);
		if (h < 0)
			return toml_err(p, "\\%c needs %d hexadecimal digits",
			                digits == 4 ? 'u' : 'U', digits);
		cp = cp * 16 + (unsigned)h;
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return toml_err(p, "U+%X is not a Unicode scalar value", cp);
	p->i += (size_t)digits;
	add_utf8(&p->tmp, cp);
	return TG_OK;
}

/* A line-ending backslash in a multi-line basic string: trims up to the next non-blank. */
static int line_ending_backslash(struct toml_parser *p)
{
	size_t j = p->i;

	while (p->s[j] == ' ' || p->s[j] == '\t')
		j++;
	if (p->s[j] != '\n')
		return toml_err(p, "invalid escape in a string");
	p->i = j;
	while (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n') {
		if (p->s[p->i] == '\n')
			toml_newline(p);
		else
			p->i++;
	}
	return TG_OK;
}

/* The escape at p->i (the backslash), appended to p->tmp. */
static int escape(struct toml_parser *p, int multiline)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	char c = p->s[p->i + 1];
	const char *k;

	if (multiline && (c == ' ' || c == '\t' || c == '\n')) {
		p->i++;
		return line_ending_backslash(p);
	}
	p->i += 2;
	if (c == 'u' || c == 'U')
		return unicode_escape(p, c == 'u' ? 4 : 8);
	k = c ? strchr(from, c) : NULL;
	if (!k) {
		p->i -= 2;
		return toml_err(p, "invalid escape in a string");
	}
	tg_buf_addch(&p->tmp, to[k - from]);
	return TG_OK;
}

/* Consumes up to two more quotes after a closing """ or ''': they belong to the string. */
static void closing_quotes(struct toml_parser *p, char q)
{
	int k;

	p->i += 3;
	for (k = 0; k < 2 && p->s[p->i] == q; k++, p->i++)
		tg_buf_addch(&p->tmp, q);
}

/*
 * A basic or literal string, one-line or multi-line, into *str and *len.
 * A one-line string without escapes is ended in place (its closing quote
 * becomes NUL, as nothing reads it again); any other is decoded in p->tmp.
 */
static int string_body(struct toml_parser *p, char q, int multiline, const char **str, size_t *len)
{
	size_t run;
	unsigned char c;

	tg_buf_reset(&p->tmp);
	p->i += multiline ? 3 : 1;
	if (multiline && p->s[p->i] == '\n')
		toml_newline(p);
	for (;;) {
		run = p->i;
		while ((c = (unsigned char)p->s[p->i]) != q && !(c == '\\' && q == '"') &&
		       c != '\n' && !is_ctrl(c, multiline))
			p->i++;
		if (c == q && !multiline && !p->tmp.len) {
			*str = p->text + run;
			*len = p->i - run;
			p->text[p->i++] = '\0';
			return TG_OK;
		}
		tg_buf_add(&p->tmp, p->s + run, p->i - run);
		if (c == q) {
			if (!multiline) {
				p->i++;
				break;
			}
			if (p->s[p->i + 1] == q && p->s[p->i + 2] == q) {
				closing_quotes(p, q);
				break;
			}
			tg_buf_addch(&p->tmp, q);
			p->i++;
		} else if (c == '\\') {
			if (escape(p, multiline))
				return TG_ERR_INPUT;
		} else if (c == '\n' && multiline) {
			tg_buf_addch(&p->tmp, '\n');
			toml_newline(p);
		} else if (p->i >= p->n) {
			return toml_err(p, "unterminated string");
		} else if (c == '\n') {
			return toml_err(p, "newline in a one-line string");
		} else {
			return toml_err(p, "control character U+%04X in a string", c);
		}
	}
	*str = arena_copy(p, p->tmp.buf, p->tmp.len);
	*len = p->tmp.len;
	return TG_OK;
}

static int is_multiline(struct toml_parser *p, char q)
{
	return p->s[p->i + 1] == q && p->s[p->i + 2] == q;
}

int toml_key_part(struct toml_parser *p, const char **key, size_t *klen)
{
	char c = p->s[p->i];
	size_t start = p->i;

	if (c == '"' || c == '\'') {
		if (is_multiline(p, c))
			return toml_err(p, "a key cannot be a multi-line string");
		return string_body(p, c, 0, key, klen);
	}
	while (is_bare((unsigned char)p->s[p->i]))
		p->i++;
	if (p->i == start)
		return toml_err(p, "expected a key");
	*klen = p->i - start;
	*key = toml_intern(p, p->s + start, *klen);
	return TG_OK;
}

/* Digits with single underscores between them; base 10, 16, 8 or 2. Returns the count read. */
static size_t digit_run(const char *s, int base)
{
	size_t j = 0;

	for (;;) {
		int h = hex_value((unsigned char)s[j]);

		if (h < 0 || h >= base)
			return j;
		j++;
		if (s[j] == '_') {
			h = hex_value((unsigned char)s[j + 1]);
			if (h < 0 || h >= base)
				return j; /* the underscore is not part of the number */
			j++;
		}
	}
}

/* The digits of s (len bytes) without underscores, in a small buffer; 0 when too long. */
static int strip_underscores(const char *s, size_t len, char *out, size_t size)
{
	size_t k = 0, j;

	for (j = 0; j < len; j++) {
		if (s[j] == '_')
			continue;
		if (k + 1 >= size)
			return 0;
		out[k++] = s[j];
	}
	out[k] = '\0';
	return 1;
}

static int prefixed_integer(struct toml_parser *p, struct tg_toml *n)
{
	static const char prefixes[] = "xob";
	static const int bases[] = {16, 8, 2};
	int base = bases[strchr(prefixes, p->s[p->i + 1]) - prefixes];
	size_t len = digit_run(p->s + p->i + 2, base), j;
	uint64_t v = 0;
	int h;

	if (!len)
		return toml_err(p, "an integer needs digits after its prefix");
	for (j = 0; j < len; j++) {
		h = hex_value((unsigned char)p->s[p->i + 2 + j]);
		if (h < 0)
			continue;
		if (v > ((uint64_t)INT64_MAX - (uint64_t)h) / (uint64_t)base)
			return toml_err(p, "integer does not fit in 64 bits");
		v = v * (uint64_t)base + (uint64_t)h;
	}
	n->type = TG_TOML_INTEGER;
	n->u.i = (int64_t)v;
	p->i += 2 + len;
	return TG_OK;
}

static int decimal_integer(struct toml_parser *p, struct tg_toml *n, size_t len)
{
	char digits[32];
	long long v;
	char *end;

	errno = 0;
	if (!strip_underscores(p->s + p->i, len, digits, sizeof(digits)))
		return toml_err(p, "integer does not fit in 64 bits");
	v = strtoll(digits, &end, 10);
	if (errno == ERANGE || *end)
		return toml_err(p, "integer does not fit in 64 bits");
	n->type = TG_TOML_INTEGER;
	n->u.i = v;
	p->i += len;
	return TG_OK;
}

static int decimal_float(struct toml_parser *p, struct tg_toml *n, size_t len)
{
	char stack[128], *digits = stack;
	struct tg_buf big = TG_BUF_INIT;
	size_t j;

	if (len >= sizeof(stack)) {
		for (j = 0; j < len; j++)
			if (p->s[p->i + j] != '_')
				tg_buf_addch(&big, p->s[p->i + j]);
		digits = big.buf;
	} else {
		strip_underscores(p->s + p->i, len, stack, sizeof(stack));
	}
	n->type = TG_TOML_FLOAT;
	n->u.f = strtod(digits, NULL); /* the grammar checked above is a subset of strtod's */
	tg_buf_release(&big);
	p->i += len;
	return TG_OK;
}

/* A decimal integer or float, as tomli's RE_NUMBER: leading zeros and stray underscores refused. */
static int number(struct toml_parser *p, struct tg_toml *n)
{
	const char *s = p->s + p->i;
	size_t j = 0, r;
	int is_float = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b'))
		return prefixed_integer(p, n);
	if (s[j] == '+' || s[j] == '-')
		j++;
	if (s[j] == '0')
		j++;
	else if (is_digit(s[j]))
		j += digit_run(s + j, 10);
	else
		return toml_err(p, "expected a value");
	if (s[j] == '.' && is_digit(s[j + 1])) {
		j += 1 + digit_run(s + j + 1, 10);
		is_float = 1;
	}
	if ((s[j] == 'e' || s[j] == 'E')) {
		r = j + 1 + (s[j + 1] == '+' || s[j + 1] == '-');
		if (is_digit(s[r])) {
			j = r + digit_run(s + r, 10);
			is_float = 1;
		}
	}
	return is_float ? decimal_float(p, n, j) : decimal_integer(p, n, j);
}

static int special_float(struct toml_parser *p, struct tg_toml *n)
{
	const char *s = p->s + p->i;
	size_t j = (s[0] == '+' || s[0] == '-');

	if (strncmp(s + j, "inf", 3) && strncmp(s + j, "nan", 3))
		return 0;
	n->type = TG_TOML_FLOAT;
	n->u.f = s[j] == 'i' ? INFINITY : NAN;
	if (s[0] == '-')
		n->u.f = -n->u.f;
	p->i += j + 3;
	return 1;
}

/* n digits at s; their value, or -1. */
static int fixed_digits(const char *s, int n)
{
	int v = 0, k;

	for (k = 0; k < n; k++) {
		if (!is_digit(s[k]))
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	return v;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* "HH:MM:SS[.frac]" at s: its length, 0 when s does not start one, -1 when out of range. */
static int time_len(const char *s)
{
	int h, m, sec, k = 8;

	if ((h = fixed_digits(s, 2)) < 0 || s[2] != ':' || (m = fixed_digits(s + 3, 2)) < 0 ||
	    s[5] != ':' || (sec = fixed_digits(s + 6, 2)) < 0)
		return 0;
	if (h > 23 || m > 59 || sec > 59)
		return -1;
	if (s[8] == '.' && is_digit(s[9]))
		for (k = 9; is_digit(s[k]); k++)
			;
	return k;
}

/* "Z" or "+HH:MM" at s: its length, or 0. */
static int offset_len(const char *s)
{
	if (s[0] == 'Z' || s[0] == 'z')
		return 1;
	if ((s[0] == '+' || s[0] == '-') && fixed_digits(s + 1, 2) >= 0 && s[3] == ':' &&
	    fixed_digits(s + 4, 2) >= 0) {
		if (fixed_digits(s + 1, 2) > 23 || fixed_digits(s + 4, 2) > 59)
			return -1;
		return 6;
	}
	return 0;
}

static void date_node(struct toml_parser *p, struct tg_toml *n, enum tg_toml_type t, size_t len)
{
	char *text = arena_copy(p, p->s + p->i, len);

	if (len > 10 && t != TG_TOML_TIME_LOCAL)
		text[10] = 'T';
	if (t == TG_TOML_DATETIME && text[len - 1] == 'z')
		text[len - 1] = 'Z';
	n->type = (unsigned char)t;
	n->u.str.s = text;
	n->u.str.len = len;
	p->i += len;
}

/* A date, date-time or time at p->i; *matched says whether one starts there. */
static int date_time(struct toml_parser *p, struct tg_toml *n, int *matched)
{
	const char *s = p->s + p->i;
	int y = fixed_digits(s, 4), mo, d, tl, ol;

	*matched = 1;
	if (y >= 0 && s[4] == '-' && (mo = fixed_digits(s + 5, 2)) >= 0 && s[7] == '-' &&
	    (d = fixed_digits(s + 8, 2)) >= 0) {
		if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
			return toml_err(p, "invalid date");
		tl = strchr("Tt ", s[10]) && s[10] ? time_len(s + 11) : 0;
		if (tl < 0)
			return toml_err(p, "invalid time");
		if (!tl) {
			date_node(p, n, TG_TOML_DATE_LOCAL, 10);
			return TG_OK;
		}
		ol = offset_len(s + 11 + tl);
		if (ol < 0)
			return toml_err(p, "invalid time offset");
		date_node(p, n, ol ? TG_TOML_DATETIME : TG_TOML_DATETIME_LOCAL,
		          (size_t)(11 + tl + ol));
		return TG_OK;
	}
	tl = time_len(s);
	if (tl < 0)
		return toml_err(p, "invalid time");
	if (tl) {
		date_node(p, n, TG_TOML_TIME_LOCAL, (size_t)tl);
		return TG_OK;
	}
	*matched = 0;
	return TG_OK;
}

static int string_value(struct toml_parser *p, struct tg_toml **out, char q)
{
	struct tg_toml *n = toml_node(p, TG_TOML_STRING, p->line);
	const char *str;

	*out = n;
	if (string_body(p, q, is_multiline(p, q), &str, &n->u.str.len))
		return TG_ERR_INPUT;
	n->u.str.s = str;
	return TG_OK;
}

int toml_scalar(struct toml_parser *p, struct tg_toml **out)
{
	const char *s = p->s + p->i;
	struct tg_toml *n;
	int matched;

	if (*s == '"' || *s == '\'')
		return string_value(p, out, *s);
	n = toml_node(p, TG_TOML_BOOL, p->line);
	*out = n;
	if (!strncmp(s, "true", 4) || !strncmp(s, "false", 5)) {
		n->u.b = *s == 't';
		p->i += n->u.b ? 4 : 5;
		return TG_OK;
	}
	if (date_time(p, n, &matched))
		return TG_ERR_INPUT;
	if (matched)
		return TG_OK;
	if (special_float(p, n))
		return TG_OK;
	return number(p, n);
}
