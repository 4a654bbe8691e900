/*
 * The compliance source's regulated data (discover/compliance_int.h): the
 * classification map of `terragon classify` as findings, one a file and
 * class, with counts and never a value; what a Dockerfile or a Kubernetes
 * manifest lacks (compliance/absence.h); and, when the approval policy takes
 * the approvers of regulated paths from CODEOWNERS, each regulated_paths
 * glob whose files CODEOWNERS gives no owner. One walk of the tree does both.
 */
#include "discover/compliance_int.h"

#include "analyze/tree.h"
#include "backlog/backlog.h"
#include "compliance/absence.h"
#include "compliance/classify.h"
#include "history/approvals.h"
#include "util/alloc.h"
#include "util/wildmatch.h"
#include "walk/walk.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct held {
	char *path;
	struct tg_classification k;
	unsigned absent; /* tg_absence_rules' bits */
};

struct uncovered {
	char *path;
	size_t glob; /* the first regulated_paths glob that matches it */
};

struct data_walk {
	pthread_mutex_t lock;
	const struct tg_config *cfg;
	const char *codeowners; /* NULL: none, or not the approvers' source */
	int owners_check;
	struct held *held;
	size_t held_nr, held_alloc;
	struct uncovered *unc;
	size_t unc_nr, unc_alloc;
};

/*
 * What each class is. IBANs and SSNs are regulated wherever they are (CIS
 * 3.11 via controls.c), medium: real account or identity numbers in a
 * repository are work. E-mail addresses and phone numbers in bulk are low:
 * contributor lists and .mailmap hold them too, so they are the map's, for a
 * person to judge (the watch list), with no control claimed.
 */
static const struct {
	const char *rule, *title, *what;
	enum tg_severity severity;
} classes[TG_DATA_CLASSES] = {
        [TG_DATA_IBAN] = {"data-iban", "Bank account numbers (IBAN) stored in the repository",
                          "IBANs passing their country's length and mod 97", TG_SEV_MEDIUM},
        [TG_DATA_SSN] = {"data-ssn", "US social security numbers stored in the repository",
                         "SSNs passing the area, group and serial rules", TG_SEV_MEDIUM},
        [TG_DATA_EMAIL] = {"data-email-bulk", "E-mail addresses in bulk", "e-mail addresses",
                           TG_SEV_LOW},
        [TG_DATA_PHONE] = {"data-phone-bulk", "Phone numbers in bulk", "E.164 phone numbers",
                           TG_SEV_LOW},
};

static size_t regulated_glob(const struct tg_strlist *globs, const char *path)
{
	for (size_t i = 0; i < globs->nr; i++)
		if (tg_wildmatch(globs->v[i], path, TG_WM_PATHNAME))
			return i;
	return globs->nr;
}

static int visit(const struct tg_walk_file *f, void *arg)
{
	struct data_walk *w = arg;
	const struct tg_strlist *globs = &w->cfg->compliance.approvals.regulated_paths;
	struct tg_classification k;
	size_t g = w->owners_check ? regulated_glob(globs, f->path) : globs->nr;
	unsigned absent = tg_config_absent(f->path, f->data, f->len);
	int holds = absent != 0, unowned = 0;

	tg_classify(f->data, f->len, &k);
	for (int c = 0; c < TG_DATA_CLASSES; c++)
		holds |= tg_classification_holds(&k, (enum tg_data_class)c);
	if (g < globs->nr) {
		struct tg_buf owners = TG_BUF_INIT;
		tg_codeowners_of(w->codeowners ? w->codeowners : "", f->path, &owners);
		unowned = !owners.len;
		tg_buf_release(&owners);
	}
	if (!holds && !unowned)
		return 0;
	pthread_mutex_lock(&w->lock);
	if (holds) {
		TG_ALLOC_GROW(w->held, w->held_nr + 1, w->held_alloc);
		w->held[w->held_nr].path = tg_strdup(f->path);
		w->held[w->held_nr].absent = absent;
		w->held[w->held_nr++].k = k;
	}
	if (unowned) {
		TG_ALLOC_GROW(w->unc, w->unc_nr + 1, w->unc_alloc);
		w->unc[w->unc_nr].path = tg_strdup(f->path);
		w->unc[w->unc_nr++].glob = g;
	}
	pthread_mutex_unlock(&w->lock);
	return 0;
}

static int by_held_path(const void *a, const void *b)
{
	return strcmp(((const struct held *)a)->path, ((const struct held *)b)->path);
}

static int by_glob_path(const void *a, const void *b)
{
	const struct uncovered *x = a, *y = b;

	return x->glob != y->glob ? (x->glob < y->glob ? -1 : 1) : strcmp(x->path, y->path);
}

static int emit_held(const struct held *h, tg_compliance_fn fn, void *arg)
{
	struct tg_buf msg = TG_BUF_INIT, ev = TG_BUF_INIT;
	int rc = 0;

	for (int c = 0; c < TG_DATA_CLASSES && !rc; c++) {
		struct tg_compliance_finding f = {0};
		if (!tg_classification_holds(&h->k, (enum tg_data_class)c))
			continue;
		tg_buf_reset(&msg);
		tg_buf_reset(&ev);
		tg_buf_addf(&msg,
		            "%zu %s: regulated data belongs in a protected store, not in "
		            "the repository; replace test data with values that fail validation",
		            h->k.count[c], classes[c].what);
		/* Counts only: the values themselves are never written anywhere. */
		tg_buf_addf(&ev, "%s: %zu validated match%s (values not shown)",
		            tg_data_class_name((enum tg_data_class)c), h->k.count[c],
		            h->k.count[c] == 1 ? "" : "es");
		if (c == TG_DATA_EMAIL || c == TG_DATA_PHONE)
			tg_buf_addf(&ev, ", %d or more in a file make it bulk", TG_CLASSIFY_BULK);
		f.rule_id = classes[c].rule;
		f.path = h->path;
		f.severity = classes[c].severity;
		f.title = classes[c].title;
		f.message = msg.buf;
		f.evidence = ev.buf;
		rc = fn(&f, arg);
	}
	for (size_t i = 0; i < tg_absence_rules_nr && !rc; i++) {
		const struct tg_absence_rule *r = &tg_absence_rules[i];
		struct tg_compliance_finding f = {0};
		if (!(h->absent & r->bit))
			continue;
		f.rule_id = r->rule_id;
		f.path = h->path;
		f.severity = r->severity;
		f.title = r->title;
		f.message = r->message;
		f.evidence = r->evidence;
		rc = fn(&f, arg);
	}
	tg_buf_release(&msg);
	tg_buf_release(&ev);
	return rc;
}

/* One finding a glob: its files CODEOWNERS gives no owner, the first five named. */
static int emit_uncovered(const struct data_walk *w, tg_compliance_fn fn, void *arg)
{
	const struct tg_strlist *globs = &w->cfg->compliance.approvals.regulated_paths;
	struct tg_buf msg = TG_BUF_INIT, ev = TG_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < w->unc_nr && !rc;) {
		struct tg_compliance_finding f = {0};
		size_t g = w->unc[i].glob, n = 0;
		tg_buf_reset(&msg);
		tg_buf_reset(&ev);
		for (; i + n < w->unc_nr && w->unc[i + n].glob == g; n++)
			if (n < 5)
				tg_buf_addf(&ev, "%s%s", n ? ", " : "", w->unc[i + n].path);
		if (n > 5)
			tg_buf_addf(&ev, " and %zu more", n - 5);
		tg_buf_addf(&msg,
		            "%zu file%s under the regulated path %s %s no owner in CODEOWNERS, "
		            "which compliance.approvals takes their approvers from: no change to "
		            "them can be approved; add a CODEOWNERS line for %s",
		            n, n == 1 ? "" : "s", globs->v[g], n == 1 ? "has" : "have",
		            globs->v[g]);
		f.rule_id = "codeowners-regulated-uncovered";
		f.severity = TG_SEV_MEDIUM;
		f.title = "A regulated path without an owner in CODEOWNERS";
		f.message = msg.buf;
		f.evidence = ev.buf;
		f.key = globs->v[g];
		rc = fn(&f, arg);
		i += n;
	}
	tg_buf_release(&msg);
	tg_buf_release(&ev);
	return rc;
}

int tg_compliance_data(const struct tg_discover_ctx *ctx, tg_compliance_fn fn, void *arg,
                       struct tg_source_run *run)
{
	const struct tg_config *cfg = ctx->cfg;
	struct data_walk w = {PTHREAD_MUTEX_INITIALIZER, cfg, NULL, 0, NULL, 0, 0, NULL, 0, 0};
	struct tg_walk_opts wo;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	int rc;

	/* An approvers list makes CODEOWNERS irrelevant to the policy. */
	w.owners_check = cfg->compliance.approvals.regulated_paths.nr &&
	                 !cfg->compliance.approvals.approvers.nr;
	if (w.owners_check)
		w.codeowners = tg_codeowners_read(ctx->root);
	tg_walk_opts_from_config(&wo, ctx->root, cfg, ctx->root, 0, ctx->own_outputs);
	rc = tg_walk_run(&wo, visit, &w, &st);
	if (!rc) {
		/* A file not read says nothing of the items it held. */
		for (size_t i = 0; i < st.skipped_nr; i++)
			tg_source_run_not_read(run, st.skipped[i].path,
			                       tg_walk_skip_reason_name(st.skipped[i].reason));
		if (w.held_nr)
			qsort(w.held, w.held_nr, sizeof(*w.held), by_held_path);
		if (w.unc_nr)
			qsort(w.unc, w.unc_nr, sizeof(*w.unc), by_glob_path);
		for (size_t i = 0; i < w.held_nr && !rc; i++)
			rc = emit_held(&w.held[i], fn, arg);
		if (!rc)
			rc = emit_uncovered(&w, fn, arg);
	}
	for (size_t i = 0; i < w.held_nr; i++)
		free(w.held[i].path);
	for (size_t i = 0; i < w.unc_nr; i++)
		free(w.unc[i].path);
	free(w.held);
	free(w.unc);
	free((char *)w.codeowners);
	tg_walk_stats_release(&st);
	return rc;
}
