/* Per-file results of the file-reading sources between runs (memo_int.h). */
#include "discover/memo_int.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

/*
 * The directories made beneath root when the store is the repository's (no
 * link followed), as given when store.path is absolute.
 */
char *discover_cache_file(const char *root, const char *store_path, const char *name)
{
	struct tg_buf dir = TG_BUF_INIT, file = TG_BUF_INIT;
	const char *slash = strrchr(store_path, '/');
	char hex[17];

	if (slash)
		tg_buf_add(&dir, store_path, (size_t)(slash - store_path));
	tg_buf_adds(&dir, dir.len ? "/cache" : "cache");
	if (store_path[0] != '/' && tg_beneath_mkdir(root, dir.buf, 0755)) {
		tg_debug("%s: no cache: %s", name, tg_error_message());
		tg_error_clear();
		tg_buf_release(&dir);
		return NULL;
	}
	tg_hash_hex(tg_hash64(root, strlen(root)), hex);
	if (store_path[0] != '/')
		tg_buf_addf(&file, "%s/", root);
	tg_buf_addf(&file, "%s/%s-%s.bin", dir.buf, name, hex);
	tg_buf_release(&dir);
	return tg_buf_detach(&file, NULL);
}

static struct tg_count_key key_of(const struct tg_walk_entry *e)
{
	struct tg_count_key k = {e->path, e->size, e->mtime_ns, e->ino,
	                         e->oid,  e->dev,  e->ctime_ns};

	return k;
}

static int memo_get(void *arg, const struct tg_walk_entry *e, const void **data, size_t *len)
{
	struct discover_memo *m = arg;
	struct tg_count_key k = key_of(e);
	struct tg_count_result r;

	if (!m->cache || !tg_count_cache_get(m->cache, e->worker, &k, &r) || !r.extra)
		return 0;
	*data = r.extra;
	*len = r.extra_len;
	__atomic_fetch_add(&m->served, 1, __ATOMIC_RELAXED);
	free(m->last_hit[e->worker]);
	m->last_hit[e->worker] = tg_strdup(e->path);
	return 1;
}

static void memo_put(void *arg, const struct tg_walk_entry *e, const void *data, size_t len)
{
	struct discover_memo *m = arg;
	struct tg_count_key k = key_of(e);
	struct tg_count_result r;

	__atomic_fetch_add(&m->read, 1, __ATOMIC_RELAXED);
	/* A payload got, then found stale by its user (deps' context): read, not served,
	 * and the old row not kept beside the new one. */
	if (m->last_hit[e->worker] && !strcmp(m->last_hit[e->worker], e->path)) {
		__atomic_fetch_sub(&m->served, 1, __ATOMIC_RELAXED);
		if (m->cache)
			tg_count_cache_forget(m->cache, e->worker, &k);
		free(m->last_hit[e->worker]);
		m->last_hit[e->worker] = NULL;
	}
	/* no inode: no stat data taken, nothing that could tell the next run it is unchanged */
	if (!m->cache || !e->ino || !len || len > TG_COUNT_EXTRA_MAX)
		return;
	memset(&r, 0, sizeof(r));
	r.lang = -1;
	r.extra = data;
	r.extra_len = len;
	tg_count_cache_put(m->cache, e->worker, &k, &r);
}

void discover_memo_open(struct discover_memo *m, const struct tg_discover_ctx *ctx,
                        const char *name, const char *what, uint64_t settings, int workers)
{
	char *file =
	        ctx->use_store ? discover_cache_file(ctx->root, ctx->cfg->store.path, name) : NULL;

	memset(m, 0, sizeof(*m));
	m->what = what;
	m->ops.get = memo_get;
	m->ops.put = memo_put;
	m->ops.arg = m;
	m->workers = workers > 0 ? workers : 1;
	m->last_hit = tg_calloc((size_t)m->workers, sizeof(*m->last_hit));
	if (file)
		m->cache = tg_count_cache_open(file, settings, m->workers);
	free(file);
}

void discover_memo_close(struct discover_memo *m)
{
	tg_debug("%s: files read %ld, served from cache %ld", m->what, m->read, m->served);
	if (m->cache && tg_count_cache_save(m->cache)) {
		tg_warn("%s: cache not saved: %s", m->what, tg_error_message());
		tg_error_clear();
	}
	tg_count_cache_free(m->cache);
	m->cache = NULL;
	for (int i = 0; i < m->workers; i++)
		free(m->last_hit[i]);
	free(m->last_hit);
	m->last_hit = NULL;
}
