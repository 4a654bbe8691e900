/*
 * The report's hotspot treemap and knowledge-risk bars, as SVG. Only
 * presentation attributes (fill, stroke), never style="": the policy allows
 * the one hashed style sheet and nothing inline.
 */
#include "report/html.h"

#include "util/alloc.h"
#include "util/hashmap.h"

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
	size_t files;
	struct tg_strlist owners; /* the departed authors who own them, in order of appearance */
};

static int by_files(const void *a, const void *b)
{
	const struct dir *x = a, *y = b;

	if (x->files != y->files)
		return x->files < y->files ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* The author a knowledge-risk item's evidence names: "author=NAME last_commit=...". */
static char *owner_of(const struct tg_item *it)
{
	const char *p = it->evidence ? strstr(it->evidence, "author=") : NULL;
	const char *end = p ? strstr(p, " last_commit=") : NULL;

	return p && end ? tg_strndup(p + 7, (size_t)(end - p - 7)) : tg_strdup("?");
}

/* Each file of each knowledge-risk item (its occurrences) counted in its directory. */
static struct dir *by_directory(const struct tg_backlog *b, size_t *nr)
{
	struct tg_hashmap seen = TG_HASHMAP_INIT;
	struct dir *d = NULL;
	size_t i, j, n = 0, alloc = 0;

	for (i = 0; i < b->nr; i++) {
		const struct tg_item *it = &b->items[i];
		char *who;
		if (!it->rule_id || strcmp(it->rule_id, "history/knowledge-risk"))
			continue;
		who = owner_of(it);
		for (j = 0; j < it->occurrences_nr; j++) {
			const char *path = it->occurrences[j].path, *slash;
			size_t len;
			int added;
			struct tg_hashmap_entry *e;
			struct dir *x;
			if (!path)
				continue;
			slash = strrchr(path, '/');
			len = slash ? (size_t)(slash - path) : 1;
			e = tg_hashmap_put(&seen, slash ? path : ".", len, &added);
			if (added) {
				TG_ALLOC_GROW(d, n + 1, alloc);
				d[n].name = tg_strndup(slash ? path : ".", len);
				d[n].files = 0;
				memset(&d[n].owners, 0, sizeof(d[n].owners));
				e->val.u64 = n++;
			}
			x = &d[e->val.u64];
			x->files++;
			if (tg_strlist_find(&x->owners, who) < 0)
				tg_strlist_add(&x->owners, who);
		}
		free(who);
	}
	tg_hashmap_release(&seen);
	if (n)
		qsort(d, n, sizeof(*d), by_files);
	*nr = n;
	return d;
}

static void bar(struct tg_buf *out, const struct dir *d, size_t row, size_t max)
{
	double w = 420.0 * (double)d->files / (double)max;
	size_t i, y = row * 22;

	tg_buf_addf(out, "<g><text x=\"0\" y=\"%zu\" font-size=\"12\">", y + 20);
	tg_html_text(out, d->name);
	tg_buf_addf(out,
	            "</text><rect x=\"330\" y=\"%zu\" width=\"%.1f\" height=\"16\" "
	            "fill=\"#c0504d\"/><text x=\"%.1f\" y=\"%zu\" font-size=\"12\">%zu: ",
	            y + 7, w, 336 + w, y + 20, d->files);
	for (i = 0; i < d->owners.nr && i < 3; i++) {
		tg_buf_adds(out, i ? ", " : "");
		tg_html_text(out, d->owners.v[i]);
	}
	if (d->owners.nr > 3)
		tg_buf_addf(out, " and %zu more", d->owners.nr - 3);
	tg_buf_adds(out, "</text></g>\n");
}

/*
 * Ownership by directory: the files whose lines rest mostly with an author
 * who left (the knowledge-risk items' files), counted by directory and
 * labelled with those authors; the bus factor, when an item gives it, above.
 */
void tg_html_knowledge(struct tg_buf *out, const struct tg_backlog *b)
{
	size_t i, n = 0, shown;
	struct dir *d = by_directory(b, &n);

	for (i = 0; i < b->nr; i++)
		if (b->items[i].rule_id && !strcmp(b->items[i].rule_id, "history/bus-factor")) {
			tg_buf_adds(out, "<p id=\"bus-factor\">");
			tg_html_text(out, b->items[i].title);
			tg_buf_adds(out, ".</p>\n");
		}
	shown = n < 30 ? n : 30;
	tg_buf_addf(out,
	            "<p>Files whose lines rest mostly with an author who left, by directory "
	            "(%zu directories), with those authors.</p>\n<svg class=\"chart\" "
	            "id=\"knowledge-bars\" viewBox=\"0 0 960 %zu\" role=\"img\" "
	            "aria-label=\"knowledge risk\">\n",
	            n, shown ? shown * 22 + 10 : 40);
	for (i = 0; i < shown; i++)
		bar(out, &d[i], i, d[0].files);
	if (!n)
		tg_buf_adds(out, "<text x=\"10\" y=\"25\">No knowledge-risk item in the "
		                 "backlog.</text>\n");
	tg_buf_adds(out, "</svg>\n");
	for (i = 0; i < n; i++) {
		free(d[i].name);
		tg_strlist_clear(&d[i].owners);
	}
	free(d);
}
