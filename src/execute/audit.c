/*
 * Each execution attempt's entry in the audit trail (store/audit.h): its
 * branch, commit, push, pull request, rollback, gates and outcome. A token
 * never reaches it: the reason may quote git or the API, so the tokens'
 * values and any URL's credentials are masked (and the trail redacts what
 * looks like a secret besides).
 */
#include "execute/execute_int.h"

#include "store/audit.h"
#include "util/clock.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static void mask_all(struct tg_buf *b, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;
	char *p;

	/* Shorter values would mask ordinary words; real tokens are 20+ characters. */
	if (n < 8)
		return;
	while ((p = strstr(b->buf, secret))) {
		size_t at = (size_t)(p - b->buf);
		struct tg_buf rest = TG_BUF_INIT;
		tg_buf_adds(&rest, p + n);
		tg_buf_setlen(b, at);
		tg_buf_adds(b, "***");
		tg_buf_add(b, rest.buf, rest.len);
		tg_buf_release(&rest);
	}
}

/* A URL's credentials (user:secret before the @ of its host) become three stars. */
static void mask_userinfo(struct tg_buf *b)
{
	char *p = b->buf;

	while ((p = strstr(p, "://"))) {
		char *start = p + 3, *end = start + strcspn(start, "@/ \t\n\"'");
		if (*end == '@' && end > start && (end - start != 3 || strncmp(start, "***", 3))) {
			size_t at = (size_t)(start - b->buf);
			struct tg_buf rest = TG_BUF_INIT;
			tg_buf_adds(&rest, end);
			tg_buf_setlen(b, at);
			tg_buf_adds(b, "***");
			tg_buf_add(b, rest.buf, rest.len);
			tg_buf_release(&rest);
			p = b->buf + at + 3;
		} else {
			p = start;
		}
	}
}

void audit_redact(struct tg_buf *b)
{
	static const char *const names[] = {"TERRAGON_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"};
	size_t i;

	if (!b->len)
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		mask_all(b, getenv(names[i]));
	mask_userinfo(b);
}

static void add_field(struct tg_buf *line, const char *name, const char *value)
{
	struct tg_buf v = TG_BUF_INIT;

	tg_buf_addf(line, ", \"%s\": ", name);
	if (!value) {
		tg_buf_adds(line, "null");
		return;
	}
	tg_buf_adds(&v, value);
	audit_redact(&v);
	tg_buf_add_json(line, v.buf, v.len);
	tg_buf_release(&v);
}

int audit_append(struct tg_store *st, const struct execution *e, const char *verification)
{
	struct tg_buf d = TG_BUF_INIT;
	char started[32];
	int rc;

	tg_time_format(e->started, started, sizeof(started));
	tg_buf_addf(&d, "{\"started\": \"%s\"", started);
	add_field(&d, "branch", e->branch);
	add_field(&d, "outcome", e->outcome);
	add_field(&d, "reason", e->reason);
	add_field(&d, "verification", verification);
	add_field(&d, "commit", e->commit);
	tg_buf_addf(&d, ", \"pushed\": %s", e->pushed ? "true" : "false");
	add_field(&d, "pr_url", e->pr_url);
	tg_buf_addf(&d, ", \"rolled_back\": %s", e->rolled_back ? "true" : "false");
	tg_buf_adds(&d, ", \"gates\": ");
	tg_buf_adds(&d, e->gates ? e->gates : "null");
	tg_buf_addf(&d, ", \"dry_run\": %s}", e->dry_run ? "true" : "false");
	rc = tg_audit_append(st, e->finished, "execution", e->fingerprint, d.buf);
	if (rc)
		tg_error_prefix(rc, "cannot append to the audit trail");
	tg_buf_release(&d);
	return rc;
}
