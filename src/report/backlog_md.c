#include "report/outputs.h"

#include "backlog/tier.h"

#include "util/clock.h"
#include "util/utf8.h"

#include <string.h>

/* A table cell: pipes and newlines would break the row. At most max
 * characters, never cut inside one; a byte that is not UTF-8 shows as "\xff". */
static void cell(struct tg_buf *out, const char *s, size_t max)
{
	size_t n = 0, len = s ? strlen(s) : 0, k;

	for (; s && *s && n < max; s += k, len -= k, n++) {
		k = tg_utf8_seq(s, len);
		if (*s == '|')
			tg_buf_adds(out, "\\|");
		else if (*s == '\n' || *s == '\r')
			tg_buf_addch(out, ' ');
		else
			tg_buf_add_utf8(out, s, k ? k : 1);
		k = k ? k : 1;
	}
	if (s && *s)
		tg_buf_adds(out, "…");
}

static const char *next_step(const struct tg_item *it)
{
	static const struct {
		const char *category, *step;
	} steps[] = {
	        {"secret", "Revoke and rotate the credential, then remove it and load it from the "
	                   "environment or a secret store."},
	        {"vulnerability", "Upgrade the dependency to the fixed version."},
	        {"dependency", "Upgrade or replace the dependency."},
	        {"security", "Replace the risky call with the safe form the rule describes."},
	        {"ai-ml", "Treat model input and output as untrusted: validate, escape, pin."},
	        {"compliance", "Add what the control requires."},
	        {"complexity", "Split the function: extract the branches into named helpers."},
	        {"hotspot", "Refactor where change and complexity meet; add tests first."},
	        {"coverage", "Add tests for the uncovered lines."},
	        {"performance", "Profile the regression against the baseline and fix it."},
	        {"architecture", "Spread knowledge: pair, review and document the module."},
	        {"debt", "Resolve the marker or turn it into a tracked issue."},
	};
	size_t i;

	for (i = 0; it->category && i < sizeof(steps) / sizeof(steps[0]); i++)
		if (!strcmp(it->category, steps[i].category))
			return steps[i].step;
	return "Review and fix.";
}

static void where(struct tg_buf *out, const struct tg_item *it)
{
	if (!it->path) {
		tg_buf_adds(out, "(repository)");
		return;
	}
	tg_buf_adds(out, "`");
	cell(out, it->path, 80);
	if (it->start_line)
		tg_buf_addf(out, ":%d", it->start_line);
	tg_buf_adds(out, "`");
	if (it->context != TG_CONTEXT_CODE) /* where it lives: a test, fixture, example, docs */
		tg_buf_addf(out, " (%s)", tg_context_name(it->context));
}

/* A grouped item's places, the first few: the title already says how many. */
static void occurrences(struct tg_buf *out, const struct tg_item *it)
{
	size_t i, shown = 0;

	if (it->occurrences_nr < 2)
		return;
	tg_buf_addf(out, "\n- **Occurrences** %zu:", it->occurrences_nr);
	for (i = 0; i < it->occurrences_nr && shown < 10; i++) {
		const struct tg_occurrence *o = &it->occurrences[i];
		if (!o->path)
			continue;
		tg_buf_adds(out, shown++ ? ", `" : " `");
		cell(out, o->path, 80);
		tg_buf_addf(out, ":%d`", o->start_line);
	}
	if (it->occurrences_nr > shown)
		tg_buf_addf(out, " and %zu more", it->occurrences_nr - shown);
}

static int is_open(const struct tg_item *it)
{
	return it->status == TG_STATUS_OPEN || it->status == TG_STATUS_IN_PROGRESS;
}

/* The work to act on now: open, not on the watch list. */
static int is_work(const struct tg_item *it)
{
	return is_open(it) && tg_item_tier(it) == TG_TIER_ACT;
}

static void table(struct tg_buf *out, const struct tg_backlog *b, size_t top, size_t *shown)
{
	size_t i, rank = 0;

	tg_buf_adds(out, "| # | Score | Severity | Category | Item | Where | Id |\n"
	                 "|---:|---:|---|---|---|---|---|\n");
	for (i = 0; i < b->nr && rank < top; i++) {
		const struct tg_item *it = &b->items[i];
		if (!is_work(it))
			continue;
		tg_buf_addf(out, "| %zu | %.1f | %s | %s | ", ++rank, it->scores.composite,
		            tg_severity_name(it->severity), it->category ? it->category : "");
		cell(out, it->title, 100);
		tg_buf_adds(out, " | ");
		where(out, it);
		tg_buf_addf(out, " | `%.8s` |\n", it->fingerprint);
	}
	*shown = rank;
}

static void details(struct tg_buf *out, const struct tg_backlog *b, size_t n)
{
	size_t i, rank = 0;

	for (i = 0; i < b->nr && rank < n; i++) {
		const struct tg_item *it = &b->items[i];
		if (!is_work(it))
			continue;
		tg_buf_addf(out, "\n### %zu. ", ++rank);
		cell(out, it->title, 200);
		tg_buf_addf(out,
		            "\n\n- **Score** %.1f (base %.1f × boost %.1f; WSJF %.2f, ICE %.0f, "
		            "debt %.0f min)\n",
		            it->scores.composite, it->scores.base, it->scores.boost,
		            it->scores.wsjf, it->scores.ice, it->scores.debt);
		tg_buf_adds(out, "- **Why** ");
		cell(out, it->message ? it->message : it->title, 300);
		tg_buf_adds(out, "\n- **Where** ");
		where(out, it);
		occurrences(out, it);
		if (it->not_rescanned) {
			tg_buf_adds(out, "\n- **Not rescanned** its file was not read (");
			cell(out, it->not_rescanned, 200);
			tg_buf_adds(out, "); the item stays open as last seen");
		}
		if (it->evidence) {
			tg_buf_adds(out, "\n- **Evidence** `");
			cell(out, it->evidence, 160);
			tg_buf_adds(out, "`");
		}
		if (it->links.cwe)
			tg_buf_addf(out, "\n- **CWE** %s", it->links.cwe);
		tg_buf_addf(out, "\n- **Next step** %s\n- **Explain** `terragon explain %.8s`\n",
		            next_step(it), it->fingerprint);
	}
}

/*
 * The watch list, after the work: its best items with the reason each waits,
 * so a reader sees what was left below and why, not a silent cut.
 */
static void watch_list(struct tg_buf *out, const struct tg_backlog *b, size_t watch)
{
	size_t i, shown = 0;

	tg_buf_addf(out,
	            "\n## Watch list\n\n%zu open item%s true but not the next change to make, "
	            "ranked after the work and never taken by `execute`:\n\n",
	            watch, watch == 1 ? "" : "s");
	for (i = 0; i < b->nr && shown < 10; i++) {
		const struct tg_item *it = &b->items[i];
		const char *why;
		if (!is_open(it) || !(why = tg_item_watch_reason(it)))
			continue;
		shown++;
		tg_buf_addf(out, "- %.1f ", it->scores.composite);
		cell(out, it->title, 100);
		tg_buf_adds(out, " — ");
		where(out, it);
		tg_buf_addf(out, " — %s (`%.8s`)\n", why, it->fingerprint);
	}
	if (watch > shown)
		tg_buf_addf(out, "\n%zu more in `terragon backlog --tier watch`.\n", watch - shown);
}

void tg_backlog_md(struct tg_buf *out, const struct tg_backlog *b, const struct tg_run_summary *s,
                   size_t top)
{
	char when[32];
	size_t shown, open = 0, work = 0, i;

	for (i = 0; i < b->nr; i++) {
		open += is_open(&b->items[i]);
		work += is_work(&b->items[i]);
	}
	tg_time_format(s->finished, when, sizeof(when));
	tg_buf_adds(out, "# Backlog\n\n");
	/* terragon-generated: this file is never scanned (so its text is no finding). */
	tg_buf_adds(out, "<!-- generated by terragon; edits are overwritten -->\n\n");
	tg_buf_addf(out, "%zu open items in **", open);
	cell(out, s->repo_name, 100);
	tg_buf_addf(out,
	            "**: %zu to act on now, ranked by value (scoring model `%s`), and %zu on the "
	            "watch list. Updated %s.\n\n",
	            work, TG_SCORING_MODEL, open - work, when);
	if (!open) {
		tg_buf_adds(out, "Nothing to do: no open items.\n");
		return;
	}
	if (work) {
		table(out, b, top ? top : 25, &shown);
		if (work > shown)
			tg_buf_addf(out, "\n%zu more in `terragon backlog`.\n", work - shown);
		tg_buf_adds(out, "\n## Top items\n");
		details(out, b, shown < 10 ? shown : 10);
	} else {
		tg_buf_adds(out, "Nothing to act on now: every open item is on the watch list.\n");
	}
	if (open > work)
		watch_list(out, b, open - work);
}
