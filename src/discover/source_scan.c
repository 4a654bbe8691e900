/*
 * The scanner source: one walk over the tree, one pass over each file's
 * bytes for its lines, markers, functions and rule matches. Items: complex
 * and long functions, large files, markers (TODO, FIXME, ...) and every rule
 * finding. Per-thread state (rule scratch, function list) lives in workers[].
 */
#include "discover/discover.h"
#include "discover/scan_cache_int.h"

#include "analyze/count.h"
#include "analyze/lang.h"
#include "analyze/tree.h"
#include "backlog/suppress.h"
#include "functions/functions.h"
#include "functions/limit.h"
#include "rules/rules.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "walk/walk.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct worker {
	struct tg_rules_scratch *scratch;
	struct tg_function_list functions;
	struct tg_marker_list markers;
	struct tg_buf kinds; /* the current file's line kinds (analyze/count.h) */
	int ignores;         /* the current file has a suppression comment; < 0: not looked yet */
};

/* The passes value_discovery.scanner turns on. */
enum { PASS_LARGE_FILES = 1, PASS_MARKERS = 2, PASS_FUNCTIONS = 4, PASS_RULES = 8 };

struct scan {
	const struct tg_discover_ctx *ctx;
	struct tg_sink *sink;
	struct tg_ruleset *rules;
	struct worker *workers;
	int nworkers;
	unsigned passes;
	struct tg_ccn_limits limits; /* the project's own complexity limits */
	int ccn_explicit;            /* thresholds.ccn set: it wins over them */
	struct scan_cache cache;     /* per-file results between runs (cache.cache NULL: none) */
};

/* Where a worker's items go: through the cache's capture when there is one. */
static struct tg_sink *sink_of(struct scan *s, int worker)
{
	return s->cache.cache ? &s->cache.w[worker].sink : s->sink;
}

static struct tg_item *new_item(struct tg_item *it, const char *rule, const char *category,
                                const char *path)
{
	tg_item_init(it);
	it->source = tg_strdup("scanner");
	it->rule_id = tg_strdup(rule);
	it->category = tg_strdup(category);
	it->path = tg_strdup(path);
	return it;
}

/*
 * Keeps a suppressed item (status suppressed) rather than dropping it. A file
 * is searched for suppression comments once, not once per item: a file with
 * hundreds of markers would be read hundreds of times.
 */
static int emit(struct scan *s, const struct tg_walk_file *f, struct tg_item *it)
{
	struct worker *w = &s->workers[f->worker];

	if (w->ignores < 0)
		w->ignores = tg_suppress_marked(f->data, f->len);
	if (w->ignores) {
		const char *by = tg_suppress_inline_by(f->data, f->len, it->start_line, it->rule_id,
		                                       it->category);
		if (by)
			tg_suppress_mark(it, by);
	}
	{
		struct tg_sink *to = sink_of(s, f->worker);
		return to->emit(to, it);
	}
}

/*
 * The CCN threshold for a file: thresholds.ccn where the configuration sets
 * it, else the project's own limit for the file's language (its flake8,
 * ruff, golangci-lint, ESLint or lizard configuration), else the default.
 */
static int ccn_threshold(const struct scan *s, const struct tg_lang *lang)
{
	const struct tg_ccn_limit *own;

	if (s->ccn_explicit || !(own = tg_ccn_limit_for(&s->limits, lang->name)))
		return s->ctx->cfg->thresholds.ccn;
	return own->value;
}

/*
 * One item for a complex function, long or not: its fingerprint is the
 * complex-function one whether or not it is also long, so it stays put as
 * the function grows or shrinks. nloc_max > 0 when it is long too; the
 * severity and effort are then the worse of the two.
 */
/*
 * A switch whose arms each hold an `if` or two is still a table: curl's
 * option parsers (opt_bool: 44 structural decisions in 398 lines) read one
 * short case at a time. Logic that must be held in mind at once is denser:
 * every complex function the judges called real had one decision in at most
 * six lines (bench/judged/).
 */
#define FLAT_LINES_PER_DECISION 8
/*
 * A chain of else-ifs comparing one input with this many names (redis's
 * debugCommand, clientCommand, CLUSTER's subcommands; redis-cli's options)
 * is a table of named commands, each arm its own small program: the judges
 * called every one noise. A state machine switches over an enum, not names.
 */
#define FLAT_KEYED_ARMS 8
/* ... and the table is at least 1/FLAT_KEYED_SHARE of its structure: redis's
 * rdbLoadRioWithLoadingCtx parses ten named AUX fields inside an opcode loop of
 * 60 decisions, and is real work. */
#define FLAT_KEYED_SHARE 4

static int is_flat(const struct tg_function *fn, int ccn_max)
{
	return (int)fn->ccn_structural <= ccn_max ||
	       fn->ccn_structural * FLAT_LINES_PER_DECISION < fn->nloc ||
	       (fn->keyed_arms >= FLAT_KEYED_ARMS &&
	        fn->keyed_arms * FLAT_KEYED_SHARE >= fn->ccn_structural);
}

/*
 * A function whose complexity is the arms of one choice (a command
 * dispatcher, an option switch, a code-to-message table) is long by nature:
 * maintainers of redis and curl called every such item noise. It stays
 * listed, low, saying so.
 */
static void flat_item(struct tg_item *it, const struct tg_function *fn, int ccn_max)
{
	struct tg_buf b = TG_BUF_INIT;

	it->severity = TG_SEV_LOW;
	it->inputs.business_value = 1;
	it->inputs.time_criticality = 1;
	it->inputs.risk_reduction = 1;
	it->inputs.impact = 2;
	tg_buf_adds(&b, it->message);
	if ((int)fn->ccn_structural <= ccn_max)
		tg_buf_addf(&b,
		            "; but %u of its %u paths are arms of switch or else-if chains (a "
		            "table of cases): counted once each, as lizard -m counts a switch, it "
		            "has %u",
		            fn->ccn - fn->ccn_structural, fn->ccn, fn->ccn_structural);
	else if (fn->keyed_arms >= FLAT_KEYED_ARMS &&
	         fn->keyed_arms * FLAT_KEYED_SHARE >= fn->ccn_structural)
		tg_buf_addf(&b,
		            "; but %u of its arms are chosen by name (a string in each else-if): a "
		            "table of commands, each arm its own small function",
		            fn->keyed_arms);
	else
		tg_buf_addf(&b,
		            "; but its %u structural decisions are spread over %u lines, fewer "
		            "than one in %d: a table of cases whose arms are a line or two each",
		            fn->ccn_structural, fn->nloc, FLAT_LINES_PER_DECISION);
	free(it->message);
	it->message = tg_buf_detach(&b, NULL);
	tg_buf_adds(&b, it->evidence);
	tg_buf_adds(&b, " flat=1");
	free(it->evidence);
	it->evidence = tg_buf_detach(&b, NULL);
}

static void complex_item(struct scan *s, const struct tg_walk_file *f, const struct tg_function *fn,
                         int ccn_max, int nloc_max)
{
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;
	double long_minutes = 30 + 0.5 * (fn->nloc - nloc_max);
	int long_sev = (int)fn->nloc > 2 * nloc_max ? TG_SEV_MEDIUM : TG_SEV_LOW;

	new_item(&it, "complex-function", "complexity", f->path);
	tg_fingerprint_metric(it.fingerprint, it.rule_id, f->path, fn->name);
	it.severity = (int)fn->ccn > 2 * ccn_max ? TG_SEV_HIGH : TG_SEV_MEDIUM;
	it.start_line = (int)fn->start_line;
	it.end_line = (int)fn->end_line;
	tg_buf_addf(&b, "%s has cyclomatic complexity %u (threshold %d)", fn->name, fn->ccn,
	            ccn_max);
	if (nloc_max)
		tg_buf_addf(&b, " and %u code lines (threshold %d)", fn->nloc, nloc_max);
	it.title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "%u independent paths through %u lines: hard to test and to change safely",
	            fn->ccn, fn->nloc);
	if (nloc_max)
		tg_buf_adds(&b, "; long functions hide their structure: split it");
	it.message = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "ccn=%u nloc=%u params=%u ccn_max=%d", fn->ccn, fn->nloc, fn->params,
	            ccn_max);
	if (fn->ccn_structural < fn->ccn)
		tg_buf_addf(&b, " ccn_structural=%u", fn->ccn_structural);
	if (fn->keyed_arms)
		tg_buf_addf(&b, " keyed_arms=%u", fn->keyed_arms);
	it.evidence = tg_buf_detach(&b, NULL);
	it.metric = fn->ccn;
	it.remediation_minutes = 30 + 10.0 * (fn->ccn - ccn_max);
	if (nloc_max && long_sev > (int)it.severity)
		it.severity = long_sev;
	if (nloc_max && long_minutes > it.remediation_minutes)
		it.remediation_minutes = long_minutes;
	if (is_flat(fn, ccn_max))
		flat_item(&it, fn, ccn_max);
	emit(s, f, &it);
}

static void long_item(struct scan *s, const struct tg_walk_file *f, const struct tg_function *fn,
                      int nloc_max)
{
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;

	new_item(&it, "long-function", "complexity", f->path);
	tg_fingerprint_metric(it.fingerprint, it.rule_id, f->path, fn->name);
	it.severity = (int)fn->nloc > 2 * nloc_max ? TG_SEV_MEDIUM : TG_SEV_LOW;
	it.start_line = (int)fn->start_line;
	it.end_line = (int)fn->end_line;
	tg_buf_addf(&b, "%s is %u lines long (threshold %d)", fn->name, fn->nloc, nloc_max);
	it.title = tg_buf_detach(&b, NULL);
	it.message = tg_strdup("long functions hide their structure; split them");
	it.metric = fn->nloc;
	it.remediation_minutes = 30 + 0.5 * (fn->nloc - nloc_max);
	emit(s, f, &it);
}

static void function_items(struct scan *s, const struct tg_walk_file *f, const struct tg_lang *lang,
                           const struct tg_function_list *fl)
{
	int ccn_max = ccn_threshold(s, lang), nloc_max = s->ctx->cfg->thresholds.function_nloc;
	size_t i;

	for (i = 0; i < fl->nr; i++) {
		const struct tg_function *fn = &fl->v[i];
		int is_long = (int)fn->nloc > nloc_max;

		if ((int)fn->ccn > ccn_max)
			complex_item(s, f, fn, ccn_max, is_long ? nloc_max : 0);
		else if (is_long)
			long_item(s, f, fn, nloc_max);
	}
}

static void large_file_item(struct scan *s, const struct tg_walk_file *f,
                            const struct tg_file_counts *c)
{
	int max = s->ctx->cfg->thresholds.file_lines;
	struct tg_buf b = TG_BUF_INIT;
	struct tg_item it;
	long lines = (long)c->lines;

	if (lines <= max)
		return;
	new_item(&it, "large-file", "complexity", f->path);
	tg_fingerprint_file(it.fingerprint, it.rule_id, f->path);
	it.severity = lines > 3L * max ? TG_SEV_MEDIUM : TG_SEV_LOW;
	it.start_line = 1;
	tg_buf_addf(&b, "%s has %ld lines (threshold %d)", f->path, lines, max);
	it.title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b, "%ld code lines, %ld comment lines; large files gather unrelated changes",
	            (long)c->code, (long)c->comment);
	it.message = tg_buf_detach(&b, NULL);
	it.metric = (double)lines;
	it.remediation_minutes = 60 + 0.1 * (double)(lines - max);
	emit(s, f, &it);
}

/* "TODO(alice): x" and "todo (alice):  x" are one text: lowercase, spaces squeezed. */
static char *normalize(const char *text)
{
	struct tg_buf b = TG_BUF_INIT;
	const char *p;
	int space = 0;

	for (p = text; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			tg_buf_addch(&b, ' ');
		space = 0;
		tg_buf_addch(&b, tolower((unsigned char)*p));
	}
	return tg_buf_detach(&b, NULL);
}

static void marker_items(struct scan *s, const struct tg_walk_file *f, const struct tg_lang *lang,
                         const struct tg_marker_list *ml)
{
	struct tg_buf b = TG_BUF_INIT;
	char **norm = tg_calloc(ml->nr ? ml->nr : 1, sizeof(*norm));
	size_t i, j;

	for (i = 0; i < ml->nr; i++)
		norm[i] = normalize(ml->v[i].text);
	for (i = 0; i < ml->nr; i++) {
		const struct tg_marker *m = &ml->v[i];
		const char *name = tg_marker_kind_name(m->kind);
		struct tg_item it;
		char *p;
		int k = 1;

		for (j = 0; j < i; j++) /* the k-th identical marker in the file */
			k += ml->v[j].kind == m->kind && !strcmp(norm[j], norm[i]);
		tg_buf_addf(&b, "%s-marker", name);
		for (p = b.buf; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		new_item(&it, b.buf, "debt", f->path);
		tg_buf_reset(&b);
		tg_fingerprint_match(it.fingerprint, it.rule_id, f->path, norm[i], k);
		/* A FIXME in a build script or workflow is a note on tooling, not on the product.
		 */
		it.severity = (m->kind == TG_MARKER_FIXME || m->kind == TG_MARKER_BUG) &&
		                              tg_lang_is_source(lang)
		                      ? TG_SEV_MEDIUM
		                      : TG_SEV_LOW;
		it.start_line = (int)m->line;
		it.end_line = (int)m->line;
		it.start_column = (int)m->column;
		tg_buf_addf(&b, "%s: %s", name, *m->text ? m->text : "(no text)");
		it.title = tg_buf_detach(&b, NULL);
		tg_buf_addf(&b, "a %s comment left in %s:%u", name, f->path, m->line);
		if (m->owner)
			tg_buf_addf(&b, " by %s", m->owner);
		if (m->ref)
			tg_buf_addf(&b, " (see %s)", m->ref);
		it.message = tg_buf_detach(&b, NULL);
		if (m->owner || m->ref) {
			tg_buf_addf(&b, "%s%s%s", m->owner ? m->owner : "",
			            m->owner && m->ref ? " " : "", m->ref ? m->ref : "");
			it.evidence = tg_buf_detach(&b, NULL);
		}
		it.remediation_minutes = 30;
		emit(s, f, &it);
	}
	for (i = 0; i < ml->nr; i++)
		free(norm[i]);
	free(norm);
	tg_buf_release(&b);
}

/*
 * A risky call written in a comment or a docstring runs nothing: the
 * security and AI/ML rules' matches there are dropped (sqlalchemy's pg8000
 * docstring showing how to connect to a self-signed server, a PickleType
 * docstring). Secrets and card numbers in comments are still exposed, and
 * stay.
 */
struct code_only {
	struct tg_sink *to;
	const struct tg_buf *kinds;
};

static int emit_code_only(struct tg_sink *sink, struct tg_item *it)
{
	const struct code_only *c = sink->data;
	size_t line = it->start_line > 0 ? (size_t)it->start_line : 0;

	if (line && line <= c->kinds->len && c->kinds->buf[line - 1] == TG_LINE_COMMENT &&
	    it->category && (!strcmp(it->category, "security") || !strcmp(it->category, "ai-ml")))
		return TG_OK;
	return c->to->emit(c->to, it);
}

static int scan_file(const struct tg_walk_file *f, void *arg)
{
	struct scan *s = arg;
	struct worker *w = &s->workers[f->worker];
	const struct tg_lang *lang = tg_lang_detect(f->path, f->data, f->len);
	struct tg_file_counts counts;
	struct code_only code = {NULL, &w->kinds};
	struct tg_sink code_sink = {emit_code_only, &code};
	int rc = TG_OK;

	w->ignores = -1;
	tg_buf_reset(&w->kinds);
	if (s->cache.cache)
		scan_cache_begin(&s->cache, f->worker);
	if (lang) {
		int markers = (s->passes & PASS_MARKERS) != 0;
		w->markers.nr = 0;
		tg_analyze_count_lines(lang, f->data, f->len, &counts, markers ? &w->markers : NULL,
		                       &w->kinds);
		/* A long build file, workflow or header of declarations is long by nature. */
		if ((s->passes & PASS_LARGE_FILES) && tg_lang_is_source(lang) &&
		    strcmp(lang->name, "C/C++ Header"))
			large_file_item(s, f, &counts);
		if (markers) {
			marker_items(s, f, lang, &w->markers);
			tg_marker_list_clear(&w->markers);
		}
		if ((s->passes & PASS_FUNCTIONS) && tg_functions_supported(lang->name)) {
			tg_functions_scan(lang, f->data, f->len, &w->functions);
			function_items(s, f, lang, &w->functions);
			tg_function_list_clear(&w->functions);
		}
	}
	/* Model files are the models source's (ai_ml_model_analysis), text or not. */
	if (s->rules && !tg_pickle_path(f->path)) {
		code.to = sink_of(s, f->worker);
		rc = tg_rules_scan(s->rules, w->scratch, lang ? lang->name : NULL, f->path, f->data,
		                   f->len, &code_sink);
	}
	if (s->cache.cache && rc == TG_OK)
		scan_cache_put(&s->cache, f, lang ? (int)lang->id : -1, lang ? &counts : NULL);
	return rc;
}

static int scan_cached(const struct tg_walk_entry *e, void *arg)
{
	return scan_cache_serve(&((struct scan *)arg)->cache, e);
}

/*
 * What changes a file's items besides its bytes: the passes, the thresholds
 * and the project's own complexity limits, the rule packs (their hash) and
 * the rules turned off, the walk's limits.
 */
static uint64_t cache_settings(const struct scan *s, const struct tg_walk_opts *wo)
{
	const struct tg_config *cfg = s->ctx->cfg;
	struct tg_hasher h;
	struct tg_buf b = TG_BUF_INIT;
	size_t i;
	int f;

	tg_buf_addf(&b, "passes=%u ccn=%d explicit=%d nloc=%d lines=%d max=%ld gen=%d", s->passes,
	            cfg->thresholds.ccn, s->ccn_explicit, cfg->thresholds.function_nloc,
	            cfg->thresholds.file_lines, wo->max_file_bytes, wo->skip_generated);
	for (f = 0; f < TG_LIMIT_FAMILIES; f++)
		tg_buf_addf(&b, " %d", s->limits.of[f].value);
	tg_hasher_init(&h);
	tg_hasher_adds(&h, b.buf);
	tg_hasher_adds(&h, s->rules ? tg_rules_hash(s->rules) : "no rules");
	for (i = 0; i < cfg->rules.disable.nr; i++)
		tg_hasher_adds(&h, cfg->rules.disable.v[i]);
	tg_buf_release(&b);
	return tg_hasher_finish(&h);
}

static void record_skips(const struct tg_walk_stats *st, struct tg_source_run *run,
                         struct tg_strlist *skipped)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t i;

	for (i = 0; i < st->skipped_nr; i++) {
		const struct tg_walk_skip *k = &st->skipped[i];
		tg_buf_reset(&b);
		tg_buf_addf(&b, "%s%s%s", tg_walk_skip_reason_name(k->reason), k->detail ? " " : "",
		            k->detail ? k->detail : "");
		/* Whatever the reason, a file not read says nothing of the items it held
		 * (a token's file made binary or "generated" must not resolve them). */
		tg_source_run_not_read(run, k->path, b.buf);
		/* Generated and vendored code is skipped by design, not an input lost. */
		if (k->reason == TG_SKIP_GENERATED || k->reason == TG_SKIP_VENDORED ||
		    k->reason == TG_SKIP_BINARY || k->reason == TG_SKIP_SYMLINK)
			continue;
		/* A model file too large here is the models source's, which reads it up to
		 * 256 MiB and reports its own skips: "skipped" here contradicted its items. */
		if (k->reason == TG_SKIP_TOO_LARGE && tg_pickle_path(k->path))
			continue;
		tg_buf_reset(&b);
		tg_buf_addf(&b, "%s: %s%s%s", k->path, tg_walk_skip_reason_name(k->reason),
		            k->detail ? " " : "", k->detail ? k->detail : "");
		tg_strlist_add(skipped, b.buf);
	}
	tg_buf_release(&b);
}

static int load_rules(const char *root, const struct tg_config *cfg, struct tg_ruleset **out)
{
	int rc = tg_rules_load(out, root, &cfg->rules.packs, &cfg->rules.disable);

	if (!rc)
		rc = tg_rules_compile(*out);
	return rc;
}

/* The project's own complexity limits, and a note (-v) of where each threshold comes from. */
static void read_limits(struct scan *s)
{
	const struct tg_config *cfg = s->ctx->cfg;
	const char *origin = tg_origin_name(tg_config_origin(cfg, "thresholds.ccn"));
	int f, found = 0;

	s->ccn_explicit = tg_config_origin(cfg, "thresholds.ccn") != TG_ORIGIN_DEFAULT;
	tg_ccn_limits_read(s->ctx->root, &s->limits);
	for (f = 0; f < TG_LIMIT_FAMILIES; f++) {
		const struct tg_ccn_limit *l = &s->limits.of[f];

		if (!l->value)
			continue;
		found++;
		if (s->ccn_explicit)
			tg_note("complexity threshold: thresholds.ccn %d (%s) wins over the "
			        "project's %s %d at %s",
			        cfg->thresholds.ccn, origin, l->what, l->value, l->where);
		else
			tg_note("complexity threshold for %s: %d, the project's %s at %s",
			        tg_limit_family_name((enum tg_limit_family)f), l->value, l->what,
			        l->where);
	}
	if (s->ccn_explicit || !s->limits.of[TG_LIMIT_ANY].value)
		tg_note("complexity threshold%s: %d (thresholds.ccn, %s)",
		        found && !s->ccn_explicit ? " for the other languages" : "",
		        cfg->thresholds.ccn, origin);
}

static unsigned scanner_passes(const struct tg_strlist *names)
{
	static const char *const pass_names[] = {"large_files", "markers", "functions", "rules"};
	unsigned passes = 0, i;

	for (i = 0; i < TG_ARRAY_SIZE(pass_names); i++)
		if (tg_strlist_find(names, pass_names[i]) >= 0)
			passes |= 1u << i;
	return passes;
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	const struct tg_config *cfg = ctx->cfg;
	struct tg_walk_opts wo;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	struct scan s = {ctx, sink, NULL, NULL, 0, 0, TG_CCN_LIMITS_INIT, 0, {NULL, NULL, 0}};
	int rc, i;

	tg_walk_opts_from_config(&wo, ctx->root, cfg, ctx->root, 0, ctx->own_outputs);
	wo.skip_generated = 1;
	s.nworkers = tg_walk_workers(&wo);
	s.workers = tg_calloc((size_t)s.nworkers, sizeof(*s.workers));
	for (i = 0; i < s.nworkers; i++)
		tg_buf_init(&s.workers[i].kinds, 0);
	s.passes = scanner_passes(&cfg->value_discovery.scanner);
	if (s.passes & PASS_FUNCTIONS)
		read_limits(&s);
	/* Rule packs that fail to load are reported; the rest of the scan goes on. */
	if ((s.passes & PASS_RULES) && load_rules(ctx->root, cfg, &s.rules)) {
		tg_warn("rules: %s", tg_error_message());
		tg_strlist_add(skipped, tg_error_message());
		s.rules = NULL;
	}
	for (i = 0; s.rules && i < s.nworkers; i++)
		s.workers[i].scratch = tg_rules_scratch_new(s.rules);
	if (ctx->use_store) {
		scan_cache_open(&s.cache, ctx->root, cfg->store.path, cache_settings(&s, &wo),
		                s.nworkers, sink);
		if (s.cache.cache)
			wo.cached = scan_cached;
	}
	rc = tg_walk_run(&wo, scan_file, &s, &st);
	if (ctx->use_store) {
		if (rc)
			tg_count_cache_free(s.cache.cache),
			        s.cache.cache = NULL; /* keep the old one */
		scan_cache_close(&s.cache);
	}
	if (!rc) {
		/* With a pass left out the scanner did not look for all of its kinds
		 * of item: none of its items may be resolved by this run. */
		if ((s.passes & (PASS_LARGE_FILES | PASS_MARKERS | PASS_FUNCTIONS)) ==
		    (PASS_LARGE_FILES | PASS_MARKERS | PASS_FUNCTIONS))
			tg_strlist_add(&run->covered, "");
		/* The rule engine names its findings' source "rules": this walk covered them. */
		if (s.rules)
			tg_strlist_add(&run->speaks_for, "rules");
		record_skips(&st, run, skipped);
	}
	run->files = st.files;
	for (i = 0; i < s.nworkers; i++) {
		if (s.workers[i].scratch)
			tg_rules_scratch_free(s.workers[i].scratch);
		tg_function_list_clear(&s.workers[i].functions);
		tg_marker_list_clear(&s.workers[i].markers);
		tg_buf_release(&s.workers[i].kinds);
	}
	free(s.workers);
	tg_ccn_limits_release(&s.limits);
	if (s.rules)
		tg_ruleset_free(s.rules);
	tg_walk_stats_release(&st);
	return rc;
}

const struct tg_source tg_source_scanner = {"scanner", "advanced_static_analysis", collect, 1,
                                            NULL};
