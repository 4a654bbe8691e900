#include "walk/index_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/hashmap.h"
#include "util/log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/*
 * Blob ids of tracked files from the git index. An id names a file's bytes
 * only while its stat data still matches the entry, and only when the entry
 * is older than the index file itself ("racily clean" entries are not
 * trusted, as git does not trust them).
 *
 * The index is read here rather than through libgit2: initializing libgit2
 * loads its TLS library's CA bundle (about 10 ms here), which was a tenth of
 * a cached `count` over the whole kernel. Only what the walk needs is read
 * (format versions 2 to 4, see gitformat-index(5)); an index this reader
 * does not follow (split index, SHA-256, damage) just means no blob ids.
 */
struct ix_entry {
	unsigned char oid[20];
	uint32_t size, ino;
	int64_t mtime_s;
	uint32_t mtime_ns;
};

struct tg_walk_index {
	struct ix_entry *v;
	size_t nr;
	struct tg_hashmap by_path; /* path relative to the walk root -> index into v */
};

/* The fixed part of an entry: ctime, mtime, dev, ino, mode, uid, gid, size, oid, flags. */
#define ENTRY_FIXED   62
#define FLAG_EXTENDED 0x4000
#define FLAG_STAGE    0x3000

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Version 4's prefix length: git's offset varint (each continuation adds one). */
static int varint(const unsigned char **p, const unsigned char *end, size_t *out)
{
	size_t v;
	unsigned char c;

	if (*p >= end)
		return -1;
	c = *(*p)++;
	v = c & 127;
	while (c & 128) {
		if (*p >= end || v > (SIZE_MAX >> 8))
			return -1;
		c = *(*p)++;
		v = ((v + 1) << 7) | (c & 127);
	}
	*out = v;
	return 0;
}

/*
 * The entry's path into *path (replacing, for version 4, the tail of the
 * previous one); *p moves past the entry. -1 when it runs off the end.
 */
static int entry_path(const unsigned char **p, const unsigned char *start, const unsigned char *end,
                      unsigned version, struct tg_buf *path)
{
	const unsigned char *nul;
	size_t strip = 0;

	if (version == 4 && (varint(p, end, &strip) || strip > path->len))
		return -1;
	nul = *p < end ? memchr(*p, '\0', (size_t)(end - *p)) : NULL;
	if (!nul)
		return -1;
	if (version == 4)
		tg_buf_setlen(path, path->len - strip);
	else
		tg_buf_reset(path);
	tg_buf_add(path, *p, (size_t)(nul - *p));
	*p = nul + 1;
	if (version != 4) {
		/* NUL padding to a multiple of 8 from the entry's start: 1 to 8 NULs in all. */
		size_t len = (size_t)(*p - start);
		size_t pad = (8 - len % 8) % 8;
		if ((size_t)(end - *p) < pad)
			return -1;
		*p += pad;
	}
	return 0;
}

static int keep(const unsigned char *e, uint16_t flags, uint16_t xflags, const struct stat *ist)
{
	int64_t ms = be32(e + 8);
	uint32_t mns = be32(e + 12);

	if ((flags & FLAG_STAGE) || xflags || !S_ISREG(be32(e + 24)))
		return 0; /* conflicted, skip-worktree or intent-to-add, or no regular file */
	if (ms != (int64_t)ist->st_mtim.tv_sec)
		return ms < (int64_t)ist->st_mtim.tv_sec;
	return mns < (uint32_t)ist->st_mtim.tv_nsec;
}

int tg_walk_index_parse(struct tg_walk_index *ix, const unsigned char *buf, size_t len,
                        const char *prefix, const struct stat *ist)
{
	const unsigned char *p = buf + 12, *end = buf + len;
	struct tg_buf path = TG_BUF_INIT;
	size_t plen = strlen(prefix), n, i;
	unsigned version;

	if (len < 12 + 20 || memcmp(buf, "DIRC", 4))
		return -1;
	end -= 20; /* the trailing checksum */
	version = be32(buf + 4);
	n = be32(buf + 8);
	if (version < 2 || version > 4 || n > (size_t)(end - p) / ENTRY_FIXED)
		return -1;
	ix->v = tg_calloc(n ? n : 1, sizeof(*ix->v));
	for (i = 0; i < n; i++) {
		const unsigned char *e = p;
		uint16_t flags, xflags = 0;
		struct tg_hashmap_entry *x;
		int added;

		if ((size_t)(end - p) < ENTRY_FIXED)
			break;
		flags = be16(e + 60);
		p += ENTRY_FIXED;
		if (flags & FLAG_EXTENDED) {
			if (version < 3 || end - p < 2)
				break;
			xflags = be16(p);
			p += 2;
		}
		if (entry_path(&p, e, end, version, &path))
			break;
		if (!keep(e, flags, xflags, ist) || strncmp(path.buf, prefix, plen) ||
		    path.len == plen)
			continue;
		/* A path twice (only in a damaged index): the first entry wins. */
		x = tg_hashmap_put(&ix->by_path, path.buf + plen, path.len - plen, &added);
		if (!added)
			continue;
		x->val.u64 = ix->nr;
		memcpy(ix->v[ix->nr].oid, e + 40, 20);
		ix->v[ix->nr].size = be32(e + 36);
		ix->v[ix->nr].ino = be32(e + 20);
		ix->v[ix->nr].mtime_s = be32(e + 8);
		ix->v[ix->nr].mtime_ns = be32(e + 12);
		ix->nr++;
	}
	tg_buf_release(&path);
	return i == n ? 0 : -1;
}

/* SHA-256 repositories have 32-byte ids in their index; this reader keeps 20. */
static int sha1_repo(const char *common_dir)
{
	struct tg_buf b = TG_BUF_INIT, cfg = TG_BUF_INIT;
	int sha1;

	tg_buf_addf(&b, "%s/config", common_dir);
	tg_buf_read_file(&cfg, b.buf);
	for (size_t i = 0; i < cfg.len; i++)
		if (cfg.buf[i] >= 'A' && cfg.buf[i] <= 'Z')
			cfg.buf[i] = (char)(cfg.buf[i] + ('a' - 'A'));
	sha1 = !cfg.len || !strstr(cfg.buf, "objectformat") || !strstr(cfg.buf, "sha256");
	tg_buf_release(&b);
	tg_buf_release(&cfg);
	return sha1;
}

struct tg_walk_index *tg_walk_index_load(const char *git_dir, const char *common_dir,
                                         const char *prefix)
{
	struct tg_walk_index *ix;
	struct tg_buf file = TG_BUF_INIT, path = TG_BUF_INIT;
	struct stat ist;

	tg_buf_addf(&path, "%s/index", git_dir);
	if (stat(path.buf, &ist) || !sha1_repo(common_dir) || tg_buf_read_file(&file, path.buf)) {
		tg_debug("walk: no git index read at %s", path.buf);
		tg_buf_release(&path);
		tg_buf_release(&file);
		return NULL;
	}
	ix = tg_walk_index_new();
	if (tg_walk_index_parse(ix, (const unsigned char *)file.buf, file.len, prefix, &ist)) {
		tg_debug("walk: %s: not an index this reader follows; no blob ids", path.buf);
		tg_walk_index_free(ix);
		ix = NULL;
	}
	tg_buf_release(&file);
	tg_buf_release(&path);
	if (!ix)
		return NULL;
	tg_debug("walk: %zu blob ids from the git index in %s", ix->nr, git_dir);
	return ix;
}

const unsigned char *tg_walk_index_oid(const struct tg_walk_index *ix, const char *path, size_t len,
                                       const struct stat *st)
{
	const struct tg_hashmap_entry *e = tg_hashmap_get(&ix->by_path, path, len);
	const struct ix_entry *x;

	if (!e)
		return NULL;
	x = &ix->v[e->val.u64];
	if (x->size != (uint32_t)st->st_size || x->mtime_s != (int64_t)st->st_mtim.tv_sec)
		return NULL;
	if (x->mtime_ns && x->mtime_ns != (uint32_t)st->st_mtim.tv_nsec)
		return NULL;
	if (x->ino && x->ino != (uint32_t)st->st_ino)
		return NULL;
	return x->oid;
}

int tg_walk_index_has(const struct tg_walk_index *ix, const char *path, size_t len)
{
	return tg_hashmap_get(&ix->by_path, path, len) != NULL;
}

struct tg_walk_index *tg_walk_index_new(void)
{
	return tg_calloc(1, sizeof(struct tg_walk_index));
}

void tg_walk_index_free(struct tg_walk_index *ix)
{
	if (!ix)
		return;
	free(ix->v);
	tg_hashmap_release(&ix->by_path);
	free(ix);
}
