/* Every benchmark's recorded medians, for trends and change points. */
#include "gate/bench.h"

#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static void push(struct tg_bench_series *s, double median, time_t at, long long run)
{
	size_t a = s->alloc;

	TG_ALLOC_GROW(s->median, s->nr + 1, s->alloc);
	s->alloc = a;
	TG_ALLOC_GROW(s->at, s->nr + 1, s->alloc);
	s->alloc = a;
	TG_ALLOC_GROW(s->run, s->nr + 1, s->alloc);
	s->median[s->nr] = median;
	s->at[s->nr] = at;
	s->run[s->nr++] = run;
}

int tg_bench_history(struct tg_sql *db, struct tg_bench_series **out, size_t *nr)
{
	struct tg_sql_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (tg_sql_prepare(db, &st,
	                   "SELECT r.name, r.unit, r.higher_is_better, r.median, b.recorded_at, "
	                   "b.id FROM bench_results r JOIN bench_runs b ON b.id = r.run_id "
	                   "ORDER BY r.name, r.unit, b.recorded_at, b.id"))
		return tg_sql_error(db, "reading the benchmark history");
	while ((rc = tg_sql_step(st)) == TG_SQL_ROW) {
		const char *name = tg_sql_column_text(st, 0);
		const char *unit = tg_sql_column_text(st, 1);
		struct tg_bench_series *s = *nr ? &(*out)[*nr - 1] : NULL;
		if (!name || !unit)
			continue;
		if (!s || strcmp(s->name, name) || strcmp(s->unit, unit)) {
			TG_ALLOC_GROW(*out, *nr + 1, alloc);
			s = &(*out)[(*nr)++];
			memset(s, 0, sizeof(*s));
			s->name = tg_strdup(name);
			s->unit = tg_strdup(unit);
			s->higher_is_better = tg_sql_column_int64(st, 2);
		}
		push(s, tg_sql_column_double(st, 3), (time_t)tg_sql_column_int64(st, 4),
		     tg_sql_column_int64(st, 5));
	}
	tg_sql_finalize(st);
	if (rc != TG_SQL_DONE) {
		tg_bench_history_free(*out, *nr);
		*out = NULL;
		*nr = 0;
		return tg_sql_error(db, "reading the benchmark history");
	}
	return TG_OK;
}

void tg_bench_history_free(struct tg_bench_series *v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(v[i].name);
		free(v[i].unit);
		free(v[i].median);
		free(v[i].at);
		free(v[i].run);
	}
	free(v);
}
