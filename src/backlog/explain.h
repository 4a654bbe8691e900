#ifndef TG_EXPLAIN_H
#define TG_EXPLAIN_H

/*
 * An item and its score, step by step, as `terragon explain` prints it and
 * the HTML report shows it under each row. Repository text (title, path,
 * message, evidence) is escaped for a terminal (tg_buf_add_printables).
 */

#include "backlog/item.h"
#include "backlog/score.h"
#include "util/buf.h"

/*
 * Appends the explanation: head, meta, the line "  at PATH:LINE\n" when the
 * item has a path (PATH as tg_buf_add_printables writes it), body, the
 * score heading, and steps (tg_score_item's). The HTML report keeps the
 * parts apart, to write each repeated one once, and its script joins them
 * the same way (report/html_assets.c).
 */
void tg_item_explain(struct tg_buf *out, const struct tg_item *it, const struct tg_buf *steps);

/* "fingerprint  title\n" */
void tg_item_explain_head(struct tg_buf *out, const struct tg_item *it);
/* "  severity / category / status, from source (rule id)\n" */
void tg_item_explain_meta(struct tg_buf *out, const struct tg_item *it);
/* The occurrences, "not rescanned", message and evidence lines, each that applies. */
void tg_item_explain_body(struct tg_buf *out, const struct tg_item *it);
/* Before the steps; %s is the scoring model. */
#define TG_EXPLAIN_SCORE_HEADING "\nScore (model %s):\n"
/*
 * The same as JSON, as `explain --format json` prints it and serve's
 * /api/items/ID answers: {"scoring_model", "item", "steps": [one string a
 * step line]} and, when history is not NULL, "history": that JSON text (the
 * item's events, tg_persist_events). Ends in a newline.
 */
void tg_item_explain_json(struct tg_buf *out, const struct tg_item *it, const struct tg_buf *steps,
                          const char *history);

/* Replays the item's score with the model (steps into a scratch copy) and explains it. */
void tg_item_explain_scored(struct tg_buf *out, const struct tg_score_model *m,
                            const struct tg_item *it);

#endif
