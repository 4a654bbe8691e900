// module: serve
/*
 * serve's JSON API (serve/api.h) on arbitrary requests: the first line is the
 * path, each further line a query parameter "key=value" ("key" alone: no
 * value), over an in-memory store with every migration applied and two
 * items. It must answer with a status and valid bytes, never crash or leak.
 */
#include "serve/api.h"
#include "store/store.h"
#include "util/log.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *open_db(void)
{
	static const char items[] =
	        "INSERT INTO items VALUES ('0123456789abcdef','scanner','debt','low','a.py',"
	        "'open',1700000000,1700000000,NULL,1,1),('0123456789abcdee','scanner','security',"
	        "'high','b.py','resolved',1700000000,1700000000,1700003600,1,2);"
	        "INSERT INTO item_json VALUES ('0123456789abcdef','{\"fingerprint\":"
	        "\"0123456789abcdef\",\"source\":\"scanner\",\"category\":\"debt\",\"severity\":"
	        "\"low\",\"title\":\"TODO\",\"path\":\"a.py\"}'),('0123456789abcdee',"
	        "'{\"fingerprint\":\"0123456789abcdee\",\"source\":\"scanner\",\"category\":"
	        "\"security\",\"severity\":\"high\",\"title\":\"x\\u00ff\",\"path\":\"b.py\"}');"
	        "INSERT INTO item_events (fingerprint, run_id, at, event) VALUES "
	        "('0123456789abcdef',1,1700000000,'opened');";
	sqlite3 *db;
	size_t i;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	for (i = 0; i < tg_store_migrations_nr; i++)
		sqlite3_exec(db, tg_store_migrations[i].sql, NULL, NULL, NULL);
	sqlite3_exec(db, items, NULL, NULL, NULL);
	return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sqlite3 *db;
	static struct tg_api api;
	static struct tg_score_model model;
	static int ready;
	struct tg_api_arg args[16];
	struct tg_buf out = TG_BUF_INIT;
	char *text = malloc(size + 1), *line, *next, *url;
	size_t nr = 0;

	tg_log_level = TG_LOG_QUIET;
	if (!ready) {
		db = open_db();
		tg_score_model_default(&model);
		tg_api_init(&api, &model);
		ready = 1;
	}
	if (!db || !text) {
		free(text);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = 0;
	url = text;
	next = strchr(text, '\n');
	if (next)
		*next++ = 0;
	for (line = next; line && nr < 16; line = next) {
		char *eq;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		eq = strchr(line, '=');
		if (eq)
			*eq++ = 0;
		args[nr++] = (struct tg_api_arg){line, eq};
	}
	tg_api_answer(&api, db, 1, url, args, nr, &out);
	tg_buf_release(&out);
	free(text);
	return 0;
}
