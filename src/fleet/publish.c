/*
 * A repository's run published to the shared store: its row in
 * `repositories`, its items upserted keyed by (repository, fingerprint), the
 * items it no longer has resolved, and its `fleet_runs` row for the head, all
 * in one transaction. Two writers of the same repository serialize on its
 * row (the first UPDATE locks it in PostgreSQL; SQLite's BEGIN IMMEDIATE
 * locks the file), and the second then finds the head published and skips.
 */
#include "fleet/fleet.h"

#include "backlog/backlog.h"
#include "backlog/item.h"
#include "util/error.h"
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { RETRIES = 8 };

static int one_row_int(struct tg_sql *db, const char *sql, const char *a, const char *b, int64_t *v,
                       int *found)
{
	struct tg_sql_stmt *s;
	int rc = tg_sql_prepare(db, &s, sql);

	*found = 0;
	if (rc)
		return rc;
	if (!(rc = tg_sql_bind_text(s, 1, a)) && b)
		rc = tg_sql_bind_text(s, 2, b);
	if (!rc && (rc = tg_sql_step(s)) == TG_SQL_ROW) {
		*v = tg_sql_column_int64(s, 0);
		*found = 1;
		rc = TG_OK;
	}
	tg_sql_finalize(s);
	return rc;
}

int tg_fleet_done(struct tg_sql *db, const char *url, const char *head, int *done)
{
	int64_t v;

	return one_row_int(db,
	                   "SELECT r.id FROM fleet_runs r JOIN repositories p"
	                   " ON p.id = r.repository_id WHERE p.url = ? AND r.head = ?",
	                   url, head, &v, done);
}

static const char *base_name(const char *url, size_t *n)
{
	const char *e = url + strlen(url), *s;

	while (e > url && e[-1] == '/')
		e--;
	if (e - url > 4 && !strncmp(e - 4, ".git", 4))
		e -= 4;
	for (s = e; s > url && s[-1] != '/' && s[-1] != ':'; s--)
		;
	*n = (size_t)(e - s);
	return s;
}

/* The repository's row, made when new and locked for this transaction. */
static int repository(struct tg_sql *db, const char *url, int64_t *id)
{
	struct tg_sql_stmt *s;
	size_t n;
	const char *name = base_name(url, &n);
	char buf[256];
	int rc, found;

	snprintf(buf, sizeof(buf), "%.*s", (int)(n < 255 ? n : 255), name);
	rc = tg_sql_prepare(db, &s,
	                    "INSERT INTO repositories (url, name) VALUES (?, ?)"
	                    " ON CONFLICT (url) DO UPDATE SET name = excluded.name");
	if (rc)
		return rc;
	tg_sql_bind_text(s, 1, url);
	tg_sql_bind_text(s, 2, buf);
	rc = tg_sql_step(s);
	tg_sql_finalize(s);
	if (!rc)
		rc = one_row_int(db, "SELECT id FROM repositories WHERE url = ?", url, NULL, id,
		                 &found);
	if (!rc && !found)
		rc = tg_error_set(TG_ERR_RUN, "store %s: repository %s vanished", tg_sql_name(db),
		                  url);
	return rc;
}

/*
 * Items are upserted ROWS at a time, one statement each: on PostgreSQL a
 * statement is a round trip, and 100,000 of them cost seven times SQLite's
 * whole merge (bench/fleet.sh). A backlog's fingerprints are unique, so no
 * statement touches a row twice (which ON CONFLICT DO UPDATE refuses).
 */
enum { ROWS = 500, COLS = 13 };

static void upsert_sql(struct tg_buf *sql, size_t rows)
{
	size_t i;

	tg_buf_adds(sql, "INSERT INTO fleet_items (repository_id, fingerprint, source, rule_id,"
	                 " category, severity, path, line, title, score, first_seen, last_seen,"
	                 " last_run, status) VALUES ");
	for (i = 0; i < rows; i++)
		tg_buf_adds(sql, i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')"
		                   : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')");
	tg_buf_adds(sql, " ON CONFLICT (repository_id, fingerprint) DO UPDATE SET"
	                 " source = excluded.source, rule_id = excluded.rule_id,"
	                 " category = excluded.category, severity = excluded.severity,"
	                 " path = excluded.path, line = excluded.line, title = excluded.title,"
	                 " score = excluded.score, status = 'open', last_seen = excluded.last_seen,"
	                 " resolved_at = NULL, last_run = excluded.last_run");
}

static void bind_item(struct tg_sql_stmt *s, int k, const struct tg_item *it, int64_t repo,
                      int64_t run, time_t now)
{
	tg_sql_bind_int64(s, k + 1, repo);
	tg_sql_bind_text(s, k + 2, it->fingerprint);
	tg_sql_bind_text(s, k + 3, it->source ? it->source : "");
	tg_sql_bind_text(s, k + 4, it->rule_id);
	tg_sql_bind_text(s, k + 5, it->category);
	tg_sql_bind_text(s, k + 6, tg_severity_name(it->severity));
	tg_sql_bind_text(s, k + 7, it->path);
	tg_sql_bind_int64(s, k + 8, it->start_line);
	tg_sql_bind_text(s, k + 9, it->title);
	tg_sql_bind_double(s, k + 10, it->scores.composite);
	tg_sql_bind_int64(s, k + 11, it->first_seen ? it->first_seen : now);
	tg_sql_bind_int64(s, k + 12, now);
	tg_sql_bind_int64(s, k + 13, run);
}

/* The open items of b, from position *at, ROWS at most: one statement. */
static int upsert_chunk(struct tg_sql *db, struct tg_backlog *b, size_t *at, int64_t repo,
                        int64_t run, time_t now)
{
	const struct tg_item *chunk[ROWS];
	struct tg_buf sql = TG_BUF_INIT;
	struct tg_sql_stmt *s;
	size_t n = 0, i;
	int rc;

	for (; *at < b->nr && n < ROWS; (*at)++)
		if (b->items[*at].status == TG_STATUS_OPEN)
			chunk[n++] = &b->items[*at];
	if (!n)
		return TG_OK;
	upsert_sql(&sql, n);
	rc = tg_sql_prepare(db, &s, sql.buf);
	tg_buf_release(&sql);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		bind_item(s, (int)(i * COLS), chunk[i], repo, run, now);
	rc = tg_sql_step(s);
	tg_sql_finalize(s);
	return rc;
}

static int upsert_items(struct tg_sql *db, int64_t repo, int64_t run, struct tg_backlog *b,
                        time_t now)
{
	size_t at = 0;
	int rc = TG_OK;

	while (!rc && at < b->nr)
		rc = upsert_chunk(db, b, &at, repo, run, now);
	return rc;
}

/* Runs sql with its parameters in order: fmt has 'i' for an int64_t, 't' for a string. */
static int exec_args(struct tg_sql *db, const char *sql, const char *fmt, ...)
{
	struct tg_sql_stmt *s;
	va_list ap;
	int i, rc = tg_sql_prepare(db, &s, sql);

	va_start(ap, fmt);
	for (i = 0; !rc && fmt[i]; i++)
		rc = fmt[i] == 'i' ? tg_sql_bind_int64(s, i + 1, va_arg(ap, int64_t))
		                   : tg_sql_bind_text(s, i + 1, va_arg(ap, const char *));
	va_end(ap);
	if (!rc)
		rc = tg_sql_step(s);
	tg_sql_finalize(s);
	return rc;
}

static int publish_once(struct tg_sql *db, const char *url, const char *head, const char *shard,
                        struct tg_backlog *b, time_t started, int *skipped)
{
	time_t now = time(NULL);
	int64_t repo, run;
	size_t open = 0, i;
	int rc, found;

	*skipped = 0;
	if ((rc = tg_sql_begin(db)))
		return rc;
	if (!(rc = repository(db, url, &repo)))
		rc = tg_fleet_done(db, url, head, &found);
	if (!rc && found) {
		*skipped = 1;
		tg_sql_rollback(db);
		return TG_OK;
	}
	for (i = 0; i < b->nr; i++)
		open += b->items[i].status == TG_STATUS_OPEN;
	if (!rc)
		rc = exec_args(db,
		               "INSERT INTO fleet_runs (repository_id, head, shard, started_at,"
		               " finished_at, items) VALUES (?, ?, ?, ?, ?, ?)",
		               "ittiii", repo, head, shard, (int64_t)started, (int64_t)now,
		               (int64_t)open);
	if (!rc)
		rc = one_row_int(db,
		                 "SELECT r.id FROM fleet_runs r JOIN repositories p"
		                 " ON p.id = r.repository_id WHERE p.url = ? AND r.head = ?",
		                 url, head, &run, &found);
	if (!rc)
		rc = upsert_items(db, repo, run, b, now);
	/* What this run did not find is resolved: its last_run is an earlier one. */
	if (!rc)
		rc = exec_args(db,
		               "UPDATE fleet_items SET status = 'resolved', resolved_at = ?"
		               " WHERE repository_id = ? AND status = 'open' AND last_run <> ?",
		               "iii", (int64_t)now, repo, run);
	if (!rc)
		rc = exec_args(db,
		               "UPDATE repositories SET head = ?, last_run_at = ?,"
		               " last_status = 'ok', last_error = NULL WHERE id = ?",
		               "tii", head, (int64_t)now, repo);
	if (!rc)
		rc = tg_sql_commit(db);
	else
		tg_sql_rollback(db);
	tg_debug("store %s: %s: %zu items published in %.3f s", tg_sql_name(db), url, open,
	         difftime(time(NULL), now));
	return rc;
}

int tg_fleet_publish(struct tg_sql *db, const char *url, const char *head, const char *shard,
                     struct tg_backlog *b, time_t started, int *skipped)
{
	int attempt, rc;

	for (attempt = 0;; attempt++) {
		rc = publish_once(db, url, head, shard, b, started, skipped);
		if (!rc || !tg_sql_retryable(db) || attempt == RETRIES)
			return rc;
		tg_debug("store %s: %s: retrying the transaction (%s)", tg_sql_name(db), url,
		         tg_error_message());
		usleep(50000u << (attempt < 4 ? attempt : 4));
	}
}

int tg_fleet_failed(struct tg_sql *db, const char *url, const char *error)
{
	int64_t repo;
	int rc;

	if ((rc = tg_sql_begin(db)))
		return rc;
	rc = repository(db, url, &repo);
	if (!rc)
		rc = exec_args(db,
		               "UPDATE repositories SET last_run_at = ?, last_status = 'failed',"
		               " last_error = ? WHERE id = ?",
		               "iti", (int64_t)time(NULL), error, repo);
	if (!rc)
		rc = tg_sql_commit(db);
	else
		tg_sql_rollback(db);
	return rc;
}
