/*
 * Python functions: `def name(params):` up to the first logical line
 * indented no deeper than the `def`. Nested functions are `outer.inner`;
 * methods keep their bare name (as lizard names them). A docstring's lines
 * are not NLOC.
 */
#include "functions/recog_int.h"

#include <string.h>

enum { P_IDLE, P_NAME, P_PARAMS, P_COLON };

struct py {
	struct fn_ctx *c;
	struct fn_rec hdr;
	int st, hdr_on;
	uint32_t def_indent, depth, pdepth, commas;
	int param_tok;
};

static int is_p1(const struct tok *t, char ch)
{
	return t->kind == T_PUNCT && t->len == 1 && t->p[0] == (unsigned char)ch;
}

static void drop(struct py *p)
{
	if (p->hdr_on)
		fn_rec_merge(fn_top(p->c), &p->hdr);
	p->hdr_on = 0;
	p->st = P_IDLE;
}

/* A new logical line at indent: the functions indented as deep or deeper are over. */
static void dedent(struct py *p, uint32_t indent)
{
	struct fn_rec *f;

	while ((f = fn_top(p->c)) && f->level >= indent)
		fn_pop(p->c);
}

static void header(struct py *p, const struct tok *t, int logical_start)
{
	switch (p->st) {
	case P_IDLE:
		if (t->kind == T_IDENT && fn_tok_is(t, "def") && (logical_start || p->hdr_on)) {
			if (!p->hdr_on) {
				fn_rec_start(&p->hdr, t);
				p->hdr_on = 1;
				p->def_indent = t->indent;
			}
			p->st = P_NAME;
		} else if (t->kind == T_IDENT && fn_tok_is(t, "async") && logical_start) {
			fn_rec_start(&p->hdr, t);
			p->hdr_on = 1;
			p->def_indent = t->indent;
		} else if (p->hdr_on) {
			drop(p);
		}
		break;
	case P_NAME:
		if (t->kind != T_IDENT) {
			drop(p);
			break;
		}
		p->hdr.start_line = t->line;
		if (fn_top(p->c)) {
			struct tg_buf *n = &p->hdr.name;
			const struct tg_buf *outer = &fn_top(p->c)->name;

			if (outer->len + t->len + 1 < FN_NAME_MAX) {
				tg_buf_add(n, outer->buf, outer->len);
				tg_buf_addch(n, '.');
			}
		}
		if (p->hdr.name.len + t->len < FN_NAME_MAX)
			tg_buf_add(&p->hdr.name, t->p, t->len);
		p->st = P_PARAMS;
		p->pdepth = 0;
		p->commas = 0;
		p->param_tok = 0;
		break;
	case P_PARAMS:
		if (t->kind == T_PUNCT && t->len == 1 && strchr("([{", t->p[0])) {
			if (p->pdepth++ == 0)
				break;
		} else if (t->kind == T_PUNCT && t->len == 1 && strchr(")]}", t->p[0])) {
			if (p->pdepth && --p->pdepth == 0) {
				p->hdr.params = p->param_tok ? p->commas + 1 : 0;
				p->st = P_COLON;
				break;
			}
		} else if (is_p1(t, ',') && p->pdepth == 1) {
			p->commas++;
			p->param_tok = 0;
			break;
		}
		if (p->pdepth == 0) {
			drop(p);
			break;
		}
		p->param_tok = 1;
		break;
	case P_COLON:
		if (is_p1(t, ':') && p->depth == 0) {
			fn_push(p->c, &p->hdr, p->def_indent);
			p->hdr_on = 0;
			p->st = P_IDLE;
		}
		break;
	}
}

int fn_scan_python(struct fn_ctx *c, const unsigned char *data, size_t len)
{
	struct lexer lx;
	struct tok t, prev = {0};
	struct py p = {.c = c};

	fn_rec_init(&p.hdr);
	lex_init(&lx, FN_PY, data, len);
	for (;;) {
		struct fn_rec *f;
		int logical_start, dec;

		lex_next(&lx, &t);
		if (t.kind == T_EOF)
			break;
		logical_start = t.first_on_line && p.depth == 0;
		if (logical_start) {
			drop(&p); /* a `def` line that never reached its colon */
			dedent(&p, t.indent);
		}
		header(&p, &t, logical_start);
		dec = fn_decisions(FN_PY, &t, &prev);
		if (logical_start && t.kind == T_IDENT && fn_tok_is(&t, "case"))
			dec = 1; /* a match arm */
		f = fn_top(c);
		if (p.hdr_on)
			fn_rec_add(&p.hdr, &t, dec, 1);
		else if (f)
			fn_rec_add(f, &t, dec, !(t.kind == T_STR && t.standalone));
		if (t.kind == T_PUNCT && t.len == 1) {
			if (strchr("([{", t.p[0]))
				p.depth++;
			else if (strchr(")]}", t.p[0]) && p.depth)
				p.depth--;
		}
		prev = t;
	}
	if (p.hdr_on)
		fn_rec_merge(fn_top(c), &p.hdr);
	fn_rec_release(&p.hdr);
	lex_release(&lx);
	return 0;
}
