#ifndef TG_TOML_H
#define TG_TOML_H

/*
 * The one TOML reader: strict TOML 1.0 (https://toml.io/en/v1.0.0), with
 * the line of every value kept so a reader of pyproject.toml, Cargo.lock or
 * uv.lock can say where a dependency is declared. A document that is not
 * valid TOML 1.0 is refused with "name:line:column: what" (tg_error_message),
 * never half-read. Debian has no C TOML library; tests/unit/util compares
 * this reader with python3-tomli on every TOML file of the test corpora.
 */

#include <stddef.h>
#include <stdint.h>

enum tg_toml_type {
	TG_TOML_TABLE,
	TG_TOML_ARRAY,
	TG_TOML_STRING,
	TG_TOML_INTEGER,
	TG_TOML_FLOAT,
	TG_TOML_BOOL,
	TG_TOML_DATETIME,       /* offset date-time: 1979-05-27T07:32:00Z */
	TG_TOML_DATETIME_LOCAL, /* local date-time */
	TG_TOML_DATE_LOCAL,
	TG_TOML_TIME_LOCAL,
};

struct tg_toml; /* a node: a table, an array or a value; owned by its document */

/*
 * Parses data (len bytes, need not be NUL-terminated) into *out, the root
 * table. name is used in error messages. Returns TG_OK or TG_ERR_INPUT.
 */
int tg_toml_parse(const char *data, size_t len, const char *name, struct tg_toml **out);
/* Frees a document (given its root). NULL is fine. */
void tg_toml_free(struct tg_toml *root);

enum tg_toml_type tg_toml_type(const struct tg_toml *n);
int tg_toml_line(
        const struct tg_toml *n); /* 1-based line where the value (or table header) starts */

/* Tables: the value under key (one key, not dotted), or NULL; n may be NULL. */
const struct tg_toml *tg_toml_get(const struct tg_toml *n, const char *key);
/* Follows a dotted path of plain keys, "tool.poetry.dependencies"; NULL when absent. */
const struct tg_toml *tg_toml_path(const struct tg_toml *n, const char *dotted);
/* Tables and arrays: the number of entries; 0 for anything else or NULL. */
size_t tg_toml_len(const struct tg_toml *n);
/* The i-th entry, in document order; for tables also its key through *key. */
const struct tg_toml *tg_toml_at(const struct tg_toml *n, size_t i, const char **key);
/* The length of a table's i-th key: a quoted key may hold NUL ("\u0000"); 0 when no such key. */
size_t tg_toml_keylen(const struct tg_toml *n, size_t i);

/*
 * Scalars. tg_toml_str gives strings (and the text of dates and times, as
 * written with 'T' normalised); NULL for other types or NULL. Strings may
 * contain NUL (U+0000 escapes): tg_toml_strlen gives the length.
 */
const char *tg_toml_str(const struct tg_toml *n);
size_t tg_toml_strlen(const struct tg_toml *n);
/* The value when n is of that type, else def. */
int64_t tg_toml_int(const struct tg_toml *n, int64_t def);
double tg_toml_float(const struct tg_toml *n, double def);
int tg_toml_bool(const struct tg_toml *n, int def);
/* A string under key in table n, or NULL: the common case in lockfiles. */
const char *tg_toml_get_str(const struct tg_toml *n, const char *key);

#endif
