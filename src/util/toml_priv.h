#ifndef TG_TOML_PRIV_H
#define TG_TOML_PRIV_H

/*
 * What toml.c (documents, tables, the rules on defining them) and
 * toml_scalar.c (keys, strings, numbers, dates and times) share. Nothing
 * outside util/toml*.c includes this.
 */

#include "util/buf.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "util/toml.h"

#include <stddef.h>
#include <stdint.h>

/* Nesting of arrays and inline tables is bounded so hostile input cannot exhaust the stack. */
#define TG_TOML_MAX_DEPTH 128
/* A table with more keys than this gets a hash index: lockfiles put thousands in one table. */
#define TG_TOML_INDEX_AT 8

enum {
	TOML_FROZEN = 1,    /* an inline table or a static array: never extended */
	TOML_HEADER = 2,    /* defined by a [header]: never declared again */
	TOML_AOT = 4,       /* an array of tables, made by [[header]] */
	TOML_LISTED = 8,    /* in the document's list of nodes owning heap blocks */
	TOML_VEC_HEAP = 16, /* the entry vector is a heap block, not in the arena */
};

struct toml_entry {
	const char *key;
	size_t klen;
	struct tg_toml *val;
};

struct tg_toml {
	unsigned char type; /* enum tg_toml_type */
	unsigned char flags;
	unsigned short depth; /* of a table or array: the root's is 0 */
	int line;
	/* The section (1 + the headers before it) whose dotted keys made or
	 * extended this table: 0 when none did. A later section may not. */
	unsigned dotted;
	union {
		struct {
			const char *s;
			size_t len;
		} str;
		int64_t i;
		double f;
		int b;
		struct {
			union {
				struct toml_entry *ent; /* a table's */
				struct tg_toml **item;  /* an array's */
			} v;
			size_t nr, alloc;
			struct tg_hashmap
			        *index; /* key -> position + 1, once nr > TG_TOML_INDEX_AT */
		} c;
	} u;
};

struct toml_chunk;

/* A parse in progress. s is a NUL-terminated copy of the input with CRLF made LF. */
struct toml_parser {
	const char *s;
	char *text; /* s, writable: a string without escapes is ended in place */
	size_t n, i;
	int line;
	size_t bol; /* offset where the current line begins */
	const char *name;
	int depth;
	unsigned section;
	struct toml_doc *doc;
	struct tg_buf tmp; /* a string with escapes, as it is decoded */
};

/* Arena allocation for nodes (8-byte aligned) and strings (toml_alloc_str); freed with the
 * document. */
void *toml_alloc(struct toml_parser *p, size_t n);
char *toml_alloc_str(struct toml_parser *p, size_t n);
/* A bare key's one copy in the document: lockfiles repeat a few keys many times. */
const char *toml_intern(struct toml_parser *p, const char *key, size_t len);
struct tg_toml *toml_node(struct toml_parser *p, enum tg_toml_type type, int line);

/* Sets the error "name:line:column: what" at the current position; returns TG_ERR_INPUT. */
int toml_err(struct toml_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Consumes the '\n' at p->i, counting the line. */
void toml_newline(struct toml_parser *p);
/* Skips spaces and tabs. */
void toml_skip_ws(struct toml_parser *p);

/* One key part (bare, basic or literal), as an arena string. */
int toml_key_part(struct toml_parser *p, const char **key, size_t *klen);
/* A string, number, boolean, date or time starting at p->i. */
int toml_scalar(struct toml_parser *p, struct tg_toml **out);

#endif
