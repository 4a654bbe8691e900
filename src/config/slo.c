/*
 * The checks an SLO (slos:) needs beyond its fields' types: a name fit for an
 * alert and a label, a known SLI, an objective below 100 %, durations, and a
 * threshold exactly when the SLI measures a latency. Each message names the
 * field's own line and column.
 */
#include "config/config_int.h"

#include "util/error.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tg_config_sli_names[] = {"execution_success", "time_to_value",
                                           "vulnerability_resolution", NULL};

#define DAY 86400L

/* The value node of `key` in a record's mapping (for its place), else the record. */
static const struct tg_cnode *value_node(const struct tg_cnode *rec, const char *key)
{
	for (size_t i = 0; rec->type == TG_N_MAP && i + 1 < rec->nr; i += 2)
		if (rec->kids[i].type == TG_N_SCALAR && !strcmp(rec->kids[i].v, key))
			return &rec->kids[i + 1];
	return rec;
}

/* "30m", "4h", "7d", "2w" in seconds; -1 when it is not one. */
static long duration(const char *s)
{
	static const char units[] = "mhdw";
	static const long secs[] = {60, 3600, DAY, 7 * DAY};
	const char *u;
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end == s || *s == '-' || *s == '+' || errno || !*end || end[1] ||
	    !(u = strchr(units, *end)) || n > 3650L * DAY / secs[u - units])
		return -1;
	return n * secs[u - units];
}

/* "95%", "99.9%" or 0.95; -1 when it is not a ratio strictly between 0 and 1. */
static double ratio(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !isfinite(v))
		return -1;
	if (*end == '%' && !end[1])
		v /= 100;
	else if (*end)
		return -1;
	return v > 0 && v < 1 ? v : -1;
}

static int valid_name(const char *s)
{
	size_t n = strlen(s);

	return n && n <= 63 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n &&
	       s[0] != '-' && s[n - 1] != '-';
}

static int sli_index(const char *s)
{
	for (int i = 0; tg_config_sli_names[i]; i++)
		if (!strcmp(tg_config_sli_names[i], s))
			return i;
	return -1;
}

int tg_capply_check_slo(const struct tg_capply *a, const char *what, const struct tg_cnode *list,
                        size_t i, struct tg_slo_config *slos)
{
	const struct tg_cnode *rec = &list->kids[i];
	struct tg_slo_config *s = &slos[i];
	char key[400];
	int sli;

	if (i >= TG_CONFIG_SLOS_MAX)
		return tg_capply_fail(a, what, rec, "at most %d SLOs", TG_CONFIG_SLOS_MAX);
	snprintf(key, sizeof(key), "%s.name", what);
	if (!valid_name(s->name))
		return tg_capply_fail(a, key, value_node(rec, "name"),
		                      "expected lowercase letters, digits and '-' (at most 63), "
		                      "got \"%s\"",
		                      s->name);
	for (size_t j = 0; j < i; j++)
		if (!strcmp(slos[j].name, s->name))
			return tg_capply_fail(a, key, value_node(rec, "name"),
			                      "\"%s\" is the name of slos[%zu] already", s->name,
			                      j);
	snprintf(key, sizeof(key), "%s.sli", what);
	if ((sli = sli_index(s->sli)) < 0)
		return tg_capply_fail(a, key, value_node(rec, "sli"),
		                      "unknown SLI \"%s\"; known: execution_success, "
		                      "time_to_value, vulnerability_resolution",
		                      s->sli);
	snprintf(key, sizeof(key), "%s.objective", what);
	if ((s->ratio = ratio(s->objective)) < 0)
		return tg_capply_fail(a, key, value_node(rec, "objective"),
		                      "expected a share above 0 and below 100%% (95%% or 0.95), "
		                      "got \"%s\"",
		                      s->objective);
	snprintf(key, sizeof(key), "%s.window", what);
	s->window_s = duration(s->window);
	if (s->window_s < 3600 || s->window_s > 365 * DAY)
		return tg_capply_fail(a, key, value_node(rec, "window"),
		                      "expected a duration from 1h to 365d (7d, 4w), got \"%s\"",
		                      s->window);
	snprintf(key, sizeof(key), "%s.threshold", what);
	if (sli == 0 && s->threshold)
		return tg_capply_fail(a, key, value_node(rec, "threshold"),
		                      "execution_success has no threshold (it counts outcomes)");
	if (sli != 0 && !s->threshold)
		return tg_capply_fail(a, what, rec, "missing \"threshold\" (%s measures a latency)",
		                      s->sli);
	s->threshold_s = s->threshold ? duration(s->threshold) : 0;
	if (s->threshold && (s->threshold_s < 60 || s->threshold_s > 365 * DAY))
		return tg_capply_fail(a, key, value_node(rec, "threshold"),
		                      "expected a duration from 1m to 365d (4h, 2d), got \"%s\"",
		                      s->threshold);
	return TG_OK;
}
