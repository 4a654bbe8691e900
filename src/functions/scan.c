/*
 * tg_functions_scan: picks the recognizer for the language and keeps the
 * books every recognizer shares (the stack of open functions and their
 * counts).
 */
#include "functions/recog_int.h"

#include "analyze/lang.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum fn_lang lang;
} langs[] = {
        {"C", FN_C},         {"C++", FN_CPP},       {"C/C++ Header", FN_CPP},
        {"Java", FN_JAVA},   {"C#", FN_CSHARP},     {"JavaScript", FN_JS},
        {"JSX", FN_JS},      {"TypeScript", FN_TS}, {"TSX", FN_TS},
        {"Python", FN_PY},   {"Go", FN_GO},         {"Rust", FN_RUST},
        {"Ruby", FN_RUBY},   {"PHP", FN_PHP},       {"Kotlin", FN_KOTLIN},
        {"Swift", FN_SWIFT}, {"Scala", FN_SCALA},
};

static enum fn_lang lang_by_name(const char *name)
{
	size_t i;

	if (!name)
		return FN_NONE;
	for (i = 0; i < TG_ARRAY_SIZE(langs); i++)
		if (!strcmp(langs[i].name, name))
			return langs[i].lang;
	return FN_NONE;
}

int tg_functions_supported(const char *lang_name)
{
	return lang_by_name(lang_name) != FN_NONE;
}

void fn_ctx_init(struct fn_ctx *c, enum fn_lang lang, struct tg_function_list *out)
{
	memset(c, 0, sizeof(*c));
	c->lang = lang;
	c->out = out;
	c->out_base = out->nr;
}

void fn_rec_release(struct fn_rec *r)
{
	tg_buf_release(&r->name);
	memset(r, 0, sizeof(*r));
	r->name = (struct tg_buf)TG_BUF_INIT;
}

void fn_rec_start(struct fn_rec *r, const struct tok *t)
{
	tg_buf_reset(&r->name);
	r->start_line = r->first_line = r->end_line = t->line;
	r->last_line = 0;
	r->nloc = r->decisions = r->tokens = r->params = 0;
	r->alternatives = r->choices = 0;
	r->after_else = 0;
	r->alt_cond = r->alt_depth = r->arm_keyed = 0;
	r->keyed_arms = 0;
	r->level = r->arms = 0;
	r->expr = 0;
}

/*
 * Inside `else if (...)`, the && and || of the condition select that arm
 * (redis's `else if (!strcasecmp(name, "x") && c->argc == 3)`), so they are
 * part of the table too. 1 when the token was the condition's.
 */
static int alt_condition(struct fn_rec *r, const struct tok *t, int decisions)
{
	if (t->kind == T_PUNCT && fn_tok_is(t, "("))
		r->alt_depth++;
	else if (t->kind == T_PUNCT && fn_tok_is(t, ")") && --r->alt_depth <= 0)
		r->alt_cond = 0;
	else if (r->alt_depth <= 0 && t->kind != T_PP)
		r->alt_cond = 0; /* no parenthesis after the if: not a C-like condition */
	if (decisions > 0 && r->alt_depth > 0)
		r->alternatives += (uint32_t)decisions;
	if (t->kind == T_STR && r->alt_depth > 0 && !r->arm_keyed) {
		r->arm_keyed = 1;
		r->keyed_arms++;
	}
	r->after_else = 0;
	return 1;
}

/*
 * The arms of one choice (switch cases, an else-if chain, elif, Ruby's
 * when) are one decision for the structure of a function: a dispatcher over
 * forty commands is a table, not forty paths to hold in mind. lizard's
 * modified CCN (-m) counts a switch once for the same reason; an else-if
 * chain is the same table written with ifs.
 */
static void count_alternatives(struct fn_rec *r, const struct tok *t, int decisions)
{
	int is_else = t->kind == T_IDENT && fn_tok_is(t, "else");

	if (r->alt_cond && alt_condition(r, t, decisions))
		return;
	if (t->kind == T_IDENT && fn_tok_is(t, "if") && r->after_else) {
		r->alt_cond = 1;
		r->alt_depth = 0;
		r->arm_keyed = 0;
	}
	if (t->kind == T_IDENT && decisions > 0 &&
	    (fn_tok_is(t, "case") || fn_tok_is(t, "elif") || fn_tok_is(t, "elsif") ||
	     fn_tok_is(t, "when") || (fn_tok_is(t, "if") && r->after_else)))
		r->alternatives += (uint32_t)decisions;
	else if (t->kind == T_IDENT &&
	         (fn_tok_is(t, "switch") || (fn_tok_is(t, "match") && t->first_on_line)))
		r->choices++;
	if (t->kind != T_PP)
		r->after_else = is_else;
}

void fn_rec_add(struct fn_rec *r, const struct tok *t, int decisions, int count_lines)
{
	if (count_lines) {
		if (t->line > r->last_line) {
			r->nloc++;
			r->last_line = t->line;
		}
		if (t->end_line > r->last_line) {
			r->nloc += t->end_line - r->last_line;
			r->last_line = t->end_line;
		}
	}
	if (t->end_line > r->end_line)
		r->end_line = t->end_line;
	if (t->kind != T_PP)
		r->tokens++;
	r->decisions += (uint32_t)decisions;
	count_alternatives(r, t, decisions);
}

void fn_rec_merge(struct fn_rec *r, struct fn_rec *h)
{
	if (r && (h->tokens || h->nloc)) {
		r->tokens += h->tokens;
		r->decisions += h->decisions;
		r->alternatives += h->alternatives;
		r->choices += h->choices;
		r->keyed_arms += h->keyed_arms;
		r->nloc += h->nloc;
		if (h->nloc && h->first_line <= r->last_line)
			r->nloc--; /* the header's first line was already the function's */
		if (h->last_line > r->last_line)
			r->last_line = h->last_line;
		if (h->end_line > r->end_line)
			r->end_line = h->end_line;
	}
	h->tokens = h->decisions = h->nloc = 0;
	h->last_line = 0;
}

struct fn_rec *fn_push(struct fn_ctx *c, struct fn_rec *h, uint32_t level)
{
	struct fn_rec *r;

	TG_ALLOC_GROW(c->stk, c->nr + 1, c->alloc);
	r = &c->stk[c->nr++];
	*r = *h;
	r->level = level;
	r->seq = c->seq++;
	h->name = (struct tg_buf)TG_BUF_INIT;
	fn_rec_start(h, &(struct tok){.line = r->start_line});
	h->first_line = 0;
	return r;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	return tg_utf8_seq((const char *)s, n);
}

/* Names go into JSON: a byte that is not UTF-8 becomes U+FFFD. */
static char *utf8_name(const struct tg_buf *b)
{
	const unsigned char *s = (const unsigned char *)b->buf;
	struct tg_buf out = TG_BUF_INIT;
	size_t i = 0, k;

	while (i < b->len) {
		k = utf8_len(s + i, b->len - i);
		if (k) {
			tg_buf_add(&out, s + i, k);
			i += k;
		} else {
			tg_buf_adds(&out, "\xEF\xBF\xBD");
			i++;
		}
	}
	return tg_buf_detach(&out, NULL);
}

void fn_pop(struct fn_ctx *c)
{
	struct fn_rec *r;
	struct tg_function *f;

	if (!c->nr)
		return;
	r = &c->stk[--c->nr];
	TG_ALLOC_GROW(c->out->v, c->out->nr + 1, c->out->alloc);
	f = &c->out->v[c->out->nr++];
	f->name = r->name.len ? utf8_name(&r->name) : tg_strdup("(anonymous)");
	f->start_line = r->start_line;
	f->end_line = r->end_line > r->start_line ? r->end_line : r->start_line;
	f->nloc = r->nloc;
	f->ccn = 1 + r->decisions;
	f->ccn_structural = f->ccn;
	if (r->alternatives <= r->decisions)
		f->ccn_structural = 1 + r->decisions - r->alternatives + r->choices;
	if (f->ccn_structural > f->ccn)
		f->ccn_structural = f->ccn;
	f->keyed_arms = r->keyed_arms;
	f->tokens = r->tokens;
	f->params = r->params;
	f->order = r->seq;
	tg_buf_release(&r->name);
}

static int by_start(const void *a, const void *b)
{
	const struct tg_function *x = a, *y = b;

	if (x->start_line != y->start_line)
		return x->start_line < y->start_line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void fn_ctx_finish(struct fn_ctx *c)
{
	while (c->nr)
		fn_pop(c);
	free(c->stk);
	c->stk = NULL;
	c->alloc = 0;
	if (c->out->nr > c->out_base)
		qsort(c->out->v + c->out_base, c->out->nr - c->out_base, sizeof(*c->out->v),
		      by_start);
}

int tg_functions_scan_named(const char *lang_name, const unsigned char *data, size_t len,
                            struct tg_function_list *out)
{
	struct fn_ctx c;
	enum fn_lang l = lang_by_name(lang_name);

	if (l == FN_NONE)
		return TG_OK;
	fn_ctx_init(&c, l, out);
	if (l == FN_PY)
		fn_scan_python(&c, data, len);
	else if (l == FN_RUBY)
		fn_scan_ruby(&c, data, len);
	else
		fn_scan_brace(&c, data, len);
	fn_ctx_finish(&c);
	return TG_OK;
}

int tg_functions_scan(const struct tg_lang *lang, const unsigned char *data, size_t len,
                      struct tg_function_list *out)
{
	return tg_functions_scan_named(lang ? lang->name : NULL, data, len, out);
}

void tg_function_list_clear(struct tg_function_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i].name);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}
