/*
 * A file's entries and warnings in a binary form for caches
 * (tg_dep_list_encode): a count, then per entry its numbers as 32-bit
 * integers and each string as a length plus one (0: NULL) and its bytes,
 * string lists as a count and their strings; then the warnings.
 */
#include "deps/deps.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void put_u32(struct tg_buf *out, uint32_t v)
{
	tg_buf_add(out, &v, sizeof(v));
}

static void put_str(struct tg_buf *out, const char *s)
{
	put_u32(out, s ? (uint32_t)strlen(s) + 1 : 0);
	if (s)
		tg_buf_adds(out, s);
}

static void put_list(struct tg_buf *out, const struct tg_strlist *l)
{
	put_u32(out, (uint32_t)l->nr);
	for (size_t i = 0; i < l->nr; i++)
		put_str(out, l->v[i]);
}

void tg_dep_list_encode(const struct tg_dep_list *l, struct tg_buf *out)
{
	put_u32(out, (uint32_t)l->nr);
	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];

		put_u32(out, (uint32_t)d->eco);
		put_u32(out, (uint32_t)d->direct);
		put_u32(out, (uint32_t)d->scope);
		put_u32(out, (uint32_t)d->origin);
		put_u32(out, (uint32_t)d->line);
		put_str(out, d->name);
		put_str(out, d->version);
		put_str(out, d->range);
		put_str(out, d->purl);
		put_str(out, d->file);
		put_str(out, d->via);
		put_str(out, d->license);
		put_list(out, &d->hashes);
		put_list(out, &d->requires);
	}
	put_list(out, &l->warnings);
}

struct reader {
	const unsigned char *p, *end;
	int bad;
};

static uint32_t take_u32(struct reader *r)
{
	uint32_t v = 0;

	if (r->bad || r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, 4);
	r->p += 4;
	return v;
}

static char *take_str(struct reader *r)
{
	uint32_t n = take_u32(r);
	char *s;

	if (r->bad || !n)
		return NULL;
	if ((size_t)(r->end - r->p) < n - 1 || memchr(r->p, 0, n - 1)) {
		r->bad = 1;
		return NULL;
	}
	s = tg_strndup((const char *)r->p, n - 1);
	r->p += n - 1;
	return s;
}

static void take_list(struct reader *r, struct tg_strlist *l)
{
	uint32_t n = take_u32(r);

	if (n > (size_t)(r->end - r->p) / 4)
		r->bad = 1;
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		char *s = take_str(r);

		if (!s)
			r->bad = 1; /* a list holds no NULL */
		else
			tg_strlist_add(l, s);
		free(s);
	}
}

/* The enums' ranges: what encode can write. */
static int in_range(const struct tg_dep *d)
{
	return (uint32_t)d->eco < TG_ECO_COUNT && (d->direct == 0 || d->direct == 1) &&
	       (uint32_t)d->scope <= TG_DEP_OPTIONAL && (uint32_t)d->origin <= TG_DEP_URL &&
	       d->line >= 0;
}

int tg_dep_list_decode(const void *data, size_t len, struct tg_dep_list *out)
{
	struct reader r = {data, (const unsigned char *)data + len, 0};
	uint32_t n = take_u32(&r);

	if (n > len / 24)
		r.bad = 1;
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		struct tg_dep *d = tg_dep_list_add(out);

		d->eco = (enum tg_eco)take_u32(&r);
		d->direct = (int)take_u32(&r);
		d->scope = (enum tg_dep_scope)take_u32(&r);
		d->origin = (enum tg_dep_origin)take_u32(&r);
		d->line = (int)take_u32(&r);
		d->name = take_str(&r);
		d->version = take_str(&r);
		d->range = take_str(&r);
		d->purl = take_str(&r);
		d->file = take_str(&r);
		d->via = take_str(&r);
		d->license = take_str(&r);
		take_list(&r, &d->hashes);
		take_list(&r, &d->requires);
		if (!in_range(d))
			r.bad = 1;
	}
	take_list(&r, &out->warnings);
	if (r.bad || r.p != r.end) {
		tg_dep_list_clear(out);
		return tg_error_set(TG_ERR_INPUT, "cached dependencies: damaged");
	}
	return TG_OK;
}
