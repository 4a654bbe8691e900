#ifndef TG_CMD_ITEM_ROW_H
#define TG_CMD_ITEM_ROW_H

#include "backlog/item.h"
#include "util/buf.h"

/* Appends the item as one table row (ID, SCORE, SEVERITY, CATEGORY, ITEM),
 * repository text escaped for a terminal, ending in a newline. */
void tg_cmd_item_row(struct tg_buf *out, const struct tg_item *it);

#endif
