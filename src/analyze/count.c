#include "analyze/count.h"

#include "analyze/lexicon_int.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

/*
 * The per-file counter: one pass over the bytes with a small state machine
 * (code, line comment, block comment, string, raw string, heredoc) driven by
 * the byte-class and lexeme tables lexicon.c compiles from the language
 * table. No regex, no call through a pointer per byte.
 */

struct scan {
	const struct lexicon *lx;
	const unsigned char *p;
	size_t n, i;
	size_t line_start;
	uint32_t line;
	unsigned char has_code, has_comment;
	struct tg_file_counts c;
	struct tg_marker_list *markers;
	struct tg_buf *kinds; /* when asked: a byte a line, enum tg_line_kind */
	/* a heredoc opened on this line: its body starts after the line end */
	const unsigned char *hd;
	size_t hd_len;
};

static inline int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static inline void end_line(struct scan *s)
{
	if (s->kinds)
		tg_buf_addch(s->kinds, s->has_code      ? TG_LINE_CODE
		                       : s->has_comment ? TG_LINE_COMMENT
		                                        : TG_LINE_BLANK);
	if (s->has_code)
		s->c.code++;
	else if (s->has_comment)
		s->c.comment++;
	else
		s->c.blank++;
	s->has_code = s->has_comment = 0;
	s->line++;
}

/* At a line end byte (\n, \r or \r\n): count the line and step past it. */
static inline void newline(struct scan *s)
{
	end_line(s);
	if (s->p[s->i] == '\r' && s->i + 1 < s->n && s->p[s->i + 1] == '\n')
		s->i++;
	s->i++;
	s->line_start = s->i;
}

static inline int at(const struct scan *s, size_t i, const unsigned char *t, size_t len)
{
	return len <= s->n - i && !memcmp(s->p + i, t, len);
}

static inline int is_eol(unsigned char c)
{
	return c == '\n' || c == '\r';
}

static size_t line_end(const struct scan *s, size_t i)
{
	while (i < s->n && !is_eol(s->p[i]))
		i++;
	return i;
}

static void try_marker(struct scan *s, const char *close)
{
	size_t i = s->i, e, k;
	unsigned char before = i ? s->p[i - 1] : 0;
	struct tg_marker_list *m = s->markers;

	/* cheap checks first: a comment line full of capitals stays linear */
	k = tg_marker_word(s->p + i, s->n - i < 6 ? s->n - i : 6, before);
	if (!k || (m->nr && m->v[m->nr - 1].line == s->line + 1)) {
		s->i += k ? k : 1;
		return;
	}
	e = line_end(s, i);
	k = tg_marker_scan(s->markers, s->p + i, e - i, i ? s->p[i - 1] : 0, s->line + 1,
	                   (uint32_t)(i - s->line_start + 1), close);
	s->i += k ? k : 1;
}

/* A line comment: runs to the line end, which the code state then counts. */
static void line_comment(struct scan *s)
{
	s->has_comment = 1;
	if (!s->markers) {
		s->i = line_end(s, s->i);
		return;
	}
	while (s->i < s->n && !is_eol(s->p[s->i])) {
		if (tg_marker_first(s->p[s->i]))
			try_marker(s, NULL);
		else
			s->i++;
	}
}

static void block_comment(struct scan *s, const struct lexeme *lm)
{
	const unsigned char *open = lm->text, *close = lm->close;
	size_t olen = lm->len, clen = lm->close_len;
	size_t depth = 1;
	int col0 = lm->where == TG_AT_COL0;

	s->has_comment = 1;
	while (s->i < s->n) {
		unsigned char c = s->p[s->i];
		if (is_eol(c)) {
			newline(s);
			continue;
		}
		if (c == close[0] && at(s, s->i, close, clen) && (!col0 || s->i == s->line_start)) {
			s->i += clen;
			s->has_comment = 1;
			if (--depth == 0)
				return;
			continue;
		}
		if (lm->nests && c == open[0] && at(s, s->i, open, olen)) {
			s->i += olen;
			depth++;
			continue;
		}
		if (!is_ws(c)) {
			s->has_comment = 1;
			if (s->markers && tg_marker_first(c)) {
				try_marker(s, (const char *)close);
				continue;
			}
		}
		s->i++;
	}
}

static inline void mark(struct scan *s, int doc)
{
	if (doc)
		s->has_comment = 1;
	else
		s->has_code = 1;
}

static void string(struct scan *s, const struct lexeme *lm)
{
	const unsigned char *close = lm->close;
	size_t clen = lm->close_len;
	unsigned f = lm->flags;
	int doc = (f & TG_STR_DOC) != 0;

	mark(s, doc);
	while (s->i < s->n) {
		unsigned char c = s->p[s->i];
		if (c == '\\' && (f & TG_STR_ESCAPE)) {
			mark(s, doc);
			s->i++;
			/* an escaped line end continues the string on the next line */
			if (s->i < s->n && is_eol(s->p[s->i]))
				newline(s);
			else if (s->i < s->n)
				s->i++;
			continue;
		}
		if (is_eol(c)) {
			if (!(f & TG_STR_MULTILINE))
				return;
			newline(s);
			continue;
		}
		if (c == close[0] && at(s, s->i, close, clen)) {
			s->i += clen;
			if ((f & TG_STR_DOUBLED) && at(s, s->i, close, clen)) {
				s->i += clen;
				continue;
			}
			mark(s, doc);
			return;
		}
		if (!is_ws(c)) {
			mark(s, doc);
			if (doc && s->markers && tg_marker_first(c)) {
				try_marker(s, (const char *)close);
				continue;
			}
		}
		s->i++;
	}
}

/* A string without escapes that ends at close[0..clen): raw strings. */
static void raw_string(struct scan *s, const unsigned char *close, size_t clen)
{
	s->has_code = 1;
	while (s->i < s->n) {
		unsigned char c = s->p[s->i];
		if (is_eol(c)) {
			newline(s);
			continue;
		}
		if (c == close[0] && at(s, s->i, close, clen)) {
			s->i += clen;
			s->has_code = 1;
			return;
		}
		if (!is_ws(c))
			s->has_code = 1;
		s->i++;
	}
}

/*
 * A character literal 'x', '\n', '\u{1F600}' or a multi-byte UTF-8 'é';
 * anything else (a Rust lifetime, an apostrophe in a C #error) is code.
 */
static int char_literal_ends(const struct scan *s, size_t i)
{
	const unsigned char *p = s->p;
	size_t n = s->n;

	if (i >= n || is_eol(p[i]) || p[i] == '\'')
		return 0;
	if (p[i] == '\\') {
		for (size_t j = i + 2; j < n && j < i + 12; j++) {
			if (is_eol(p[j]))
				return 0;
			if (p[j] == '\'')
				return 1;
		}
		return 0;
	}
	size_t w = p[i] < 0x80 ? 1 : p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : p[i] >= 0xc0 ? 2 : 1;
	return i + w < n && p[i + w] == '\'';
}

/*
 * After an identifier: r"..", r#".."#, br"..", cr".." (Rust) or
 * R"d(..)d", u8R, uR, UR, LR (C++). Returns 1 when a raw string was read.
 */
static int raw_after_ident(struct scan *s, size_t start)
{
	const unsigned char *id = s->p + start;
	size_t idlen = s->i - start, i = s->i;
	unsigned char close[24];
	unsigned flags = s->lx->lang->flags;

	if (flags & TG_LANG_RAW_RUST) {
		if (!((idlen == 1 && id[0] == 'r') ||
		      (idlen == 2 && (id[0] == 'b' || id[0] == 'c') && id[1] == 'r')))
			return 0;
		size_t h = 0;
		while (i + h < s->n && s->p[i + h] == '#')
			h++;
		if (h > 16 || i + h >= s->n || s->p[i + h] != '"')
			return 0;
		close[0] = '"';
		memset(close + 1, '#', h);
		s->i = i + h + 1;
		raw_string(s, close, h + 1);
		return 1;
	}
	if (!(flags & TG_LANG_RAW_CPP) || id[idlen - 1] != 'R' || s->p[i] != '"')
		return 0;
	if (!(idlen == 1 || (idlen == 2 && (id[0] == 'u' || id[0] == 'U' || id[0] == 'L')) ||
	      (idlen == 3 && id[0] == 'u' && id[1] == '8')))
		return 0;
	size_t d = i + 1, dl = 0;
	while (d + dl < s->n && dl <= 16 && s->p[d + dl] != '(') {
		unsigned char c = s->p[d + dl];
		if (c == ')' || c == '\\' || c == '"' || is_ws(c) || is_eol(c))
			return 0;
		dl++;
	}
	if (dl > 16 || d + dl >= s->n)
		return 0;
	close[0] = ')';
	memcpy(close + 1, s->p + d, dl);
	close[dl + 1] = '"';
	s->i = d + dl + 1;
	raw_string(s, close, dl + 2);
	return 1;
}

/*
 * `<<EOF`, `<<-EOF`, `<<~EOF`, `<<'EOF'`, `<<"EOF"`, PHP `<<<EOF`: note the
 * delimiter; the body starts at the next line. Returns 0 when this `<<` is
 * an operator.
 */
static int heredoc_open(struct scan *s)
{
	size_t i = s->i + 2;
	const unsigned char *p = s->p;

	/* a shift (`1<<2`, `$((x<<n))`), not a heredoc */
	if (s->i > 0 && (unsigned)(p[s->i - 1] - '0') < 10u)
		return 0;
	if (i < s->n && p[i] == '<')
		i++;
	if (i < s->n && (p[i] == '-' || p[i] == '~'))
		i++;
	if (s->lx->lang->flags & TG_LANG_HEREDOC_SPACE)
		while (i < s->n && is_ws(p[i]))
			i++;
	unsigned char q = 0;
	if (i < s->n && (p[i] == '\'' || p[i] == '"'))
		q = p[i++];
	size_t st = i;
	while (i < s->n && (p[i] == '_' || (unsigned)((p[i] | 0x20) - 'a') < 26u ||
	                    (i > st && (unsigned)(p[i] - '0') < 10u)))
		i++;
	if (i == st || (q && (i >= s->n || p[i] != q)) || (!q && i < s->n && p[i] == ')'))
		return 0;
	s->hd = p + st;
	s->hd_len = i - st;
	s->has_code = 1;
	s->i = q ? i + 1 : i;
	return 1;
}

/* The body of a heredoc: lines of code up to the delimiter line (indent allowed). */
static void heredoc_body(struct scan *s)
{
	const unsigned char *d = s->hd;
	size_t dl = s->hd_len;

	s->hd = NULL;
	while (s->i < s->n) {
		size_t j = s->i;
		while (j < s->n && is_ws(s->p[j]))
			j++;
		int last = at(s, j, d, dl) &&
		           (j + dl >= s->n || !(s->lx->idc[s->p[j + dl]] || s->p[j + dl] == '-'));
		size_t e = line_end(s, j);
		if (e > j)
			s->has_code = 1;
		if (last) {
			s->i = j + dl; /* the code state reads the rest: `EOF;` in PHP */
			return;
		}
		s->i = e;
		if (e < s->n)
			newline(s);
	}
}

/* Case-folded comparison for TG_LANG_NOCASE; keywords in the table are lower case. */
static int kw_equal(const unsigned char *a, const char *kw, size_t n, int nocase)
{
	if (!nocase)
		return !memcmp(a, kw, n);
	for (size_t k = 0; k < n; k++)
		if ((unsigned char)(a[k] | 0x20) != (unsigned char)kw[k] &&
		    (unsigned char)a[k] != (unsigned char)kw[k])
			return 0;
	return 1;
}

static void keyword(struct scan *s, const unsigned char *w, size_t n)
{
	const struct lexicon *lx = s->lx;
	const char *const *kw = lx->lang->keywords;

	if (n >= 32 || !((lx->kw_lens >> n) & 1))
		return;
	for (; *kw; kw++)
		if (strlen(*kw) == n && kw_equal(w, *kw, n, lx->nocase)) {
			s->c.complexity++;
			return;
		}
}

static int where_ok(const struct scan *s, unsigned where)
{
	size_t i = s->i;

	switch (where) {
	case TG_AT_WORD:
		if (i == s->line_start)
			return 1;
		unsigned char b = s->p[i - 1];
		return is_ws(b) || b == ';' || b == '&' || b == '|' || b == '(' || b == ')';
	case TG_AT_BOL:
		return !s->has_code && !s->has_comment;
	case TG_AT_COL0:
		return i == s->line_start;
	}
	return 1;
}

/* The longest lexeme at s->i allowed where it is, or NULL. */
static const struct lexeme *lexeme_at(const struct scan *s, unsigned char c)
{
	const struct lexicon *lx = s->lx;
	const struct lexeme *lm = lx->lexemes + lx->lx_start[c];
	const struct lexeme *end = lm + lx->lx_count[c];

	for (; lm < end; lm++) {
		if (!at(s, s->i, lm->text, lm->len))
			continue;
		if (lm->where && !where_ok(s, lm->where))
			continue;
		/* A script's `#!` line runs: code, as cloc counts it. */
		if (lm->kind == LX_LINE && s->i == 0 && lm->len == 1 && lm->text[0] == '#' &&
		    s->n > 1 && s->p[1] == '!')
			continue;
		/* Perl POD: `=` in column 0 only before a word (=pod, =head1, =cut) */
		if (lm->where == TG_AT_COL0 && lm->len == 1 &&
		    !(s->i + 1 < s->n && (unsigned)((s->p[s->i + 1] | 0x20) - 'a') < 26u))
			continue;
		if ((lm->kind == LX_STRING && (lm->flags & TG_STR_CHAR)) &&
		    !char_literal_ends(s, s->i + 1))
			continue;
		return lm;
	}
	return NULL;
}

static void ident(struct scan *s)
{
	const struct lexicon *lx = s->lx;
	size_t st = s->i;

	s->i++;
	while (s->i < s->n && lx->idc[s->p[s->i]])
		s->i++;
	s->has_code = 1;
	if (lx->kw_first[s->p[st]])
		keyword(s, s->p + st, s->i - st);
	if (lx->raw && s->i < s->n && (s->p[s->i] == '"' || s->p[s->i] == '#'))
		raw_after_ident(s, st);
}

/* A byte in code that may start a lexeme. */
static void special(struct scan *s, unsigned char c)
{
	const struct lexeme *lm = lexeme_at(s, c);

	if (!lm) {
		if (s->lx->ids[c])
			ident(s);
		else {
			s->has_code = 1;
			s->i++;
		}
		return;
	}
	switch (lm->kind) {
	case LX_OP:
		s->c.complexity += lm->weight;
		s->has_code = 1;
		s->i += lm->len;
		return;
	case LX_LINE:
		s->i += lm->len;
		line_comment(s);
		return;
	case LX_BLOCK:
		s->i += lm->len;
		block_comment(s, lm);
		return;
	case LX_STRING:
		s->i += lm->len;
		string(s, lm);
		return;
	case LX_HEREDOC:
		if (!heredoc_open(s)) {
			s->has_code = 1;
			s->i += 2;
		}
		return;
	}
}

static void scan_code(struct scan *s)
{
	const struct lexicon *lx = s->lx;
	const unsigned char *p = s->p;

	while (s->i < s->n) {
		unsigned char c = p[s->i];
		switch (lx->cls[c]) {
		case CL_WS:
			s->i++;
			break;
		case CL_EOL:
			newline(s);
			if (s->hd)
				heredoc_body(s);
			break;
		case CL_IDENT:
			ident(s);
			break;
		case CL_SPECIAL:
			special(s, c);
			break;
		default:
			s->has_code = 1;
			s->i++;
			break;
		}
	}
}

int tg_analyze_count(const struct tg_lang *lang, const unsigned char *data, size_t len,
                     struct tg_file_counts *out, struct tg_marker_list *markers_or_null)
{
	return tg_analyze_count_lines(lang, data, len, out, markers_or_null, NULL);
}

int tg_analyze_count_lines(const struct tg_lang *lang, const unsigned char *data, size_t len,
                           struct tg_file_counts *out, struct tg_marker_list *markers_or_null,
                           struct tg_buf *kinds_or_null)
{
	struct scan s;

	if (!lang)
		return tg_error_set(TG_ERR_USAGE, "tg_analyze_count: no language");
	memset(&s, 0, sizeof(s));
	s.lx = tg_lexicon_get(lang);
	s.p = data;
	s.n = len;
	s.markers = markers_or_null;
	s.kinds = kinds_or_null;
	if (s.kinds)
		tg_buf_reset(s.kinds);
	scan_code(&s);
	if (s.line_start < s.n || s.has_code || s.has_comment)
		end_line(&s);
	s.c.lines = s.c.blank + s.c.comment + s.c.code;
	*out = s.c;
	return TG_OK;
}

void tg_file_counts_add(struct tg_file_counts *a, const struct tg_file_counts *b)
{
	a->lines += b->lines;
	a->blank += b->blank;
	a->comment += b->comment;
	a->code += b->code;
	a->complexity += b->complexity;
}
