/*
 * .terragon/audit.log, the one JSON line per execution that earlier versions
 * appended beside the configuration, moved into the audit trail once
 * (store/audit.h, tg_audit_migrate_log).
 */
#include "store/audit.h"

#include "util/beneath.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define OLD_LOG ".terragon/audit.log"

/* One line of the old log: an "execution" entry at its time, on its fingerprint. */
static int migrate_line(sqlite3 *db, const char *line, size_t len, time_t now)
{
	json_t *j = tg_json_loadb(line, len, 0, NULL);
	struct tg_buf details = TG_BUF_INIT;
	const char *when = json_string_value(json_object_get(j, "time"));
	const char *fp = json_string_value(json_object_get(j, "fingerprint"));
	time_t at = now;
	int rc;

	if (!when || tg_time_parse(when, &at))
		at = now;
	if (j && json_is_object(j)) {
		json_object_set_new(j, "migrated_from", json_string(OLD_LOG));
		char *text = tg_json_dumps(j, JSON_COMPACT);
		tg_buf_adds(&details, text);
		free(text);
	} else {
		tg_buf_adds(&details, "{\"migrated_from\": \"" OLD_LOG "\", \"unreadable_line\": ");
		tg_buf_add_json(&details, line, len);
		tg_buf_adds(&details, "}");
	}
	rc = tg_audit_append_db(db, at, "execution", fp, details.buf);
	tg_buf_release(&details);
	json_decref(j);
	return rc;
}

static int migrate_text(struct tg_store *st, const struct tg_buf *text, size_t *lines)
{
	sqlite3 *db = tg_store_db(st);
	const char *p = text->buf, *end = text->buf + text->len;
	struct tg_buf done = TG_BUF_INIT;
	char sum[TG_SHA256_HEX];
	time_t now = tg_clock_now();
	int rc = tg_sha256_hex(text->buf, text->len, sum);

	*lines = 0;
	while (!rc && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n)
			rc = migrate_line(db, p, n, now), (*lines)++;
		p += n + 1;
	}
	tg_buf_addf(&done, "{\"file\": \"" OLD_LOG "\", \"lines\": %zu, \"sha256\": \"%s\"}",
	            *lines, sum);
	if (!rc)
		rc = tg_audit_append_db(db, now, "audit-log.migrated", OLD_LOG, done.buf);
	tg_buf_release(&done);
	return rc;
}

int tg_audit_migrate_log(struct tg_store *st, const char *root)
{
	struct tg_buf text = TG_BUF_INIT, from = TG_BUF_INIT, to = TG_BUF_INIT;
	size_t lines = 0;
	int rc = tg_beneath_read_file(&text, root, OLD_LOG);

	if (rc == TG_ERR_NOTFOUND) {
		tg_error_clear();
		tg_buf_release(&text);
		return TG_OK;
	}
	if (rc)
		tg_error_prefix(rc, "the old audit log was not migrated");
	if (!rc)
		rc = tg_store_begin(st);
	if (!rc && (rc = migrate_text(st, &text, &lines)))
		tg_store_rollback(st);
	else if (!rc)
		rc = tg_store_commit(st);
	/* Moved aside once its lines are in the table, so they are read only once. */
	tg_buf_addf(&from, "%s/" OLD_LOG, root);
	tg_buf_addf(&to, "%s/" OLD_LOG ".migrated", root);
	if (!rc && rename(from.buf, to.buf))
		rc = tg_error_set(TG_ERR_RUN,
		                  "%s: migrated into the audit trail, but not renamed: %s",
		                  from.buf, strerror(errno));
	tg_buf_release(&text);
	tg_buf_release(&from);
	tg_buf_release(&to);
	return rc;
}
