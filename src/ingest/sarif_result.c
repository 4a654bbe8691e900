/*
 * What the SARIF reader does with what it reads: runs, rules, base ids and
 * results, and the mapping of a finished result onto a terragon item. The
 * scalar values that fill them in are in sarif_values.c.
 */

#include "ingest/sarif_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/strlist.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- runs, rules, base ids ---------------------------------------------- */

static void run_free(struct sarif_run *run)
{
	if (!run)
		return;
	for (size_t c = 0; c < run->comps_nr; c++) {
		struct sarif_comp *comp = &run->comps[c];
		for (size_t i = 0; i < comp->nr; i++) {
			struct sarif_rule *r = &comp->rules[i];
			free(r->id);
			free(r->name);
			free(r->short_text);
			free(r->help_uri);
			free(r->level);
			free(r->cwe);
		}
		free(comp->rules);
		tg_hashmap_release(&comp->by_id);
	}
	free(run->comps);
	free(run->tool);
	tg_strlist_clear(&run->base_names);
	tg_strlist_clear(&run->base_uris);
	tg_strlist_clear(&run->base_parents);
	free(run);
}

static struct sarif_comp *run_comp(struct sarif_run *run, size_t i)
{
	if (i >= run->comps_nr) {
		TG_ALLOC_GROW(run->comps, i + 1, run->comps_alloc);
		memset(run->comps + run->comps_nr, 0,
		       (i + 1 - run->comps_nr) * sizeof(*run->comps));
		run->comps_nr = i + 1;
	}
	return &run->comps[i];
}

struct sarif_rule *sarif_cur_rule(struct sarif_state *st)
{
	struct sarif_run *run = st->run;

	if (!run || run->cur_comp < 0 || run->cur_rule < 0)
		return NULL;
	return &run->comps[run->cur_comp].rules[run->cur_rule];
}

static void index_rules(struct sarif_run *run)
{
	for (size_t c = 0; c < run->comps_nr; c++) {
		struct sarif_comp *comp = &run->comps[c];
		/* The first rule with an id wins, as a lookup from the start would find. */
		for (size_t i = 0; i < comp->nr; i++) {
			const char *id = comp->rules[i].id;
			struct tg_hashmap_entry *e;
			int added;

			if (!id)
				continue;
			e = tg_hashmap_put(&comp->by_id, id, strlen(id), &added);
			if (added)
				e->val.u64 = i;
		}
	}
}

static const struct sarif_rule *result_rule(const struct sarif_run *run,
                                            const struct sarif_result *res)
{
	size_t c = res->comp_index >= 0 ? (size_t)res->comp_index + 1 : 0;
	const struct sarif_comp *comp;
	const struct tg_hashmap_entry *e;

	if (c >= run->comps_nr)
		c = 0;
	if (!run->comps_nr)
		return NULL;
	comp = &run->comps[c];
	if (res->rule_index >= 0 && (size_t)res->rule_index < comp->nr)
		return &comp->rules[res->rule_index];
	if (!res->rule_id)
		return NULL;
	e = tg_hashmap_get(&comp->by_id, res->rule_id, strlen(res->rule_id));
	if (!e && c) {
		comp = &run->comps[0];
		e = tg_hashmap_get(&comp->by_id, res->rule_id, strlen(res->rule_id));
	}
	return e ? &comp->rules[e->val.u64] : NULL;
}

/* Base ids compare without the '%' that GitHub's "%SRCROOT%" spelling adds. */
static int base_eq(const char *a, const char *b)
{
	size_t la, lb;

	if (*a == '%')
		a++;
	if (*b == '%')
		b++;
	la = strlen(a);
	lb = strlen(b);
	if (la && a[la - 1] == '%')
		la--;
	if (lb && b[lb - 1] == '%')
		lb--;
	return la == lb && !strncmp(a, b, la);
}

static long base_find(const struct sarif_run *run, const char *name)
{
	for (size_t i = 0; i < run->base_names.nr; i++)
		if (base_eq(run->base_names.v[i], name))
			return (long)i;
	return -1;
}

/* Names every producer we know of uses for the checkout it scanned. */
static int base_is_root(const char *name)
{
	static const char *const names[] = {"SRCROOT",  "ROOTPATH", "PROJECTROOT",
	                                    "SRC_ROOT", "REPOROOT", "WORKSPACE"};
	for (size_t i = 0; i < TG_ARRAY_SIZE(names); i++)
		if (base_eq(name, names[i]))
			return 1;
	return 0;
}

/*
 * Resolves uri against base into a path relative to the repository root
 * (in out). 0 inside, 1 outside or not a file.
 */
static int resolve(struct sarif_state *st, const struct sarif_run *run, const char *uri,
                   const char *base, struct tg_buf *out)
{
	struct tg_buf path = TG_BUF_INIT, tmp = TG_BUF_INIT;
	int rc = tg_ingest_uri_path(uri, &path), depth = 0;

	while (rc == 0 && base && *base && depth++ < 8) {
		long i = base_find(run, base);
		const char *buri = i >= 0 ? run->base_uris.v[i] : "";
		int brc;

		if (!*buri)
			break; /* unknown or empty base: the repository root */
		brc = tg_ingest_uri_path(buri, &tmp);
		if (brc < 0) {
			rc = -1;
			break;
		}
		if (tmp.len && tmp.buf[tmp.len - 1] != '/')
			tg_buf_addch(&tmp, '/');
		tg_buf_add(&tmp, path.buf, path.len);
		tg_buf_reset(&path);
		tg_buf_add(&path, tmp.buf, tmp.len);
		rc = brc;
		base = run->base_parents.v[i];
	}
	rc = rc < 0 ? 1 : tg_ingest_relative(&st->root, path.buf, out);
	tg_buf_release(&path);
	tg_buf_release(&tmp);
	return rc;
}

/* --- results -------------------------------------------------------------- */

static void result_free(struct sarif_result *r)
{
	if (!r)
		return;
	free(r->rule_id);
	free(r->level);
	free(r->kind);
	free(r->message);
	free(r->uri);
	free(r->base);
	free(r->snippet);
	free(r->cwe);
	tg_strlist_clear(&r->pfp);
	tg_strlist_clear(&r->fp);
	tg_strlist_clear(&r->fix_desc);
	for (size_t i = 0; i < r->changes_nr; i++) {
		free(r->changes[i].uri);
		free(r->changes[i].base);
	}
	free(r->changes);
	for (size_t i = 0; i < r->repls_nr; i++) {
		free(r->repls[i].inserted);
		free(r->repls[i].deleted);
	}
	free(r->repls);
	free(r);
}

static int ready(const struct sarif_state *st, const struct sarif_result *res)
{
	const struct sarif_run *run = st->runs[res->run];

	if (!st->version_seen || !run->tool_seen)
		return 0;
	if (res->base && !run->bases_seen && base_find(run, res->base) < 0 &&
	    !base_is_root(res->base))
		return 0;
	return 1;
}

static enum tg_severity severity_of(double sec_sev, const char *level)
{
	if (sec_sev > 0 && sec_sev <= 10) {
		if (sec_sev > 9.0)
			return TG_SEV_CRITICAL;
		if (sec_sev >= 7.0)
			return TG_SEV_HIGH;
		if (sec_sev >= 4.0)
			return TG_SEV_MEDIUM;
		return TG_SEV_LOW;
	}
	if (!strcmp(level, "error"))
		return TG_SEV_HIGH;
	if (!strcmp(level, "warning"))
		return TG_SEV_MEDIUM;
	if (!strcmp(level, "note"))
		return TG_SEV_LOW;
	return TG_SEV_INFO;
}

static const char *category_of(unsigned tags, int has_sec_sev, const char *tool)
{
	if ((tags & TAG_SECRET) || strcasestr(tool, "gitleaks") || strcasestr(tool, "trufflehog") ||
	    strcasestr(tool, "detect-secrets"))
		return "secret";
	if (tags & TAG_VULN)
		return "vulnerability";
	if (tags & TAG_LICENSE)
		return "compliance";
	if ((tags & TAG_SECURITY) || has_sec_sev)
		return "security";
	if (tags & TAG_PERF)
		return "performance";
	return "debt";
}

/* Whitespace runs become one space; leading and trailing ones go. */
static void normalize_text(struct tg_buf *out, const char *s)
{
	tg_buf_reset(out);
	for (;;) {
		size_t word;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		for (word = 0; s[word] && !isspace((unsigned char)s[word]); word++)
			;
		if (out->len)
			tg_buf_addch(out, ' ');
		tg_buf_add(out, s, word);
		s += word;
	}
}

static void join_sorted(struct tg_buf *out, struct tg_strlist *l)
{
	tg_strlist_sort(l);
	tg_buf_reset(out);
	for (size_t i = 0; i < l->nr; i++) {
		tg_buf_adds(out, l->v[i]);
		tg_buf_addch(out, '\n');
	}
}

/*
 * The tool's own identity for the result when it gives one; else its
 * normalized snippet (or message) and k, for the k-th result with that text
 * in the file, as terragon's own pattern matches. Returns 1 for an exact
 * repeat (same text at the same place) of an earlier result.
 */
static int tool_fingerprint(struct sarif_state *st, const char *tool, const char *rule_id,
                            struct sarif_result *res, struct tg_buf *out)
{
	struct tg_buf norm = TG_BUF_INIT;
	struct tg_hasher h;
	char pos[64];
	uint64_t text_key, k;
	int added;

	if (res->pfp.nr) {
		join_sorted(out, &res->pfp);
		return 0;
	}
	if (res->fp.nr) {
		join_sorted(out, &res->fp);
		return 0;
	}
	normalize_text(&norm, res->snippet ? res->snippet : res->message ? res->message : "");
	tg_buf_reset(out);
	tg_buf_adds(out, res->snippet ? "snippet:" : "message:");
	tg_buf_add(out, norm.buf, norm.len);
	tg_buf_release(&norm);

	tg_hasher_init(&h);
	tg_hasher_adds(&h, tool);
	tg_hasher_adds(&h, rule_id);
	tg_hasher_adds(&h, st->path.buf);
	tg_hasher_adds(&h, out->buf);
	text_key = tg_hasher_finish(&h);
	snprintf(pos, sizeof(pos), "%d:%d:%d:%d", res->sl, res->sc, res->el, res->ec);
	tg_hasher_init(&h);
	tg_hasher_add(&h, &text_key, sizeof(text_key));
	tg_hasher_adds(&h, pos);
	tg_hashmap_put_u64(&st->exact, tg_hasher_finish(&h), &added);
	if (!added)
		return 1;
	k = ++tg_hashmap_put_u64(&st->occurrences, text_key, NULL)->val.u64;
	tg_buf_addf(out, "\n#%u", (unsigned)k);
	return 0;
}

static char *evidence_of(const char *snippet)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t max = 200;

	normalize_text(&b, snippet);
	if (b.len > max) {
		while (max > 0 && ((unsigned char)b.buf[max] & 0xC0) == 0x80)
			max--; /* not inside a UTF-8 sequence */
		tg_buf_setlen(&b, max);
		tg_buf_adds(&b, "...");
	}
	return tg_buf_detach(&b, NULL);
}

static void keep_fixes(struct sarif_state *st, const struct sarif_run *run,
                       const struct sarif_result *res, struct tg_item *it)
{
	struct tg_ingest_stats *s = st->stats;
	struct tg_buf path = TG_BUF_INIT;
	const char *fingerprint = it->fingerprint;
	size_t first = s->fixes_nr;

	for (size_t i = 0; i < res->repls_nr; i++) {
		const struct sarif_repl *rp = &res->repls[i];
		const struct sarif_change *ch =
		        rp->change >= 0 && (size_t)rp->change < res->changes_nr
		                ? &res->changes[rp->change]
		                : NULL;
		struct tg_fix_replacement *f;

		if (!ch || !ch->uri || resolve(st, run, ch->uri, ch->base, &path))
			continue;
		TG_ALLOC_GROW(s->fixes, s->fixes_nr + 1, s->fixes_alloc);
		f = &s->fixes[s->fixes_nr++];
		memset(f, 0, sizeof(*f));
		memcpy(f->fingerprint, fingerprint, 17);
		f->fix_index = rp->fix;
		if (rp->fix >= 0 && (size_t)rp->fix < res->fix_desc.nr && *res->fix_desc.v[rp->fix])
			f->description = tg_strdup(res->fix_desc.v[rp->fix]);
		f->path = tg_strdup(path.buf);
		f->start_line = rp->sl;
		f->start_column = rp->sc;
		f->end_line = rp->el;
		f->end_column = rp->ec;
		f->char_offset = rp->co;
		f->char_length = rp->cl;
		f->byte_offset = rp->bo;
		f->byte_length = rp->bl;
		f->inserted = rp->inserted ? tg_strdup(rp->inserted) : NULL;
		f->deleted = rp->deleted ? tg_strdup(rp->deleted) : NULL;
	}
	tg_buf_release(&path);
	/* A secret's text never goes into the store, nor a fix that deletes it. */
	if (s->fixes_nr > first && strcmp(it->category, "secret")) {
		struct tg_fix_origin o = {it->path, res->snippet, res->sl, res->el};
		it->fix = tg_sarif_fix_json(st->root.lexical, s->fixes + first, s->fixes_nr - first,
		                            !run->code_points, &o);
	}
}

static uint64_t hex64(const char *hex)
{
	uint64_t v = 0;

	for (; *hex; hex++)
		v = v << 4 | (uint64_t)(*hex <= '9' ? *hex - '0' : (*hex | 0x20) - 'a' + 10);
	return v;
}

static int finish_result(struct sarif_state *st, struct sarif_result *res)
{
	struct sarif_run *run = st->runs[res->run];
	const struct sarif_rule *rule = result_rule(run, res);
	const char *tool = run->tool ? run->tool : "unknown";
	const char *rule_id = res->rule_id ? res->rule_id : rule && rule->id ? rule->id : "unknown";
	const char *level;
	double sec_sev = res->sec_sev >= 0 ? res->sec_sev : rule ? rule->sec_sev : -1;
	unsigned tags = res->tags | (rule ? rule->tags : 0);
	struct tg_item it;
	char fp[17];
	int rc, added;

	st->stats->results++;
	tg_buf_reset(&st->path);
	if (res->uri && resolve(st, run, res->uri, res->base, &st->path)) {
		st->stats->outside_repo++;
		tg_debug("%s: result %s at %s is outside the repository", st->file, rule_id,
		         res->uri);
		return TG_OK;
	}
	if (tool_fingerprint(st, tool, rule_id, res, &st->scratch)) {
		st->stats->duplicates++;
		return TG_OK;
	}
	tg_fingerprint_import(fp, tool, rule_id, st->path.buf, st->scratch.buf);
	tg_hashmap_put_u64(&st->seen, hex64(fp), &added);
	if (!added) {
		st->stats->duplicates++;
		return TG_OK;
	}

	if (res->kind && strcmp(res->kind, "fail"))
		level = "none";
	else
		level = res->level ? res->level : rule && rule->level ? rule->level : "warning";

	tg_item_init(&it);
	memcpy(it.fingerprint, fp, 17);
	tg_buf_reset(&st->scratch);
	tg_buf_addf(&st->scratch, "sarif:%s", tool);
	it.source = tg_strdup(st->scratch.buf);
	it.rule_id = tg_strdup(rule_id);
	it.category = tg_strdup(category_of(tags, sec_sev > 0 && sec_sev <= 10, tool));
	it.severity = severity_of(sec_sev, level);
	it.path = st->path.len ? tg_strdup(st->path.buf) : NULL;
	it.start_line = res->sl;
	it.end_line = res->el ? res->el : res->sl;
	it.start_column = res->sc;
	it.end_column = res->ec;
	it.title = tg_strdup(rule && rule->short_text ? rule->short_text
	                     : rule && rule->name     ? rule->name
	                                              : rule_id);
	it.message = tg_strdup(res->message ? res->message : it.title);
	if (res->snippet && strcmp(it.category, "secret"))
		it.evidence = evidence_of(res->snippet);
	if (res->cwe || (rule && rule->cwe))
		it.links.cwe = tg_strdup(res->cwe ? res->cwe : rule->cwe);
	if (rule && rule->help_uri)
		it.links.rule_doc = tg_strdup(rule->help_uri);
	if (!strncasecmp(rule_id, "CVE-", 4))
		it.links.cve = tg_strdup(rule_id);
	else if (!strncasecmp(rule_id, "GHSA-", 5))
		it.links.ghsa = tg_strdup(rule_id);
	if (res->suppressed) {
		it.status = TG_STATUS_SUPPRESSED;
		st->stats->suppressed++;
	}
	keep_fixes(st, run, res, &it);
	rc = st->sink->emit(st->sink, &it);
	tg_item_release(&it);
	if (rc)
		return rc;
	st->stats->emitted++;
	return TG_OK;
}

int sarif_flush_queue(struct sarif_state *st, int force)
{
	size_t keep = 0;
	int rc = TG_OK;

	for (size_t i = 0; i < st->queue_nr; i++) {
		struct sarif_result *res = st->queue[i];
		if (!rc && (force || ready(st, res))) {
			rc = finish_result(st, res);
			result_free(res);
		} else if (rc) {
			result_free(res);
		} else {
			st->queue[keep++] = res;
		}
	}
	st->queue_nr = keep;
	return rc;
}

/* --- the callbacks' targets ----------------------------------------------- */

int sarif_state_init(struct sarif_state *st, const char *file, const char *repo_root,
                     struct tg_sink *sink, struct tg_ingest_stats *stats)
{
	memset(st, 0, sizeof(*st));
	st->file = file;
	st->sink = sink;
	st->stats = stats;
	st->scratch = (struct tg_buf)TG_BUF_INIT;
	st->path = (struct tg_buf)TG_BUF_INIT;
	return tg_ingest_root_init(&st->root, repo_root);
}

void sarif_state_release(struct sarif_state *st)
{
	for (size_t i = 0; i < st->queue_nr; i++)
		result_free(st->queue[i]);
	free(st->queue);
	result_free(st->result);
	for (size_t i = 0; i < st->runs_nr; i++)
		run_free(st->runs[i]);
	free(st->runs);
	tg_hashmap_release(&st->seen);
	tg_hashmap_release(&st->exact);
	tg_hashmap_release(&st->occurrences);
	tg_buf_release(&st->scratch);
	tg_buf_release(&st->path);
	tg_ingest_root_release(&st->root);
}

int sarif_open(struct sarif_state *st, int type, int parent_type, int parent_key, int index,
               const char *free_key)
{
	struct sarif_run *run = st->run;
	struct sarif_result *res = st->result;

	switch (type) {
	case N_RUN:
		run = tg_calloc(1, sizeof(*run));
		run->cur_comp = -1;
		run->cur_rule = -1;
		TG_ALLOC_GROW(st->runs, st->runs_nr + 1, st->runs_alloc);
		st->runs[st->runs_nr++] = run;
		st->run = run;
		st->stats->runs++;
		break;
	case N_COMP:
		if (run) {
			run->cur_comp = parent_type == N_TOOL ? 0 : index + 1;
			run_comp(run, (size_t)run->cur_comp);
		}
		break;
	case N_RULE:
		if (run && run->cur_comp >= 0) {
			struct sarif_comp *comp = &run->comps[run->cur_comp];
			TG_ALLOC_GROW(comp->rules, comp->nr + 1, comp->alloc);
			memset(&comp->rules[comp->nr], 0, sizeof(comp->rules[0]));
			comp->rules[comp->nr].sec_sev = -1;
			run->cur_rule = (long)comp->nr++;
		}
		break;
	case N_RULE_TEXT:
		if (run)
			run->text_kind = parent_key;
		break;
	case N_BASE:
		if (run) {
			tg_strlist_add(&run->base_names, free_key);
			tg_strlist_add(&run->base_uris, "");
			tg_strlist_add(&run->base_parents, "");
		}
		break;
	case N_RESULT:
		if (!run)
			break;
		result_free(st->result);
		res = st->result = tg_calloc(1, sizeof(*res));
		res->run = st->runs_nr - 1;
		res->rule_index = res->comp_index = -1;
		res->sec_sev = -1;
		break;
	case N_SUPP:
		if (res)
			res->supp_status = 0;
		break;
	case N_FIX:
		if (res)
			tg_strlist_add(&res->fix_desc, "");
		break;
	case N_CHANGE:
		if (res) {
			TG_ALLOC_GROW(res->changes, res->changes_nr + 1, res->changes_alloc);
			memset(&res->changes[res->changes_nr++], 0, sizeof(res->changes[0]));
		}
		break;
	case N_REPL:
		if (res) {
			struct sarif_repl *rp;
			TG_ALLOC_GROW(res->repls, res->repls_nr + 1, res->repls_alloc);
			rp = &res->repls[res->repls_nr++];
			memset(rp, 0, sizeof(*rp));
			rp->fix = (int)res->fix_desc.nr - 1;
			rp->change = (int)res->changes_nr - 1;
			rp->co = rp->cl = rp->bo = rp->bl = -1;
		}
		break;
	}
	return TG_OK;
}

int sarif_close(struct sarif_state *st, int type, int parent_key)
{
	struct sarif_run *run = st->run;
	struct sarif_result *res = st->result;

	switch (type) {
	case N_TOOL:
		if (run) {
			run->tool_seen = 1;
			index_rules(run);
			return sarif_flush_queue(st, 0);
		}
		break;
	case N_BASES:
		if (run) {
			run->bases_seen = 1;
			return sarif_flush_queue(st, 0);
		}
		break;
	case N_COMP:
		if (run)
			run->cur_comp = -1;
		break;
	case N_RULE:
		if (run)
			run->cur_rule = -1;
		break;
	case N_SUPP:
		/* accepted, or no status (Semgrep's nosemgrep): suppressed */
		if (res && res->supp_status != 2)
			res->suppressed = 1;
		break;
	case N_RESULT:
		if (!res)
			break;
		st->result = NULL;
		if (ready(st, res)) {
			int rc = finish_result(st, res);
			result_free(res);
			return rc;
		}
		TG_ALLOC_GROW(st->queue, st->queue_nr + 1, st->queue_alloc);
		st->queue[st->queue_nr++] = res;
		break;
	case N_RUN:
		if (run) {
			if (!run->tool_seen)
				index_rules(run);
			run->tool_seen = run->bases_seen = 1;
			st->run = NULL;
			return sarif_flush_queue(st, 0);
		}
		break;
	}
	return TG_OK;
}

int sarif_finish(struct sarif_state *st)
{
	if (!st->version_seen) {
		for (size_t i = 0; i < st->queue_nr; i++)
			result_free(st->queue[i]);
		st->queue_nr = 0;
		return tg_error_set(TG_ERR_INPUT, "%s: not a SARIF log (no \"version\")", st->file);
	}
	return sarif_flush_queue(st, 1);
}
