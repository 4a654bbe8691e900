/* The debt's forecast: its trend, the date a threshold is crossed, and what drives it. */
#include "foresight/foresight.h"

#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DRIVERS         5
#define ACTIONS         5
#define HOTSPOT_ACTIONS 3

static void add_driver(struct tg_debt_forecast *f, size_t *alloc, const char *name, int cat,
                       double minutes)
{
	size_t i;

	for (i = 0; i < f->drivers_nr; i++)
		if (f->drivers[i].is_category == cat && !strcmp(f->drivers[i].name, name)) {
			f->drivers[i].minutes += minutes;
			return;
		}
	TG_ALLOC_GROW(f->drivers, f->drivers_nr + 1, *alloc);
	f->drivers[f->drivers_nr].name = tg_strdup(name);
	f->drivers[f->drivers_nr].is_category = cat;
	f->drivers[f->drivers_nr++].minutes = minutes;
}

static int by_minutes(const void *a, const void *b)
{
	const struct tg_debt_driver *x = a, *y = b;

	if (x->is_category != y->is_category)
		return x->is_category - y->is_category;
	if (x->minutes != y->minutes)
		return x->minutes < y->minutes ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Keeps the DRIVERS largest files and categories. */
static void trim_drivers(struct tg_debt_forecast *f)
{
	size_t i, files = 0, cats = 0, n = 0;

	if (f->drivers_nr)
		qsort(f->drivers, f->drivers_nr, sizeof(*f->drivers), by_minutes);
	for (i = 0; i < f->drivers_nr; i++) {
		size_t *c = f->drivers[i].is_category ? &cats : &files;
		if (*c < DRIVERS && f->drivers[i].minutes > 0) {
			(*c)++;
			f->drivers[n++] = f->drivers[i];
		} else {
			free(f->drivers[i].name);
		}
	}
	f->drivers_nr = n;
}

/* Debt opened in the second half of the history and still open, by file and category. */
static void drivers(struct tg_debt_forecast *f, const struct tg_run_series *runs,
                    const struct tg_backlog *all)
{
	time_t from = runs->v[runs->nr / 2].at;
	size_t i, alloc = 0;

	for (i = 0; i < all->nr; i++) {
		const struct tg_item *it = &all->items[i];
		if (it->first_seen < from || it->status == TG_STATUS_RESOLVED ||
		    it->status == TG_STATUS_SUPPRESSED || it->remediation_minutes <= 0)
			continue;
		if (it->path)
			add_driver(f, &alloc, it->path, 0, it->remediation_minutes);
		add_driver(f, &alloc, it->category ? it->category : "-", 1,
		           it->remediation_minutes);
	}
	trim_drivers(f);
}

static int drives(const struct tg_debt_forecast *f, const char *path)
{
	size_t i;

	for (i = 0; path && i < f->drivers_nr; i++)
		if (!f->drivers[i].is_category && !strcmp(f->drivers[i].name, path))
			return 1;
	return 0;
}

/* The best open items in the driving files, then the best hotspots. */
static void actions(struct tg_debt_forecast *f, const struct tg_backlog *open)
{
	size_t i, hot = 0;

	f->actions = tg_calloc(ACTIONS + HOTSPOT_ACTIONS, sizeof(*f->actions));
	for (i = 0; i < open->nr && f->actions_nr < ACTIONS; i++)
		if (drives(f, open->items[i].path))
			f->actions[f->actions_nr++] = &open->items[i];
	for (i = 0; i < open->nr && hot < HOTSPOT_ACTIONS; i++) {
		const struct tg_item *it = &open->items[i];
		size_t j;
		if (!it->category || strcmp(it->category, "hotspot"))
			continue;
		for (j = 0; j < f->actions_nr && f->actions[j] != it; j++)
			;
		if (j == f->actions_nr) {
			f->actions[f->actions_nr++] = it;
			hot++;
		}
	}
}

static void crossing(struct tg_debt_forecast *f, const struct tg_run_series *runs, double threshold)
{
	double x;

	if (threshold <= 0)
		return;
	if (f->debt_now >= threshold) {
		f->threshold_at = runs->v[runs->nr - 1].at;
		return;
	}
	if (f->debt.slope <= 0)
		return;
	x = (threshold - f->debt.intercept) / f->debt.slope;
	if (x < 3650)
		f->threshold_at = runs->v[0].at + (time_t)llround(x * 86400);
}

void tg_forecast_debt(const struct tg_run_series *runs, const struct tg_backlog *all,
                      const struct tg_backlog *open, double horizon_days, double threshold,
                      struct tg_debt_forecast *f)
{
	double *x, *debt, *items, end;
	size_t i, n = runs->nr;

	memset(f, 0, sizeof(*f));
	f->runs = n;
	f->horizon_days = horizon_days;
	f->enough = n >= TG_FORESIGHT_MIN_RUNS;
	if (!f->enough)
		return;
	x = tg_calloc(n, sizeof(*x));
	debt = tg_calloc(n, sizeof(*debt));
	items = tg_calloc(n, sizeof(*items));
	for (i = 0; i < n; i++) {
		x[i] = (double)(runs->v[i].at - runs->v[0].at) / 86400.0;
		debt[i] = runs->v[i].debt_minutes;
		items[i] = runs->v[i].open;
	}
	f->enough = !tg_trend_fit(x, debt, n, &f->debt) && !tg_trend_fit(x, items, n, &f->open);
	if (f->enough) {
		end = x[n - 1] + horizon_days;
		f->debt_now = debt[n - 1];
		f->open_now = items[n - 1];
		tg_trend_at(&f->debt, end, &f->debt_mid, &f->debt_lo, &f->debt_hi);
		tg_trend_at(&f->open, end, &f->open_mid, &f->open_lo, &f->open_hi);
		f->growth_pct =
		        f->debt_now > 0 ? 100 * (f->debt_mid - f->debt_now) / f->debt_now : 0;
		crossing(f, runs, threshold);
		drivers(f, runs, all);
		actions(f, open);
	}
	free(x);
	free(debt);
	free(items);
}

void tg_debt_forecast_release(struct tg_debt_forecast *f)
{
	size_t i;

	for (i = 0; i < f->drivers_nr; i++)
		free(f->drivers[i].name);
	free(f->drivers);
	free(f->actions);
	memset(f, 0, sizeof(*f));
}
