/*
 * Items in a binary form for caches (tg_item_encode): the struct's scalar
 * fields as they lie in memory (pointers zeroed), then each owned string as
 * a length plus one (0: NULL) and its bytes, then the occurrences.
 */
#include "backlog/item.h"
#include "backlog/item_int.h"

#include "util/alloc.h"
#include "util/bin.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OCCURRENCES (1u << 20)

void tg_item_encode(struct tg_buf *out, const struct tg_item *it)
{
	struct tg_item flat = *it;
	size_t i;

#define X(f) flat.f = NULL;
	FREE_FIELDS(flat)
#undef X
	flat.occurrences = NULL;
	flat.occurrences_alloc = 0;
	tg_buf_add(out, &flat, sizeof(flat));
#define X(f) tg_bin_put_str(out, it->f);
	FREE_FIELDS(it)
#undef X
	for (i = 0; i < it->occurrences_nr; i++) {
		const struct tg_occurrence *o = &it->occurrences[i];

		tg_bin_put_str(out, o->path);
		tg_bin_put_u32(out, (uint32_t)o->start_line);
		tg_bin_put_u32(out, (uint32_t)o->end_line);
		tg_bin_put_str(out, o->source);
		tg_bin_put_str(out, o->rule_id);
	}
}

static int scalars_valid(const struct tg_item *it)
{
	return strnlen(it->fingerprint, sizeof(it->fingerprint)) == 16 &&
	       (unsigned)it->severity <= TG_SEV_CRITICAL &&
	       (unsigned)it->status <= TG_STATUS_IN_PROGRESS &&
	       (unsigned)it->context <= TG_CONTEXT_VENDORED &&
	       (unsigned)it->grouping <= TG_GROUP_NONE && it->occurrences_nr <= MAX_OCCURRENCES;
}

int tg_item_decode(struct tg_item *it, const unsigned char **p, const unsigned char *end)
{
	struct tg_bin_reader r;
	size_t nr, i;

	tg_item_init(it);
	if ((size_t)(end - *p) < sizeof(*it))
		return tg_error_set(TG_ERR_INPUT, "cached item: truncated");
	memcpy(it, *p, sizeof(*it));
	tg_bin_reader_init(&r, *p + sizeof(*it), (size_t)(end - *p) - sizeof(*it));
	nr = it->occurrences_nr;
	if (!scalars_valid(it)) {
		tg_item_init(it);
		return tg_error_set(TG_ERR_INPUT, "cached item: damaged");
	}
	/* the pointers as encoded are NULL; anything else is not ours */
#define X(f) it->f = NULL;
	FREE_FIELDS(it)
#undef X
	it->occurrences = NULL;
	it->occurrences_nr = it->occurrences_alloc = 0;
#define X(f) it->f = tg_bin_take_str(&r);
	FREE_FIELDS(it)
#undef X
	for (i = 0; i < nr && !r.bad; i++) {
		char *path = tg_bin_take_str(&r);
		int32_t start = (int32_t)tg_bin_take_u32(&r), stop = (int32_t)tg_bin_take_u32(&r);
		char *source = tg_bin_take_str(&r), *rule = tg_bin_take_str(&r);

		if (!r.bad)
			tg_item_add_occurrence(it, path, start, stop, source, rule);
		free(path), free(source), free(rule);
	}
	*p = r.p;
	if (r.bad) {
		tg_item_release(it);
		tg_item_init(it);
		return tg_error_set(TG_ERR_INPUT, "cached item: damaged");
	}
	return TG_OK;
}
