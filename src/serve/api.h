#ifndef TG_SERVE_API_H
#define TG_SERVE_API_H

/*
 * serve's JSON API over the stored backlog, apart from HTTP so that it is
 * plain to test:
 *   /api/backlog    the open items, ranked, as `terragon backlog --format
 *                   json` lists them, with its filters as query parameters
 *                   (category, severity, path, new_since, min_score,
 *                   tier: act, watch or all) and
 *                   paging (limit 1..1000, default 100; offset):
 *                   {"scoring_model", "total", "offset", "limit",
 *                    "next_offset" (null on the last page), "items": [...]}
 *   /api/items/ID   one stored item (any status) by a unique prefix of 6 to
 *                   16 hex digits of its fingerprint, as `terragon explain
 *                   --format json` prints it, with its "history" (events)
 * Errors are {"error": "what is wrong"}: 400 for a bad parameter or id, 404
 * for no such item or path. Every answer is valid UTF-8.
 */

#include "backlog/score.h"
#include "serve/index.h"
#include "util/buf.h"

#include <sqlite3.h>

struct tg_api_arg {
	const char *key, *value; /* value NULL for "?key" without '=' */
};

/*
 * Answers a GET of url (under /api) with args (the decoded query) from the
 * index ix (index.h; NULL while none could be read: why says why, and the
 * answer is 503), reading full items from db, a connection of the calling
 * thread's own. Parameters are checked before anything is read. Fills out
 * with JSON; returns the HTTP status (500 when the store cannot be read,
 * with its message). m: explain replays an item's score with it.
 */
unsigned tg_api_answer(struct tg_api_index *ix, const char *why, sqlite3 *db,
                       const struct tg_score_model *m, const char *url,
                       const struct tg_api_arg *args, size_t nr, struct tg_buf *out);

#endif
