#ifndef TG_ANALYZE_LANG_H
#define TG_ANALYZE_LANG_H

#include <stddef.h>

/*
 * The language table: the one place a language is added. Each entry says
 * how to recognise a file (extension, file name, shebang interpreter) and
 * how its bytes are lexed for counting (comments, strings) and for
 * complexity (decision keywords and operators). Names are cloc's ("C",
 * "C/C++ Header", "Bourne Shell", ...), so other modules key on them.
 */

enum {
	TG_LANG_MAX_LINE = 4,  /* line comment markers */
	TG_LANG_MAX_BLOCK = 3, /* block comment pairs */
	TG_LANG_MAX_STR = 8,   /* string delimiters */
};

/* Where a comment marker may start. */
enum tg_lang_where {
	TG_AT_ANY = 0,  /* anywhere in code */
	TG_AT_WORD = 1, /* at line start or after whitespace or ;&|() (shell `#`, not `$#`) */
	TG_AT_BOL = 2,  /* the first non-blank bytes of a line (assembly `#`) */
	TG_AT_COL0 = 3, /* in column 0 (Ruby =begin, Perl =pod) */
};

struct tg_lang_line_comment {
	const char *marker; /* NULL ends the list */
	unsigned char where;
};

struct tg_lang_block_comment {
	const char *open, *close; /* open NULL ends the list */
	unsigned char nests;      /* an inner `open` needs its own `close` (Rust, Haskell) */
	unsigned char where;      /* of both open and close */
};

enum tg_lang_str_flags {
	TG_STR_ESCAPE = 1,    /* a backslash escapes the next byte */
	TG_STR_MULTILINE = 2, /* may span lines; otherwise an unescaped newline ends it */
	TG_STR_DOUBLED = 4,   /* the close written twice is a literal close ('it''s', @"a""b") */
	TG_STR_CHAR = 8,      /* a character literal: a string only when it closes within a
	                         few bytes on its line ('a', '\n'); else the quote is code
	                         (Rust lifetimes, "can't" in a C #error) */
	TG_STR_DOC = 16,      /* a docstring: its lines count as comment (Python, as cloc) */
};

struct tg_lang_string {
	const char *open, *close; /* open NULL ends the list */
	unsigned char flags;
};

enum tg_lang_flags {
	TG_LANG_RAW_RUST = 1, /* r"...", r#"..."#, br"...", cr"..." (no escapes) */
	TG_LANG_RAW_CPP = 2,  /* R"delim(...)delim" and u8R, uR, UR, LR */
	TG_LANG_HEREDOC = 4,  /* <<EOF <<-EOF <<~EOF <<'EOF' <<"EOF", PHP <<<EOF: body is code */
	TG_LANG_NOCASE = 8,   /* keywords match case-insensitively (SQL, Fortran, Pascal) */
	TG_LANG_HEREDOC_SPACE = 16, /* blanks may follow << (shell `cat << EOF`; not Ruby) */
};

/* A decision operator, or (weight 0) a longer token that must not count as one: `?.`. */
struct tg_lang_op {
	const char *op; /* NULL ends the list */
	unsigned char weight;
};

struct tg_lang {
	const char *name; /* cloc's name */
	/* NULL-terminated lists (or NULL). Extensions without the dot, matched
	 * exactly first, then lowercased ("C" is C++, "c" is C). */
	const char *const *extensions;
	const char *const *filenames;    /* whole base names: "Makefile", "CMakeLists.txt" */
	const char *const *interpreters; /* shebang basenames, version digits dropped */
	struct tg_lang_line_comment line[TG_LANG_MAX_LINE];
	struct tg_lang_block_comment block[TG_LANG_MAX_BLOCK];
	struct tg_lang_string strings[TG_LANG_MAX_STR];
	unsigned flags;          /* enum tg_lang_flags */
	const char *ident_extra; /* bytes that continue an identifier besides [A-Za-z0-9_]
	                            and bytes >= 0x80: "?!" (Ruby), "'" (Haskell) */
	/* Decision points, as CCN counts them: keywords at identifier boundaries
	 * (if, for, while, case, catch, elif, except, when, guard; never else)
	 * and operators (&&, ||, ?, ...); only in code. */
	const char *const *keywords;
	const struct tg_lang_op *ops;
	int id; /* index in the table: 0 .. tg_lang_count()-1 */
};

/*
 * The language of the file at `path` ('/'-separated; only its base name is
 * looked at): by file name, then extension, then (data may be NULL) the
 * shebang line. NULL: not a source file we know, and it is not counted.
 */
const struct tg_lang *tg_lang_detect(const char *path, const unsigned char *data, size_t len);
/* 1 for a programming language; 0 for markup, build files, configuration, or NULL. */
int tg_lang_is_source(const struct tg_lang *l);

/* By cloc name ("C++"); NULL if unknown. */
const struct tg_lang *tg_lang_by_name(const char *name);

/* The whole table, for listing and tests. */
size_t tg_lang_count(void);
const struct tg_lang *tg_lang_at(size_t i);

#endif
