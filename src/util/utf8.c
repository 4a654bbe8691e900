#include "util/utf8.h"

#include <string.h>

size_t tg_utf8_decode(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	unsigned c = u[0];
	size_t n, i;

	if (u[0] < 0x80) {
		*cp = c;
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF)
		n = 2;
	else if (u[0] >= 0xE0 && u[0] <= 0xEF)
		n = 3;
	else if (u[0] >= 0xF0 && u[0] <= 0xF4)
		n = 4;
	else
		return 0;
	/* The second byte's range rules out overlong forms, surrogates and > U+10FFFF
	 * (the table of RFC 3629, section 4). */
	if (u[0] == 0xE0)
		lo = 0xA0;
	else if (u[0] == 0xED)
		hi = 0x9F;
	else if (u[0] == 0xF0)
		lo = 0x90;
	else if (u[0] == 0xF4)
		hi = 0x8F;
	if (len < n || u[1] < lo || u[1] > hi)
		return 0;
	c &= 0x7Fu >> n;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3Fu);
	}
	*cp = c;
	return n;
}

size_t tg_utf8_seq(const char *s, size_t len)
{
	unsigned cp;

	return tg_utf8_decode(s, len, &cp);
}

int tg_utf8_valid(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		if (!(n = tg_utf8_seq(s + i, len - i)))
			return 0;
		i += n;
	}
	return 1;
}

void tg_buf_add_utf8(struct tg_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, n;

	while (i < len) {
		if ((n = tg_utf8_seq(s + i, len - i))) {
			tg_buf_add(b, s + i, n);
			i += n;
			continue;
		}
		unsigned char c = (unsigned char)s[i++];
		char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
		tg_buf_add(b, esc, 4);
	}
}

void tg_buf_add_utf8s(struct tg_buf *b, const char *s)
{
	tg_buf_add_utf8(b, s, strlen(s));
}

static const char *xml_reference(unsigned cp)
{
	switch (cp) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\t':
		return "&#9;";
	case '\n':
		return "&#10;";
	case '\r':
		return "&#13;";
	default:
		return NULL;
	}
}

void tg_buf_add_xml(struct tg_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, n;
	unsigned cp = 0;
	const char *ref;

	while (i < len) {
		n = tg_utf8_decode(s + i, len - i, &cp);
		if (n && (ref = xml_reference(cp))) {
			tg_buf_adds(b, ref);
		} else if (n && cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF) {
			tg_buf_add(b, s + i, n);
		} else {
			/* not UTF-8, a C0 control, or a non-character: shown, never written raw */
			n = n ? n : 1;
			for (size_t k = 0; k < n; k++) {
				unsigned char c = (unsigned char)s[i + k];
				char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
				tg_buf_add(b, esc, 4);
			}
		}
		i += n;
	}
}

void tg_buf_add_xmls(struct tg_buf *b, const char *s)
{
	if (s)
		tg_buf_add_xml(b, s, strlen(s));
}
