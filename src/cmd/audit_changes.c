/*
 * terragon audit changes [RANGE]: change approval and segregation of duties
 * (history/approvals.h), printed, and recorded in the audit trail: one
 * "changes" entry for the check, one "change" entry for each change with
 * financial impact or a violation.
 */
#include "cmd/audit_changes.h"

#include "history/approvals.h"
#include "repo/repo.h"
#include "store/audit.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct last_head {
	char head[41];
};

static int find_last(const struct tg_audit_entry *e, void *arg)
{
	struct last_head *l = arg;
	json_t *d, *h;

	if (strcmp(e->action, "changes") || !e->details)
		return 0;
	d = tg_json_loads(e->details, 0, NULL);
	h = json_object_get(d, "head");
	if (json_is_string(h) && strlen(json_string_value(h)) == 40)
		memcpy(l->head, json_string_value(h), 41);
	json_decref(d);
	return 0;
}

/* Since the head the last check reached, or all of HEAD's history. */
static void default_range(struct tg_store *st, struct tg_buf *range)
{
	struct last_head l = {""};

	tg_audit_each(st, find_last, &l);
	if (l.head[0])
		tg_buf_addf(range, "%s..HEAD", l.head);
	else
		tg_buf_adds(range, "HEAD");
}

static void json_list(struct tg_buf *o, const struct tg_strlist *l)
{
	tg_buf_adds(o, "[");
	for (size_t i = 0; i < l->nr; i++) {
		tg_buf_adds(o, i ? ", " : "");
		tg_buf_add_jsons(o, l->v[i]);
	}
	tg_buf_adds(o, "]");
}

static void change_json(struct tg_buf *o, const struct tg_change *c)
{
	char when[32];

	tg_time_format(c->at, when, sizeof(when));
	tg_buf_addf(o, "{\"commit\": \"%s\", \"time\": \"%s\", \"merge\": %s, \"author\": ", c->sha,
	            when, c->merge ? "true" : "false");
	tg_buf_add_jsons(o, c->author);
	tg_buf_adds(o, ", \"author_email\": ");
	tg_buf_add_jsons(o, c->author_email);
	tg_buf_addf(o, ", \"%s\": ", c->merge ? "merged_by" : "committer");
	tg_buf_add_jsons(o, c->committer);
	tg_buf_adds(o, ", \"subject\": ");
	tg_buf_add_jsons(o, c->subject);
	tg_buf_adds(o, ", \"approvers\": ");
	json_list(o, &c->approvers);
	tg_buf_addf(o, ", \"financial_impact\": %s, \"regulated_files\": ",
	            c->financial ? "true" : "false");
	json_list(o, &c->regulated);
	tg_buf_adds(o, ", \"violations\": ");
	json_list(o, &c->violations);
	tg_buf_adds(o, "}");
}

static void change_row(struct tg_buf *o, const struct tg_change *c)
{
	char when[32];

	tg_time_format(c->at, when, sizeof(when));
	tg_buf_addf(o, "%.8s  %.10s  ", c->sha, when);
	tg_buf_add_printables(o, c->author);
	tg_buf_adds(o, c->merge ? "  merged by " : "  committed by ");
	tg_buf_add_printables(o, c->committer);
	tg_buf_adds(o, "  approved by ");
	for (size_t i = 0; i < c->approvers.nr; i++) {
		tg_buf_adds(o, i ? ", " : "");
		tg_buf_add_printables(o, c->approvers.v[i]);
	}
	tg_buf_adds(o, c->approvers.nr ? "" : "nobody");
	tg_buf_adds(o, c->financial ? "  [financial impact]\n" : "\n");
	for (size_t i = 0; i < c->violations.nr; i++) {
		tg_buf_adds(o, "    ! ");
		tg_buf_add_printables(o, c->violations.v[i]);
		tg_buf_adds(o, "\n");
	}
}

static int record(struct tg_store *st, const struct tg_changes *cs, const char *range,
                  const char *head, size_t bad)
{
	struct tg_buf d = TG_BUF_INIT;
	time_t now = tg_clock_now();
	size_t fin = 0;
	int rc = tg_store_begin(st);

	for (size_t i = 0; i < cs->nr && !rc; i++) {
		const struct tg_change *c = &cs->v[i];
		fin += c->financial;
		if (!c->financial && !c->violations.nr)
			continue;
		tg_buf_reset(&d);
		change_json(&d, c);
		rc = tg_audit_append_db(tg_store_db(st), now, "change", c->sha, d.buf);
	}
	tg_buf_reset(&d);
	tg_buf_adds(&d, "{\"range\": ");
	tg_buf_add_jsons(&d, range);
	tg_buf_addf(&d,
	            ", \"head\": \"%s\", \"changes\": %zu, \"violations\": %zu, "
	            "\"financial_impact\": %zu}",
	            head, cs->nr, bad, fin);
	if (!rc)
		rc = tg_audit_append_db(tg_store_db(st), now, "changes", range, d.buf);
	tg_buf_release(&d);
	if (rc) {
		tg_store_rollback(st);
		return rc;
	}
	return tg_store_commit(st);
}

int tg_audit_changes(struct tg_setup *s, const char *range_arg, int json, int *violated)
{
	struct tg_buf range = TG_BUF_INIT, out = TG_BUF_INIT;
	struct tg_changes cs = {0};
	char head[41] = "", *branch = NULL, *owners = NULL;
	size_t bad = 0, pulls = 0;
	int rc = tg_repo_head(s->root, &branch, head);

	if (range_arg)
		tg_buf_adds(&range, range_arg);
	else
		default_range(s->store, &range);
	if (!rc)
		rc = tg_changes_read(s->root, range.buf, &cs);
	if (!rc)
		rc = tg_audit_reviews(s, &cs, &pulls);
	if (!rc) {
		owners = tg_codeowners_read(s->root);
		bad = tg_changes_check(&cs, &s->cfg, owners);
		*violated = bad > 0;
		if (json) {
			tg_buf_adds(&out, "{\"range\": ");
			tg_buf_add_jsons(&out, range.buf);
			tg_buf_addf(
			        &out,
			        ", \"head\": \"%s\", \"violations\": %zu, \"github_pulls\": %zu, "
			        "\"changes\": [",
			        head, bad, pulls);
			for (size_t i = 0; i < cs.nr; i++) {
				tg_buf_adds(&out, i ? ",\n  " : "\n  ");
				change_json(&out, &cs.v[i]);
			}
			tg_buf_adds(&out, "\n]}\n");
		} else {
			for (size_t i = 0; i < cs.nr; i++)
				change_row(&out, &cs.v[i]);
			tg_buf_addf(&out, "%zu changes in %s, %zu breaking the approval policy\n",
			            cs.nr, range.buf, bad);
			if (pulls)
				tg_buf_addf(&out,
				            "approvals from the reviews of %zu pull requests on "
				            "GitHub, and trailers\n",
				            pulls);
		}
		fwrite(out.buf, 1, out.len, stdout);
		rc = record(s->store, &cs, range.buf, head, bad);
	}
	tg_changes_release(&cs);
	tg_buf_release(&range);
	tg_buf_release(&out);
	free(branch);
	free(owners);
	return rc;
}
