/* An item's explanation (cmd/explain.c moved here so the HTML report shows the same). */
#include "backlog/explain.h"

#include "backlog/item_json.h"

#include <string.h>

/* Every place of a grouped or merged item, one a line. */
static void occurrences(struct tg_buf *out, const struct tg_item *it)
{
	if (!it->occurrences_nr)
		return;
	tg_buf_addf(out, "  %zu occurrences:\n", it->occurrences_nr);
	for (size_t i = 0; i < it->occurrences_nr; i++) {
		const struct tg_occurrence *o = &it->occurrences[i];
		tg_buf_adds(out, "    ");
		tg_buf_add_printables(out, o->path ? o->path : "(repository)");
		tg_buf_addf(out, ":%d", o->start_line);
		if (o->end_line > o->start_line)
			tg_buf_addf(out, "-%d", o->end_line);
		if (o->source || o->rule_id) {
			tg_buf_adds(out, "  (");
			tg_buf_add_printables(out, o->source ? o->source : "-");
			tg_buf_adds(out, " ");
			tg_buf_add_printables(out, o->rule_id ? o->rule_id : "-");
			tg_buf_adds(out, ")");
		}
		tg_buf_addch(out, '\n');
	}
}

void tg_item_explain_head(struct tg_buf *out, const struct tg_item *it)
{
	tg_buf_addf(out, "%s  ", it->fingerprint);
	tg_buf_add_printables(out, it->title);
	tg_buf_addch(out, '\n');
}

void tg_item_explain_meta(struct tg_buf *out, const struct tg_item *it)
{
	tg_buf_addf(out, "  %s / ", tg_severity_name(it->severity));
	tg_buf_add_printables(out, it->category ? it->category : "-");
	tg_buf_addf(out, " / %s, from ", tg_item_status_name(it->status));
	tg_buf_add_printables(out, it->source ? it->source : "-");
	tg_buf_adds(out, " (rule ");
	tg_buf_add_printables(out, it->rule_id ? it->rule_id : "-");
	tg_buf_adds(out, ")\n");
}

void tg_item_explain_body(struct tg_buf *out, const struct tg_item *it)
{
	occurrences(out, it);
	if (it->not_rescanned) {
		tg_buf_adds(out, "  not rescanned: its file was not read in the last run (");
		tg_buf_add_printables(out, it->not_rescanned);
		tg_buf_adds(out, ")\n");
	}
	if (it->message) {
		tg_buf_adds(out, "  ");
		tg_buf_add_printables(out, it->message);
		tg_buf_addch(out, '\n');
	}
	if (it->evidence) {
		tg_buf_adds(out, "  evidence: ");
		tg_buf_add_printables(out, it->evidence);
		tg_buf_addch(out, '\n');
	}
}

void tg_item_explain(struct tg_buf *out, const struct tg_item *it, const struct tg_buf *steps)
{
	/* Everything but the fingerprint and the names is repository text: escaped. */
	tg_item_explain_head(out, it);
	tg_item_explain_meta(out, it);
	if (it->path) {
		tg_buf_adds(out, "  at ");
		tg_buf_add_printables(out, it->path);
		tg_buf_addf(out, ":%d\n", it->start_line);
	}
	tg_item_explain_body(out, it);
	tg_buf_addf(out, TG_EXPLAIN_SCORE_HEADING "%s", TG_SCORING_MODEL, steps->buf);
}

/* Each step line "name = formula = value" becomes a string in the array. */
static void steps_json(struct tg_buf *out, const struct tg_buf *steps)
{
	const char *p = steps->buf ? steps->buf : "";
	int first = 1;

	tg_buf_adds(out, "\"steps\": [");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		tg_buf_adds(out, first ? "\n    " : ",\n    ");
		tg_buf_add_json(out, p, n);
		first = 0;
		p += n + (nl ? 1 : 0);
	}
	tg_buf_adds(out, "\n  ]");
}

void tg_item_explain_json(struct tg_buf *out, const struct tg_item *it, const struct tg_buf *steps,
                          const char *history)
{
	size_t n;

	tg_buf_addf(out, "{\n  \"scoring_model\": \"%s\",\n  \"item\": ", TG_SCORING_MODEL);
	tg_item_to_json(out, it, 2);
	tg_buf_adds(out, ",\n  ");
	steps_json(out, steps);
	if (history) {
		n = strlen(history);
		while (n && history[n - 1] == '\n')
			n--;
		tg_buf_adds(out, ",\n  \"history\": ");
		tg_buf_add(out, history, n);
	}
	tg_buf_adds(out, "\n}\n");
}

void tg_item_explain_scored(struct tg_buf *out, const struct tg_score_model *m,
                            const struct tg_item *it)
{
	struct tg_buf steps = TG_BUF_INIT;
	struct tg_item copy = *it;

	/* tg_score_item writes only the scores: a shallow copy keeps it const. */
	tg_score_item(m, &copy, it->change_rate, &steps);
	tg_item_explain(out, it, &steps);
	tg_buf_release(&steps);
}
