/*
 * The import readers of arch.h: lexical, without a preprocessor or a
 * parser. C's #include lines (outside comments), Python's import and from
 * statements (outside strings and comments), and for Go and JavaScript the
 * reader deps/reach.c indexes advisories' imports with.
 */
#include "arch/arch_int.h"

#include <string.h>

#include "deps/reach.h"

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

enum tg_arch_lang tg_arch_lang_of(const char *path)
{
	static const struct {
		const char *ext;
		enum tg_arch_lang lang;
	} t[] = {{".c", TG_ARCH_C},
	         {".h", TG_ARCH_C},
	         {".cc", TG_ARCH_C},
	         {".cpp", TG_ARCH_C},
	         {".cxx", TG_ARCH_C},
	         {".hh", TG_ARCH_C},
	         {".hpp", TG_ARCH_C},
	         {".hxx", TG_ARCH_C},
	         {".py", TG_ARCH_PY},
	         {".pyi", TG_ARCH_PY},
	         {".js", TG_ARCH_JS},
	         {".mjs", TG_ARCH_JS},
	         {".cjs", TG_ARCH_JS},
	         {".jsx", TG_ARCH_JS},
	         {".ts", TG_ARCH_JS},
	         {".mts", TG_ARCH_JS},
	         {".cts", TG_ARCH_JS},
	         {".tsx", TG_ARCH_JS},
	         {".go", TG_ARCH_GO},
	         {".java", TG_ARCH_JAVA},
	         {".kt", TG_ARCH_JAVA},
	         {".kts", TG_ARCH_JAVA},
	         {".rs", TG_ARCH_RUST},
	         {".cs", TG_ARCH_CS},
	         {"/tsconfig.json", TG_ARCH_JSCONF},
	         {"/jsconfig.json", TG_ARCH_JSCONF},
	         {"/package.json", TG_ARCH_JSCONF}};

	if (!strcmp(path, "tsconfig.json") || !strcmp(path, "jsconfig.json") ||
	    !strcmp(path, "package.json"))
		return TG_ARCH_JSCONF;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (has_suffix(path, t[i].ext))
			return t[i].lang;
	return TG_ARCH_NONE;
}

static int blank(int c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

static int ident_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || (c & 0x80);
}

/* C: the directive at s[i] (just after '#'): `include "x"` or `include <x>`. */
static void c_directive(const char *s, size_t n, size_t i, int line, tg_arch_import_fn fn,
                        void *arg)
{
	size_t start;
	char close;

	while (i < n && blank(s[i]))
		i++;
	start = i;
	while (i < n && ident_char((unsigned char)s[i]))
		i++;
	if (!((i - start == 7 && !memcmp(s + start, "include", 7)) ||
	      (i - start == 12 && !memcmp(s + start, "include_next", 12)) ||
	      (i - start == 6 && !memcmp(s + start, "import", 6))))
		return;
	while (i < n && blank(s[i]))
		i++;
	if (i >= n || (s[i] != '"' && s[i] != '<'))
		return;
	close = s[i] == '"' ? '"' : '>';
	start = ++i;
	while (i < n && s[i] != close && s[i] != '\n')
		i++;
	if (i < n && s[i] == close && i > start)
		fn(arg, s + start, i - start, line, close == '>');
}

/* The bytes that end a run of plain C text: a newline, a comment's or a literal's start. */
static const unsigned char c_stop[256] = {['\n'] = 1, ['/'] = 1, ['"'] = 1, ['\''] = 1};

static void read_c(const char *s, size_t n, tg_arch_import_fn fn, void *arg)
{
	size_t i = 0;
	int line = 1, at_start = 1;

	while (i < n) {
		char c = s[i];
		if (c == '\n') {
			line++, at_start = 1, i++;
		} else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			for (i += 2; i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/'); i++)
				line += s[i] == '\n';
			i += 2;
		} else if (c == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				i++;
		} else if (c == '"' || c == '\'') {
			for (i++; i < n && s[i] != c && s[i] != '\n'; i++)
				i += s[i] == '\\' && i + 1 < n && s[i + 1] != '\n';
			i += i < n && s[i] == c;
			at_start = 0;
		} else if (c == '#' && at_start) {
			c_directive(s, n, i + 1, line, fn, arg);
			at_start = 0, i++;
		} else if (!at_start) {
			/* past a line's start only comments, strings and its end matter: skip to
			 * one */
			for (i++; i < n && !c_stop[(unsigned char)s[i]]; i++)
				;
		} else {
			at_start = at_start && blank((unsigned char)c);
			i++;
		}
	}
}

/* Python's reading state: the text, the position and the line. */
struct py {
	const char *s;
	size_t n, i;
	int line;
};

/* Skips blanks, comments and line continuations inside a statement; stops at its end. */
static void py_space(struct py *p, int bracketed)
{
	while (p->i < p->n) {
		char c = p->s[p->i];
		if (blank((unsigned char)c))
			p->i++;
		else if (c == '\\' && p->i + 1 < p->n && p->s[p->i + 1] == '\n')
			p->i += 2, p->line++;
		else if (bracketed && c == '\n')
			p->i++, p->line++;
		else if (bracketed && c == '#')
			while (p->i < p->n && p->s[p->i] != '\n')
				p->i++;
		else
			return;
	}
}

/* A dotted name (dots first for a relative one) at p->i: its length, 0 none. */
static size_t py_dotted(struct py *p, int leading_dots)
{
	size_t start = p->i;

	while (leading_dots && p->i < p->n && p->s[p->i] == '.')
		p->i++;
	while (p->i < p->n && (ident_char((unsigned char)p->s[p->i]) || p->s[p->i] == '.'))
		p->i++;
	return p->i - start;
}

static int py_word(struct py *p, const char *w)
{
	size_t m = strlen(w);

	if (p->i + m <= p->n && !memcmp(p->s + p->i, w, m) &&
	    (p->i + m == p->n || !ident_char((unsigned char)p->s[p->i + m]))) {
		p->i += m;
		return 1;
	}
	return 0;
}

/* After `import`: a, b.c as d, ... */
static void py_import(struct py *p, tg_arch_import_fn fn, void *arg)
{
	for (;;) {
		size_t start, len;
		py_space(p, 0);
		start = p->i;
		len = py_dotted(p, 0);
		if (!len)
			return;
		fn(arg, p->s + start, len, p->line, 0);
		py_space(p, 0);
		if (py_word(p, "as")) {
			py_space(p, 0);
			py_dotted(p, 0);
			py_space(p, 0);
		}
		if (p->i >= p->n || p->s[p->i] != ',')
			return;
		p->i++;
	}
}

/* After `from`: M import (a as b, c) or M import *. */
static void py_from(struct py *p, tg_arch_import_fn fn, void *arg)
{
	char spec[512];
	size_t start, len, k;
	int paren = 0;

	py_space(p, 0);
	start = p->i;
	len = py_dotted(p, 1);
	if (!len || len >= sizeof(spec) - 256)
		return;
	memcpy(spec, p->s + start, len);
	py_space(p, 0);
	if (!py_word(p, "import"))
		return;
	py_space(p, 0);
	if (p->i < p->n && p->s[p->i] == '(')
		paren = 1, p->i++;
	for (;;) {
		py_space(p, paren);
		if (p->i < p->n && p->s[p->i] == '*') {
			fn(arg, spec, len, p->line, 0);
			return;
		}
		start = p->i;
		k = py_dotted(p, 0);
		if (!k || k > 200)
			return;
		/* "." + "x" is ".x"; "a" + "x" is "a.x" */
		size_t m = len;
		if (spec[m - 1] != '.')
			spec[m++] = '.';
		memcpy(spec + m, p->s + start, k);
		fn(arg, spec, m + k, p->line, 1);
		py_space(p, paren);
		if (py_word(p, "as")) {
			py_space(p, paren);
			py_dotted(p, 0);
			py_space(p, paren);
		}
		if (p->i >= p->n || p->s[p->i] != ',')
			return;
		p->i++;
	}
}

/* Skips the string literal at p->i (any prefix already passed), triple-quoted too. */
static void py_string(struct py *p)
{
	char q = p->s[p->i];
	int triple = p->i + 2 < p->n && p->s[p->i + 1] == q && p->s[p->i + 2] == q;

	p->i += triple ? 3 : 1;
	while (p->i < p->n) {
		char c = p->s[p->i];
		if (c == '\\') {
			p->line += p->i + 1 < p->n && p->s[p->i + 1] == '\n';
			p->i += 2;
			continue;
		}
		if (c == '\n' && !triple)
			return; /* unterminated: the newline is the statement's */
		p->line += c == '\n';
		if (c == q && !triple) {
			p->i++;
			return;
		}
		if (c == q && p->i + 2 < p->n && p->s[p->i + 1] == q && p->s[p->i + 2] == q) {
			p->i += 3;
			return;
		}
		p->i++;
	}
}

/* The indentation of the line p->i is on: blanks from its start. */
static size_t py_indent(const struct py *p, size_t at)
{
	size_t start = at, k = 0;

	while (start > 0 && p->s[start - 1] != '\n')
		start--;
	while (start + k < p->n && blank((unsigned char)p->s[start + k]))
		k++;
	return k;
}

/*
 * After `if` at a line's start: `if TYPE_CHECKING:` (or t.TYPE_CHECKING,
 * typing.TYPE_CHECKING) and a line break. Its block holds imports for type
 * checkers only, which never run: the block's lines are skipped. 1 when it was.
 */
static int py_type_checking(struct py *p, size_t if_at)
{
	size_t at = p->i, start, indent = py_indent(p, if_at);

	py_space(p, 0);
	start = p->i;
	py_dotted(p, 0);
	if (p->i - start < 13 || memcmp(p->s + p->i - 13, "TYPE_CHECKING", 13) ||
	    (p->i - start > 13 && p->s[p->i - 14] != '.')) {
		p->i = at;
		return 0;
	}
	py_space(p, 0);
	if (p->i >= p->n || p->s[p->i] != ':') {
		p->i = at;
		return 0;
	}
	while (p->i < p->n && p->s[p->i] != '\n')
		p->i++;
	/* the block: every following line indented more, or blank, or a comment */
	while (p->i < p->n) {
		size_t next = p->i + 1, k = 0;
		while (next + k < p->n && blank((unsigned char)p->s[next + k]))
			k++;
		if (next + k < p->n && p->s[next + k] != '\n' && p->s[next + k] != '#' &&
		    k <= indent)
			break;
		p->i = next;
		p->line++;
		while (p->i < p->n && p->s[p->i] != '\n')
			p->i++;
	}
	return 1;
}

static void read_py(const char *s, size_t n, tg_arch_import_fn fn, void *arg)
{
	struct py p = {s, n, 0, 1};
	int stmt_start = 1;

	while (p.i < p.n) {
		char c = s[p.i];
		size_t at = p.i;
		if (c == '\n') {
			p.line++, p.i++, stmt_start = 1;
		} else if (blank((unsigned char)c)) {
			p.i++;
		} else if (c == '#') {
			while (p.i < p.n && s[p.i] != '\n')
				p.i++;
		} else if (c == '"' || c == '\'') {
			py_string(&p);
			stmt_start = 0;
		} else if (c == ';' || c == ':') {
			p.i++, stmt_start = 1;
		} else if (ident_char((unsigned char)c)) {
			if (stmt_start && py_word(&p, "import"))
				py_import(&p, fn, arg);
			else if (stmt_start && py_word(&p, "from"))
				py_from(&p, fn, arg);
			else if (stmt_start && py_word(&p, "if") && py_type_checking(&p, at))
				;
			else
				while (p.i < p.n && ident_char((unsigned char)s[p.i]))
					p.i++;
			stmt_start = 0;
		} else {
			p.i++, stmt_start = 0;
		}
	}
}

/* C#: after `using [static]`, `Name = a.b.C` takes the alias's target; a statement must end. */
static size_t cs_using(struct py *p, size_t *start, size_t len)
{
	py_space(p, 0);
	if (p->i < p->n && p->s[p->i] == '=') {
		p->i++;
		py_space(p, 0);
		*start = p->i;
		len = py_dotted(p, 0);
		py_space(p, 0);
	}
	/* `using var x = ...;` and `using (...)` are statements, not imports */
	return p->i < p->n && p->s[p->i] == ';' ? len : 0;
}

/*
 * Java and Kotlin: `package a.b;` (flag 2) and `import [static] a.b.C[.*];`
 * (Kotlin's without the semicolon, with `as`), at a statement's start,
 * outside comments, strings and text blocks. C# (cs): `namespace a.b` (flag
 * 2, block or file-scoped) and `[global] using [static] a.b[.C];` or
 * `using Alias = a.b.C;`.
 */
static void read_java(const char *s, size_t n, tg_arch_import_fn fn, void *arg, int cs)
{
	struct py p = {s, n, 0, 1};
	int stmt_start = 1;

	while (p.i < p.n) {
		char c = s[p.i];
		if (c == '\n') {
			p.line++, p.i++, stmt_start = 1;
		} else if (blank((unsigned char)c)) {
			p.i++;
		} else if (c == '/' && p.i + 1 < n && s[p.i + 1] == '/') {
			while (p.i < n && s[p.i] != '\n')
				p.i++;
		} else if (c == '/' && p.i + 1 < n && s[p.i + 1] == '*') {
			for (p.i += 2;
			     p.i < n && !(s[p.i] == '*' && p.i + 1 < n && s[p.i + 1] == '/'); p.i++)
				p.line += s[p.i] == '\n';
			p.i += 2;
		} else if (c == '"' || c == '\'') {
			py_string(&p); /* a text block is a triple-quoted string */
			stmt_start = 0;
		} else if (c == ';' || c == '{' || c == '}') {
			p.i++, stmt_start = 1;
		} else if (ident_char((unsigned char)c)) {
			int pkg = 0;
			if (cs && stmt_start && py_word(&p, "global"))
				py_space(&p, 0);
			if (stmt_start && ((pkg = py_word(&p, cs ? "namespace" : "package")) ||
			                   py_word(&p, cs ? "using" : "import"))) {
				size_t start, len;
				py_space(&p, 0);
				if (!pkg && py_word(&p, "static"))
					py_space(&p, 0);
				start = p.i;
				len = py_dotted(&p, 0);
				if (cs && !pkg && len)
					len = cs_using(&p, &start, len);
				if (!cs && len && p.i < n && s[p.i] == '*')
					len++, p.i++;
				if (len)
					fn(arg, s + start, len, p.line, pkg ? 2 : 0);
			} else {
				while (p.i < p.n && ident_char((unsigned char)s[p.i]))
					p.i++;
			}
			stmt_start = 0;
		} else {
			p.i++, stmt_start = 0;
		}
	}
}

/* Rust: a `use` path up to its end, a group, `as` or a glob: "crate::a::b". */
static void rust_use(struct py *p, tg_arch_import_fn fn, void *arg)
{
	char spec[512];
	size_t len = 0;

	py_space(p, 1);
	if (p->i + 1 < p->n && p->s[p->i] == ':' && p->s[p->i + 1] == ':')
		p->i += 2; /* ::std::x */
	for (;;) {
		size_t start = p->i;
		while (p->i < p->n && ident_char((unsigned char)p->s[p->i]))
			p->i++;
		if (p->i == start || len + (p->i - start) + 2 >= sizeof(spec) - 1)
			break;
		if (len)
			spec[len++] = ':', spec[len++] = ':';
		memcpy(spec + len, p->s + start, p->i - start);
		len += p->i - start;
		py_space(p, 1);
		if (!(p->i + 1 < p->n && p->s[p->i] == ':' && p->s[p->i + 1] == ':'))
			break;
		p->i += 2;
		py_space(p, 1);
	}
	if (len)
		fn(arg, spec, len, p->line, 0);
}

/*
 * Rust: `mod name;` (flag 3: a module in its own file) and `use path`, at
 * an item's start, outside comments (nested), strings and characters.
 */
static void read_rust(const char *s, size_t n, tg_arch_import_fn fn, void *arg)
{
	struct py p = {s, n, 0, 1};
	int stmt_start = 1;

	while (p.i < p.n) {
		char c = s[p.i];
		if (c == '\n') {
			p.line++, p.i++;
		} else if (blank((unsigned char)c)) {
			p.i++;
		} else if (c == '/' && p.i + 1 < n && s[p.i + 1] == '/') {
			while (p.i < n && s[p.i] != '\n')
				p.i++;
		} else if (c == '/' && p.i + 1 < n && s[p.i + 1] == '*') {
			int depth = 1;
			for (p.i += 2; p.i < n && depth; p.i++) {
				if (s[p.i] == '*' && p.i + 1 < n && s[p.i + 1] == '/')
					depth--, p.i++;
				else if (s[p.i] == '/' && p.i + 1 < n && s[p.i + 1] == '*')
					depth++, p.i++;
				else
					p.line += s[p.i] == '\n';
			}
		} else if (c == '"') {
			for (p.i++; p.i < n && s[p.i] != '"'; p.i++) {
				p.line += s[p.i] == '\n';
				p.i += s[p.i] == '\\';
			}
			p.i++, stmt_start = 0;
		} else if (c == '\'') {
			/* a character ('x', '\n') or a lifetime ('a) */
			if (p.i + 2 < n && s[p.i + 1] == '\\')
				for (p.i += 2; p.i < n && s[p.i] != '\'' && s[p.i] != '\n'; p.i++)
					;
			else if (p.i + 2 < n && s[p.i + 2] == '\'')
				p.i += 2;
			p.i++, stmt_start = 0;
		} else if (c == ';' || c == '{' || c == '}') {
			p.i++, stmt_start = 1;
		} else if (c == '#' && stmt_start) {
			while (p.i < n && s[p.i] != ']' && s[p.i] != '\n')
				p.i++; /* an attribute keeps the item's start */
		} else if (ident_char((unsigned char)c)) {
			if (stmt_start && py_word(&p, "pub")) {
				py_space(&p, 1);
				if (p.i < n && s[p.i] == '(') {
					while (p.i < n && s[p.i] != ')')
						p.i++;
					p.i += p.i < n;
				}
				continue;
			}
			if (stmt_start && py_word(&p, "use")) {
				rust_use(&p, fn, arg);
			} else if (stmt_start && py_word(&p, "mod")) {
				size_t start;
				py_space(&p, 1);
				start = p.i;
				while (p.i < n && ident_char((unsigned char)s[p.i]))
					p.i++;
				size_t len = p.i - start;
				py_space(&p, 1);
				if (len && p.i < n && s[p.i] == ';')
					fn(arg, s + start, len, p.line, 3);
			} else {
				while (p.i < p.n && ident_char((unsigned char)s[p.i]))
					p.i++;
			}
			stmt_start = 0;
		} else {
			p.i++, stmt_start = 0;
		}
	}
}

/* Go and JavaScript: reach's reader gives offsets; lines are counted on the way. */
struct by_offset {
	const char *s;
	size_t at;
	int line;
	tg_arch_import_fn fn;
	void *arg;
};

static void on_reach_import(const char *spec, size_t len, size_t offset, void *arg)
{
	struct by_offset *b = arg;

	for (; b->at < offset; b->at++)
		b->line += b->s[b->at] == '\n';
	b->fn(b->arg, spec, len, b->line, 0);
}

void tg_arch_read_imports(enum tg_arch_lang lang, const char *text, size_t n, tg_arch_import_fn fn,
                          void *arg)
{
	struct by_offset b = {text, 0, 1, fn, arg};

	switch (lang) {
	case TG_ARCH_C:
		read_c(text, n, fn, arg);
		break;
	case TG_ARCH_PY:
		read_py(text, n, fn, arg);
		break;
	case TG_ARCH_JS:
		tg_reach_scan_imports(TG_ECO_NPM, text, n, on_reach_import, &b);
		break;
	case TG_ARCH_GO:
		tg_reach_scan_imports(TG_ECO_GO, text, n, on_reach_import, &b);
		break;
	case TG_ARCH_JAVA:
		read_java(text, n, fn, arg, 0);
		break;
	case TG_ARCH_CS:
		read_java(text, n, fn, arg, 1);
		break;
	case TG_ARCH_JSCONF:
		arch_read_jsconf(text, n, fn, arg);
		break;
	case TG_ARCH_RUST:
		read_rust(text, n, fn, arg);
		break;
	case TG_ARCH_NONE:
		break;
	}
}
