/* The backlog's arrival and resolution rates by category, and its size at the horizon. */
#include "foresight/foresight.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static struct tg_backlog_rate *rate(struct tg_backlog_forecast *f, size_t *alloc,
                                    const char *category)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		if (!strcmp(f->rates[i].category, category))
			return &f->rates[i];
	TG_ALLOC_GROW(f->rates, f->nr + 1, *alloc);
	memset(&f->rates[f->nr], 0, sizeof(f->rates[f->nr]));
	f->rates[f->nr].category = tg_strdup(category);
	return &f->rates[f->nr++];
}

static int by_category(const void *a, const void *b)
{
	const struct tg_backlog_rate *x = a, *y = b;

	return strcmp(x->category, y->category);
}

static void count(struct tg_backlog_rate *r, const struct tg_item *it, time_t from)
{
	int open = it->status == TG_STATUS_OPEN || it->status == TG_STATUS_IN_PROGRESS;

	r->arrival += it->first_seen >= from;
	r->resolution += it->status == TG_STATUS_RESOLVED && it->resolved_at >= from;
	r->open += open;
}

void tg_forecast_backlog(const struct tg_run_series *runs, const struct tg_backlog *all,
                         double horizon_days, time_t now, struct tg_backlog_forecast *f)
{
	time_t from = runs->nr > 1 ? runs->v[0].at : now - 30 * 86400;
	time_t to = runs->nr ? runs->v[runs->nr - 1].at : now;
	struct tg_backlog_rate total = {0};
	size_t i, alloc = 0;

	memset(f, 0, sizeof(*f));
	f->horizon_days = horizon_days;
	f->window_days = (double)(to - from) / 86400.0;
	if (f->window_days < 1)
		f->window_days = 1;
	/* the first run's items were there before it: arrivals count from after it */
	for (i = 0; i < all->nr; i++) {
		const struct tg_item *it = &all->items[i];
		count(rate(f, &alloc, it->category ? it->category : "-"), it, from + 1);
		count(&total, it, from + 1);
	}
	if (f->nr)
		qsort(f->rates, f->nr, sizeof(*f->rates), by_category);
	total.category = tg_strdup("all");
	TG_ALLOC_GROW(f->rates, f->nr + 1, alloc);
	f->rates[f->nr++] = total;
	for (i = 0; i < f->nr; i++) {
		struct tg_backlog_rate *r = &f->rates[i];
		r->arrival /= f->window_days;
		r->resolution /= f->window_days;
		r->expected = (double)r->open + (r->arrival - r->resolution) * horizon_days;
		if (r->expected < 0)
			r->expected = 0;
	}
}

void tg_backlog_forecast_release(struct tg_backlog_forecast *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		free(f->rates[i].category);
	free(f->rates);
	memset(f, 0, sizeof(*f));
}
