/* The scanner's per-file results between runs (scan_cache_int.h). */
#include "discover/scan_cache_int.h"

#include "discover/memo_int.h"

#include "store/store.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

static int capture(struct tg_sink *sink, struct tg_item *it)
{
	struct scan_capture *c = sink->data;

	/* Redacted before it is kept: no token reaches the cache file (the backlog redacts too). */
	tg_item_redact(it);
	tg_item_encode(&c->items, it);
	c->nr++;
	return c->to->emit(c->to, it);
}

void scan_cache_open(struct scan_cache *sc, const char *root, const char *store_path,
                     uint64_t settings, int workers, struct tg_sink *to)
{
	char *file = discover_cache_file(root, store_path, "scan");
	int i;

	memset(sc, 0, sizeof(*sc));
	sc->workers = workers;
	sc->w = tg_calloc((size_t)workers, sizeof(*sc->w));
	for (i = 0; i < workers; i++) {
		sc->w[i].sink.emit = capture;
		sc->w[i].sink.data = &sc->w[i];
		sc->w[i].to = to;
		tg_buf_init(&sc->w[i].items, 0);
	}
	if (file)
		sc->cache = tg_count_cache_open(file, settings, workers);
	free(file);
}

int scan_cache_emit(const void *data, size_t len, struct tg_sink *sink)
{
	const unsigned char *p = data, *end = p + len;
	struct tg_item *v;
	uint32_t n, i, got = 0;
	int rc = TG_OK;

	if (len < 4)
		return tg_error_set(TG_ERR_INPUT, "cached items: truncated");
	memcpy(&n, p, 4);
	p += 4;
	if (n > len / 8)
		return tg_error_set(TG_ERR_INPUT, "cached items: damaged");
	v = tg_calloc(n ? n : 1, sizeof(*v));
	for (i = 0; i < n && rc == TG_OK; i++, got++)
		rc = tg_item_decode(&v[i], &p, end);
	if (rc == TG_OK && p != end)
		rc = tg_error_set(TG_ERR_INPUT, "cached items: damaged");
	/* All or nothing: a damaged payload is read again, never half emitted. */
	for (i = 0; i < n; i++) {
		if (rc == TG_OK)
			sink->emit(sink, &v[i]);
		else if (i < got)
			tg_item_release(&v[i]);
	}
	free(v);
	return rc;
}

int scan_cache_serve(struct scan_cache *sc, const struct tg_walk_entry *e)
{
	struct tg_count_key k = {e->path, e->size, e->mtime_ns, e->ino,
	                         e->oid,  e->dev,  e->ctime_ns};
	struct tg_count_result r;
	struct scan_capture *c = &sc->w[e->worker];

	if (!sc->cache || !tg_count_cache_get(sc->cache, e->worker, &k, &r))
		return 0;
	if (scan_cache_emit(r.extra, r.extra_len, c->to) != TG_OK) {
		tg_warn("scanner: %s: its cached results are damaged; analysing it again", e->path);
		tg_error_clear();
		tg_count_cache_forget(sc->cache, e->worker,
		                      &k); /* the fresh results replace them */
		return 0;
	}
	c->served++;
	return 1;
}

void scan_cache_begin(struct scan_cache *sc, int worker)
{
	struct scan_capture *c = &sc->w[worker];

	tg_buf_reset(&c->items);
	c->nr = 0;
	tg_buf_add(&c->items, &c->nr, sizeof(c->nr)); /* the count, set when put */
	c->analysed++;
}

void scan_cache_put(struct scan_cache *sc, const struct tg_walk_file *f, int lang,
                    const struct tg_file_counts *counts)
{
	struct scan_capture *c = &sc->w[f->worker];
	struct tg_count_key k = {f->path, f->len, f->mtime_ns, f->ino, f->oid, f->dev, f->ctime_ns};
	struct tg_count_result r;

	/* stat data taken before the read, so a change during it is a miss next time */
	if (!sc->cache || !f->ino)
		return;
	memset(&r, 0, sizeof(r));
	r.lang = lang;
	if (counts)
		r.c = *counts;
	memcpy(c->items.buf, &c->nr, sizeof(c->nr));
	r.extra = c->items.buf;
	r.extra_len = c->items.len;
	tg_count_cache_put(sc->cache, f->worker, &k, &r);
}

void scan_cache_close(struct scan_cache *sc)
{
	long analysed = 0, served = 0;
	int i;

	for (i = 0; i < sc->workers; i++) {
		analysed += sc->w[i].analysed;
		served += sc->w[i].served;
		tg_buf_release(&sc->w[i].items);
	}
	tg_debug("scanner: files analysed %ld, served from cache %ld", analysed, served);
	if (sc->cache && tg_count_cache_save(sc->cache)) {
		tg_warn("scanner: cache not saved: %s", tg_error_message());
		tg_error_clear();
	}
	tg_count_cache_free(sc->cache);
	free(sc->w);
	memset(sc, 0, sizeof(*sc));
}
