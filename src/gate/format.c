/* Rendering gates and benchmark comparisons: a terminal table, JSON, and a
 * Markdown table for a pull-request comment or a CI step summary. */
#include "gate/gate.h"

#include <math.h>
#include <string.h>

static void md_cell(struct tg_buf *out, const char *s)
{
	/* A '|' or a newline would break the row. */
	for (; s && *s; s++)
		if (*s == '|')
			tg_buf_adds(out, "\\|");
		else
			tg_buf_addf(out, "%c", *s == '\n' ? ' ' : *s);
}

static void json_opt(struct tg_buf *out, const char *s)
{
	if (s)
		tg_buf_add_jsons(out, s);
	else
		tg_buf_adds(out, "null");
}

void tg_gate_format(const struct tg_gate_report *r, enum tg_gate_format f, struct tg_buf *out)
{
	size_t i;

	if (f == TG_GATE_JSON)
		tg_buf_addf(out, "{\"passed\": %s, \"gates\": [", r->failed ? "false" : "true");
	else if (f == TG_GATE_MD)
		tg_buf_addf(out,
		            "### Quality gates: %s\n\n| Gate | Threshold | Actual | Result | "
		            "Detail |\n|---|---|---|---|---|\n",
		            r->failed ? "failed" : "passed");
	else
		tg_buf_addf(out, "%-24s %-20s %-12s %-8s %s\n", "GATE", "THRESHOLD", "ACTUAL",
		            "RESULT", "DETAIL");
	for (i = 0; i < r->nr; i++) {
		const struct tg_gate_result *g = &r->v[i];
		const char *state = tg_gate_state_name(g->state);
		if (f == TG_GATE_JSON) {
			tg_buf_addf(out, "%s\n  {\"name\": ", i ? "," : "");
			tg_buf_add_jsons(out, g->name);
			tg_buf_adds(out, ", \"threshold\": ");
			tg_buf_add_jsons(out, g->threshold);
			tg_buf_adds(out, ", \"actual\": ");
			json_opt(out, g->state == TG_GATE_SKIP ? NULL : g->actual);
			tg_buf_addf(out, ", \"result\": \"%s\", \"detail\": ", state);
			json_opt(out, g->detail);
			tg_buf_adds(out, "}");
		} else if (f == TG_GATE_MD) {
			tg_buf_adds(out, "| ");
			md_cell(out, g->name);
			tg_buf_adds(out, " | ");
			md_cell(out, g->threshold);
			tg_buf_adds(out, " | ");
			md_cell(out, g->actual);
			tg_buf_addf(out, " | %s %s | ",
			            g->state == TG_GATE_PASS   ? "✅"
			            : g->state == TG_GATE_FAIL ? "❌"
			                                       : "⏭️",
			            state);
			md_cell(out, g->detail);
			tg_buf_adds(out, " |\n");
		} else {
			tg_buf_addf(out, "%-24s %-20s %-12s %-8s %s\n", g->name, g->threshold,
			            g->actual, state, g->detail ? g->detail : "");
		}
	}
	if (f == TG_GATE_JSON)
		tg_buf_adds(out, r->nr ? "\n]}\n" : "]}\n");
}

static void num(struct tg_buf *out, double v, int json)
{
	if (isfinite(v))
		tg_buf_addf(out, json ? "%.6g" : "%+.1f%%", v);
	else
		tg_buf_adds(out, json ? "null" : (v > 0 ? "+inf" : "-inf"));
}

static void bench_json(const struct tg_bench_delta *d, struct tg_buf *out)
{
	const struct tg_bench *b = d->base ? d->base : d->cur;

	tg_buf_adds(out, "{\"name\": ");
	tg_buf_add_jsons(out, b->name);
	tg_buf_adds(out, ", \"unit\": ");
	tg_buf_add_jsons(out, b->unit);
	tg_buf_addf(out, ", \"higher_is_better\": %s", b->higher_is_better ? "true" : "false");
	if (d->base)
		tg_buf_addf(out, ", \"base_median\": %.9g, \"base_samples\": %zu", d->base->median,
		            d->base->samples_nr);
	if (d->cur)
		tg_buf_addf(out, ", \"current_median\": %.9g, \"current_samples\": %zu",
		            d->cur->median, d->cur->samples_nr);
	if (d->base && d->cur) {
		tg_buf_adds(out, ", \"change_pct\": ");
		num(out, d->change_pct, 1);
	}
	tg_buf_adds(out, ", \"p\": ");
	num(out, d->p < 0 ? NAN : d->p, 1);
	tg_buf_adds(out, ", \"p_adjusted\": ");
	num(out, d->q < 0 ? NAN : d->q, 1);
	tg_buf_addf(out, ", \"verdict\": \"%s\", \"note\": ", tg_bench_verdict_name(d->verdict));
	json_opt(out, d->note);
	tg_buf_adds(out, "}");
}

static void median(struct tg_buf *out, const struct tg_bench *b)
{
	if (b)
		tg_buf_addf(out, "%12.4g ", b->median);
	else
		tg_buf_addf(out, "%12s ", "-");
}

void tg_bench_format(const struct tg_bench_report *r, int json, struct tg_buf *out)
{
	size_t i;

	if (json)
		tg_buf_addf(out,
		            "{\"kind\": \"%s\", \"tolerance_pct\": %g, \"regressions\": %zu, "
		            "\"benchmarks\": [",
		            tg_bench_kind_name(r->kind), r->tolerance_pct, r->regressions);
	else
		tg_buf_addf(out, "%-40s %-16s %12s %12s %9s %9s %-10s %s\n", "BENCHMARK", "UNIT",
		            "BASE", "CURRENT", "CHANGE", "P(BH)", "VERDICT", "NOTE");
	for (i = 0; i < r->nr; i++) {
		const struct tg_bench_delta *d = &r->v[i];
		const struct tg_bench *b = d->base ? d->base : d->cur;
		if (json) {
			tg_buf_adds(out, i ? ",\n  " : "\n  ");
			bench_json(d, out);
			continue;
		}
		tg_buf_addf(out, "%-40s %-16s ", b->name, b->unit);
		median(out, d->base);
		median(out, d->cur);
		if (d->base && d->cur) {
			struct tg_buf c = TG_BUF_INIT;
			num(&c, d->change_pct, 0);
			tg_buf_addf(out, "%9s ", c.buf);
			tg_buf_release(&c);
		} else {
			tg_buf_addf(out, "%9s ", "-");
		}
		if (d->q >= 0)
			tg_buf_addf(out, "%9.3g ", d->q);
		else
			tg_buf_addf(out, "%9s ", "-");
		tg_buf_addf(out, "%-10s %s\n", tg_bench_verdict_name(d->verdict),
		            d->note ? d->note : "");
	}
	if (json)
		tg_buf_adds(out, r->nr ? "\n]}\n" : "]}\n");
	else
		tg_buf_addf(out, "%zu regression(s) over %g%% in %zu benchmark(s) (%s)\n",
		            r->regressions, r->tolerance_pct, r->nr, tg_bench_kind_name(r->kind));
}
