/*
 * CVSS base scores computed from the vector, so a record that carries only
 * a vector (most OSV records) still gets a number, and two records of one
 * alias group are compared on one scale.
 *
 * v3.0 and v3.1: the base score formula of the FIRST specifications, with
 * each version's Roundup (3.1's integer form, which removes the floating
 * point surprises of 3.0's ceiling). Temporal and environmental metrics
 * are checked but do not change the base score.
 *
 * v4.0: the MacroVector lookup of the specification (cvss4_table.c) and
 * the severity-distance interpolation, computed in the same floating point
 * steps as FIRST's calculator so a published score is reproduced to the
 * last bit; threat and environmental metrics, when a vector names them,
 * count as the calculator counts them.
 */
#include "osv/cvss_int.h"

#include <math.h>
#include <string.h>

#include "util/error.h"

/*
 * Splits "CVSS:x.y/K:V/K:V..." after the prefix into val[] by metric: the
 * index of the value in the metric's comma list, -1 when absent. A metric
 * named twice, an unknown metric or value, or a required one missing is
 * malformed.
 */
int tg_cvss_parse_metrics(const char *p, const struct tg_cvss_metric *m, size_t n, int *val)
{
	size_t i;

	for (i = 0; i < n; i++)
		val[i] = -1;
	while (*p) {
		const char *key = p, *colon, *end;
		size_t klen, vlen;

		if (*p++ != '/')
			return -1;
		key = p;
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		colon = memchr(key, ':', (size_t)(end - key));
		if (!colon)
			return -1;
		klen = (size_t)(colon - key);
		vlen = (size_t)(end - colon - 1);
		for (i = 0; i < n; i++)
			if (strlen(m[i].name) == klen && !memcmp(m[i].name, key, klen))
				break;
		if (i == n || val[i] >= 0)
			return -1;
		val[i] = tg_cvss_value_index(m[i].values, colon + 1, vlen);
		if (val[i] < 0)
			return -1;
		p = end;
	}
	for (i = 0; i < n; i++)
		if (m[i].required && val[i] < 0)
			return -1;
	return 0;
}

/* Index of the value v (vlen bytes) in a comma-separated list, or -1. */
int tg_cvss_value_index(const char *list, const char *v, size_t vlen)
{
	int idx = 0;

	while (*list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);

		if (len == vlen && vlen && !memcmp(list, v, vlen))
			return idx;
		idx++;
		list += len + (end ? 1 : 0);
	}
	return -1;
}

/* Base metrics first, in the order the weights below index them. */
static const struct tg_cvss_metric v3_metrics[] = {
        {"AV", "N,A,L,P", 1},   {"AC", "L,H", 1},      {"PR", "N,L,H", 1},
        {"UI", "N,R", 1},       {"S", "U,C", 1},       {"C", "H,L,N", 1},
        {"I", "H,L,N", 1},      {"A", "H,L,N", 1},     {"E", "X,U,P,F,H", 0},
        {"RL", "X,O,T,W,U", 0}, {"RC", "X,U,R,C", 0},  {"CR", "X,L,M,H", 0},
        {"IR", "X,L,M,H", 0},   {"AR", "X,L,M,H", 0},  {"MAV", "X,N,A,L,P", 0},
        {"MAC", "X,L,H", 0},    {"MPR", "X,N,L,H", 0}, {"MUI", "X,N,R", 0},
        {"MS", "X,U,C", 0},     {"MC", "X,N,L,H", 0},  {"MI", "X,N,L,H", 0},
        {"MA", "X,N,L,H", 0},
};
enum { V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A, V3_N = 22 };

/* 3.1's Roundup: the smallest one-decimal number >= x, on integers so that
 * 4.000000000000001 is 4.0 and not 4.1 (specification, Appendix A). */
double tg_cvss_roundup31(double x)
{
	long i = lround(x * 100000.0);

	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (double)(i / 10000 + 1) / 10.0;
}

/* 3.0's Roundup as its specification and calculator define it. */
static double roundup30(double x)
{
	return ceil(x * 10.0) / 10.0;
}

static double v3_base(const int *v, int minor)
{
	static const double av[] = {0.85, 0.62, 0.55, 0.2}, ac[] = {0.77, 0.44};
	static const double pr_u[] = {0.85, 0.62, 0.27}, pr_c[] = {0.85, 0.68, 0.5};
	static const double ui[] = {0.85, 0.62}, cia[] = {0.56, 0.22, 0.0};
	int changed = v[V3_S] == 1;
	double iss, impact, expl, sum;

	iss = 1.0 - (1.0 - cia[v[V3_C]]) * (1.0 - cia[v[V3_I]]) * (1.0 - cia[v[V3_A]]);
	if (changed)
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	else
		impact = 6.42 * iss;
	expl = 8.22 * av[v[V3_AV]] * ac[v[V3_AC]] * (changed ? pr_c : pr_u)[v[V3_PR]] *
	       ui[v[V3_UI]];
	if (impact <= 0)
		return 0.0;
	sum = changed ? 1.08 * (impact + expl) : impact + expl;
	if (sum > 10.0)
		sum = 10.0;
	return minor ? tg_cvss_roundup31(sum) : roundup30(sum);
}

int tg_cvss_score(const char *vector, double *score)
{
	int v[V3_N];

	*score = -1;
	if (!vector)
		return tg_error_set(TG_ERR_INPUT, "no CVSS vector");
	if (!strncmp(vector, "CVSS:3.0/", 9) || !strncmp(vector, "CVSS:3.1/", 9)) {
		if (tg_cvss_parse_metrics(vector + 8, v3_metrics, V3_N, v))
			goto bad;
		*score = v3_base(v, vector[7] == '1');
		return TG_OK;
	}
	if (!strncmp(vector, "CVSS:4.0/", 9)) {
		if (tg_cvss4_score(vector + 8, score))
			goto bad;
		return TG_OK;
	}
bad:
	return tg_error_set(TG_ERR_INPUT, "malformed or unsupported CVSS vector: %.200s", vector);
}
