/*
 * Scanning one file: one Vectorscan pass reports (pattern, end offset); each
 * report is confirmed by PCRE2 on a bounded window around it (the pattern's
 * maximum width back, the end of the line forward, never more than a few KB
 * either way), so a multi-megabyte line costs a window per candidate, not a
 * rescan. PCRE2 runs with match and depth limits: a pattern that backtracks
 * catastrophically gives up on that window and the scan goes on.
 */
#include "rules/rule_int.h"

#include "backlog/suppress.h"
#include "compliance/compliance.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <limits.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#define WINDOW_BACK       4096  /* for patterns of unbounded width, within a line */
#define WINDOW_BACK_MULTI 16384 /* for patterns that may span lines (PEM blocks) */
#define WINDOW_FORWARD    4096
#define MAX_SECRET        4096
#define MATCH_LIMIT       200000
#define DEPTH_LIMIT       20000

struct counter {
	uint64_t key;
	int n;
};

struct span {
	size_t so, se;
};

struct deferred {
	struct tg_item it;
	struct span at;
};

struct scan {
	const struct tg_ruleset *rs;
	struct tg_rules_scratch *s;
	const char *lang, *path;
	const unsigned char *data;
	size_t len;
	struct tg_sink *sink;
	size_t cur_off, cur_ls; /* a position, and the start of its line */
	int cur_line;
	struct counter *counts;
	size_t counts_nr, counts_alloc;
	int status;
	size_t limited;     /* windows given up on a match limit */
	struct span *spans; /* values other secret rules reported */
	size_t spans_nr, spans_alloc;
	struct deferred *later; /* fallback rules' items, emitted at the end if still new */
	size_t later_nr, later_alloc;
	int is_pack; /* a rule pack: its examples are test data, only secret rules apply */
	int marked;  /* a suppression comment in the file: 1 yes, -1 no, 0 not looked yet */
};

struct tg_rules_scratch *tg_rules_scratch_new(const struct tg_ruleset *rs)
{
	struct tg_rules_scratch *s = tg_calloc(1, sizeof(*s));

	if (rs->db && rules_hs.alloc_scratch(rs->db, &s->hs) != HS_SUCCESS) {
		free(s);
		return NULL;
	}
	s->md = pcre2_match_data_create(32, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(s->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mctx, 20000); /* KiB */
	s->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
	s->cap = rs->pats_nr > rs->nr ? rs->pats_nr : rs->nr;
	s->searched_to = tg_calloc(2 * s->cap + 1, sizeof(*s->searched_to));
	s->applies = tg_calloc(s->cap + 1, 1);
	return s;
}

void tg_rules_scratch_free(struct tg_rules_scratch *s)
{
	if (!s)
		return;
	if (s->hs)
		rules_hs.free_scratch(s->hs);
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit);
	free(s->searched_to);
	free(s->applies);
	free(s);
}

static size_t line_start(const unsigned char *d, size_t off, size_t floor);

/* 1-based line of offset off, walking from the last answer (answers mostly ascend);
 * sc->cur_ls is then the start of that line, so columns cost nothing on long lines. */
static int line_of(struct scan *sc, size_t off)
{
	int back = 0;

	while (sc->cur_off < off) {
		const unsigned char *nl = memchr(sc->data + sc->cur_off, '\n', off - sc->cur_off);
		if (!nl) {
			sc->cur_off = off;
			break;
		}
		sc->cur_off = sc->cur_ls = (size_t)(nl - sc->data) + 1;
		sc->cur_line++;
	}
	while (sc->cur_off > off) {
		sc->cur_off--;
		if (sc->data[sc->cur_off] == '\n')
			sc->cur_line--, back = 1;
	}
	if (back || sc->cur_ls > off)
		sc->cur_ls = line_start(sc->data, off, 0);
	return sc->cur_line;
}

static size_t line_start(const unsigned char *d, size_t off, size_t floor)
{
	while (off > floor && d[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const unsigned char *d, size_t len, size_t off, size_t cap)
{
	const unsigned char *nl = memchr(d + off, '\n', (cap < len ? cap : len) - off);
	return nl ? (size_t)(nl - d) : (cap < len ? cap : len);
}

static int applies(struct scan *sc, size_t rule)
{
	unsigned char *a = &sc->s->applies[rule];

	if (!*a)
		*a = tg_rules_applies(sc->rs, rule, sc->lang, sc->path) &&
		                     (!sc->is_pack || sc->rs->rules[rule].redact)
		             ? 1
		             : 2;
	return *a == 1;
}

/* Does any match of rx in [from, to) overlap [ms, me) (me == 0: any match at all)? */
static int regex_hits(struct scan *sc, pcre2_code *re, size_t from, size_t to, size_t ms, size_t me)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	size_t pos = from;
	int hit = 0;

	while (pos <= to && !hit) {
		PCRE2_SIZE *ov;
		int rc = pcre2_match(re, sc->data, to, pos, 0, md, sc->s->mctx);
		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		hit = !me || (ov[0] < me && ov[1] > ms) ||
		      (ov[0] == ov[1] && ov[0] >= ms && ov[0] <= me);
		pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	pcre2_match_data_free(md);
	return hit;
}

static int regex_matches_str(pcre2_code *re, const char *s, size_t n, pcre2_match_context *mc)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, mc);

	pcre2_match_data_free(md);
	return rc >= 0;
}

static int kth(struct scan *sc, const char *rule, const char *key)
{
	struct tg_hasher h;
	uint64_t k;
	size_t i;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, rule);
	tg_hasher_adds(&h, key);
	k = tg_hasher_finish(&h);
	for (i = 0; i < sc->counts_nr; i++)
		if (sc->counts[i].key == k)
			return ++sc->counts[i].n;
	TG_ALLOC_GROW(sc->counts, sc->counts_nr + 1, sc->counts_alloc);
	sc->counts[sc->counts_nr++] = (struct counter){k, 1};
	return 1;
}

static int is_test_value(const struct tg_rule *r, const char *s, size_t n)
{
	char a[64], b[64];
	size_t i, j, la = 0;

	for (i = 0; i < n && la < sizeof(a) - 1; i++)
		if (s[i] >= '0' && s[i] <= '9')
			a[la++] = s[i];
	a[la] = '\0';
	for (i = 0; i < r->test_values.nr; i++) {
		size_t lb = 0;
		for (j = 0; r->test_values.v[i][j] && lb < sizeof(b) - 1; j++)
			if (r->test_values.v[i][j] >= '0' && r->test_values.v[i][j] <= '9')
				b[lb++] = r->test_values.v[i][j];
		b[lb] = '\0';
		if (la && !strcmp(a, b))
			return 1;
	}
	return 0;
}

struct finding {
	const struct tg_rule *r;
	size_t ms, me; /* the whole match */
	size_t so, se; /* the secret, or the match */
	PCRE2_SIZE *ov;
	uint32_t groups;
	enum tg_severity sev;
	int test_value;
	double confidence; /* 0: the rule's */
	int doc_sample;
};

/* Documentation: a docs/ or doc/ directory, or a prose file. */
static int docs_path(const char *path)
{
	static const char *const ext[] = {".md", ".rst", ".adoc", ".txt", ".markdown"};
	size_t n = path ? strlen(path) : 0, i;

	if (!n)
		return 0;
	if (!strncmp(path, "docs/", 5) || !strncmp(path, "doc/", 4) || strstr(path, "/docs/") ||
	    strstr(path, "/doc/"))
		return 1;
	for (i = 0; i < TG_ARRAY_SIZE(ext); i++)
		if (n > strlen(ext[i]) && !strcasecmp(path + n - strlen(ext[i]), ext[i]))
			return 1;
	return 0;
}

static int all_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	return n > 0;
}

/*
 * A key shown in documentation is a sample for the reader to replace (flask's
 * docs show `SECRET_KEY = '192b9b...'` as what `secrets.token_hex()` prints):
 * what the generic rule finds there, or a bare hex string, is kept at info
 * severity and low confidence. A value of a known format (a GitHub token with
 * its checksum, a PEM key) keeps its rank: pasted into a README it is leaked.
 */
static void docs_sample(struct scan *sc, struct finding *f)
{
	const struct tg_rule *r = f->r;

	if (!r->redact || r->validate == TG_VALIDATE_CARD || !docs_path(sc->path) ||
	    (!r->fallback && !all_hex((const char *)sc->data + f->so, f->se - f->so)))
		return;
	f->sev = TG_SEV_INFO;
	f->confidence = 2;
	f->doc_sample = 1;
}

/* A card number with a card word beside it is likely one; a lone number that
 * passes every check may still be an identifier: a step lower, less sure. */
static void card_confidence(struct scan *sc, struct finding *f)
{
	if (tg_rules_card_keyword(sc->data, sc->len, f->so, f->se)) {
		f->confidence = 9;
		return;
	}
	f->confidence = 4;
	if (f->sev > TG_SEV_LOW)
		f->sev--;
}

/* Filters that drop a candidate: also / not regexes, length, entropy, checksum, allow lists. */
static int keep(struct scan *sc, struct finding *f)
{
	const struct tg_rule *r = f->r;
	const char *sec = (const char *)sc->data + f->so;
	size_t n = f->se - f->so, i;
	size_t ls = line_start(sc->data, f->ms, f->ms > WINDOW_BACK ? f->ms - WINDOW_BACK : 0);
	size_t le = line_end(sc->data, sc->len, f->me, f->me + WINDOW_FORWARD);

	if (n > MAX_SECRET || n < r->min_len)
		return 0;
	for (i = 0; i < r->also_nr; i++)
		if (!regex_hits(sc, r->also[i].re, ls, le, 0, 0))
			return 0;
	for (i = 0; i < r->not_nr; i++)
		if (regex_hits(sc, r->not [i].re, ls, le, f->ms, f->me))
			return 0;
	if (r->entropy_min > 0 && tg_entropy(sec, n) < r->entropy_min)
		return 0;
	if (r->validate == TG_VALIDATE_LUHN && !tg_luhn_valid(sec, n))
		return 0;
	if (r->validate == TG_VALIDATE_NOT_LITERAL &&
	    tg_rules_literal_arg(sc->data, sc->len, f->ms, f->me))
		return 0;
	if (r->validate == TG_VALIDATE_NOT_ROUNDTRIP &&
	    tg_rules_pickle_roundtrip(sc->data, sc->len, f->me))
		return 0;
	if (r->validate == TG_VALIDATE_CARD &&
	    !tg_rules_card_valid(sc->data, sc->len, f->so, f->se))
		return 0;
	if (r->validate == TG_VALIDATE_GITHUB) {
		char sum[7];
		const char *us = memchr(sec, '_', n);
		size_t body = us ? n - (size_t)(us + 1 - sec) : 0;
		if (body != 36)
			return 0;
		tg_github_checksum(us + 1, sum);
		if (memcmp(us + 31, sum, 6))
			return 0;
	}
	if (tg_rules_stopword(sc->rs, r, sec, n))
		return 0;
	for (i = 0; i < r->allow_nr; i++)
		if (regex_matches_str(r->allow[i].re, sec, n, sc->s->mctx))
			return 0;
	f->test_value = r->test_values.nr && is_test_value(r, sec, n);
	f->sev = f->test_value ? TG_SEV_LOW : r->severity;
	if (r->validate == TG_VALIDATE_CARD)
		card_confidence(sc, f);
	docs_sample(sc, f);
	return 1;
}

static void default_inputs(struct tg_item *it, const struct tg_rule *r)
{
	static const struct {
		double bv, tc, rr, impact, ease, minutes;
		int job;
	} by_sev[] = {
	        [TG_SEV_INFO] = {1, 1, 1, 1, 8, 5, 1},
	        [TG_SEV_LOW] = {3, 2, 3, 3, 7, 15, 1},
	        [TG_SEV_MEDIUM] = {5, 4, 6, 5, 6, 30, 2},
	        [TG_SEV_HIGH] = {7, 7, 8, 7, 6, 45, 2},
	        [TG_SEV_CRITICAL] = {8, 10, 10, 9, 8, 30, 1},
	};
	const char *c = r->confidence;
	enum tg_severity s = it->severity;

	it->inputs.business_value = by_sev[s].bv;
	it->inputs.time_criticality = by_sev[s].tc;
	it->inputs.risk_reduction = by_sev[s].rr;
	it->inputs.impact = by_sev[s].impact;
	it->inputs.ease = by_sev[s].ease;
	it->inputs.confidence = !c ? 7 : !strcasecmp(c, "HIGH") ? 9 : !strcasecmp(c, "LOW") ? 4 : 7;
	it->job_size = by_sev[s].job;
	it->remediation_minutes = by_sev[s].minutes;
}

/* The message with $1 / $NAME interpolated; a group inside the secret is redacted. */
static void interpolate(struct tg_buf *out, struct scan *sc, struct finding *f,
                        const char *redacted, pcre2_code *re)
{
	const char *m = f->r->message ? f->r->message : f->r->id;

	while (*m) {
		long g = -1;
		const char *p = m + 1;
		if (*m == '$' && p[0] >= '0' && p[0] <= '9') {
			g = strtol(p, (char **)&p, 10);
		} else if (*m == '$' && ((p[0] >= 'A' && p[0] <= 'Z') || p[0] == '_')) {
			char name[64];
			size_t n = 0;
			while (n < sizeof(name) - 1 &&
			       ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9') ||
			        p[n] == '_'))
				n++;
			memcpy(name, p, n);
			name[n] = '\0';
			g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
			if (g >= 0)
				p += n;
		}
		if (g < 0 || (uint32_t)g > f->groups || f->ov[2 * g] == PCRE2_UNSET) {
			tg_buf_addch(out, *m++);
			continue;
		}
		if (f->r->redact && f->ov[2 * g] < f->se && f->ov[2 * g + 1] > f->so)
			tg_buf_adds(out, redacted);
		else
			tg_buf_add(out, sc->data + f->ov[2 * g],
			           f->ov[2 * g + 1] - f->ov[2 * g] > 200
			                   ? 200
			                   : f->ov[2 * g + 1] - f->ov[2 * g]);
		m = p;
	}
}

/* Whitespace collapsed, at most 200 bytes: the match's identity and evidence. */
static void normalized(struct tg_buf *out, const unsigned char *s, size_t n)
{
	size_t i;
	int sp = 0;

	for (i = 0; i < n && out->len < 200; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			sp = out->len > 0;
			continue;
		}
		if (sp)
			tg_buf_addch(out, ' ');
		sp = 0;
		tg_buf_addch(out, s[i] < 0x20 ? '?' : s[i]);
	}
}

static int emit(struct scan *sc, struct finding *f, pcre2_code *re)
{
	const struct tg_rule *r = f->r;
	struct tg_item it;
	struct tg_buf red = TG_BUF_INIT, msg = TG_BUF_INIT, var = TG_BUF_INIT, ev = TG_BUF_INIT;
	size_t n = f->se - f->so, prefix = 0;
	int line = line_of(sc, f->so), ret;

	tg_item_init(&it);
	if (r->prefix && n >= strlen(r->prefix) &&
	    !memcmp(sc->data + f->so, r->prefix, strlen(r->prefix)))
		prefix = strlen(r->prefix);
	tg_redact(&red, (const char *)sc->data + f->so, n, prefix);
	interpolate(&msg, sc, f, red.buf, re);
	it.source = tg_strdup("rules");
	it.rule_id = tg_strdup(r->id);
	it.category = tg_strdup(r->category);
	it.severity = f->sev;
	it.path = tg_strdup(sc->path ? sc->path : "");
	it.start_line = line;
	it.start_column = (int)(f->so - sc->cur_ls) + 1;
	it.end_line = line_of(sc, f->se > f->so ? f->se - 1 : f->se);
	it.end_column = (int)(f->se - sc->cur_ls) + 1;
	if (r->redact) {
		tg_rules_assigned_to(&var, sc->data, sc->len, f->so);
		if (var.len)
			tg_buf_addf(&ev, "%s = ", var.buf);
		tg_buf_adds(&ev, red.buf);
		tg_fingerprint_secret(it.fingerprint, r->id, it.path, var.buf,
		                      kth(sc, r->id, var.buf));
	} else {
		normalized(&ev, sc->data + f->ms, f->me - f->ms);
		tg_fingerprint_match(it.fingerprint, r->id, it.path, ev.buf,
		                     kth(sc, r->id, ev.buf));
	}
	if (f->test_value)
		tg_buf_adds(&msg, " (a documented test value)");
	else if (f->doc_sample)
		tg_buf_adds(&msg, " (a sample in documentation)");
	it.message = tg_buf_detach(&msg, NULL);
	it.title = tg_strndup(it.message,
	                      strcspn(it.message, ".\n") < 120 ? strcspn(it.message, ".\n") : 120);
	it.evidence = tg_buf_detach(&ev, NULL);
	it.links.cwe = r->cwe ? tg_strdup(r->cwe) : NULL;
	it.links.rule_doc = r->doc ? tg_strdup(r->doc) : NULL;
	if (tg_compliance_controls(r->id))
		it.controls = tg_strdup(tg_compliance_controls(r->id));
	default_inputs(&it, r);
	if (f->confidence > 0)
		it.inputs.confidence = f->confidence;
	it.grouping = r->grouping;
	if (!sc->marked) /* once a file: most have no suppression comment at all */
		sc->marked = tg_suppress_marked(sc->data, sc->len) ? 1 : -1;
	if (sc->marked > 0) {
		const char *by = tg_suppress_inline_by(sc->data, sc->len, line, r->id, r->category);
		if (by)
			tg_suppress_mark(&it, by);
	}
	ret = TG_OK;
	if (r->fallback) {
		TG_ALLOC_GROW(sc->later, sc->later_nr + 1, sc->later_alloc);
		sc->later[sc->later_nr].it = it;
		sc->later[sc->later_nr++].at = (struct span){f->so, f->se};
		tg_item_init(&it);
	} else {
		if (r->redact) {
			TG_ALLOC_GROW(sc->spans, sc->spans_nr + 1, sc->spans_alloc);
			sc->spans[sc->spans_nr++] = (struct span){f->so, f->se};
		}
		ret = sc->sink->emit(sc->sink, &it);
	}
	tg_item_release(&it);
	tg_buf_release(&red), tg_buf_release(&var), tg_buf_release(&msg), tg_buf_release(&ev);
	return ret;
}

static void locate_secret(struct finding *f, uint32_t groups)
{
	const struct tg_rule *r = f->r;
	uint32_t g;

	f->so = f->ms, f->se = f->me;
	if (r->secret_group && (uint32_t)r->secret_group <= groups &&
	    f->ov[2 * r->secret_group] != PCRE2_UNSET) {
		f->so = f->ov[2 * r->secret_group];
		f->se = f->ov[2 * r->secret_group + 1];
		return;
	}
	if (!r->redact || r->secret_group)
		return;
	/* As gitleaks: the first non-empty group, else the whole match. */
	for (g = 1; g <= groups; g++)
		if (f->ov[2 * g] != PCRE2_UNSET && f->ov[2 * g + 1] > f->ov[2 * g]) {
			f->so = f->ov[2 * g], f->se = f->ov[2 * g + 1];
			return;
		}
}

/* Every PCRE2 match of pattern pi starting in [ws, we). */
static void confirm(struct scan *sc, size_t pi, size_t ws, size_t we)
{
	const struct tg_pattern *p = &sc->rs->pats[pi];
	size_t *match_end = &sc->s->searched_to[sc->s->cap + pi];
	size_t pos = ws > *match_end ? ws : *match_end;
	uint32_t groups = 0;

	pcre2_pattern_info(p->rx.re, PCRE2_INFO_CAPTURECOUNT, &groups);
	while (pos <= we && !sc->status) {
		struct finding f = {.r = &sc->rs->rules[p->rule], .groups = groups};
		int rc = pcre2_match(p->rx.re, sc->data, we, pos, 0, sc->s->md, sc->s->mctx);
		if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
			sc->limited++;
			break;
		}
		if (rc < 0)
			break;
		f.ov = pcre2_get_ovector_pointer(sc->s->md);
		f.ms = f.ov[0], f.me = f.ov[1];
		pos = f.me > f.ms ? f.me : f.ms + 1;
		if (f.me == f.ms)
			continue;
		*match_end = f.me;
		locate_secret(&f, groups);
		if (keep(sc, &f))
			sc->status = emit(sc, &f, p->rx.re);
	}
}

static int on_hs(unsigned int id, unsigned long long from, unsigned long long to,
                 unsigned int flags, void *ctx)
{
	struct scan *sc = ctx;
	size_t pi = sc->rs->hs_pats[id];
	const struct tg_pattern *p = &sc->rs->pats[pi];
	size_t *searched = &sc->s->searched_to[pi];
	size_t ws, we, back;

	(void)from, (void)flags;
	if (to <= *searched || !applies(sc, p->rule))
		return 0;
	if (p->max_width && p->max_width < WINDOW_BACK_MULTI)
		back = (size_t)p->max_width;
	else
		back = p->multiline ? WINDOW_BACK_MULTI : WINDOW_BACK;
	ws = to > back ? to - back : 0;
	if (!p->multiline || !p->max_width)
		ws = p->multiline ? ws : line_start(sc->data, to, ws);
	if (ws < *searched)
		ws = *searched;
	we = line_end(sc->data, sc->len, to, to + WINDOW_FORWARD);
	confirm(sc, pi, ws, we);
	*searched = we;
	return sc->status ? 1 : 0;
}

/* A generic finding is news only where no specific secret rule reported the value. */
static void emit_deferred(struct scan *sc)
{
	size_t i, j;

	for (i = 0; i < sc->later_nr; i++) {
		struct deferred *d = &sc->later[i];
		int dup = 0;
		for (j = 0; j < sc->spans_nr && !dup; j++)
			dup = sc->spans[j].so < d->at.se && sc->spans[j].se > d->at.so;
		if (!dup && !sc->status)
			sc->status = sc->sink->emit(sc->sink, &d->it);
		tg_item_release(&d->it);
	}
}

static int keywords_present(const struct tg_rule *r, const unsigned char *d, size_t len)
{
	size_t i;

	if (!r->keywords.nr)
		return 1;
	for (i = 0; i < r->keywords.nr; i++) {
		const char *k = r->keywords.v[i];
		size_t n = strlen(k), j;
		int first = tolower((unsigned char)k[0]);

		for (j = 0; n && j + n <= len; j++)
			if (tolower(d[j]) == first && !strncasecmp((const char *)d + j, k, n))
				return 1;
	}
	return 0;
}

/* A YAML rule pack (ours or Semgrep's): a `rules:` list with regex patterns. */
static int is_rule_pack(const char *path, const unsigned char *d, size_t len)
{
	size_t n = path ? strlen(path) : 0;

	if (!(n > 5 && !strcmp(path + n - 5, ".yaml")) && !(n > 4 && !strcmp(path + n - 4, ".yml")))
		return 0;
	return (len >= 6 && !memcmp(d, "rules:", 6)) || memmem(d, len, "\nrules:", 7) != NULL
	               ? memmem(d, len, "pattern-regex:", 14) != NULL
	               : 0;
}

static int is_binary(const unsigned char *d, size_t len)
{
	return memchr(d, '\0', len < 8000 ? len : 8000) != NULL;
}

int tg_rules_pickle_scan(const struct tg_ruleset *rs, const char *path, const unsigned char *data,
                         size_t len, struct tg_sink *sink);

int tg_rules_scan(const struct tg_ruleset *rs, struct tg_rules_scratch *scratch,
                  const char *lang_name, const char *path, const unsigned char *data, size_t len,
                  struct tg_sink *sink)
{
	struct scan sc = {.rs = rs,
	                  .s = scratch,
	                  .lang = lang_name,
	                  .path = path,
	                  .data = data,
	                  .len = len,
	                  .sink = sink,
	                  .cur_line = 1};
	size_t i;

	if (!rs->compiled)
		return tg_error_set(TG_ERR_USAGE, "rules: scan before compile");
	if (path && tg_pickle_path(path))
		return tg_rules_pickle_scan(rs, path, data, len, sink);
	if (!len || is_binary(data, len))
		return TG_OK;
	sc.is_pack = is_rule_pack(path, data, len);
	memset(scratch->searched_to, 0, (2 * scratch->cap + 1) * sizeof(*scratch->searched_to));
	memset(scratch->applies, 0, scratch->cap + 1);
	if (rs->db &&
	    rules_hs.scan(rs->db, (const char *)data, len > UINT_MAX ? UINT_MAX : (unsigned)len, 0,
	                  scratch->hs, on_hs, &sc) == HS_SCAN_TERMINATED &&
	    !sc.status)
		sc.status = tg_error_set(TG_ERR_RUN, "%s: rules scan stopped", path);
	for (i = 0; i < rs->pcre_only_nr && !sc.status; i++) {
		const struct tg_pattern *p = &rs->pats[rs->pcre_only[i]];
		if (applies(&sc, p->rule) && keywords_present(&rs->rules[p->rule], data, len))
			confirm(&sc, rs->pcre_only[i], 0, len);
	}
	emit_deferred(&sc);
	if (sc.limited)
		tg_debug("%s: %zu rule windows hit the PCRE2 match limit", path, sc.limited);
	free(sc.counts), free(sc.spans), free(sc.later);
	return sc.status;
}
