/* Hotspots and knowledge risks as backlog items (knowledge risk: knowledge.c). */
#include "history/model_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int emit(struct tg_sink *sink, struct tg_item *it)
{
	int rc = sink->emit(sink, it);

	tg_item_release(it);
	return rc;
}

static int hotspot_item(const struct tg_hotspot *hs, int rank, struct tg_sink *sink)
{
	const struct tg_history_file *f = hs->file;
	struct tg_item it;
	struct tg_buf b = TG_BUF_INIT;
	int i;

	tg_item_init(&it);
	tg_fingerprint_file(it.fingerprint, "history/hotspot", f->path);
	it.source = tg_strdup("history");
	it.rule_id = tg_strdup("history/hotspot");
	it.category = tg_strdup("hotspot");
	it.severity = rank < 3 ? TG_SEV_HIGH : TG_SEV_MEDIUM;
	it.path = tg_strdup(f->path);
	tg_buf_addf(&b, "Hotspot: %s changes often and is complex", f->path);
	it.title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b,
	            "%ld revisions by %ld authors with %ld decision points (score %.0f): complex "
	            "code that keeps changing is where defects and slow changes concentrate; "
	            "split it or simplify its busiest parts",
	            f->revisions, f->authors, hs->complexity, hs->score);
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "revisions=%ld added=%ld deleted=%ld complexity=%ld", f->revisions,
	            f->added, f->deleted, hs->complexity);
	if (hs->trend_nr) {
		tg_buf_adds(&b, " trend=");
		for (i = 0; i < hs->trend_nr; i++)
			tg_buf_addf(&b, "%s%ld", i ? "," : "", hs->trend[i]);
	}
	it.evidence = tg_buf_detach(&b, NULL);
	it.metric = hs->score;
	it.job_size = hs->complexity > 100 ? 13 : hs->complexity > 40 ? 8 : 5;
	it.remediation_minutes = 30.0 + 5.0 * (double)hs->complexity;
	it.inputs.business_value = 3;
	it.inputs.time_criticality = 2;
	it.inputs.risk_reduction = rank < 3 ? 8 : 5;
	it.inputs.impact = 6;
	it.inputs.confidence = 7;
	it.inputs.ease = 4;
	return emit(sink, &it);
}

/*
 * "Changes often" must be true now: recency-weighted revisions (activity.c)
 * of at least 2, as three commits in the last six months make, or two last
 * month; a file untouched for a year and a half needs fifteen. Flask's
 * config.py and json/tag.py, unchanged since 2024, were hotspot items.
 */
#define HOTSPOT_MIN_ACTIVITY 2.0

int tg_history_emit_items(const struct tg_history *h, const struct tg_history_opts *o,
                          tg_complexity_fn fn, void *ctx, size_t limit, struct tg_sink *sink)
{
	struct tg_hotspot *hs = NULL;
	size_t nr = 0, i, rank = 0;
	int rc = tg_history_hotspots(h, fn, ctx, 0, 0, &hs, &nr);

	for (i = 0; rc == TG_OK && i < nr && rank < limit; i++) {
		/* A build or configuration file that changes often is not code to simplify. */
		if (hs[i].file->revisions < o->min_revs || hs[i].score <= 0 ||
		    hs[i].activity < HOTSPOT_MIN_ACTIVITY || !model_is_source(hs[i].file->path))
			continue;
		rc = hotspot_item(&hs[i], (int)rank++, sink);
	}
	free(hs);
	/* Knowledge risk: departed authors' surviving lines, and the bus factor (knowledge.c). */
	if (rc == TG_OK)
		rc = model_knowledge_items(h, o, sink);
	return rc;
}
