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

/* Appends the explanation: the item, its places, and steps (tg_score_item's). */
void tg_item_explain(struct tg_buf *out, const struct tg_item *it, const struct tg_buf *steps);

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
