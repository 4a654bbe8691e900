/*
 * Which tokens are decisions, per language: lizard 1.24's condition sets
 * (see shared/reference/counting-complexity.md §5), except where lizard is
 * plainly wrong and the README says so: `??` is one decision, not two, and
 * a `?` that is a type or optional marker (TypeScript `x?: T`, C# `int?`,
 * Swift `String?`, Java `<?>`, Rust `?Sized`) is no decision at all.
 */
#include "functions/recog_int.h"

#include <string.h>

static const char *const kw_default[] = {"if", "for", "while", "case", NULL};
static const char *const kw_catch[] = {"if", "for", "while", "case", "catch", NULL};
static const char *const kw_php[] = {"if",    "elseif", "for",  "foreach", "while",
                                     "catch", "match",  "case", NULL};
static const char *const kw_python[] = {"if",      "elif", "for", "while", "except",
                                        "finally", "and",  "or",  NULL};
static const char *const kw_ruby[] = {"if",    "until",  "for",    "while",  "and",  "or",
                                      "elsif", "elseif", "rescue", "ensure", "when", NULL};
static const char *const kw_rust[] = {"if", "for", "while", "catch", "match", "where", NULL};
static const char *const kw_kotlin[] = {"if", "for", "while", "catch", NULL};
static const char *const kw_swift[] = {"if", "for", "while", "case", "catch", "guard", NULL};
static const char *const kw_scala[] = {"if", "for", "while", "case", "catch", "do", NULL};

static const char *const *keywords(enum fn_lang l)
{
	switch (l) {
	case FN_C:
		return kw_default;
	case FN_PHP:
		return kw_php;
	case FN_PY:
		return kw_python;
	case FN_RUBY:
		return kw_ruby;
	case FN_RUST:
		return kw_rust;
	case FN_KOTLIN:
		return kw_kotlin;
	case FN_SWIFT:
		return kw_swift;
	case FN_SCALA:
		return kw_scala;
	default:
		return kw_catch;
	}
}

static int is_marker_follower(unsigned char c)
{
	return c == ':' || c == ',' || c == ')' || c == '=' || c == ';' || c == '>' || c == ']' ||
	       c == '.';
}

/* A lone `?`: a ternary, or some kind of type marker? */
static int question(enum fn_lang l, const struct tok *t, const struct tok *prev)
{
	int prev_angle = prev && prev->kind == T_PUNCT && prev->len == 1 &&
	                 (prev->p[0] == '<' || prev->p[0] == ',');

	/* A ternary's condition ends in a value; after `(`, `,`, `:` or `<` a `?`
	 * marks a type: PHP (?int $x): ?string, Java <?>, Rust T: ?Sized. */
	if (prev && prev->kind == T_PUNCT && !(prev->len == 1 && strchr(")]}", prev->p[0])) &&
	    !(prev->len == 2 && (prev->p[0] == '+' || prev->p[0] == '-') &&
	      prev->p[0] == prev->p[1]))
		return 0;
	switch (l) {
	case FN_C:
	case FN_CPP:
		return 1; /* C has no type marks; GNU a ?: b is a decision too */
	case FN_KOTLIN:
		return 0; /* no ternary; `?` only marks nullable types */
	case FN_RUST:
		return !lex_is_ident_start(t->next_c); /* error propagation, not ?Sized */
	case FN_CSHARP:
	case FN_SWIFT:
		/* `a ? b : c` needs the space; `int?` and `x?` have none */
		return t->space_before && !is_marker_follower(t->next_c);
	case FN_PY:
		return 0;
	default:
		if (prev_angle)
			return 0; /* Java List<?> and Map<?, ?> */
		return !is_marker_follower(t->next_c) || t->next_c == '.';
	}
}

int fn_decisions(enum fn_lang l, const struct tok *t, const struct tok *prev)
{
	const char *const *kw;
	const unsigned char *p = t->p;

	if (t->kind == T_PP)
		return t->pp_cond;
	if (t->kind == T_IDENT) {
		if (t->len < 2 || t->len > 7 || p[0] < 'a' || p[0] > 'w')
			return 0;
		if (prev && prev->kind == T_PUNCT && prev->len == 1 && prev->p[0] == '.')
			return 0; /* a member named like a keyword: x.if, obj.case */
		for (kw = keywords(l); *kw; kw++)
			if ((*kw)[0] == p[0] && fn_tok_is(t, *kw))
				return 1;
		return 0;
	}
	if (t->kind != T_PUNCT)
		return 0;
	if (t->len == 1)
		return p[0] == '?' ? question(l, t, prev) : 0;
	if (t->len == 2 && ((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|')))
		return l != FN_PY;
	if (p[0] == '?' && p[1] == '?') /* ?? and ??=: one decision, where it is one */
		return l == FN_CSHARP || l == FN_JS || l == FN_TS;
	if (t->len == 2 && p[0] == '?' && p[1] == ':')
		return l == FN_KOTLIN;
	if (t->len == 3 && p[2] == '=' &&
	    ((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|')))
		return l == FN_JS || l == FN_TS || l == FN_RUBY;
	return 0;
}
