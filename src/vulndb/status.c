/* Each ecosystem's state, as the last import or update left it. */
#include "vulndb/vulndb_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_text(char *dst, size_t n, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	snprintf(dst, n, "%s", v ? v : "");
}

int tg_vulndb_status(struct tg_vulndb *db, struct tg_vulndb_status **out, size_t *nr)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (sqlite3_prepare_v2(db->db,
	                       "SELECT eco, records, newest, imported_at, snapshot, etag,"
	                       " last_modified FROM eco_status ORDER BY eco",
	                       -1, &st, NULL) != SQLITE_OK)
		return tg_vulndb_sql_error(db, "reading the status");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tg_vulndb_status *s;
		int eco = sqlite3_column_int(st, 0);

		if (eco <= TG_ECO_UNKNOWN || eco >= TG_ECO_COUNT)
			continue;
		TG_ALLOC_GROW(*out, *nr + 1, alloc);
		s = &(*out)[(*nr)++];
		memset(s, 0, sizeof(*s));
		s->eco = (enum tg_eco)eco;
		s->records = sqlite3_column_int64(st, 1);
		copy_text(s->newest, sizeof(s->newest), st, 2);
		s->imported_at = sqlite3_column_int64(st, 3);
		copy_text(s->snapshot, sizeof(s->snapshot), st, 4);
		copy_text(s->etag, sizeof(s->etag), st, 5);
		copy_text(s->last_modified, sizeof(s->last_modified), st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*nr = 0;
		return tg_vulndb_sql_error(db, "reading the status");
	}
	return TG_OK;
}
