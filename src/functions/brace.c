/*
 * Functions in the brace languages: C, C++, Java, C#, JavaScript and
 * TypeScript, Go, Rust, PHP, Kotlin, Swift and Scala.
 *
 * Three small machines read the token stream side by side:
 * - a declaration machine (C-like: `name ( params ) qualifiers {`, and
 *   JavaScript methods), active outside function bodies in C, C++, Java and
 *   C#, everywhere in JavaScript;
 * - a keyword machine (`func`, `fn`, `fun`, `def`, `function`), active
 *   everywhere, so nested functions are their own entries;
 * - JavaScript arrows (`=>`), with a block or an expression body.
 * Brackets live on a heap stack (struct nest), so depth costs memory, never
 * C stack. Functions end when the bracket that opened them closes.
 */
#include "functions/brace_int.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static int is_p1(const struct tok *t, char ch)
{
	return t->kind == T_PUNCT && t->len == 1 && t->p[0] == (unsigned char)ch;
}

static int is_p2(const struct tok *t, const char *s)
{
	return t->kind == T_PUNCT && t->len == 2 && t->p[0] == (unsigned char)s[0] &&
	       t->p[1] == (unsigned char)s[1];
}

static int is_ident(const struct tok *t, const char *s)
{
	return t->kind == T_IDENT && fn_tok_is(t, s);
}

static int in_list(const struct tok *t, const char *const *list)
{
	for (; *list; list++)
		if ((*list)[0] == t->p[0] && fn_tok_is(t, *list))
			return 1;
	return 0;
}

static const char *const not_names[] = {
        "if",
        "for",
        "while",
        "switch",
        "catch",
        "return",
        "sizeof",
        "do",
        "else",
        "new",
        "delete",
        "throw",
        "case",
        "goto",
        "typeof",
        "instanceof",
        "in",
        "of",
        "await",
        "yield",
        "using",
        "lock",
        "foreach",
        "fixed",
        "checked",
        "unchecked",
        "synchronized",
        "function",
        "with",
        "defined",
        "_Generic",
        "alignof",
        "__typeof__",
        "typeof",
        "decltype",
        "static_assert",
        "_Static_assert",
        "elif",
        "import",
        "export",
        "super",
        "this",
        "void",
        NULL,
};

static const char *const class_heads[] = {"class", "struct",    "union",  "interface",
                                          "enum",  "namespace", "record", NULL};

static const char *const paren_qualifiers[] = {
        "throw",   "noexcept", "__attribute__", "__attribute", "__declspec", "requires",
        "alignas", "asm",      "__asm__",       "decltype",    NULL,
};

static int is_js(enum fn_lang l)
{
	return l == FN_JS || l == FN_TS;
}

static const char *func_keyword(enum fn_lang l)
{
	switch (l) {
	case FN_GO:
	case FN_SWIFT:
		return "func";
	case FN_RUST:
		return "fn";
	case FN_KOTLIN:
		return "fun";
	case FN_SCALA:
		return "def";
	case FN_PHP:
	case FN_JS:
	case FN_TS:
		return "function";
	default:
		return NULL;
	}
}

static void name_add(struct tg_buf *b, const struct tok *t)
{
	if (b->len + t->len < FN_NAME_MAX)
		tg_buf_add(b, t->p, t->len);
}

static void name_adds(struct tg_buf *b, const char *s)
{
	if (b->len + strlen(s) < FN_NAME_MAX)
		tg_buf_adds(b, s);
}

/* Gives up the candidate: what its header counted belongs to the enclosing function. */
static void drop(struct brace *b)
{
	if (b->hdr_on)
		fn_rec_merge(fn_top(b->c), &b->hdr);
	b->hdr_on = 0;
	b->st = S_IDLE;
	b->arrow_pending = 0;
}

static void start_hdr(struct brace *b, const struct tok *t)
{
	drop(b);
	fn_rec_start(&b->hdr, t);
	b->hdr_on = 1;
}

static void skip_group(struct brace *b, int ret)
{
	b->ret_st = ret;
	b->skip_level = b->nr;
	b->st = S_SKIP;
}

static void begin_params(struct brace *b, int st)
{
	b->st = st;
	b->depth = 1;
	b->commas = 0;
	b->angle = 0;
	b->param_tok = 0;
}

/* Inside a parameter list: counts slots; returns 1 when the list closed. */
static int params_step(struct brace *b, const struct tok *t)
{
	if (t->kind == T_PUNCT && t->len == 1) {
		unsigned char ch = t->p[0];

		if (ch == '(' || ch == '[' || ch == '{') {
			b->depth++;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			if (--b->depth == 0) {
				b->hdr.params += b->param_tok ? b->commas + 1 : 0;
				return 1;
			}
		} else if (ch == '<' && b->l != FN_C && b->l != FN_JS && b->l != FN_PHP) {
			b->angle++;
		} else if (ch == '>' && b->angle) {
			b->angle--;
		} else if (ch == ',' && b->depth == 1 && !b->angle) {
			b->commas++;
			return 0;
		} else if (ch == ';') {
			drop(b);
			return 0;
		}
	}
	if (!(b->l == FN_C || b->l == FN_CPP) || !is_ident(t, "void") || b->depth > 1)
		b->param_tok = 1;
	return 0;
}

/* The declaration machine: C-like functions and JavaScript methods. */
static void decl_step(struct brace *b, const struct tok *t)
{
	switch (b->st) {
	case S_IDLE:
	case S_NAME:
		if (t->kind == T_IDENT && !in_list(t, not_names) &&
		    !(b->prev.kind == T_IDENT && fn_tok_is(&b->prev, "new")) &&
		    !(b->prev.kind == T_PUNCT && b->prev.len == 1 &&
		      (b->prev.p[0] == '.' || b->prev.p[0] == '@'))) {
			if (b->st == S_NAME && is_js(b->l) &&
			    (fn_tok_is(&b->prev, "get") || fn_tok_is(&b->prev, "set")) &&
			    b->hdr.name.len == 3) {
				name_adds(&b->hdr.name, " ");
				name_add(&b->hdr.name, t);
				return;
			}
			start_hdr(b, t);
			name_add(&b->hdr.name, t);
			b->st = fn_tok_is(t, "operator") && b->l == FN_CPP ? S_OPER : S_NAME;
			b->oper_n = 0;
		} else if (is_p1(t, '~') && b->l == FN_CPP) {
			if (b->st != S_NAME)
				start_hdr(b, t);
			else
				name_adds(&b->hdr.name, "::");
			name_adds(&b->hdr.name, "~");
			b->st = S_QUAL;
		} else if (b->st == S_NAME && is_p2(t, "::")) {
			name_adds(&b->hdr.name, "::");
			b->st = S_QUAL;
		} else if (b->st == S_NAME && is_p1(t, '<') && b->l != FN_C && b->l != FN_JS) {
			if (b->l == FN_CPP)
				name_adds(&b->hdr.name, "<");
			b->depth = 1;
			b->oper_n = 0;
			b->st = S_TMPL;
		} else if (b->st == S_NAME && is_p1(t, '(')) {
			begin_params(b, S_PARAMS);
		} else if (b->st == S_NAME) {
			drop(b);
		}
		break;
	case S_QUAL:
		if (t->kind == T_IDENT) {
			name_add(&b->hdr.name, t);
			b->st = fn_tok_is(t, "operator") ? S_OPER : S_NAME;
			b->oper_n = 0;
		} else if (is_p1(t, '~')) {
			name_adds(&b->hdr.name, "~");
		} else {
			drop(b);
		}
		break;
	case S_OPER:
		if (is_p1(t, '(') && b->oper_n > 0 && !b->oper_paren) {
			begin_params(b, S_PARAMS);
		} else if (is_p1(t, ';') || is_p1(t, '{') || is_p1(t, '}') || b->oper_n > 4) {
			drop(b);
		} else {
			b->oper_paren = is_p1(t, '(');
			name_adds(&b->hdr.name, " ");
			name_add(&b->hdr.name, t);
			b->oper_n++;
		}
		break;
	case S_TMPL:
		if (is_p1(t, '<')) {
			b->depth++;
		} else if (is_p1(t, '>') || (t->len == 2 && t->p[0] == '>' && t->p[1] == '>')) {
			b->depth -= t->len < b->depth ? t->len : b->depth;
		} else if (is_p1(t, ';') || is_p1(t, '{') || is_p1(t, '}') || is_p1(t, '(') ||
		           is_p1(t, ')') || is_p1(t, '=') || ++b->oper_n > 64) {
			drop(b);
			break;
		}
		if (b->l == FN_CPP) { /* lizard names a specialization f<double> */
			if (t->kind == T_IDENT && b->hdr.name.buf[b->hdr.name.len - 1] != '<')
				name_adds(&b->hdr.name, " ");
			name_add(&b->hdr.name, t);
		}
		if (b->depth == 0)
			b->st = S_NAME;
		break;
	case S_PARAMS:
		if (params_step(b, t)) {
			b->st = S_AFTER;
			b->after_ident = 0;
			b->skip_paren = 0;
			b->throws = 0;
		}
		break;
	case S_AFTER:
		decl_after(b, t);
		break;
	case S_RET:
		if (is_p1(t, ';') || is_p1(t, '=') || is_p2(t, "=>") || is_p1(t, '}') ||
		    is_p1(t, ')'))
			drop(b);
		else if (is_p1(t, '(') || is_p1(t, '['))
			skip_group(b, S_RET);
		break;
	case S_INIT:
		if (is_p1(t, ';') || is_p1(t, '}') || is_p1(t, ')')) {
			drop(b);
		} else if (is_p1(t, '(')) {
			skip_group(b, S_INIT);
		} else if (t->kind == T_IDENT || is_p1(t, '>')) {
			b->init_ready = 0;
		}
		break;
	default:
		break;
	}
}

void decl_after(struct brace *b, const struct tok *t)
{
	if (t->kind == T_IDENT) {
		if (in_list(t, class_heads)) {
			drop(b); /* @Annotation(x) class C */
		} else if (in_list(t, paren_qualifiers)) {
			b->skip_paren = 1;
		} else {
			b->after_ident = 1;
			if (fn_tok_is(t, "throws") || fn_tok_is(t, "where"))
				b->throws = 1;
		}
		return;
	}
	if (is_p1(t, '(')) {
		if (b->skip_paren) {
			b->skip_paren = 0;
			skip_group(b, S_AFTER);
		} else if (b->after_ident && b->prev.kind == T_IDENT) {
			/* MACRO(x) int f(void): the last name was the function's */
			struct tok prev = b->prev;

			start_hdr(b, &prev);
			name_add(&b->hdr.name, &prev);
			begin_params(b, S_PARAMS);
		} else {
			skip_group(b, S_AFTER);
		}
		return;
	}
	if (is_p1(t, ':')) {
		if (b->throws)
			return;
		b->st = is_js(b->l) ? S_RET : S_INIT;
		b->init_ready = 0;
		return;
	}
	if (is_p2(t, "->")) {
		b->st = S_RET;
		return;
	}
	if (is_p1(t, '[')) {
		skip_group(b, S_AFTER);
		return;
	}
	if (is_p1(t, '&') || is_p2(t, "&&") || is_p1(t, '*'))
		return;
	if (b->throws && (is_p1(t, ',') || is_p1(t, '.') || is_p1(t, '<') || is_p1(t, '>')))
		return;
	drop(b);
}

/* The keyword machine: func, fn, fun, def, function. */
static void kw_step(struct brace *b, const struct tok *t)
{
	switch (b->st) {
	case S_KNAME:
		if (is_p1(t, '(')) {
			begin_params(b, S_KPARAMS);
		} else if (is_p1(t, '<') && b->l != FN_PHP) {
			b->depth = 1;
			b->ret_st = S_KNAME;
			b->st = S_KANGLE;
		} else if (is_p1(t, '[') && (b->l == FN_SCALA || b->l == FN_GO)) {
			skip_group(b, S_KNAME);
		} else if (is_p1(t, '*') || is_p1(t, '&')) {
			/* function* gen, function &ref */
		} else if (is_p1(t, '.') && b->hdr.name.len) {
			name_adds(&b->hdr.name, ".");
		} else if (b->hdr.name.len && (is_p1(t, ':') || is_p1(t, '='))) {
			b->st = S_KAFTER; /* Scala def f: Int = ..., no parameter list */
			kw_after(b, t);
		} else if (t->kind == T_IDENT || (b->l == FN_SWIFT && t->kind == T_PUNCT &&
		                                  !is_p1(t, '{') && !is_p1(t, ';'))) {
			name_add(&b->hdr.name, t);
		} else {
			drop(b);
		}
		break;
	case S_KANGLE:
		if (is_p1(t, '<'))
			b->depth++;
		else if (is_p1(t, '>') && --b->depth == 0)
			b->st = b->ret_st;
		else if (is_p1(t, ';') || is_p1(t, '{') || is_p1(t, '}'))
			drop(b);
		break;
	case S_KPARAMS:
		if (params_step(b, t)) {
			b->groups++;
			b->st = S_KAFTER;
		}
		break;
	case S_KAFTER:
		kw_after(b, t);
		break;
	case S_KEQ:
		drop(b); /* `= expression`: no block body, not counted (as lizard) */
		break;
	default:
		break;
	}
}

void kw_after(struct brace *b, const struct tok *t)
{
	enum fn_lang l = b->l;

	if (is_p1(t, ';') || is_p1(t, ')') || is_p1(t, '}') || is_p2(t, "=>")) {
		drop(b);
	} else if (is_p1(t, '=')) {
		if (l == FN_SCALA || l == FN_KOTLIN)
			b->st = S_KEQ;
		else
			drop(b);
	} else if (is_p1(t, '(')) {
		if (l == FN_GO && !b->hdr.name.len && b->groups == 1 && b->prev.kind == T_IDENT) {
			/* func (r *T) Name(...): the first group was the receiver */
			name_add(&b->hdr.name, &b->prev);
			b->hdr.params = 0;
			begin_params(b, S_KPARAMS);
		} else if (l == FN_SCALA && is_p1(&b->prev, ')')) {
			begin_params(b, S_KPARAMS);
		} else {
			skip_group(b, S_KAFTER);
		}
	} else if (is_p1(t, '<') && l != FN_GO && l != FN_PHP) {
		b->depth = 1;
		b->ret_st = S_KAFTER;
		b->st = S_KANGLE;
	} else if (is_p1(t, '[')) {
		skip_group(b, S_KAFTER);
	} else if (t->first_on_line && t->kind == T_IDENT &&
	           (l == FN_KOTLIN || l == FN_SWIFT || l == FN_SCALA || l == FN_GO) &&
	           !fn_tok_is(t, "where") && !fn_tok_is(t, "throws") && !fn_tok_is(t, "rethrows")) {
		drop(b); /* a signature without a body: an interface or protocol */
	} else if (++b->kw_after_n > 256) {
		drop(b);
	}
}

static void kw_start(struct brace *b, const struct tok *t)
{
	start_hdr(b, t);
	b->st = S_KNAME;
	b->groups = 0;
	b->kw_after_n = 0;
	b->kw_tok = b->ntok;
	if (b->l == FN_SWIFT && !fn_tok_is(t, "func"))
		name_add(&b->hdr.name, t); /* init, deinit, subscript */
	if (b->l == FN_SWIFT && fn_tok_is(t, "deinit"))
		b->st = S_KAFTER;
}

static int is_kw_start(struct brace *b, const struct tok *t)
{
	const char *kw = func_keyword(b->l);

	if (!kw || t->kind != T_IDENT || is_p1(&b->prev, '.'))
		return 0;
	if (fn_tok_is(t, kw))
		return 1;
	return b->l == FN_SWIFT &&
	       (t->next_c == '(' || t->next_c == '{' || t->next_c == '<' || t->next_c == '?') &&
	       (fn_tok_is(t, "init") || fn_tok_is(t, "deinit") || fn_tok_is(t, "subscript")) &&
	       !fn_top(b->c);
}

/* Which function name an arrow or `function (` takes: the assigned one, if it is. */
static void anon_name(struct brace *b, uint64_t pstart)
{
	if (b->assign.len && (b->assign_at == pstart || b->assign_at + 1 == pstart))
		name_add(&b->hdr.name, &(struct tok){.p = (const unsigned char *)b->assign.buf,
		                                     .len = (uint32_t)b->assign.len});
}

static void js_track(struct brace *b, const struct tok *t)
{
	if (t->kind == T_IDENT) {
		if (is_p1(&b->prev, '.') && b->chain_end + 2 == b->ntok) {
			name_adds(&b->chain, ".");
		} else {
			tg_buf_reset(&b->chain);
		}
		name_add(&b->chain, t);
		b->chain_end = b->ntok;
	} else if (t->kind == T_STR && t->len >= 2 && t->next_c == ':') {
		tg_buf_reset(&b->chain);
		name_add(&b->chain, &(struct tok){.p = t->p + 1, .len = t->len - 2});
		b->chain_end = b->ntok;
	} else if (is_p1(t, ':') && is_p1(&b->prev, ')')) {
		b->colon_tok = b->ntok;
	} else if ((is_p1(t, '=') || is_p1(t, ':')) && b->chain_end + 1 == b->ntok &&
	           !(b->nr && b->nest[b->nr - 1].type == N_PAREN)) {
		tg_buf_reset(&b->assign);
		tg_buf_add(&b->assign, b->chain.buf, b->chain.len);
		b->assign_at = b->ntok + 1;
	}
}

/* `=>`: a new function; its parameters are the group or the name just before. */
static void js_arrow(struct brace *b, const struct tok *t)
{
	uint64_t pstart = b->ntok;
	uint32_t line = t->line, params = 0;

	if ((is_p1(&b->prev, ')') && b->grp_close == b->ntok - 1) ||
	    (b->colon_tok == b->grp_close + 1 && b->colon_tok < b->ntok)) {
		/* (a, b) => or, in TypeScript, (a, b): T => */
		pstart = b->grp_open;
		line = b->grp_line;
		params = b->grp_params;
	} else if (b->prev.kind == T_IDENT) {
		pstart = b->ntok - 1;
		line = b->prev.line;
		params = 1;
	}
	start_hdr(b, t);
	b->hdr.start_line = line;
	b->hdr.params = params;
	anon_name(b, pstart);
	if (t->next_c == '{') {
		b->arrow_pending = 1;
	} else {
		struct fn_rec *r = fn_push(b->c, &b->hdr, (uint32_t)b->nr);

		r->expr = 1;
		b->hdr_on = 0;
	}
}

static void machines(struct brace *b, const struct tok *t)
{
	enum fn_lang l = b->l;

	if (is_js(l) || l == FN_PHP)
		js_track(b, t);
	if (is_js(l)) {
		if (is_p2(t, "=>")) {
			js_arrow(b, t);
			return;
		}
	}
	if (is_kw_start(b, t)) {
		kw_start(b, t);
		return;
	}
	if (b->st == S_SKIP)
		return;
	if (b->st >= S_KNAME) {
		if (b->st == S_KNAME && is_p1(t, '(') && !b->hdr.name.len &&
		    (is_js(l) || l == FN_PHP))
			anon_name(b, b->kw_tok); /* const f = function (...) */
		kw_step(b, t);
		return;
	}
	if (b->decl)
		decl_step(b, t);
}

void brace_machines(struct brace *b, const struct tok *t)
{
	machines(b, t);
}
