#ifndef TG_CONFIG_INTERNAL_H
#define TG_CONFIG_INTERNAL_H

/*
 * Private to src/config: the table of keys (one row per YAML path, the one
 * place defaults live) and the small YAML tree the parser builds, so that a
 * value coming from the file, the environment or a flag goes through the same
 * type checks.
 */

#include "config/config.h"

#include <stddef.h>

enum tg_ckey_type {
	TG_K_MAP, /* a section: its keys follow in the table */
	TG_K_STR,
	TG_K_INT,
	TG_K_LONG,
	TG_K_DOUBLE,
	TG_K_BOOL,
	TG_K_ENUM,     /* char *, one of values[] */
	TG_K_LIST,     /* struct tg_strlist */
	TG_K_ENUMLIST, /* struct tg_strlist, each one of values[] */
	TG_K_ANALYZERS,
	TG_K_IGNORE,
	TG_K_COMMANDS,
	TG_K_LAYERS,
	TG_K_SLOS,
};

struct tg_ckey {
	const char *path;
	enum tg_ckey_type type;
	size_t off;      /* into struct tg_config */
	const char *def; /* the default, as tg_config_set() takes it */
	double lo, hi;   /* numbers: the accepted range */
	const char *const *values;
	/* strings: NULL when fine, else what is wrong */
	const char *(*check)(const char *v);
};

extern const struct tg_ckey tg_ckeys[];
extern const size_t tg_ckeys_nr;

/* The row of `path` (n bytes), or -1. */
long tg_ckey_find(const char *path, size_t n);
/* The closest known key to `name` among the keys of section `parent` ("" for the top), or NULL. */
const char *tg_ckey_suggest(const char *parent, const char *name);

enum tg_cnode_type { TG_N_NULL, TG_N_SCALAR, TG_N_SEQ, TG_N_MAP };

struct tg_cnode {
	enum tg_cnode_type type;
	char *v; /* scalars: the text */
	size_t len;
	int plain;             /* an unquoted scalar (only those can be null, true, 12) */
	int line, col;         /* 1-based; 0 when the value did not come from a file */
	struct tg_cnode *kids; /* a mapping's keys and values alternate */
	size_t nr, alloc;
};

/*
 * Parses YAML text into *root (NULL for an empty document). Aliases, more
 * than one document and nesting deeper than 64 are refused.
 */
int tg_cnode_parse(const char *name, const char *text, size_t len, struct tg_cnode **root);
void tg_cnode_free(struct tg_cnode *n);
/* How a node reads in a message: "high" quoted, "a list", "a mapping", "null". */
void tg_cnode_describe(struct tg_buf *b, const struct tg_cnode *n);

/* Applies node n to key row k. `name` (NULL: no positions) names the file in messages. */
struct tg_capply {
	struct tg_config *cfg;
	const char *name;
	enum tg_origin origin;
};
int tg_capply_node(struct tg_capply *a, long k, const struct tg_cnode *n);
/* "FILE:L:C: key: what" as a TG_ERR_USAGE (the place only when n came from a file). */
int tg_capply_fail(const struct tg_capply *a, const char *key, const struct tg_cnode *n,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/*
 * Checks SLO i of the list node `list` (slo.c), whose fields are read into
 * slos[i], and fills its ratio and durations; the SLOs before it are checked.
 */
struct tg_slo_config;
int tg_capply_check_slo(const struct tg_capply *a, const char *what, const struct tg_cnode *list,
                        size_t i, struct tg_slo_config *slos);
/* Clears the value of row k (strings freed, lists emptied). */
void tg_ckey_clear(struct tg_config *cfg, long k);
/* Appends row k's value as JSON (which YAML also reads). */
void tg_ckey_value_json(struct tg_buf *b, const struct tg_config *cfg, long k);
void tg_config_warnf(struct tg_config *cfg, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

#endif
