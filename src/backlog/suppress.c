#include "backlog/suppress.h"

#include "util/wildmatch.h"

#include <string.h>

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

int tg_suppress_inline(const unsigned char *data, size_t len, int line, const char *rule_id)
{
	size_t s, e;

	if (!data || !memmem(data, len, "terragon:ignore", 15))
		return 0;
	if (line_bounds(data, len, line, &s, &e) && mentions(data + s, e - s, rule_id))
		return 1;
	return line > 1 && line_bounds(data, len, line - 1, &s, &e) &&
	       mentions(data + s, e - s, rule_id);
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
