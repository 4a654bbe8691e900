/*
 * One finding reported by several sources becomes one item (merge.h says
 * when two items are one finding). The items that can merge (an imported
 * one or one at the same path as an imported one, with a line and a CWE or
 * a mapped rule) are grouped by path through a hash map and sorted by line,
 * so each item is compared only with the items whose lines overlap its own.
 */
#include "backlog/merge.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/hashmap.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A set of our rules, one bit each: the table names fewer than 128. */
#define WEAK_WORDS 2
struct weak {
	uint64_t w[WEAK_WORDS];
};

/*
 * The sets an item's rule can be: a foreign rule's rows (sets[0..foreign)),
 * then one of ours alone (sets[foreign + its bit]).
 */
struct rule_map {
	struct tg_hashmap ours;    /* our rule id -> its bit */
	struct tg_hashmap foreign; /* "tool\0id" -> index in sets */
	struct weak *sets;
	size_t nr, alloc, foreign_nr;
	struct tg_buf key;
	/* The run's item sources, each looked at once: its tool and its rank by name. */
	struct tg_hashmap by_source; /* source -> index in srcs */
	struct src {
		const char *name, *tool;
		uint16_t rank;
	} * srcs;
	size_t srcs_nr, srcs_alloc;
};

#define NO_WEAK UINT16_MAX

/* Small (at most 32 bytes), so that qsort moves them rather than sorting pointers. */
struct cand {
	uint32_t item;  /* index in the backlog */
	uint32_t group; /* its path's */
	int32_t start, end, cwe;
	uint16_t weak; /* index in the map's sets, or NO_WEAK */
	uint16_t src;  /* index in the map's srcs */
	uint8_t imported, has_fix;
	uint8_t state; /* 0 untouched, 1 merged into another, 2 took others in */
};
_Static_assert(sizeof(struct cand) <= 32, "glibc's qsort sorts larger elements indirectly");

enum pass { BY_RULE, BY_CWE };

int tg_cwe_number(const char *s)
{
	long n = 0;

	if (!s)
		return 0;
	while (isspace((unsigned char)*s))
		s++;
	if (!strncasecmp(s, "cwe", 3)) {
		s += 3;
		if (*s == '-' || *s == ':' || *s == '_')
			s++;
	}
	if (!isdigit((unsigned char)*s))
		return 0;
	for (; isdigit((unsigned char)*s) && n < 1000000; s++)
		n = n * 10 + (*s - '0');
	return (int)n;
}

static void weak_set(struct weak *w, size_t bit)
{
	w->w[bit / 64] |= (uint64_t)1 << (bit % 64);
}

static int weak_meet(const struct weak *a, const struct weak *b)
{
	for (int i = 0; i < WEAK_WORDS; i++)
		if (a->w[i] & b->w[i])
			return 1;
	return 0;
}

static const struct tg_buf *foreign_key(struct rule_map *m, const char *tool, const char *id)
{
	tg_buf_reset(&m->key);
	tg_buf_adds(&m->key, tool);
	tg_buf_addch(&m->key, '\0');
	tg_buf_adds(&m->key, id);
	return &m->key;
}

static void map_build(struct rule_map *m)
{
	size_t nr, bits = 0;
	const struct tg_rule_map_row *rows = tg_rule_map_rows(&nr);

	memset(m, 0, sizeof(*m));
	m->key = (struct tg_buf)TG_BUF_INIT;
	for (size_t i = 0; i < nr; i++) {
		struct tg_hashmap_entry *e;
		const struct tg_buf *k;
		int added;

		e = tg_hashmap_put(&m->ours, rows[i].ours, strlen(rows[i].ours), &added);
		if (added)
			e->val.u64 = bits++;
		if (e->val.u64 >= 64 * WEAK_WORDS)
			abort(); /* the table outgrew the sets: widen WEAK_WORDS */
		k = foreign_key(m, rows[i].tool, rows[i].id);
		e = tg_hashmap_put(&m->foreign, k->buf, k->len, &added);
		if (added) {
			TG_ALLOC_GROW(m->sets, m->nr + 1, m->alloc);
			memset(&m->sets[m->nr], 0, sizeof(m->sets[0]));
			e->val.u64 = m->nr++;
		}
		weak_set(&m->sets[e->val.u64],
		         tg_hashmap_get(&m->ours, rows[i].ours, strlen(rows[i].ours))->val.u64);
	}
	m->foreign_nr = m->nr;
	for (size_t bit = 0; bit < bits; bit++) {
		TG_ALLOC_GROW(m->sets, m->nr + 1, m->alloc);
		memset(&m->sets[m->nr], 0, sizeof(m->sets[0]));
		weak_set(&m->sets[m->nr++], bit);
	}
	if (m->nr >= NO_WEAK)
		abort();
}

static void map_release(struct rule_map *m)
{
	tg_hashmap_release(&m->by_source);
	free(m->srcs);
	tg_hashmap_release(&m->ours);
	tg_hashmap_release(&m->foreign);
	free(m->sets);
	tg_buf_release(&m->key);
}

/*
 * The rules of ours an item's rule is: its own for ours; the table's rows
 * for another tool's, where a Semgrep id may carry the prefix of a local
 * configuration ("rules.python.lang...").
 */
static uint16_t src_of(struct rule_map *m, const char *source)
{
	struct tg_hashmap_entry *e;
	int added;

	e = tg_hashmap_put(&m->by_source, source, strlen(source), &added);
	if (added) {
		TG_ALLOC_GROW(m->srcs, m->srcs_nr + 1, m->srcs_alloc);
		m->srcs[m->srcs_nr].name = e->str;
		m->srcs[m->srcs_nr].tool = tg_rule_map_tool(source);
		m->srcs[m->srcs_nr].rank = 0;
		e->val.u64 = m->srcs_nr++;
		if (m->srcs_nr >= UINT16_MAX)
			abort(); /* sources are a handful of tools */
	}
	return (uint16_t)e->val.u64;
}

static int by_name(const void *a, const void *b)
{
	const struct src *x = *(const struct src *const *)a, *y = *(const struct src *const *)b;
	int c = strcasecmp(x->name, y->name);

	return c ? c : strcmp(x->name, y->name);
}

/* Each source's rank by name (any case), once for the run. */
static void rank_sources(struct rule_map *m)
{
	struct src **v = tg_malloc((m->srcs_nr + 1) * sizeof(*v));

	for (size_t i = 0; i < m->srcs_nr; i++)
		v[i] = &m->srcs[i];
	qsort(v, m->srcs_nr, sizeof(*v), by_name);
	for (size_t i = 0; i < m->srcs_nr; i++)
		v[i]->rank = (uint16_t)i;
	free(v);
}

static uint16_t weak_of(struct rule_map *m, const struct tg_item *it, const char *tool,
                        int imported)
{
	const struct tg_hashmap_entry *e;
	const char *id = it->rule_id;

	if (!id)
		return NO_WEAK;
	if (!imported) {
		e = tg_hashmap_get(&m->ours, id, strlen(id));
		return e ? (uint16_t)(m->foreign_nr + e->val.u64) : NO_WEAK;
	}
	while (tool && id) {
		const struct tg_buf *k = foreign_key(m, tool, id);
		e = tg_hashmap_get(&m->foreign, k->buf, k->len);
		if (e)
			return (uint16_t)e->val.u64;
		id = strcmp(tool, "semgrep") ? NULL : strchr(id, '.');
		if (id)
			id++;
	}
	return NO_WEAK;
}

static int is_imported(const struct tg_item *it)
{
	return it->source && !strncmp(it->source, "sarif:", 6);
}

static int by_place(const void *a, const void *b, void *items)
{
	const struct cand *x = a, *y = b;
	const struct tg_item *v = items;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return strcmp(v[x->item].fingerprint, v[y->item].fingerprint);
}

/* Who survives: ours, then one carrying a fix, then by source name (any case). */
struct survival_ctx {
	const struct tg_item *items;
	const struct rule_map *map;
};

static int by_survival(const void *a, const void *b, void *arg)
{
	const struct cand *x = *(const struct cand *const *)a, *y = *(const struct cand *const *)b;
	const struct survival_ctx *ctx = arg;
	const struct rule_map *m = ctx->map;
	const struct tg_item *i = ctx->items + x->item, *j = ctx->items + y->item;
	int c;

	if (x->imported != y->imported)
		return x->imported - y->imported;
	if (x->has_fix != y->has_fix)
		return y->has_fix - x->has_fix;
	if (x->src != y->src)
		return m->srcs[x->src].rank < m->srcs[y->src].rank ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if ((c = strcmp(i->rule_id ? i->rule_id : "", j->rule_id ? j->rule_id : "")))
		return c;
	return strcmp(i->fingerprint, j->fingerprint);
}

/*
 * The items that could merge, grouped by path (*nr of them): those with a
 * line, a CWE or a mapped rule, at a path where an imported item is. Most
 * runs import little, so most items cost one hash lookup.
 */
static struct cand *candidates(struct tg_backlog *b, struct rule_map *m, size_t *nr)
{
	struct tg_hashmap groups = TG_HASHMAP_INIT;
	struct cand *v = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < b->nr; i++) {
		const struct tg_item *it = &b->items[i];
		struct tg_hashmap_entry *e;
		int added;

		if (!it->path || it->start_line <= 0 || !is_imported(it))
			continue;
		e = tg_hashmap_put(&groups, it->path, strlen(it->path), &added);
		if (added)
			e->val.u64 = groups.nr; /* the group's id */
	}
	for (size_t i = 0; groups.nr && i < b->nr; i++) {
		const struct tg_item *it = &b->items[i];
		const struct tg_hashmap_entry *e;
		struct cand c = {0};

		/* A tool's fix is tied to its own result's region: kept apart so execute
		 * can still apply it (grouping leaves such results alone too). */
		if (!it->path || it->start_line <= 0 || !it->source || (it->fix && is_imported(it)))
			continue;
		e = tg_hashmap_get(&groups, it->path, strlen(it->path));
		if (!e)
			continue;
		c.imported = is_imported(it);
		c.src = src_of(m, it->source);
		c.cwe = tg_cwe_number(it->links.cwe);
		c.weak = weak_of(m, it, m->srcs[c.src].tool, c.imported);
		if (!c.cwe && c.weak == NO_WEAK)
			continue;
		c.item = (uint32_t)i;
		c.group = (uint32_t)e->val.u64;
		c.start = it->start_line;
		c.end = it->end_line >= it->start_line ? it->end_line : it->start_line;
		c.has_fix = it->fix != NULL;
		TG_ALLOC_GROW(v, n + 1, alloc);
		v[n++] = c;
	}
	tg_hashmap_release(&groups);
	*nr = n;
	return v;
}

static int cluster_has_source(const struct tg_item *s, const char *source)
{
	if (!s->occurrences_nr)
		return !strcmp(s->source, source);
	for (size_t i = 0; i < s->occurrences_nr; i++)
		if (s->occurrences[i].source && !strcmp(s->occurrences[i].source, source))
			return 1;
	return 0;
}

static void take_link(char **to, char **from)
{
	if (!*to && *from) {
		*to = *from;
		*from = NULL;
	}
}

/*
 * Room for `more` occurrences, exactly: most merged items list two or three,
 * and TG_ALLOC_GROW's first 16 would be fresh memory for each of them.
 */
static void reserve(struct tg_item *s, size_t more)
{
	size_t want = s->occurrences_nr + more;

	if (want > s->occurrences_alloc) {
		s->occurrences = tg_realloc(s->occurrences, want * sizeof(*s->occurrences));
		s->occurrences_alloc = want;
	}
}

/* j joins s; j's fingerprint is emptied, marking it to leave the backlog. */
static void absorb(struct tg_item *s, struct tg_item *j)
{
	reserve(s, !s->occurrences_nr + (j->occurrences_nr ? j->occurrences_nr : 1));
	if (!s->occurrences_nr)
		tg_item_add_occurrence(s, s->path, s->start_line,
		                       s->end_line ? s->end_line : s->start_line, s->source,
		                       s->rule_id);
	if (!j->occurrences_nr) {
		/* j leaves the backlog: its strings move instead of being copied. */
		struct tg_occurrence *o;

		TG_ALLOC_GROW(s->occurrences, s->occurrences_nr + 1, s->occurrences_alloc);
		o = &s->occurrences[s->occurrences_nr++];
		o->start_line = j->start_line;
		o->end_line = j->end_line ? j->end_line : j->start_line;
		o->path = j->path;
		o->source = j->source;
		o->rule_id = j->rule_id;
		j->path = j->source = j->rule_id = NULL;
	}
	for (size_t i = 0; i < j->occurrences_nr; i++) {
		const struct tg_occurrence *o = &j->occurrences[i];
		tg_item_add_occurrence(s, o->path, o->start_line, o->end_line, o->source,
		                       o->rule_id);
	}
	if (j->severity > s->severity)
		s->severity = j->severity;
	take_link(&s->links.cwe, &j->links.cwe);
	take_link(&s->links.cve, &j->links.cve);
	take_link(&s->links.ghsa, &j->links.ghsa);
	take_link(&s->links.rule_doc, &j->links.rule_doc);
	j->fingerprint[0] = '\0';
}

static int same_weakness(const struct rule_map *m, const struct cand *s, const struct cand *j,
                         enum pass pass)
{
	if (pass == BY_RULE)
		return s->weak != NO_WEAK && j->weak != NO_WEAK &&
		       weak_meet(&m->sets[s->weak], &m->sets[j->weak]);
	return s->cwe && s->cwe == j->cwe;
}

/* The first of v[0..n) whose start is at least `line` (v sorted by start). */
static size_t first_from(const struct cand *v, size_t n, long line)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].start < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* One path's candidates v[0..n), sorted by line; order: by survival. */
static size_t merge_group(struct tg_backlog *b, const struct rule_map *m, struct cand *v, size_t n,
                          struct cand **order, enum pass pass)
{
	size_t merged = 0;
	int span = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].end - v[i].start > span)
			span = v[i].end - v[i].start;
	for (size_t o = 0; o < n; o++) {
		struct cand *s = order[o];
		struct tg_item *si = &b->items[s->item];

		if (s->state == 1)
			continue;
		for (size_t j = first_from(v, n, (long)s->start - span); j < n; j++) {
			struct cand *c = &v[j];
			struct tg_item *ci = &b->items[c->item];

			if (c->start > s->end)
				break;
			if (c == s || c->state || c->end < s->start ||
			    (!s->imported && !c->imported))
				continue;
			if (ci->status != si->status || !same_weakness(m, s, c, pass) ||
			    cluster_has_source(si, ci->source))
				continue;
			absorb(si, ci);
			c->state = 1;
			s->state = 2;
			merged++;
		}
	}
	return merged;
}

static int occurrence_cmp(const void *a, const void *b)
{
	const struct tg_occurrence *x = a, *y = b;
	int c = strcasecmp(x->source ? x->source : "", y->source ? y->source : "");

	if (c)
		return c;
	if (x->start_line != y->start_line)
		return x->start_line < y->start_line ? -1 : 1;
	return strcmp(x->rule_id ? x->rule_id : "", y->rule_id ? y->rule_id : "");
}

static int still_there(const struct tg_item *it, void *arg)
{
	(void)arg;
	return it->fingerprint[0] != '\0';
}

size_t tg_backlog_merge_findings(struct tg_backlog *b)
{
	struct rule_map m;
	struct cand *v, **order = NULL;
	struct survival_ctx sctx = {b->items, &m};
	size_t n, merged = 0, alloc = 0;

	map_build(&m);
	v = candidates(b, &m, &n);
	rank_sources(&m);
	if (n > 1)
		qsort_r(v, n, sizeof(*v), by_place, b->items);
	for (size_t g0 = 0, g1; g0 < n; g0 = g1) {
		for (g1 = g0 + 1; g1 < n && v[g1].group == v[g0].group; g1++)
			;
		if (g1 - g0 < 2)
			continue;
		TG_ALLOC_GROW(order, g1 - g0, alloc);
		for (size_t i = g0; i < g1; i++)
			order[i - g0] = &v[i];
		qsort_r(order, g1 - g0, sizeof(*order), by_survival, &sctx);
		/* A mapped rule is the stronger evidence: it goes first. */
		merged += merge_group(b, &m, v + g0, g1 - g0, order, BY_RULE);
		merged += merge_group(b, &m, v + g0, g1 - g0, order, BY_CWE);
	}
	/* The survivor's own finding first, then the others by source. */
	for (size_t i = 0; i < n; i++) {
		struct tg_item *it = &b->items[v[i].item];
		if (v[i].state == 2 && it->occurrences_nr > 2)
			qsort(it->occurrences + 1, it->occurrences_nr - 1, sizeof(*it->occurrences),
			      occurrence_cmp);
	}
	free(order);
	free(v);
	map_release(&m);
	if (merged)
		tg_backlog_retain(b, still_there, NULL);
	return merged;
}
