/*
 * A file's entries and warnings in a binary form for caches
 * (tg_dep_list_encode): a count, then per entry its numbers as 32-bit
 * integers and each string as a length plus one (0: NULL) and its bytes,
 * string lists as a count and their strings; then the warnings.
 */
#include "deps/deps.h"

#include "util/alloc.h"
#include "util/bin.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void put_list(struct tg_buf *out, const struct tg_strlist *l)
{
	tg_bin_put_u32(out, (uint32_t)l->nr);
	for (size_t i = 0; i < l->nr; i++)
		tg_bin_put_str(out, l->v[i]);
}

void tg_dep_list_encode(const struct tg_dep_list *l, struct tg_buf *out)
{
	tg_bin_put_u32(out, (uint32_t)l->nr);
	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];

		tg_bin_put_u32(out, (uint32_t)d->eco);
		tg_bin_put_u32(out, (uint32_t)d->direct);
		tg_bin_put_u32(out, (uint32_t)d->scope);
		tg_bin_put_u32(out, (uint32_t)d->origin);
		tg_bin_put_u32(out, (uint32_t)d->line);
		tg_bin_put_str(out, d->name);
		tg_bin_put_str(out, d->version);
		tg_bin_put_str(out, d->range);
		tg_bin_put_str(out, d->purl);
		tg_bin_put_str(out, d->file);
		tg_bin_put_str(out, d->via);
		tg_bin_put_str(out, d->license);
		put_list(out, &d->hashes);
		put_list(out, &d->requires);
	}
	put_list(out, &l->warnings);
}

static void take_list(struct tg_bin_reader *r, struct tg_strlist *l)
{
	uint32_t n = tg_bin_take_u32(r);

	if (n > (size_t)(r->end - r->p) / 4)
		r->bad = 1;
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		char *s = tg_bin_take_str(r);

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
	struct tg_bin_reader r = {data, (const unsigned char *)data + len, 0};
	uint32_t n = tg_bin_take_u32(&r);

	if (n > len / 24)
		r.bad = 1;
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		struct tg_dep *d = tg_dep_list_add(out);

		d->eco = (enum tg_eco)tg_bin_take_u32(&r);
		d->direct = (int)tg_bin_take_u32(&r);
		d->scope = (enum tg_dep_scope)tg_bin_take_u32(&r);
		d->origin = (enum tg_dep_origin)tg_bin_take_u32(&r);
		d->line = (int)tg_bin_take_u32(&r);
		d->name = tg_bin_take_str(&r);
		d->version = tg_bin_take_str(&r);
		d->range = tg_bin_take_str(&r);
		d->purl = tg_bin_take_str(&r);
		d->file = tg_bin_take_str(&r);
		d->via = tg_bin_take_str(&r);
		d->license = tg_bin_take_str(&r);
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
