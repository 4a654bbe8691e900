/*
 * The match kept between runs (osv.h): discover reruns every few hours on a
 * tree whose lockfiles rarely change, and matching is its dependency
 * source's cost. The file holds a key (the caller's hash of everything the
 * match depends on: the dependency list, the database's snapshot ids,
 * terragon's version) and the findings; any other key is a miss.
 */
#include "osv/osv_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/json.h"

static json_t *strlist_json(const struct tg_strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->nr; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static void json_strlist(const json_t *a, struct tg_strlist *l)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v) if (json_is_string(v)) tg_strlist_add(l, json_string_value(v));
}

static json_t *nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

static char *dup_or_null(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? tg_strdup(s) : NULL;
}

int tg_vuln_list_save(const char *path, const char *key, const struct tg_vuln_list *l)
{
	json_t *root = json_object(), *a = json_array();
	struct tg_buf b = TG_BUF_INIT;
	char *text;
	int rc;

	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_vuln *v = &l->v[i];
		json_array_append_new(
		        a,
		        json_pack("{sI si si so so so so so sf so so so so}", "dep",
		                  (json_int_t)v->dep, "verdict", (int)v->verdict, "range_derived",
		                  v->range_derived, "affected", nullable(v->affected), "ids",
		                  strlist_json(&v->ids), "group", nullable(v->group), "summary",
		                  nullable(v->summary), "vector", nullable(v->vector), "score",
		                  v->score, "db_severity", nullable(v->db_severity), "fixed",
		                  nullable(v->fixed), "symbols", strlist_json(&v->symbols),
		                  "imports", strlist_json(&v->imports)));
	}
	json_object_set_new(root, "key", json_string(key));
	json_object_set_new(root, "records_seen", json_integer((json_int_t)l->records_seen));
	json_object_set_new(root, "vulns", a);
	text = tg_json_dumps(root, JSON_COMPACT);
	json_decref(root);
	if (!text)
		return tg_error_set(TG_ERR_RUN, "%s: cannot encode the match", path);
	tg_buf_adds(&b, text);
	free(text);
	rc = tg_buf_write_file(&b, path);
	tg_buf_release(&b);
	return rc;
}

int tg_vuln_list_load(const char *path, const char *key, size_t ndeps, struct tg_vuln_list *l)
{
	struct tg_buf b = TG_BUF_INIT;
	json_t *root, *v;
	size_t i;

	if (tg_buf_read_file(&b, path)) {
		tg_buf_release(&b);
		return tg_error_set(TG_ERR_NOTFOUND, "%s: no cached match", path);
	}
	root = tg_json_loadb(b.buf, b.len, 0, NULL);
	tg_buf_release(&b);
	if (!root || !json_is_string(json_object_get(root, "key")) ||
	    strcmp(json_string_value(json_object_get(root, "key")), key)) {
		json_decref(root);
		return tg_error_set(TG_ERR_NOTFOUND, "%s: the cached match is of other inputs",
		                    path);
	}
	l->records_seen = (size_t)json_integer_value(json_object_get(root, "records_seen"));
	json_array_foreach(json_object_get(root, "vulns"), i, v)
	{
		json_int_t dep = json_integer_value(json_object_get(v, "dep"));
		struct tg_vuln *x;

		if (dep < 0 || (size_t)dep >= ndeps)
			continue; /* a damaged file cannot point outside the list */
		x = tg_vuln_list_add(l);
		x->dep = (size_t)dep;
		x->verdict = (enum tg_osv_verdict)json_integer_value(json_object_get(v, "verdict"));
		x->range_derived = (int)json_integer_value(json_object_get(v, "range_derived"));
		x->affected = dup_or_null(v, "affected");
		json_strlist(json_object_get(v, "ids"), &x->ids);
		x->group = dup_or_null(v, "group");
		x->summary = dup_or_null(v, "summary");
		x->vector = dup_or_null(v, "vector");
		x->score = json_real_value(json_object_get(v, "score"));
		x->db_severity = dup_or_null(v, "db_severity");
		x->fixed = dup_or_null(v, "fixed");
		json_strlist(json_object_get(v, "symbols"), &x->symbols);
		json_strlist(json_object_get(v, "imports"), &x->imports);
		if (!x->group)
			x->group = tg_strdup("");
	}
	json_decref(root);
	return TG_OK;
}
