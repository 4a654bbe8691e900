/*
 * The module graph's per-file imports between runs (arch.h:
 * tg_arch_build_cached), in the one per-file cache design (analyze/cache.h):
 * keyed by blob id or stat data, a file's imports as written are the
 * payload. An unchanged file is neither read nor parsed again; resolution,
 * which depends on every other file, runs each time on what the cache and
 * the fresh files hold.
 *
 * Payload: a byte (0 a source file, 1 go.mod); go.mod: its module as a
 * string; a source file: its package declaration as a string, a u32 count,
 * then per import u32 line, i32 flag and a string. A string is a u32 length
 * (UINT32_MAX: none) and its bytes. Native byte order: the cache is this
 * machine's and this version's.
 */
#include "arch/arch_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/cache.h"
#include "util/alloc.h"
#include "util/bin.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "walk/walk.h"

/* Bump when the payload or the readers' output changes. */
#define FORMAT "arch-imports-2"

void arch_encode(struct tg_buf *b, const struct arch_file *f, const char *module, int is_mod)
{
	tg_buf_addch(b, is_mod);
	if (is_mod) {
		tg_bin_put_str(b, module);
		return;
	}
	tg_bin_put_str(b, f->package);
	tg_bin_put_u32(b, (uint32_t)f->raw_nr);
	for (size_t i = 0; i < f->raw_nr; i++) {
		tg_bin_put_u32(b, (uint32_t)f->raw[i].line);
		tg_bin_put_u32(b, (uint32_t)f->raw[i].flag);
		tg_bin_put_str(b, f->raw[i].spec);
	}
}

/* Adds the cached file at path to b; TG_ERR_INPUT (b unchanged) when the bytes are damaged. */
int arch_decode(struct arch_builder *b, const char *path, const void *data, size_t len)
{
	struct tg_bin_reader r = {data, (const unsigned char *)data + len, len < 1};
	struct arch_file f = {0};
	uint32_t n;
	int is_mod = r.bad ? 0 : *r.p++;

	if (is_mod == 1) {
		char *mod = tg_bin_take_str(&r);
		if (r.bad || r.p != r.end) {
			free(mod);
			return tg_error_set(TG_ERR_INPUT, "%s: cached imports damaged", path);
		}
		arch_add_mod(b, path, mod);
		return TG_OK;
	}
	f.package = tg_bin_take_str(&r);
	n = tg_bin_take_u32(&r);
	if (is_mod != 0 || n > len / 12)
		r.bad = 1;
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		int line = (int)tg_bin_take_u32(&r), flag = (int)tg_bin_take_u32(&r);
		char *spec = tg_bin_take_str(&r);
		if (!spec) {
			r.bad = 1;
			break;
		}
		TG_ALLOC_GROW(f.raw, f.raw_nr + 1, f.raw_alloc);
		f.raw[f.raw_nr++] = (struct arch_raw){spec, line, flag};
	}
	if (r.bad || r.p != r.end) {
		arch_file_release(&f);
		return tg_error_set(TG_ERR_INPUT, "%s: cached imports damaged", path);
	}
	f.path = tg_strdup(path);
	f.lang = tg_arch_lang_of(path);
	arch_add_file(b, &f);
	return TG_OK;
}

char *tg_arch_cache_file(const char *root, const char *repo_root)
{
	return tg_count_cache_file_named(root, repo_root, "arch");
}

struct tg_count_cache *arch_cache_open(const char *file, const struct tg_walk_opts *wo)
{
	struct tg_hasher h;
	char num[64];

	tg_hasher_init(&h);
	tg_hasher_adds(&h, FORMAT);
	/* what decides whether a file is read at all before the cache is asked */
	snprintf(num, sizeof(num), "%ld %d", wo->max_file_bytes, wo->skip_generated);
	tg_hasher_adds(&h, num);
	return tg_count_cache_open(file, tg_hasher_finish(&h), tg_walk_workers(wo));
}
