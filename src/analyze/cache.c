#include "analyze/cache.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "version.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAGIC       "TGCOUNT\n"
#define FORMAT      1u
#define VERSION_LEN 24
#define HEADER_LEN  (8 + 4 + 4 + VERSION_LEN + 8 + 8 + 8)
#define ROW_FIXED   (8 + 8 + 8 + 20 + 1 + 4 + 5 * 8 + 4)

struct row {
	const char *path; /* into the loaded file, or owned (fresh rows) */
	uint64_t size, ino;
	int64_t mtime_ns;
	unsigned char oid[20];
	unsigned char has_oid, seen;
	struct tg_count_result r;
};

struct fresh {
	struct row *v;
	size_t nr, alloc;
};

struct tg_count_cache {
	char *file;
	uint64_t settings;
	struct tg_buf data; /* the loaded file: rows' paths point into it */
	struct row *rows;
	size_t nr;
	uint32_t *slots; /* row index + 1, open addressing; 0 = empty */
	size_t mask;
	struct fresh *fresh; /* one list per worker */
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
	uint32_t v[2] = {FORMAT, 0};

	strncpy(version, TG_VERSION, VERSION_LEN - 1);
	tg_buf_add(b, MAGIC, 8);
	tg_buf_add(b, v, sizeof(v));
	tg_buf_add(b, version, VERSION_LEN);
	put64(b, settings);
	put64(b, rows);
	put64(b, body_hash);
}

/* Why the loaded header does not fit this run, or NULL. */
static const char *check_header(const struct tg_count_cache *c, uint64_t *rows)
{
	const unsigned char *p = (const unsigned char *)c->data.buf;
	struct tg_buf want = TG_BUF_INIT;
	int same;

	if (c->data.len < HEADER_LEN || memcmp(p, MAGIC, 8))
		return "not a count cache";
	header(&want, c->settings, 0, 0);
	if (get32(p + 8) != FORMAT)
		same = -1;
	else
		same = !memcmp(p + 16, want.buf + 16, VERSION_LEN);
	tg_buf_release(&want);
	if (same < 0)
		return "another format";
	if (!same)
		return "another terragon version";
	if (get64(p + 16 + VERSION_LEN) != c->settings)
		return "other settings";
	if (get64(p + HEADER_LEN - 8) != tg_hash64(p + HEADER_LEN, c->data.len - HEADER_LEN))
		return "corrupt";
	*rows = get64(p + HEADER_LEN - 16);
	return NULL;
}

/* Parses one row at *off; 0 on success, -1 when it runs past the end. */
static int parse_row(const unsigned char *p, size_t len, size_t *off, struct row *r)
{
	size_t o = *off;
	uint32_t plen;

	if (len - o < ROW_FIXED)
		return -1;
	r->size = get64(p + o);
	r->mtime_ns = (int64_t)get64(p + o + 8);
	r->ino = get64(p + o + 16);
	memcpy(r->oid, p + o + 24, 20);
	r->has_oid = p[o + 44];
	r->r.lang = (int32_t)get32(p + o + 45);
	memcpy(&r->r.c, p + o + 49, 5 * 8);
	plen = get32(p + o + 89);
	o += ROW_FIXED;
	if (len - o < (size_t)plen + 1 || p[o + plen] != '\0' || memchr(p + o, 0, plen))
		return -1;
	r->path = (const char *)p + o;
	r->seen = 0;
	*off = o + plen + 1;
	return 0;
}

static void index_rows(struct tg_count_cache *c)
{
	size_t cap = 16;

	while (cap < c->nr * 2)
		cap *= 2;
	c->slots = tg_calloc(cap, sizeof(*c->slots));
	c->mask = cap - 1;
	for (size_t i = 0; i < c->nr; i++) {
		size_t s = tg_hash64(c->rows[i].path, strlen(c->rows[i].path)) & c->mask;
		while (c->slots[s])
			s = (s + 1) & c->mask;
		c->slots[s] = (uint32_t)(i + 1);
	}
}

/* Reads the rows of a loaded file whose header fits; -1 if corrupt. */
static int load_rows(struct tg_count_cache *c, uint64_t n)
{
	const unsigned char *p = (const unsigned char *)c->data.buf;
	size_t off = HEADER_LEN;

	if (n > (c->data.len - HEADER_LEN) / ROW_FIXED)
		return -1;
	c->rows = tg_malloc((n ? n : 1) * sizeof(*c->rows));
	for (c->nr = 0; c->nr < n; c->nr++)
		if (parse_row(p, c->data.len, &off, &c->rows[c->nr]))
			return -1;
	return off == c->data.len ? 0 : -1;
}

static void load(struct tg_count_cache *c)
{
	const char *why;
	uint64_t n = 0;

	if (tg_buf_read_file(&c->data, c->file)) {
		tg_debug("count cache: %s: none yet", c->file);
		return;
	}
	why = check_header(c, &n);
	if (!why && load_rows(c, n))
		why = "corrupt";
	if (why) {
		tg_debug("count cache: %s: ignored (%s)", c->file, why);
		free(c->rows);
		c->rows = NULL;
		c->nr = 0;
		return;
	}
	tg_debug("count cache: %s: %zu files", c->file, c->nr);
}

struct tg_count_cache *tg_count_cache_open(const char *file, uint64_t settings, int workers)
{
	struct tg_count_cache *c = tg_calloc(1, sizeof(*c));

	c->file = tg_strdup(file);
	c->settings = settings;
	tg_buf_init(&c->data, 0);
	c->workers = workers > 0 ? workers : 1;
	c->fresh = tg_calloc((size_t)c->workers, sizeof(*c->fresh));
	load(c);
	index_rows(c);
	return c;
}

void tg_count_cache_free(struct tg_count_cache *c)
{
	if (!c)
		return;
	for (int k = 0; k < c->workers; k++) {
		for (size_t i = 0; i < c->fresh[k].nr; i++)
			free((char *)c->fresh[k].v[i].path);
		free(c->fresh[k].v);
	}
	free(c->fresh);
	free(c->slots);
	free(c->rows);
	tg_buf_release(&c->data);
	free(c->file);
	free(c);
}

size_t tg_count_cache_size(const struct tg_count_cache *c)
{
	return c->nr;
}

static struct row *find(struct tg_count_cache *c, const char *path)
{
	size_t s = tg_hash64(path, strlen(path)) & c->mask;

	for (; c->slots[s]; s = (s + 1) & c->mask)
		if (!strcmp(c->rows[c->slots[s] - 1].path, path))
			return &c->rows[c->slots[s] - 1];
	return NULL;
}

/* A blob id names the bytes; without one on both sides, the stat data must all match. */
static int matches(const struct row *r, const struct tg_count_key *k)
{
	if (r->has_oid && k->oid)
		return !memcmp(r->oid, k->oid, 20);
	return r->size == k->size && r->mtime_ns == k->mtime_ns && r->ino == k->ino;
}

static void set_key(struct row *r, const struct tg_count_key *k)
{
	r->size = k->size;
	r->mtime_ns = k->mtime_ns;
	r->ino = k->ino;
	r->has_oid = k->oid != NULL;
	if (k->oid)
		memcpy(r->oid, k->oid, 20);
	else
		memset(r->oid, 0, 20);
}

int tg_count_cache_get(struct tg_count_cache *c, const struct tg_count_key *k,
                       struct tg_count_result *out)
{
	struct row *r = find(c, k->path);

	if (!r || !matches(r, k))
		return 0;
	/* a blob id match may come with new stat data: 2 says the row changed */
	r->seen = r->size == k->size && r->mtime_ns == k->mtime_ns && r->ino == k->ino &&
	                          !r->has_oid == !k->oid
	                  ? 1
	                  : 2;
	set_key(r, k);
	*out = r->r;
	return 1;
}

void tg_count_cache_put(struct tg_count_cache *c, int worker, const struct tg_count_key *k,
                        const struct tg_count_result *res)
{
	struct fresh *f = &c->fresh[worker];
	struct row *r;

	TG_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	r = &f->v[f->nr++];
	set_key(r, k);
	r->path = tg_strdup(k->path);
	r->r = *res;
	r->seen = 1;
}

static void put_row(struct tg_buf *b, const struct row *r)
{
	uint32_t lang = (uint32_t)r->r.lang, plen = (uint32_t)strlen(r->path);

	put64(b, r->size);
	put64(b, (uint64_t)r->mtime_ns);
	put64(b, r->ino);
	tg_buf_add(b, r->oid, 20);
	tg_buf_addch(b, r->has_oid);
	tg_buf_add(b, &lang, 4);
	tg_buf_add(b, &r->r.c, 5 * 8);
	tg_buf_add(b, &plen, 4);
	tg_buf_add(b, r->path, plen + 1);
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
		if (c->rows[i].seen != 1)
			return 0;
	return c->nr > 0;
}

int tg_count_cache_save(struct tg_count_cache *c)
{
	struct tg_buf body = TG_BUF_INIT, out = TG_BUF_INIT;
	uint64_t n = 0;
	int rc;

	if (unchanged(c)) {
		tg_debug("count cache: %s: unchanged", c->file);
		return TG_OK;
	}

	for (size_t i = 0; i < c->nr; i++)
		if (c->rows[i].seen && ++n)
			put_row(&body, &c->rows[i]);
	for (int k = 0; k < c->workers; k++)
		for (size_t i = 0; i < c->fresh[k].nr; i++, n++)
			put_row(&body, &c->fresh[k].v[i]);
	header(&out, c->settings, n, tg_hash64(body.buf, body.len));
	tg_buf_add(&out, body.buf, body.len);
	make_parents(c->file);
	rc = tg_buf_write_file(&out, c->file);
	tg_buf_release(&body);
	tg_buf_release(&out);
	return rc;
}

/* The directory for cache files: .terragon/cache, else the user's cache directory. */
static int cache_dir(struct tg_buf *b, const char *repo_root)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct stat st;

	if (repo_root) {
		tg_buf_addf(b, "%s/.terragon", repo_root);
		if (!stat(b->buf, &st) && S_ISDIR(st.st_mode)) {
			tg_buf_adds(b, "/cache");
			return 0;
		}
		tg_buf_reset(b);
	}
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
	struct tg_buf b = TG_BUF_INIT;
	char *real = realpath(root, NULL), hex[17];

	tg_buf_adds(&b, real ? real : root);
	tg_buf_add(&b, "", 1);
	tg_buf_adds(&b, TG_VERSION);
	tg_hash_hex(tg_hash64(b.buf, b.len), hex);
	free(real);
	tg_buf_reset(&b);
	if (cache_dir(&b, repo_root)) {
		tg_buf_release(&b);
		return NULL;
	}
	tg_buf_addf(&b, "/count-%s.bin", hex);
	return tg_buf_detach(&b, NULL);
}
