/*
 * Line charts as SVG: the trends over runs with the forecast drawn as a band
 * (predict/: Theil–Sen through the medians, Sen's interval), and each
 * benchmark's medians with its change points marked.
 */
#include "report/html.h"

#include "util/clock.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CH_W     640.0
#define CH_H     220.0
#define CH_L     60.0 /* room for the y labels */
#define CH_B     30.0
#define CH_T     26.0
#define MIN_RUNS 8 /* fewer: no forecast ("not enough history") */

struct frame {
	double x0, x1, y0, y1;
};

static double px(const struct frame *f, double x)
{
	return CH_L + (f->x1 > f->x0 ? (x - f->x0) / (f->x1 - f->x0) : 0.5) * (CH_W - CH_L - 10);
}

static double py(const struct frame *f, double y)
{
	return CH_H - CH_B -
	       (f->y1 > f->y0 ? (y - f->y0) / (f->y1 - f->y0) : 0.5) * (CH_H - CH_B - CH_T);
}

static void axes(struct tg_buf *out, const struct frame *f, const char *title)
{
	char a[32], b[32];

	tg_time_format((time_t)(f->x0 * 86400), a, sizeof(a));
	tg_time_format((time_t)(f->x1 * 86400), b, sizeof(b));
	a[10] = b[10] = 0;
	tg_buf_addf(out,
	            "<text x=\"%.0f\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>"
	            "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#888\"/>"
	            "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#888\"/>"
	            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\">%.6g</text>"
	            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\">%.6g</text>"
	            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\">%s</text>"
	            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\">%s</text>\n",
	            CH_L, title, CH_L, CH_T, CH_L, CH_H - CH_B, CH_L, CH_H - CH_B, CH_W - 10,
	            CH_H - CH_B, CH_L - 4, CH_T + 4, f->y1, CH_L - 4, CH_H - CH_B, f->y0, CH_L,
	            CH_H - 12, a, CH_W - 10, CH_H - 12, b);
}

static void polyline(struct tg_buf *out, const struct frame *f, const double *x, const double *y,
                     size_t n, const char *colour)
{
	size_t i;

	tg_buf_adds(out, "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"");
	tg_buf_adds(out, colour);
	tg_buf_adds(out, "\" points=\"");
	for (i = 0; i < n; i++)
		tg_buf_addf(out, "%s%.1f,%.1f", i ? " " : "", px(f, x[i]), py(f, y[i]));
	tg_buf_adds(out, "\"/>\n");
	for (i = 0; i < n; i++)
		tg_buf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
		            px(f, x[i]), py(f, y[i]), colour);
	tg_buf_addch(out, '\n');
}

static void frame_fit(struct frame *f, const double *x, const double *y, size_t n)
{
	size_t i;

	f->x0 = f->x1 = n ? x[0] : 0;
	f->y0 = 0;
	f->y1 = 1;
	for (i = 0; i < n; i++) {
		f->x0 = fmin(f->x0, x[i]);
		f->x1 = fmax(f->x1, x[i]);
		f->y1 = fmax(f->y1, y[i]);
		f->y0 = fmin(f->y0, y[i]);
	}
}

/* One trend chart; the band when there is enough history. */
static void trend_chart(struct tg_buf *out, const char *id, const char *title, const double *x,
                        const double *y, size_t n, double horizon)
{
	struct tg_trend t;
	struct frame f;
	double mid = 0, lo = 0, hi = 0, end;
	int band = n >= MIN_RUNS && !tg_trend_fit(x, y, n, &t);

	frame_fit(&f, x, y, n);
	if (band) {
		end = f.x1 + horizon;
		tg_trend_at(&t, end, &mid, &lo, &hi);
		f.x1 = end;
		f.y1 = fmax(f.y1, hi);
		f.y0 = fmin(f.y0, fmax(lo, f.y0 - fabs(f.y1)));
	}
	tg_buf_addf(out,
	            "<figure><svg class=\"chart\" id=\"%s\" viewBox=\"0 0 %.0f %.0f\" "
	            "role=\"img\" aria-label=\"%s\">\n",
	            id, CH_W, CH_H, title);
	axes(out, &f, title);
	if (band) {
		double last = x[n - 1], m0, l0, h0;
		tg_trend_at(&t, last, &m0, &l0, &h0);
		tg_buf_addf(
		        out,
		        "<polygon class=\"band\" fill=\"#9bbbe0\" fill-opacity=\"0.45\" "
		        "points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>"
		        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#2f5f9f\" "
		        "stroke-dasharray=\"5 4\"/>\n",
		        px(&f, last), py(&f, l0), px(&f, end), py(&f, fmax(lo, f.y0)), px(&f, end),
		        py(&f, hi), px(&f, last), py(&f, h0), px(&f, last), py(&f, m0), px(&f, end),
		        py(&f, mid));
	}
	if (n)
		polyline(out, &f, x, y, n, "#1f4e79");
	else
		tg_buf_adds(out, "<text x=\"80\" y=\"110\">No run in the store yet.</text>\n");
	tg_buf_adds(out, "</svg><figcaption>");
	if (band)
		tg_buf_addf(out,
		            "Trend %+.3g a day (95 %% interval %+.3g to %+.3g; Mann&ndash;Kendall "
		            "p = %.3g); in %.0f days: %.4g (%.4g to %.4g).",
		            t.slope, t.slope_lo, t.slope_hi, t.mk_p, horizon, mid, lo, hi);
	else
		tg_buf_addf(out, "%zu runs: not enough history for a forecast (%d needed).", n,
		            MIN_RUNS);
	tg_buf_adds(out, "</figcaption></figure>\n");
}

void tg_html_trends(struct tg_buf *out, const struct tg_html_input *in)
{
	size_t n = in->runs ? in->runs->nr : 0, i;
	double *x = calloc(n + 1, sizeof(*x)), *y = calloc(n + 1, sizeof(*y));
	static const char *const ids[] = {"trend-open", "trend-debt", "trend-vulns"};
	static const char *const titles[] = {"Open items", "Debt minutes", "Vulnerabilities"};
	int k;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < n; i++) {
			const struct tg_run_point *p = &in->runs->v[i];
			x[i] = (double)p->at / 86400.0;
			y[i] = k == 0 ? p->open : k == 1 ? p->debt_minutes : p->vulnerabilities;
		}
		trend_chart(out, ids[k], titles[k], x, y, n, in->horizon_days);
	}
	free(x);
	free(y);
}

static void bench_chart(struct tg_buf *out, const struct tg_html_bench *b, size_t idx)
{
	double *x = calloc(b->nr + 1, sizeof(*x));
	struct frame f;
	size_t i;

	for (i = 0; i < b->nr; i++)
		x[i] = (double)b->at[i] / 86400.0;
	frame_fit(&f, x, b->median, b->nr);
	tg_buf_addf(out,
	            "<figure><svg class=\"chart\" id=\"bench-%zu\" viewBox=\"0 0 %.0f %.0f\" "
	            "role=\"img\" aria-label=\"benchmark\">\n",
	            idx, CH_W, CH_H);
	axes(out, &f, "");
	for (i = 0; i < b->cps_nr; i++) {
		double cx = px(&f, x[b->cps[i].index]);
		tg_buf_addf(
		        out,
		        "<line class=\"change\" x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
		        "stroke=\"#c00000\" stroke-dasharray=\"3 3\"/>",
		        cx, CH_T, cx, CH_H - CH_B);
	}
	polyline(out, &f, x, b->median, b->nr, "#375623");
	tg_buf_adds(out, "</svg><figcaption>");
	tg_html_text(out, b->name);
	tg_buf_adds(out, " (");
	tg_html_text(out, b->unit);
	tg_buf_addf(out, ", %zu runs)", b->nr);
	for (i = 0; i < b->cps_nr; i++)
		tg_buf_addf(out, "%s change at run %zu: %+.1f %% (p = %.3g)", i ? ";" : ":",
		            b->cps[i].index + 1, 100 * b->cps[i].magnitude, b->cps[i].p);
	tg_buf_adds(out, "</figcaption></figure>\n");
	free(x);
}

void tg_html_bench(struct tg_buf *out, const struct tg_html_input *in)
{
	size_t i;

	if (!in->bench_nr) {
		tg_buf_adds(out, "<p>No benchmark recorded (<code>terragon bench record</code>)."
		                 "</p>\n");
		return;
	}
	tg_buf_adds(out, "<p>Medians of each recorded run; dashed red lines are change points "
	                 "(E-divisive means, permutation test, Hunter's merge).</p>\n");
	for (i = 0; i < in->bench_nr && i < 24; i++)
		bench_chart(out, &in->bench[i], i);
}
