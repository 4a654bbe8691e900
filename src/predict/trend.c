/* Theil–Sen, Sen's interval, Mann–Kendall, least squares and power laws. */
#include "predict/predict.h"

#include "util/error.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_sorted(const double *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return median_sorted(v, n);
}

double tg_normal_p2(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

/* Mann–Kendall S and its variance with the correction for tied groups of y. */
static void mann_kendall(const double *y, size_t n, struct tg_trend *t)
{
	double s = 0, var, *sorted = malloc(n * sizeof(*sorted));
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			s += (y[j] > y[i]) - (y[j] < y[i]);
	var = (double)n * (n - 1) * (2.0 * n + 5);
	memcpy(sorted, y, n * sizeof(*y));
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	for (i = 0; i < n; i = j) {
		double g;
		for (j = i + 1; j < n && sorted[j] == sorted[i]; j++)
			;
		g = (double)(j - i);
		var -= g * (g - 1) * (2 * g + 5);
	}
	free(sorted);
	var /= 18;
	t->mk_s = s;
	t->mk_z = var <= 0 ? 0 : s > 0 ? (s - 1) / sqrt(var) : s < 0 ? (s + 1) / sqrt(var) : 0;
	t->mk_p = var <= 0 ? 1 : tg_normal_p2(t->mk_z);
}

int tg_trend_fit(const double *x, const double *y, size_t n, struct tg_trend *t)
{
	size_t i, j, m = 0;
	double *slopes, *tmp, c, var;
	long lo, hi;

	memset(t, 0, sizeof(*t));
	if (n < 3)
		return tg_error_set(TG_ERR_INPUT, "a trend needs 3 points, not %zu", n);
	slopes = malloc(n * (n - 1) / 2 * sizeof(*slopes));
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (x[j] != x[i])
				slopes[m++] = (y[j] - y[i]) / (x[j] - x[i]);
	if (!m) {
		free(slopes);
		return tg_error_set(TG_ERR_INPUT, "a trend needs two distinct x");
	}
	qsort(slopes, m, sizeof(*slopes), cmp_double);
	mann_kendall(y, n, t);
	t->n = n;
	t->slope = median_sorted(slopes, m);
	/* Sen (1968): the ranks (m -+ C) / 2 of the sorted slopes, C = z * sd(S). */
	var = (double)n * (n - 1) * (2.0 * n + 5) / 18;
	c = 1.959963985 * sqrt(var);
	lo = lround(((double)m - c) / 2) - 1;
	hi = lround(((double)m + c) / 2);
	t->slope_lo = slopes[lo < 0 ? 0 : lo];
	t->slope_hi = slopes[hi >= (long)m ? (long)m - 1 : hi];
	tmp = malloc(n * sizeof(*tmp));
	for (i = 0; i < n; i++)
		tmp[i] = y[i] - t->slope * x[i];
	t->intercept = median(tmp, n);
	memcpy(tmp, x, n * sizeof(*x));
	t->x_med = median(tmp, n);
	memcpy(tmp, y, n * sizeof(*y));
	t->y_med = median(tmp, n);
	free(tmp);
	free(slopes);
	return TG_OK;
}

void tg_trend_at(const struct tg_trend *t, double x, double *mid, double *lo, double *hi)
{
	double a = t->y_med + t->slope_lo * (x - t->x_med);
	double b = t->y_med + t->slope_hi * (x - t->x_med);

	*mid = t->intercept + t->slope * x;
	*lo = a < b ? a : b;
	*hi = a < b ? b : a;
	if (*mid < *lo)
		*lo = *mid;
	if (*mid > *hi)
		*hi = *mid;
}

double tg_least_squares(const double *x, const double *y, size_t n, double *a, double *b)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)(n ? n : 1);
	my /= (double)(n ? n : 1);
	for (i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	*b = sxx > 0 ? sxy / sxx : 0;
	*a = my - *b * mx;
	return sxx > 0 && syy > 0 ? sxy * sxy / (sxx * syy) : 0;
}

int tg_power_law(const double *size, const double *time, size_t n, double *k, double *r2)
{
	double *lx = malloc((n ? n : 1) * sizeof(*lx)), *ly = malloc((n ? n : 1) * sizeof(*ly));
	size_t i, m = 0, distinct = 0;
	double a, r;

	for (i = 0; i < n; i++) {
		if (size[i] <= 0 || time[i] <= 0)
			continue;
		lx[m] = log(size[i]);
		ly[m] = log(time[i]);
		m++;
	}
	for (i = 0; i < m; i++) {
		size_t j;
		for (j = 0; j < i && lx[j] != lx[i]; j++)
			;
		distinct += j == i;
	}
	if (distinct < 3) {
		free(lx);
		free(ly);
		return tg_error_set(TG_ERR_INPUT, "a power law needs 3 distinct sizes");
	}
	r = tg_least_squares(lx, ly, m, &a, k);
	if (r2)
		*r2 = r;
	free(lx);
	free(ly);
	return TG_OK;
}

/* The number after '[', "n=", "size=" or the last '/', and the name without it. */
double tg_bench_size(const char *name, char *base, size_t base_size)
{
	const char *p = NULL, *q, *s;
	char *end;
	double v;

	if ((s = strrchr(name, '[')) && isdigit((unsigned char)s[1]))
		p = s + 1;
	else if ((s = strstr(name, "n=")) && isdigit((unsigned char)s[2]))
		p = s + 2;
	else if ((s = strstr(name, "size=")) && isdigit((unsigned char)s[5]))
		p = s + 5;
	else if ((s = strrchr(name, '/')) && isdigit((unsigned char)s[1]))
		p = s + 1;
	if (!p)
		return -1;
	v = strtod(p, &end);
	q = end;
	if (base && base_size) {
		size_t n = (size_t)(s - name);
		if (n >= base_size)
			n = base_size - 1;
		memcpy(base, name, n);
		base[n] = 0;
		/* what follows the number (e.g. "]" or ",m=2") stays part of the family */
		if (*q == ']')
			q++;
		if (strlen(base) + strlen(q) < base_size)
			strcat(base, q);
	}
	return v;
}
