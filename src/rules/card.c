/*
 * What makes a run of digits a payment card number rather than four numbers
 * that happen to pass Luhn: an issuer's prefix at one of its lengths, one kind
 * of separator in the groups cards are printed in, and no other number right
 * beside it (device-tree cells, coordinates, arrays, hex dumps and SVG path
 * data are lists of numbers; a card number stands alone). A card word nearby
 * (card, pan, cc, credit, payment) is what makes it likely, not only possible.
 */
#include "rules/rule_int.h"

#include "util/redact.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Issuer prefixes as ranges over the first `digits` digits, with their lengths (bit n: n digits).
 */
static const struct {
	unsigned lo, hi, digits;
	unsigned lengths;
} issuers[] = {
        {4, 4, 1, 1u << 13 | 1u << 16 | 1u << 19}, /* Visa */
        {51, 55, 2, 1u << 16},                     /* Mastercard */
        {2221, 2720, 4, 1u << 16},                 /* Mastercard 2-series */
        {34, 34, 2, 1u << 15},                     /* American Express */
        {37, 37, 2, 1u << 15},                     /* American Express */
        {6011, 6011, 4, 0xfu << 16},               /* Discover */
        {644, 649, 3, 0xfu << 16},                 /* Discover */
        {65, 65, 2, 0xfu << 16},                   /* Discover */
        {3528, 3589, 4, 0xfu << 16},               /* JCB */
        {300, 305, 3, 0x3fu << 14},                /* Diners Club */
        {36, 36, 2, 0x3fu << 14},                  /* Diners Club */
        {38, 39, 2, 0x3fu << 14},                  /* Diners Club */
        {62, 62, 2, 0xfu << 16},                   /* UnionPay */
};

static int issuer_known(const char *d, size_t n)
{
	size_t i, k;

	for (i = 0; i < sizeof(issuers) / sizeof(issuers[0]); i++) {
		unsigned v = 0;
		for (k = 0; k < issuers[i].digits; k++)
			v = v * 10 + (unsigned)(d[k] - '0');
		if (v >= issuers[i].lo && v <= issuers[i].hi && (issuers[i].lengths >> n & 1))
			return 1;
	}
	return 0;
}

/* The groups cards are printed in: 4-4-4-4, 4-6-5 (Amex), 4-6-4 (Diners), 4-4-4-4-3. */
static int grouping_known(const size_t *g, size_t ng)
{
	static const size_t shapes[][6] = {
	        {4, 4, 4, 4, 0}, {4, 6, 5, 0}, {4, 6, 4, 0}, {4, 4, 4, 4, 3, 0}};
	size_t i, k;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		for (k = 0; k < ng && shapes[i][k] == g[k]; k++)
			;
		if (k == ng && !shapes[i][k])
			return 1;
	}
	return 0;
}

/* Digits into d (at most 19), one separator kind, a printed grouping. */
static size_t card_digits(const unsigned char *s, size_t n, char d[20])
{
	size_t g[8], ng = 0, nd = 0, run = 0, i;
	int sep = 0;

	for (i = 0; i < n; i++) {
		if (isdigit(s[i])) {
			if (nd == 19)
				return 0;
			d[nd++] = (char)s[i], run++;
			continue;
		}
		if ((s[i] != ' ' && s[i] != '-') || (sep && s[i] != sep) || !run || ng == 7)
			return 0;
		sep = s[i], g[ng++] = run, run = 0;
	}
	g[ng++] = run;
	d[nd] = '\0';
	if (ng > 1 && !grouping_known(g, ng))
		return 0;
	return nd;
}

/* A token of a list of numbers: decimal, 0x hex, or a hex dump's group. */
static int numeric_token(const unsigned char *s, size_t n)
{
	size_t i, digits = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2, n -= 2;
	for (i = 0; i < n; i++) {
		if (isdigit(s[i]))
			digits++;
		else if (!isxdigit(s[i]) && s[i] != '.')
			return 0;
	}
	/* a hex dump's group of letters only ("abcd"): its width gives it away */
	return n && (digits || n == 4 || n == 8);
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int token_char(unsigned char c)
{
	return isalnum(c) || c == '.';
}

/* A token stands alone when what bounds it is not part of a time, date or name. */
static int standalone(unsigned char c)
{
	return !token_char(c) && !strchr(":/-_+", c);
}

enum { NEAR_NONE, NEAR_BLANK, NEAR_LISTED, NEAR_SVG };

/* What stands before s: a number over blanks, over one list separator (,;|), an SVG command? */
static int number_before(const unsigned char *d, size_t s)
{
	size_t e, b;
	int listed = 0;

	while (s > 0 && is_blank(d[s - 1]))
		s--;
	/* ':' too: a hex dump's offset ("0040: 4111 ...") */
	if (s > 0 && strchr(",;|:", d[s - 1]))
		for (s--, listed = 1; s > 0 && is_blank(d[s - 1]);)
			s--;
	for (e = s, b = s; b > 0 && token_char(d[b - 1]) && e - b < 32;)
		b--;
	if (b > 0 && !standalone(d[b - 1]))
		return NEAR_NONE;
	if (e - b == 1 && strchr("MmLlHhVvCcSsQqTtAaZz", d[b]))
		return NEAR_SVG;
	return !numeric_token(d + b, e - b) ? NEAR_NONE : listed ? NEAR_LISTED : NEAR_BLANK;
}

static int number_after(const unsigned char *d, size_t len, size_t e)
{
	size_t b;
	int listed = 0;

	while (e < len && is_blank(d[e]))
		e++;
	if (e < len && strchr(",;|", d[e]))
		for (e++, listed = 1; e < len && is_blank(d[e]);)
			e++;
	for (b = e; e < len && token_char(d[e]) && e - b < 32;)
		e++;
	if (e < len && !standalone(d[e]))
		return NEAR_NONE;
	if (e - b == 1 && strchr("MmLlHhVvCcSsQqTtAaZz", d[b]))
		return NEAR_SVG;
	return !numeric_token(d + b, e - b) ? NEAR_NONE : listed ? NEAR_LISTED : NEAR_BLANK;
}

/* <a b c d> cells, { } and [ ] arrays around nothing but the number and blanks. */
static int bracketed(const unsigned char *d, size_t len, size_t so, size_t se)
{
	static const char *const pairs[] = {"<>", "{}", "[]", "()"};
	size_t i;

	while (so > 0 && is_blank(d[so - 1]))
		so--;
	while (se < len && is_blank(d[se]))
		se++;
	if (!so || se >= len)
		return 0;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (d[so - 1] == (unsigned char)pairs[i][0] && d[se] == (unsigned char)pairs[i][1])
			return i == 0 || memchr(d + so, ' ', se - so) != NULL;
	return 0;
}

static int word_at(const unsigned char *d, size_t i, size_t end, const char *w, int whole)
{
	size_t n = strlen(w);

	if (i + n > end || strncasecmp((const char *)d + i, w, n))
		return 0;
	if (!whole)
		return 1;
	/* "pan", "card" (not "discard"): a word of their own, or a part of a snake_case or
	 * camelCase name */
	return (i == 0 || !isalpha(d[i - 1]) || (isupper(d[i]) && islower(d[i - 1]))) &&
	       (i + n >= end || !islower(d[i + n]) ||
	        (isupper(d[i + n - 1]) && !isalpha(d[i + n])));
}

static int words_in(const unsigned char *d, size_t b, size_t e)
{
	static const struct {
		const char *w;
		int whole;
	} words[] = {{"card", 1}, {"cards", 1}, {"credit", 0}, {"payment", 0},
	             {"visa", 0}, {"amex", 0},  {"pan", 1},    {"cc", 1}};
	size_t i, k;

	for (i = b; i < e; i++)
		for (k = 0; k < sizeof(words) / sizeof(words[0]); k++)
			if (word_at(d, i, e, words[k].w, words[k].whole))
				return 1;
	return 0;
}

/* A table's header row: the first line, when it has two commas or more. */
static int header_words(const unsigned char *d, size_t len)
{
	const unsigned char *nl = memchr(d, '\n', len < 1024 ? len : 1024);
	size_t e = nl ? (size_t)(nl - d) : (len < 1024 ? len : 1024), i, commas = 0;

	for (i = 0; i < e; i++)
		commas += d[i] == ',';
	return commas >= 2 && words_in(d, 0, e);
}

int tg_rules_card_keyword(const unsigned char *d, size_t len, size_t so, size_t se)
{
	size_t b = so > 200 ? so - 200 : 0, e = se + 200 < len ? se + 200 : len, i;

	/* the line before, the line itself and the line after */
	for (i = so; i > b && d[i - 1] != '\n';)
		i--;
	if (i > b)
		for (i--; i > b && d[i - 1] != '\n';)
			i--;
	b = i;
	for (i = se; i < e && d[i] != '\n';)
		i++;
	if (i < e)
		for (i++; i < e && d[i] != '\n';)
			i++;
	return words_in(d, b, i) || header_words(d, len);
}

int tg_rules_card_valid(const unsigned char *d, size_t len, size_t so, size_t se)
{
	char digits[20];
	size_t n = card_digits(d + so, se - so, digits);
	int before, after;

	if (n < 13 || !issuer_known(digits, n) || !tg_luhn_valid(digits, n) ||
	    bracketed(d, len, so, se))
		return 0;
	before = number_before(d, so), after = number_after(d, len, se);
	/* coordinates, cells, hex dumps: numbers separated by blanks */
	if (before == NEAR_BLANK || after == NEAR_BLANK)
		return 0;
	/* "M 4224 8192 1920 4224 L": a path's command letters around coordinates */
	if (before == NEAR_SVG && after == NEAR_SVG)
		return 0;
	/* {1, 2, ...} is an array, unless a card word says it is a record (a CSV row);
	 * cards of 13, 17, 18 and 19 digits are rare, 64-bit integers of those lengths are not */
	if (before == NEAR_LISTED || after == NEAR_LISTED || n < 14 || n > 16)
		return tg_rules_card_keyword(d, len, so, se);
	return 1;
}
