/*
 * One OSV record, from JSON or YAML text to what the database keeps: its id,
 * `modified`, whether it is withdrawn, the (ecosystem, normalised name) of
 * each affected package, and the record as compact JSON.
 */
#include "vulndb/vulndb_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (y may be 1). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* n decimal digits at s into *v; 0 when they are not all digits. */
static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

int tg_vulndb_parse_time(const char *s, int64_t *us)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, frac = 0, scale = 1000000;
	int64_t t;

	if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return TG_ERR_INPUT;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return TG_ERR_INPUT;
	s += 19;
	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return TG_ERR_INPUT;
		/* microseconds: digits past the sixth are dropped */
		for (; isdigit((unsigned char)*s); s++)
			if (scale > 1)
				scale /= 10, frac += (*s - '0') * scale;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1;
		if (!digits(s + 1, 2, &oh) || s[3] != ':' || !digits(s + 4, 2, &om))
			return TG_ERR_INPUT;
		oh *= sign, om *= sign;
		s += 6;
	} else {
		return TG_ERR_INPUT;
	}
	if (*s)
		return TG_ERR_INPUT;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec -
	    (oh * 3600 + om * 60);
	*us = t * 1000000 + frac;
	return TG_OK;
}

static const char *string_member(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The affected packages of ecosystems terragon knows, names normalised, each once. */
static void collect_packages(struct tg_vulndb_record *rec)
{
	json_t *affected = json_object_get(rec->root, "affected"), *a;
	struct tg_buf name = TG_BUF_INIT;
	size_t i, alloc = 0;

	json_array_foreach(affected, i, a)
	{
		json_t *pkg = json_object_get(a, "package");
		const char *e = string_member(pkg, "ecosystem"), *n = string_member(pkg, "name");
		enum tg_eco eco;
		size_t k;

		if (!e || !n || !*n || tg_eco_parse(e, &eco) || eco == TG_ECO_UNKNOWN) {
			rec->unknown_ecosystems++;
			continue;
		}
		tg_buf_reset(&name);
		tg_eco_normalize_name(eco, n, &name);
		for (k = 0; k < rec->pkgs_nr; k++)
			if (rec->pkgs[k].eco == eco && !strcmp(rec->pkgs[k].name, name.buf))
				break;
		if (k < rec->pkgs_nr)
			continue;
		TG_ALLOC_GROW(rec->pkgs, rec->pkgs_nr + 1, alloc);
		rec->pkgs[rec->pkgs_nr].eco = eco;
		rec->pkgs[rec->pkgs_nr++].name = tg_strdup(name.buf);
	}
	tg_buf_release(&name);
}

/*
 * OSV records are UTF-8 (RFC 8259, and libyaml checks YAML's): plain jansson,
 * which refuses other bytes, is the right reader here, and the stored text
 * is valid UTF-8 for whichever JSON reader the matcher uses.
 */
static int load(const char *name, const char *text, size_t len, int yaml, json_t **root)
{
	json_error_t err;

	if (yaml)
		return tg_vulndb_yaml_to_json(name, text, len, root);
	*root = json_loadb(text, len, 0, &err);
	if (!*root)
		return tg_error_set(TG_ERR_INPUT, "%s:%d:%d: invalid JSON: %s", name, err.line,
		                    err.column, err.text);
	return TG_OK;
}

int tg_vulndb_record_parse(const char *name, const char *text, size_t len, int yaml,
                           struct tg_vulndb_record *rec)
{
	int rc;

	memset(rec, 0, sizeof(*rec));
	if ((rc = load(name, text, len, yaml, &rec->root)))
		return rc;
	if (!json_is_object(rec->root)) {
		tg_vulndb_record_release(rec);
		return tg_error_set(TG_ERR_INPUT, "%s: not an OSV record (expected an object)",
		                    name);
	}
	rec->id = string_member(rec->root, "id");
	rec->modified = string_member(rec->root, "modified");
	if (!rec->id || !*rec->id || !rec->modified ||
	    tg_vulndb_parse_time(rec->modified, &rec->modified_us)) {
		const char *what = !rec->id || !*rec->id ? "no string \"id\""
		                                         : "no RFC 3339 \"modified\" time";
		tg_vulndb_record_release(rec);
		return tg_error_set(TG_ERR_INPUT, "%s: not an OSV record: %s", name, what);
	}
	rec->withdrawn = string_member(rec->root, "withdrawn") != NULL;
	collect_packages(rec);
	rec->json = json_dumps(rec->root, JSON_COMPACT);
	rec->len = strlen(rec->json);
	return TG_OK;
}

void tg_vulndb_record_release(struct tg_vulndb_record *rec)
{
	for (size_t i = 0; i < rec->pkgs_nr; i++)
		free(rec->pkgs[i].name);
	free(rec->pkgs);
	free(rec->json);
	json_decref(rec->root);
	memset(rec, 0, sizeof(*rec));
}

int tg_vulndb_record_name(const char *name, int *yaml)
{
	size_t n = strlen(name);

	*yaml = (n > 5 && !strcmp(name + n - 5, ".yaml")) ||
	        (n > 4 && !strcmp(name + n - 4, ".yml"));
	return *yaml || (n > 5 && !strcmp(name + n - 5, ".json"));
}
