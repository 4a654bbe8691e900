/*
 * The token loop of the brace languages: hands each token to the machines
 * (brace.c), counts it into the function or header it belongs to, and keeps
 * the bracket stack whose closing ends functions and classes.
 */
#include "functions/brace_int.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static int is_p1(const struct tok *t, char ch)
{
	return t->kind == T_PUNCT && t->len == 1 && t->p[0] == (unsigned char)ch;
}

static int uses_class_heads(enum fn_lang l)
{
	return l == FN_CPP || l == FN_JAVA || l == FN_CSHARP;
}

static void class_step(struct brace *b, const struct tok *t)
{
	static const char *const heads[] = {"class",     "struct", "union",  "namespace",
	                                    "interface", "enum",   "record", NULL};
	static const char *const skip[] = {"final",   "sealed",  "abstract",  "public",   "static",
	                                   "partial", "private", "protected", "internal", NULL};
	const char *const *k;

	if (t->kind == T_IDENT) {
		for (k = heads; *k && !(b->class_pending && !b->class_capture); k++)
			if (fn_tok_is(t, *k)) { /* not `where T : class` */
				b->class_pending = b->class_capture = 1;
				tg_buf_reset(&b->class_name);
				return;
			}
		if (!b->class_pending)
			return;
		for (k = skip; *k; k++)
			if (fn_tok_is(t, *k))
				return;
		if (fn_tok_is(t, "extends") || fn_tok_is(t, "implements") || fn_tok_is(t, "where"))
			b->class_capture = 0;
		else if (b->class_capture && b->class_name.len + t->len < FN_NAME_MAX) {
			if (b->class_name.len && b->prev.kind != T_PUNCT)
				tg_buf_reset(&b->class_name); /* class EXPORT Name: the last word */
			tg_buf_add(&b->class_name, t->p, t->len);
		}
		return;
	}
	if (!b->class_pending || t->kind != T_PUNCT)
		return;
	if ((t->len == 2 && t->p[0] == ':' && t->p[1] == ':') || is_p1(t, '.')) {
		if (b->class_capture) /* namespace A::B, namespace App.Core */
			tg_buf_add(&b->class_name, t->p, t->len);
	} else if (is_p1(t, ':') || is_p1(t, '<') || is_p1(t, '(')) {
		b->class_capture = 0;
	} else if (is_p1(t, ';') || is_p1(t, '=') ||
	           (b->class_capture && !is_p1(t, '{') && !is_p1(t, '['))) {
		b->class_pending = 0;
	}
}

static void push(struct brace *b, int type, const struct tok *t)
{
	struct nest *n;

	TG_ALLOC_GROW(b->nest, b->nr + 1, b->alloc);
	n = &b->nest[b->nr++];
	memset(n, 0, sizeof(*n));
	n->type = (unsigned char)type;
	n->line = t->line;
	n->open_tok = b->ntok;
	n->scope_len = (uint32_t)b->scope_before;
	if (type <= N_WHEN)
		b->nbraces++;
}

/* Ends the functions whose bracket has closed, innermost first. */
static void end_functions(struct brace *b)
{
	struct fn_rec *f;

	while ((f = fn_top(b->c)) && f->level > b->nr)
		fn_pop(b->c);
}

static void pop_one(struct brace *b)
{
	struct nest *n = &b->nest[--b->nr];

	if (n->type <= N_WHEN)
		b->nbraces--;
	if (n->type == N_CLASS)
		tg_buf_setlen(&b->scope, n->scope_len);
	if (n->type == N_WHEN && n->count && fn_top(b->c) && fn_top(b->c)->decisions)
		fn_top(b->c)->decisions--; /* N arms are N-1 decisions */
	if (n->type == N_PAREN) {
		b->grp_open = n->open_tok;
		b->grp_close = b->ntok;
		b->grp_line = n->line;
		b->grp_params = n->nonempty ? n->count + 1 : 0;
	}
}

static void close_bracket(struct brace *b, unsigned char ch)
{
	if (ch == '}') {
		if (!b->nbraces) {
			b->stray++; /* nothing to close */
			return;
		}
		while (b->nr) {
			int type = b->nest[b->nr - 1].type;

			pop_one(b);
			if (type <= N_WHEN)
				break;
		}
	} else if (b->nr && b->nest[b->nr - 1].type == (ch == ')' ? N_PAREN : N_BRACKET)) {
		pop_one(b);
	}
	end_functions(b);
	if (b->st == S_SKIP && b->nr <= b->skip_level) {
		b->st = b->ret_st;
		if (b->st == S_INIT)
			b->init_ready = 1;
	}
}

/* Does t end the innermost function, an arrow with an expression body? */
static void end_expr(struct brace *b, const struct tok *t)
{
	struct fn_rec *f;

	while ((f = fn_top(b->c)) && f->expr && f->level == b->nr && f->tokens > 1 &&
	       (is_p1(t, ',') || is_p1(t, ';') || is_p1(t, ')') || is_p1(t, ']') || is_p1(t, '}') ||
	        (t->first_on_line && t->line > f->last_line)))
		fn_pop(b->c);
}

/* The '{' that opens a body, class or `when`. */
static int open_brace_type(struct brace *b)
{
	int st = b->st;

	if (b->arrow_pending || st == S_AFTER || st == S_RET || st == S_KAFTER || st == S_KEQ ||
	    st == S_KNAME || (st == S_INIT && b->init_ready))
		return b->hdr_on ? N_FUNC : N_BLOCK;
	if (st == S_INIT) {
		b->ret_st = S_INIT;
		b->skip_level = b->nr;
		b->st = S_SKIP; /* a member's brace initializer */
		return N_BLOCK;
	}
	if (b->class_pending && b->c->nr == 0) {
		b->class_pending = 0;
		return N_CLASS;
	}
	if (b->when_pending) {
		b->when_pending = 0;
		return N_WHEN;
	}
	return N_BLOCK;
}

static void start_body(struct brace *b)
{
	struct tg_buf full = TG_BUF_INIT;

	if (b->scope.len && (b->l == FN_CPP || b->l == FN_JAVA || b->l == FN_CSHARP)) {
		tg_buf_add(&full, b->scope.buf, b->scope.len);
		tg_buf_adds(&full, "::");
		tg_buf_add(&full, b->hdr.name.buf, b->hdr.name.len);
		tg_buf_release(&b->hdr.name);
		b->hdr.name = full;
	}
	fn_push(b->c, &b->hdr, (uint32_t)b->nr + 1);
	b->hdr_on = 0;
	b->class_pending = 0;
	b->st = S_IDLE;
	b->arrow_pending = 0;
}

static void open_class(struct brace *b)
{
	if (!b->class_name.len || (b->l != FN_CPP && b->l != FN_JAVA && b->l != FN_CSHARP))
		return;
	if (b->scope.len)
		tg_buf_adds(&b->scope, "::");
	tg_buf_add(&b->scope, b->class_name.buf, b->class_name.len);
}

static void brace_step(struct brace *b, const struct tok *t)
{
	struct fn_rec *f;
	int dec, type = -1;

	b->scope_before = b->scope.len;

	end_expr(b, t);
	b->decl = (b->l == FN_C || b->l == FN_CPP || b->l == FN_JAVA || b->l == FN_CSHARP)
	                  ? b->c->nr == 0
	                  : (b->l == FN_JS || b->l == FN_TS);
	dec = fn_decisions(b->l, t, &b->prev);
	if (b->l == FN_KOTLIN && t->kind == T_PUNCT && t->len == 2 && t->p[0] == '-' &&
	    t->p[1] == '>' && b->nr && b->nest[b->nr - 1].type == N_WHEN) {
		b->nest[b->nr - 1].count++;
		dec = 1;
	}
	if (b->l == FN_KOTLIN && t->kind == T_IDENT && fn_tok_is(t, "when"))
		b->when_pending = 1;
	if (b->l == FN_CPP && b->st == S_PARAMS && t->len == 2 && t->p[0] == '&')
		dec = 0; /* T&& x: an rvalue reference, no decision */
	if (t->kind != T_PP) {
		if (is_p1(t, '{') && (b->st == S_PARAMS || b->st == S_KPARAMS || b->st == S_SKIP)) {
			brace_machines(b, t); /* ({a, b}) => ...: a pattern in the parameters */
			type = N_BLOCK;
		} else if (is_p1(t, '{')) {
			type = open_brace_type(b);
			if (type == N_BLOCK && b->st != S_SKIP && b->st != S_IDLE) {
				/* a block where a declaration was expected: the candidate was none
				 */
				fn_rec_merge(fn_top(b->c), &b->hdr);
				b->hdr_on = 0;
				b->st = S_IDLE;
			}
		} else {
			brace_machines(b, t);
		}
		if (uses_class_heads(b->l) && b->c->nr == 0)
			class_step(b, t);
	}
	if (type == N_FUNC)
		start_body(b);
	else if (type == N_CLASS)
		open_class(b);
	f = fn_top(b->c);
	if (b->hdr_on)
		fn_rec_add(&b->hdr, t, dec, 1);
	else if (f)
		fn_rec_add(f, t, dec, 1);
	if (t->kind != T_PUNCT || t->len != 1)
		goto nonempty;
	switch (t->p[0]) {
	case '{':
		push(b, type < 0 ? N_BLOCK : type, t);
		return;
	case '(':
		push(b, N_PAREN, t);
		return;
	case '[':
		push(b, N_BRACKET, t);
		return;
	case '}':
	case ')':
	case ']':
		close_bracket(b, t->p[0]);
		return;
	case ',':
		if (b->nr && b->nest[b->nr - 1].type == N_PAREN)
			b->nest[b->nr - 1].count++;
		return;
	default:
		break;
	}
nonempty:
	if (b->nr && b->nest[b->nr - 1].type == N_PAREN)
		b->nest[b->nr - 1].nonempty = 1;
}

/* One pass over the tokens; returns whether the braces balanced. */
static int scan_pass(struct fn_ctx *c, const unsigned char *data, size_t len, int one_branch)
{
	struct brace *b = tg_calloc(1, sizeof(*b));
	struct tok t;
	int balanced;

	b->c = c;
	b->l = c->lang;
	lex_init(&b->lx, c->lang, data, len);
	b->scope = b->class_name = b->chain = b->assign = (struct tg_buf)TG_BUF_INIT;
	fn_rec_init(&b->hdr);
	for (;;) {
		lex_next(&b->lx, &t);
		if (t.kind == T_EOF)
			break;
		if (one_branch && !pp_branch_step(&b->pb, &t))
			continue;
		brace_step(b, &t);
		b->prev = t;
		b->ntok++;
	}
	if (b->hdr_on)
		fn_rec_merge(fn_top(c), &b->hdr);
	balanced = !b->stray && !b->nbraces;
	lex_release(&b->lx);
	fn_rec_release(&b->hdr);
	tg_buf_release(&b->scope);
	tg_buf_release(&b->class_name);
	tg_buf_release(&b->chain);
	tg_buf_release(&b->assign);
	free(b->nest);
	free(b);
	return balanced;
}

/* Replaces what c found with the functions of list (whose array it takes). */
static void take_instead(struct fn_ctx *c, struct tg_function_list *list)
{
	size_t i;

	while (c->nr)
		fn_rec_release(&c->stk[--c->nr]);
	for (i = c->out_base; i < c->out->nr; i++)
		free(c->out->v[i].name);
	c->out->nr = c->out_base;
	TG_ALLOC_GROW(c->out->v, c->out->nr + list->nr, c->out->alloc);
	memcpy(c->out->v + c->out->nr, list->v, list->nr * sizeof(*list->v));
	c->out->nr += list->nr;
	free(list->v);
	*list = (struct tg_function_list)TG_FUNCTION_LIST_INIT;
}

/*
 * C and C++ are read one preprocessor branch at a time (ppcond.c). When that
 * leaves the braces unbalanced and reading every branch as written balances
 * them (code that is only whole across its #else), the file is read as
 * written. Neither happens in the Linux 6.1 or curl trees; it costs a second
 * pass over such a file only.
 */
int fn_scan_brace(struct fn_ctx *c, const unsigned char *data, size_t len)
{
	struct tg_function_list all = TG_FUNCTION_LIST_INIT;
	struct fn_ctx every;
	int balanced;

	if (c->lang != FN_C && c->lang != FN_CPP) {
		scan_pass(c, data, len, 0);
		return 0;
	}
	if (scan_pass(c, data, len, 1))
		return 0;
	fn_ctx_init(&every, c->lang, &all);
	balanced = scan_pass(&every, data, len, 0);
	fn_ctx_finish(&every);
	if (balanced)
		take_instead(c, &all);
	tg_function_list_clear(&all);
	return 0;
}
