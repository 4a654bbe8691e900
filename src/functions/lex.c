/*
 * The tokenizer: skips whitespace and comments (nested where the language
 * nests them), folds a literal into one token, and hands out identifiers,
 * numbers and punctuation with their lines. Which of these a byte starts
 * depends on the language, but the loop is one.
 */
#include "functions/lex_int.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#define R4(x)  x, x, x, x
#define R8(x)  R4(x), R4(x)
#define R16(x) R8(x), R8(x)
const unsigned char lex_class[256] = {
        R16(0), R16(0),                                                        /* controls */
        0,      0,      0,      0,      3,      0,      0,      0,      R8(0), /* ' ' .. '/': $ */
        R8(2),  2,      2,      0,      0,      0,      0,      0,      0,     /* '0' .. '?' */
        0,      R8(3),  R8(3),  R8(3),  3,      3,      0,      0,      0,
        0,      3, /* '@' .. '_' */
        0,      R8(3),  R8(3),  R8(3),  3,      3,      0,      0,      0,
        0,      0,                                                      /* '`' .. DEL */
        R16(3), R16(3), R16(3), R16(3), R16(3), R16(3), R16(3), R16(3), /* not ASCII */
};

void lex_init(struct lexer *lx, enum fn_lang lang, const unsigned char *s, size_t n)
{
	memset(lx, 0, sizeof(*lx));
	lx->s = s;
	lx->n = n;
	lx->line = 1;
	lx->lang = lang;
	lx->php_html = lang == FN_PHP;
}

void lex_release(struct lexer *lx)
{
	free(lx->stk);
	lx->stk = NULL;
	lx->stk_nr = lx->stk_alloc = 0;
}

static int nested_comments(enum fn_lang l)
{
	return l == FN_RUST || l == FN_SWIFT || l == FN_KOTLIN || l == FN_SCALA;
}

static int hash_comments(enum fn_lang l)
{
	return l == FN_PY || l == FN_RUBY || l == FN_PHP;
}

static int slash_comments(enum fn_lang l)
{
	return l != FN_PY && l != FN_RUBY;
}

static size_t skip_block_comment(struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n, depth = 1;
	int nest = nested_comments(lx->lang);

	for (i += 2; i < n; i++) {
		if (s[i] == '\n') {
			lx->line++;
		} else if (s[i] == '*' && i + 1 < n && s[i + 1] == '/') {
			i++;
			if (--depth == 0)
				return i + 1;
		} else if (nest && s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			i++;
			depth++;
		}
	}
	return n;
}

static size_t to_eol(const struct lexer *lx, size_t i)
{
	const unsigned char *p = memchr(lx->s + i, '\n', lx->n - i);

	return p ? (size_t)(p - lx->s) : lx->n;
}

/* Ruby =begin ... =end, from the start of a line. */
static size_t skip_ruby_doc(struct lexer *lx, size_t i)
{
	for (;;) {
		i = to_eol(lx, i);
		if (i >= lx->n)
			return i;
		lx->line++;
		i++;
		if (i + 4 <= lx->n && !memcmp(lx->s + i, "=end", 4))
			return to_eol(lx, i);
	}
}

static int word_is(const unsigned char *p, size_t w, const char *s)
{
	return strlen(s) == w && !memcmp(p, s, w);
}

/* `0` alone (a comment may follow): the condition of a branch that never compiles. */
static int zero_condition(const unsigned char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != '0')
		return 0;
	for (i++; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	return i >= n || s[i] == '\n' || s[i] == '\r' ||
	       (s[i] == '/' && i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '*'));
}

/* What a C or C++ directive's word (w bytes at p) means to ppcond.c and to CCN. */
static void classify_directive(struct lexer *lx, size_t i, size_t w, struct tok *t)
{
	const unsigned char *p = lx->s + i;

	if (lx->lang != FN_C && lx->lang != FN_CPP)
		return;
	t->pp_cond = word_is(p, w, "if") || word_is(p, w, "ifdef") || word_is(p, w, "elif");
	if (word_is(p, w, "if") || word_is(p, w, "ifdef") || word_is(p, w, "ifndef"))
		t->pp_dir = PP_IF;
	else if (word_is(p, w, "elif") || word_is(p, w, "elifdef") || word_is(p, w, "elifndef"))
		t->pp_dir = PP_ELIF;
	else if (word_is(p, w, "else"))
		t->pp_dir = PP_ELSE;
	else if (word_is(p, w, "endif"))
		t->pp_dir = PP_ENDIF;
	t->pp_zero = (word_is(p, w, "if") || word_is(p, w, "elif")) &&
	             zero_condition(lx->s, lx->n, i + w);
}

/* A preprocessor directive through its continuation lines; i at '#'. */
static size_t lex_directive(struct lexer *lx, size_t i, struct tok *t)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n, w;

	for (i++; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	for (w = 0; i + w < n && lex_is_ident(s[i + w]); w++)
		;
	classify_directive(lx, i, w, t);
	for (i += w; i < n && s[i] != '\n'; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
			if (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n')
				i++;
			i++;
			lx->line++;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			i = skip_block_comment(lx, i) - 1;
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			return to_eol(lx, i);
		}
	}
	return i;
}

static int value_like(const struct lexer *lx)
{
	static const char *const kw[] = {
	        "return", "typeof", "case",  "do",         "else",  "in",    "of",  "new",
	        "delete", "void",   "throw", "instanceof", "yield", "await", "if",  "unless",
	        "when",   "and",    "or",    "not",        "while", "until", "puts"};
	size_t k;

	switch (lx->prev_kind) {
	case T_NUM:
	case T_STR:
		return 1;
	case T_PUNCT:
		return lx->prev_len == 1 &&
		       (lx->prev_p[0] == ')' || lx->prev_p[0] == ']' || lx->prev_p[0] == '}');
	case T_IDENT:
		for (k = 0; k < TG_ARRAY_SIZE(kw); k++)
			if (strlen(kw[k]) == lx->prev_len &&
			    !memcmp(kw[k], lx->prev_p, lx->prev_len))
				return 0;
		return 1;
	default:
		return 0;
	}
}

static size_t lex_string_at(struct lexer *lx, size_t i, unsigned char q)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;
	int triple = i + 2 < n && s[i + 1] == q && s[i + 2] == q, holes;
	enum fn_lang l = lx->lang;

	switch (l) {
	case FN_PY:
		return triple ? lex_triple(lx, i, q) : lex_quoted(lx, i, q, 0);
	case FN_JAVA:
		return triple && q == '"' ? lex_triple(lx, i, q) : lex_quoted(lx, i, q, 0);
	case FN_KOTLIN:
	case FN_SCALA:
	case FN_SWIFT:
		if (q == '\'')
			return lex_quoted(lx, i, q, 0);
		holes = l != FN_SCALA || (i > 0 && lex_is_ident(s[i - 1])); /* s"..." in Scala */
		return triple ? lex_interp(lx, i + 3, q, 1, holes)
		              : lex_interp(lx, i + 1, q, 0, holes);
	case FN_RUBY:
		return q == '\'' ? lex_quoted(lx, i, q, 1) : lex_interp(lx, i + 1, q, 0, 1);
	case FN_RUST:
	case FN_PHP:
		return lex_quoted(lx, i, q, 1);
	case FN_CSHARP:
		return triple ? lex_triple(lx, i, q) : lex_quoted(lx, i, q, 0);
	default:
		return lex_quoted(lx, i, q, 0);
	}
}

/* Rust 'a' is a char, 'a a lifetime (a punctuation mark then a name). */
static int rust_char_literal(const struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n, k;

	if (i + 1 < n && s[i + 1] == '\\')
		return 1;
	for (k = 2; k < 6 && i + k < n; k++) /* one character, maybe several UTF-8 bytes */
		if (s[i + k] == '\'')
			return k == 2 || s[i + 1] >= 0x80;
	return 0;
}

/* An identifier that is really a string prefix: r"..." b'...' R"(...)" and so on. */
static int string_prefix(struct lexer *lx, size_t start, size_t *pi)
{
	const unsigned char *s = lx->s;
	size_t i = *pi, n = lx->n, len = i - start, k;
	unsigned char c = i < n ? s[i] : 0;

	if (lx->lang == FN_PY && (c == '"' || c == '\'') && len <= 2) {
		for (k = start; k < i; k++)
			if (!strchr("rRbBuUfF", s[k]))
				return 0;
		*pi = lex_string_at(lx, i, c);
		return 1;
	}
	if ((lx->lang == FN_C || lx->lang == FN_CPP) && (c == '"' || c == '\'') && len <= 3) {
		if (s[i - 1] == 'R' && c == '"' &&
		    (len == 1 || (len == 2 && strchr("uUL", s[start])) ||
		     (len == 3 && s[start] == 'u' && s[start + 1] == '8'))) {
			*pi = lex_cpp_raw(lx, i);
			return 1;
		}
		if ((len == 1 && strchr("uUL", s[start])) ||
		    (len == 2 && s[start] == 'u' && s[start + 1] == '8')) {
			*pi = lex_quoted(lx, i, c, 0);
			return 1;
		}
		return 0;
	}
	if (lx->lang == FN_RUST && len <= 2 && (s[i - 1] == 'r' || s[i - 1] == 'b') &&
	    (len == 1 || (s[start] == 'b' && s[start + 1] == 'r'))) {
		if (s[i - 1] == 'r' &&
		    (c == '"' || (c == '#' && i + 1 < n && (s[i + 1] == '#' || s[i + 1] == '"')))) {
			*pi = lex_rust_raw(lx, i);
			return 1;
		}
		if (len == 1 && s[start] == 'b' && (c == '"' || c == '\'')) {
			*pi = lex_quoted(lx, i, c, 1);
			return 1;
		}
	}
	return 0;
}

static size_t lex_ident(struct lexer *lx, size_t i, int *kind)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n, start = i;

	while (i < n && lex_is_ident(s[i]))
		i++;
	if (string_prefix(lx, start, &i)) {
		*kind = T_STR;
		return i;
	}
	/* Ruby method names may end in ? or ! (empty?, save!), but not x!=y or x ?a:b. */
	if (lx->lang == FN_RUBY && i + 1 < n && (s[i] == '?' || s[i] == '!') && s[i + 1] != '=' &&
	    !lex_is_ident(s[i + 1]) && s[i + 1] != ':')
		i++;
	*kind = T_IDENT;
	return i;
}

static size_t lex_number(const struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;
	int c_like = lx->lang == FN_C || lx->lang == FN_CPP;

	while (i < n) {
		unsigned char c = s[i];

		if (lex_is_ident(c) && c < 0x80)
			i++;
		else if (c == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
			i++;
		else if (c == '\'' && c_like && i + 1 < n && lex_is_ident(s[i + 1]))
			i++; /* 1'000'000 */
		else
			break;
	}
	return i;
}

/* The multi-byte operators, by first byte: a switch, as this runs for every mark. */
static size_t lex_punct(const struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;
	unsigned char c = s[i], d = i + 1 < n ? s[i + 1] : 0, e = i + 2 < n ? s[i + 2] : 0;

	switch (c) {
	case ':':
		return i + 1 + (d == ':');
	case '-':
		return i + 1 + (d == '>' || d == '-' || d == '=');
	case '+':
		return i + 1 + (d == '+' || d == '=');
	case '*':
		return i + 1 + (d == '*' || d == '=');
	case '/':
		return i + 1 + (d == '=');
	case '=':
		if (d == '=')
			return i + 2 + (e == '=');
		return i + 1 + (d == '>');
	case '!':
		if (d == '=')
			return i + 2 + (e == '=');
		return i + 1;
	case '<':
		if (d == '<')
			return i + 2 + (e == '<' && lx->lang == FN_PHP);
		return i + 1 + (d == '=');
	case '>':
		return i + 1 + (d == '='); /* never >>: it closes two generic lists */
	case '&':
	case '|':
		if (d == c)
			return i + 2 + (e == '=');
		return i + 1 + (d == '=');
	case '.':
		if (d == '.')
			return i + 2 + (e == '.');
		return i + 1;
	case '?':
		if (d == '?')
			return i + 2 + (e == '=');
		if (d == '.' && !(e >= '0' && e <= '9')) /* a?.5:1 is a ternary */
			return i + 2;
		if (d == ':' && (lx->lang == FN_KOTLIN || lx->lang == FN_PHP))
			return i + 2; /* Elvis; TypeScript x?: T and C's a?:b stay a ? */
		if (d == '-' && e == '>' && lx->lang == FN_PHP)
			return i + 3;
		return i + 1;
	default:
		return i + 1;
	}
}

/* Literals that begin with punctuation; returns 0 when s[i] starts none. */
static size_t lex_punct_literal(struct lexer *lx, size_t i, int first_on_line)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;
	unsigned char c = s[i], d = i + 1 < n ? s[i + 1] : 0, e = i + 2 < n ? s[i + 2] : 0;
	enum fn_lang l = lx->lang;

	if (c == '"' || (c == '\'' && l != FN_RUST && l != FN_SCALA && l != FN_SWIFT))
		return lex_string_at(lx, i, c);
	if (c == '\'' && (l == FN_RUST || l == FN_SCALA) && (rust_char_literal(lx, i)))
		return lex_quoted(lx, i, c, 0);
	if (c == '`') {
		if (l == FN_JS || l == FN_TS || l == FN_RUBY)
			return lex_interp(lx, i + 1, c, 0, 1);
		if (l == FN_GO) {
			const unsigned char *p = memchr(s + i + 1, '`', n - i - 1);
			size_t j, end = p ? (size_t)(p - s) + 1 : n;

			for (j = i; j < end; j++)
				lx->line += s[j] == '\n';
			return end;
		}
		if (l == FN_KOTLIN || l == FN_SCALA || l == FN_SWIFT)
			return lex_quoted(lx, i, c, 0); /* a quoted identifier */
		return 0;
	}
	if (l == FN_CSHARP) {
		if ((c == '@' && d == '"') || (c == '$' && d == '@' && e == '"') ||
		    (c == '@' && d == '$' && e == '"'))
			return lex_csharp_verbatim(lx, c == '@' && d == '"' ? i + 1 : i + 2);
		if (c == '$' && d == '"') {
			if (e == '"' && i + 3 < n && s[i + 3] == '"')
				return lex_triple(lx, i + 1, '"');
			return lex_interp(lx, i + 2, '"', 0, 1);
		}
	}
	if (l == FN_SWIFT && c == '#' && (d == '"' || d == '#'))
		return lex_swift_raw(lx, i);
	if ((l == FN_JS || l == FN_TS || l == FN_RUBY) && c == '/' && !value_like(lx))
		return lex_regex(lx, i);
	if (l == FN_RUBY && c == '%' && !value_like(lx) && d && d != ' ' && d != '=' &&
	    (!lex_is_ident(d) || (strchr("qQwWiIrsx", d) && e && !lex_is_ident(e) && e != ' ')))
		return lex_ruby_percent(lx, i);
	if (l == FN_RUBY && c == '?' && !value_like(lx) && d && d > ' ' && !lex_is_ident(e))
		return i + 2; /* ?a, a character literal */
	if (l == FN_RUBY && c == '<' && d == '<' &&
	    (((e == '~' || e == '-') && i + 3 < n &&
	      (lex_is_ident_start(s[i + 3]) || s[i + 3] == '\'' || s[i + 3] == '"')) ||
	     ((e == '\'' || e == '"' || (e >= 'A' && e <= 'Z')) && !value_like(lx)))) {
		lex_ruby_heredoc_mark(lx, &i);
		return i;
	}
	if (l == FN_PHP && c == '<' && d == '<' && e == '<')
		return lex_php_heredoc(lx, i);
	(void)first_on_line;
	return 0;
}

static uint32_t column_of(const struct lexer *lx, size_t i)
{
	size_t k = i;
	uint32_t col = 0;

	while (k > 0 && lx->s[k - 1] != '\n')
		k--;
	for (; k < i; k++)
		col = lx->s[k] == '\t' ? (col + 8) & ~7u : col + 1;
	return col;
}

/* PHP: skip the HTML up to the next <?php, <?= or <?. */
static size_t skip_php_html(struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;

	for (; i < n; i++) {
		if (s[i] == '\n') {
			lx->line++;
		} else if (s[i] == '<' && i + 1 < n && s[i + 1] == '?') {
			lx->php_html = 0;
			if (i + 5 <= n && !memcmp(s + i + 2, "php", 3))
				return i + 5;
			return i + 2 + (i + 2 < n && s[i + 2] == '=');
		}
	}
	return n;
}

static void peek_after(const struct lexer *lx, struct tok *t, size_t i)
{
	const unsigned char *s = lx->s;

	while (i < lx->n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	t->next_c = i < lx->n && s[i] != '\n' ? s[i] : 0;
	if (t->kind == T_STR && t->first_on_line)
		t->standalone = !t->next_c || t->next_c == '#' || t->next_c == ';';
}

/* Skips blanks and comments; returns 1 when it stopped at a token (or EOF), 0 to go on. */
static size_t skip_space(struct lexer *lx, size_t i, int *space, struct tok *t)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;

	while (i < n) {
		unsigned char c = s[i], d = i + 1 < n ? s[i + 1] : 0;

		if (lx->php_html) {
			i = skip_php_html(lx, i);
			*space = 1;
		} else if (c == '\n' || (c == '\r' && d != '\n')) { /* CR alone ends a line too */
			lx->line++;
			lx->line_has_tok = 0;
			i++;
			*space = 1;
			if (lx->nheredoc) {
				uint32_t first = lx->line;

				t->p = s + i;
				i = lex_ruby_heredoc_bodies(lx, i);
				t->kind = T_STR;
				t->len = (uint32_t)(s + i - t->p);
				t->line = first;
				t->end_line = lx->line;
				return i;
			}
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
			*space = 1;
		} else if (c == '\\' && (d == '\n' || d == '\r')) {
			/* a continued line: the next one goes on the same logical line */
			i += 2 + (d == '\r' && i + 2 < n && s[i + 2] == '\n');
			lx->line++;
			*space = 1;
		} else if (c == '/' && d == '/' && slash_comments(lx->lang)) {
			i = to_eol(lx, i);
			*space = 1;
		} else if (c == '/' && d == '*' && slash_comments(lx->lang)) {
			i = skip_block_comment(lx, i);
			*space = 1;
		} else if (c == '#' && hash_comments(lx->lang) &&
		           !(lx->lang == FN_PHP && d == '[')) {
			i = to_eol(lx, i);
			*space = 1;
		} else if (lx->lang == FN_RUBY && c == '=' && (i == 0 || s[i - 1] == '\n') &&
		           i + 6 <= n && !memcmp(s + i, "=begin", 6)) {
			i = skip_ruby_doc(lx, i);
		} else if (lx->lang == FN_RUBY && c == '_' && (i == 0 || s[i - 1] == '\n') &&
		           i + 7 <= n && !memcmp(s + i, "__END__", 7)) {
			return n;
		} else if (lx->lang == FN_PHP && c == '?' && d == '>') {
			lx->php_html = 1;
			i += 2;
		} else {
			break;
		}
	}
	t->kind = T_EOF;
	return i;
}

void lex_next(struct lexer *lx, struct tok *t)
{
	const unsigned char *s = lx->s;
	size_t i, start;
	int space = 0, kind = T_PUNCT;
	unsigned char c;

	memset(t, 0, sizeof(*t));
	i = skip_space(lx, lx->i, &space, t);
	if (t->kind == T_STR) { /* Ruby heredoc bodies */
		lx->i = i;
		t->first_on_line = 1;
		return;
	}
	lx->i = i;
	if (i >= lx->n) {
		t->kind = T_EOF;
		t->line = t->end_line = lx->line;
		return;
	}
	start = i;
	c = s[i];
	t->line = lx->line;
	t->space_before = (unsigned char)space;
	t->first_on_line = !lx->line_has_tok;
	if (t->first_on_line && lx->lang == FN_PY)
		lx->indent = column_of(lx, i);
	t->indent = lx->indent;
	lx->line_has_tok = 1;

	if (c == '#' && t->first_on_line &&
	    (lx->lang == FN_C || lx->lang == FN_CPP || lx->lang == FN_CSHARP)) {
		i = lex_directive(lx, i, t);
		kind = T_PP;
	} else if (lex_is_ident_start(c) && !(c == '$' && lx->lang == FN_CSHARP)) {
		i = lex_ident(lx, i, &kind);
	} else if (c >= '0' && c <= '9') {
		i = lex_number(lx, i);
		kind = T_NUM;
	} else {
		size_t j = lex_punct_literal(lx, i, t->first_on_line);

		if (j > i) {
			i = j;
			kind = T_STR;
		} else {
			i = lex_punct(lx, i);
		}
	}
	if (i > lx->n)
		i = lx->n;
	t->kind = (unsigned char)kind;
	t->p = s + start;
	t->len = (uint32_t)(i - start);
	t->end_line = lx->line;
	lx->i = i;
	lx->prev_kind = kind;
	lx->prev_p = t->p;
	lx->prev_len = t->len;
	peek_after(lx, t, i);
}
