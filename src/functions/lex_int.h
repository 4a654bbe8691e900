#ifndef TG_FUNCTIONS_LEX_H
#define TG_FUNCTIONS_LEX_H

/*
 * The hand-written tokenizer behind `terragon functions`: one pass over a
 * file's bytes, no regex, no recursion (string interpolation holes nest on a
 * heap stack), so hostile input costs time linear in its size. Comments and
 * whitespace are not tokens; a string literal, however long, is one token.
 */

#include <stddef.h>
#include <stdint.h>

/* The languages whose functions we recognise; each has its own rules. */
enum fn_lang {
	FN_NONE = 0,
	FN_C,
	FN_CPP,
	FN_JAVA,
	FN_CSHARP,
	FN_JS,
	FN_TS,
	FN_PY,
	FN_GO,
	FN_RUST,
	FN_RUBY,
	FN_PHP,
	FN_KOTLIN,
	FN_SWIFT,
	FN_SCALA,
};

enum tok_kind {
	T_EOF = 0,
	T_IDENT,
	T_NUM,
	T_STR,
	T_PUNCT,
	T_PP, /* a whole preprocessor directive line (C, C++, C#) */
};

/* The conditional directives, which ppcond.c follows to read one branch. */
enum pp_dir { PP_OTHER = 0, PP_IF, PP_ELIF, PP_ELSE, PP_ENDIF };

struct tok {
	const unsigned char *p;
	uint32_t len;
	uint32_t line;     /* where the token starts (1-based) */
	uint32_t end_line; /* where it ends: later than line for multi-line strings */
	uint32_t indent;   /* column of the first token on the token's line */
	unsigned char kind;
	unsigned char first_on_line;
	unsigned char space_before; /* whitespace or a comment right before the token */
	unsigned char next_c;       /* first non-blank byte after the token on its line, or 0 */
	unsigned char pp_cond;      /* T_PP: #if, #ifdef or #elif */
	unsigned char pp_dir;       /* T_PP (C, C++): enum pp_dir */
	unsigned char pp_zero;      /* T_PP: `#if 0` or `#elif 0`, a branch never compiled */
	unsigned char standalone;   /* T_STR alone on its line(s): a Python docstring */
};

/* One level of string interpolation: inside a string, or inside a hole's code. */
struct lex_frame {
	unsigned char in_str; /* 1: string, 0: code of a hole */
	unsigned char q;      /* the string's quote, or the hole's closing bracket */
	unsigned char triple; /* string closed by three quotes */
	unsigned char holes;  /* the string has interpolation holes */
	uint32_t depth;       /* open brackets of the hole's kind inside the hole */
};

struct lexer {
	const unsigned char *s;
	size_t n, i;
	uint32_t line;
	enum fn_lang lang;
	int line_has_tok;
	uint32_t indent;
	int prev_kind;               /* kind of the last token, for regex literals */
	const unsigned char *prev_p; /* and its text */
	uint32_t prev_len;
	struct lex_frame *stk; /* interpolation holes in strings */
	size_t stk_nr, stk_alloc;
	struct {
		const unsigned char *p;
		size_t len;
		int indented;
	} heredoc[8]; /* Ruby heredocs whose bodies start on the next line */
	int nheredoc;
	int php_html; /* PHP: outside <?php ... ?> */
};

void lex_init(struct lexer *lx, enum fn_lang lang, const unsigned char *s, size_t n);
void lex_release(struct lexer *lx);
/* Fills t with the next token; t->kind is T_EOF at the end. */
void lex_next(struct lexer *lx, struct tok *t);

/* Scanners for quoted literals, in lex_str.c. Each returns the index just past the literal. */
size_t lex_quoted(struct lexer *lx, size_t i, unsigned char q, int multiline);
size_t lex_triple(struct lexer *lx, size_t i, unsigned char q);
size_t lex_interp(struct lexer *lx, size_t i, unsigned char q, int triple, int holes);
size_t lex_cpp_raw(struct lexer *lx, size_t i);
size_t lex_rust_raw(struct lexer *lx, size_t i);
size_t lex_swift_raw(struct lexer *lx, size_t i);
size_t lex_csharp_verbatim(struct lexer *lx, size_t i);
size_t lex_regex(struct lexer *lx, size_t i);
size_t lex_php_heredoc(struct lexer *lx, size_t i);
size_t lex_ruby_percent(struct lexer *lx, size_t i);
void lex_ruby_heredoc_mark(struct lexer *lx, size_t *i);
size_t lex_ruby_heredoc_bodies(struct lexer *lx, size_t i);

/*
 * One branch of each #if ... #elif ... #else ... #endif, as pmccabe and
 * lizard's cpre extension read C: the first, unless it is `#if 0`, whose
 * first branch not `0` is read instead. Counters, not a stack: only the
 * outermost conditional not taken matters, so any nesting costs no memory.
 */
struct pp_branches {
	uint32_t depth; /* conditionals open */
	uint32_t live;  /* of them, the outer ones whose branch is read */
	int waiting;    /* conditional live + 1 has read no branch yet (`#if 0`) */
};

/*
 * Whether token t is read: code only in the branches read; the conditional
 * directives themselves always (they count as decisions, as lizard counts
 * them, wherever they are). In ppcond.c.
 */
int pp_branch_step(struct pp_branches *pb, const struct tok *t);

/* Byte classes: 1 starts an identifier, 2 continues one. */
extern const unsigned char lex_class[256];

static inline int lex_is_ident_start(unsigned char c)
{
	return lex_class[c] & 1;
}

static inline int lex_is_ident(unsigned char c)
{
	return lex_class[c] & 2;
}

#endif
