/*
 * The review's answer (review.h: tg_review_parse). An answer is data from
 * outside, as hostile as any input: it is read as JSON with jansson, and of
 * each finding only the fields the schema names are kept, as strings and
 * numbers, after checking each. Nothing in it is run, opened for writing or
 * followed: a path is only checked to be a regular file beneath the root.
 */
#include "review/review.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backlog/backlog.h"
#include "backlog/item.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"

#define MAX_FINDINGS  200
#define MAX_TITLE     300
#define MAX_RATIONALE 4000
#define MAX_PATH      1024
#define MAX_LINE      10000000

static const char *const categories[] = {"design", "scalability", "maintainability",
                                         "security-architecture", NULL};
static const char *const fields[] = {"category",  "path",       "lines", "title",
                                     "rationale", "confidence", NULL};

static int one_of(const char *s, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(s, *names))
			return 1;
	return 0;
}

static const char *text_of(const json_t *o, const char *key, size_t max)
{
	const json_t *v = json_object_get(o, key);
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	return s && *s && json_string_length(v) <= max && strlen(s) == json_string_length(v) ? s
	                                                                                     : NULL;
}

/* The finding's lines as [start, end], 1 <= start <= end; 0 when they are not. */
static int lines_of(const json_t *o, int *start, int *end)
{
	const json_t *a = json_object_get(o, "lines");
	json_int_t s, e;

	if (!json_is_array(a) || json_array_size(a) != 2 ||
	    !json_is_integer(json_array_get(a, 0)) || !json_is_integer(json_array_get(a, 1)))
		return 0;
	s = json_integer_value(json_array_get(a, 0));
	e = json_integer_value(json_array_get(a, 1));
	if (s < 1 || e < s || e > MAX_LINE)
		return 0;
	*start = (int)s;
	*end = (int)e;
	return 1;
}

/* Only the schema's fields, each of its type and range. */
static int valid(const json_t *o)
{
	const char *key, *cat;
	const json_t *v, *c = json_object_get(o, "confidence");
	int s, e;

	if (!json_is_object(o))
		return 0;
	json_object_foreach((json_t *)o, key, v) if (!one_of(key, fields)) return 0;
	cat = text_of(o, "category", 64);
	return cat && one_of(cat, categories) && text_of(o, "path", MAX_PATH) &&
	       text_of(o, "title", MAX_TITLE) && text_of(o, "rationale", MAX_RATIONALE) &&
	       lines_of(o, &s, &e) && json_is_number(c) && json_number_value(c) >= 0 &&
	       json_number_value(c) <= 1 && isfinite(json_number_value(c));
}

/* A relative path without "." or ".." components, naming a regular file beneath root. */
static int inside(const char *root, const char *path)
{
	const char *p = path;

	if (*path == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n + (p[n] == '/');
	}
	if (p[-1] == '/' || tg_beneath_regular(root, path)) {
		tg_error_clear();
		return 0;
	}
	return 1;
}

static void to_item(const json_t *o, const char *model, struct tg_backlog *out)
{
	const char *cat = text_of(o, "category", 64), *title = text_of(o, "title", MAX_TITLE);
	double conf = json_number_value(json_object_get(o, "confidence"));
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;

	tg_item_init(&it);
	tg_buf_addf(&b, "llm.%s", cat);
	it.rule_id = tg_buf_detach(&b, NULL);
	it.source = tg_strdup("llm");
	it.category = tg_strdup("architecture");
	it.path = tg_strdup(text_of(o, "path", MAX_PATH));
	lines_of(o, &it.start_line, &it.end_line);
	it.severity = conf >= 0.8 ? TG_SEV_MEDIUM : TG_SEV_LOW;
	it.title = tg_strdup(title);
	it.message = tg_strdup(text_of(o, "rationale", MAX_RATIONALE));
	tg_buf_addf(&b, "model: %s\nthe model's confidence: %.2f\nreview category: %s\n", model,
	            conf, cat);
	it.evidence = tg_buf_detach(&b, NULL);
	it.grouping = TG_GROUP_NONE;
	/* Below the measured findings' 4: a model's reading, not a measurement. */
	it.inputs.confidence = 1 + 2 * conf;
	it.inputs.business_value = 2;
	it.inputs.time_criticality = 1;
	it.inputs.risk_reduction = 2;
	tg_fingerprint_match(it.fingerprint, it.rule_id, it.path, title, 0);
	tg_backlog_add(out, &it);
}

/* The model's content: a ```json fence around it, which models add unasked, is taken off. */
static void unfence(const char **s, size_t *n)
{
	const char *p = *s, *e = *s + *n;

	while (p < e && strchr(" \t\r\n", *p))
		p++;
	while (e > p && strchr(" \t\r\n", e[-1]))
		e--;
	if (e - p >= 6 && !memcmp(p, "```", 3) && !memcmp(e - 3, "```", 3)) {
		p = memchr(p, '\n', (size_t)(e - p));
		p = p ? p + 1 : e;
		e -= 3;
		if (e < p)
			e = p;
	}
	*s = p;
	*n = (size_t)(e - p);
}

static long usage_of(const json_t *env, const char *key)
{
	const json_t *v = json_object_get(json_object_get(env, "usage"), key);
	return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static int content_of(const json_t *env, const char **s, size_t *n)
{
	const json_t *msg =
	        json_object_get(json_array_get(json_object_get(env, "choices"), 0), "message");
	const json_t *c = json_object_get(msg, "content");
	const json_t *err = json_object_get(env, "error");

	if (json_is_string(c)) {
		*s = json_string_value(c);
		*n = json_string_length(c);
		return TG_OK;
	}
	if (json_is_string(json_object_get(msg, "refusal")))
		return tg_error_set(TG_ERR_INPUT, "the model refused: %.200s",
		                    json_string_value(json_object_get(msg, "refusal")));
	if (json_is_string(json_object_get(err, "message")))
		return tg_error_set(TG_ERR_INPUT, "the API answered an error: %.200s",
		                    json_string_value(json_object_get(err, "message")));
	return tg_error_set(TG_ERR_INPUT, "the answer has no choices[0].message.content");
}

int tg_review_parse(const char *answer, size_t n, const char *root, const char *model,
                    struct tg_backlog *out, struct tg_review_stats *st)
{
	json_error_t e;
	json_t *env = tg_json_loadb(answer, n, 0, &e), *body, *list;
	const char *s = NULL;
	size_t len = 0, i;
	int rc;

	if (!env)
		return tg_error_set(TG_ERR_INPUT, "the answer is not JSON: %d:%d: %s", e.line,
		                    e.column, e.text);
	st->prompt_tokens = usage_of(env, "prompt_tokens");
	st->answer_tokens = usage_of(env, "completion_tokens");
	if ((rc = content_of(env, &s, &len))) {
		json_decref(env);
		return rc;
	}
	unfence(&s, &len);
	body = tg_json_loadb(s, len, 0, &e);
	list = json_object_get(body, "findings");
	if (!body || !json_is_array(list)) {
		if (body)
			rc = tg_error_set(
			        TG_ERR_INPUT,
			        "the model's answer is JSON but not {\"findings\": [...]}");
		else
			rc = tg_error_set(TG_ERR_INPUT, "the model's answer is not JSON: %d:%d: %s",
			                  e.line, e.column, e.text);
		json_decref(body);
		json_decref(env);
		return rc;
	}
	for (i = 0; i < json_array_size(list); i++) {
		const json_t *f = json_array_get(list, i);
		st->findings++;
		if (i >= MAX_FINDINGS || !valid(f))
			st->invalid++;
		else if (!inside(root, text_of(f, "path", MAX_PATH)))
			st->outside++;
		else {
			to_item(f, model, out);
			st->kept++;
		}
	}
	json_decref(body);
	json_decref(env);
	return TG_OK;
}
