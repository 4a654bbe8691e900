/*
 * What makes a candidate a secret, and how a secret is shown: entropy, the
 * Luhn and GitHub checksums, placeholder and example stop-words, the name it
 * is assigned to (its identity: a fingerprint never derives from the value),
 * redaction, and the example templates that let rule packs and tests hold no
 * real-format secret.
 */
#include "rules/rule_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/redact.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void tg_github_checksum(const char *body30, char out[7])
{
	uint32_t c = (uint32_t)crc32(0L, (const unsigned char *)body30, 30);
	int i;

	for (i = 5; i >= 0; i--) {
		out[i] = base62[c % 62];
		c /= 62;
	}
	out[6] = '\0';
}

static int is_ident(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-' || c == '[' || c == ']';
}

void tg_rules_assigned_to(struct tg_buf *out, const unsigned char *data, size_t len, size_t off)
{
	size_t i = off, end, start, steps = 0;
	int op = 0;

	(void)len;
	/* Back over quotes, spaces and escapes to an assignment operator, then to the name. */
	while (i > 0 && steps++ < 200) {
		unsigned char c = data[i - 1];
		if (c == '\n')
			return;
		if (c == '"' || c == '\'' || c == '`' || c == ' ' || c == '\t' || c == '\\' ||
		    c == '(' || c == '[')
			i--;
		else if (c == '=' || c == ':' || c == '>' || c == ',') {
			op = 1;
			i--;
		} else
			break;
	}
	if (!op)
		return;
	end = i;
	while (end > 0 && (data[end - 1] == '"' || data[end - 1] == '\'' || data[end - 1] == ']'))
		end--;
	start = end;
	while (start > 0 && end - start < 100 && is_ident(data[start - 1]))
		start--;
	while (start < end && !isalnum(data[start]) && data[start] != '_')
		start++;
	tg_buf_add(out, data + start, end - start);
}

static int contains_ci(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word), i;

	for (i = 0; w && i + w <= n; i++)
		if (!strncasecmp(s + i, word, w))
			return 1;
	return 0;
}

/*
 * "aaaaaaaaaaaa", "abababababab", "123412341234": a short unit repeated is
 * typed by a person, not generated; so is a value of three characters or
 * fewer, and "xxx" anywhere ("sk_xxx_...", "xxx/20240101/...").
 */
static int placeholder_shape(const char *s, size_t n)
{
	size_t p, i, distinct = 0;
	unsigned char seen[256] = {0};

	for (p = 1; p <= 4 && p < n; p++) {
		for (i = p; i < n && s[i] == s[i - p]; i++)
			;
		if (i == n)
			return 1;
	}
	for (i = 0; i < n; i++)
		distinct += !seen[(unsigned char)s[i]]++;
	return (n && distinct <= 3) || contains_ci(s, n, "xxx");
}

int tg_rules_stopword(const struct tg_ruleset *rs, const struct tg_rule *r, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < r->stopwords.nr; i++)
		if (contains_ci(s, n, r->stopwords.v[i]))
			return 1;
	if (!r->redact)
		return 0;
	for (i = 0; i < rs->stopwords.nr; i++)
		if (contains_ci(s, n, rs->stopwords.v[i]))
			return 1;
	/* a card number's digits repeat by nature (the networks' test numbers: 4111 1111 ...) */
	return r->validate != TG_VALIDATE_CARD && placeholder_shape(s, n);
}

/* splitmix64: a small deterministic generator, so examples are the same every run. */
static uint64_t next_rand(uint64_t *st)
{
	uint64_t z = (*st += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static const char *charset(const char *name)
{
	static const struct {
		const char *name, *chars;
	} sets[] = {
	        {"alnum", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"},
	        {"alpha", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"},
	        {"lower", "abcdefghijklmnopqrstuvwxyz"},
	        {"upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
	        {"lowernum", "abcdefghijklmnopqrstuvwxyz0123456789"},
	        {"digit", "0123456789"},
	        {"hex", "0123456789abcdef"},
	        {"HEX", "0123456789ABCDEF"},
	        {"b32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"},
	        {"b64", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"},
	        {"b64url", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"},
	};
	size_t i;

	for (i = 0; i < TG_ARRAY_SIZE(sets); i++)
		if (!strcmp(name, sets[i].name))
			return sets[i].chars;
	return NULL;
}

static void add_random(struct tg_buf *out, const char *chars, size_t n, uint64_t *st)
{
	size_t m = strlen(chars), i;

	for (i = 0; i < n; i++)
		tg_buf_addch(out, chars[next_rand(st) % m]);
}

static void add_card(struct tg_buf *out, const char *prefix, size_t n, uint64_t *st)
{
	char d[32];
	size_t p = strlen(prefix), i;
	int c;

	if (n > 19 || n < 12 || p >= n)
		n = 16;
	memcpy(d, prefix, p < n ? p : n - 1);
	for (i = p; i < n - 1; i++)
		d[i] = (char)('0' + next_rand(st) % 10);
	for (c = 0; c < 10; c++) {
		d[n - 1] = (char)('0' + c);
		if (tg_luhn_valid(d, n))
			break;
	}
	tg_buf_add(out, d, n);
}

static void add_pem(struct tg_buf *out, const char *kind, uint64_t *st)
{
	int i;

	tg_buf_addf(out, "-----BEGIN %s%sPRIVATE KEY-----\n", kind, *kind ? " " : "");
	for (i = 0; i < 12; i++) {
		add_random(out, charset("b64"), 64, st);
		tg_buf_addch(out, '\n');
	}
	tg_buf_addf(out, "-----END %s%sPRIVATE KEY-----", kind, *kind ? " " : "");
}

static int expand_one(struct tg_buf *out, const char *d, uint64_t *st)
{
	char name[64];
	const char *c1 = strchr(d, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

	if (!strncmp(d, "lit:", 4)) {
		tg_buf_adds(out, d + 4);
	} else if (!strncmp(d, "rand:", 5) && c2 && (size_t)(c2 - c1 - 1) < sizeof(name)) {
		memcpy(name, c1 + 1, (size_t)(c2 - c1 - 1));
		name[c2 - c1 - 1] = '\0';
		if (!charset(name))
			return -1;
		add_random(out, charset(name), (size_t)atoi(c2 + 1), st);
	} else if (!strncmp(d, "github:", 7)) {
		struct tg_buf body = TG_BUF_INIT;
		char sum[7];
		add_random(&body, charset("alnum"), 30, st);
		tg_github_checksum(body.buf, sum);
		tg_buf_addf(out, "%s_%s%s", d + 7, body.buf, sum);
		tg_buf_release(&body);
	} else if (!strncmp(d, "card:", 5) && c2 && (size_t)(c2 - c1 - 1) < 16) {
		memcpy(name, c1 + 1, (size_t)(c2 - c1 - 1));
		name[c2 - c1 - 1] = '\0';
		add_card(out, name, (size_t)atoi(c2 + 1), st);
	} else if (!strncmp(d, "pem:", 4)) {
		add_pem(out, d + 4, st);
	} else {
		return -1;
	}
	return 0;
}

int tg_rules_expand_example(struct tg_buf *out, const char *tmpl, uint64_t seed)
{
	uint64_t st = seed ^ 0x5eed5eed5eedull;
	const char *p = tmpl, *open;

	while ((open = strstr(p, "{{"))) {
		const char *close = strstr(open + 2, "}}");
		char d[128];
		if (!close || (size_t)(close - open - 2) >= sizeof(d))
			break;
		tg_buf_add(out, p, (size_t)(open - p));
		memcpy(d, open + 2, (size_t)(close - open - 2));
		d[close - open - 2] = '\0';
		if (!strncmp(d, "rand:", 5) || !strncmp(d, "github:", 7) ||
		    !strncmp(d, "card:", 5) || !strncmp(d, "pem:", 4) || !strncmp(d, "lit:", 4)) {
			if (expand_one(out, d, &st))
				return tg_error_set(TG_ERR_INPUT, "example: bad directive {{%s}}",
				                    d);
		} else {
			tg_buf_add(out, open,
			           (size_t)(close + 2 - open)); /* not ours: {{ tmpl }} */
		}
		p = close + 2;
	}
	tg_buf_adds(out, p);
	return TG_OK;
}
