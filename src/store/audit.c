/*
 * The audit trail's chain: append, walk, verify (store/audit.h). An entry's
 * hash is SHA-256 over its fields, each written as its length, a colon and
 * its bytes (NULL as "~"), so no two different entries serialise alike.
 */
#include "store/audit.h"

#include "util/alloc.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"
#include "util/redact.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char tg_audit_genesis[TG_SHA256_HEX] =
        "0000000000000000000000000000000000000000000000000000000000000000";

static void add_field(struct tg_buf *b, const char *v)
{
	if (v)
		tg_buf_addf(b, "%zu:%s\n", strlen(v), v);
	else
		tg_buf_adds(b, "~\n");
}

int tg_audit_entry_hash(const struct tg_audit_entry *e, char out[TG_SHA256_HEX])
{
	struct tg_buf b = TG_BUF_INIT;
	int rc;

	tg_buf_addf(&b, "terragon-audit-1\n%lld\n", (long long)e->at);
	add_field(&b, e->actor);
	add_field(&b, e->ci_actor);
	add_field(&b, e->ci_run);
	add_field(&b, e->action);
	add_field(&b, e->subject);
	add_field(&b, e->details);
	add_field(&b, e->prev_hash);
	rc = tg_sha256_hex(b.buf, b.len, out);
	tg_buf_release(&b);
	return rc;
}

/* The OS user: the password database's name for the effective uid, else $USER, else the uid. */
static void os_user(struct tg_buf *out)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *env = getenv("USER");

	if (pw && pw->pw_name && *pw->pw_name)
		tg_buf_adds(out, pw->pw_name);
	else if (env && *env)
		tg_buf_adds(out, env);
	else
		tg_buf_addf(out, "uid %u", (unsigned)geteuid());
}

static const char *env_or_null(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

int tg_audit_head_db(sqlite3 *db, char out[TG_SHA256_HEX])
{
	sqlite3_stmt *s = NULL;
	int rc;

	memcpy(out, tg_audit_genesis, TG_SHA256_HEX);
	if (sqlite3_prepare_v2(db, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1", -1, &s,
	                       NULL) != SQLITE_OK)
		return tg_store_db_error(db, "reading the audit trail's head");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, TG_SHA256_HEX, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
	               ? TG_OK
	               : tg_store_db_error(db, "reading the audit trail's head");
}

int tg_audit_append_db(sqlite3 *db, time_t at, const char *action, const char *subject,
                       const char *details)
{
	static const char sql[] = "INSERT INTO audit (at, actor, ci_actor, ci_run, action, subject,"
	                          " details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)";
	struct tg_buf actor = TG_BUF_INIT, clean = TG_BUF_INIT;
	char prev[TG_SHA256_HEX], hash[TG_SHA256_HEX];
	struct tg_audit_entry e = {0};
	sqlite3_stmt *s = NULL;
	int rc;

	os_user(&actor);
	if (details)
		tg_redact_text(&clean, details, strlen(details));
	e = (struct tg_audit_entry){0,
	                            at,
	                            actor.buf,
	                            env_or_null("GITHUB_ACTOR"),
	                            env_or_null("GITHUB_RUN_ID"),
	                            action,
	                            subject,
	                            details ? clean.buf : NULL,
	                            prev,
	                            hash};
	rc = tg_audit_head_db(db, prev);
	if (!rc)
		rc = tg_audit_entry_hash(&e, hash);
	if (!rc && sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		rc = tg_store_db_error(db, "appending to the audit trail");
	if (!rc) {
		sqlite3_bind_int64(s, 1, (sqlite3_int64)at);
		bind_text(s, 2, e.actor);
		bind_text(s, 3, e.ci_actor);
		bind_text(s, 4, e.ci_run);
		bind_text(s, 5, action);
		bind_text(s, 6, subject);
		bind_text(s, 7, e.details);
		bind_text(s, 8, prev);
		bind_text(s, 9, hash);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = tg_store_db_error(db, "appending to the audit trail");
	}
	sqlite3_finalize(s);
	tg_buf_release(&actor);
	tg_buf_release(&clean);
	return rc;
}

int tg_audit_append(struct tg_store *st, time_t at, const char *action, const char *subject,
                    const char *details)
{
	int rc = tg_store_begin(st);

	if (!rc)
		rc = tg_audit_append_db(tg_store_db(st), at, action, subject, details);
	if (rc) {
		tg_store_rollback(st);
		return rc;
	}
	return tg_store_commit(st);
}

static const char *col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int tg_audit_each(struct tg_store *st, tg_audit_fn fn, void *arg)
{
	sqlite3_stmt *s = NULL;
	int rc = TG_OK, step;

	if (sqlite3_prepare_v2(tg_store_db(st),
	                       "SELECT id, at, actor, ci_actor, ci_run, action, subject, details,"
	                       " prev_hash, hash FROM audit ORDER BY id",
	                       -1, &s, NULL) != SQLITE_OK)
		return tg_store_sql_error(st, "reading the audit trail");
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct tg_audit_entry e = {sqlite3_column_int64(s, 0),
		                           (time_t)sqlite3_column_int64(s, 1),
		                           col(s, 2),
		                           col(s, 3),
		                           col(s, 4),
		                           col(s, 5),
		                           col(s, 6),
		                           col(s, 7),
		                           col(s, 8),
		                           col(s, 9)};
		rc = fn(&e, arg);
	}
	if (!rc && step != SQLITE_DONE)
		rc = tg_store_sql_error(st, "reading the audit trail");
	sqlite3_finalize(s);
	return rc;
}

void tg_audit_entry_json(struct tg_buf *out, const struct tg_audit_entry *e)
{
	char when[32];
	json_t *d = e->details ? tg_json_loads(e->details, JSON_DECODE_ANY, NULL) : NULL;

	tg_time_format(e->at, when, sizeof(when));
	tg_buf_addf(out, "{\"id\": %lld, \"time\": \"%s\", \"actor\": ", (long long)e->id, when);
	tg_buf_add_jsons(out, e->actor);
	tg_buf_adds(out, ", \"ci_actor\": ");
	tg_buf_add_jsons(out, e->ci_actor);
	tg_buf_adds(out, ", \"ci_run\": ");
	tg_buf_add_jsons(out, e->ci_run);
	tg_buf_adds(out, ", \"action\": ");
	tg_buf_add_jsons(out, e->action);
	tg_buf_adds(out, ", \"subject\": ");
	tg_buf_add_jsons(out, e->subject);
	tg_buf_adds(out, ", \"details\": ");
	if (d && json_is_object(d)) {
		/* One line, whatever the writer's layout. */
		char *text = tg_json_dumps(d, JSON_PRESERVE_ORDER);
		tg_buf_adds(out, text);
		free(text);
	} else
		tg_buf_add_jsons(out, e->details);
	tg_buf_adds(out, ", \"prev_hash\": ");
	tg_buf_add_jsons(out, e->prev_hash);
	tg_buf_adds(out, ", \"hash\": ");
	tg_buf_add_jsons(out, e->hash);
	tg_buf_adds(out, "}");
	json_decref(d);
}
