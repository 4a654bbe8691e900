/*
 * A SARIF result's fix made ready for execute: each replacement's deleted
 * region turned into a byte span of the file as discovery saw it, with the
 * text that span held (or the snippet the tool gave for it), so execute can
 * refuse a file that changed since. SARIF counts columns and characters in
 * UTF-16 code units by default (run.columnKind "unicodeCodePoints" aside):
 * a character outside the BMP is two units, an invalid UTF-8 byte one.
 */
#include "ingest/ingest.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"

#include <string.h>

/* Length of the UTF-8 sequence at p (1 for an invalid byte) and its code point. */
static size_t utf8_next(const unsigned char *p, const unsigned char *end, unsigned *cp)
{
	size_t n = tg_utf8_decode((const char *)p, (size_t)(end - p), cp);

	if (!n)
		*cp = p[0];
	return n ? n : 1;
}

/* Moves *at forward over `units` characters (UTF-16 units when utf16), not past end. */
static int skip_units(const char *text, size_t end, size_t *at, long units, int utf16)
{
	const unsigned char *t = (const unsigned char *)text;
	unsigned cp;

	while (units > 0) {
		size_t n;
		long u;
		if (*at >= end)
			return -1;
		n = utf8_next(t + *at, t + end, &cp);
		u = utf16 && cp >= 0x10000 ? 2 : 1;
		if (u > units)
			return -2; /* between the two halves of a surrogate pair */
		units -= u;
		*at += n;
	}
	return 0;
}

/* Where line n (1-based) starts and where its text ends (before LF or CR LF). */
static int line_bounds(const char *text, size_t len, int n, size_t *start, size_t *end)
{
	size_t i = 0;
	const char *nl;

	for (int line = 1; line < n; line++) {
		nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return -1;
		i = (size_t)(nl - text) + 1;
	}
	nl = memchr(text + i, '\n', len - i);
	*start = i;
	*end = nl ? (size_t)(nl - text) : len;
	if (*end > i && text[*end - 1] == '\r')
		(*end)--;
	return 0;
}

static int column_at(const char *text, size_t len, int line, int column, int utf16, size_t *at)
{
	size_t start, end;
	int rc;

	if (line_bounds(text, len, line, &start, &end))
		return tg_error_set(TG_ERR_INPUT, "line %d is past the end of the file", line);
	*at = start;
	rc = skip_units(text, end, at, column - 1, utf16);
	if (rc == -1)
		return tg_error_set(TG_ERR_INPUT, "%d:%d: column past the end of the line", line,
		                    column);
	if (rc == -2)
		return tg_error_set(TG_ERR_INPUT, "%d:%d: column inside a character", line, column);
	return TG_OK;
}

int tg_fix_region_span(const char *text, size_t len, const struct tg_fix_replacement *r, int utf16,
                       size_t *from, size_t *to)
{
	size_t end;
	int rc;

	if (r->byte_offset >= 0) {
		*from = (size_t)r->byte_offset;
		*to = *from + (size_t)(r->byte_length > 0 ? r->byte_length : 0);
		if (*to > len)
			return tg_error_set(TG_ERR_INPUT,
			                    "byte region %ld+%ld is past the end of the file",
			                    r->byte_offset, r->byte_length);
		return TG_OK;
	}
	if (r->char_offset >= 0) {
		*from = 0;
		rc = skip_units(text, len, from, r->char_offset, utf16);
		*to = *from;
		if (!rc)
			rc = skip_units(text, len, to, r->char_length > 0 ? r->char_length : 0,
			                utf16);
		if (rc)
			return tg_error_set(TG_ERR_INPUT, "character region %ld+%ld is %s",
			                    r->char_offset, r->char_length,
			                    rc == -1 ? "past the end of the file"
			                             : "inside a character");
		return TG_OK;
	}
	if (r->start_line <= 0)
		return tg_error_set(TG_ERR_INPUT, "the deleted region has no position");
	if ((rc = column_at(text, len, r->start_line, r->start_column > 0 ? r->start_column : 1,
	                    utf16, from)))
		return rc;
	if (r->end_column > 0) {
		if ((rc = column_at(text, len, r->end_line > 0 ? r->end_line : r->start_line,
		                    r->end_column, utf16, to)))
			return rc;
	} else if (line_bounds(text, len, r->end_line > 0 ? r->end_line : r->start_line, &end,
	                       to)) {
		return tg_error_set(TG_ERR_INPUT, "line %d is past the end of the file",
		                    r->end_line);
	}
	if (*to < *from)
		return tg_error_set(TG_ERR_INPUT, "%d:%d: the region ends before it starts",
		                    r->start_line, r->start_column);
	return TG_OK;
}

static void num(struct tg_buf *b, const char *key, long v)
{
	tg_buf_addf(b, ",\"%s\":%ld", key, v);
}

/* s without any white space (snippets are cut and re-indented freely). */
static void squeeze(struct tg_buf *out, const char *s, size_t n)
{
	tg_buf_reset(out);
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			tg_buf_addch(out, s[i]);
}

/*
 * Does the result's snippet still describe its lines? One holds the other,
 * white space aside: tools give the region's text, or whole lines of it.
 * 1 when it does not; 0 when it does, or when there is nothing to compare.
 */
static int snippet_stale(const char *root, const struct tg_fix_origin *o, struct tg_buf *file)
{
	struct tg_buf a = TG_BUF_INIT, b = TG_BUF_INIT;
	size_t from, to, end, dummy;
	int stale = 0;

	if (!o || !o->snippet || !o->path || o->start_line <= 0)
		return 0;
	tg_buf_reset(file);
	if (!tg_beneath_read_file(file, root, o->path) &&
	    !line_bounds(file->buf, file->len, o->start_line, &from, &dummy)) {
		if (line_bounds(file->buf, file->len,
		                o->end_line > o->start_line ? o->end_line : o->start_line, &dummy,
		                &end))
			end = file->len;
		to = end;
		squeeze(&a, file->buf + from, to - from);
		squeeze(&b, o->snippet, strlen(o->snippet));
		stale = b.len && !strstr(a.buf, b.buf) && !(a.len && strstr(b.buf, a.buf));
	} else {
		stale = 1; /* the line is gone */
	}
	tg_error_clear();
	tg_buf_release(&a), tg_buf_release(&b);
	return stale;
}

/* One replacement as JSON: where, the span as discovery saw it, and the texts. */
static void replacement_json(struct tg_buf *b, const char *root, const struct tg_fix_replacement *r,
                             int utf16, struct tg_buf *file, const char *stale)
{
	size_t from = 0, to = 0;
	int rc;

	tg_buf_adds(b, "{\"path\":");
	tg_buf_add_jsons(b, r->path);
	if (r->start_line > 0) {
		num(b, "start_line", r->start_line);
		num(b, "start_column", r->start_column > 0 ? r->start_column : 1);
		num(b, "end_line", r->end_line > 0 ? r->end_line : r->start_line);
		if (r->end_column > 0)
			num(b, "end_column", r->end_column);
	}
	tg_buf_reset(file);
	/* The report names the file: its text is read beneath the root, never
	 * through a link, so no outside bytes become the "deleted" text. */
	rc = stale ? tg_error_set(TG_ERR_INPUT, "%s", stale)
	           : tg_beneath_read_file(file, root, r->path);
	if (!rc)
		rc = tg_fix_region_span(file->buf, file->len, r, utf16, &from, &to);
	if (!rc && !r->deleted && !tg_utf8_valid(file->buf + from, to - from))
		rc = tg_error_set(TG_ERR_INPUT, "the deleted text is not UTF-8");
	if (rc) {
		tg_buf_adds(b, ",\"problem\":");
		tg_buf_add_jsons(b, tg_error_message());
		tg_error_clear();
	} else {
		num(b, "offset", (long)from);
		num(b, "length", (long)(to - from));
		tg_buf_adds(b, ",\"deleted\":");
		if (r->deleted)
			tg_buf_add_jsons(b, r->deleted);
		else
			tg_buf_add_json(b, file->buf + from, to - from);
	}
	tg_buf_adds(b, ",\"inserted\":");
	tg_buf_add_jsons(b, r->inserted ? r->inserted : "");
	tg_buf_addch(b, '}');
}

char *tg_sarif_fix_json(const char *root, const struct tg_fix_replacement *r, size_t n, int utf16,
                        const struct tg_fix_origin *o)
{
	struct tg_buf b = TG_BUF_INIT, file = TG_BUF_INIT, why = TG_BUF_INIT;
	size_t i, k = 0;

	if (!n)
		return NULL;
	if (snippet_stale(root, o, &file))
		tg_buf_addf(&why,
		            "the result's snippet is not the text of %s:%d (the file changed since "
		            "the analyzer ran)",
		            o->path, o->start_line);
	tg_buf_adds(&b, "{");
	if (r[0].description) {
		tg_buf_adds(&b, "\"description\":");
		tg_buf_add_jsons(&b, r[0].description);
		tg_buf_addch(&b, ',');
	}
	tg_buf_adds(&b, "\"replacements\":[");
	for (i = 0; i < n; i++) {
		if (r[i].fix_index != r[0].fix_index)
			continue; /* a result's fixes are alternatives: the first one is kept */
		if (k++)
			tg_buf_addch(&b, ',');
		replacement_json(&b, root, &r[i], utf16, &file, why.len ? why.buf : NULL);
	}
	tg_buf_adds(&b, "]}");
	tg_buf_release(&file);
	tg_buf_release(&why);
	return tg_buf_detach(&b, NULL);
}
