/*
 * The file graph of arch.h: one walk reads every source file's imports (and
 * go.mod's module line), then each import is resolved against the tree's
 * own files, in the order of the language's rules.
 */
#include "arch/arch_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "analyze/cache.h"
#include "util/hash.h"
#include "util/log.h"
#include "walk/walk.h"

static int is_go_mod(const char *path)
{
	const char *slash = strrchr(path, '/');
	return !strcmp(slash ? slash + 1 : path, "go.mod");
}

static int wanted(const char *path)
{
	return tg_arch_lang_of(path) != TG_ARCH_NONE || is_go_mod(path);
}

static void on_import(void *arg, const char *spec, size_t len, int line, int flag)
{
	struct arch_file *f = arg;

	if (!len || len > 1024)
		return;
	if (flag == 2) {
		if (!f->package)
			f->package = tg_strndup(spec, len);
		return;
	}
	TG_ALLOC_GROW(f->raw, f->raw_nr + 1, f->raw_alloc);
	f->raw[f->raw_nr++] = (struct arch_raw){tg_strndup(spec, len), line, flag};
}

/* go.mod's `module path` line, or NULL. */
static char *go_module(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t end = i, start;
		while (end < n && s[end] != '\n')
			end++;
		while (i < end && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (end - i > 7 && !memcmp(s + i, "module", 6) &&
		    (s[i + 6] == ' ' || s[i + 6] == '\t')) {
			i += 7;
			while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '"'))
				i++;
			start = i;
			while (i < end && s[i] != ' ' && s[i] != '\t' && s[i] != '"' &&
			       s[i] != '\r')
				i++;
			return i > start ? tg_strndup(s + start, i - start) : NULL;
		}
		i = end + 1;
	}
	return NULL;
}

void arch_add_mod(struct arch_builder *b, const char *path, char *module)
{
	if (!module)
		return;
	pthread_mutex_lock(&b->lock);
	TG_ALLOC_GROW(b->mods, b->mods_nr + 1, b->mods_alloc);
	b->mods[b->mods_nr].module = module;
	b->mods[b->mods_nr++].dir = arch_dirname(path);
	pthread_mutex_unlock(&b->lock);
}

void arch_add_file(struct arch_builder *b, struct arch_file *f)
{
	pthread_mutex_lock(&b->lock);
	TG_ALLOC_GROW(b->files, b->files_nr + 1, b->files_alloc);
	b->files[b->files_nr++] = *f;
	pthread_mutex_unlock(&b->lock);
}

void arch_file_release(struct arch_file *f)
{
	for (size_t j = 0; j < f->raw_nr; j++)
		free(f->raw[j].spec);
	free(f->raw);
	free(f->path);
	free(f->package);
}

/* Reads one file's imports into f, or go.mod's module into *module (is_mod set). */
static void read_file(const char *path, const char *text, size_t n, struct arch_file *f,
                      char **module, int *is_mod)
{
	memset(f, 0, sizeof(*f));
	*module = NULL;
	if ((*is_mod = is_go_mod(path))) {
		*module = go_module(text, n);
		return;
	}
	f->lang = tg_arch_lang_of(path);
	f->path = tg_strdup(path);
	/* A Go test file may import what its package's importers are: not the package's edges. */
	if (!(f->lang == TG_ARCH_GO && strstr(path, "_test.go")))
		tg_arch_read_imports(f->lang, text, n, on_import, f);
}

void arch_scan_file(struct arch_builder *b, const char *path, const char *text, size_t n)
{
	struct arch_file f;
	char *mod;
	int is_mod;

	read_file(path, text, n, &f, &mod, &is_mod);
	if (is_mod)
		arch_add_mod(b, path, mod);
	else
		arch_add_file(b, &f);
}

/*
 * The walk's result (the builder, compile_commands.json's include
 * directories, the digest of both) and its state: the cache with its
 * counters when there is one.
 */
struct tg_arch_inputs {
	struct arch_builder b;
	struct tg_strlist dirs;
	uint64_t digest;
	size_t files_cached;
	struct tg_count_cache *cache;
	struct tg_buf *payload; /* per worker */
	size_t *served, *read;  /* per worker */
};

static int on_file(const struct tg_walk_file *wf, void *arg)
{
	struct tg_arch_inputs *r = arg;
	struct arch_file f;
	char *mod;
	int is_mod;

	read_file(wf->path, (const char *)wf->data, wf->len, &f, &mod, &is_mod);
	/* stat data taken before the read, so a change during it is a miss next time */
	if (r->cache && wf->ino) {
		struct tg_count_key k = {wf->path, wf->len, wf->mtime_ns, wf->ino,
		                         wf->oid,  wf->dev, wf->ctime_ns};
		struct tg_count_result res = {-1, {0, 0, 0, 0, 0}, NULL, 0};
		struct tg_buf *p = &r->payload[wf->worker];
		tg_buf_reset(p);
		arch_encode(p, &f, mod, is_mod);
		if (p->len <= TG_COUNT_EXTRA_MAX) {
			res.extra = p->buf;
			res.extra_len = p->len;
			tg_count_cache_put(r->cache, wf->worker, &k, &res);
		}
		r->read[wf->worker]++;
	}
	if (is_mod)
		arch_add_mod(&r->b, wf->path, mod);
	else
		arch_add_file(&r->b, &f);
	return 0;
}

static int on_cached(const struct tg_walk_entry *e, void *arg)
{
	struct tg_arch_inputs *r = arg;
	struct tg_count_key k = {e->path, e->size, e->mtime_ns, e->ino,
	                         e->oid,  e->dev,  e->ctime_ns};
	struct tg_count_result res;

	if (!tg_count_cache_get(r->cache, e->worker, &k, &res))
		return 0;
	if (arch_decode(&r->b, e->path, res.extra, res.extra_len)) {
		tg_warn("architecture: %s; reading the file again", tg_error_message());
		tg_error_clear();
		return 0;
	}
	r->served[e->worker]++;
	return 1;
}

static void run_cache_close(struct tg_arch_inputs *r, int workers)
{
	size_t served = 0, read = 0;

	if (!r->cache)
		return;
	for (int i = 0; i < workers; i++) {
		served += r->served[i];
		read += r->read[i];
		tg_buf_release(&r->payload[i]);
	}
	r->files_cached = served;
	tg_debug("architecture: files read %zu, served from cache %zu", read, served);
	if (tg_count_cache_save(r->cache)) {
		tg_warn("architecture: cache not saved: %s", tg_error_message());
		tg_error_clear();
	}
	tg_count_cache_free(r->cache);
	r->cache = NULL;
	free(r->payload);
	free(r->served);
	free(r->read);
}

/* One file's part of the digest: its path, language, package and imports, in order. */
static uint64_t file_digest(const struct arch_file *f)
{
	struct tg_hasher h;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, f->path);
	tg_hasher_add(&h, &f->lang, sizeof(f->lang));
	tg_hasher_adds(&h, f->package ? f->package : "\x01");
	for (size_t i = 0; i < f->raw_nr; i++) {
		tg_hasher_adds(&h, f->raw[i].spec);
		tg_hasher_add(&h, &f->raw[i].line, sizeof(f->raw[i].line));
		tg_hasher_add(&h, &f->raw[i].flag, sizeof(f->raw[i].flag));
	}
	return tg_hasher_finish(&h);
}

/* A sum of each part's hash: the walk hands files over in no fixed order. */
static uint64_t inputs_digest(const struct tg_arch_inputs *in)
{
	uint64_t d = 0;
	struct tg_hasher h;

	for (size_t i = 0; i < in->b.files_nr; i++)
		d += file_digest(&in->b.files[i]);
	for (size_t i = 0; i < in->b.mods_nr; i++) {
		tg_hasher_init(&h);
		tg_hasher_adds(&h, in->b.mods[i].dir);
		tg_hasher_adds(&h, in->b.mods[i].module);
		d += tg_hasher_finish(&h);
	}
	tg_hasher_init(&h);
	for (size_t i = 0; i < in->dirs.nr; i++)
		tg_hasher_adds(&h, in->dirs.v[i]);
	return d + tg_hasher_finish(&h);
}

int tg_arch_gather(const struct tg_walk_opts *wo, const char *cache_file,
                   struct tg_arch_inputs **out)
{
	struct tg_walk_opts o = *wo;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	struct tg_arch_inputs *in = tg_calloc(1, sizeof(*in));
	int rc, workers = tg_walk_workers(wo);

	*out = NULL;
	arch_builder_init(&in->b);
	o.wanted = wanted;
	o.workers = workers;
	if (cache_file) {
		in->cache = arch_cache_open(cache_file, &o);
		in->payload = tg_calloc((size_t)workers, sizeof(*in->payload));
		in->served = tg_calloc((size_t)workers, sizeof(*in->served));
		in->read = tg_calloc((size_t)workers, sizeof(*in->read));
		for (int i = 0; i < workers; i++)
			tg_buf_init(&in->payload[i], 0);
		o.cached = on_cached;
	}
	rc = tg_walk_run(&o, on_file, in, &st);
	tg_walk_stats_release(&st);
	run_cache_close(in, workers);
	if (rc) {
		tg_arch_inputs_free(in);
		return rc;
	}
	arch_compile_commands(wo->root, &in->dirs);
	in->digest = inputs_digest(in);
	*out = in;
	return TG_OK;
}

uint64_t tg_arch_inputs_digest(const struct tg_arch_inputs *in)
{
	return in->digest;
}

void tg_arch_resolve(struct tg_arch_inputs *in, struct tg_arch_graph *g)
{
	arch_builder_finish(&in->b, &in->dirs, g);
	g->files_cached = in->files_cached;
	tg_arch_inputs_free(in);
}

void tg_arch_inputs_free(struct tg_arch_inputs *in)
{
	if (!in)
		return;
	arch_builder_release(&in->b);
	tg_strlist_clear(&in->dirs);
	free(in);
}

int tg_arch_build_cached(const struct tg_walk_opts *wo, const char *cache_file,
                         struct tg_arch_graph *g)
{
	struct tg_arch_inputs *in;
	int rc = tg_arch_gather(wo, cache_file, &in);

	if (!rc)
		tg_arch_resolve(in, g);
	return rc;
}

int tg_arch_build(const struct tg_walk_opts *wo, struct tg_arch_graph *g)
{
	return tg_arch_build_cached(wo, NULL, g);
}

void tg_arch_build_mem(const char *const *paths, const char *const *texts, size_t n,
                       const struct tg_strlist *include_dirs, struct tg_arch_graph *g)
{
	struct arch_builder b;

	arch_builder_init(&b);
	for (size_t i = 0; i < n; i++)
		if (wanted(paths[i]))
			arch_scan_file(&b, paths[i], texts[i], strlen(texts[i]));
	arch_builder_finish(&b, include_dirs, g);
	arch_builder_release(&b);
}

void arch_builder_init(struct arch_builder *b)
{
	memset(b, 0, sizeof(*b));
	pthread_mutex_init(&b->lock, NULL);
}

void arch_builder_release(struct arch_builder *b)
{
	for (size_t i = 0; i < b->files_nr; i++)
		arch_file_release(&b->files[i]);
	free(b->files);
	for (size_t i = 0; i < b->mods_nr; i++) {
		free(b->mods[i].dir);
		free(b->mods[i].module);
	}
	free(b->mods);
	pthread_mutex_destroy(&b->lock);
}
