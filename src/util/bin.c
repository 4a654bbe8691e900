#include "util/bin.h"

#include "util/alloc.h"

#include <string.h>

void tg_bin_put_u32(struct tg_buf *out, uint32_t v)
{
	tg_buf_add(out, &v, sizeof(v));
}

void tg_bin_put_str(struct tg_buf *out, const char *s)
{
	tg_bin_put_u32(out, s ? (uint32_t)strlen(s) + 1 : 0);
	if (s)
		tg_buf_adds(out, s);
}

void tg_bin_reader_init(struct tg_bin_reader *r, const void *data, size_t len)
{
	r->p = data;
	r->end = r->p + len;
	r->bad = 0;
}

uint32_t tg_bin_take_u32(struct tg_bin_reader *r)
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

char *tg_bin_take_str(struct tg_bin_reader *r)
{
	uint32_t n = tg_bin_take_u32(r);
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
