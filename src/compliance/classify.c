/*
 * Data classes in a file's bytes (compliance/classify.h): one pass over the
 * bytes, a candidate at each word start, each confirmed by its validator.
 */
#include "compliance/classify.h"

#include <ctype.h>
#include <string.h>

static const char *const names[TG_DATA_CLASSES] = {"iban", "ssn", "email", "phone"};

const char *tg_data_class_name(enum tg_data_class c)
{
	return names[c];
}

/* IBAN lengths by country (ISO 13616 registry, the SEPA countries and others common in data). */
static const struct {
	char cc[3];
	unsigned char len;
} iban_lengths[] = {
        {"AD", 24}, {"AE", 23}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22}, {"BR", 29},
        {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"EE", 20}, {"ES", 24},
        {"FI", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GR", 27}, {"HR", 21}, {"HU", 28},
        {"IE", 22}, {"IL", 23}, {"IS", 26}, {"IT", 27}, {"KW", 30}, {"LI", 21}, {"LT", 20},
        {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28},
        {"PT", 25}, {"QA", 29}, {"RO", 24}, {"SA", 24}, {"SE", 24}, {"SI", 19}, {"SK", 24},
        {"SM", 27}, {"TR", 26}, {"UA", 29},
};

static int iban_length(const char *cc)
{
	for (size_t i = 0; i < sizeof(iban_lengths) / sizeof(iban_lengths[0]); i++)
		if (cc[0] == iban_lengths[i].cc[0] && cc[1] == iban_lengths[i].cc[1])
			return iban_lengths[i].len;
	return 0;
}

int tg_iban_valid(const char *s, size_t n)
{
	unsigned rem = 0;

	if (n < 15 || n > 34 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]) ||
	    (size_t)iban_length(s) != n)
		return 0;
	/* the first four characters moved to the end, letters as 10..35, mod 97 */
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[(k + 4) % n];
		if (isdigit(c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else if (isupper(c))
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			return 0;
	}
	return rem == 1;
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int tg_ssn_valid(const char *s, size_t n)
{
	if (n != 11 || s[3] != '-' || s[6] != '-' || !digits(s, 3) || !digits(s + 4, 2) ||
	    !digits(s + 7, 4))
		return 0;
	if (!memcmp(s, "000", 3) || !memcmp(s, "666", 3) || s[0] == '9')
		return 0;
	return memcmp(s + 4, "00", 2) && memcmp(s + 7, "0000", 4);
}

static int word_char(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* The IBAN at s: letters and digits, optionally in groups of 4 split by single spaces. */
static size_t iban_at(const unsigned char *s, size_t n)
{
	char buf[40];
	size_t i = 0, m = 0, best = 0;

	while (i < n && m < 34) {
		if (isupper(s[i]) || isdigit(s[i]))
			buf[m++] = (char)s[i++];
		else if (s[i] == ' ' && m && m % 4 == 0 && i + 1 < n && isalnum(s[i + 1]))
			i++;
		else
			break;
		if (m >= 15 && (i >= n || !word_char(s[i])) && tg_iban_valid(buf, m))
			best = i;
	}
	return best;
}

/* An e-mail address at s: local@domain.tld, the local part starting here. */
static size_t email_at(const unsigned char *s, size_t n)
{
	size_t i = 0, at, dot = 0;

	while (i < n && (isalnum(s[i]) || strchr("._%+-", s[i])))
		i++;
	if (!i || i >= n || s[i] != '@')
		return 0;
	at = i++;
	while (i < n && (isalnum(s[i]) || s[i] == '-' || s[i] == '.')) {
		if (s[i] == '.')
			dot = i;
		i++;
	}
	/* a domain with a dot and a top-level part of 2 or more letters */
	if (!dot || dot <= at + 1 || i - dot < 3 || s[i - 1] == '.')
		return 0;
	for (size_t k = dot + 1; k < i; k++)
		if (!isalpha(s[k]))
			return 0;
	return i;
}

/* An E.164 number at s: '+', a first digit of 1-9, then 7 to 14 more digits. */
static size_t phone_at(const unsigned char *s, size_t n)
{
	size_t i = 1;

	if (n < 9 || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return 0;
	while (i < n && isdigit(s[i]))
		i++;
	if (i - 1 < 8 || i - 1 > 15 || (i < n && word_char(s[i])))
		return 0;
	return i;
}

void tg_classify(const unsigned char *s, size_t n, struct tg_classification *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n;) {
		size_t m = 0;
		int start = !i || !word_char(s[i - 1]);

		if (start && isupper(s[i]) && (m = iban_at(s + i, n - i)))
			out->count[TG_DATA_IBAN]++;
		else if (start && isdigit(s[i]) && i + 11 <= n &&
		         tg_ssn_valid((const char *)s + i, 11) &&
		         (i + 11 == n || !word_char(s[i + 11])))
			out->count[TG_DATA_SSN]++, m = 11;
		else if (start && s[i] == '+' && (m = phone_at(s + i, n - i)))
			out->count[TG_DATA_PHONE]++;
		else if (start && (isalnum(s[i])) && (m = email_at(s + i, n - i)))
			out->count[TG_DATA_EMAIL]++;
		i += m ? m : 1;
	}
}

int tg_classification_holds(const struct tg_classification *k, enum tg_data_class c)
{
	if (c == TG_DATA_EMAIL || c == TG_DATA_PHONE)
		return k->count[c] >= TG_CLASSIFY_BULK;
	return k->count[c] > 0;
}
