#include "analyze/cache.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "version.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC       "TGCOUNT\n"
#define FORMAT      6u /* also bumped when the counting rules change: v6, dev, ctime and payloads */
#define VERSION_LEN 24
#define HEADER_LEN  (8 + 4 + 4 + VERSION_LEN + 8 + 8 + 8)

/*
 * One file's results as stored: fixed size, so the loaded file is used in
 * place (no parsing, no allocation per row). A row is found by its key:
 * the hash of its directory in the high half and of its name in the low
 * half, so the rows of one directory sit together and a walk that asks for
 * a directory's files one after another reads neighbouring memory. Rows are
 * sorted by key; a bucket table over the top bits narrows a binary search.
 * Paths themselves are not kept: two paths of one tree sharing the key and
 * the check and also the same size, mtime and inode (or blob id) is not a
 * case to plan for.
 */
struct row {
	uint64_t key; /* path_key() */
	uint64_t size, ino;
	int64_t mtime_ns;
	uint32_t blank, comment, code, complexity;
	int32_t lang;
	uint32_t check; /* from the low halves of both hashes: a second check on the key */
	unsigned char oid[20];
	uint32_t has_oid;
	uint64_t dev;
	int64_t ctime_ns;
	uint64_t extra_off; /* into the payload after the rows (the fresh list's, before saving) */
	uint32_t extra_len, pad;
};

/* The payload bytes after the rows, by their start. */
struct payload {
	const unsigned char *p;
	size_t len;
};

struct fresh {
	struct row *v;
	size_t nr, alloc;
	struct tg_buf extra; /* the payloads of v's rows */
};

struct tg_count_cache {
	char *file;
	uint64_t settings;
	unsigned char *data; /* the loaded file, rows used in place */
	size_t data_len;
	int mapped; /* data is mmap'ed (else malloc'ed) */
	const struct row *rows;
	size_t nr;
	struct payload extra; /* the loaded file's payloads */
	unsigned char *seen;  /* per loaded row: 0 not asked, 1 got unchanged, 2 got re-keyed */
	uint32_t *buckets;    /* first row of each bucket; buckets[nb] == nr */
	unsigned shift;       /* bucket = key >> shift */
	struct fresh *fresh;  /* one list per worker */
	int workers;
};

static void put64(struct tg_buf *b, uint64_t v)
{
	tg_buf_add(b, &v, sizeof(v));
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void header(struct tg_buf *b, uint64_t settings, uint64_t rows, uint64_t body_hash)
{
	char version[VERSION_LEN] = {0};
	uint32_t v[2] = {FORMAT, (uint32_t)sizeof(struct row)};

	strncpy(version, TG_VERSION, VERSION_LEN - 1);
	tg_buf_add(b, MAGIC, 8);
	tg_buf_add(b, v, sizeof(v));
	tg_buf_add(b, version, VERSION_LEN);
	put64(b, settings);
	put64(b, rows);
	put64(b, body_hash);
}

/* Why the loaded header does not fit this run, or NULL. */
static const char *check_header(const unsigned char *p, size_t len, uint64_t settings,
                                uint64_t *rows)
{
	struct tg_buf want = TG_BUF_INIT;
	int same;

	if (len < HEADER_LEN || memcmp(p, MAGIC, 8))
		return "not a count cache";
	header(&want, settings, 0, 0);
	if (get32(p + 8) != FORMAT || get32(p + 12) != sizeof(struct row))
		same = -1;
	else
		same = !memcmp(p + 16, want.buf + 16, VERSION_LEN);
	tg_buf_release(&want);
	if (same < 0)
		return "another format";
	if (!same)
		return "another terragon version";
	if (get64(p + 16 + VERSION_LEN) != settings)
		return "other settings";
	*rows = get64(p + HEADER_LEN - 16);
	if (*rows > (len - HEADER_LEN) / sizeof(struct row))
		return "corrupt";
	if (get64(p + HEADER_LEN - 8) != tg_hash64(p + HEADER_LEN, len - HEADER_LEN))
		return "corrupt";
	return NULL;
}

/* The bucket table over sorted rows; -1 when they are not sorted (corrupt). */
static int index_rows(struct tg_count_cache *c)
{
	size_t nb, b = 0;

	c->shift = 64;
	while (c->shift > 48 && ((size_t)1 << (64 - c->shift)) < c->nr)
		c->shift--;
	nb = (size_t)1 << (64 - c->shift);
	c->buckets = tg_malloc((nb + 1) * sizeof(*c->buckets));
	for (size_t i = 0; i < c->nr; i++) {
		size_t k = c->shift == 64 ? 0 : (size_t)(c->rows[i].key >> c->shift);

		if (i && c->rows[i].key < c->rows[i - 1].key)
			return -1;
		while (b <= k)
			c->buckets[b++] = (uint32_t)i;
	}
	while (b <= nb)
		c->buckets[b++] = (uint32_t)c->nr;
	return 0;
}

/* Every row's payload lies within the loaded payload bytes. */
static int check_extras(const struct tg_count_cache *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		const struct row *r = &c->rows[i];

		if (r->extra_off > c->extra.len || r->extra_len > c->extra.len - r->extra_off)
			return -1;
	}
	return 0;
}

/*
 * The whole file, mapped (no copy, no zeroed pages to fault in) or else read;
 * NULL when missing or unreadable. Mapping is safe here, unlike for the files
 * the walk reads: terragon only ever replaces a cache file by renaming a new
 * one over it (tg_buf_write_file), never truncates it in place, so the pages
 * of the old file stay valid for as long as they are mapped.
 */
static unsigned char *slurp(const char *file, size_t *len, int *mapped)
{
	/* Only terragon puts a cache file there, by rename: a link or a FIFO is not one. */
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	unsigned char *p = NULL;
	struct stat st;
	size_t got = 0;
	ssize_t n;

	*mapped = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		goto out;
	if (st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd,
		               0);

		if (m != MAP_FAILED) {
			*mapped = 1;
			*len = (size_t)st.st_size;
			p = m;
			goto out;
		}
	}
	/* page-aligned either way, so the rows can be used in place */
	p = tg_malloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	       ((n = read(fd, p + got, (size_t)st.st_size - got)) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0)
			got += (size_t)n;
	if (got != (size_t)st.st_size) {
		free(p);
		p = NULL;
	}
	*len = got;
out:
	close(fd);
	return p;
}

static void load(struct tg_count_cache *c)
{
	const char *why;
	uint64_t n = 0;
	size_t len = 0;

	if (!(c->data = slurp(c->file, &len, &c->mapped))) {
		tg_debug("count cache: %s: none yet", c->file);
		return;
	}
	why = check_header(c->data, len, c->settings, &n);
	if (!why) {
		c->rows = (const struct row *)(c->data + HEADER_LEN);
		c->nr = (size_t)n;
		c->extra.p = c->data + HEADER_LEN + c->nr * sizeof(struct row);
		c->extra.len = len - HEADER_LEN - c->nr * sizeof(struct row);
		if (index_rows(c) || check_extras(c))
			why = "corrupt";
	}
	c->data_len = len;
	if (why) {
		/* Another version's or settings' file is expected; a damaged one is not. */
		if (!strcmp(why, "corrupt"))
			tg_warn("%s: the cache is damaged; analysing every file again", c->file);
		else
			tg_debug("count cache: %s: ignored (%s)", c->file, why);
		free(c->buckets);
		c->buckets = NULL;
		c->rows = NULL;
		c->nr = 0;
		return;
	}
	c->seen = tg_calloc(c->nr ? c->nr : 1, 1);
	tg_debug("count cache: %s: %zu files", c->file, c->nr);
}

struct tg_count_cache *tg_count_cache_open(const char *file, uint64_t settings, int workers)
{
	struct tg_count_cache *c = tg_calloc(1, sizeof(*c));

	c->file = tg_strdup(file);
	c->settings = settings;
	c->workers = workers > 0 ? workers : 1;
	c->fresh = tg_calloc((size_t)c->workers, sizeof(*c->fresh));
	for (int k = 0; k < c->workers; k++)
		tg_buf_init(&c->fresh[k].extra, 0);
	load(c);
	return c;
}

void tg_count_cache_free(struct tg_count_cache *c)
{
	if (!c)
		return;
	for (int k = 0; k < c->workers; k++) {
		free(c->fresh[k].v);
		tg_buf_release(&c->fresh[k].extra);
	}
	free(c->fresh);
	free(c->buckets);
	free(c->seen);
	if (c->mapped)
		munmap(c->data, c->data_len);
	else
		free(c->data);
	free(c->file);
	free(c);
}

size_t tg_count_cache_size(const struct tg_count_cache *c)
{
	return c->nr;
}

/* The stat data all match (a file rewritten in place changes its mtime). */
static int same_stat(const struct row *r, const struct tg_count_key *k)
{
	return r->size == k->size && r->mtime_ns == k->mtime_ns && r->ino == k->ino &&
	       r->dev == k->dev && r->ctime_ns == k->ctime_ns;
}

/* A blob id names the bytes; without one on both sides, the stat data must all match. */
static int matches(const struct row *r, const struct tg_count_key *k)
{
	if (r->has_oid && k->oid)
		return !memcmp(r->oid, k->oid, 20);
	return same_stat(r, k);
}

/* The key of `path` (see struct row) and, in *check, the second check. */
static uint64_t path_key(const char *path, uint32_t *check)
{
	size_t n = strlen(path);
	const char *slash = memrchr(path, '/', n);
	size_t d = slash ? (size_t)(slash - path) : 0;
	uint64_t dir = tg_hash64(path, d), name = tg_hash64(path + d, n - d);

	/* the low halves, unused by the key, as independent bits for the check */
	*check = (uint32_t)dir ^ (uint32_t)(name << 7 | name >> 57);
	return (dir & 0xffffffff00000000u) | (name >> 32);
}

static void set_key(struct row *r, const struct tg_count_key *k, uint64_t key, uint32_t check)
{
	r->key = key;
	r->check = check;
	r->size = k->size;
	r->mtime_ns = k->mtime_ns;
	r->ino = k->ino;
	r->dev = k->dev;
	r->ctime_ns = k->ctime_ns;
	r->has_oid = k->oid != NULL;
	if (k->oid)
		memcpy(r->oid, k->oid, 20);
	else
		memset(r->oid, 0, 20);
}

/* r with its payload (extra, r->extra_len bytes) into the worker's fresh list. */
static void add_fresh(struct tg_count_cache *c, int worker, const struct row *r, const void *extra)
{
	struct fresh *f = &c->fresh[worker];

	TG_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	f->v[f->nr] = *r;
	f->v[f->nr].extra_off = f->extra.len;
	if (r->extra_len)
		tg_buf_add(&f->extra, extra, r->extra_len);
	f->nr++;
}

/* Hands out row i's results; notes it to keep, re-keyed when its stat data changed. */
static void got(struct tg_count_cache *c, int worker, size_t i, const struct tg_count_key *k,
                struct tg_count_result *out)
{
	const struct row *r = &c->rows[i];

	out->lang = r->lang;
	out->c.blank = r->blank;
	out->c.comment = r->comment;
	out->c.code = r->code;
	out->c.lines = (uint64_t)r->blank + r->comment + r->code;
	out->c.complexity = r->complexity;
	out->extra = r->extra_len ? c->extra.p + r->extra_off : NULL;
	out->extra_len = r->extra_len;
	if (same_stat(r, k) && !r->has_oid == !k->oid) {
		c->seen[i] = 1;
	} else {
		/* a blob id match with new stat data: keep the new key */
		struct row nr = *r;

		set_key(&nr, k, r->key, r->check);
		c->seen[i] = 2;
		add_fresh(c, worker, &nr, out->extra);
	}
}

/* The loaded row of k's path and bytes, or c->nr when none. */
static size_t find_row(const struct tg_count_cache *c, const struct tg_count_key *k)
{
	uint64_t key;
	uint32_t check;
	size_t lo, hi, b;

	if (!c->nr)
		return c->nr;
	key = path_key(k->path, &check);
	b = c->shift == 64 ? 0 : (size_t)(key >> c->shift);
	/* a directory's rows share a bucket: the first row with this key, by halving */
	for (lo = c->buckets[b], hi = c->buckets[b + 1]; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->rows[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->nr && c->rows[lo].key == key; lo++) {
		const struct row *r = &c->rows[lo];

		if (r->check == check && matches(r, k))
			return lo;
	}
	return c->nr;
}

int tg_count_cache_get(struct tg_count_cache *c, int worker, const struct tg_count_key *k,
                       struct tg_count_result *out)
{
	size_t i = find_row(c, k);

	if (i == c->nr)
		return 0;
	got(c, worker, i, k, out);
	return 1;
}

void tg_count_cache_forget(struct tg_count_cache *c, int worker, const struct tg_count_key *k)
{
	size_t i = find_row(c, k);
	struct fresh *f = &c->fresh[worker];

	if (i == c->nr || !c->seen[i])
		return;
	/* re-keyed by got(): its fresh copy is this worker's, the newest of its path */
	for (size_t j = f->nr; c->seen[i] == 2 && j-- > 0;)
		if (f->v[j].key == c->rows[i].key && f->v[j].check == c->rows[i].check) {
			memmove(&f->v[j], &f->v[j + 1], (f->nr - j - 1) * sizeof(*f->v));
			f->nr--;
			break;
		}
	c->seen[i] = 0;
}

void tg_count_cache_put(struct tg_count_cache *c, int worker, const struct tg_count_key *k,
                        const struct tg_count_result *res)
{
	const struct tg_file_counts *x = &res->c;
	struct row r;

	/* counts that do not fit a row are not kept: the file is analyzed next time */
	if (x->blank > UINT32_MAX || x->comment > UINT32_MAX || x->code > UINT32_MAX ||
	    x->complexity > UINT32_MAX || res->extra_len > TG_COUNT_EXTRA_MAX)
		return;
	uint32_t check;
	uint64_t key = path_key(k->path, &check);

	memset(&r, 0, sizeof(r));
	set_key(&r, k, key, check);
	r.lang = res->lang;
	r.blank = (uint32_t)x->blank;
	r.comment = (uint32_t)x->comment;
	r.code = (uint32_t)x->code;
	r.complexity = (uint32_t)x->complexity;
	r.extra_len = (uint32_t)res->extra_len;
	add_fresh(c, worker, &r, res->extra);
}

static int row_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct row *)a)->key, y = ((const struct row *)b)->key;

	return x < y ? -1 : x > y;
}

/* mkdir -p of the directory holding `file`. */
static void make_parents(const char *file)
{
	char *dir = tg_strdup(file);

	for (char *p = dir + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			tg_debug("count cache: %s: %s", dir, strerror(errno));
		*p = '/';
	}
	free(dir);
}

/* 1 when this run got every loaded row unchanged and put none: the file stays as it is. */
static int unchanged(const struct tg_count_cache *c)
{
	for (int k = 0; k < c->workers; k++)
		if (c->fresh[k].nr)
			return 0;
	for (size_t i = 0; i < c->nr; i++)
		if (c->seen[i] != 1)
			return 0;
	return c->nr > 0;
}

/* r into *to, its payload (from base) appended to extra and re-pointed there. */
static void keep_row(struct row *to, const struct row *r, const unsigned char *base,
                     struct tg_buf *extra)
{
	*to = *r;
	to->extra_off = extra->len;
	if (r->extra_len)
		tg_buf_add(extra, base + r->extra_off, r->extra_len);
}

int tg_count_cache_save(struct tg_count_cache *c)
{
	struct tg_buf out = TG_BUF_INIT, body = TG_BUF_INIT, extra = TG_BUF_INIT;
	struct row *v;
	size_t n = 0, cap = c->nr;
	int rc;

	if (unchanged(c)) {
		tg_debug("count cache: %s: unchanged", c->file);
		return TG_OK;
	}
	for (int k = 0; k < c->workers; k++)
		cap += c->fresh[k].nr;
	v = tg_malloc((cap ? cap : 1) * sizeof(*v));
	for (size_t i = 0; i < c->nr; i++)
		if (c->seen[i] == 1)
			keep_row(&v[n++], &c->rows[i], c->extra.p, &extra);
	for (int k = 0; k < c->workers; k++)
		for (size_t i = 0; i < c->fresh[k].nr; i++)
			keep_row(&v[n++], &c->fresh[k].v[i],
			         (const unsigned char *)c->fresh[k].extra.buf, &extra);
	qsort(v, n, sizeof(*v), row_cmp);
	tg_buf_add(&body, v, n * sizeof(*v));
	tg_buf_add(&body, extra.buf, extra.len);
	header(&out, c->settings, n, tg_hash64(body.buf, body.len));
	tg_buf_add(&out, body.buf, body.len);
	free(v);
	tg_buf_release(&body);
	tg_buf_release(&extra);
	make_parents(c->file);
	rc = tg_buf_write_file(&out, c->file);
	tg_buf_release(&out);
	return rc;
}

int tg_cache_dir(struct tg_buf *b, const char *repo_root)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct stat st;

	if (repo_root && !tg_beneath_lstat(repo_root, ".terragon", &st) && S_ISDIR(st.st_mode) &&
	    !tg_beneath_mkdir(repo_root, ".terragon/cache", 0755)) {
		tg_buf_addf(b, "%s/.terragon/cache", repo_root);
		return 0;
	}
	tg_error_clear();
	if (xdg && *xdg == '/')
		tg_buf_addf(b, "%s/terragon", xdg);
	else if (home && *home)
		tg_buf_addf(b, "%s/.cache/terragon", home);
	else
		return -1;
	return 0;
}

char *tg_count_cache_file(const char *root, const char *repo_root)
{
	return tg_count_cache_file_named(root, repo_root, "count");
}

char *tg_count_cache_file_named(const char *root, const char *repo_root, const char *name)
{
	struct tg_buf b = TG_BUF_INIT;
	char *real = realpath(root, NULL), hex[17];

	tg_buf_adds(&b, real ? real : root);
	tg_buf_add(&b, "", 1);
	tg_buf_adds(&b, TG_VERSION);
	tg_hash_hex(tg_hash64(b.buf, b.len), hex);
	free(real);
	tg_buf_reset(&b);
	if (tg_cache_dir(&b, repo_root)) {
		tg_buf_release(&b);
		return NULL;
	}
	tg_buf_addf(&b, "/%s-%s.bin", name, hex);
	return tg_buf_detach(&b, NULL);
}
