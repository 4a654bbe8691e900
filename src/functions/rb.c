/*
 * Ruby methods: `def name ... end`, counting the blocks that also close
 * with `end` (class, module, begin, case, do, and if/unless/while/until/for
 * when they start a statement rather than modify one) on a heap stack.
 * `def name = expr` (an endless method) ends with its line.
 */
#include "functions/recog_int.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

enum { B_END, B_DEF, B_BRACE };
enum { R_IDLE, R_NAME, R_AFTER, R_PARAMS, R_BARE, R_PARAMS_DONE };

struct rb {
	struct fn_ctx *c;
	struct fn_rec hdr;
	int st, hdr_on;
	unsigned char *blk;
	size_t nr, alloc;
	uint32_t pdepth, commas, bracket;
	int param_tok;
	uint32_t loop_line; /* a while/until/for on this line may take an optional `do` */
	struct tok prev;
};

static int is_p1(const struct tok *t, char ch)
{
	return t->kind == T_PUNCT && t->len == 1 && t->p[0] == (unsigned char)ch;
}

static void push_blk(struct rb *r, int type)
{
	TG_ALLOC_GROW(r->blk, r->nr + 1, r->alloc);
	r->blk[r->nr++] = (unsigned char)type;
}

static void end_functions(struct rb *r)
{
	struct fn_rec *f;

	while ((f = fn_top(r->c)) && !f->expr && f->level > r->nr)
		fn_pop(r->c);
}

/* Starts the method body: a block that `end` closes, or an endless one-liner. */
static void open_def(struct rb *r, int endless)
{
	struct fn_rec *f;

	if (!endless)
		push_blk(r, B_DEF);
	f = fn_push(r->c, &r->hdr, (uint32_t)r->nr);
	f->expr = endless;
	r->hdr_on = 0;
	r->st = R_IDLE;
}

static int statement_start(const struct rb *r, const struct tok *t)
{
	const struct tok *p = &r->prev;

	if (t->first_on_line || !p->len)
		return 1;
	if (p->kind == T_PUNCT)
		return is_p1(p, ';') || is_p1(p, '=') ||
		       (p->len >= 2 && p->p[p->len - 1] == '=' && p->p[0] != '=' &&
		        p->p[0] != '!' && p->p[0] != '<' && p->p[0] != '>');
	return p->kind == T_IDENT && (fn_tok_is(p, "else") || fn_tok_is(p, "then") ||
	                              fn_tok_is(p, "do") || fn_tok_is(p, "begin"));
}

/* A keyword that opens or closes a block, unless it is a method or a hash key. */
static void keyword(struct rb *r, const struct tok *t)
{
	static const char *const always[] = {"class", "module", "begin", "case", NULL};
	static const char *const stmt[] = {"if", "unless", "while", "until", "for", NULL};
	const char *const *k;

	if (is_p1(&r->prev, '.') || (r->prev.kind == T_PUNCT && r->prev.len == 2 &&
	                             r->prev.p[0] == ':' && r->prev.p[1] == ':'))
		return;
	if (t->next_c == ':' || (is_p1(&r->prev, ':') && !t->space_before))
		return; /* if: 1 (a hash key), :end (a symbol) */
	if (fn_tok_is(t, "end")) {
		while (r->nr) {
			int type = r->blk[--r->nr];

			if (type != B_BRACE)
				break;
		}
		return;
	}
	if (fn_tok_is(t, "do")) {
		if (r->loop_line == t->line)
			r->loop_line = 0;
		else
			push_blk(r, B_END);
		return;
	}
	for (k = always; *k; k++)
		if (fn_tok_is(t, *k)) {
			push_blk(r, B_END);
			return;
		}
	for (k = stmt; *k; k++)
		if (fn_tok_is(t, *k) && statement_start(r, t)) {
			push_blk(r, B_END);
			if ((*k)[0] == 'w' || (*k)[0] == 'u' || (*k)[0] == 'f')
				r->loop_line = fn_tok_is(t, "unless") ? 0 : t->line;
			return;
		}
}

static void params(struct rb *r, const struct tok *t)
{
	if (is_p1(t, '(') || is_p1(t, '[') || is_p1(t, '{')) {
		r->pdepth++;
	} else if (is_p1(t, ')') || is_p1(t, ']') || is_p1(t, '}')) {
		if (r->pdepth && --r->pdepth == 0) {
			r->hdr.params = r->param_tok ? r->commas + 1 : 0;
			r->st = R_PARAMS_DONE;
		}
		return;
	} else if (is_p1(t, ',') && r->pdepth == 1) {
		r->commas++;
		return;
	}
	r->param_tok = 1;
}

/* The def header; returns 1 when t is the body's first token (to be read as such). */
static int header(struct rb *r, const struct tok *t)
{
	switch (r->st) {
	case R_NAME:
		if (r->hdr.name.len + t->len < FN_NAME_MAX)
			tg_buf_add(&r->hdr.name, t->p, t->len);
		r->hdr.start_line = t->line;
		r->st = R_AFTER;
		return 0;
	case R_AFTER:
		if (is_p1(t, '.') && !t->first_on_line) {
			tg_buf_addch(&r->hdr.name, '.');
			r->st = R_NAME;
			return 0;
		}
		if (is_p1(t, '(') && !t->space_before && !t->first_on_line) {
			r->st = R_PARAMS;
			r->pdepth = 0;
			r->commas = 0;
			r->param_tok = 0;
			params(r, t);
			return 0;
		}
		if (!t->first_on_line && !is_p1(t, ';') && !is_p1(t, '=')) {
			r->st = R_BARE; /* def name a, b */
			r->commas = 0;
			r->hdr.params = 1;
			return 0;
		}
		break;
	case R_PARAMS:
		params(r, t);
		return 0;
	case R_BARE:
		if (!t->first_on_line && !is_p1(t, ';')) {
			if (is_p1(t, ','))
				r->hdr.params++;
			return 0;
		}
		break;
	default:
		break;
	}
	open_def(r, is_p1(t, '=') && !t->first_on_line);
	return 1;
}

int fn_scan_ruby(struct fn_ctx *c, const unsigned char *data, size_t len)
{
	struct lexer lx;
	struct tok t;
	struct rb r = {.c = c};

	fn_rec_init(&r.hdr);
	lex_init(&lx, FN_RUBY, data, len);
	for (;;) {
		struct fn_rec *f;
		int dec;

		lex_next(&lx, &t);
		if (t.kind == T_EOF)
			break;
		if ((f = fn_top(c)) && f->expr && t.first_on_line && r.bracket == 0)
			fn_pop(c);
		if (r.hdr_on && header(&r, &t) == 0) {
			fn_rec_add(&r.hdr, &t, fn_decisions(FN_RUBY, &t, &r.prev), 1);
			r.prev = t;
			continue;
		}
		if (t.kind == T_IDENT && fn_tok_is(&t, "def") && !is_p1(&r.prev, '.')) {
			fn_rec_start(&r.hdr, &t);
			r.hdr_on = 1;
			r.st = R_NAME;
			fn_rec_add(&r.hdr, &t, 0, 1);
			r.prev = t;
			continue;
		}
		if (t.kind == T_IDENT)
			keyword(&r, &t);
		else if (is_p1(&t, '{'))
			push_blk(&r, B_BRACE);
		else if (is_p1(&t, '}') && r.nr && r.blk[r.nr - 1] == B_BRACE)
			r.nr--;
		if (t.kind == T_PUNCT && t.len == 1 && strchr("([{", t.p[0]))
			r.bracket++;
		else if (t.kind == T_PUNCT && t.len == 1 && strchr(")]}", t.p[0]) && r.bracket)
			r.bracket--;
		dec = fn_decisions(FN_RUBY, &t, &r.prev);
		if ((f = fn_top(c)))
			fn_rec_add(f, &t, dec, 1);
		end_functions(&r);
		r.prev = t;
	}
	if (r.hdr_on)
		fn_rec_merge(fn_top(c), &r.hdr);
	fn_rec_release(&r.hdr);
	free(r.blk);
	lex_release(&lx);
	return 0;
}
