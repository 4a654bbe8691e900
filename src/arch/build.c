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
#include "util/hash.h"
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

enum arch_read arch_read_file(const char *path, const char *text, size_t n, struct arch_file *f,
                              char **module)
{
	memset(f, 0, sizeof(*f));
	*module = NULL;
	if (is_go_mod(path))
		return (*module = go_module(text, n)) ? ARCH_READ_MODULE : ARCH_READ_NOTHING;
	f->lang = tg_arch_lang_of(path);
	f->path = tg_strdup(path);
	/* A Go test file may import what its package's importers are: not the package's edges. */
	if (!(f->lang == TG_ARCH_GO && strstr(path, "_test.go")))
		tg_arch_read_imports(f->lang, text, n, on_import, f);
	return ARCH_READ_FILE;
}

void arch_builder_add(struct arch_builder *b, enum arch_read what, const char *path,
                      struct arch_file *f, char *module)
{
	if (what == ARCH_READ_NOTHING)
		return;
	pthread_mutex_lock(&b->lock);
	if (what == ARCH_READ_MODULE) {
		TG_ALLOC_GROW(b->mods, b->mods_nr + 1, b->mods_alloc);
		b->mods[b->mods_nr].module = module;
		b->mods[b->mods_nr++].dir = arch_dirname(path);
	} else {
		TG_ALLOC_GROW(b->files, b->files_nr + 1, b->files_alloc);
		b->files[b->files_nr++] = *f;
	}
	pthread_mutex_unlock(&b->lock);
}

void arch_scan_file(struct arch_builder *b, const char *path, const char *text, size_t n)
{
	struct arch_file f;
	char *module;
	enum arch_read what = arch_read_file(path, text, n, &f, &module);

	arch_builder_add(b, what, path, &f, module);
}

/* The builder, and the memo its files' imports are kept in between runs (NULL: none). */
struct walk_ctx {
	struct arch_builder *b;
	const struct tg_walk_memo *memo;
};

static int on_file(const struct tg_walk_file *wf, void *arg)
{
	struct walk_ctx *w = arg;
	struct arch_file f;
	char *module;
	enum arch_read what =
	        arch_read_file(wf->path, (const char *)wf->data, wf->len, &f, &module);

	if (w->memo) {
		struct tg_walk_entry e = tg_walk_entry_of(wf);
		struct tg_buf payload = TG_BUF_INIT;

		arch_encode_file(what, &f, module, &payload);
		w->memo->put(w->memo->arg, &e, payload.buf, payload.len);
		tg_buf_release(&payload);
	}
	arch_builder_add(w->b, what, wf->path, &f, module);
	return 0;
}

/* A file whose imports the memo kept for these bytes: added, not read. */
static int on_entry(const struct tg_walk_entry *e, void *arg)
{
	struct walk_ctx *w = arg;
	struct arch_file f;
	char *module;
	enum arch_read what;
	const void *data;
	size_t len;

	if (!w->memo->get(w->memo->arg, e, &data, &len))
		return 0;
	if (arch_decode_file(e->path, data, len, &what, &f, &module)) {
		tg_error_clear();
		return 0;
	}
	arch_builder_add(w->b, what, e->path, &f, module);
	return 1;
}

int tg_arch_build(const struct tg_walk_opts *wo, struct tg_arch_graph *g)
{
	return tg_arch_build_memo(wo, NULL, g);
}

int tg_arch_build_memo(const struct tg_walk_opts *wo, const struct tg_walk_memo *memo,
                       struct tg_arch_graph *g)
{
	struct tg_arch_inputs *in;
	int rc = tg_arch_gather(wo, memo, &in);

	if (!rc)
		tg_arch_resolve(in, g);
	return rc;
}

struct tg_arch_inputs {
	struct arch_builder b;
	struct tg_strlist dirs; /* compile_commands.json's include directories */
	uint64_t digest;
};

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

int tg_arch_gather(const struct tg_walk_opts *wo, const struct tg_walk_memo *memo,
                   struct tg_arch_inputs **out)
{
	struct tg_walk_opts o = *wo;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	struct tg_arch_inputs *in = tg_calloc(1, sizeof(*in));
	struct walk_ctx w = {&in->b, memo};
	int rc;

	*out = NULL;
	arch_builder_init(&in->b);
	o.wanted = wanted;
	if (memo)
		o.cached = on_entry;
	rc = tg_walk_run(&o, on_file, &w, &st);
	tg_walk_stats_release(&st);
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
	for (size_t i = 0; i < b->files_nr; i++) {
		for (size_t j = 0; j < b->files[i].raw_nr; j++)
			free(b->files[i].raw[j].spec);
		free(b->files[i].raw);
		free(b->files[i].path);
		free(b->files[i].package);
	}
	free(b->files);
	for (size_t i = 0; i < b->mods_nr; i++) {
		free(b->mods[i].dir);
		free(b->mods[i].module);
	}
	free(b->mods);
	pthread_mutex_destroy(&b->lock);
}
