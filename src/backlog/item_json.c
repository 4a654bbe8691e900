#include "backlog/item_json.h"
#include "backlog/tier.h"

#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct writer {
	struct tg_buf *out;
	int indent; /* < 0: compact */
	int depth;
	int first;
};

/*
 * The writer runs once per item for the store and once more for
 * value-metrics.json, 100,000 times a run on a large backlog: keys are
 * literals that need no escaping, most values need none either, and whole
 * numbers skip printf. The bytes are those tg_buf_add_json and
 * tg_buf_add_jsonnum write.
 */
static void newline(struct writer *w)
{
	static const char spaces[] = "                                ";
	int n;

	if (w->indent < 0)
		return;
	tg_buf_addch(w->out, '\n');
	for (n = w->indent + 2 * w->depth; n > 0; n -= (int)sizeof(spaces) - 1)
		tg_buf_add(w->out, spaces,
		           n < (int)sizeof(spaces) - 1 ? (size_t)n : sizeof(spaces) - 1);
}

static void key(struct writer *w, const char *k)
{
	size_t n = strlen(k);
	char *p;

	if (!w->first)
		tg_buf_addch(w->out, ',');
	w->first = 0;
	newline(w);
	tg_buf_grow(w->out, n + 4);
	p = w->out->buf + w->out->len;
	*p++ = '"';
	memcpy(p, k, n);
	p += n;
	*p++ = '"';
	*p++ = ':';
	if (w->indent >= 0)
		*p++ = ' ';
	*p = '\0';
	w->out->len = (size_t)(p - w->out->buf);
}

static void open_obj(struct writer *w)
{
	tg_buf_addch(w->out, '{');
	w->depth++;
	w->first = 1;
}

static void close_obj(struct writer *w)
{
	w->depth--;
	newline(w);
	tg_buf_addch(w->out, '}');
	w->first = 0;
}

static void jstr(struct tg_buf *out, const char *v)
{
	size_t n, i;
	char *p;

	if (!v) {
		tg_buf_add(out, "null", 4);
		return;
	}
	for (n = 0; v[n]; n++) {
		unsigned char c = (unsigned char)v[n];
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			tg_buf_add_json(out, v, n + strlen(v + n));
			return;
		}
	}
	tg_buf_grow(out, n + 2);
	p = out->buf + out->len;
	p[0] = '"';
	for (i = 0; i < n; i++)
		p[i + 1] = v[i];
	p[n + 1] = '"';
	p[n + 2] = '\0';
	out->len += n + 2;
}

static void jnum(struct tg_buf *out, double v)
{
	char s[24], *p = s + sizeof(s);
	unsigned long long u;

	if (v != v || v >= 9e15 || v <= -9e15 || v != (double)(long long)v) {
		tg_buf_add_jsonnum(out, v);
		return;
	}
	u = v < 0 ? (unsigned long long)-(long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	tg_buf_add(out, p, (size_t)(s + sizeof(s) - p));
}

static void str(struct writer *w, const char *k, const char *v)
{
	key(w, k);
	jstr(w->out, v);
}

static void num(struct writer *w, const char *k, double v)
{
	key(w, k);
	jnum(w->out, v);
}

static void when(struct writer *w, const char *k, time_t t)
{
	char s[32];

	key(w, k);
	if (!t) {
		tg_buf_adds(w->out, "null");
		return;
	}
	tg_time_format(t, s, sizeof(s));
	tg_buf_add_jsons(w->out, s);
}

static void links(struct writer *w, const struct tg_item_links *l)
{
	key(w, "links");
	open_obj(w);
#define LINK(f)                                                                                    \
	if (l->f)                                                                                  \
		str(w, #f, l->f);
	LINK(cwe)
	LINK(cve)
	LINK(ghsa)
	LINK(fixed_version)
	LINK(rule_doc)
	LINK(commit)
#undef LINK
	if (w->first) { /* empty object stays on one line */
		w->depth--;
		tg_buf_addch(w->out, '}');
		w->first = 0;
		return;
	}
	close_obj(w);
}

/* One line each: a grouped item may have hundreds. */
static void occurrences(struct writer *w, const struct tg_item *it)
{
	size_t i;

	key(w, "occurrences");
	tg_buf_addch(w->out, '[');
	w->depth++;
	for (i = 0; i < it->occurrences_nr; i++) {
		const struct tg_occurrence *o = &it->occurrences[i];
		if (i)
			tg_buf_addch(w->out, ',');
		newline(w);
		tg_buf_adds(w->out, "{\"path\":");
		jstr(w->out, o->path);
		tg_buf_adds(w->out, ",\"start_line\":");
		jnum(w->out, o->start_line);
		tg_buf_adds(w->out, ",\"end_line\":");
		jnum(w->out, o->end_line);
		tg_buf_adds(w->out, ",\"source\":");
		jstr(w->out, o->source);
		tg_buf_adds(w->out, ",\"rule_id\":");
		jstr(w->out, o->rule_id);
		tg_buf_addch(w->out, '}');
	}
	w->depth--;
	newline(w);
	tg_buf_addch(w->out, ']');
}

void tg_item_to_json(struct tg_buf *out, const struct tg_item *it, int indent)
{
	struct writer w = {out, indent, 0, 1};
	const struct tg_item_inputs *in = &it->inputs;
	const struct tg_item_scores *s = &it->scores;

	open_obj(&w);
	str(&w, "fingerprint", it->fingerprint);
	str(&w, "source", it->source);
	str(&w, "category", it->category);
	str(&w, "severity", tg_severity_name(it->severity));
	str(&w, "rule_id", it->rule_id);
	str(&w, "title", it->title);
	str(&w, "message", it->message);
	str(&w, "path", it->path);
	num(&w, "start_line", it->start_line);
	num(&w, "end_line", it->end_line);
	num(&w, "start_column", it->start_column);
	num(&w, "end_column", it->end_column);
	str(&w, "context", tg_context_name(it->context));
	str(&w, "tier", tg_tier_name(tg_item_tier(it)));
	if (tg_item_watch_reason(it))
		str(&w, "watch_reason", tg_item_watch_reason(it));
	str(&w, "evidence", it->evidence);
	if (it->occurrences_nr)
		occurrences(&w, it);
	if (it->controls)
		str(&w, "controls", it->controls);
	num(&w, "job_size", it->job_size);
	num(&w, "remediation_minutes", it->remediation_minutes);
	key(&w, "inputs");
	open_obj(&w);
	num(&w, "business_value", in->business_value);
	num(&w, "time_criticality", in->time_criticality);
	num(&w, "risk_reduction", in->risk_reduction);
	num(&w, "impact", in->impact);
	num(&w, "confidence", in->confidence);
	num(&w, "ease", in->ease);
	close_obj(&w);
	key(&w, "change_rate");
	if (it->change_rate < 0)
		tg_buf_adds(w.out, "null");
	else
		tg_buf_add_jsonnum(w.out, it->change_rate);
	str(&w, "status", tg_item_status_name(it->status));
	when(&w, "first_seen", it->first_seen);
	when(&w, "last_seen", it->last_seen);
	when(&w, "resolved_at", it->resolved_at);
	key(&w, "scores");
	open_obj(&w);
	num(&w, "wsjf", s->wsjf);
	num(&w, "ice", s->ice);
	num(&w, "debt", s->debt);
	num(&w, "severity", s->severity);
	num(&w, "base", s->base);
	num(&w, "boost", s->boost);
	num(&w, "composite", s->composite);
	close_obj(&w);
	links(&w, &it->links);
	if (it->fix) { /* JSON already, written by the source */
		key(&w, "fix");
		tg_buf_adds(w.out, it->fix);
	}
	if (it->not_rescanned)
		str(&w, "not_rescanned", it->not_rescanned);
	close_obj(&w);
}

static char *dup_str(const json_t *obj, const char *k)
{
	const json_t *v = json_object_get(obj, k);
	return json_is_string(v) ? tg_strdup(json_string_value(v)) : NULL;
}

static double get_num(const json_t *obj, const char *k)
{
	const json_t *v = json_object_get(obj, k);
	return json_is_number(v) ? json_number_value(v) : 0;
}

static time_t get_time(const json_t *obj, const char *k)
{
	const json_t *v = json_object_get(obj, k);
	time_t t = 0;

	if (json_is_string(v) && tg_time_parse(json_string_value(v), &t))
		t = 0;
	return t;
}

static void read_occurrences(struct tg_item *it, const json_t *arr)
{
	size_t i;
	const json_t *v;

	json_array_foreach(arr, i, v)
	{
		char *path = dup_str(v, "path"), *source = dup_str(v, "source");
		char *rule = dup_str(v, "rule_id");
		if (json_is_object(v))
			tg_item_add_occurrence(it, path, (int)get_num(v, "start_line"),
			                       (int)get_num(v, "end_line"), source, rule);
		free(path);
		free(source);
		free(rule);
	}
}

int tg_item_from_json(struct tg_item *it, const json_t *o)
{
	const char *ctx = json_string_value(json_object_get(o, "context"));
	const char *fp = json_string_value(json_object_get(o, "fingerprint"));
	const char *sev = json_string_value(json_object_get(o, "severity"));
	const char *st = json_string_value(json_object_get(o, "status"));
	const json_t *in = json_object_get(o, "inputs"), *l = json_object_get(o, "links");
	const json_t *sc = json_object_get(o, "scores");
	enum tg_severity severity = TG_SEV_INFO;
	int i;

	if (!json_is_object(o) || !fp || strlen(fp) != 16 || strspn(fp, "0123456789abcdef") != 16)
		return tg_error_set(TG_ERR_INPUT, "item without a 16-hex-digit fingerprint");
	if (sev && tg_severity_parse(sev, &severity))
		return TG_ERR_INPUT;
	tg_item_init(it);
	memcpy(it->fingerprint, fp, 17);
	it->severity = severity;
	for (i = 0; st && i < 4; i++)
		if (!strcmp(st, tg_item_status_name(i)))
			it->status = i;
	it->source = dup_str(o, "source");
	it->rule_id = dup_str(o, "rule_id");
	it->category = dup_str(o, "category");
	it->title = dup_str(o, "title");
	it->message = dup_str(o, "message");
	it->path = dup_str(o, "path");
	it->evidence = dup_str(o, "evidence");
	it->start_line = (int)get_num(o, "start_line");
	it->end_line = (int)get_num(o, "end_line");
	it->start_column = (int)get_num(o, "start_column");
	it->end_column = (int)get_num(o, "end_column");
	it->job_size = (int)get_num(o, "job_size");
	it->remediation_minutes = get_num(o, "remediation_minutes");
	it->inputs = (struct tg_item_inputs){
	        get_num(in, "business_value"), get_num(in, "time_criticality"),
	        get_num(in, "risk_reduction"), get_num(in, "impact"),
	        get_num(in, "confidence"),     get_num(in, "ease")};
	it->scores = (struct tg_item_scores){get_num(sc, "wsjf"),     get_num(sc, "ice"),
	                                     get_num(sc, "debt"),     get_num(sc, "severity"),
	                                     get_num(sc, "base"),     get_num(sc, "boost"),
	                                     get_num(sc, "composite")};
	it->change_rate = json_is_number(json_object_get(o, "change_rate"))
	                          ? json_number_value(json_object_get(o, "change_rate"))
	                          : -1;
	it->first_seen = get_time(o, "first_seen");
	it->last_seen = get_time(o, "last_seen");
	it->resolved_at = get_time(o, "resolved_at");
	it->links.cwe = dup_str(l, "cwe");
	it->links.cve = dup_str(l, "cve");
	it->links.ghsa = dup_str(l, "ghsa");
	it->links.fixed_version = dup_str(l, "fixed_version");
	it->links.rule_doc = dup_str(l, "rule_doc");
	it->links.commit = dup_str(l, "commit");
	it->not_rescanned = dup_str(o, "not_rescanned");
	it->controls = dup_str(o, "controls");
	if (ctx && tg_context_parse(ctx, &it->context))
		it->context = TG_CONTEXT_CODE;
	read_occurrences(it, json_object_get(o, "occurrences"));
	if (json_is_object(json_object_get(o, "fix")))
		it->fix = tg_json_dumps(json_object_get(o, "fix"), JSON_COMPACT);
	return TG_OK;
}
