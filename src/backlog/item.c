#include "backlog/item.h"
#include "backlog/item_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/redact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void finish(char out[17], struct tg_hasher *h)
{
	tg_hash_hex(tg_hasher_finish(h), out);
}

static void hash_parts(char out[17], const char *kind, const char *a, const char *b, const char *c,
                       const char *d)
{
	struct tg_hasher h;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, kind);
	tg_hasher_adds(&h, a);
	tg_hasher_adds(&h, b);
	tg_hasher_adds(&h, c);
	tg_hasher_adds(&h, d);
	finish(out, &h);
}

void tg_fingerprint_metric(char out[17], const char *rule, const char *path, const char *function)
{
	hash_parts(out, "metric", rule, path, function, NULL);
}

void tg_fingerprint_file(char out[17], const char *rule, const char *path)
{
	hash_parts(out, "file", rule, path, NULL, NULL);
}

void tg_fingerprint_dependency(char out[17], const char *ecosystem, const char *name,
                               const char *advisory_group, const char *file)
{
	struct tg_hasher h;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, "dependency");
	tg_hasher_adds(&h, ecosystem);
	tg_hasher_adds(&h, name);
	tg_hasher_adds(&h, advisory_group);
	tg_hasher_adds(&h, file);
	finish(out, &h);
}

void tg_fingerprint_match(char out[17], const char *rule, const char *path,
                          const char *normalized_text, int k)
{
	char kbuf[16];

	snprintf(kbuf, sizeof(kbuf), "%d", k);
	hash_parts(out, "match", rule, path, normalized_text, kbuf);
}

void tg_fingerprint_secret(char out[17], const char *rule, const char *path,
                           const char *assigned_to, int k)
{
	char kbuf[16];

	snprintf(kbuf, sizeof(kbuf), "%d", k);
	hash_parts(out, "secret", rule, path, assigned_to, kbuf);
}

void tg_fingerprint_import(char out[17], const char *tool, const char *rule, const char *path,
                           const char *tool_fingerprint)
{
	struct tg_hasher h;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, "import");
	tg_hasher_adds(&h, tool);
	tg_hasher_adds(&h, rule);
	tg_hasher_adds(&h, path);
	tg_hasher_adds(&h, tool_fingerprint);
	finish(out, &h);
}

void tg_item_init(struct tg_item *it)
{
	memset(it, 0, sizeof(*it));
	it->job_size = 3;
	it->change_rate = -1;
}

void tg_item_clear_occurrences(struct tg_item *it)
{
	size_t i;

	for (i = 0; i < it->occurrences_nr; i++) {
		free(it->occurrences[i].path);
		free(it->occurrences[i].source);
		free(it->occurrences[i].rule_id);
	}
	free(it->occurrences);
	it->occurrences = NULL;
	it->occurrences_nr = it->occurrences_alloc = 0;
}

int tg_item_is_rule(const struct tg_item *it, const char *rule)
{
	return it->rule_id && !strcmp(it->rule_id, rule);
}

void tg_item_add_occurrence(struct tg_item *it, const char *path, int start_line, int end_line,
                            const char *source, const char *rule_id)
{
	struct tg_occurrence *o;

	TG_ALLOC_GROW(it->occurrences, it->occurrences_nr + 1, it->occurrences_alloc);
	o = &it->occurrences[it->occurrences_nr++];
	o->path = path ? tg_strdup(path) : NULL;
	o->start_line = start_line;
	o->end_line = end_line;
	o->source = source ? tg_strdup(source) : NULL;
	o->rule_id = rule_id ? tg_strdup(rule_id) : NULL;
}

void tg_item_release(struct tg_item *it)
{
#define X(f) free(it->f);
	FREE_FIELDS(it)
#undef X
	tg_item_clear_occurrences(it);
	tg_item_init(it);
}

void tg_item_copy(struct tg_item *dst, const struct tg_item *src)
{
	size_t i;

	*dst = *src;
#define X(f) dst->f = src->f ? tg_strdup(src->f) : NULL;
	FREE_FIELDS(src)
#undef X
	dst->occurrences = NULL;
	dst->occurrences_nr = dst->occurrences_alloc = 0;
	for (i = 0; i < src->occurrences_nr; i++) {
		const struct tg_occurrence *o = &src->occurrences[i];
		tg_item_add_occurrence(dst, o->path, o->start_line, o->end_line, o->source,
		                       o->rule_id);
	}
}

static const char *const contexts[] = {"code", "test", "fixture", "example", "docs", "vendored"};

const char *tg_context_name(enum tg_context c)
{
	return (unsigned)c < TG_ARRAY_SIZE(contexts) ? contexts[c] : "code";
}

int tg_context_parse(const char *s, enum tg_context *out)
{
	size_t i;

	for (i = 0; i < TG_ARRAY_SIZE(contexts); i++)
		if (!strcmp(s, contexts[i])) {
			*out = (enum tg_context)i;
			return TG_OK;
		}
	return tg_error_set(TG_ERR_USAGE,
	                    "unknown context \"%s\" (code, test, fixture, example, docs, vendored)",
	                    s);
}

static const char *const severities[] = {"info", "low", "medium", "high", "critical"};

const char *tg_severity_name(enum tg_severity s)
{
	return (unsigned)s < 5 ? severities[s] : "info";
}

int tg_severity_parse(const char *s, enum tg_severity *out)
{
	int i;

	for (i = 0; i < 5; i++)
		if (!strcmp(s, severities[i])) {
			*out = (enum tg_severity)i;
			return TG_OK;
		}
	return tg_error_set(TG_ERR_USAGE,
	                    "unknown severity \"%s\" (critical, high, medium, low, info)", s);
}

const char *tg_item_status_name(enum tg_item_status s)
{
	static const char *const names[] = {"open", "resolved", "suppressed", "in-progress"};
	return (unsigned)s < 4 ? names[s] : "open";
}

void tg_item_redact(struct tg_item *it)
{
	char **text[] = {&it->title,     &it->message,        &it->evidence,
	                 &it->rule_id,   &it->links.rule_doc, &it->links.commit,
	                 &it->links.cve, &it->links.ghsa,     &it->links.fixed_version};
	size_t i;

	for (i = 0; i < TG_ARRAY_SIZE(text); i++)
		tg_redact_string(text[i]);
}
