/*
 * Items in a binary form for caches (tg_item_encode): the struct's scalar
 * fields as they lie in memory (pointers zeroed), then each owned string as
 * a length plus one (0: NULL) and its bytes, then the occurrences.
 */
#include "backlog/item.h"
#include "backlog/item_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OCCURRENCES (1u << 20)

static void put_str(struct tg_buf *out, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) + 1 : 0;

	tg_buf_add(out, &n, sizeof(n));
	if (n > 1)
		tg_buf_add(out, s, n - 1);
}

static void put_int(struct tg_buf *out, int32_t v)
{
	tg_buf_add(out, &v, sizeof(v));
}

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
#define X(f) put_str(out, it->f);
	FREE_FIELDS(it)
#undef X
	for (i = 0; i < it->occurrences_nr; i++) {
		const struct tg_occurrence *o = &it->occurrences[i];

		put_str(out, o->path);
		put_int(out, o->start_line);
		put_int(out, o->end_line);
		put_str(out, o->source);
		put_str(out, o->rule_id);
	}
}

/* A string of the encoding, or NULL; *bad set when it runs past end. */
static char *take_str(const unsigned char **p, const unsigned char *end, int *bad)
{
	uint32_t n;
	char *s;

	if (*bad || end - *p < 4) {
		*bad = 1;
		return NULL;
	}
	memcpy(&n, *p, 4);
	*p += 4;
	if (!n)
		return NULL;
	if ((size_t)(end - *p) < n - 1 || memchr(*p, 0, n - 1)) {
		*bad = 1;
		return NULL;
	}
	s = tg_malloc(n);
	memcpy(s, *p, n - 1);
	s[n - 1] = '\0';
	*p += n - 1;
	return s;
}

static int32_t take_int(const unsigned char **p, const unsigned char *end, int *bad)
{
	int32_t v = 0;

	if (*bad || end - *p < 4) {
		*bad = 1;
		return 0;
	}
	memcpy(&v, *p, 4);
	*p += 4;
	return v;
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
	size_t nr, i;
	int bad = 0;

	tg_item_init(it);
	if ((size_t)(end - *p) < sizeof(*it))
		return tg_error_set(TG_ERR_INPUT, "cached item: truncated");
	memcpy(it, *p, sizeof(*it));
	*p += sizeof(*it);
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
#define X(f) it->f = take_str(p, end, &bad);
	FREE_FIELDS(it)
#undef X
	for (i = 0; i < nr && !bad; i++) {
		char *path = take_str(p, end, &bad);
		int32_t start = take_int(p, end, &bad), stop = take_int(p, end, &bad);
		char *source = take_str(p, end, &bad), *rule = take_str(p, end, &bad);

		if (!bad)
			tg_item_add_occurrence(it, path, start, stop, source, rule);
		free(path), free(source), free(rule);
	}
	if (bad) {
		tg_item_release(it);
		tg_item_init(it);
		return tg_error_set(TG_ERR_INPUT, "cached item: damaged");
	}
	return TG_OK;
}
