// module: analyze
/*
 * count's cache file on arbitrary bytes (it sits in .terragon/cache/ or the
 * user's cache directory, where anything may have written it). Byte 0 says
 * how the rest becomes the file: as it is, or as rows behind a valid header
 * (taken from an empty cache the module writes itself), sorted or not, so
 * the row index and lookups are reached, not only the header checks. Then
 * paths are looked up and put, the cache is saved and read back: what was
 * put must be found with the same counts. Files only in a temporary directory.
 */
#include "analyze/cache.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SETTINGS = 42 };

static char dir[64]; /* in memory where there is /dev/shm: fsync costs nothing there */
static char file[64];
static struct tg_buf header = TG_BUF_INIT; /* an empty cache: the header alone */
static size_t row_size;

static void cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tg_count_cache *c;
	uint32_t rs;

	(void)argc, (void)argv;
	snprintf(dir, sizeof(dir), "%s/fuzz_count_cache.XXXXXX",
	         access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
	if (!mkdtemp(dir))
		abort();
	snprintf(file, sizeof(file), "%s/count.bin", dir);
	atexit(cleanup);
	c = tg_count_cache_open(file, SETTINGS, 1);
	if (tg_count_cache_save(c) || tg_buf_read_file(&header, file) || header.len < 40)
		abort();
	tg_count_cache_free(c);
	memcpy(&rs, header.buf + 12, 4); /* the format's row size, after magic and version */
	row_size = rs;
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	uint64_t x, y;

	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	return x < y ? -1 : x > y;
}

/* The file's bytes from the input, as byte 0 asks. */
static void make_file(const uint8_t *data, size_t size, struct tg_buf *out)
{
	size_t rows = row_size ? (size - 1) / row_size : 0;
	uint64_t n = rows, hash;

	if (!(data[0] & 1)) {
		tg_buf_add(out, data + 1, size - 1);
		return;
	}
	tg_buf_add(out, header.buf, header.len);
	tg_buf_add(out, data + 1, rows * row_size);
	if (data[0] & 2)
		qsort(out->buf + header.len, rows, row_size, key_cmp);
	hash = tg_hash64(out->buf + header.len, rows * row_size);
	memcpy(out->buf + header.len - 16, &n, 8);
	memcpy(out->buf + header.len - 8, &hash, 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {"a.c", "src/a.c", "src/b/c.py", "README.md", "x"};
	struct tg_buf bytes = TG_BUF_INIT;
	struct tg_count_cache *c;
	struct tg_count_result r, got;
	struct tg_count_key k;
	unsigned char oid[20];

	if (size < 1)
		return 0;
	make_file(data, size, &bytes);
	if (tg_buf_write_file(&bytes, file))
		abort();
	c = tg_count_cache_open(file, SETTINGS, 1);
	memset(oid, data[0], sizeof(oid));
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		k = (struct tg_count_key){paths[i], size, (int64_t)i, i, i & 1 ? oid : NULL};
		if (!tg_count_cache_get(c, 0, &k, &r)) {
			memset(&r, 0, sizeof(r));
			r.lang = (int32_t)i - 1;
			r.c.code = i;
			r.c.lines = i;
			tg_count_cache_put(c, 0, &k, &r);
		}
	}
	if (tg_count_cache_save(c))
		abort();
	tg_count_cache_free(c);
	/* what was put or kept is found again, with its counts */
	c = tg_count_cache_open(file, SETTINGS, 1);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		k = (struct tg_count_key){paths[i], size, (int64_t)i, i, i & 1 ? oid : NULL};
		if (!tg_count_cache_get(c, 0, &k, &got))
			abort();
	}
	tg_count_cache_free(c);
	tg_buf_release(&bytes);
	tg_error_clear();
	return 0;
}
