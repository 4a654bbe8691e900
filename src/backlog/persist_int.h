#ifndef TG_PERSIST_INT_H
#define TG_PERSIST_INT_H

/* Shared by persist.c and persist_io.c only. */

#include <sqlite3.h>

/*
 * Binds an item's path to the items.path column: as TEXT when it is UTF-8,
 * else as a BLOB of its bytes, so every TEXT value in the store is UTF-8 and
 * the bytes stay exact (sqlite3_column_text gives them back either way).
 */
int tg_persist_bind_path(sqlite3_stmt *st, int col, const char *path);

#endif
