/*
 * SLOs from the history: each SLI's events (good or bad, dated when the
 * outcome became known), counted over the objective's window and over the
 * burn-rate windows.
 */
#include "observe/slo.h"

#include "util/clock.h"

#include <math.h>
#include <string.h>

#define HOUR 3600
#define DAY  86400

size_t tg_slo_from_config(const struct tg_config *cfg, struct tg_slo *out)
{
	size_t i, n = 0;

	for (i = 0; i < cfg->slos_nr && n < TG_CONFIG_SLOS_MAX; i++) {
		const struct tg_slo_config *c = &cfg->slos[i];
		int sli = 0;
		while (tg_config_sli_names[sli] && strcmp(tg_config_sli_names[sli], c->sli))
			sli++;
		if (!tg_config_sli_names[sli]) /* not reached: the configuration checked it */
			continue;
		out[n++] = (struct tg_slo){c->name, (enum tg_sli)sli, c->ratio, (time_t)c->window_s,
		                           (time_t)c->threshold_s};
	}
	return n;
}
const time_t tg_slo_burn_windows[TG_SLO_BURN_WINDOWS] = {HOUR, 6 * HOUR, DAY, 3 * DAY};

/* The counts of events in (now - span, now] for each span we want. */
struct tally {
	time_t now, spans[1 + TG_SLO_BURN_WINDOWS];
	uint64_t good[1 + TG_SLO_BURN_WINDOWS], total[1 + TG_SLO_BURN_WINDOWS];
};

static void event(struct tally *t, time_t at, int good)
{
	size_t i;

	if (at > t->now) /* clock skew: not yet, as far as we know */
		return;
	for (i = 0; i <= TG_SLO_BURN_WINDOWS; i++)
		if (at > t->now - t->spans[i]) {
			t->good[i] += good;
			t->total[i]++;
		}
}

static int security(const struct tg_obs_episode *e)
{
	return e->category <= 2; /* security, secret, vulnerability */
}

/*
 * A latency SLI over an episode: good when done within threshold (at the time
 * it was done), bad at the deadline when not done by then, whether or not it
 * is done later; undecided while open and within the deadline, and not
 * counted when it ended otherwise (resolved by hand, suppressed) in time.
 */
static void latency(struct tally *t, const struct tg_obs_episode *e, time_t done, time_t thr)
{
	time_t deadline = e->opened + thr;

	if (done && done >= e->opened && done <= deadline)
		event(t, done, 1);
	else if (done > deadline || (e->closed ? e->closed > deadline : t->now > deadline))
		event(t, deadline, 0);
}

static void collect(struct tally *t, const struct tg_observe *o, const struct tg_slo *slo)
{
	size_t i;

	if (slo->sli == TG_SLI_EXECUTION_SUCCESS) {
		for (i = 0; i < o->executions_nr; i++) {
			const struct tg_obs_execution *x = &o->executions[i];
			event(t, x->finished ? x->finished : x->started,
			      x->outcome == 0 || x->outcome == 1);
		}
		return;
	}
	for (i = 0; i < o->episodes_nr; i++) {
		const struct tg_obs_episode *e = &o->episodes[i];
		if (slo->sli == TG_SLI_TIME_TO_VALUE && e->attempted)
			latency(t, e, e->delivered, slo->threshold);
		else if (slo->sli == TG_SLI_VULNERABILITY_RESOLUTION && security(e))
			latency(t, e, e->end == TG_OBS_RESOLVED ? e->closed : 0, slo->threshold);
	}
}

void tg_slo_evaluate(const struct tg_observe *o, const struct tg_slo *slo, struct tg_slo_result *r)
{
	struct tally t;
	double budget = 1 - slo->objective, burn = -1;
	size_t i;

	memset(&t, 0, sizeof(t));
	memset(r, 0, sizeof(*r));
	t.now = o->now;
	t.spans[0] = slo->window;
	for (i = 0; i < TG_SLO_BURN_WINDOWS; i++)
		t.spans[i + 1] = tg_slo_burn_windows[i];
	collect(&t, o, slo);
	r->slo = slo;
	r->good = t.good[0];
	r->total = t.total[0];
	r->sli = t.total[0] ? (double)t.good[0] / t.total[0] : -1;
	r->budget_left = r->sli < 0 ? 1 : 1 - (1 - r->sli) / budget;
	r->breached = r->sli >= 0 && r->sli < slo->objective;
	for (i = 0; i < TG_SLO_BURN_WINDOWS; i++) {
		uint64_t n = t.total[i + 1];
		r->burn[i] = n ? (1 - (double)t.good[i + 1] / n) / budget : -1;
		if (burn < 0) /* the current burn: the shortest window with events */
			burn = r->burn[i];
	}
	if (r->budget_left <= 0)
		r->exhausted_in = 0;
	else if (burn > 0)
		r->exhausted_in = r->budget_left * (double)slo->window / burn;
	else
		r->exhausted_in = -1;
}

const char *tg_slo_status(const struct tg_slo_result *r)
{
	return r->sli < 0 ? "no data" : r->breached ? "breached" : "ok";
}

void tg_slo_span(struct tg_buf *out, double s)
{
	if (s < HOUR)
		tg_buf_addf(out, "%.0fm", s / 60);
	else if (s < DAY)
		tg_buf_addf(out, "%.3gh", s / HOUR);
	else
		tg_buf_addf(out, "%.3gd", s / DAY);
}

void tg_slo_table(struct tg_buf *out, const struct tg_slo_result *r, size_t nr)
{
	struct tg_buf cell = TG_BUF_INIT;
	size_t i, w;

	tg_buf_addf(out, "%-30s %-9s %-6s %-8s %-9s %-11s %-26s %-10s %s\n", "SLO", "OBJECTIVE",
	            "WINDOW", "SLI", "EVENTS", "BUDGET LEFT", "BURN 1h / 6h / 1d / 3d", "EXHAUSTED",
	            "STATUS");
	for (i = 0; i < nr; i++) {
		const struct tg_slo_result *x = &r[i];
		tg_buf_add_printable_cell(out, x->slo->name, 30);
		tg_buf_reset(&cell);
		tg_buf_addf(&cell, "%.4g%%", x->slo->objective * 100);
		if (x->slo->threshold) {
			tg_buf_adds(&cell, "<");
			tg_slo_span(&cell, (double)x->slo->threshold);
		}
		tg_buf_addf(out, " %-9s ", cell.buf);
		tg_buf_reset(&cell);
		tg_slo_span(&cell, (double)x->slo->window);
		tg_buf_addf(out, "%-6s ", cell.buf);
		if (x->sli < 0) {
			tg_buf_addf(out, "%-8s %-9s %-11s ", "-", "0", "-");
		} else {
			tg_buf_reset(&cell);
			tg_buf_addf(&cell, "%.2f%%", x->sli * 100);
			tg_buf_addf(out, "%-8s ", cell.buf);
			tg_buf_reset(&cell);
			tg_buf_addf(&cell, "%llu/%llu", (unsigned long long)x->good,
			            (unsigned long long)x->total);
			tg_buf_addf(out, "%-9s ", cell.buf);
			tg_buf_reset(&cell);
			tg_buf_addf(&cell, "%.1f%%", x->budget_left * 100);
			tg_buf_addf(out, "%-11s ", cell.buf);
		}
		tg_buf_reset(&cell);
		for (w = 0; w < TG_SLO_BURN_WINDOWS; w++) {
			if (w)
				tg_buf_adds(&cell, " / ");
			if (x->burn[w] < 0)
				tg_buf_adds(&cell, "-");
			else
				tg_buf_addf(&cell, "%.3g", x->burn[w]);
		}
		tg_buf_addf(out, "%-26s ", cell.buf);
		tg_buf_reset(&cell);
		if (x->exhausted_in < 0)
			tg_buf_adds(&cell, "never");
		else
			tg_slo_span(&cell, x->exhausted_in);
		tg_buf_addf(out, "%-10s %s\n", x->sli < 0 ? "-" : cell.buf, tg_slo_status(x));
	}
	tg_buf_release(&cell);
}

static void jnum(struct tg_buf *out, double v, int present)
{
	if (present && isfinite(v))
		tg_buf_add_jsonnum(out, v);
	else
		tg_buf_adds(out, "null");
}

void tg_slo_json(struct tg_buf *out, const struct tg_slo_result *r, size_t nr, time_t now)
{
	static const char *const windows[] = {"1h", "6h", "1d", "3d"};
	char at[32];
	size_t i, w;

	tg_time_format(now, at, sizeof(at));
	tg_buf_addf(out, "{\"now\": \"%s\", \"slos\": [", at);
	for (i = 0; i < nr; i++) {
		const struct tg_slo_result *x = &r[i];
		tg_buf_adds(out, i ? ",\n  {\"name\": " : "\n  {\"name\": ");
		tg_buf_add_jsons(out, x->slo->name);
		tg_buf_addf(out,
		            ", \"sli\": \"%s\", \"objective\": ", tg_config_sli_names[x->slo->sli]);
		tg_buf_add_jsonnum(out, x->slo->objective);
		tg_buf_addf(out, ", \"window_seconds\": %lld, \"threshold_seconds\": ",
		            (long long)x->slo->window);
		jnum(out, (double)x->slo->threshold, x->slo->sli != TG_SLI_EXECUTION_SUCCESS);
		tg_buf_addf(out, ", \"good\": %llu, \"total\": %llu, \"value\": ",
		            (unsigned long long)x->good, (unsigned long long)x->total);
		jnum(out, x->sli, x->sli >= 0);
		tg_buf_adds(out, ", \"error_budget_left\": ");
		jnum(out, x->budget_left, x->sli >= 0);
		tg_buf_adds(out, ", \"burn_rates\": {");
		for (w = 0; w < TG_SLO_BURN_WINDOWS; w++) {
			tg_buf_addf(out, "%s\"%s\": ", w ? ", " : "", windows[w]);
			jnum(out, x->burn[w], x->burn[w] >= 0);
		}
		tg_buf_adds(out, "}, \"budget_exhausted_in_seconds\": ");
		jnum(out, x->exhausted_in, x->sli >= 0 && x->exhausted_in >= 0);
		tg_buf_addf(out, ", \"status\": \"%s\"}", tg_slo_status(x));
	}
	tg_buf_adds(out, nr ? "\n]}\n" : "]}\n");
}
