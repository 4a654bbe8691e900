/*
 * The audit trail in `store export` / `store import` (store/audit.h), so the
 * trail survives CI, where each run starts from a fresh checkout with the
 * store restored from an export. Entries travel verbatim, their hashes with
 * them: an import appends the exported entries that extend this store's
 * chain, and an entry tampered with in the file stays visible to `audit
 * verify` after the import, as it would have in the store.
 */
#include "store/audit.h"

#include "util/error.h"
#include "util/json.h"

#include <string.h>

static void add_field(struct tg_buf *out, const char *key, sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);

	tg_buf_addf(out, ", \"%s\": ", key);
	if (v)
		tg_buf_add_json(out, v, (size_t)sqlite3_column_bytes(s, col));
	else
		tg_buf_adds(out, "null");
}

int tg_audit_export_db(sqlite3 *db, struct tg_buf *out)
{
	static const char *const keys[] = {"actor",   "ci_actor", "ci_run",    "action",
	                                   "subject", "details",  "prev_hash", "hash"};
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(db,
	                       "SELECT id, at, actor, ci_actor, ci_run, action, subject, details,"
	                       " prev_hash, hash FROM audit ORDER BY id",
	                       -1, &s, NULL) != SQLITE_OK)
		return tg_store_db_error(db, "exporting the audit trail");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		tg_buf_addf(out, "{\"type\": \"audit\", \"id\": %lld, \"at\": %lld",
		            (long long)sqlite3_column_int64(s, 0),
		            (long long)sqlite3_column_int64(s, 1));
		for (int i = 0; i < 8; i++)
			add_field(out, keys[i], s, i + 2);
		tg_buf_adds(out, "}\n");
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? TG_OK : tg_store_db_error(db, "exporting the audit trail");
}

/* 1 when the store holds an entry with this hash, 0 when not, < 0 on error. */
static int has_hash(sqlite3 *db, const char *hash)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM audit WHERE hash = ?", -1, &s, NULL) != SQLITE_OK)
		return tg_store_db_error(db, "importing the audit trail");
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tg_store_db_error(db, "importing the audit trail");
	return rc == SQLITE_ROW;
}

static void bind_field(sqlite3_stmt *s, int i, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		sqlite3_bind_text(s, i, json_string_value(v), (int)json_string_length(v),
		                  SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

int tg_audit_import_db(sqlite3 *db, const json_t *o, const char *where)
{
	static const char sql[] = "INSERT INTO audit (at, actor, ci_actor, ci_run, action, subject,"
	                          " details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)";
	const char *hash = json_string_value(json_object_get(o, "hash"));
	const char *prev = json_string_value(json_object_get(o, "prev_hash"));
	static const char *const keys[] = {"actor",   "ci_actor", "ci_run",    "action",
	                                   "subject", "details",  "prev_hash", "hash"};
	char mine[TG_SHA256_HEX];
	sqlite3_stmt *s = NULL;
	int rc;

	if (!hash || !prev || !json_is_integer(json_object_get(o, "at")))
		return tg_error_set(TG_ERR_INPUT, "%s: an audit entry needs at, prev_hash and hash",
		                    where);
	if ((rc = has_hash(db, hash)))
		return rc < 0 ? rc : TG_OK; /* already here: the same run imported again */
	if ((rc = tg_audit_head_db(db, mine)))
		return rc;
	if (strcmp(prev, mine))
		return tg_error_set(
		        TG_ERR_INPUT,
		        "%s: audit entry %lld does not follow this store's trail (its "
		        "previous hash %.12s..., this store's head %.12s...): the trails "
		        "diverged; nothing imported",
		        where, (long long)json_integer_value(json_object_get(o, "id")), prev, mine);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return tg_store_db_error(db, "importing the audit trail");
	sqlite3_bind_int64(s, 1, json_integer_value(json_object_get(o, "at")));
	for (int i = 0; i < 8; i++)
		bind_field(s, i + 2, o, keys[i]);
	rc = sqlite3_step(s) == SQLITE_DONE ? TG_OK
	                                    : tg_store_db_error(db, "importing the audit trail");
	sqlite3_finalize(s);
	return rc;
}
