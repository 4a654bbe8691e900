/*
 * Token shapes in free text, and their redaction. Each recogniser reports the
 * spans of secret values it sees in the whole text; overlapping spans are
 * merged and each one is written as tg_redact writes it. Recognisers are
 * plain byte loops, so a title or a log line costs a few passes over its
 * bytes and nothing is allocated until a secret is found.
 */
#include "util/redact.h"

#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One secret value: [so, se), of which the first `show` bytes are a known prefix. */
struct span {
	size_t so, se, show;
};

/* Where recognisers put spans; found() returns nonzero to stop looking. */
struct found {
	struct span *v;
	size_t nr, alloc;
	int first_only;
};

static int found(struct found *f, size_t so, size_t se, size_t show)
{
	if (f->first_only) {
		f->nr = 1;
		return 1;
	}
	TG_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	f->v[f->nr++] = (struct span){so, se, show};
	return 0;
}

void tg_redact(struct tg_buf *out, const char *value, size_t n, size_t known_prefix)
{
	size_t show = known_prefix;

	if (show > n / 4)
		show = n / 4;
	tg_buf_add(out, value, show);
	tg_buf_addf(out, "%s[redacted, %zu chars]", show ? "…" : "", n);
}

double tg_entropy(const char *s, size_t n)
{
	size_t counts[256] = {0}, i;
	double h = 0;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		counts[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++)
		if (counts[i]) {
			double p = (double)counts[i] / (double)n;
			h -= p * log2(p);
		}
	return h;
}

int tg_luhn_valid(const char *s, size_t n)
{
	int sum = 0, dbl = 0, digits = 0;
	size_t i = n;

	while (i--) {
		int d;
		if (s[i] == ' ' || s[i] == '-')
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
		d = s[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
		digits++;
	}
	return digits >= 12 && sum % 10 == 0;
}

/* strchr for a byte that may be NUL (the text is bytes with a length). */
static int in(const char *set, char c)
{
	return c && strchr(set, c);
}

/* strspn and strcspn that stop at n. */
static size_t span_of(const char *s, size_t n, size_t i, const char *set)
{
	size_t j = i;

	while (j < n && in(set, s[j]))
		j++;
	return j - i;
}

static size_t span_not(const char *s, size_t n, size_t i, const char *set)
{
	size_t j = i;

	while (j < n && s[j] && !in(set, s[j]))
		j++;
	return j - i;
}

/* Character classes, as bits, so a shape names the bytes its body may hold. */
enum {
	C_LOWER = 1,
	C_UPPER = 2,
	C_DIGIT = 4,
	C_UNDER = 8,   /* _ */
	C_DASH = 16,   /* - */
	C_DOT = 32,    /* . */
	C_B32 = 64,    /* A-Z 2-7 */
	C_HEX = 128,   /* 0-9 a-f A-F */
	C_SYMBOL = 256 /* ~ + / ! @ # % ^ * = : what a generic value may hold besides */
};
#define C_ALNUM  (C_LOWER | C_UPPER | C_DIGIT)
#define C_WORD   (C_ALNUM | C_UNDER)
#define C_B64URL (C_WORD | C_DASH)

static unsigned cls(unsigned char c)
{
	unsigned k = 0;

	if (c >= 'a' && c <= 'z')
		k |= C_LOWER | (c <= 'f' ? C_HEX : 0);
	else if (c >= 'A' && c <= 'Z')
		k |= C_UPPER | C_B32 | (c <= 'F' ? C_HEX : 0);
	else if (c >= '0' && c <= '9')
		k |= C_DIGIT | C_HEX | (c >= '2' && c <= '7' ? C_B32 : 0);
	else if (c == '_')
		k |= C_UNDER;
	else if (c == '-')
		k |= C_DASH;
	else if (c == '.')
		k |= C_DOT;
	else if (in("~+/!@#%^*=", (char)c))
		k |= C_SYMBOL;
	return k;
}

static size_t run_of(const char *s, size_t n, size_t i, unsigned set)
{
	size_t j = i;

	while (j < n && (cls((unsigned char)s[j]) & set))
		j++;
	return j - i;
}

static int has_digit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/*
 * Tokens that announce themselves by a prefix (kept when shown). min is lower
 * than the real length so a token cut short (a title is cut at 120 bytes) is
 * still caught; max, where a token has a fixed length, tells it from a word.
 */
static const struct shape {
	const char *prefix;
	unsigned body;
	unsigned short min, max;
	unsigned char need_digit; /* the prefix alone is too common: a random body has a digit */
} shapes[] = {
        {"ghp_", C_ALNUM, 16, 0, 0},
        {"gho_", C_ALNUM, 16, 0, 0},
        {"ghu_", C_ALNUM, 16, 0, 0},
        {"ghs_", C_ALNUM, 16, 0, 0},
        {"ghr_", C_ALNUM, 16, 0, 0},
        {"github_pat_", C_WORD, 16, 0, 0},
        {"glpat-", C_B64URL, 16, 0, 0},
        {"xoxb-", C_ALNUM | C_DASH, 10, 0, 1},
        {"xoxp-", C_ALNUM | C_DASH, 10, 0, 1},
        {"xoxe-", C_ALNUM | C_DASH, 10, 0, 1},
        {"xoxa-", C_ALNUM | C_DASH, 10, 0, 1},
        {"xoxo-", C_ALNUM | C_DASH, 10, 0, 1},
        {"xoxs-", C_ALNUM | C_DASH, 10, 0, 1},
        {"xoxr-", C_ALNUM | C_DASH, 10, 0, 1},
        {"xapp-", C_ALNUM | C_DASH, 10, 0, 1},
        {"sk_live_", C_ALNUM, 16, 0, 0},
        {"rk_live_", C_ALNUM, 16, 0, 0},
        {"whsec_", C_ALNUM, 24, 0, 0},
        {"AIza", C_B64URL, 30, 0, 0},
        {"GOCSPX-", C_B64URL, 20, 0, 0},
        {"AKIA", C_B32, 12, 16, 0},
        {"ASIA", C_B32, 12, 16, 0},
        {"ABIA", C_B32, 12, 16, 0},
        {"ACCA", C_B32, 12, 16, 0},
        {"SG.", C_B64URL | C_DOT, 30, 0, 0},
        {"npm_", C_ALNUM, 30, 0, 0},
        {"pypi-AgEIcHlwaS5vcmc", C_B64URL, 20, 0, 0},
        {"sk-ant-", C_B64URL, 20, 0, 0},
        {"sk-", C_B64URL, 20, 0, 1},
        {"hf_", C_LOWER | C_UPPER, 30, 0, 0},
        {"dop_v1_", C_HEX, 32, 0, 0},
        {"doo_v1_", C_HEX, 32, 0, 0},
        {"dor_v1_", C_HEX, 32, 0, 0},
        {"shpat_", C_HEX, 24, 0, 0},
        {"shpca_", C_HEX, 24, 0, 0},
        {"shppa_", C_HEX, 24, 0, 0},
        {"shpss_", C_HEX, 24, 0, 0},
        {"SK", C_HEX, 32, 32, 1},
        {"eyJ", C_B64URL | C_DOT, 20, 0, 0}, /* a JWT: base64url JSON, dot-separated */
};

static int word_start(const char *s, size_t i)
{
	return i == 0 || !(cls((unsigned char)s[i - 1]) & C_WORD);
}

static int prefixed(const char *s, size_t n, struct found *f)
{
	size_t i = 0, k;

	while (i < n) {
		size_t next = i + 1;
		/* Most bytes start no prefix: one look at the first letters of them all. */
		if (!in("gxsrwAGSnphde", s[i]) || !word_start(s, i)) {
			i++;
			continue;
		}
		for (k = 0; k < TG_ARRAY_SIZE(shapes); k++) {
			const struct shape *sh = &shapes[k];
			size_t pl = strlen(sh->prefix), run;
			if (pl > n - i || memcmp(s + i, sh->prefix, pl))
				continue;
			run = run_of(s, n, i + pl, sh->body);
			if (run < sh->min || (sh->max && run > sh->max) ||
			    (sh->need_digit && !has_digit(s + i + pl, run)))
				continue;
			if (found(f, i, i + pl + run, pl))
				return 1;
			next = i + pl + run;
			break;
		}
		i = next;
	}
	return 0;
}

static const char *find(const char *s, size_t n, size_t from, const char *needle)
{
	size_t m = strlen(needle);

	for (; from + m <= n; from++)
		if (s[from] == needle[0] && !memcmp(s + from, needle, m))
			return s + from;
	return NULL;
}

/* "-----BEGIN … PRIVATE KEY-----" then the key, to "-----END" or the end of the text. */
static int private_keys(const char *s, size_t n, struct found *f)
{
	const char *p;
	size_t at = 0;

	while ((p = find(s, n, at, "-----BEGIN"))) {
		/* The header is short: looking further would make many headers quadratic. */
		size_t b = (size_t)(p - s) + 10, lim = b + 140 < n ? b + 140 : n, hdr_end, body_end;
		const char *dash = find(s, lim, b, "-----"), *key = find(s, lim, b, "PRIVATE KEY");
		at = b;
		if (!dash || !key || key > dash)
			continue;
		hdr_end = (size_t)(dash - s) + 5;
		p = find(s, n, hdr_end, "-----END");
		at = body_end = p ? (size_t)(p - s) : n;
		/* "...", a placeholder, is not a key: a key's body is base64, 16 or more. */
		if (run_of(s, body_end, hdr_end + span_of(s, body_end, hdr_end, " \t\r\n\\n"),
		           C_ALNUM | C_SYMBOL) < 16)
			continue;
		if (found(f, hdr_end, body_end, 0))
			return 1;
	}
	return 0;
}

/* Webhook URLs whose path is the credential: the host stays, the path goes. */
static int webhooks(const char *s, size_t n, struct found *f)
{
	static const char *const hosts[] = {"hooks.slack.com/services/",
	                                    "hooks.slack.com/workflows/",
	                                    "hooks.slack.com/triggers/", "/api/webhooks/"};
	size_t k, at;
	const char *p;

	for (k = 0; k < TG_ARRAY_SIZE(hosts); k++)
		for (at = 0; (p = find(s, n, at, hosts[k]));) {
			size_t b = (size_t)(p - s) + strlen(hosts[k]);
			size_t run = run_of(s, n, b, C_B64URL | C_SYMBOL);
			at = b + run;
			if (run >= 20 && found(f, b, b + run, 0))
				return 1;
		}
	return 0;
}

/* scheme://user:password@host: the password. Templates ("${DB_PASSWORD}") stay. */
static int url_passwords(const char *s, size_t n, struct found *f)
{
	const char *p;
	size_t at = 0;

	while ((p = find(s, n, at, "://"))) {
		size_t u = (size_t)(p - s) + 3, c, e;
		at = u;
		c = u + span_not(s, n, u, ":/@ \t\r\n\"'<>");
		if (c >= n || s[c] != ':' || c == u || c - u > 64)
			continue;
		e = c + 1 + span_not(s, n, c + 1, "@/ \t\r\n\"'<>:");
		if (e >= n || s[e] != '@' || e - c - 1 < 3 || in("${<%", s[c + 1]))
			continue;
		if (found(f, c + 1, e, 0))
			return 1;
		at = e;
	}
	return 0;
}

static int digit_at(const char *s, size_t n, size_t i)
{
	return i < n && s[i] >= '0' && s[i] <= '9';
}

/* Payment card numbers (a network's leading digits, 13 to 19 digits, Luhn). */
static int card_numbers(const char *s, size_t n, struct found *f)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i, digits = 0;
		if (!digit_at(s, n, i) ||
		    (i && (cls((unsigned char)s[i - 1]) & (C_WORD | C_DASH | C_DOT)))) {
			i++;
			continue;
		}
		while (j < n && digits < 20) {
			if (digit_at(s, n, j))
				digits++, j++;
			else if ((s[j] == ' ' || s[j] == '-') && digit_at(s, n, j + 1))
				j++;
			else
				break;
		}
		if (digits >= 13 && digits <= 19 &&
		    !(j < n && (cls((unsigned char)s[j]) & (C_WORD | C_DASH | C_DOT))) &&
		    strchr("23456", s[i]) && tg_luhn_valid(s + i, j - i) && found(f, i, j, 0))
			return 1;
		i = j;
	}
	return 0;
}

/* Telegram bot tokens: 8 to 10 digits, ":AA", 33 more. */
static int telegram(const char *s, size_t n, struct found *f)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t d;
		if (!word_start(s, i) || !digit_at(s, n, i))
			continue;
		d = run_of(s, n, i, C_DIGIT);
		if (d >= 8 && d <= 10 && i + d + 3 < n && !memcmp(s + i + d, ":AA", 3) &&
		    run_of(s, n, i + d + 3, C_B64URL) >= 30 &&
		    found(f, i, i + d + 3 + run_of(s, n, i + d + 3, C_B64URL), 0))
			return 1;
		i += d;
	}
	return 0;
}

/* Names a secret is assigned to, and names that say the value is something else. */
static const char *const secret_words[] = {
        "password",  "passwd",  "pwd",        "secret",       "token",      "apikey",
        "accesskey", "authkey", "privatekey", "clientsecret", "credential", "accountkey"};
static const char *const other_words[] = {"hash",   "sha1",     "sha256",      "sha512", "md5",
                                          "digest", "checksum", "fingerprint", "_id",    "_url",
                                          "_path",  "_file",    "_name",       "_type",  "_length",
                                          "_len",   "_size",    "_count"};

static int secret_name(const char *s, size_t n)
{
	char low[64], flat[64];
	size_t i, m = 0, k;
	int secret = 0;

	if (n >= sizeof(low))
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
		low[i] = c;
		if (c != '_' && c != '-' && c != '.')
			flat[m++] = c;
	}
	low[n] = flat[m] = '\0';
	for (k = 0; k < TG_ARRAY_SIZE(secret_words) && !secret; k++)
		secret = strstr(flat, secret_words[k]) != NULL;
	if (!secret || strstr(flat, "privatekeyid")) /* a service account key's id */
		return secret;
	for (k = 0; k < TG_ARRAY_SIZE(other_words); k++)
		if (strstr(low, other_words[k]))
			return 0;
	return 1;
}

/* Does a value look random rather than like a word, a dotted name or a number? */
static int random_value(const char *v, size_t n)
{
	size_t i;
	int lower = 0, upper = 0, digit = 0, symbol = 0, only_lower_sep = 1, dotted = 1;

	if (n < 12 || n > 150 || tg_entropy(v, n) < 3.2)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned k = cls((unsigned char)v[i]);
		lower |= !!(k & C_LOWER), upper |= !!(k & C_UPPER), digit |= !!(k & C_DIGIT);
		symbol |= !!(k & C_SYMBOL);
		if (!(k & (C_LOWER | C_UNDER | C_DASH)))
			only_lower_sep = 0;
		if (!(k & (C_LOWER | C_UPPER | C_UNDER | C_DOT)))
			dotted = 0;
	}
	if (only_lower_sep || (dotted && memchr(v, '.', n)))
		return 0;
	return digit || symbol || (lower && upper);
}

/* name = value, name: value, "name": "value" (as the generic-assignment rule). */
static int assignments(const char *s, size_t n, struct found *f)
{
	size_t i;

	for (i = 1; i < n; i++) {
		size_t e = i, b, v, len;
		if (s[i] != '=' && s[i] != ':')
			continue;
		while (e > 0 && i - e < 8 && in(" \t\"'`\\", s[e - 1]))
			e--;
		b = e;
		while (b > 0 && e - b < 60 &&
		       (cls((unsigned char)s[b - 1]) & (C_WORD | C_DASH | C_DOT)))
			b--;
		if (b == e || !secret_name(s + b, e - b))
			continue;
		v = i + 1;
		if (v < n && (s[v] == '=' || s[v] == '>') && s[i] != s[v])
			v++;
		while (v < n && (s[v] == ' ' || s[v] == '\t'))
			v++;
		if (v < n && s[v] == '\\')
			v++;
		if (v < n && in("\"'`", s[v]))
			v++;
		len = run_of(s, n, v, C_B64URL | C_DOT | C_SYMBOL);
		if (v + len < n && !in("\\\"'`;, \t\r\n)]", s[v + len]))
			continue;
		if (random_value(s + v, len) && found(f, v, v + len, 0))
			return 1;
		i = v + len - (len > 0);
	}
	return 0;
}

static int (*const recognisers[])(const char *, size_t, struct found *) = {
        prefixed, private_keys, webhooks, url_passwords, card_numbers, telegram, assignments,
};

int tg_redact_needed(const char *s, size_t n)
{
	struct found f = {NULL, 0, 0, 1};
	size_t k;

	for (k = 0; k < TG_ARRAY_SIZE(recognisers); k++)
		if (recognisers[k](s, n, &f))
			return 1;
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->so < y->so ? -1 : x->so > y->so ? 1 : x->se > y->se ? -1 : x->se < y->se;
}

size_t tg_redact_text(struct tg_buf *out, const char *s, size_t n)
{
	struct found f = {NULL, 0, 0, 0};
	size_t k, at = 0, count = 0;

	for (k = 0; k < TG_ARRAY_SIZE(recognisers); k++)
		recognisers[k](s, n, &f);
	if (f.nr)
		qsort(f.v, f.nr, sizeof(*f.v), by_start);
	for (k = 0; k < f.nr; k++) {
		struct span sp = f.v[k];
		if (sp.se <= at)
			continue; /* inside the one before */
		if (sp.so < at)
			sp.so = at, sp.show = 0;
		while (k + 1 < f.nr && f.v[k + 1].so < sp.se) /* overlapping: one span */
			sp.se = f.v[k + 1].se > sp.se ? f.v[k + 1].se : sp.se, k++;
		tg_buf_add(out, s + at, sp.so - at);
		tg_redact(out, s + sp.so, sp.se - sp.so, sp.show);
		at = sp.se;
		count++;
	}
	tg_buf_add(out, s + at, n - at);
	free(f.v);
	return count;
}

int tg_redact_string(char **s)
{
	struct tg_buf b = TG_BUF_INIT;

	if (!*s || !tg_redact_needed(*s, strlen(*s)))
		return 0;
	tg_redact_text(&b, *s, strlen(*s));
	free(*s);
	*s = tg_buf_detach(&b, NULL);
	return 1;
}
