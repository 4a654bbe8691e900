/*
 * The compliance source (compliance_audits): the repository's controls and
 * its GitHub Actions workflows, audited by src/compliance, and the regulated
 * data its files hold (compliance_data.c), as compliance items. A workflow that cannot be parsed is
 * skipped and reported; its earlier items stay as they were, since nothing was learnt about them.
 */
#include "discover/compliance_int.h"

#include "backlog/suppress.h"
#include "compliance/compliance.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"

#include "discover/memo_int.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Hygiene whose fix is one change across the repository (pin every action,
 * declare every workflow's permissions): one item for the repository,
 * whatever value_discovery.grouping says for the others.
 */
static enum tg_grouping grouping_of(const char *rule_id)
{
	return !strcmp(rule_id, "workflow-unpinned-action") ||
	                       !strcmp(rule_id, "workflow-permissions-missing")
	               ? TG_GROUP_RULE
	               : TG_GROUP_DEFAULT;
}

/* info, low, medium, high, critical: on the scale of business value and time criticality. */
static const double cod_by_severity[] = {1, 2, 3, 8, 13};

struct emitter {
	struct tg_sink *sink;
	const char *root;
	char *path; /* the workflow whose text is in text (findings come a file at a time) */
	struct tg_buf text;
	int marked; /* text holds a suppression comment */
};

/* A `zizmor: ignore[...]` (or terragon:ignore) comment on the finding's line. */
static void suppress(struct emitter *e, const struct tg_compliance_finding *f, struct tg_item *it)
{
	const char *by;

	if (!f->path || f->line < 1)
		return;
	if (!e->path || strcmp(e->path, f->path)) {
		free(e->path);
		e->path = tg_strdup(f->path);
		tg_buf_reset(&e->text);
		if (tg_beneath_read_file(&e->text, e->root, f->path))
			tg_error_clear(), tg_buf_reset(&e->text);
		e->marked = tg_suppress_marked((const unsigned char *)e->text.buf, e->text.len);
	}
	if (e->marked &&
	    (by = tg_suppress_inline_by((const unsigned char *)e->text.buf, e->text.len, f->line,
	                                f->rule_id, "compliance")))
		tg_suppress_mark(it, by);
}

static int emit(const struct tg_compliance_finding *f, void *arg)
{
	struct emitter *e = arg;
	struct tg_sink *sink = e->sink;
	struct tg_item it;

	tg_item_init(&it);
	if (f->key)
		tg_fingerprint_match(it.fingerprint, f->rule_id, f->path ? f->path : "", f->key,
		                     f->k);
	else
		tg_fingerprint_file(it.fingerprint, f->rule_id, f->path ? f->path : "");
	it.source = tg_strdup("compliance");
	it.rule_id = tg_strdup(f->rule_id);
	it.category = tg_strdup("compliance");
	if (tg_compliance_controls(f->rule_id)) /* what makes it an audit requirement */
		it.controls = tg_strdup(tg_compliance_controls(f->rule_id));
	it.grouping = grouping_of(f->rule_id);
	it.severity = f->severity;
	/*
	 * The category's defaults suit an audit finding with a deadline; these
	 * controls have none, so their cost of delay follows their severity: a
	 * missing CODEOWNERS must not outrank a live injection because both are
	 * "compliance" and carry its boost.
	 */
	it.inputs.business_value = cod_by_severity[f->severity];
	it.inputs.time_criticality = cod_by_severity[f->severity];
	if (f->path)
		it.path = tg_strdup(f->path);
	it.start_line = it.end_line = f->line;
	it.title = tg_strdup(f->title);
	it.message = tg_strdup(f->message);
	if (f->evidence)
		it.evidence = tg_strdup(f->evidence);
	suppress(e, f, &it);
	sink->emit(sink, &it);
	return 0;
}

/* A workflow's lstat data as the walk's key of its bytes (no blob id: it is not walked). */
static struct tg_walk_entry entry_of(const char *rel, const struct stat *st)
{
	struct tg_walk_entry e = {rel,
	                          (uint64_t)st->st_size,
	                          (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec,
	                          (uint64_t)st->st_ino,
	                          (uint64_t)st->st_dev,
	                          (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec,
	                          NULL,
	                          0};
	return e;
}

static int memo_get(void *arg, const char *rel, const struct stat *st, const void **data,
                    size_t *len)
{
	struct discover_memo *m = arg;
	struct tg_walk_entry e = entry_of(rel, st);

	return m->ops.get(m, &e, data, len);
}

static void memo_put(void *arg, const char *rel, const struct stat *st, const void *data,
                     size_t len)
{
	struct discover_memo *m = arg;
	struct tg_walk_entry e = entry_of(rel, st);

	m->ops.put(m, &e, data, len);
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	struct tg_compliance_report rep = {TG_STRLIST_INIT, TG_STRLIST_INIT};
	struct emitter e = {sink, ctx->root, NULL, TG_BUF_INIT, 0};
	struct discover_memo m;
	struct tg_compliance_memo cm = {memo_get, memo_put, &m};
	int rc;

	/* Terragon's version is the cache file's: the audit is all that makes the findings. */
	discover_memo_open(&m, ctx, "compliance", "compliance", tg_hash64("compliance", 10), 1);
	rc = tg_compliance_audit_memo(ctx->root, emit, &e, &cm, &rep);
	discover_memo_close(&m);

	if (!rc)
		rc = tg_compliance_data(ctx, emit, &e, run);
	free(e.path);
	tg_buf_release(&e.text);
	for (size_t i = 0; i < rep.skipped.nr; i++)
		tg_strlist_add(skipped, rep.skipped.v[i]);
	/* With a workflow skipped, only the workflows read can have items resolved:
	 * the repository-wide controls (no path) wait for a complete run. */
	if (!rc && !rep.skipped.nr)
		tg_strlist_add(&run->covered, "");
	for (size_t i = 0; !rc && rep.skipped.nr && i < rep.audited.nr; i++)
		tg_strlist_add(&run->covered, rep.audited.v[i]);
	run->files += rep.audited.nr + rep.skipped.nr;
	tg_compliance_report_release(&rep);
	return rc;
}

const struct tg_source tg_source_compliance = {"compliance", "compliance_audits", collect, 1, NULL};
