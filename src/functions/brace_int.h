#ifndef TG_FUNCTIONS_BRACE_INT_H
#define TG_FUNCTIONS_BRACE_INT_H

/* Shared by brace.c (the machines) and brace_nest.c (brackets, counting). */

#include "functions/recog_int.h"

enum nest_type { N_BLOCK, N_CLASS, N_FUNC, N_WHEN, N_PAREN, N_BRACKET };

struct nest {
	unsigned char type;
	unsigned char nonempty; /* N_PAREN: a token inside */
	uint32_t scope_len;     /* N_CLASS: length of the scope before this class */
	uint32_t count;         /* N_PAREN: commas; N_WHEN: arms */
	uint32_t line;
	uint64_t open_tok;
};

enum brace_state {
	S_IDLE = 0,
	S_NAME,   /* a name: f, A::f, f<T> */
	S_QUAL,   /* after :: or ~ */
	S_OPER,   /* operator ... */
	S_TMPL,   /* inside <...> after a name */
	S_PARAMS, /* inside the parameter list */
	S_AFTER,  /* after it: qualifiers until { */
	S_RET,    /* after -> or a TypeScript ':' */
	S_INIT,   /* C++ constructor initializers */
	S_KNAME,  /* after a function keyword: the name */
	S_KANGLE, /* <generics> */
	S_KPARAMS,
	S_KAFTER,
	S_KEQ,  /* Kotlin, Scala: `=` then `{` or an expression */
	S_SKIP, /* a bracketed group to pass over, then ret_st */
};

struct brace {
	struct fn_ctx *c;
	enum fn_lang l;
	struct lexer lx;
	struct nest *nest;
	size_t nr, alloc, nbraces;
	size_t stray;          /* '}' with no brace open */
	struct pp_branches pb; /* C, C++: the preprocessor branches read */
	struct tg_buf scope;   /* Outer::Inner of the enclosing classes (C++, Java, C#) */
	size_t scope_before;   /* its length before this token opened a class */
	struct fn_rec hdr;     /* the candidate being read */
	int hdr_on;
	int st, ret_st;
	size_t skip_level;
	uint32_t depth, commas, angle;
	int param_tok, after_ident, skip_paren, throws, init_ready, oper_n, oper_paren;
	int groups, kw_after_n, arrow_pending, decl;
	uint64_t kw_tok;
	/* class heads */
	int class_pending, class_capture, when_pending;
	struct tg_buf class_name;
	/* JavaScript names */
	struct tg_buf chain, assign;
	uint64_t chain_end, assign_at;
	uint64_t grp_open, grp_close, colon_tok;
	uint32_t grp_line, grp_params;
	uint64_t ntok;
	struct tok prev;
};

void brace_machines(struct brace *b, const struct tok *t);
void decl_after(struct brace *b, const struct tok *t);
void kw_after(struct brace *b, const struct tok *t);

#endif
