#ifndef TG_ITEM_JSON_H
#define TG_ITEM_JSON_H

/*
 * The item JSON, the same everywhere (value-metrics.json, backlog --format
 * json, explain, the executor's stdin): fields in a fixed order, so outputs
 * are byte-identical for identical items. tg_item_from_json reads it back
 * (store import).
 */

#include "backlog/item.h"
#include "util/buf.h"

/* indent < 0: one line; otherwise pretty-printed, nested at `indent` spaces. */
void tg_item_to_json(struct tg_buf *out, const struct tg_item *it, int indent);

/* Parses one item object (jansson); TG_ERR_INPUT with a message on a bad one. */
struct json_t;
int tg_item_from_json(struct tg_item *it, const struct json_t *obj);

#endif
