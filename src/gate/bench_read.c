/*
 * Readers for the three benchmark JSON formats (see
 * shared/reference/bench-coverage-formats.md §1-3). Unknown keys are
 * ignored, since every tool adds fields over time; times are normalised to
 * seconds so medians of one kind compare whatever unit a run chose.
 */
#include "gate/bench.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *tg_bench_kind_name(enum tg_bench_kind k)
{
	switch (k) {
	case TG_BENCH_PYTEST:
		return "pytest-benchmark";
	case TG_BENCH_GBENCH:
		return "google-benchmark";
	case TG_BENCH_HYPERFINE:
		return "hyperfine";
	}
	return "unknown";
}

void tg_bench_set_release(struct tg_bench_set *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		free(s->v[i].name);
		free(s->v[i].samples);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_of(const double *v, size_t n)
{
	double *s = tg_malloc(n * sizeof(*s)), m;

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

/* The benchmark named name with this unit, added when missing. */
static struct tg_bench *bench_get(struct tg_bench_set *s, const char *name, const char *unit,
                                  int higher_is_better)
{
	struct tg_bench *b;

	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->v[i].name, name) && !strcmp(s->v[i].unit, unit))
			return &s->v[i];
	TG_ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	b = &s->v[s->nr++];
	memset(b, 0, sizeof(*b));
	b->name = tg_strdup(name);
	b->unit = unit;
	b->higher_is_better = higher_is_better;
	b->median = -1;
	return b;
}

static void sample_add(struct tg_bench *b, double v)
{
	TG_ALLOC_GROW(b->samples, b->samples_nr + 1, b->samples_alloc);
	b->samples[b->samples_nr++] = v;
}

static int number(json_t *o, const char *key, double *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_number(v))
		return 0;
	*out = json_number_value(v);
	return 1;
}

static int bad(const char *name, const char *what, size_t i)
{
	return tg_error_set(TG_ERR_INPUT, "%s: benchmarks[%zu]: %s", name, i, what);
}

static int read_pytest(const char *name, json_t *root, struct tg_bench_set *out)
{
	json_t *arr = json_object_get(root, "benchmarks"), *e, *stats, *data, *d;
	size_t i, j;

	json_array_foreach(arr, i, e)
	{
		const char *key = json_string_value(json_object_get(e, "fullname"));
		struct tg_bench *b;
		double m;

		if (!key)
			key = json_string_value(json_object_get(e, "name"));
		stats = json_object_get(e, "stats");
		if (!key || !json_is_object(stats))
			return bad(name, "no fullname/name or no stats", i);
		b = bench_get(out, key, "s", 0);
		data = json_object_get(stats, "data");
		json_array_foreach(data, j, d) if (json_is_number(d))
		        sample_add(b, json_number_value(d));
		if (number(stats, "median", &m))
			b->median = m;
	}
	return TG_OK;
}

static double time_scale(const char *unit)
{
	if (!unit || !strcmp(unit, "ns"))
		return 1e-9;
	if (!strcmp(unit, "us"))
		return 1e-6;
	if (!strcmp(unit, "ms"))
		return 1e-3;
	if (!strcmp(unit, "s"))
		return 1;
	return 0;
}

/* Counters Google Benchmark reports as rates: bigger is better. */
static const char *const gbench_rates[] = {"items_per_second", "bytes_per_second", NULL};

const char *tg_bench_unit(const char *unit)
{
	if (!strcmp(unit, "s"))
		return "s";
	for (size_t k = 0; gbench_rates[k]; k++)
		if (!strcmp(unit, gbench_rates[k]))
			return gbench_rates[k];
	return NULL;
}

static int read_gbench_row(const char *name, json_t *e, size_t i, struct tg_bench_set *out)
{
	const char *run = json_string_value(json_object_get(e, "run_name"));
	const char *type = json_string_value(json_object_get(e, "run_type"));
	const char *agg = json_string_value(json_object_get(e, "aggregate_name"));
	double scale = time_scale(json_string_value(json_object_get(e, "time_unit"))), t;
	struct tg_bench *b;

	if (!run)
		run = json_string_value(json_object_get(e, "name"));
	if (!run)
		return bad(name, "no name", i);
	if (json_is_true(json_object_get(e, "error_occurred")))
		return TG_OK;
	if (!scale)
		return bad(name, "unknown time_unit", i);
	if (type && !strcmp(type, "aggregate")) {
		/* Only a median stands in for missing repetitions (aggregates only). */
		if (!agg || strcmp(agg, "median") || !number(e, "real_time", &t))
			return TG_OK;
		b = bench_get(out, run, "s", 0);
		b->median = t * scale;
		for (size_t k = 0; gbench_rates[k]; k++)
			if (number(e, gbench_rates[k], &t))
				bench_get(out, run, gbench_rates[k], 1)->median = t;
		return TG_OK;
	}
	if (!number(e, "real_time", &t))
		return bad(name, "no real_time", i);
	sample_add(bench_get(out, run, "s", 0), t * scale);
	for (size_t k = 0; gbench_rates[k]; k++)
		if (number(e, gbench_rates[k], &t))
			sample_add(bench_get(out, run, gbench_rates[k], 1), t);
	return TG_OK;
}

static int read_gbench(const char *name, json_t *root, struct tg_bench_set *out)
{
	json_t *e;
	size_t i;
	int rc;

	json_array_foreach(json_object_get(root, "benchmarks"), i, e)
	{
		if (!json_is_object(e))
			return bad(name, "not an object", i);
		if ((rc = read_gbench_row(name, e, i, out)))
			return rc;
	}
	return TG_OK;
}

static int read_hyperfine(const char *name, json_t *root, struct tg_bench_set *out)
{
	json_t *e, *t;
	size_t i, j;
	double m;

	json_array_foreach(json_object_get(root, "results"), i, e)
	{
		const char *cmd = json_string_value(json_object_get(e, "command"));
		struct tg_bench *b;

		if (!cmd)
			return tg_error_set(TG_ERR_INPUT, "%s: results[%zu]: no command", name, i);
		b = bench_get(out, cmd, "s", 0);
		json_array_foreach(json_object_get(e, "times"), j, t) if (json_is_number(t))
		        sample_add(b, json_number_value(t));
		if (number(e, "median", &m))
			b->median = m;
	}
	return TG_OK;
}

static enum tg_bench_kind detect(json_t *root)
{
	json_t *arr = json_object_get(root, "benchmarks");

	if (json_is_array(json_object_get(root, "results")))
		return TG_BENCH_HYPERFINE;
	if (!json_is_array(arr))
		return 0;
	if (json_is_object(json_object_get(root, "context")))
		return TG_BENCH_GBENCH;
	if (json_is_object(json_object_get(root, "machine_info")) ||
	    json_is_object(json_object_get(json_array_get(arr, 0), "stats")))
		return TG_BENCH_PYTEST;
	return 0;
}

int tg_bench_parse(const char *name, const char *text, size_t len, struct tg_bench_set *out)
{
	json_error_t err;
	json_t *root = json_loadb(text, len, JSON_DECODE_ANY, &err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!root)
		return tg_error_set(TG_ERR_INPUT, "%s:%d:%d: %s", name, err.line, err.column,
		                    err.text);
	out->kind = json_is_object(root) ? detect(root) : 0;
	if (out->kind == TG_BENCH_PYTEST)
		rc = read_pytest(name, root, out);
	else if (out->kind == TG_BENCH_GBENCH)
		rc = read_gbench(name, root, out);
	else if (out->kind == TG_BENCH_HYPERFINE)
		rc = read_hyperfine(name, root, out);
	else
		rc = tg_error_set(TG_ERR_USAGE,
		                  "%s: not a benchmark file of a known kind (pytest-benchmark, "
		                  "Google Benchmark or hyperfine JSON)",
		                  name);
	json_decref(root);
	for (size_t i = 0; !rc && i < out->nr; i++)
		if (out->v[i].samples_nr)
			out->v[i].median = median_of(out->v[i].samples, out->v[i].samples_nr);
		else if (out->v[i].median < 0)
			rc = tg_error_set(TG_ERR_INPUT, "%s: %s: neither samples nor a median",
			                  name, out->v[i].name);
	if (rc)
		tg_bench_set_release(out);
	return rc;
}

int tg_bench_read(const char *file, struct tg_bench_set *out)
{
	struct tg_buf b = TG_BUF_INIT;
	int rc = tg_buf_read_file(&b, file);

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = tg_bench_parse(file, b.buf, b.len, out);
	tg_buf_release(&b);
	return rc;
}
