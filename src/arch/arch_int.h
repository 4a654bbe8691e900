#ifndef TG_ARCH_INT_H
#define TG_ARCH_INT_H

#include <pthread.h>

#include "arch/arch.h"
#include "util/buf.h"
#include "util/hashmap.h"

struct arch_raw {
	char *spec;
	int line, flag;
};

struct arch_file {
	char *path;
	enum tg_arch_lang lang;
	char *package; /* Java and Kotlin: its package declaration, or NULL */
	struct arch_raw *raw;
	size_t raw_nr, raw_alloc;
};

struct arch_mod {
	char *dir; /* "" at the root */
	char *module;
};

struct arch_builder {
	pthread_mutex_t lock;
	struct arch_file *files;
	size_t files_nr, files_alloc;
	struct arch_mod *mods;
	size_t mods_nr, mods_alloc;
};

void arch_builder_init(struct arch_builder *b);
void arch_builder_release(struct arch_builder *b);
/* Reads one file's imports (or go.mod's module) into b; thread-safe. */
void arch_scan_file(struct arch_builder *b, const char *path, const char *text, size_t n);
/* Adds a file (taking its contents) or go.mod's module (taken; NULL: none); thread-safe. */
void arch_add_file(struct arch_builder *b, struct arch_file *f);
void arch_add_mod(struct arch_builder *b, const char *path, char *module);
void arch_file_release(struct arch_file *f);

/* The per-file cache's payload (cache.c): one file's imports, or go.mod's module. */
struct tg_buf;
struct tg_walk_opts;
struct tg_count_cache;
void arch_encode(struct tg_buf *b, const struct arch_file *f, const char *module, int is_mod);
int arch_decode(struct arch_builder *b, const char *path, const void *data, size_t len);
struct tg_count_cache *arch_cache_open(const char *file, const struct tg_walk_opts *wo);

/* JavaScript configuration entries (jsconfig.c): the flags of TG_ARCH_JSCONF's raw imports. */
enum {
	ARCH_JS_BASEURL = 20, /* compilerOptions.baseUrl */
	ARCH_JS_PATH,         /* "pattern\ntarget", one a target, in order */
	ARCH_JS_NAME,         /* package.json's name */
	ARCH_JS_EXPORT,       /* "subpath\ntarget" */
	ARCH_JS_MAIN,         /* source, module, main: in that order */
};
void arch_read_jsconf(const char *text, size_t n, tg_arch_import_fn fn, void *arg);

struct arch_jsconf {
	const struct arch_file *files;
	struct tg_hashmap tsconfig; /* directory -> its tsconfig.json or jsconfig.json */
	struct tg_hashmap packages; /* package name -> its package.json */
};
void arch_jsconf_index(struct arch_jsconf *c, const struct arch_file *files, size_t nr);
void arch_jsconf_release(struct arch_jsconf *c);
/* A path as a module: itself, with an extension, or its index file; the node or NULL. */
typedef const char *(*arch_try_fn)(const void *x, const char *path);
/* A bare specifier of the file `from` through tsconfig paths or a package of the tree. */
const char *arch_js_bare(const struct arch_jsconf *c, const char *from, const char *spec,
                         arch_try_fn try_path, const void *x);

/* Resolves every import and fills g. */
void arch_builder_finish(struct arch_builder *b, const struct tg_strlist *include_dirs,
                         struct tg_arch_graph *g);
/* Sorts edges and external edges as arch.h says. */
void arch_graph_sort(struct tg_arch_graph *g);
/* compile_commands.json's include directories inside root, relative to it. */
void arch_compile_commands(const char *root, struct tg_strlist *dirs);

/* The directory of a relative path: "" at the root, else without a trailing '/'. */
char *arch_dirname(const char *path);
/*
 * dir joined with rel, "." and ".." applied: NULL when it leaves the root.
 * dir may be "" (the root).
 */
char *arch_join(const char *dir, const char *rel, size_t rel_len);

#endif
