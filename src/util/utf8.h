#ifndef TG_UTF8_H
#define TG_UTF8_H

/*
 * Paths and text are bytes: a file name or a line need not be UTF-8, yet
 * every output must be. These say which bytes are UTF-8, and write the
 * others where people read them (Markdown, the terminal) as a visible
 * "\xff". JSON has its own lossless escape: tg_buf_add_json in util/buf.h
 * writes a byte that is not UTF-8 as "\udcXY", and util/json.h reads it back.
 */

#include "util/buf.h"

#include <stddef.h>

/* The length of the well-formed UTF-8 sequence at s (1 to 4), or 0 when s[0]
 * starts none: a stray continuation byte, an overlong form, a surrogate, a
 * code point past U+10FFFF or a sequence cut short. len > 0. */
size_t tg_utf8_seq(const char *s, size_t len);
/* tg_utf8_seq that also gives the code point. */
size_t tg_utf8_decode(const char *s, size_t len, unsigned *cp);
/* Whether all len bytes are UTF-8. */
int tg_utf8_valid(const char *s, size_t len);
/* Appends s with each byte that is not UTF-8 written as "\xff", as tg_buf_add_printable does. */
void tg_buf_add_utf8(struct tg_buf *b, const char *s, size_t len);
void tg_buf_add_utf8s(struct tg_buf *b, const char *s);
/*
 * Appends s as XML 1.0 character data, fit for element content and for a
 * double- or single-quoted attribute: & < > " ' as references; tab, newline
 * and carriage return as references too (an attribute keeps them through
 * normalisation); each byte that is not UTF-8, each other C0 control and
 * U+FFFE/U+FFFF (which XML 1.0 forbids even as references) as a visible "\xff".
 */
void tg_buf_add_xml(struct tg_buf *b, const char *s, size_t len);
void tg_buf_add_xmls(struct tg_buf *b, const char *s); /* s may be NULL */

#endif
