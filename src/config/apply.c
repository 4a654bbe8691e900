/*
 * One value onto one key, with its type checked: the same code for the file,
 * the environment and flags, so they accept and reject the same things.
 */
#include "config/config_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"
#include "util/options.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD(cfg, k, type) ((type *)((char *)(cfg) + tg_ckeys[k].off))

/* "FILE:L:C: key: what" (without the place when the value came from elsewhere). */
static int fail(const struct tg_capply *a, const char *key, const struct tg_cnode *n,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(const struct tg_capply *a, const char *key, const struct tg_cnode *n,
                const char *fmt, ...)
{
	struct tg_buf b = TG_BUF_INIT;
	va_list ap;
	int rc;

	if (a->name && n->line)
		tg_buf_addf(&b, "%s:%d:%d: ", a->name, n->line, n->col);
	tg_buf_addf(&b, "%s: ", key);
	va_start(ap, fmt);
	tg_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	rc = tg_error_set(TG_ERR_USAGE, "%s", b.buf);
	tg_buf_release(&b);
	return rc;
}

int tg_capply_fail(const struct tg_capply *a, const char *key, const struct tg_cnode *n,
                   const char *fmt, ...)
{
	struct tg_buf b = TG_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	tg_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	rc = fail(a, key, n, "%s", b.buf);
	tg_buf_release(&b);
	return rc;
}

static int expected(const struct tg_capply *a, const char *key, const struct tg_cnode *n,
                    const char *what)
{
	struct tg_buf got = TG_BUF_INIT;
	int rc;

	tg_cnode_describe(&got, n);
	rc = fail(a, key, n, "expected %s, got %s", what, got.buf);
	tg_buf_release(&got);
	return rc;
}

static int parse_double(const struct tg_cnode *n, double *out)
{
	char *end;

	if (n->type != TG_N_SCALAR || !n->len || strlen(n->v) != n->len)
		return -1;
	errno = 0;
	*out = strtod(n->v, &end);
	return *end || errno || !isfinite(*out) ? -1 : 0;
}

static int parse_integer(const struct tg_cnode *n, long long *out)
{
	char *end;

	if (n->type != TG_N_SCALAR || !n->len || strlen(n->v) != n->len)
		return -1;
	errno = 0;
	*out = strtoll(n->v, &end, 10);
	return *end || errno ? -1 : 0;
}

static int in_range(const struct tg_capply *a, const char *key, const struct tg_cnode *n, double v,
                    double lo, double hi)
{
	if (v >= lo && v <= hi)
		return TG_OK;
	if (hi >= (double)INT32_MAX)
		return fail(a, key, n, "must be at least %g, got %s", lo, n->v);
	return fail(a, key, n, "must be from %g to %g, got %s", lo, hi, n->v);
}

/* YAML's booleans in a file; flags and the environment also take yes/no/on/off/1/0. */
static int parse_boolean(const struct tg_capply *a, const struct tg_cnode *n)
{
	static const char *const yaml[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
	size_t i;

	if (n->type != TG_N_SCALAR)
		return -1;
	if (a->origin != TG_ORIGIN_FILE)
		return tg_parse_bool(n->v);
	for (i = 0; i < TG_ARRAY_SIZE(yaml); i++)
		if (!strcmp(n->v, yaml[i]))
			return i < 3;
	return -1;
}

static int one_of(const char *const *values, const char *v)
{
	for (; *values; values++)
		if (!strcmp(*values, v))
			return 1;
	return 0;
}

static void join(struct tg_buf *b, const char *const *values)
{
	for (; *values; values++)
		tg_buf_addf(b, "%s%s", b->len ? ", " : "", *values);
}

static int not_one_of(const struct tg_capply *a, const char *key, const struct tg_cnode *n,
                      const char *const *values, const char *what)
{
	struct tg_buf known = TG_BUF_INIT;
	int rc;

	join(&known, values);
	rc = fail(a, key, n, "unknown %s \"%s\"; known: %s", what, n->v, known.buf);
	tg_buf_release(&known);
	return rc;
}

static int apply_string(struct tg_capply *a, long k, const struct tg_cnode *n)
{
	const struct tg_ckey *key = &tg_ckeys[k];
	const char *v = n->type == TG_N_NULL ? "" : n->v;
	const char *why;
	char **dst = FIELD(a->cfg, k, char *);

	if (n->type != TG_N_SCALAR && n->type != TG_N_NULL)
		return expected(a, key->path, n, "a string");
	if (strlen(v) != (n->type == TG_N_NULL ? 0 : n->len))
		return fail(a, key->path, n, "contains a NUL byte");
	if (key->type == TG_K_ENUM && !one_of(key->values, v))
		return not_one_of(a, key->path, n, key->values, "value");
	if (key->check && (why = key->check(v)))
		return fail(a, key->path, n, "%s", why);
	free(*dst);
	*dst = tg_strdup(v);
	return TG_OK;
}

static int apply_number(struct tg_capply *a, long k, const struct tg_cnode *n)
{
	const struct tg_ckey *key = &tg_ckeys[k];
	long long i;
	double d;
	int rc;

	if (key->type == TG_K_DOUBLE) {
		if (parse_double(n, &d))
			return expected(a, key->path, n, "a number");
		if ((rc = in_range(a, key->path, n, d, key->lo, key->hi)))
			return rc;
		*FIELD(a->cfg, k, double) = d;
		return TG_OK;
	}
	if (parse_integer(n, &i))
		return expected(a, key->path, n, "an integer");
	if ((rc = in_range(a, key->path, n, (double)i, key->lo, key->hi)))
		return rc;
	if (key->type == TG_K_LONG)
		*FIELD(a->cfg, k, long) = (long)i;
	else
		*FIELD(a->cfg, k, int) = (int)i;
	return TG_OK;
}

static int apply_list(struct tg_capply *a, long k, const struct tg_cnode *n)
{
	const struct tg_ckey *key = &tg_ckeys[k];
	struct tg_strlist l = TG_STRLIST_INIT, *dst = FIELD(a->cfg, k, struct tg_strlist);
	int is_sources = dst == &a->cfg->value_discovery.discovery_sources;
	size_t i;

	if (n->type != TG_N_SEQ && n->type != TG_N_NULL)
		return expected(a, key->path, n, "a list");
	for (i = 0; i < n->nr; i++) {
		const struct tg_cnode *e = &n->kids[i];
		char what[300];

		snprintf(what, sizeof(what), "%s[%zu]", key->path, i);
		if (e->type != TG_N_SCALAR || strlen(e->v) != e->len) {
			tg_strlist_clear(&l);
			return expected(a, what, e, "a string");
		}
		if (key->type == TG_K_ENUMLIST && !one_of(key->values, e->v)) {
			tg_strlist_clear(&l);
			return not_one_of(a, what, e, key->values,
			                  is_sources ? "discovery source" : "name");
		}
		tg_strlist_add(&l, e->v);
	}
	tg_strlist_clear(dst);
	*dst = l;
	return TG_OK;
}

/* The lists of mappings: analyzers, ignore rules, gate commands and layers. */
enum { FIELD_STR, FIELD_INT, FIELD_GLOBS /* a string or a list of them, kept one a line */ };
struct field {
	const char *name;
	int is_int; /* FIELD_* */
	size_t off;
	int required;
};

#define F(t, f, is_int, req)                                                                       \
	{                                                                                          \
#f, is_int, offsetof(struct t, f), req                                             \
	}
static const struct field analyzer_fields[] = {F(tg_analyzer, name, 0, 1),
                                               F(tg_analyzer, run, 0, 1),
                                               F(tg_analyzer, sarif, 0, 1),
                                               F(tg_analyzer, timeout_s, 1, 0),
                                               {NULL, 0, 0, 0}};
static const struct field ignore_fields[] = {
        F(tg_ignore_rule, fingerprint, 0, 0), F(tg_ignore_rule, rule, 0, 0),
        F(tg_ignore_rule, path, 0, 0),        F(tg_ignore_rule, reason, 0, 1),
        F(tg_ignore_rule, expires, 0, 0),     {NULL, 0, 0, 0}};
static const struct field command_fields[] = {F(tg_gate_command, name, 0, 1),
                                              F(tg_gate_command, run, 0, 1),
                                              F(tg_gate_command, timeout_s, 1, 0),
                                              {NULL, 0, 0, 0}};
static const struct field layer_fields[] = {F(tg_layer_config, name, FIELD_STR, 1),
                                            F(tg_layer_config, paths, FIELD_GLOBS, 1),
                                            {NULL, 0, 0, 0}};
static const struct field slo_fields[] = {
        F(tg_slo_config, name, FIELD_STR, 1),      F(tg_slo_config, sli, FIELD_STR, 1),
        F(tg_slo_config, objective, FIELD_STR, 1), F(tg_slo_config, window, FIELD_STR, 1),
        F(tg_slo_config, threshold, FIELD_STR, 0), {NULL, 0, 0, 0}};
#undef F

struct record_kind {
	const struct field *fields;
	size_t size;
	size_t list_off, nr_off; /* the array and its count in struct tg_config */
};

static const struct record_kind kinds[] = {
        [TG_K_ANALYZERS] = {analyzer_fields, sizeof(struct tg_analyzer),
                            offsetof(struct tg_config, value_discovery.analyzers),
                            offsetof(struct tg_config, value_discovery.analyzers_nr)},
        [TG_K_IGNORE] = {ignore_fields, sizeof(struct tg_ignore_rule),
                         offsetof(struct tg_config, value_discovery.ignore),
                         offsetof(struct tg_config, value_discovery.ignore_nr)},
        [TG_K_COMMANDS] = {command_fields, sizeof(struct tg_gate_command),
                           offsetof(struct tg_config, quality_gates.commands),
                           offsetof(struct tg_config, quality_gates.commands_nr)},
        [TG_K_LAYERS] = {layer_fields, sizeof(struct tg_layer_config),
                         offsetof(struct tg_config, architecture.layers),
                         offsetof(struct tg_config, architecture.layers_nr)},
        [TG_K_SLOS] = {slo_fields, sizeof(struct tg_slo_config), offsetof(struct tg_config, slos),
                       offsetof(struct tg_config, slos_nr)},
};

static void free_records(const struct record_kind *rk, char *arr, size_t nr)
{
	size_t i;
	const struct field *f;

	for (i = 0; i < nr; i++)
		for (f = rk->fields; f->name; f++)
			if (f->is_int != FIELD_INT)
				free(*(char **)(arr + i * rk->size + f->off));
	free(arr);
}

static const char *suggest_field(const struct field *fields, const char *name)
{
	for (; fields->name; fields++)
		if (strlen(name) < 40 && (strstr(fields->name, name) || strstr(name, fields->name)))
			return fields->name;
	return NULL;
}

static int valid_date(const char *s)
{
	int y, m, d, n = 0;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return 0;
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* The checks one ignore rule needs beyond its fields' types. */
static int check_ignore(const struct tg_capply *a, const char *what, const struct tg_cnode *n,
                        const struct tg_ignore_rule *r)
{
	int set = !!r->fingerprint + !!r->rule + !!r->path;

	if (set != 1)
		return fail(a, what, n, "set exactly one of fingerprint, rule and path");
	if (r->fingerprint &&
	    (strlen(r->fingerprint) < 6 || strlen(r->fingerprint) > 16 ||
	     strspn(r->fingerprint, "0123456789abcdef") != strlen(r->fingerprint)))
		return fail(a, what, n, "fingerprint: expected 6 to 16 lowercase hex digits");
	if (r->expires && !valid_date(r->expires))
		return fail(a, what, n, "expires: expected a date YYYY-MM-DD, got \"%s\"",
		            r->expires);
	return TG_OK;
}

static int record_field(struct tg_capply *a, const char *what, const struct field *f,
                        const struct tg_cnode *v, char *rec)
{
	long long i;

	if (f->is_int == FIELD_GLOBS && v->type == TG_N_SEQ) {
		struct tg_buf b = TG_BUF_INIT;
		for (size_t k = 0; k < v->nr; k++) {
			const struct tg_cnode *e = &v->kids[k];
			if (e->type != TG_N_SCALAR || strlen(e->v) != e->len ||
			    strchr(e->v, '\n')) {
				tg_buf_release(&b);
				return expected(a, what, e, "a glob");
			}
			tg_buf_addf(&b, "%s%s", k ? "\n" : "", e->v);
		}
		*(char **)(rec + f->off) = tg_buf_detach(&b, NULL);
		return TG_OK;
	}
	if (f->is_int == FIELD_INT) {
		if (parse_integer(v, &i))
			return expected(a, what, v, "an integer");
		if (i < 1 || i > INT32_MAX)
			return fail(a, what, v, "must be at least 1, got %s", v->v);
		*(int *)(rec + f->off) = (int)i;
		return TG_OK;
	}
	if (v->type != TG_N_SCALAR || strlen(v->v) != v->len)
		return expected(a, what, v, "a string");
	*(char **)(rec + f->off) = tg_strdup(v->v);
	return TG_OK;
}

static int parse_record(struct tg_capply *a, const char *what, const struct tg_cnode *n,
                        const struct field *fields, char *rec)
{
	const struct field *f;
	char sub[512];
	size_t i;
	int rc;

	if (n->type != TG_N_MAP)
		return expected(a, what, n, "a mapping");
	for (f = fields; f->name; f++)
		if (f->is_int == FIELD_INT)
			*(int *)(rec + f->off) = 600;
	for (i = 0; i + 1 < n->nr; i += 2) {
		const struct tg_cnode *k = &n->kids[i], *v = &n->kids[i + 1];
		const char *hint;

		if (k->type != TG_N_SCALAR)
			return expected(a, what, k, "a key name");
		snprintf(sub, sizeof(sub), "%s.%.100s", what, k->v);
		for (f = fields; f->name && strcmp(f->name, k->v); f++)
			;
		if (!f->name) {
			hint = suggest_field(fields, k->v);
			if (a->name)
				tg_config_warnf(a->cfg, "%s:%d:%d: %s: unknown key%s%s%s", a->name,
				                k->line, k->col, sub, hint ? " (did you mean " : "",
				                hint ? hint : "", hint ? "?)" : "");
			else
				tg_config_warnf(a->cfg, "%s: unknown key%s%s%s", sub,
				                hint ? " (did you mean " : "", hint ? hint : "",
				                hint ? "?)" : "");
			continue;
		}
		if (f->is_int != FIELD_INT && *(char **)(rec + f->off))
			return fail(a, sub, k, "given twice");
		if ((rc = record_field(a, sub, f, v, rec)))
			return rc;
	}
	for (f = fields; f->name; f++)
		if (f->required && !*(char **)(rec + f->off))
			return fail(a, what, n, "missing \"%s\"", f->name);
	return TG_OK;
}

static int tg_capply_record_list(struct tg_capply *a, long k, const struct tg_cnode *n)
{
	const struct record_kind *rk = &kinds[tg_ckeys[k].type];
	char *arr, what[300], **dst;
	size_t i, *dst_nr;
	int rc = TG_OK;

	if (n->type != TG_N_SEQ && n->type != TG_N_NULL)
		return expected(a, tg_ckeys[k].path, n, "a list");
	arr = tg_calloc(n->nr ? n->nr : 1, rk->size);
	for (i = 0; i < n->nr && !rc; i++) {
		snprintf(what, sizeof(what), "%s[%zu]", tg_ckeys[k].path, i);
		rc = parse_record(a, what, &n->kids[i], rk->fields, arr + i * rk->size);
		if (!rc && tg_ckeys[k].type == TG_K_IGNORE)
			rc = check_ignore(a, what, &n->kids[i],
			                  (struct tg_ignore_rule *)(arr + i * rk->size));
		if (!rc && tg_ckeys[k].type == TG_K_SLOS)
			rc = tg_capply_check_slo(a, what, n, i, (struct tg_slo_config *)arr);
	}
	if (rc) {
		free_records(rk, arr, n->nr);
		return rc;
	}
	dst = (char **)((char *)a->cfg + rk->list_off);
	dst_nr = (size_t *)((char *)a->cfg + rk->nr_off);
	free_records(rk, *dst, *dst_nr);
	*dst = arr;
	*dst_nr = n->nr;
	return TG_OK;
}

void tg_ckey_clear(struct tg_config *cfg, long k)
{
	const struct record_kind *rk;

	switch (tg_ckeys[k].type) {
	case TG_K_STR:
	case TG_K_ENUM:
		free(*FIELD(cfg, k, char *));
		*FIELD(cfg, k, char *) = NULL;
		break;
	case TG_K_LIST:
	case TG_K_ENUMLIST:
		tg_strlist_clear(FIELD(cfg, k, struct tg_strlist));
		break;
	case TG_K_ANALYZERS:
	case TG_K_IGNORE:
	case TG_K_COMMANDS:
	case TG_K_LAYERS:
	case TG_K_SLOS:
		rk = &kinds[tg_ckeys[k].type];
		free_records(rk, *(char **)((char *)cfg + rk->list_off),
		             *(size_t *)((char *)cfg + rk->nr_off));
		*(char **)((char *)cfg + rk->list_off) = NULL;
		*(size_t *)((char *)cfg + rk->nr_off) = 0;
		break;
	default:
		break;
	}
}

int tg_capply_node(struct tg_capply *a, long k, const struct tg_cnode *n)
{
	int rc, b;

	switch (tg_ckeys[k].type) {
	case TG_K_MAP:
		return expected(a, tg_ckeys[k].path, n, "a section"); /* not reached */
	case TG_K_STR:
	case TG_K_ENUM:
		rc = apply_string(a, k, n);
		break;
	case TG_K_INT:
	case TG_K_LONG:
	case TG_K_DOUBLE:
		rc = apply_number(a, k, n);
		break;
	case TG_K_BOOL:
		b = parse_boolean(a, n);
		if (b < 0)
			return expected(a, tg_ckeys[k].path, n, "true or false");
		*FIELD(a->cfg, k, int) = b;
		rc = TG_OK;
		break;
	case TG_K_LIST:
	case TG_K_ENUMLIST:
		rc = apply_list(a, k, n);
		break;
	default:
		rc = tg_capply_record_list(a, k, n);
		break;
	}
	if (!rc)
		((unsigned char *)a->cfg->origins)[k] = (unsigned char)a->origin;
	return rc;
}

void tg_config_warnf(struct tg_config *cfg, const char *fmt, ...)
{
	struct tg_buf b = TG_BUF_INIT;
	va_list ap;

	/* A hostile file could hold a million unknown keys: say so once, not a million times. */
	if (cfg->warnings.nr > 20)
		return;
	if (cfg->warnings.nr == 20)
		tg_buf_adds(&b, "more warnings not shown");
	else {
		va_start(ap, fmt);
		tg_buf_vaddf(&b, fmt, ap);
		va_end(ap);
	}
	tg_warn("%s", b.buf);
	tg_strlist_add(&cfg->warnings, b.buf);
	tg_buf_release(&b);
}

static void record_json(struct tg_buf *b, const struct record_kind *rk, const char *rec)
{
	const struct field *f;
	int first = 1;

	tg_buf_addch(b, '{');
	for (f = rk->fields; f->name; f++) {
		const char *s = f->is_int == FIELD_INT ? NULL : *(char *const *)(rec + f->off);
		if (f->is_int != FIELD_INT && !s)
			continue;
		tg_buf_addf(b, "%s\"%s\": ", first ? "" : ", ", f->name);
		first = 0;
		if (f->is_int == FIELD_INT) {
			tg_buf_addf(b, "%d", *(const int *)(rec + f->off));
		} else if (f->is_int == FIELD_GLOBS) {
			tg_buf_addch(b, '[');
			for (const char *p = s; *p;) {
				size_t n = strcspn(p, "\n");
				if (p != s)
					tg_buf_adds(b, ", ");
				tg_buf_add_json(b, p, n);
				p += n + (p[n] == '\n');
			}
			tg_buf_addch(b, ']');
		} else {
			tg_buf_add_jsons(b, s);
		}
	}
	tg_buf_addch(b, '}');
}

void tg_ckey_value_json(struct tg_buf *b, const struct tg_config *cfg, long k)
{
	const struct tg_strlist *l;
	const struct record_kind *rk;
	const char *arr;
	size_t i, nr;

	switch (tg_ckeys[k].type) {
	case TG_K_STR:
	case TG_K_ENUM:
		tg_buf_add_jsons(b, *FIELD(cfg, k, char *const) ? *FIELD(cfg, k, char *const) : "");
		break;
	case TG_K_INT:
		tg_buf_addf(b, "%d", *FIELD(cfg, k, const int));
		break;
	case TG_K_LONG:
		tg_buf_addf(b, "%ld", *FIELD(cfg, k, const long));
		break;
	case TG_K_DOUBLE:
		tg_buf_addf(b, "%.15g", *FIELD(cfg, k, const double));
		break;
	case TG_K_BOOL:
		tg_buf_adds(b, *FIELD(cfg, k, const int) ? "true" : "false");
		break;
	case TG_K_LIST:
	case TG_K_ENUMLIST:
		l = FIELD(cfg, k, const struct tg_strlist);
		tg_buf_addch(b, '[');
		for (i = 0; i < l->nr; i++) {
			tg_buf_adds(b, i ? ", " : "");
			tg_buf_add_jsons(b, l->v[i]);
		}
		tg_buf_addch(b, ']');
		break;
	case TG_K_ANALYZERS:
	case TG_K_IGNORE:
	case TG_K_COMMANDS:
	case TG_K_LAYERS:
	case TG_K_SLOS:
		rk = &kinds[tg_ckeys[k].type];
		arr = *(char *const *)((const char *)cfg + rk->list_off);
		nr = *(const size_t *)((const char *)cfg + rk->nr_off);
		tg_buf_addch(b, '[');
		for (i = 0; i < nr; i++) {
			tg_buf_adds(b, i ? ", " : "");
			record_json(b, rk, arr + i * rk->size);
		}
		tg_buf_addch(b, ']');
		break;
	case TG_K_MAP:
		break;
	}
}
