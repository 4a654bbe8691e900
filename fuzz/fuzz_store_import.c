// module: backlog
/*
 * store import: the NDJSON reader and the merge it drives, on an in-memory
 * database with every migration applied, as a real store has.
 */
#include "backlog/persist.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

static sqlite3 *open_db(void)
{
	sqlite3 *db;
	size_t i;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	for (i = 0; i < tg_store_migrations_nr; i++)
		sqlite3_exec(db, tg_store_migrations[i].sql, NULL, NULL, NULL);
	return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sqlite3 *db;

	if (!db)
		db = open_db();
	if (!db)
		return 0;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	tg_persist_import(db, "fuzz.ndjson", (const char *)data, size);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}
