/* The inventory as components and their dependency graph (sbom_int.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "supply/sbom.h"
#include "supply/sbom_int.h"
#include "util/alloc.h"
#include "util/base64.h"

static void places_add(struct tg_sbom_places *p, size_t i)
{
	TG_ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	p->v[p->nr++] = i;
}

static void hex_of(struct tg_buf *hex, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tg_buf_addf(hex, "%02x", p[i]);
}

static const struct {
	const char *name, *alg;
	size_t bytes;
} algs[] = {
        {"md5", "MD5", 16},           {"sha1", "SHA-1", 20},        {"sha256", "SHA-256", 32},
        {"sha384", "SHA-384", 48},    {"sha512", "SHA-512", 64},    {"sha3-256", "SHA3-256", 32},
        {"sha3-384", "SHA3-384", 48}, {"sha3-512", "SHA3-512", 64}, {"h1", "SHA-256", 32},
};

const char *tg_sbom_hash(const char *h, struct tg_buf *hex)
{
	size_t n = strcspn(h, ":-");
	const char *v = h + n + 1;
	struct tg_buf raw = TG_BUF_INIT;

	/* "sha3-256:<hex>": the separator is the ':' when there is one */
	if (strchr(h, ':'))
		n = (size_t)(strchr(h, ':') - h), v = h + n + 1;
	else if (!h[n])
		return NULL;
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		if (strlen(algs[i].name) != n || strncasecmp(h, algs[i].name, n))
			continue;
		tg_buf_reset(hex);
		if (strlen(v) == 2 * algs[i].bytes &&
		    strspn(v, "0123456789abcdefABCDEF") == strlen(v)) {
			for (const char *p = v; *p; p++)
				tg_buf_addch(hex, tolower((unsigned char)*p));
			return algs[i].alg;
		}
		if (!tg_base64_decode(&raw, v, strlen(v)) && raw.len == algs[i].bytes) {
			hex_of(hex, (const unsigned char *)raw.buf, raw.len);
			tg_buf_release(&raw);
			return algs[i].alg;
		}
		tg_buf_release(&raw);
		return NULL;
	}
	return NULL;
}

static void take_hashes(struct tg_sbom_comp *c, const struct tg_dep *d)
{
	struct tg_buf hex = TG_BUF_INIT, e = TG_BUF_INIT;

	for (size_t i = 0; i < d->hashes.nr; i++) {
		const char *alg = tg_sbom_hash(d->hashes.v[i], &hex);

		if (!alg)
			continue;
		tg_buf_reset(&e);
		tg_buf_addf(&e, "%s %s", alg, hex.buf);
		if (tg_strlist_find(&c->hashes, e.buf) < 0)
			tg_strlist_add(&c->hashes, e.buf);
	}
	tg_buf_release(&hex);
	tg_buf_release(&e);
}

static int scope_rank(enum tg_dep_scope s)
{
	return s == TG_DEP_RUNTIME ? 0 : s == TG_DEP_OPTIONAL ? 1 : 2;
}

static struct tg_sbom_comp *comp_of(struct tg_sbom_graph *g, const char *purl)
{
	struct tg_hashmap_entry *e = tg_hashmap_get(&g->by_purl, purl, strlen(purl));

	return e ? e->val.ptr : NULL;
}

static int by_purl(const void *a, const void *b)
{
	return strcmp((*(struct tg_sbom_comp *const *)a)->purl,
	              (*(struct tg_sbom_comp *const *)b)->purl);
}

static void collect(struct tg_sbom_graph *g, const struct tg_dep_list *deps)
{
	size_t alloc = 0;
	int added;

	for (size_t i = 0; i < deps->nr; i++) {
		const struct tg_dep *d = &deps->v[i];
		struct tg_hashmap_entry *e;
		struct tg_sbom_comp *c;

		if (!d->purl || !*d->purl)
			continue;
		e = tg_hashmap_put(&g->by_purl, d->purl, strlen(d->purl), &added);
		if (added) {
			c = tg_calloc(1, sizeof(*c));
			c->purl = d->purl;
			c->scope = scope_rank(d->scope);
			e->val.ptr = c;
			TG_ALLOC_GROW(g->v, g->nr + 1, alloc);
			g->v[g->nr++] = c;
		}
		c = e->val.ptr;
		places_add(&c->places, i);
		if (scope_rank(d->scope) < c->scope)
			c->scope = scope_rank(d->scope);
		if (!c->license && d->license && *d->license)
			c->license = d->license;
		c->direct |= d->direct;
		take_hashes(c, d);
	}
	if (g->nr)
		qsort(g->v, g->nr, sizeof(*g->v), by_purl);
}

/* c depends on the component of purl (when there is one, and it is not c). */
static void edge(struct tg_sbom_graph *g, struct tg_sbom_comp *c, const char *purl)
{
	struct tg_sbom_comp *to = comp_of(g, purl);

	if (!to || to == c || tg_strlist_find(&c->on, to->purl) >= 0)
		return;
	tg_strlist_add(&c->on, to->purl);
	to->reached = 1;
}

/* The parent via names ("a > b", or "a > b > self"): the last label that is not d's own. */
static const struct tg_dep *via_parent(const struct tg_hashmap *labels, const struct tg_dep *d)
{
	struct tg_buf key = TG_BUF_INIT;
	const char *via = d->via, *end = via + strlen(via), *start;
	const struct tg_dep *p = NULL;

	for (int round = 0; round < 2 && end > via && !p; round++) {
		struct tg_hashmap_entry *e;

		start = end;
		while (start > via && !(start - via >= 3 && !memcmp(start - 3, " > ", 3)))
			start--;
		tg_buf_reset(&key);
		tg_buf_addf(&key, "%s\n%.*s", d->file, (int)(end - start), start);
		e = tg_hashmap_get(labels, key.buf, key.len);
		if (e && e->val.ptr != d)
			p = e->val.ptr;
		end = start > via ? start - 3 : via;
	}
	tg_buf_release(&key);
	return p;
}

/* "file\nname" and "file\nname version" -> the first record, for via's labels. */
static void index_labels(struct tg_hashmap *labels, const struct tg_dep_list *deps)
{
	struct tg_buf key = TG_BUF_INIT;
	int added;

	for (size_t i = 0; i < deps->nr; i++) {
		const struct tg_dep *d = &deps->v[i];
		struct tg_hashmap_entry *e;

		tg_buf_reset(&key);
		tg_buf_addf(&key, "%s\n%s", d->file, d->name);
		e = tg_hashmap_put(labels, key.buf, key.len, &added);
		if (added)
			e->val.ptr = (void *)d;
		if (!d->version)
			continue;
		tg_buf_addf(&key, " %s", d->version);
		e = tg_hashmap_put(labels, key.buf, key.len, &added);
		if (added)
			e->val.ptr = (void *)d;
	}
	tg_buf_release(&key);
}

static void edges(struct tg_sbom_graph *g, const struct tg_dep_list *deps)
{
	struct tg_hashmap labels = TG_HASHMAP_INIT;

	index_labels(&labels, deps);
	for (size_t i = 0; i < deps->nr; i++) {
		const struct tg_dep *d = &deps->v[i];
		struct tg_sbom_comp *c = d->purl ? comp_of(g, d->purl) : NULL;
		const struct tg_dep *p;

		if (!c)
			continue;
		for (size_t k = 0; k < d->requires.nr; k++)
			edge(g, c, d->requires.v[k]);
		/* npm's readers give every edge; via is then one of them */
		if (d->eco == TG_ECO_NPM || !d->via || !(p = via_parent(&labels, d)) || !p->purl)
			continue;
		if (comp_of(g, p->purl))
			edge(g, comp_of(g, p->purl), d->purl);
	}
	tg_hashmap_release(&labels);
}

void tg_sbom_graph_build(struct tg_sbom_graph *g, const struct tg_dep_list *deps,
                         const char *root_ref)
{
	memset(g, 0, sizeof(*g));
	collect(g, deps);
	edges(g, deps);
	/* the root's ref must be unique in the BOM: a component may hold the same purl */
	g->root_ref = tg_strdup(root_ref && *root_ref ? root_ref : "project");
	if (comp_of(g, g->root_ref)) {
		char *r = tg_malloc(strlen(g->root_ref) + 6);
		strcpy(r, g->root_ref);
		strcat(r, "#root");
		free(g->root_ref);
		g->root_ref = r;
	}
	for (size_t i = 0; i < g->nr; i++) {
		tg_strlist_sort(&g->v[i]->on);
		if (g->v[i]->direct || !g->v[i]->reached)
			tg_strlist_add(&g->root_on, g->v[i]->purl);
	}
}

void tg_sbom_graph_release(struct tg_sbom_graph *g)
{
	for (size_t i = 0; i < g->nr; i++) {
		free(g->v[i]->places.v);
		tg_strlist_clear(&g->v[i]->hashes);
		tg_strlist_clear(&g->v[i]->on);
		free(g->v[i]);
	}
	free(g->v);
	free(g->root_ref);
	tg_strlist_clear(&g->root_on);
	tg_hashmap_release(&g->by_purl);
	memset(g, 0, sizeof(*g));
}

void tg_sbom_percent_decode(struct tg_buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char h[3] = {s[i + 1], s[i + 2], 0};
			tg_buf_addch(out, (int)strtol(h, NULL, 16));
			i += 2;
		} else {
			tg_buf_addch(out, s[i]);
		}
	}
}

int tg_sbom_is_expression(const char *s)
{
	int depth = 0, want_id = 1;
	const char *p = s;

	while (*p) {
		size_t n;

		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == '(' || *p == ')') {
			depth += *p == '(' ? 1 : -1;
			if (depth < 0)
				return 0;
			p++;
			continue;
		}
		n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-+:");
		if (!n)
			return 0;
		if ((n == 3 && !strncmp(p, "AND", 3)) || (n == 2 && !strncmp(p, "OR", 2)) ||
		    (n == 4 && !strncmp(p, "WITH", 4))) {
			if (want_id)
				return 0;
			want_id = 1;
		} else {
			if (!want_id)
				return 0;
			want_id = 0;
		}
		p += n;
	}
	return !want_id && depth == 0;
}
