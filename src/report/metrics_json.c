#include "report/outputs.h"

#include "backlog/item_json.h"
#include "util/clock.h"
#include "version.h"

#include <string.h>

static const char *const categories[] = {
        "security", "secret", "vulnerability", "ai-ml",       "compliance",   "complexity",
        "hotspot",  "debt",   "coverage",      "performance", "architecture", "dependency",
};

static int is_open(const struct tg_item *it)
{
	return it->status == TG_STATUS_OPEN || it->status == TG_STATUS_IN_PROGRESS;
}

static void totals(struct tg_buf *out, const struct tg_backlog *b, const struct tg_run_summary *s)
{
	size_t by_sev[5] = {0}, i, c, open = 0, suppressed = 0;
	double debt = 0;

	for (i = 0; i < b->nr; i++) {
		if (!is_open(&b->items[i])) {
			suppressed += b->items[i].status == TG_STATUS_SUPPRESSED;
			continue;
		}
		open++;
		by_sev[b->items[i].severity]++;
		debt += b->items[i].scores.debt;
	}
	tg_buf_addf(out,
	            "  \"totals\": {\n    \"items\": %zu,\n    \"open\": %zu,\n"
	            "    \"suppressed\": %zu,\n    \"vendored_left_out\": %zu,\n"
	            "    \"debt_minutes\": ",
	            b->nr, open, suppressed, s->vendored_items);
	tg_buf_add_jsonnum(out, debt);
	tg_buf_adds(out, ",\n    \"by_severity\": {");
	for (c = 5; c-- > 0;)
		tg_buf_addf(out, "\"%s\": %zu%s", tg_severity_name(c), by_sev[c], c ? ", " : "");
	tg_buf_adds(out, "},\n    \"by_category\": {");
	for (c = 0; c < sizeof(categories) / sizeof(categories[0]); c++) {
		size_t n = 0;
		for (i = 0; i < b->nr; i++)
			n += is_open(&b->items[i]) && b->items[i].category &&
			     !strcmp(b->items[i].category, categories[c]);
		tg_buf_addf(out, "%s\"%s\": %zu", c ? ", " : "", categories[c], n);
	}
	tg_buf_adds(out, "}\n  },\n");
}

static void sources(struct tg_buf *out, const struct tg_run_summary *s)
{
	size_t i;

	tg_buf_adds(out, "  \"sources\": [");
	for (i = 0; i < s->sources_nr; i++) {
		const struct tg_source_run *r = &s->sources[i];
		tg_buf_addf(out, "%s\n    {\"name\": ", i ? "," : "");
		tg_buf_add_jsons(out, r->name);
		tg_buf_adds(out, ", \"seconds\": ");
		tg_buf_add_jsonnum(out, r->seconds);
		tg_buf_addf(out, ", \"items\": %zu, \"ok\": %s", r->items,
		            r->ok ? "true" : "false");
		if (r->error) {
			tg_buf_adds(out, ", \"error\": ");
			tg_buf_add_jsons(out, r->error);
		}
		tg_buf_adds(out, "}");
	}
	tg_buf_adds(out, s->sources_nr ? "\n  ],\n" : "],\n");
}

static void skipped(struct tg_buf *out, const struct tg_run_summary *s)
{
	size_t i;

	tg_buf_adds(out, "  \"skipped\": [");
	for (i = 0; i < s->skipped.nr; i++) {
		tg_buf_adds(out, i ? ",\n    " : "\n    ");
		tg_buf_add_jsons(out, s->skipped.v[i]);
	}
	tg_buf_adds(out, s->skipped.nr ? "\n  ],\n" : "],\n");
	/* Only when there are some: files not read whose stored items stayed open. */
	for (i = 0; i < s->not_rescanned.nr; i++) {
		tg_buf_adds(out, i ? ",\n    " : "  \"not_rescanned\": [\n    ");
		tg_buf_add_jsons(out, s->not_rescanned.v[i]);
	}
	if (s->not_rescanned.nr)
		tg_buf_adds(out, "\n  ],\n");
}

void tg_metrics_json(struct tg_buf *out, const struct tg_backlog *b, const struct tg_run_summary *s)
{
	char started[32], finished[32];
	size_t i;

	tg_time_format(s->started, started, sizeof(started));
	tg_time_format(s->finished, finished, sizeof(finished));
	tg_buf_addf(out, "{\n  \"schema_version\": %d,\n  \"scoring_model\": \"%s\",\n",
	            TG_METRICS_SCHEMA_VERSION, TG_SCORING_MODEL);
	tg_buf_addf(out, "  \"generator\": {\"name\": \"terragon\", \"version\": \"%s\"},\n",
	            TG_VERSION);
	tg_buf_addf(out, "  \"run\": {\"id\": %lld, \"started\": \"%s\", \"finished\": \"%s\"},\n",
	            (long long)s->run_id, started, finished);
	tg_buf_adds(out, "  \"repository\": {\"name\": ");
	tg_buf_add_jsons(out, s->repo_name);
	tg_buf_adds(out, ", \"head\": ");
	tg_buf_add_jsons(out, s->head);
	tg_buf_addf(out, ", \"files_scanned\": %zu, \"coverage_pct\": ", s->files_scanned);
	if (s->coverage_pct < 0)
		tg_buf_adds(out, "null");
	else
		tg_buf_add_jsonnum(out, s->coverage_pct);
	tg_buf_adds(out, "},\n");
	totals(out, b, s);
	sources(out, s);
	skipped(out, s);
	tg_buf_addf(out, "  \"resolved_this_run\": %zu,\n  \"items\": [", s->resolved_nr);
	/* About 1 KB an item: one allocation, not a copy of the text at each growth. */
	tg_buf_grow(out, b->nr * 1100);
	for (i = 0; i < b->nr; i++) {
		tg_buf_adds(out, i ? ",\n    " : "\n    ");
		tg_item_to_json(out, &b->items[i], 4);
	}
	tg_buf_adds(out, b->nr ? "\n  ]\n}\n" : "]\n}\n");
}
