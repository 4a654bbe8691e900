/*
 * Grouping: a rule's findings folded into one item per piece of work
 * (group.h). Runs in discover/refine.c on a run's fresh findings, before
 * suppression by configuration, scoring and the store.
 */
#include "backlog/group.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {[TG_GROUP_DEFAULT] = "default",
                                    [TG_GROUP_FILE] = "file",
                                    [TG_GROUP_RULE] = "rule",
                                    [TG_GROUP_NONE] = "none"};

int tg_grouping_parse(const char *s, enum tg_grouping *out)
{
	for (int g = TG_GROUP_FILE; s && g <= TG_GROUP_NONE; g++)
		if (!strcmp(s, names[g])) {
			*out = (enum tg_grouping)g;
			return TG_OK;
		}
	return tg_error_set(TG_ERR_USAGE, "grouping \"%s\" is not file, rule or none", s ? s : "");
}

const char *tg_grouping_name(enum tg_grouping g)
{
	return (unsigned)g <= TG_GROUP_NONE ? names[g] : "default";
}

double tg_group_effort_factor(size_t n)
{
	return n > 1 ? 1 + log2((double)n) : 1;
}

/* Our own sources name rules in one namespace; an imported tool's are its own. */
static int imported(const struct tg_item *it)
{
	return !strncmp(it->source, "sarif:", 6);
}

void tg_group_fingerprint(char out[17], const struct tg_item *it, enum tg_grouping g)
{
	const char *path = g == TG_GROUP_RULE || !it->path ? "" : it->path;
	struct tg_buf rule = TG_BUF_INIT;

	if (it->source && imported(it))
		tg_buf_addf(&rule, "%s/", it->source);
	tg_buf_adds(&rule, it->rule_id ? it->rule_id : "");
	tg_fingerprint_file(out, rule.buf, path);
	tg_buf_release(&rule);
}

/*
 * A finding at a line of a file, from a source whose items are findings:
 * metric items (a function's complexity), file-level items, hotspots and
 * dependencies are one item per thing already. An item carrying its own fix
 * (SARIF fixes[]) stays alone: the fix is for its place.
 */
static int groupable(const struct tg_item *it)
{
	if (!it->source || !it->rule_id || !it->path || !*it->path || it->start_line <= 0 ||
	    it->metric != 0 || it->fix || it->status == TG_STATUS_RESOLVED)
		return 0;
	return !strcmp(it->source, "rules") || !strcmp(it->source, "compliance") || imported(it);
}

struct group {
	size_t *v; /* positions in the backlog, ascending */
	size_t nr, alloc;
	enum tg_grouping mode;
};

static void add_part(struct tg_buf *key, const char *s)
{
	tg_buf_addf(key, "%zu:%s", strlen(s), s);
}

static void group_key(struct tg_buf *key, const struct tg_item *it, enum tg_grouping mode)
{
	tg_buf_reset(key);
	tg_buf_addf(key, "%d/%d/", (int)mode, (int)it->status);
	add_part(key, it->source);
	add_part(key, it->rule_id);
	add_part(key, mode == TG_GROUP_FILE ? it->path : "");
}

/* The first occurrence is the first in the tree, whatever order sources emitted. */
static int by_place(const void *a, const void *b)
{
	const struct tg_item *x = *(const struct tg_item *const *)a;
	const struct tg_item *y = *(const struct tg_item *const *)b;
	int d = strcmp(x->path, y->path);

	if (d)
		return d;
	if (x->start_line != y->start_line)
		return x->start_line < y->start_line ? -1 : 1;
	if (x->start_column != y->start_column)
		return x->start_column < y->start_column ? -1 : 1;
	return strcmp(x->fingerprint, y->fingerprint);
}

static void add_occurrences(struct tg_item *g, const struct tg_item *m)
{
	if (!m->occurrences_nr) {
		tg_item_add_occurrence(g, m->path, m->start_line, m->end_line, m->source,
		                       m->rule_id);
		return;
	}
	for (size_t i = 0; i < m->occurrences_nr; i++) {
		const struct tg_occurrence *o = &m->occurrences[i];
		tg_item_add_occurrence(g, o->path, o->start_line, o->end_line, o->source,
		                       o->rule_id);
	}
}

/*
 * Pinning ten actions is not ten times the work of pinning one: the minutes
 * grow by one base amount for each doubling (1 + log2 n), and the job size,
 * already a logarithmic scale, by the square root of that factor.
 */
static void scale_effort(struct tg_item *g, size_t n)
{
	double f = tg_group_effort_factor(n);

	tg_score_effort_defaults(g);
	g->remediation_minutes *= f;
	g->job_size = tg_fibonacci_ceil(g->job_size * sqrt(f));
}

static void set_title(struct tg_item *g, const struct tg_item *first, size_t n, size_t files)
{
	struct tg_buf t = TG_BUF_INIT;

	tg_buf_adds(&t, first->title ? first->title : first->rule_id);
	if (files > 1)
		tg_buf_addf(&t, " (%zu occurrences in %zu files)", n, files);
	else
		tg_buf_addf(&t, " (%zu occurrences)", n);
	free(g->title);
	g->title = tg_buf_detach(&t, NULL);
}

/* The grouped item of n members, sorted by place. */
static void fold(struct tg_item *g, const struct tg_item **m, size_t n, enum tg_grouping mode)
{
	const struct tg_item *top = m[0];
	size_t files = 1;

	for (size_t i = 1; i < n; i++) {
		if (m[i]->severity > top->severity)
			top = m[i];
		files += strcmp(m[i]->path, m[i - 1]->path) != 0;
	}
	tg_item_copy(g, m[0]);
	g->severity = top->severity;
	g->inputs = top->inputs;
	g->job_size = top->job_size;
	g->remediation_minutes = top->remediation_minutes;
	g->grouping = mode;
	tg_item_clear_occurrences(g);
	for (size_t i = 0; i < n; i++) {
		add_occurrences(g, m[i]);
		if (m[i]->context < g->context) /* code outranks a test's copy */
			g->context = m[i]->context;
		if (!g->controls && m[i]->controls)
			g->controls = tg_strdup(m[i]->controls);
	}
	tg_group_fingerprint(g->fingerprint, m[0], mode);
	/* named by its worst finding: the severity is that one's, so is the reason to act */
	set_title(g, top, n, files);
	if (mode == TG_GROUP_RULE) { /* the repository's: its places are the occurrences */
		free(g->path);
		g->path = NULL;
		g->start_line = g->end_line = g->start_column = g->end_column = 0;
	}
	scale_effort(g, n);
}

struct dropped {
	const struct tg_backlog *b;
	const unsigned char *drop;
};

static int kept(const struct tg_item *it, void *arg)
{
	const struct dropped *d = arg;

	return !d->drop[it - d->b->items];
}

/* Groups of one stay as they are; the others fold into their first position. */
static size_t fold_groups(struct tg_backlog *b, struct group *gs, size_t ng)
{
	unsigned char *drop = tg_calloc(b->nr ? b->nr : 1, 1);
	const struct tg_item **m = NULL;
	size_t m_alloc = 0, folded = 0;
	struct dropped d = {b, drop};

	for (size_t i = 0; i < ng; i++) {
		struct group *g = &gs[i];
		struct tg_item it;
		if (g->nr < 2)
			continue;
		TG_ALLOC_GROW(m, g->nr, m_alloc);
		for (size_t j = 0; j < g->nr; j++)
			m[j] = &b->items[g->v[j]];
		qsort(m, g->nr, sizeof(*m), by_place);
		tg_item_init(&it);
		fold(&it, m, g->nr, g->mode);
		for (size_t j = 1; j < g->nr; j++)
			drop[g->v[j]] = 1;
		tg_item_release(&b->items[g->v[0]]);
		b->items[g->v[0]] = it;
		folded += g->nr - 1;
	}
	if (folded)
		tg_backlog_retain(b, kept, &d);
	free(m);
	free(drop);
	return folded;
}

size_t tg_backlog_group(struct tg_backlog *b, enum tg_grouping dflt)
{
	struct tg_hashmap index = TG_HASHMAP_INIT;
	struct tg_buf key = TG_BUF_INIT;
	struct group *gs = NULL;
	size_t ng = 0, ng_alloc = 0, folded;

	if (dflt == TG_GROUP_DEFAULT)
		dflt = TG_GROUP_FILE;
	for (size_t i = 0; i < b->nr; i++) {
		const struct tg_item *it = &b->items[i];
		enum tg_grouping mode = it->grouping != TG_GROUP_DEFAULT ? it->grouping : dflt;
		struct tg_hashmap_entry *e;
		int added;
		if (mode == TG_GROUP_NONE || !groupable(it))
			continue;
		group_key(&key, it, mode);
		e = tg_hashmap_put(&index, key.buf, key.len, &added);
		if (added) {
			TG_ALLOC_GROW(gs, ng + 1, ng_alloc);
			memset(&gs[ng], 0, sizeof(gs[ng]));
			gs[ng].mode = mode;
			e->val.u64 = ng++;
		}
		struct group *g = &gs[e->val.u64];
		TG_ALLOC_GROW(g->v, g->nr + 1, g->alloc);
		g->v[g->nr++] = i;
	}
	folded = fold_groups(b, gs, ng);
	for (size_t i = 0; i < ng; i++)
		free(gs[i].v);
	free(gs);
	tg_hashmap_release(&index);
	tg_buf_release(&key);
	return folded;
}

/* Whether the store's group (status st) takes a lone finding of status x. */
static int carries(int st, enum tg_item_status x)
{
	if (st < 0 || st == TG_STATUS_RESOLVED)
		return 0;
	return (st == TG_STATUS_SUPPRESSED) == (x == TG_STATUS_SUPPRESSED);
}

/* The group fingerprint a lone new finding would continue, or NULL. */
static const char *group_of(const struct tg_backlog *b, const struct tg_item *it, char fp[17],
                            int (*stored)(const char *fp, void *arg), void *arg)
{
	static const enum tg_grouping modes[] = {TG_GROUP_FILE, TG_GROUP_RULE};

	if (!groupable(it) || it->occurrences_nr || stored(it->fingerprint, arg) >= 0)
		return NULL;
	for (size_t i = 0; i < 2; i++) {
		tg_group_fingerprint(fp, it, modes[i]);
		if (strcmp(fp, it->fingerprint) && !tg_hashmap_get(&b->index, fp, 16) &&
		    carries(stored(fp, arg), it->status))
			return fp;
	}
	return NULL;
}

size_t tg_group_carry(struct tg_backlog *b, int (*stored)(const char *fp, void *arg), void *arg)
{
	struct tg_hashmap seen = TG_HASHMAP_INIT; /* group -> its candidates + 1, times 2^32 */
	size_t carried = 0;
	char fp[17];

	for (size_t i = 0; i < b->nr; i++) {
		if (!group_of(b, &b->items[i], fp, stored, arg))
			continue;
		struct tg_hashmap_entry *e = tg_hashmap_put(&seen, fp, 16, NULL);
		e->val.u64 = ((e->val.u64 >> 32) + 1) << 32 | i;
	}
	/* Two lone findings of one group are not "the one left": neither carries. */
	for (struct tg_hashmap_entry *e = seen.entries; e < seen.entries + seen.nr; e++)
		if (e->val.u64 >> 32 == 1) {
			memcpy(b->items[e->val.u64 & 0xffffffffu].fingerprint, e->str, 16);
			carried++;
		}
	tg_hashmap_release(&seen);
	if (carried)
		tg_backlog_sort(b);
	return carried;
}
