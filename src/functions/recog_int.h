#ifndef TG_FUNCTIONS_RECOG_H
#define TG_FUNCTIONS_RECOG_H

/*
 * What the three recognizers (brace.c, py.c, rb.c) share: the stack of
 * functions being read, the counting of lines, tokens and decisions, and the
 * decision tokens of each language (cond.c).
 */

#include "functions/functions.h"
#include "functions/lex_int.h"
#include "util/buf.h"

/* Counts for a function being read, or for a header not yet known to start one. */
struct fn_rec {
	struct tg_buf name;
	uint32_t start_line, end_line, first_line, last_line;
	uint32_t nloc, decisions, tokens, params;
	uint32_t alternatives; /* decisions that are arms of one choice: case, else if, elif */
	uint32_t choices;      /* switch, match and case statements holding such arms */
	int after_else;        /* the last token was `else` */
	int alt_cond;          /* inside an else-if's condition: its && and || pick the arm */
	int alt_depth;         /* the parentheses open in that condition */
	int arm_keyed;         /* that condition named a string literal */
	uint32_t keyed_arms;   /* else-if arms keyed by a string literal: a command table */
	uint32_t level;        /* recognizer-specific: where the body ends */
	uint32_t arms;         /* Kotlin: `when` arms seen */
	int expr;              /* body is an expression, not a block */
	uint64_t seq;          /* order of starting, to sort functions on one line */
};

struct fn_ctx {
	enum fn_lang lang;
	struct tg_function_list *out;
	size_t out_base;
	struct fn_rec *stk; /* open functions, innermost last */
	size_t nr, alloc;
	uint64_t seq;
};

void fn_ctx_init(struct fn_ctx *c, enum fn_lang lang, struct tg_function_list *out);
/* Ends every function still open at end_line, sorts what was found, frees the stack. */
void fn_ctx_finish(struct fn_ctx *c);

/* The innermost open function, or NULL. */
static inline struct fn_rec *fn_top(struct fn_ctx *c)
{
	return c->nr ? &c->stk[c->nr - 1] : NULL;
}

static inline void fn_rec_init(struct fn_rec *r)
{
	*r = (struct fn_rec){.name = TG_BUF_INIT};
}

/* Counts one token (its lines, itself and the decision it makes) in r. */
void fn_rec_add(struct fn_rec *r, const struct tok *t, int decisions, int count_lines);
/* Starts a header at t: a name candidate or a function keyword. */
void fn_rec_start(struct fn_rec *r, const struct tok *t);
/* Adds what header h counted to r (the enclosing function), then clears h. */
void fn_rec_merge(struct fn_rec *r, struct fn_rec *h);
void fn_rec_release(struct fn_rec *r);
/* Opens a function from header h (h is reset); returns it. */
struct fn_rec *fn_push(struct fn_ctx *c, struct fn_rec *h, uint32_t level);
/* Closes the innermost function and appends it to the output. */
void fn_pop(struct fn_ctx *c);

/* How many decisions token t makes in language l; prev is the token before it. */
int fn_decisions(enum fn_lang l, const struct tok *t, const struct tok *prev);
/* Whether the token's text is s; stops at the first difference, as this runs per token. */
static inline int fn_tok_is(const struct tok *t, const char *s)
{
	uint32_t i;

	for (i = 0; i < t->len; i++)
		if (!s[i] || s[i] != (char)t->p[i])
			return 0;
	return s[i] == 0;
}

int fn_scan_brace(struct fn_ctx *c, const unsigned char *data, size_t len);
int fn_scan_python(struct fn_ctx *c, const unsigned char *data, size_t len);
int fn_scan_ruby(struct fn_ctx *c, const unsigned char *data, size_t len);

/* Longest name kept; longer qualified names are cut (minified input). */
#define FN_NAME_MAX 512

#endif
