/*
 * The report's hotspot treemap and knowledge-risk bars, as SVG. Only
 * presentation attributes (fill, stroke), never style="": the policy allows
 * the one hashed style sheet and nothing inline.
 */
#include "report/html.h"

#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAP_W     960.0
#define MAP_H     420.0
#define MAP_FILES 200

struct cell {
	const struct tg_item *it;
	double size, heat;
};

static long evidence_number(const char *evidence, const char *key)
{
	const char *p = evidence ? strstr(evidence, key) : NULL;

	return p ? atol(p + strlen(key)) : 0;
}

static int by_size(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;

	if (x->size != y->size)
		return x->size < y->size ? 1 : -1;
	return strcmp(x->it->path, y->it->path);
}

/* A colour from pale yellow (cool) to red (hot) for heat in [0, 1]. */
static void heat_colour(struct tg_buf *out, double h)
{
	int g = (int)lround(230 - 190 * h), b = (int)lround(160 - 140 * h);

	tg_buf_addf(out, "#%02x%02x%02x", 250, g, b);
}

static void rect(struct tg_buf *out, const struct cell *c, double hot, double x, double y, double w,
                 double h)
{
	tg_buf_adds(out, "<g><title>");
	tg_html_text(out, c->it->path);
	tg_buf_addf(out,
	            " (size %.0f, revisions x complexity %.0f)</title><rect x=\"%.1f\" "
	            "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" stroke=\"#fff\" fill=\"",
	            c->size, c->heat, x, y, w, h);
	heat_colour(out, hot > 0 ? c->heat / hot : 0);
	tg_buf_adds(out, "\"/>");
	if (w > 60 && h > 14) {
		const char *base = strrchr(c->it->path, '/');
		tg_buf_addf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", x + 3, y + 12);
		tg_html_text(out, base ? base + 1 : c->it->path);
		tg_buf_adds(out, "</text>");
	}
	tg_buf_adds(out, "</g>\n");
}

/* Splits the cells in two of about equal size along the longer side, recursively. */
static void layout(struct tg_buf *out, const struct cell *c, size_t n, double hot, double x,
                   double y, double w, double h)
{
	double total = 0, half = 0, f;
	size_t i, k;

	if (!n)
		return;
	if (n == 1) {
		rect(out, c, hot, x, y, w, h);
		return;
	}
	for (i = 0; i < n; i++)
		total += c[i].size;
	for (k = 0; k < n - 1 && half + c[k].size <= total / 2; k++)
		half += c[k].size;
	if (!k)
		half = c[k++].size;
	f = total > 0 ? half / total : 0.5;
	if (w >= h) {
		layout(out, c, k, hot, x, y, w * f, h);
		layout(out, c + k, n - k, hot, x + w * f, y, w * (1 - f), h);
	} else {
		layout(out, c, k, hot, x, y, w, h * f);
		layout(out, c + k, n - k, hot, x, y + h * f, w, h * (1 - f));
	}
}

/*
 * Hotspot items: sized by their file's measure (the item's metric, else its
 * complexity), coloured by revisions x complexity from their evidence.
 */
void tg_html_treemap(struct tg_buf *out, const struct tg_backlog *b)
{
	struct cell *c = calloc(MAP_FILES, sizeof(*c));
	size_t i, n = 0;
	double hot = 0;

	for (i = 0; i < b->nr && n < MAP_FILES; i++) {
		const struct tg_item *it = &b->items[i];
		long rev, cx;
		if (!it->path || !it->category || strcmp(it->category, "hotspot"))
			continue;
		rev = evidence_number(it->evidence, "revisions=");
		cx = evidence_number(it->evidence, "complexity=");
		c[n].it = it;
		c[n].size = it->metric > 0 ? it->metric : (double)(cx > 0 ? cx : 1);
		c[n].heat = (double)rev * (double)cx;
		if (c[n].heat > hot)
			hot = c[n].heat;
		n++;
	}
	qsort(c, n, sizeof(*c), by_size);
	tg_buf_addf(out,
	            "<p>%zu hotspot files, sized by their measure and coloured by revisions "
	            "&times; complexity (red: hottest).</p>\n<svg class=\"chart\" "
	            "id=\"treemap\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	            "aria-label=\"hotspot treemap\">\n",
	            n, MAP_W, n ? MAP_H : 60.0);
	if (n)
		layout(out, c, n, hot, 0, 0, MAP_W, MAP_H);
	else
		tg_buf_adds(out, "<text x=\"10\" y=\"30\">No hotspot in the backlog.</text>\n");
	tg_buf_adds(out, "</svg>\n");
	free(c);
}

struct dir {
	char *name;
	size_t items;
};

static int by_items(const void *a, const void *b)
{
	const struct dir *x = a, *y = b;

	if (x->items != y->items)
		return x->items < y->items ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Knowledge-risk and bus-factor items counted by their file's directory. */
void tg_html_knowledge(struct tg_buf *out, const struct tg_backlog *b)
{
	struct dir *d = NULL;
	size_t i, j, n = 0, max = 0, shown;

	for (i = 0; i < b->nr; i++) {
		const struct tg_item *it = &b->items[i];
		const char *slash;
		size_t len;
		if (!it->rule_id || (strcmp(it->rule_id, "history/knowledge-risk") &&
		                     strcmp(it->rule_id, "history/bus-factor")))
			continue;
		slash = it->path ? strrchr(it->path, '/') : NULL;
		len = slash ? (size_t)(slash - it->path) : 1;
		for (j = 0; j < n; j++)
			if (strlen(d[j].name) == len &&
			    !strncmp(d[j].name, slash ? it->path : ".", len))
				break;
		if (j == n) {
			d = realloc(d, (n + 1) * sizeof(*d));
			d[n].name = tg_strndup(slash ? it->path : ".", len);
			d[n++].items = 0;
		}
		d[j].items++;
	}
	if (n)
		qsort(d, n, sizeof(*d), by_items);
	for (i = 0; i < n; i++)
		max = d[i].items > max ? d[i].items : max;
	shown = n < 30 ? n : 30;
	tg_buf_addf(out,
	            "<p>Files whose knowledge rests with one departed or dominant owner, by "
	            "directory (%zu directories).</p>\n<svg class=\"chart\" id=\"knowledge-bars\" "
	            "viewBox=\"0 0 960 %zu\" role=\"img\" aria-label=\"knowledge risk\">\n",
	            n, shown ? shown * 22 + 10 : 40);
	for (i = 0; i < shown; i++) {
		double w = 600.0 * (double)d[i].items / (double)max;
		tg_buf_addf(out, "<g><text x=\"0\" y=\"%zu\" font-size=\"12\">", i * 22 + 20);
		tg_html_text(out, d[i].name);
		tg_buf_addf(
		        out,
		        "</text><rect x=\"330\" y=\"%zu\" width=\"%.1f\" height=\"16\" "
		        "fill=\"#c0504d\"/><text x=\"%.1f\" y=\"%zu\" font-size=\"12\">%zu</text>"
		        "</g>\n",
		        i * 22 + 7, w, 336 + w, i * 22 + 20, d[i].items);
	}
	if (!n)
		tg_buf_adds(out, "<text x=\"10\" y=\"25\">No knowledge-risk item in the "
		                 "backlog.</text>\n");
	tg_buf_adds(out, "</svg>\n");
	for (i = 0; i < n; i++)
		free(d[i].name);
	free(d);
}
