#include "backlog/suppress.h"

#include "util/buf.h"
#include "util/wildmatch.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The bounds of 1-based line `line` in data, or 0 when there is no such line. */
static int line_bounds(const unsigned char *data, size_t len, int line, size_t *start, size_t *end)
{
	size_t i = 0;
	int n = 1;

	if (line < 1)
		return 0;
	while (n < line) {
		const unsigned char *nl = memchr(data + i, '\n', len - i);
		if (!nl)
			return 0;
		i = (size_t)(nl - data) + 1;
		n++;
	}
	*start = i;
	*end = i;
	while (*end < len && data[*end] != '\n')
		(*end)++;
	return 1;
}

/* "terragon:ignore" alone suppresses all rules; with "[a,b]" only those. */
static int mentions(const unsigned char *s, size_t n, const char *rule_id)
{
	static const char tag[] = "terragon:ignore";
	const unsigned char *p = s, *end = s + n;
	size_t rl = rule_id ? strlen(rule_id) : 0;

	while ((p = memmem(p, (size_t)(end - p), tag, sizeof(tag) - 1))) {
		const unsigned char *q = p + sizeof(tag) - 1, *close;
		p = q;
		if (q >= end || *q != '[')
			return 1;
		close = memchr(q, ']', (size_t)(end - q));
		if (!close)
			return 1;
		for (q++; q < close;) {
			const unsigned char *comma = memchr(q, ',', (size_t)(close - q));
			const unsigned char *stop = comma ? comma : close;
			while (q < stop && *q == ' ')
				q++;
			if ((size_t)(stop - q) >= rl && rl && !memcmp(q, rule_id, rl) &&
			    (q + rl == stop || q[rl] == ' '))
				return 1;
			q = stop + 1;
		}
	}
	return 0;
}

/*
 * Other tools' suppression comments, honoured for the categories the tool
 * itself audits (README.md, "Suppression"): a reviewer who silenced Bandit
 * on a line has judged our security finding there too, but not a secret
 * that gitleaks would find. Each names its tool in the item's message.
 */
enum {
	C_SECURITY = 1,   /* security, ai-ml */
	C_SECRET = 2,     /* secret */
	C_COMPLEXITY = 4, /* complexity */
	C_WORKFLOW = 8,   /* compliance findings in workflows */
};

static unsigned category_bit(const char *category)
{
	if (!category)
		return 0;
	if (!strcmp(category, "security") || !strcmp(category, "ai-ml"))
		return C_SECURITY;
	if (!strcmp(category, "secret"))
		return C_SECRET;
	if (!strcmp(category, "complexity"))
		return C_COMPLEXITY;
	if (!strcmp(category, "compliance"))
		return C_WORKFLOW;
	return 0;
}

/* Our workflow rules as zizmor names its audits, for `zizmor: ignore[audit]`. */
static const char *zizmor_name(const char *rule_id)
{
	static const char *const map[][2] = {
	        {"workflow-unpinned-action", "unpinned-uses"},
	        {"workflow-write-all", "excessive-permissions"},
	        {"workflow-permissions-missing", "excessive-permissions"},
	        {"workflow-script-injection", "template-injection"},
	        {"workflow-pr-target-checkout", "dangerous-triggers"},
	};
	size_t i;

	for (i = 0; rule_id && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], rule_id))
			return map[i][1];
	return NULL;
}

struct span {
	const unsigned char *s, *end;
};

static int word_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* A comment opens before p on its line: '#', "//", "/\*", "--" or ';'. */
static int in_comment(struct span l, const unsigned char *p)
{
	const unsigned char *q;

	for (q = l.s; q < p; q++)
		if (*q == '#' || *q == ';' ||
		    (q + 1 < p && ((q[0] == '/' && (q[1] == '/' || q[1] == '*')) ||
		                   (q[0] == '-' && q[1] == '-'))))
			return 1;
	return 0;
}

/* The first `tag` in l standing as a word inside a comment; NULL when none. */
static const unsigned char *find_tag(struct span l, const char *tag, int nocase)
{
	size_t n = strlen(tag);
	const unsigned char *p;

	for (p = l.s; p + n <= l.end; p++) {
		if (nocase ? strncasecmp((const char *)p, tag, n) : memcmp(p, tag, n))
			continue;
		if ((p > l.s && word_char(p[-1])) || (p + n < l.end && word_char(p[n])))
			continue;
		if (in_comment(l, p))
			return p;
	}
	return NULL;
}

/* After `after`, an optional list "(a, b)", "[a, b]" or ": a, b"; its text, or an empty span. */
static struct span list_after(const unsigned char *after, const unsigned char *end)
{
	const unsigned char *p = after, *close;

	while (p < end && *p == ' ')
		p++;
	if (p < end && (*p == '(' || *p == '[')) {
		close = memchr(p, *p == '(' ? ')' : ']', (size_t)(end - p));
		if (close)
			return (struct span){p + 1, close};
	}
	if (p < end && *p == ':')
		return (struct span){p + 1, end};
	return (struct span){after, after};
}

static int list_has(struct span l, const char *needle)
{
	return l.end > l.s && memmem(l.s, (size_t)(l.end - l.s), needle, strlen(needle));
}

/* noqa's codes include a flake8-bandit / ruff S code (S101, S608...). */
static int has_s_code(struct span l)
{
	const unsigned char *p;

	for (p = l.s; p + 1 < l.end; p++)
		if (*p == 'S' && isdigit(p[1]) && (p == l.s || !isalnum(p[-1])))
			return 1;
	return 0;
}

static unsigned nolint_bits(struct span list)
{
	unsigned bits = 0;

	if (list.end == list.s || list_has(list, "*"))
		return C_SECURITY | C_COMPLEXITY;
	if (list_has(list, "readability-function"))
		bits |= C_COMPLEXITY;
	if (list_has(list, "cert-") || list_has(list, "bugprone-") || list_has(list, "security"))
		bits |= C_SECURITY;
	return bits;
}

/* eslint's rules follow its directive, to the end of the comment. */
static unsigned eslint_bits(struct span list)
{
	static const char *const security[] = {
	        "security/",   "security-node/",  "no-eval",   "no-implied-eval",
	        "no-new-func", "no-unsanitized/", "no-danger", "no-script-url",
	};
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < sizeof(security) / sizeof(security[0]); i++)
		if (list_has(list, security[i]))
			bits |= C_SECURITY;
	if (list_has(list, "no-secrets"))
		bits |= C_SECRET;
	return bits;
}

/* The other tool's comment on line l (the item's own line) that covers bit, or NULL. */
static const char *same_line(struct span l, unsigned bit, const char *rule_id)
{
	const unsigned char *p;

	if ((bit & (C_SECURITY | C_SECRET)) && find_tag(l, "nosec", 0))
		return "nosec (bandit, gosec)";
	if ((p = find_tag(l, "noqa", 1)) && (bit & (C_SECURITY | C_SECRET))) {
		struct span codes = list_after(p + 4, l.end);
		if (codes.s == codes.end || has_s_code(codes))
			return "noqa (ruff, flake8-bandit)";
	}
	if ((p = find_tag(l, "NOLINT", 0)) && (nolint_bits(list_after(p + 6, l.end)) & bit))
		return "NOLINT (clang-tidy)";
	if ((bit & C_SECRET) && find_tag(l, "gitleaks:allow", 0))
		return "gitleaks:allow (gitleaks)";
	if ((bit & C_SECRET) && find_tag(l, "pragma: allowlist secret", 0))
		return "pragma: allowlist secret (detect-secrets)";
	if ((p = find_tag(l, "eslint-disable-line", 0)) &&
	    (eslint_bits((struct span){p + 19, l.end}) & bit))
		return "eslint-disable-line (eslint)";
	if ((bit & C_WORKFLOW) && (p = find_tag(l, "zizmor: ignore", 0))) {
		struct span audits = list_after(p + 14, l.end);
		const char *z = zizmor_name(rule_id);
		if ((z && list_has(audits, z)) || (rule_id && list_has(audits, rule_id)))
			return "zizmor: ignore (zizmor)";
	}
	return NULL;
}

/* The other tool's comment on the line above the item that covers bit, or NULL. */
static const char *line_above(struct span l, unsigned bit)
{
	const unsigned char *p;

	if ((p = find_tag(l, "NOLINTNEXTLINE", 0)) &&
	    (nolint_bits(list_after(p + 14, l.end)) & bit))
		return "NOLINTNEXTLINE (clang-tidy)";
	if ((p = find_tag(l, "eslint-disable-next-line", 0)) &&
	    (eslint_bits((struct span){p + 24, l.end}) & bit))
		return "eslint-disable-next-line (eslint)";
	if ((bit & C_SECRET) && find_tag(l, "pragma: allowlist nextline secret", 0))
		return "pragma: allowlist nextline secret (detect-secrets)";
	return NULL;
}

static const char *const markers[] = {
        "terragon:ignore", "nosec",     "noqa",           "NOQA",   "NOLINT",
        "gitleaks:allow",  "allowlist", "eslint-disable", "zizmor",
};

/* The markers' first two bytes, as bits: a position is a candidate when its pair is one. */
static unsigned char marker_pairs[65536 / 8];
static pthread_once_t marker_pairs_once = PTHREAD_ONCE_INIT;

static unsigned pair_at(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void marker_pairs_init(void)
{
	for (size_t m = 0; m < sizeof(markers) / sizeof(markers[0]); m++) {
		unsigned k = pair_at((const unsigned char *)markers[m]);

		marker_pairs[k >> 3] |= (unsigned char)(1u << (k & 7));
	}
}

/* Every file the scanner reads passes here: one pass over its bytes, not one a marker. */
int tg_suppress_marked(const unsigned char *data, size_t len)
{
	size_t i, m;

	pthread_once(&marker_pairs_once, marker_pairs_init);
	for (i = 0; data && i + 1 < len; i++) {
		unsigned k = pair_at(data + i);

		if (!(marker_pairs[k >> 3] & (1u << (k & 7))))
			continue;
		for (m = 0; m < sizeof(markers) / sizeof(markers[0]); m++) {
			size_t n = strlen(markers[m]);

			if (len - i >= n && !memcmp(data + i, markers[m], n))
				return 1;
		}
	}
	return 0;
}

const char *tg_suppress_inline_by(const unsigned char *data, size_t len, int line,
                                  const char *rule_id, const char *category)
{
	unsigned bit = category_bit(category);
	struct span cur = {NULL, NULL}, above = {NULL, NULL};
	size_t s, e;
	const char *by;

	if (!data)
		return NULL;
	if (line_bounds(data, len, line, &s, &e))
		cur = (struct span){data + s, data + e};
	if (line > 1 && line_bounds(data, len, line - 1, &s, &e))
		above = (struct span){data + s, data + e};
	if ((cur.s && mentions(cur.s, (size_t)(cur.end - cur.s), rule_id)) ||
	    (above.s && mentions(above.s, (size_t)(above.end - above.s), rule_id)))
		return TG_SUPPRESS_OURS;
	if (!bit)
		return NULL;
	if (cur.s && (by = same_line(cur, bit, rule_id)))
		return by;
	return above.s ? line_above(above, bit) : NULL;
}

int tg_suppress_inline(const unsigned char *data, size_t len, int line, const char *rule_id)
{
	if (!data || !memmem(data, len, "terragon:ignore", 15))
		return 0;
	return tg_suppress_inline_by(data, len, line, rule_id, NULL) != NULL;
}

void tg_suppress_mark(struct tg_item *it, const char *by)
{
	struct tg_buf b = TG_BUF_INIT;

	it->status = TG_STATUS_SUPPRESSED;
	if (!by || !strcmp(by, TG_SUPPRESS_OURS))
		return;
	tg_buf_addf(&b, "%s [suppressed by %s]", it->message ? it->message : "", by);
	free(it->message);
	it->message = tg_buf_detach(&b, NULL);
}

long tg_suppress_match(const struct tg_suppress_rule *rules, size_t nr, struct tg_item *it,
                       time_t now)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		const struct tg_suppress_rule *r = &rules[i];
		int hit = 0;
		if (r->expires && r->expires <= now)
			continue;
		if (r->fingerprint)
			hit = strlen(r->fingerprint) >= 6 &&
			      !strncmp(it->fingerprint, r->fingerprint, strlen(r->fingerprint));
		else if (r->rule)
			hit = it->rule_id && !strcmp(it->rule_id, r->rule);
		else if (r->path)
			hit = it->path && tg_wildmatch(r->path, it->path, TG_WM_PATHNAME);
		if (hit) {
			it->status = TG_STATUS_SUPPRESSED;
			return (long)i;
		}
	}
	return -1;
}
