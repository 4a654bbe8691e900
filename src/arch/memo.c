/*
 * What one file gave the graph, in a binary form kept between runs
 * (arch_int.h): a kind byte; then a file's language, package and imports
 * (each its spec, line and flag), or go.mod's module. Strings are a length
 * plus one (0: NULL) and their bytes.
 */
#include "arch/arch_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Imports a file may hold at most, as kept: past this the payload is damaged. */
#define MAX_IMPORTS (1u << 20)

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

void arch_encode_file(enum arch_read what, const struct arch_file *f, const char *module,
                      struct tg_buf *out)
{
	tg_buf_addch(out, (char)what);
	if (what == ARCH_READ_MODULE) {
		put_str(out, module);
		return;
	}
	if (what != ARCH_READ_FILE)
		return;
	put_u32(out, (uint32_t)f->lang);
	put_str(out, f->package);
	put_u32(out, (uint32_t)f->raw_nr);
	for (size_t i = 0; i < f->raw_nr; i++) {
		put_str(out, f->raw[i].spec);
		put_u32(out, (uint32_t)f->raw[i].line);
		put_u32(out, (uint32_t)f->raw[i].flag);
	}
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

void arch_file_release(struct arch_file *f)
{
	for (size_t i = 0; i < f->raw_nr; i++)
		free(f->raw[i].spec);
	free(f->raw);
	free(f->path);
	free(f->package);
	memset(f, 0, sizeof(*f));
}

static void take_file(struct reader *r, const char *path, struct arch_file *f)
{
	uint32_t lang = take_u32(r), n;

	f->lang = (enum tg_arch_lang)lang;
	f->path = tg_strdup(path);
	f->package = take_str(r);
	n = take_u32(r);
	if (lang > TG_ARCH_RUST || n > MAX_IMPORTS || n > (size_t)(r->end - r->p) / 12)
		r->bad = 1;
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		struct arch_raw raw;

		raw.spec = take_str(r);
		raw.line = (int)take_u32(r);
		raw.flag = (int)take_u32(r);
		/* what on_import keeps: a spec of 1 to 1024 bytes, flags 0 to 3 */
		if (!raw.spec || !*raw.spec || strlen(raw.spec) > 1024 || raw.flag < 0 ||
		    raw.flag > 3 || raw.line < 0) {
			free(raw.spec);
			r->bad = 1;
			break;
		}
		TG_ALLOC_GROW(f->raw, f->raw_nr + 1, f->raw_alloc);
		f->raw[f->raw_nr++] = raw;
	}
}

int arch_decode_file(const char *path, const void *data, size_t len, enum arch_read *what,
                     struct arch_file *f, char **module)
{
	struct reader r = {data, (const unsigned char *)data + len, 0};

	memset(f, 0, sizeof(*f));
	*module = NULL;
	if (!len || r.p[0] > ARCH_READ_MODULE)
		return tg_error_set(TG_ERR_INPUT, "%s: cached imports: damaged", path);
	*what = (enum arch_read) * r.p++;
	if (*what == ARCH_READ_MODULE && !(*module = take_str(&r)))
		r.bad = 1;
	else if (*what == ARCH_READ_FILE)
		take_file(&r, path, f);
	if (!r.bad && r.p == r.end)
		return TG_OK;
	arch_file_release(f);
	free(*module);
	*module = NULL;
	return tg_error_set(TG_ERR_INPUT, "%s: cached imports: damaged", path);
}
