/*
 * The TOML 1.0 reader (util/toml.h): the document's structure (headers,
 * keys, arrays, inline tables), the rules on what may be defined twice, and
 * the accessors. Scalars are read in toml_scalar.c.
 *
 * Rules on redefinition, as python3-tomli applies them:
 * - a [header] may name a table once, and not one made by dotted keys in an
 *   earlier section, nor an inline table;
 * - dotted keys may extend a table only within the section that made it
 *   with dotted keys (or a table only ever made implicitly by a header);
 * - inline tables and arrays written as values are never extended;
 * - [[header]] appends only to arrays made by [[header]].
 *
 * Memory: nodes and strings come from one arena; tables' and arrays' entry
 * vectors, and the hash index of tables with more than TG_TOML_INDEX_AT
 * keys, are heap blocks listed in the document so freeing never recurses.
 */
#include "util/alloc.h"
#include "util/error.h"
#include "util/toml_priv.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct toml_chunk {
	struct toml_chunk *next;
	size_t used, size;
	_Alignas(16) char data[];
};

struct toml_doc {
	struct tg_toml root; /* first: the root's address is the document's */
	struct toml_chunk *chunks;
	char *text;
	struct tg_hashmap keys; /* bare keys, interned */
	struct tg_toml **heap;  /* nodes owning heap blocks */
	size_t nr_heap, alloc_heap;
};

struct toml_key {
	const char *k;
	size_t len;
};

static void *arena(struct toml_parser *p, size_t n, size_t align)
{
	struct toml_chunk *c = p->doc->chunks;
	size_t size, at = c ? (c->used + align - 1) & ~(align - 1) : 0;

	if (!c || at > c->size || c->size - at < n) {
		size = c && c->size < (1u << 20) ? c->size * 2 : (c ? c->size : 1u << 14);
		if (size < n)
			size = n;
		c = tg_malloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		c->next = p->doc->chunks;
		p->doc->chunks = c;
		at = 0;
	}
	c->used = at + n;
	return c->data + at;
}

void *toml_alloc(struct toml_parser *p, size_t n)
{
	return arena(p, n, 8);
}

char *toml_alloc_str(struct toml_parser *p, size_t n)
{
	return arena(p, n, 1);
}

const char *toml_intern(struct toml_parser *p, const char *key, size_t len)
{
	return tg_hashmap_put(&p->doc->keys, key, len, NULL)->str;
}

struct tg_toml *toml_node(struct toml_parser *p, enum tg_toml_type type, int line)
{
	struct tg_toml *n = toml_alloc(p, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = (unsigned char)type;
	n->line = line;
	return n;
}

static int err_at(const char *name, int line, size_t col, const char *fmt, va_list ap)
{
	char what[256];

	vsnprintf(what, sizeof(what), fmt, ap);
	return tg_error_set(TG_ERR_INPUT, "%s:%d:%zu: %s", name, line, col, what);
}

int toml_err(struct toml_parser *p, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = err_at(p->name, p->line, p->i - p->bol + 1, fmt, ap);
	va_end(ap);
	return r;
}

void toml_newline(struct toml_parser *p)
{
	p->i++;
	p->line++;
	p->bol = p->i;
}

void toml_skip_ws(struct toml_parser *p)
{
	while (p->s[p->i] == ' ' || p->s[p->i] == '\t')
		p->i++;
}

static int raw_err(const char *name, const char *data, size_t at, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* An error at byte at of the input as given (before CRLF was made LF). */
static int raw_err(const char *name, const char *data, size_t at, const char *fmt, ...)
{
	size_t bol = 0, k;
	int line = 1, r;
	va_list ap;

	for (k = 0; k < at; k++)
		if (data[k] == '\n') {
			line++;
			bol = k + 1;
		}
	va_start(ap, fmt);
	r = err_at(name, line, at - bol + 1, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * Copies the input NUL-terminated with each CRLF made LF (as tomli does),
 * refusing what is valid nowhere in TOML: bytes that are not UTF-8, a
 * carriage return without a line feed, and control characters other than
 * tab and newline (strings spell them as escapes, comments may not hold them).
 */
static int prepare(struct toml_parser *p, const char *data, size_t len)
{
	char *t = tg_malloc(len + 1);
	size_t i = 0, j = 0, k;
	unsigned char c;

	p->doc->text = t;
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		/* A byte order mark, as toml-test's valid cases have: kept in the
		 * copy so columns count from the file's first byte, and skipped. */
		memcpy(t, data, 3);
		i = j = p->i = 3;
	}
	while (i < len) {
		c = (unsigned char)data[i];
		if (c >= 0x80) {
			k = tg_utf8_seq(data + i, len - i);
			if (!k)
				return raw_err(p->name, data, i, "invalid UTF-8");
			memcpy(t + j, data + i, k);
			i += k;
			j += k;
			continue;
		}
		if (c == '\r' && i + 1 < len && data[i + 1] == '\n') {
			i++;
			continue;
		}
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return raw_err(p->name, data, i, "control character U+%04X", c);
		t[j++] = (char)c;
		i++;
	}
	t[j] = '\0';
	p->s = p->text = t;
	p->n = j;
	return TG_OK;
}

static void own_heap(struct toml_parser *p, struct tg_toml *n)
{
	struct toml_doc *d = p->doc;

	if (n->flags & TOML_LISTED)
		return;
	n->flags |= TOML_LISTED;
	TG_ALLOC_GROW(d->heap, d->nr_heap + 1, d->alloc_heap);
	d->heap[d->nr_heap++] = n;
}

/*
 * Room for one more entry in n's vector v (entries of size bytes). Small
 * vectors live in the arena, large ones on the heap: a lockfile of many
 * small tables then makes few heap blocks.
 */
static void *grow(struct toml_parser *p, struct tg_toml *n, void *v, size_t size)
{
	size_t alloc = n->u.c.alloc ? n->u.c.alloc * 2 : 4;
	void *nv;

	if (n->u.c.nr < n->u.c.alloc)
		return v;
	if (n->flags & TOML_VEC_HEAP) {
		nv = tg_realloc(v, alloc * size);
	} else {
		nv = alloc * size <= 1024 ? toml_alloc(p, alloc * size) : tg_malloc(alloc * size);
		if (n->u.c.nr)
			memcpy(nv, v, n->u.c.nr * size);
		if (alloc * size > 1024) {
			n->flags |= TOML_VEC_HEAP;
			own_heap(p, n);
		}
	}
	n->u.c.alloc = alloc;
	return nv;
}

static struct tg_toml *lookup(const struct tg_toml *t, const char *key, size_t klen)
{
	struct tg_hashmap_entry *e;
	size_t k;

	if (t->u.c.index) {
		e = tg_hashmap_get(t->u.c.index, key, klen);
		return e ? t->u.c.v.ent[e->val.u64 - 1].val : NULL;
	}
	for (k = 0; k < t->u.c.nr; k++)
		if (t->u.c.v.ent[k].klen == klen && !memcmp(t->u.c.v.ent[k].key, key, klen))
			return t->u.c.v.ent[k].val;
	return NULL;
}

static void add_entry(struct toml_parser *p, struct tg_toml *t, const char *key, size_t klen,
                      struct tg_toml *val)
{
	size_t k;

	t->u.c.v.ent = grow(p, t, t->u.c.v.ent, sizeof(*t->u.c.v.ent));
	t->u.c.v.ent[t->u.c.nr++] = (struct toml_entry){key, klen, val};
	if (t->u.c.index) {
		tg_hashmap_put(t->u.c.index, key, klen, NULL)->val.u64 = t->u.c.nr;
	} else if (t->u.c.nr > TG_TOML_INDEX_AT) {
		t->u.c.index = tg_calloc(1, sizeof(*t->u.c.index));
		own_heap(p, t);
		for (k = 0; k < t->u.c.nr; k++)
			tg_hashmap_put(t->u.c.index, t->u.c.v.ent[k].key, t->u.c.v.ent[k].klen,
			               NULL)
			        ->val.u64 = k + 1;
	}
}

static void add_item(struct toml_parser *p, struct tg_toml *a, struct tg_toml *val)
{
	a->u.c.v.item = grow(p, a, a->u.c.v.item, sizeof(*a->u.c.v.item));
	a->u.c.v.item[a->u.c.nr++] = val;
}

static struct tg_toml *container(struct toml_parser *p, enum tg_toml_type type, int depth, int line)
{
	struct tg_toml *n;

	if (depth > TG_TOML_MAX_DEPTH) {
		toml_err(p, "nested deeper than %d", TG_TOML_MAX_DEPTH);
		return NULL;
	}
	n = toml_node(p, type, line);
	n->depth = (unsigned short)depth;
	return n;
}

/* A dotted key: one or more parts; p->i is left after the last part's blanks. */
static int dotted_key(struct toml_parser *p, struct toml_key *keys, size_t *nk)
{
	*nk = 0;
	for (;;) {
		if (*nk == TG_TOML_MAX_DEPTH)
			return toml_err(p, "a key of more than %d parts", TG_TOML_MAX_DEPTH);
		if (toml_key_part(p, &keys[*nk].k, &keys[*nk].len))
			return TG_ERR_INPUT;
		(*nk)++;
		toml_skip_ws(p);
		if (p->s[p->i] != '.')
			return TG_OK;
		p->i++;
		toml_skip_ws(p);
	}
}

static void skip_comment(struct toml_parser *p)
{
	while (p->s[p->i] && p->s[p->i] != '\n')
		p->i++;
}

/* Blanks, newlines and comments, as allowed between an array's values. */
static void skip_array_space(struct toml_parser *p)
{
	for (;;) {
		toml_skip_ws(p);
		if (p->s[p->i] == '#')
			skip_comment(p);
		if (p->s[p->i] != '\n')
			return;
		toml_newline(p);
	}
}

static int value(struct toml_parser *p, struct tg_toml **out);
static int key_value(struct toml_parser *p, struct tg_toml *t, int in_inline);

static int array(struct toml_parser *p, struct tg_toml **out)
{
	struct tg_toml *a, *v;

	if (!(a = container(p, TG_TOML_ARRAY, ++p->depth, p->line)))
		return TG_ERR_INPUT;
	p->i++;
	skip_array_space(p);
	while (p->s[p->i] != ']') {
		if (value(p, &v))
			return TG_ERR_INPUT;
		add_item(p, a, v);
		skip_array_space(p);
		if (p->s[p->i] == ']')
			break;
		if (p->s[p->i] != ',')
			return toml_err(p, "expected ',' or ']' in an array");
		p->i++;
		skip_array_space(p);
	}
	p->i++;
	p->depth--;
	a->flags |= TOML_FROZEN;
	*out = a;
	return TG_OK;
}

static int inline_table(struct toml_parser *p, struct tg_toml **out)
{
	struct tg_toml *t;

	if (!(t = container(p, TG_TOML_TABLE, ++p->depth, p->line)))
		return TG_ERR_INPUT;
	p->i++;
	toml_skip_ws(p);
	while (p->s[p->i] != '}') {
		if (key_value(p, t, 1))
			return TG_ERR_INPUT;
		toml_skip_ws(p);
		if (p->s[p->i] == '}')
			break;
		if (p->s[p->i] != ',')
			return toml_err(p, "expected ',' or '}' in an inline table");
		p->i++;
		toml_skip_ws(p);
		if (p->s[p->i] == '}')
			return toml_err(p, "trailing comma in an inline table");
	}
	p->i++;
	p->depth--;
	t->flags |= TOML_FROZEN;
	*out = t;
	return TG_OK;
}

static int value(struct toml_parser *p, struct tg_toml **out)
{
	if (p->s[p->i] == '[')
		return array(p, out);
	if (p->s[p->i] == '{')
		return inline_table(p, out);
	return toml_scalar(p, out);
}

/* The dotted key for a message: parts cut at 64 bytes, control characters as '?'. */
static const char *key_text(char *buf, size_t size, const struct toml_key *keys, size_t nk)
{
	size_t k, j, used = 0;
	unsigned char c;

	for (k = 0; k < nk && used + 1 < size; k++) {
		if (k)
			buf[used++] = '.';
		for (j = 0; j < keys[k].len && j < 64 && used + 1 < size; j++) {
			c = (unsigned char)keys[k].k[j];
			buf[used++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
		}
	}
	buf[used] = '\0';
	return buf;
}

/* The table under a dotted key's part, made when absent; NULL when it may not be extended. */
static struct tg_toml *dotted_table(struct toml_parser *p, struct tg_toml *t,
                                    const struct toml_key *key, int line, int in_inline)
{
	struct tg_toml *e = lookup(t, key->k, key->len);
	char w[80];

	if (!e) {
		if (!(e = container(p, TG_TOML_TABLE, t->depth + 1, line)))
			return NULL;
		add_entry(p, t, key->k, key->len, e);
	} else if (e->type != TG_TOML_TABLE) {
		toml_err(p, "key '%s' is already a value, not a table",
		         key_text(w, sizeof(w), key, 1));
		return NULL;
	} else if (e->flags & TOML_FROZEN) {
		toml_err(p, "an inline table cannot be extended ('%s')",
		         key_text(w, sizeof(w), key, 1));
		return NULL;
	} else if (!in_inline &&
	           ((e->flags & TOML_HEADER) || (e->dotted && e->dotted != p->section))) {
		toml_err(p, "table '%s' is already defined", key_text(w, sizeof(w), key, 1));
		return NULL;
	}
	if (!in_inline)
		e->dotted = p->section;
	return e;
}

static int key_value(struct toml_parser *p, struct tg_toml *t, int in_inline)
{
	struct toml_key keys[TG_TOML_MAX_DEPTH];
	int line = p->line, saved = p->depth;
	struct tg_toml *v;
	size_t nk, k;
	char what[160];
	size_t start = p->i, after;

	if (dotted_key(p, keys, &nk))
		return TG_ERR_INPUT;
	if (p->s[p->i] != '=')
		return toml_err(p, "expected '=' after a key");
	p->i++;
	toml_skip_ws(p);
	after = p->i;
	p->i = start; /* errors about the key point at it */
	for (k = 0; k + 1 < nk; k++)
		if (!(t = dotted_table(p, t, &keys[k], line, in_inline)))
			return TG_ERR_INPUT;
	if (lookup(t, keys[nk - 1].k, keys[nk - 1].len)) {
		key_text(what, sizeof(what), keys, nk);
		return toml_err(p, "key '%s' is defined twice", what);
	}
	p->i = after;
	p->depth = t->depth;
	if (value(p, &v))
		return TG_ERR_INPUT;
	p->depth = saved;
	add_entry(p, t, keys[nk - 1].k, keys[nk - 1].len, v);
	return TG_OK;
}

/* The table under a header's part, made implicitly when absent; an array of tables' last. */
static struct tg_toml *header_step(struct toml_parser *p, struct tg_toml *t,
                                   const struct toml_key *key, int line)
{
	struct tg_toml *e = lookup(t, key->k, key->len);
	char w[80];

	if (!e) {
		if (!(e = container(p, TG_TOML_TABLE, t->depth + 1, line)))
			return NULL;
		add_entry(p, t, key->k, key->len, e);
		return e;
	}
	if (e->flags & TOML_FROZEN) {
		toml_err(p, "'%s' is an inline table or array: it cannot be extended",
		         key_text(w, sizeof(w), key, 1));
		return NULL;
	}
	if (e->flags & TOML_AOT)
		return e->u.c.v.item[e->u.c.nr - 1];
	if (e->type != TG_TOML_TABLE) {
		toml_err(p, "key '%s' is already a value, not a table",
		         key_text(w, sizeof(w), key, 1));
		return NULL;
	}
	return e;
}

static struct tg_toml *define_table(struct toml_parser *p, struct tg_toml *t,
                                    const struct toml_key *key, int line, const char *what)
{
	struct tg_toml *e = lookup(t, key->k, key->len);

	if (!e) {
		if (!(e = container(p, TG_TOML_TABLE, t->depth + 1, line)))
			return NULL;
		add_entry(p, t, key->k, key->len, e);
	} else if (e->type != TG_TOML_TABLE || (e->flags & (TOML_FROZEN | TOML_HEADER)) ||
	           e->dotted) {
		toml_err(p, "table [%s] is defined twice", what);
		return NULL;
	}
	e->flags |= TOML_HEADER;
	e->line = line;
	return e;
}

static struct tg_toml *append_table(struct toml_parser *p, struct tg_toml *t,
                                    const struct toml_key *key, int line, const char *what)
{
	struct tg_toml *a = lookup(t, key->k, key->len), *e;

	if (!a) {
		if (!(a = container(p, TG_TOML_ARRAY, t->depth + 1, line)))
			return NULL;
		a->flags |= TOML_AOT;
		add_entry(p, t, key->k, key->len, a);
	} else if (!(a->flags & TOML_AOT)) {
		toml_err(p, "[[%s]] cannot append to a value that is not an array of tables", what);
		return NULL;
	}
	if (!(e = container(p, TG_TOML_TABLE, a->depth + 1, line)))
		return NULL;
	e->flags |= TOML_HEADER;
	add_item(p, a, e);
	return e;
}

static int header(struct toml_parser *p, struct tg_toml **cur)
{
	struct toml_key keys[TG_TOML_MAX_DEPTH];
	int aot = p->s[p->i + 1] == '[', line = p->line;
	struct tg_toml *t = &p->doc->root;
	size_t nk, k, start = p->i, after;
	char what[160];

	p->i += aot ? 2 : 1;
	toml_skip_ws(p);
	if (dotted_key(p, keys, &nk))
		return TG_ERR_INPUT;
	if (p->s[p->i] != ']' || (aot && p->s[p->i + 1] != ']'))
		return toml_err(p, aot ? "expected ']]' after a table header"
		                       : "expected ']' after a table header");
	after = p->i + (aot ? 2 : 1);
	p->i = start; /* errors about the table point at its header */
	p->section++;
	for (k = 0; k + 1 < nk; k++)
		if (!(t = header_step(p, t, &keys[k], line)))
			return TG_ERR_INPUT;
	key_text(what, sizeof(what), keys, nk);
	t = aot ? append_table(p, t, &keys[nk - 1], line, what)
	        : define_table(p, t, &keys[nk - 1], line, what);
	if (!t)
		return TG_ERR_INPUT;
	*cur = t;
	p->i = after;
	return TG_OK;
}

static int document(struct toml_parser *p)
{
	struct tg_toml *cur = &p->doc->root;

	p->section = 1;
	for (;;) {
		toml_skip_ws(p);
		if (p->s[p->i] == '[') {
			if (header(p, &cur))
				return TG_ERR_INPUT;
		} else if (p->s[p->i] && p->s[p->i] != '#' && p->s[p->i] != '\n') {
			if (key_value(p, cur, 0))
				return TG_ERR_INPUT;
		}
		toml_skip_ws(p);
		if (p->s[p->i] == '#')
			skip_comment(p);
		if (p->i >= p->n)
			return TG_OK;
		if (p->s[p->i] != '\n')
			return toml_err(p, "expected the end of the line");
		toml_newline(p);
	}
}

int tg_toml_parse(const char *data, size_t len, const char *name, struct tg_toml **out)
{
	struct toml_parser p = {.line = 1, .name = name ? name : "<toml>", .tmp = TG_BUF_INIT};
	int r;

	p.doc = tg_calloc(1, sizeof(*p.doc));
	p.doc->root.type = TG_TOML_TABLE;
	p.doc->root.line = 1;
	*out = NULL;
	r = prepare(&p, data, len);
	if (!r)
		r = document(&p);
	tg_buf_release(&p.tmp);
	if (r) {
		tg_toml_free(&p.doc->root);
		return r;
	}
	*out = &p.doc->root;
	return TG_OK;
}

void tg_toml_free(struct tg_toml *root)
{
	struct toml_doc *d = (struct toml_doc *)root;
	struct toml_chunk *c, *next;
	size_t k;

	if (!d)
		return;
	for (k = 0; k < d->nr_heap; k++) {
		if (d->heap[k]->flags & TOML_VEC_HEAP)
			free(d->heap[k]->u.c.v.ent);
		if (d->heap[k]->u.c.index) {
			tg_hashmap_release(d->heap[k]->u.c.index);
			free(d->heap[k]->u.c.index);
		}
	}
	free(d->heap);
	for (c = d->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	tg_hashmap_release(&d->keys);
	free(d->text);
	free(d);
}

enum tg_toml_type tg_toml_type(const struct tg_toml *n)
{
	return (enum tg_toml_type)n->type;
}

int tg_toml_line(const struct tg_toml *n)
{
	return n ? n->line : 0;
}

static const struct tg_toml *get_n(const struct tg_toml *n, const char *key, size_t klen)
{
	if (!n || n->type != TG_TOML_TABLE)
		return NULL;
	return lookup(n, key, klen);
}

const struct tg_toml *tg_toml_get(const struct tg_toml *n, const char *key)
{
	return key ? get_n(n, key, strlen(key)) : NULL;
}

const struct tg_toml *tg_toml_path(const struct tg_toml *n, const char *dotted)
{
	const char *dot;

	if (!dotted)
		return NULL;
	while (n && (dot = strchr(dotted, '.'))) {
		n = get_n(n, dotted, (size_t)(dot - dotted));
		dotted = dot + 1;
	}
	return get_n(n, dotted, strlen(dotted));
}

size_t tg_toml_len(const struct tg_toml *n)
{
	if (!n || (n->type != TG_TOML_TABLE && n->type != TG_TOML_ARRAY))
		return 0;
	return n->u.c.nr;
}

const struct tg_toml *tg_toml_at(const struct tg_toml *n, size_t i, const char **key)
{
	if (key)
		*key = NULL;
	if (i >= tg_toml_len(n))
		return NULL;
	if (n->type == TG_TOML_ARRAY)
		return n->u.c.v.item[i];
	if (key)
		*key = n->u.c.v.ent[i].key;
	return n->u.c.v.ent[i].val;
}

size_t tg_toml_keylen(const struct tg_toml *n, size_t i)
{
	if (i >= tg_toml_len(n) || n->type != TG_TOML_TABLE)
		return 0;
	return n->u.c.v.ent[i].klen;
}

static int has_text(const struct tg_toml *n)
{
	return n && n->type >= TG_TOML_STRING &&
	       (n->type == TG_TOML_STRING || n->type >= TG_TOML_DATETIME);
}

const char *tg_toml_str(const struct tg_toml *n)
{
	return has_text(n) ? n->u.str.s : NULL;
}

size_t tg_toml_strlen(const struct tg_toml *n)
{
	return has_text(n) ? n->u.str.len : 0;
}

int64_t tg_toml_int(const struct tg_toml *n, int64_t def)
{
	return n && n->type == TG_TOML_INTEGER ? n->u.i : def;
}

double tg_toml_float(const struct tg_toml *n, double def)
{
	return n && n->type == TG_TOML_FLOAT ? n->u.f : def;
}

int tg_toml_bool(const struct tg_toml *n, int def)
{
	return n && n->type == TG_TOML_BOOL ? n->u.b : def;
}

const char *tg_toml_get_str(const struct tg_toml *n, const char *key)
{
	return tg_toml_str(tg_toml_get(n, key));
}
