#include "util/json.h"

#include "util/buf.h"
#include "util/utf8.h"

#include <string.h>

/*
 * jansson holds a string with a NUL inside (JSON_ALLOW_NUL), and no string of
 * ours can have one. So a byte 0xXY travels through jansson as the three
 * characters NUL, X, Y: the text is rewritten into that form before the parse,
 * and the strings are turned into bytes after it (and the other way to dump).
 * A NUL itself ("\u0000") is marked too, as the byte 0x00.
 */
static const char hex[] = "0123456789abcdef";

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of the 4 hex digits at s, or -1. */
static long hex4(const char *s, size_t len)
{
	long v = 0;

	if (len < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hexval((unsigned char)s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static void add_marker(struct tg_buf *out, unsigned char byte)
{
	char m[8] = {'\\', 'u', '0', '0', '0', '0', hex[byte >> 4], hex[byte & 15]};
	tg_buf_add(out, m, 8);
}

/* 1: out holds the rewritten text; 0: nothing to rewrite. */
static int mark_bytes(const char *s, size_t len, struct tg_buf *out)
{
	size_t i = 0, from = 0, n;
	int after_high = 0, changed = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\' && i + 1 < len && s[i + 1] == 'u') {
			long v = hex4(s + i + 2, len - i - 2);
			if (v == 0 || (v >= 0xDC80 && v <= 0xDCFF && !after_high)) {
				tg_buf_add(out, s + from, i - from);
				add_marker(out, (unsigned char)(v & 0xFF));
				i += 6;
				from = i;
				changed = 1;
				after_high = 0;
				continue;
			}
			after_high = v >= 0xD800 && v <= 0xDBFF;
			i += v < 0 ? 2 : 6;
			continue;
		}
		after_high = 0;
		if (c == '\\') {
			i += 2;
		} else if (c < 0x80) {
			i++;
		} else if ((n = tg_utf8_seq(s + i, len - i))) {
			i += n;
		} else {
			tg_buf_add(out, s + from, i - from);
			add_marker(out, c);
			from = ++i;
			changed = 1;
		}
	}
	if (changed && from < len)
		tg_buf_add(out, s + from, len - from);
	return changed;
}

/* A marked string back to bytes. */
static void unmark_string(json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), i;
	struct tg_buf b = TG_BUF_INIT;

	if (strlen(s) == len)
		return;
	for (i = 0; i < len; i++) {
		int h, l;
		if (s[i] == '\0' && i + 2 < len && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			tg_buf_addch(&b, h * 16 + l);
			i += 2;
		} else {
			tg_buf_addch(&b, s[i]);
		}
	}
	json_string_setn_nocheck(v, b.buf, b.len);
	tg_buf_release(&b);
}

/* A string of bytes to its marked form, which jansson can dump. */
static void mark_string(json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), i = 0, n;
	struct tg_buf b = TG_BUF_INIT;

	if (strlen(s) == len && tg_utf8_valid(s, len))
		return;
	while (i < len) {
		if (s[i] && (n = tg_utf8_seq(s + i, len - i))) {
			tg_buf_add(&b, s + i, n);
			i += n;
			continue;
		}
		char m[3] = {'\0', hex[(unsigned char)s[i] >> 4], hex[(unsigned char)s[i] & 15]};
		tg_buf_add(&b, m, 3);
		i++;
	}
	json_string_setn(v, b.buf, b.len);
	tg_buf_release(&b);
}

static void walk(json_t *v, void (*fn)(json_t *))
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_string(v))
		fn(v);
	else if (json_is_object(v))
		json_object_foreach(v, k, x) walk(x, fn);
	else if (json_is_array(v))
		json_array_foreach(v, i, x) walk(x, fn);
}

json_t *tg_json_loadb(const char *text, size_t len, size_t flags, json_error_t *err)
{
	struct tg_buf marked = TG_BUF_INIT;
	json_t *root;
	int rc = mark_bytes(text, len, &marked);

	root = rc ? json_loadb(marked.buf, marked.len, flags | JSON_ALLOW_NUL, err)
	          : json_loadb(text, len, flags, err);
	tg_buf_release(&marked);
	if (root && rc)
		walk(root, unmark_string);
	return root;
}

json_t *tg_json_loads(const char *text, size_t flags, json_error_t *err)
{
	return tg_json_loadb(text, strlen(text), flags, err);
}

char *tg_json_dumps(const json_t *v, size_t flags)
{
	json_t *copy = json_deep_copy(v);
	char *s, *o;
	size_t i, n = 0;

	walk(copy, mark_string);
	s = json_dumps(copy, flags);
	json_decref(copy);
	if (!s || !strstr(s, "\\u0000"))
		return s;
	/* jansson wrote each marked byte as "\u0000XY": now "\udcXY", and a NUL "\u0000". */
	o = s;
	for (i = 0; s[i]; i++) {
		if (s[i] == '\\' && !strncmp(s + i + 1, "u0000", 5)) {
			int nul = !strncmp(s + i + 6, "00", 2);
			memcpy(o + n, nul ? "\\u0000" : "\\udc", nul ? 6 : 4);
			n += nul ? 6 : 4;
			i += nul ? 7 : 5;
		} else if (s[i] == '\\') {
			o[n++] = s[i++];
			o[n++] = s[i];
		} else {
			o[n++] = s[i];
		}
	}
	o[n] = '\0';
	return s;
}
