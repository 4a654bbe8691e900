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

/* What one file gives the graph: its imports, go.mod's module, or nothing (a go.mod without). */
enum arch_read { ARCH_READ_NOTHING, ARCH_READ_FILE, ARCH_READ_MODULE };
/* Reads path's bytes into *f (ARCH_READ_FILE) or *module (ARCH_READ_MODULE), both owned. */
enum arch_read arch_read_file(const char *path, const char *text, size_t n, struct arch_file *f,
                              char **module);
/* Adds what arch_read_file read to b, which takes it over; thread-safe. */
void arch_builder_add(struct arch_builder *b, enum arch_read what, const char *path,
                      struct arch_file *f, char *module);
/*
 * What a file gave, in a binary form kept between runs (arch/memo.c), and
 * back: the path is the key's, not the payload's. TG_ERR_INPUT when damaged.
 */
void arch_encode_file(enum arch_read what, const struct arch_file *f, const char *module,
                      struct tg_buf *out);
int arch_decode_file(const char *path, const void *data, size_t len, enum arch_read *what,
                     struct arch_file *f, char **module);
/* Frees what arch_read_file or arch_decode_file read into *f. */
void arch_file_release(struct arch_file *f);
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
