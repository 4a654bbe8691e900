#ifndef TG_ARCH_INT_H
#define TG_ARCH_INT_H

#include <pthread.h>

#include "arch/arch.h"
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
