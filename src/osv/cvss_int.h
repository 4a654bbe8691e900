#ifndef TG_OSV_CVSS_INT_H
#define TG_OSV_CVSS_INT_H

/* What cvss.c and cvss4.c share; tests and the fuzz harness may include it. */

#include <stddef.h>

struct tg_cvss_metric {
	const char *name;
	const char *values; /* "N,A,L,P": the index of a value is its position */
	int required;
};

/* Fills val[i] with the value index of metric m[i] in "/K:V/K:V" (-1: absent); -1 when malformed.
 */
int tg_cvss_parse_metrics(const char *p, const struct tg_cvss_metric *m, size_t n, int *val);
int tg_cvss_value_index(const char *list, const char *v, size_t vlen);
double tg_cvss_roundup31(double x);
/* The v4.0 score of the metrics after "CVSS:4.0"; -1 when malformed. */
int tg_cvss4_score(const char *metrics, double *score);
/* The MacroVector's score from the specification's table; NAN when it has none. */
double tg_cvss4_macro_score(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6);

#endif
