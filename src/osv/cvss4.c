/*
 * CVSS v4.0 scoring (FIRST, CVSS v4.0 specification, section 8): the vector
 * falls in a MacroVector (six equivalence classes, EQ1-EQ6) whose score the
 * specification's table gives; the score then moves down from it by the
 * mean, over the EQs that have a lower MacroVector, of the vector's
 * severity distance from the MacroVector's highest-severity vectors as a
 * share of the MacroVector's depth, times the score difference to that
 * lower MacroVector.
 */
#include "osv/cvss_int.h"

#include <math.h>
#include <string.h>

/*
 * The MacroVector scores of the specification, indexed
 * [EQ1][EQ2][EQ3][EQ4][EQ5][EQ6]; -1 where no MacroVector exists (EQ3=2
 * with EQ6=0 cannot happen).
 */
/* One row per EQ3 value; within it EQ4, EQ5, EQ6 vary, EQ6 fastest. */
/* clang-format off */
static const double macro_scores[3 * 2 * 3 * 3 * 3 * 2] = {
	/* EQ1=0 EQ2=0 */
	10.0, 9.9, 9.8, 9.5, 9.5, 9.2, 10.0, 9.6, 9.3, 8.7, 9.1, 8.1, 9.3, 9.0, 8.9, 8.0, 8.1, 6.8,
	9.8, 9.5, 9.5, 9.2, 9.0, 8.4, 9.3, 9.2, 8.9, 8.1, 8.1, 6.5, 8.8, 8.0, 7.8, 7.0, 6.9, 4.8,
	-1, 9.2, -1, 8.2, -1, 7.2, -1, 7.9, -1, 6.9, -1, 5.0, -1, 6.9, -1, 5.5, -1, 2.7,
	/* EQ1=0 EQ2=1 */
	9.9, 9.7, 9.5, 9.2, 9.2, 8.5, 9.5, 9.1, 9.0, 8.3, 8.4, 7.1, 9.2, 8.1, 8.2, 7.1, 7.2, 5.3,
	9.5, 9.3, 9.2, 8.5, 8.5, 7.3, 9.2, 8.2, 8.0, 7.2, 7.0, 5.9, 8.4, 7.0, 7.1, 5.2, 5.0, 3.0,
	-1, 8.6, -1, 7.5, -1, 5.2, -1, 7.1, -1, 5.2, -1, 2.9, -1, 6.3, -1, 2.9, -1, 1.7,
	/* EQ1=1 EQ2=0 */
	9.8, 9.5, 9.4, 8.7, 9.1, 8.1, 9.4, 8.9, 8.6, 7.4, 7.7, 6.4, 8.7, 7.5, 7.4, 6.3, 6.3, 4.9,
	9.4, 8.9, 8.8, 7.7, 7.6, 6.7, 8.6, 7.6, 7.4, 5.8, 5.9, 5.0, 7.2, 5.7, 5.7, 5.2, 5.2, 2.5,
	-1, 8.3, -1, 7.0, -1, 5.4, -1, 6.5, -1, 5.8, -1, 2.6, -1, 5.3, -1, 2.1, -1, 1.3,
	/* EQ1=1 EQ2=1 */
	9.5, 9.0, 8.8, 7.6, 7.6, 7.0, 9.0, 7.7, 7.5, 6.2, 6.1, 5.3, 7.7, 6.6, 6.8, 5.9, 5.2, 3.0,
	8.9, 7.8, 7.6, 6.7, 6.2, 5.8, 7.4, 5.9, 5.7, 5.7, 4.7, 2.3, 6.1, 5.2, 5.7, 2.9, 2.4, 1.6,
	-1, 7.1, -1, 5.9, -1, 3.0, -1, 5.8, -1, 2.6, -1, 1.5, -1, 2.3, -1, 1.3, -1, 0.6,
	/* EQ1=2 EQ2=0 */
	9.3, 8.7, 8.6, 7.2, 7.5, 5.8, 8.6, 7.4, 7.4, 6.1, 5.6, 3.4, 7.0, 5.4, 5.2, 4.0, 4.0, 2.2,
	8.5, 7.5, 7.4, 5.5, 6.2, 5.1, 7.2, 5.7, 5.5, 4.1, 4.6, 1.9, 5.3, 3.6, 3.4, 1.9, 1.9, 0.8,
	-1, 6.4, -1, 5.1, -1, 2.0, -1, 4.7, -1, 2.1, -1, 1.1, -1, 2.4, -1, 0.9, -1, 0.4,
	/* EQ1=2 EQ2=1 */
	8.8, 7.5, 7.3, 5.3, 6.0, 5.0, 7.3, 5.5, 5.9, 4.0, 4.1, 2.0, 5.4, 4.3, 4.5, 2.2, 2.0, 1.1,
	7.5, 5.5, 5.8, 4.5, 4.0, 2.1, 6.1, 5.1, 4.8, 1.8, 2.0, 0.9, 4.6, 1.8, 1.7, 0.7, 0.8, 0.2,
	-1, 5.3, -1, 2.4, -1, 1.4, -1, 2.4, -1, 1.2, -1, 0.5, -1, 1.0, -1, 0.3, -1, 0.1,
};
/* clang-format on */
/* clang-format on */

double tg_cvss4_macro_score(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6)
{
	double s;

	if (eq1 < 0 || eq1 > 2 || eq2 < 0 || eq2 > 1 || eq3 < 0 || eq3 > 2 || eq4 < 0 || eq4 > 2 ||
	    eq5 < 0 || eq5 > 2 || eq6 < 0 || eq6 > 1)
		return NAN;
	s = macro_scores[((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 + eq6];
	return s < 0 ? NAN : s;
}

/* Every metric of the specification; base metrics first, all required. */
static const struct tg_cvss_metric v4_metrics[] = {
        {"AV", "N,A,L,P", 1},    {"AC", "L,H", 1},
        {"AT", "N,P", 1},        {"PR", "N,L,H", 1},
        {"UI", "N,P,A", 1},      {"VC", "H,L,N", 1},
        {"VI", "H,L,N", 1},      {"VA", "H,L,N", 1},
        {"SC", "H,L,N", 1},      {"SI", "H,L,N", 1},
        {"SA", "H,L,N", 1},      {"E", "X,A,P,U", 0},
        {"CR", "X,H,M,L", 0},    {"IR", "X,H,M,L", 0},
        {"AR", "X,H,M,L", 0},    {"MAV", "X,N,A,L,P", 0},
        {"MAC", "X,L,H", 0},     {"MAT", "X,N,P", 0},
        {"MPR", "X,N,L,H", 0},   {"MUI", "X,N,P,A", 0},
        {"MVC", "X,H,L,N", 0},   {"MVI", "X,H,L,N", 0},
        {"MVA", "X,H,L,N", 0},   {"MSC", "X,H,L,N", 0},
        {"MSI", "X,S,H,L,N", 0}, {"MSA", "X,S,H,L,N", 0},
        {"S", "X,N,P", 0},       {"AU", "X,N,Y", 0},
        {"R", "X,A,U,I", 0},     {"V", "X,D,C", 0},
        {"RE", "X,L,M,H", 0},    {"U", "X,Clear,Green,Amber,Red", 0},
};
#define V4_N (sizeof(v4_metrics) / sizeof(v4_metrics[0]))

struct v4 {
	int val[V4_N];
};

static int metric_index(const char *name)
{
	size_t i;

	for (i = 0; i < V4_N; i++)
		if (!strcmp(v4_metrics[i].name, name))
			return (int)i;
	return -1;
}

/* The letter of a metric's value; 'X' when the vector does not name it. */
static char raw(const struct v4 *v, const char *name)
{
	int i = metric_index(name), k;
	const char *p;

	if (i < 0 || v->val[i] < 0)
		return 'X';
	p = v4_metrics[i].values;
	for (k = v->val[i]; k > 0; k--)
		p = strchr(p, ',') + 1;
	return *p;
}

/*
 * The value the score uses: a modified (M*) metric overrides its base
 * metric; E, CR, IR and AR not given count as their worst case.
 */
static char eff(const struct v4 *v, const char *name)
{
	char m[8] = "M", c = raw(v, name);

	if (c == 'X' && !strcmp(name, "E"))
		return 'A';
	if (c == 'X' && (!strcmp(name, "CR") || !strcmp(name, "IR") || !strcmp(name, "AR")))
		return 'H';
	strncat(m, name, sizeof(m) - 2);
	if (metric_index(m) >= 0 && raw(v, m) != 'X')
		return raw(v, m);
	return c;
}

static void macro_vector(const struct v4 *v, int eq[6])
{
	char av = eff(v, "AV"), pr = eff(v, "PR"), ui = eff(v, "UI");
	char vc = eff(v, "VC"), vi = eff(v, "VI"), va = eff(v, "VA");
	char e = eff(v, "E");

	if (av == 'N' && pr == 'N' && ui == 'N')
		eq[0] = 0;
	else if ((av == 'N' || pr == 'N' || ui == 'N') && av != 'P')
		eq[0] = 1;
	else
		eq[0] = 2;
	eq[1] = eff(v, "AC") == 'L' && eff(v, "AT") == 'N' ? 0 : 1;
	if (vc == 'H' && vi == 'H')
		eq[2] = 0;
	else if (vc == 'H' || vi == 'H' || va == 'H')
		eq[2] = 1;
	else
		eq[2] = 2;
	if (raw(v, "MSI") == 'S' || raw(v, "MSA") == 'S')
		eq[3] = 0;
	else if (eff(v, "SC") == 'H' || eff(v, "SI") == 'H' || eff(v, "SA") == 'H')
		eq[3] = 1;
	else
		eq[3] = 2;
	eq[4] = e == 'A' ? 0 : e == 'P' ? 1 : 2;
	eq[5] = (eff(v, "CR") == 'H' && vc == 'H') || (eff(v, "IR") == 'H' && vi == 'H') ||
	                        (eff(v, "AR") == 'H' && va == 'H')
	                ? 0
	                : 1;
}

/* Each metric's severity levels, in tenths as the specification steps them. */
static double level(const char *metric, char c)
{
	static const struct {
		const char *name, *letters;
		double first;
	} t[] = {
	        {"AV", "NALP", 0.0}, {"PR", "NLH", 0.0},  {"UI", "NPA", 0.0},  {"AC", "LH", 0.0},
	        {"AT", "NP", 0.0},   {"VC", "HLN", 0.0},  {"VI", "HLN", 0.0},  {"VA", "HLN", 0.0},
	        {"SC", "HLN", 0.1},  {"SI", "SHLN", 0.0}, {"SA", "SHLN", 0.0}, {"CR", "HML", 0.0},
	        {"IR", "HML", 0.0},  {"AR", "HML", 0.0},  {"E", "APU", 0.0},
	};
	static const double tenths[] = {0.0, 0.1, 0.2, 0.3};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *p;

		if (strcmp(t[i].name, metric))
			continue;
		p = strchr(t[i].letters, c);
		if (!p || !c)
			return NAN;
		/* SC starts at 0.1: its H sits where SI's and SA's H do. */
		return tenths[(p - t[i].letters) + (t[i].first > 0 ? 1 : 0)];
	}
	return NAN;
}

/* The highest-severity vectors of each EQ's levels (the specification's table). */
static const char *const eq1_max[3][3] = {
        {"AV:N/PR:N/UI:N"},
        {"AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"},
        {"AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"},
};
static const char *const eq2_max[2][2] = {{"AC:L/AT:N"}, {"AC:H/AT:N", "AC:L/AT:P"}};
static const char *const eq3eq6_max[3][2][5] = {
        {{"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"},
         {"VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"}},
        {{"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"},
         {"VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M",
          "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H",
          "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M"}},
        {{NULL}, {"VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"}},
};
static const char *const eq4_max[3] = {"SC:H/SI:S/SA:S", "SC:H/SI:H/SA:H", "SC:L/SI:L/SA:L"};
static const char *const eq5_max[3] = {"E:A", "E:P", "E:U"};

/* Depth of each MacroVector in steps, plus one (the specification's table). */
static const int eq1_depth[3] = {1, 4, 5}, eq2_depth[2] = {1, 2}, eq4_depth[3] = {6, 5, 4};
static const int eq3eq6_depth[3][2] = {{7, 6}, {8, 8}, {0, 10}};

/* The value of metric in one of the max vectors' parts ("AV:N/PR:N/UI:N"). */
static char part_value(const char *const parts[5], const char *metric)
{
	size_t len = strlen(metric);
	int i;

	for (i = 0; i < 5; i++) {
		const char *p = parts[i];

		while (p && *p) {
			if (!strncmp(p, metric, len) && p[len] == ':')
				return p[len + 1];
			p = strchr(p, '/');
			if (p)
				p++;
		}
	}
	return 0;
}

static const char *const dist_metrics[] = {"AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA",
                                           "SC", "SI", "SA", "CR", "IR", "AR", "E"};
#define NDIST 15

/* Distances of v from one max vector; 1 when none is negative (it dominates v). */
static int distances(const struct v4 *v, const char *const parts[5], double d[NDIST])
{
	int ok = 1, i;

	for (i = 0; i < NDIST; i++) {
		d[i] = level(dist_metrics[i], eff(v, dist_metrics[i])) -
		       level(dist_metrics[i], part_value(parts, dist_metrics[i]));
		if (d[i] < 0)
			ok = 0;
	}
	return ok;
}

/* The first max vector of the MacroVector that dominates v, its distances in d. */
static void severity_distances(const struct v4 *v, const int eq[6], double d[NDIST])
{
	const char *parts[5];
	int a, b, c;

	parts[4] = eq5_max[eq[4]];
	for (a = 0; a < 3 && eq1_max[eq[0]][a]; a++)
		for (b = 0; b < 2 && eq2_max[eq[1]][b]; b++)
			for (c = 0; c < 5 && eq3eq6_max[eq[2]][eq[5]][c]; c++) {
				parts[0] = eq1_max[eq[0]][a];
				parts[1] = eq2_max[eq[1]][b];
				parts[2] = eq3eq6_max[eq[2]][eq[5]][c];
				parts[3] = eq4_max[eq[3]];
				if (distances(v, parts, d))
					return;
			}
}

/* The score of the next lower MacroVector along EQ3+EQ6 (the two are joint). */
static double lower_eq3eq6(const int q[6])
{
	if (q[2] == 0 && q[5] == 0) {
		double l = tg_cvss4_macro_score(q[0], q[1], q[2], q[3], q[4], 1);
		double r = tg_cvss4_macro_score(q[0], q[1], 1, q[3], q[4], q[5]);

		return l > r ? l : r;
	}
	if (q[2] == 1 && q[5] == 0)
		return tg_cvss4_macro_score(q[0], q[1], q[2], q[3], q[4], 1);
	if (q[2] == 2 && q[5] == 1)
		return NAN;
	return tg_cvss4_macro_score(q[0], q[1], q[2] + 1, q[3], q[4], q[5]);
}

/* JavaScript's Math.round: halves go up. */
static double round_half_up(double x)
{
	double r = floor(x);

	return x - r >= 0.5 ? r + 1 : r;
}

int tg_cvss4_score(const char *metrics, double *score)
{
	struct v4 v;
	int q[6], i, n = 0;
	double value, d[NDIST], lower[5], dist[5], depth[5], sum = 0;
	const double step = 0.1;

	if (tg_cvss_parse_metrics(metrics, v4_metrics, V4_N, v.val))
		return -1;
	if (eff(&v, "VC") == 'N' && eff(&v, "VI") == 'N' && eff(&v, "VA") == 'N' &&
	    eff(&v, "SC") == 'N' && eff(&v, "SI") == 'N' && eff(&v, "SA") == 'N') {
		*score = 0.0;
		return 0;
	}
	macro_vector(&v, q);
	value = tg_cvss4_macro_score(q[0], q[1], q[2], q[3], q[4], q[5]);
	if (isnan(value))
		return -1;
	lower[0] = tg_cvss4_macro_score(q[0] + 1, q[1], q[2], q[3], q[4], q[5]);
	lower[1] = tg_cvss4_macro_score(q[0], q[1] + 1, q[2], q[3], q[4], q[5]);
	lower[2] = lower_eq3eq6(q);
	lower[3] = tg_cvss4_macro_score(q[0], q[1], q[2], q[3] + 1, q[4], q[5]);
	lower[4] = tg_cvss4_macro_score(q[0], q[1], q[2], q[3], q[4] + 1, q[5]);

	severity_distances(&v, q, d);
	dist[0] = d[0] + d[1] + d[2];
	dist[1] = d[3] + d[4];
	dist[2] = d[5] + d[6] + d[7] + d[11] + d[12] + d[13];
	dist[3] = d[8] + d[9] + d[10];
	dist[4] = 0; /* EQ5 has one level per MacroVector */
	depth[0] = eq1_depth[q[0]] * step;
	depth[1] = eq2_depth[q[1]] * step;
	depth[2] = eq3eq6_depth[q[2]][q[5]] * step;
	depth[3] = eq4_depth[q[3]] * step;
	depth[4] = 1 * step;

	for (i = 0; i < 5; i++) {
		double available = value - lower[i];

		if (isnan(available))
			continue;
		n++;
		if (i < 4)
			sum += available * (dist[i] / depth[i]);
		else
			sum += available * 0;
	}
	if (n)
		value -= sum / n;
	if (value < 0)
		value = 0;
	if (value > 10)
		value = 10;
	/*
	 * The interpolation can land one ulp below an x.x5 tie (8.549999... for
	 * 8.55); FIRST's calculator and the specification's reference data lift
	 * the value by 1e-6 before rounding half up, and so do we.
	 */
	*score = round_half_up((value + 1e-6) * 10) / 10;
	return 0;
}
