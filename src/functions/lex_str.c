/*
 * Scanners for the literals that may hold anything: quoted strings, raw
 * strings, heredocs, regular expressions and strings with interpolation
 * holes. Each stops at the end of the input, so an unterminated literal
 * swallows the rest of the file and nothing more.
 */
#include "functions/lex_int.h"

#include "util/alloc.h"

#include <string.h>

static inline size_t nl(struct lexer *lx, size_t i)
{
	lx->line++;
	return i + 1;
}

size_t lex_quoted(struct lexer *lx, size_t i, unsigned char q, int multiline)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;

	for (i++; i < n; i++) {
		unsigned char c = s[i];

		if (c == q)
			return i + 1;
		if (c == '\\' && i + 1 < n) {
			i++;
			if (s[i] == '\n')
				lx->line++;
		} else if (c == '\n') {
			if (!multiline)
				return i; /* unterminated: the line ends it */
			lx->line++;
		}
	}
	return n;
}

size_t lex_triple(struct lexer *lx, size_t i, unsigned char q)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;

	for (i += 3; i < n; i++) {
		unsigned char c = s[i];

		if (c == q && i + 2 < n && s[i + 1] == q && s[i + 2] == q) {
			i += 3;
			while (i < n && s[i] == q) /* """a"""" ends at the last quotes */
				i++;
			return i;
		}
		if (c == '\\' && i + 1 < n)
			c = s[++i];
		if (c == '\n')
			lx->line++;
	}
	return n;
}

static void push(struct lexer *lx, int in_str, unsigned char q, int triple, int holes)
{
	struct lex_frame *f;

	TG_ALLOC_GROW(lx->stk, lx->stk_nr + 1, lx->stk_alloc);
	f = &lx->stk[lx->stk_nr++];
	f->in_str = (unsigned char)in_str;
	f->q = q;
	f->triple = (unsigned char)triple;
	f->holes = (unsigned char)holes;
	f->depth = 0;
}

/* The opening of an interpolation hole at s[i], by language; 0 if none, else its length. */
static int hole_open(const struct lexer *lx, size_t i, unsigned char *closer)
{
	const unsigned char *s = lx->s;
	unsigned char c = s[i], d = i + 1 < lx->n ? s[i + 1] : 0;

	*closer = '}';
	switch (lx->lang) {
	case FN_JS:
	case FN_TS:
	case FN_KOTLIN:
	case FN_SCALA:
	case FN_PHP:
		return c == '$' && d == '{' ? 2 : 0;
	case FN_RUBY:
		return c == '#' && d == '{' ? 2 : 0;
	case FN_SWIFT:
		*closer = ')';
		return c == '\\' && d == '(' ? 2 : 0;
	case FN_CSHARP:
		if (c == '{' && d == '{')
			return -2; /* an escaped brace */
		return c == '{' ? 1 : 0;
	default:
		return 0;
	}
}

static int is_quote_in_code(const struct lexer *lx, unsigned char c)
{
	if (c == '"' || c == '\'')
		return 1;
	return c == '`' && (lx->lang == FN_JS || lx->lang == FN_TS);
}

/*
 * A string whose holes hold code that may hold strings, and so on: the
 * nesting lives in lx->stk, not on the C stack. i is just past the opening
 * quote(s).
 */
size_t lex_interp(struct lexer *lx, size_t i, unsigned char q, int triple, int holes)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n, base = lx->stk_nr;
	int multiline = triple || q == '`' || lx->lang == FN_RUBY || lx->lang == FN_PHP;

	push(lx, 1, q, triple, holes);
	while (i < n && lx->stk_nr > base) {
		struct lex_frame *f = &lx->stk[lx->stk_nr - 1];
		unsigned char c = s[i], closer;
		int h;

		if (!f->in_str) {
			if (c == '\n') {
				i = nl(lx, i);
			} else if (c == f->q) {
				if (f->depth == 0)
					lx->stk_nr--;
				else
					f->depth--;
				i++;
			} else if (c == (f->q == '}' ? '{' : '(')) {
				f->depth++;
				i++;
			} else if (is_quote_in_code(lx, c)) {
				int holes = c == '"';

				if (lx->lang == FN_JS || lx->lang == FN_TS)
					holes = c == '`';
				else if (lx->lang == FN_CSHARP || lx->lang == FN_SCALA)
					holes = c == '"' && i > 0 && s[i - 1] != ' ' &&
					        s[i - 1] != '(' && s[i - 1] != ',' &&
					        s[i - 1] != ':';

				if (i + 2 < n && s[i + 1] == c && s[i + 2] == c) {
					push(lx, 1, c, 1, holes);
					i += 3;
				} else {
					push(lx, 1, c, 0, holes);
					i++;
				}
			} else {
				i++;
			}
			continue;
		}
		if (c == '\\' && !(lx->lang == FN_SWIFT && i + 1 < n && s[i + 1] == '(')) {
			i += 2;
			if (i <= n && s[i - 1] == '\n')
				lx->line++;
			continue;
		}
		if (c == f->q && (!f->triple || (i + 2 < n && s[i + 1] == c && s[i + 2] == c))) {
			i += f->triple ? 3 : 1;
			lx->stk_nr--;
			continue;
		}
		if (c == '\n') {
			if (!f->triple && !multiline) {
				lx->stk_nr = base; /* unterminated: the line ends it */
				return i;
			}
			i = nl(lx, i);
			continue;
		}
		h = f->holes ? hole_open(lx, i, &closer) : 0;
		if (h < 0) {
			i += (size_t)-h;
		} else if (h > 0) {
			i += (size_t)h;
			push(lx, 0, closer, 0, 0);
		} else {
			i++;
		}
	}
	lx->stk_nr = base;
	return i < n ? i : n;
}

/* C++ R"delim( ... )delim"; i at the opening quote. */
size_t lex_cpp_raw(struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s, *d;
	size_t n = lx->n, dlen = 0, j;

	d = s + i + 1;
	while (i + 1 + dlen < n && dlen < 16 && s[i + 1 + dlen] != '(' && s[i + 1 + dlen] != '"' &&
	       s[i + 1 + dlen] != '\n')
		dlen++;
	if (i + 1 + dlen >= n || s[i + 1 + dlen] != '(')
		return lex_quoted(lx, i, '"', 0); /* not a raw string after all */
	for (j = i + 2 + dlen; j < n; j++) {
		if (s[j] == '\n')
			lx->line++;
		else if (s[j] == ')' && j + 1 + dlen < n && s[j + 1 + dlen] == '"' &&
		         !memcmp(s + j + 1, d, dlen))
			return j + 2 + dlen;
	}
	return n;
}

/* Rust r"..." / r#"..."#; i at the first '#' or the quote. */
size_t lex_rust_raw(struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n, hashes = 0, j;

	while (i < n && s[i] == '#') {
		hashes++;
		i++;
	}
	for (j = i + 1; j < n; j++) {
		size_t k = 0;

		if (s[j] == '\n') {
			lx->line++;
			continue;
		}
		if (s[j] != '"')
			continue;
		while (k < hashes && j + 1 + k < n && s[j + 1 + k] == '#')
			k++;
		if (k == hashes)
			return j + 1 + k;
	}
	return n;
}

/* Swift #"..."# and #"""..."""#; i at the first '#'. */
size_t lex_swift_raw(struct lexer *lx, size_t i)
{
	return lex_rust_raw(lx, i);
}

/* C# @"..." where "" is a quote; i at the quote. */
size_t lex_csharp_verbatim(struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;

	for (i++; i < n; i++) {
		if (s[i] == '"') {
			if (i + 1 < n && s[i + 1] == '"') {
				i++;
				continue;
			}
			return i + 1;
		}
		if (s[i] == '\n')
			lx->line++;
	}
	return n;
}

/* /regex/flags; i at the opening slash. A newline ends an unterminated one. */
size_t lex_regex(struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n;
	int in_class = 0;

	for (i++; i < n; i++) {
		unsigned char c = s[i];

		if (c == '\\' && i + 1 < n && s[i + 1] != '\n')
			i++;
		else if (c == '\n')
			return i;
		else if (c == '[')
			in_class = 1;
		else if (c == ']')
			in_class = 0;
		else if (c == '/' && !in_class)
			break;
	}
	if (i < n)
		i++;
	while (i < n && lex_is_ident(s[i]))
		i++;
	return i;
}

/* A line (from i) that holds only `id`, maybe indented, maybe followed by ;,) */
static int line_ends_heredoc(const unsigned char *s, size_t i, size_t n, const unsigned char *id,
                             size_t len, int indented, int php)
{
	while (indented && i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + len > n || memcmp(s + i, id, len))
		return 0;
	i += len;
	if (php)
		return i >= n || !lex_is_ident(s[i]);
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i >= n || s[i] == '\n';
}

static size_t skip_line(struct lexer *lx, size_t i)
{
	const unsigned char *p = memchr(lx->s + i, '\n', lx->n - i);

	if (!p)
		return lx->n;
	lx->line++;
	return (size_t)(p - lx->s) + 1;
}

/* PHP <<<ID / <<<'ID' / <<<"ID" up to the closing identifier; i at the first '<'. */
size_t lex_php_heredoc(struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s, *id;
	size_t n = lx->n, len = 0;

	i += 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && (s[i] == '\'' || s[i] == '"'))
		i++;
	id = s + i;
	while (i + len < n && lex_is_ident(s[i + len]))
		len++;
	if (!len)
		return i;
	i = skip_line(lx, i + len);
	while (i < n) {
		if (line_ends_heredoc(s, i, n, id, len, 1, 1)) {
			while (s[i] != id[0])
				i++;
			return i + len;
		}
		i = skip_line(lx, i);
	}
	return n;
}

/* Ruby %w[...] %q(...) %(...) and friends; i at '%'. */
size_t lex_ruby_percent(struct lexer *lx, size_t i)
{
	const unsigned char *s = lx->s;
	size_t n = lx->n, depth = 0;
	unsigned char open, close;

	i++;
	if (i < n && lex_is_ident_start(s[i]))
		i++;
	if (i >= n)
		return n;
	open = s[i];
	close = open == '('   ? ')'
	        : open == '[' ? ']'
	        : open == '{' ? '}'
	        : open == '<' ? '>'
	                      : open;
	for (i++; i < n; i++) {
		unsigned char c = s[i];

		if (c == '\\' && i + 1 < n)
			c = s[++i];
		else if (c == close && depth == 0)
			return i + 1;
		else if (c == close)
			depth--;
		else if (c == open && open != close)
			depth++;
		if (c == '\n')
			lx->line++;
	}
	return n;
}

/* Ruby <<~ID, <<-ID, <<ID, <<'ID': remembers ID; the body starts on the next line. */
void lex_ruby_heredoc_mark(struct lexer *lx, size_t *pi)
{
	const unsigned char *s = lx->s;
	size_t i = *pi + 2, n = lx->n, len = 0;
	int indented = 0;
	unsigned char q = 0;

	if (i < n && (s[i] == '~' || s[i] == '-')) {
		indented = 1;
		i++;
	}
	if (i < n && (s[i] == '\'' || s[i] == '"' || s[i] == '`'))
		q = s[i++];
	while (i + len < n && lex_is_ident(s[i + len]))
		len++;
	if (lx->nheredoc < (int)TG_ARRAY_SIZE(lx->heredoc) && len) {
		lx->heredoc[lx->nheredoc].p = s + i;
		lx->heredoc[lx->nheredoc].len = len;
		lx->heredoc[lx->nheredoc].indented = indented;
		lx->nheredoc++;
	}
	i += len;
	if (q && i < n && s[i] == q)
		i++;
	*pi = i;
}

/* Skips the bodies of the pending heredocs; i at the start of the line after their marks. */
size_t lex_ruby_heredoc_bodies(struct lexer *lx, size_t i)
{
	int k;

	for (k = 0; k < lx->nheredoc; k++) {
		while (i < lx->n &&
		       !line_ends_heredoc(lx->s, i, lx->n, lx->heredoc[k].p, lx->heredoc[k].len,
		                          lx->heredoc[k].indented, 0))
			i = skip_line(lx, i);
		if (i < lx->n) {
			const unsigned char *p = memchr(lx->s + i, '\n', lx->n - i);

			i = p ? (size_t)(p - lx->s) : lx->n; /* the newline stays for the caller */
		}
	}
	lx->nheredoc = 0;
	return i;
}
