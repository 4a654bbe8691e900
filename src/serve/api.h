#ifndef TG_SERVE_API_H
#define TG_SERVE_API_H

/*
 * serve's JSON API over the stored backlog, apart from HTTP so that it is
 * plain to test:
 *   /api/backlog    the open items, ranked, as `terragon backlog --format
 *                   json` lists them, with its filters as query parameters
 *                   (category, severity, path, new_since, min_score) and
 *                   paging (limit 1..1000, default 100; offset):
 *                   {"scoring_model", "total", "offset", "limit",
 *                    "next_offset" (null on the last page), "items": [...]}
 *   /api/items/ID   one stored item (any status) by a unique prefix of 6 to
 *                   16 hex digits of its fingerprint, as `terragon explain
 *                   --format json` prints it, with its "history" (events)
 * Errors are {"error": "what is wrong"}: 400 for a bad parameter or id, 404
 * for no such item or path. Every answer is valid UTF-8.
 */

#include "backlog/backlog.h"
#include "backlog/score.h"
#include "util/buf.h"

#include <sqlite3.h>

struct tg_api_arg {
	const char *key, *value; /* value NULL for "?key" without '=' */
};

struct tg_api {
	struct tg_backlog b;   /* every stored item, ranked */
	struct tg_item **open; /* the open and in-progress ones, ranked: a page without
	                          filters is read from here, without a scan */
	size_t open_nr;
	struct tg_item **by_fp; /* every item by fingerprint: /api/items/ID by bisection */
	char **json;            /* each item's JSON (UTF-8), made on first use; by index in b */
	int loaded, version;
	struct tg_score_model model; /* explain replays scores with it */
};

void tg_api_init(struct tg_api *a, const struct tg_score_model *m);
void tg_api_release(struct tg_api *a);

/*
 * Answers a GET of url (under /api) with args (the decoded query), reading
 * the store db (whose PRAGMA data_version is version: the snapshot of items
 * is read again when it changed). Fills out with JSON; returns the HTTP
 * status (500 when the store cannot be read, with its message).
 */
unsigned tg_api_answer(struct tg_api *a, sqlite3 *db, int version, const char *url,
                       const struct tg_api_arg *args, size_t nr, struct tg_buf *out);

#endif
