/*
 * The SARIF 2.1.0 writer. Everything that reaches the output is sorted
 * (results by score, then fingerprint; rules by id) and nothing depends on
 * the clock or the machine, so the same items give the same bytes.
 */

#include "report/sarif_write.h"

#include "backlog/score.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "util/log.h"
#include "version.h"
#include "util/utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* --- GitHub's primaryLocationLineHash ------------------------------------- */

#define LH_BLOCK 100
#define LH_EOF   65535u

struct line_hasher {
	uint64_t window[LH_BLOCK], hash, first_mod;
	long line_at[LH_BLOCK]; /* the line starting at this window slot, or -1 */
	int index, line_start, prev_cr;
	long line;
	char **out;
	size_t out_nr, out_alloc;
	struct tg_hashmap seen; /* how often each hash value was seen, for the ":k" suffix */
};

static void lh_output(struct line_hasher *h)
{
	long line = h->line_at[h->index];
	uint64_t count = ++tg_hashmap_put_u64(&h->seen, h->hash, NULL)->val.u64;
	char buf[48];

	snprintf(buf, sizeof(buf), "%" PRIx64 ":%" PRIu64, h->hash, count);
	if ((size_t)line > h->out_nr) {
		TG_ALLOC_GROW(h->out, (size_t)line, h->out_alloc);
		memset(h->out + h->out_nr, 0, ((size_t)line - h->out_nr) * sizeof(*h->out));
		h->out_nr = (size_t)line;
	}
	free(h->out[line - 1]);
	h->out[line - 1] = tg_strdup(buf);
	h->line_at[h->index] = -1;
}

static void lh_update(struct line_hasher *h, uint64_t c)
{
	uint64_t begin = h->window[h->index];

	h->window[h->index] = c;
	h->hash = 37 * h->hash + c - h->first_mod * begin;
	h->index = (h->index + 1) % LH_BLOCK;
}

static void lh_char(struct line_hasher *h, uint64_t c)
{
	if (c == ' ' || c == '\t' || (h->prev_cr && c == '\n')) {
		h->prev_cr = 0;
		return;
	}
	if (c == '\r') {
		c = '\n';
		h->prev_cr = 1;
	} else {
		h->prev_cr = 0;
	}
	if (h->line_at[h->index] != -1)
		lh_output(h);
	if (h->line_start) {
		h->line_start = 0;
		h->line_at[h->index] = ++h->line;
	}
	if (c == '\n')
		h->line_start = 1;
	lh_update(h, c);
}

/* One UTF-8 sequence from s into code point *cp; invalid bytes give U+FFFD, as node's decoder. */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned c;
	size_t n = tg_utf8_decode((const char *)s, len, &c);

	*cp = n ? c : 0xFFFD;
	return n ? n : 1;
}

size_t tg_sarif_line_hashes(const char *text, size_t len, char ***hashes)
{
	struct line_hasher h;
	const unsigned char *s = (const unsigned char *)text;

	memset(&h, 0, sizeof(h));
	h.first_mod = 1;
	for (int i = 0; i < LH_BLOCK; i++) {
		h.first_mod *= 37;
		h.line_at[i] = -1;
	}
	h.line_start = 1;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_next(s + i, len - i, &cp);
		if (cp >= 0x10000) { /* JavaScript strings are UTF-16 code units */
			lh_char(&h, 0xD800 + ((cp - 0x10000) >> 10));
			lh_char(&h, 0xDC00 + ((cp - 0x10000) & 0x3FF));
		} else {
			lh_char(&h, cp);
		}
	}
	lh_char(&h, LH_EOF);
	for (int i = 0; i < LH_BLOCK; i++) {
		if (h.line_at[h.index] != -1)
			lh_output(&h);
		lh_update(&h, 0);
	}
	tg_hashmap_release(&h.seen);
	*hashes = h.out;
	return h.out_nr;
}

/* --- selection ------------------------------------------------------------ */

/*
 * One result: an item at one of its places. A grouped item is one result
 * per occurrence, since SARIF's locations[] are places of one result, all
 * at once, and GitHub shows only the first.
 */
struct selected {
	const struct tg_item *it;
	const char *path;
	int sl, el, sc, ec; /* the region; a column 0 is unknown */
	size_t occ, occs;   /* this place's rank among the item's occs places */
	char *line_hash;    /* NULL when the file could not be read */
	size_t rule;        /* index into the sorted rules */
};

static int by_score(const void *a, const void *b)
{
	const struct selected *x = a, *y = b;
	int d = tg_score_compare(x->it, y->it);
	return d ? d : (x->occ > y->occ) - (x->occ < y->occ);
}

static int by_path(const void *a, const void *b)
{
	const struct selected *const *x = a, *const *y = b;
	int d = strcmp((*x)->path, (*y)->path);
	return d ? d : ((*x) > (*y)) - ((*x) < (*y));
}

/* Fills line_hash for each selected item, reading each file once. */
static void add_line_hashes(struct selected *sel, size_t n, const char *root)
{
	struct selected **order = tg_malloc((n ? n : 1) * sizeof(*order));
	struct tg_buf text = TG_BUF_INIT;
	char **hashes = NULL;
	size_t nh = 0;

	for (size_t i = 0; i < n; i++)
		order[i] = &sel[i];
	qsort(order, n, sizeof(*order), by_path);
	for (size_t i = 0; i < n; i++) {
		const char *path = order[i]->path;
		size_t line = order[i]->sl > 0 ? (size_t)order[i]->sl : 1;
		if (!i || strcmp(order[i - 1]->path, path)) {
			for (size_t j = 0; j < nh; j++)
				free(hashes[j]);
			free(hashes);
			hashes = NULL;
			nh = 0;
			/* An item's path may come from an imported report: read beneath
			 * the root, so no outside file's lines are hashed into the output. */
			if (!tg_beneath_read_file(&text, root, path))
				nh = tg_sarif_line_hashes(text.buf, text.len, &hashes);
			else
				tg_debug("sarif: no line hash for %s: %s", path,
				         tg_error_message());
			tg_buf_reset(&text);
		}
		if (line <= nh && hashes[line - 1])
			order[i]->line_hash = tg_strdup(hashes[line - 1]);
	}
	for (size_t j = 0; j < nh; j++)
		free(hashes[j]);
	free(hashes);
	free(order);
	tg_buf_release(&text);
}

/* --- rules ---------------------------------------------------------------- */

struct rule {
	const char *id, *category, *doc, *cwe;
	const char *title; /* the items' title when they all share it (an imported rule's) */
	enum tg_severity severity;
};

struct rule_src {
	const char *id;
	size_t pos; /* in score order */
};

static const char *rule_id_of(const struct tg_item *it)
{
	return it->rule_id && *it->rule_id ? it->rule_id : "unknown";
}

static int rule_src_cmp(const void *a, const void *b)
{
	const struct rule_src *x = a, *y = b;
	int d = strcmp(x->id, y->id);
	return d ? d : (x->pos > y->pos) - (x->pos < y->pos);
}

static int rule_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->id, ((const struct rule *)b)->id);
}

/*
 * The rules of the first n selected items, sorted by id: the best-ranked
 * item of a rule gives its category; severity is the highest of its items.
 */
static struct rule *collect_rules(struct selected *sel, size_t n, size_t *nr)
{
	struct rule_src *src = tg_malloc((n ? n : 1) * sizeof(*src));
	struct rule *rules = tg_malloc((n ? n : 1) * sizeof(*rules));
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		src[i].id = rule_id_of(sel[i].it);
		src[i].pos = i;
	}
	qsort(src, n, sizeof(*src), rule_src_cmp);
	for (size_t i = 0; i < n;) {
		const struct tg_item *first = sel[src[i].pos].it;
		struct rule *r = &rules[m++];
		r->id = src[i].id;
		r->category = first->category ? first->category : "debt";
		r->doc = NULL;
		r->cwe = NULL;
		r->severity = first->severity;
		r->title = first->title && *first->title ? first->title : NULL;
		for (; i < n && !strcmp(src[i].id, r->id); i++) {
			const struct tg_item *it = sel[src[i].pos].it;
			if (r->title && (!it->title || strcmp(it->title, r->title)))
				r->title = NULL;
			if (it->severity > r->severity)
				r->severity = it->severity;
			if (!r->doc && it->links.rule_doc && *it->links.rule_doc)
				r->doc = it->links.rule_doc;
			if (!r->cwe && it->links.cwe && *it->links.cwe)
				r->cwe = it->links.cwe;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct rule key = {.id = rule_id_of(sel[i].it)};
		struct rule *r = bsearch(&key, rules, m, sizeof(*rules), rule_cmp);
		sel[i].rule = (size_t)(r - rules);
	}
	free(src);
	*nr = m;
	return rules;
}

/* --- rendering ------------------------------------------------------------ */

static const char *level_of(enum tg_severity s)
{
	return s >= TG_SEV_HIGH ? "error" : s == TG_SEV_MEDIUM ? "warning" : "note";
}

/* GitHub reads these back as critical, high, medium and low (sarif.md, section 3). */
static const char *security_severity(enum tg_severity s)
{
	switch (s) {
	case TG_SEV_CRITICAL:
		return "9.5";
	case TG_SEV_HIGH:
		return "8.0";
	case TG_SEV_MEDIUM:
		return "5.5";
	case TG_SEV_LOW:
		return "2.0";
	default:
		return NULL;
	}
}

/* "complex-function" -> "Complex function". */
static void add_human(struct tg_buf *b, const char *id)
{
	size_t start = b->len;

	for (const char *p = id; *p; p++)
		tg_buf_addch(b, *p == '-' || *p == '_' ? ' ' : *p);
	if (b->len > start && b->buf[start] >= 'a' && b->buf[start] <= 'z')
		b->buf[start] = (char)(b->buf[start] - 'a' + 'A');
}

static void add_text_obj(struct tg_buf *b, const char *key, const char *text)
{
	tg_buf_addf(b, "\"%s\":{\"text\":", key);
	tg_buf_add_jsons(b, text);
	tg_buf_addch(b, '}');
}

/* A relative URI reference for a repository path: unreserved bytes and '/' stay, the rest is
 * %XX (':' too, so the first segment never reads as a scheme). */
static void add_uri(struct tg_buf *b, const char *path)
{
	struct tg_buf u = TG_BUF_INIT;
	static const char keep[] = "-._~!$&'()*+,;=@/";

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p))
			tg_buf_addch(&u, *p);
		else
			tg_buf_addf(&u, "%%%02X", *p);
	}
	tg_buf_add_json(b, u.buf, u.len);
	tg_buf_release(&u);
}

/* "CWE-798" (or "CWE-79, CWE-80") -> "external/cwe/cwe-798" tags. */
static void add_cwe_tags(struct tg_buf *b, const char *cwe)
{
	int n = 0;

	for (const char *p = cwe; p && *p && n < 5; p++) {
		if (strncasecmp(p, "CWE-", 4) || p[4] < '0' || p[4] > '9')
			continue;
		p += 4;
		tg_buf_adds(b, ",\"external/cwe/cwe-");
		while (*p >= '0' && *p <= '9')
			tg_buf_addch(b, *p++);
		tg_buf_addch(b, '"');
		n++;
		if (!*p)
			break;
	}
}

static int is_security(const char *category)
{
	return !strcmp(category, "security") || !strcmp(category, "secret") ||
	       !strcmp(category, "vulnerability");
}

/* "complex-function" -> "ComplexFunction", CodeQL's style; left out when it would equal the id
 * (the validator asks for an id that is opaque and a name that is readable). */
static void add_name(struct tg_buf *b, const char *id)
{
	struct tg_buf name = TG_BUF_INIT;
	int up = 1;

	for (const char *p = id; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.' || *p == '/' || *p == ' ') {
			up = 1;
			continue;
		}
		tg_buf_addch(&name, up && *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		up = 0;
	}
	if (name.len && strcmp(name.buf, id)) {
		tg_buf_adds(b, ",\"name\":");
		tg_buf_add_json(b, name.buf, name.len);
	}
	tg_buf_release(&name);
}

/* Shortens b to at most max bytes, never inside a UTF-8 sequence. */
static void cut_utf8(struct tg_buf *b, size_t max)
{
	if (b->len <= max)
		return;
	while (max > 0 && ((unsigned char)b->buf[max] & 0xC0) == 0x80)
		max--;
	tg_buf_setlen(b, max);
}

static void render_rule(struct tg_buf *b, const struct rule *r, const char *info_uri)
{
	struct tg_buf text = TG_BUF_INIT;
	const char *sev = security_severity(r->severity);

	if (r->title) {
		tg_buf_adds(&text, r->title);
	} else {
		add_human(&text, r->id);
		tg_buf_addf(&text, " (%s)", r->category);
	}
	cut_utf8(&text, 1000); /* GitHub takes at most 1024 characters */
	tg_buf_adds(b, "{\"id\":");
	tg_buf_add_jsons(b, r->id);
	add_name(b, r->id);
	tg_buf_addch(b, ',');
	add_text_obj(b, "shortDescription", text.buf);
	tg_buf_reset(&text);
	tg_buf_addf(&text, "terragon %s rule %s: ", r->category, r->id);
	if (r->title)
		tg_buf_adds(&text, r->title);
	else
		add_human(&text, r->id);
	cut_utf8(&text, 1000);
	tg_buf_addch(&text, '.');
	tg_buf_addch(b, ',');
	add_text_obj(b, "fullDescription", text.buf);
	tg_buf_addch(b, ',');
	add_text_obj(b, "help", text.buf);
	tg_buf_adds(b, ",\"helpUri\":");
	if (r->doc && !strncmp(r->doc, "http", 4))
		tg_buf_add_jsons(b, r->doc);
	else
		tg_buf_add_jsons(b, info_uri);
	tg_buf_addf(b, ",\"defaultConfiguration\":{\"level\":\"%s\"}", level_of(r->severity));
	tg_buf_adds(b, ",\"properties\":{\"tags\":[");
	tg_buf_add_jsons(b, r->category);
	if (is_security(r->category) && strcmp(r->category, "security"))
		tg_buf_adds(b, ",\"security\"");
	add_cwe_tags(b, r->cwe);
	tg_buf_addch(b, ']');
	if (sev)
		tg_buf_addf(b, ",\"security-severity\":\"%s\"", sev);
	tg_buf_adds(b, "}}");
	tg_buf_release(&text);
}

static void render_region(struct tg_buf *b, const struct selected *s)
{
	int sl = s->sl > 0 ? s->sl : 1;
	int el = s->el >= sl ? s->el : sl;

	tg_buf_addf(b, "\"region\":{\"startLine\":%d", sl);
	if (s->sc > 0)
		tg_buf_addf(b, ",\"startColumn\":%d", s->sc);
	tg_buf_addf(b, ",\"endLine\":%d", el);
	if (s->ec > 0 && (el > sl || s->ec >= (s->sc > 0 ? s->sc : 1)))
		tg_buf_addf(b, ",\"endColumn\":%d", s->ec);
	tg_buf_addch(b, '}');
}

static void render_result(struct tg_buf *b, const struct selected *s, const struct rule *rules)
{
	const struct tg_item *it = s->it;
	const char *msg = it->message && *it->message ? it->message
	                  : it->title && *it->title   ? it->title
	                                              : rules[s->rule].id;

	tg_buf_adds(b, "{\"ruleId\":");
	tg_buf_add_jsons(b, rules[s->rule].id);
	tg_buf_addf(b, ",\"ruleIndex\":%zu,\"level\":\"%s\",", s->rule, level_of(it->severity));
	add_text_obj(b, "message", msg);
	tg_buf_adds(b, ",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
	add_uri(b, s->path);
	tg_buf_adds(b, ",\"uriBaseId\":\"%SRCROOT%\"},");
	render_region(b, s);
	tg_buf_adds(b, "}}],\"partialFingerprints\":{");
	if (s->line_hash)
		tg_buf_addf(b, "\"primaryLocationLineHash\":\"%s\",", s->line_hash);
	if (s->occs > 1)
		tg_buf_addf(b, "\"terragon/occurrence\":\"%zu\",", s->occ + 1);
	tg_buf_addf(b, "\"terragon/v1\":\"%s\"}", it->fingerprint);
	if (it->status == TG_STATUS_SUPPRESSED)
		tg_buf_adds(b,
		            ",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\"}]");
	tg_buf_adds(b, ",\"properties\":{\"category\":");
	tg_buf_add_jsons(b, it->category ? it->category : "debt");
	tg_buf_addf(b, ",\"severity\":\"%s\",\"score\":", tg_severity_name(it->severity));
	tg_buf_add_jsonnum(b, it->scores.composite);
	tg_buf_adds(b, "}}");
}

static void render(struct tg_buf *b, struct selected *sel, size_t keep, size_t total,
                   const struct tg_sarif_opts *o)
{
	size_t nrules;
	struct rule *rules = collect_rules(sel, keep, &nrules);

	tg_buf_reset(b);
	tg_buf_adds(b, "{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{\n");
	tg_buf_adds(b, "\"tool\":{\"driver\":{\"name\":\"terragon\",\"version\":\"" TG_VERSION
	               "\",\"semanticVersion\":\"" TG_VERSION "\",\"informationUri\":");
	tg_buf_add_jsons(b, o->information_uri ? o->information_uri : TG_SARIF_INFORMATION_URI);
	tg_buf_adds(b, ",\"rules\":[");
	for (size_t i = 0; i < nrules; i++) {
		tg_buf_adds(b, i ? ",\n" : "\n");
		render_rule(b, &rules[i],
		            o->information_uri ? o->information_uri : TG_SARIF_INFORMATION_URI);
	}
	tg_buf_adds(b, "]}},\n");
	if (o->automation_id) {
		tg_buf_adds(b, "\"automationDetails\":{\"id\":");
		tg_buf_add_jsons(b, o->automation_id);
		tg_buf_adds(b, "},\n");
	}
	tg_buf_adds(b, "\"results\":[");
	for (size_t i = 0; i < keep; i++) {
		tg_buf_adds(b, i ? ",\n" : "\n");
		render_result(b, &sel[i], rules);
	}
	tg_buf_addf(b,
	            "],\n\"properties\":{\"terragon/scoringModel\":\"%s\",\"terragon/results\":%zu,"
	            "\"terragon/resultsOmitted\":%zu}}]}\n",
	            TG_SCORING_MODEL, keep, total - keep);
	free(rules);
}

/* The size of b gzipped at zlib's default level, as `gzip` and upload-sarif compress. */
static size_t gzip_size(const struct tg_buf *b)
{
	unsigned char chunk[65536];
	z_stream zs;
	size_t total = 0;
	int rc;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY))
		return b->len; /* cannot compress: assume it does not shrink */
	zs.next_in = (unsigned char *)b->buf;
	zs.avail_in = (uInt)b->len;
	do {
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		rc = deflate(&zs, Z_FINISH);
		total += sizeof(chunk) - zs.avail_out;
	} while (rc == Z_OK || (rc == Z_BUF_ERROR && zs.avail_out == 0));
	deflateEnd(&zs);
	return total;
}

static struct selected *add_place(struct selected **sel, size_t *nr, size_t *alloc,
                                  const struct tg_item *it, const char *path, int sl, int el)
{
	struct selected *p;

	TG_ALLOC_GROW(*sel, *nr + 1, *alloc);
	p = &(*sel)[(*nr)++];
	memset(p, 0, sizeof(*p));
	p->it = it;
	p->path = path;
	p->sl = sl;
	p->el = el;
	/* The item's own place keeps its columns. */
	if (it->path && !strcmp(it->path, path) && it->start_line == sl) {
		p->el = it->end_line;
		p->sc = it->start_column;
		p->ec = it->end_column;
	}
	return p;
}

/* The item's places: itself, or each occurrence at a distinct place in a file
 * (a finding several sources reported at one place is one result). */
static size_t select_places(struct selected **sel, size_t nr, size_t *alloc,
                            const struct tg_item *it)
{
	size_t first = nr;

	for (size_t i = 0; i < it->occurrences_nr; i++) {
		const struct tg_occurrence *o = &it->occurrences[i];
		size_t j;
		if (!o->path || !*o->path)
			continue;
		for (j = first; j < nr; j++)
			if (!strcmp((*sel)[j].path, o->path) && (*sel)[j].sl == o->start_line)
				break;
		if (j == nr)
			add_place(sel, &nr, alloc, it, o->path, o->start_line, o->end_line);
	}
	if (nr == first && it->path && *it->path)
		add_place(sel, &nr, alloc, it, it->path, it->start_line, it->end_line);
	for (size_t i = first; i < nr; i++) {
		(*sel)[i].occ = i - first;
		(*sel)[i].occs = nr - first;
	}
	return nr;
}

int tg_sarif_write(struct tg_buf *out, const struct tg_item *items, size_t n,
                   const struct tg_sarif_opts *o)
{
	struct tg_sarif_opts defaults = {0};
	size_t max_results, max_gzip, total = 0, keep;
	struct selected *sel = NULL;
	size_t sel_alloc = 0;

	if (!o)
		o = &defaults;
	max_results = o->max_results ? o->max_results : TG_SARIF_MAX_RESULTS;
	max_gzip = o->max_gzip_bytes ? o->max_gzip_bytes : TG_SARIF_MAX_GZIP_SIZE;
	for (size_t i = 0; i < n; i++) {
		const struct tg_item *it = &items[i];
		if (it->status == TG_STATUS_RESOLVED)
			continue;
		if (it->status == TG_STATUS_SUPPRESSED && !o->include_suppressed)
			continue;
		total = select_places(&sel, total, &sel_alloc, it);
	}
	if (total)
		qsort(sel, total, sizeof(*sel), by_score);
	keep = total < max_results ? total : max_results;
	if (o->repo_root)
		add_line_hashes(sel, keep, o->repo_root);
	for (;;) {
		size_t size;
		render(out, sel, keep, total, o);
		/* gzip never makes JSON larger than this; only compress when it matters */
		if (out->len <= max_gzip || !keep || (size = gzip_size(out)) <= max_gzip)
			break;
		tg_debug("sarif: %zu results are %zu bytes gzipped, over %zu", keep, size,
		         max_gzip);
		keep = (size_t)((double)keep * (double)max_gzip / (double)size * 0.95);
	}
	for (size_t i = 0; i < total; i++)
		free(sel[i].line_hash);
	free(sel);
	if (total > keep)
		tg_note("sarif: left out the %zu lowest-scored of %zu results (GitHub's limits)",
		        total - keep, total);
	return (int)(total - keep);
}
