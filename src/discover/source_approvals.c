/*
 * The approvals source (compliance_audits, beside the compliance source):
 * the changes to regulated paths that `terragon audit changes` found
 * breaking the approval policy, as compliance items. It reads the audit
 * trail rather than history: that check used the pull requests' reviews
 * when a GitHub token was present, which discover offline cannot. The
 * latest check of a change decides: a later check that found it approved
 * (a "change" entry without violations) resolves its items. Changes outside
 * regulated paths stay in `audit changes`'s report only: the policy's
 * minimum applies to every change, and most repositories approve on the
 * forge without trailers.
 *
 * Not tree_only: a --baseline's export has no audit trail, and a violation
 * of history is no newer than the baseline.
 */
#include "discover/discover.h"

#include "compliance/compliance.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>

struct change_entry {
	int64_t id;
	char *sha, *details;
};

struct entries {
	struct change_entry *v;
	size_t nr, alloc;
};

static int gather(const struct tg_audit_entry *e, void *arg)
{
	struct entries *es = arg;

	if (strcmp(e->action, "change") || !e->subject || !e->details)
		return 0;
	TG_ALLOC_GROW(es->v, es->nr + 1, es->alloc);
	es->v[es->nr].id = e->id;
	es->v[es->nr].sha = tg_strdup(e->subject);
	es->v[es->nr++].details = tg_strdup(e->details);
	return 0;
}

static int by_sha_then_id(const void *a, const void *b)
{
	const struct change_entry *x = a, *y = b;
	int c = strcmp(x->sha, y->sha);

	return c ? c : (x->id < y->id ? -1 : x->id > y->id);
}

static const struct {
	const char *prefix, *rule, *title;
	enum tg_severity severity;
} kinds[] = {
        /* Segregation of duties broken on financial code: the author approved alone. */
        {"self-approved", "approval-self-approved",
         "A change to a regulated path approved only by its author", TG_SEV_HIGH},
        {"too few approvals", "approval-missing",
         "A change to a regulated path without the approvals the policy requires", TG_SEV_HIGH},
        /* Approved, but not by the designated owner: a weaker breach. */
        {"regulated path", "approval-owner-missing",
         "A change to a regulated path not approved by its owner", TG_SEV_MEDIUM},
};

/* info, low, medium, high, critical, as the compliance source weighs them. */
static const double cod_by_severity[] = {1, 2, 3, 8, 13};

static void list(struct tg_buf *b, json_t *arr)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v))
			tg_buf_addf(b, "%s%s", i ? ", " : "", json_string_value(v));
	}
	if (!json_array_size(arr))
		tg_buf_adds(b, "nobody");
}

static void emit_violation(struct tg_sink *sink, const struct change_entry *ce, json_t *d,
                           size_t kind, const char *violation)
{
	json_t *files = json_object_get(d, "regulated_files");
	const char *author = json_string_value(json_object_get(d, "author"));
	const char *subject = json_string_value(json_object_get(d, "subject"));
	const char *by = json_string_value(json_object_get(d, "merged_by"));
	const char *path = json_string_value(json_array_get(files, 0));
	const char *controls = tg_compliance_controls(kinds[kind].rule);
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;

	if (!by)
		by = json_string_value(json_object_get(d, "committer"));
	tg_item_init(&it);
	tg_fingerprint_match(it.fingerprint, kinds[kind].rule, "", ce->sha, 0);
	it.source = tg_strdup("approvals");
	it.rule_id = tg_strdup(kinds[kind].rule);
	it.category = tg_strdup("compliance");
	if (controls)
		it.controls = tg_strdup(controls);
	it.severity = kinds[kind].severity;
	it.inputs.business_value = cod_by_severity[it.severity];
	it.inputs.time_criticality = cod_by_severity[it.severity];
	if (path)
		it.path = tg_strdup(path);
	it.title = tg_strdup(kinds[kind].title);
	tg_buf_addf(&b, "%.12s \"%s\": %s", ce->sha, subject ? subject : "", violation);
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "commit %s by %s, %s %s, approved by ", ce->sha, author ? author : "?",
	            json_object_get(d, "merged_by") ? "merged by" : "committed by", by ? by : "?");
	list(&b, json_object_get(d, "approvers"));
	tg_buf_adds(&b, "; regulated files: ");
	list(&b, files);
	tg_buf_addf(&b, "; audit trail entry %lld (terragon audit changes)", (long long)ce->id);
	if (controls)
		tg_buf_addf(&b, "; %s", controls);
	it.evidence = tg_buf_detach(&b, NULL);
	sink->emit(sink, &it);
}

/*
 * The latest entry of a change: when it touched a regulated path and broke
 * the policy, one item, of its gravest violation (kinds' order), with all of
 * them in the message: one change is one thing to remedy.
 */
static void emit_change(struct tg_sink *sink, const struct change_entry *ce)
{
	json_t *d = tg_json_loads(ce->details, 0, NULL), *v;
	struct tg_buf all = TG_BUF_INIT;
	size_t i, kind = sizeof(kinds) / sizeof(kinds[0]);

	if (!json_is_true(json_object_get(d, "financial_impact"))) {
		json_decref(d);
		return;
	}
	json_array_foreach(json_object_get(d, "violations"), i, v)
	{
		const char *text = json_string_value(v);
		for (size_t k = 0; text && k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (!strncmp(text, kinds[k].prefix, strlen(kinds[k].prefix))) {
				kind = k < kind ? k : kind;
				tg_buf_addf(&all, "%s%s", all.len ? "; " : "", text);
				break;
			}
	}
	if (kind < sizeof(kinds) / sizeof(kinds[0]))
		emit_violation(sink, ce, d, kind, all.buf);
	tg_buf_release(&all);
	json_decref(d);
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	struct entries es = {NULL, 0, 0};
	struct tg_store *st = NULL;
	int rc, st_old = 0;

	if (!ctx->use_store) /* --no-store: nothing read, nothing resolved */
		return TG_OK;
	rc = tg_discover_store_read(ctx, &st);
	if (rc == TG_ERR_NOTFOUND)
		rc = TG_OK;
	if (!rc && st && (rc = tg_audit_each(st, gather, &es)) &&
	    tg_store_schema_version(st) < tg_store_schema_latest()) {
		/* A store from before the audit trail, which this run's write migrates:
		 * no check has recorded anything yet, and nothing is resolved. */
		tg_error_clear();
		rc = TG_OK;
		st_old = 1;
	}
	if (!rc && !st_old) {
		if (es.nr)
			qsort(es.v, es.nr, sizeof(*es.v), by_sha_then_id);
		for (size_t i = 0; i < es.nr; i++)
			if (i + 1 == es.nr || strcmp(es.v[i].sha, es.v[i + 1].sha))
				emit_change(sink, &es.v[i]);
		tg_strlist_add(&run->covered, "");
	}
	for (size_t i = 0; i < es.nr; i++)
		free(es.v[i].sha), free(es.v[i].details);
	free(es.v);
	tg_store_close(st);
	return rc;
}

const struct tg_source tg_source_approvals = {"approvals", "compliance_audits", collect, 0, NULL};
