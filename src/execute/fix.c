/*
 * A rule's fix-regex applied to the item's lines in the worktree: the
 * deterministic fixer, preferred over the executor where a rule carries one.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "execute/internal.h"

#include "backlog/item.h"

#include "util/alloc.h"
#include "util/error.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

/* The bytes of lines [first, last] (1-based; 0: the whole file) as [*from, *to). */
static void line_span(const struct tg_buf *b, int first, int last, size_t *from, size_t *to)
{
	size_t i;
	int line = 1;

	*from = 0;
	*to = b->len;
	if (first <= 0)
		return;
	if (last < first)
		last = first;
	for (i = 0; i < b->len && line < first; i++)
		line += b->buf[i] == '\n';
	*from = i;
	for (; i < b->len; i++)
		if (b->buf[i] == '\n' && ++line > last)
			break;
	*to = i;
}

static int substitute(pcre2_code *re, const char *s, size_t n, const char *repl, int count,
                      struct tg_buf *out)
{
	uint32_t opts =
	        PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | (count == 1 ? 0 : PCRE2_SUBSTITUTE_GLOBAL);
	PCRE2_SIZE len = n * 2 + 256;
	int rc;

	for (;;) {
		tg_buf_grow(out, len + 1);
		len = out->alloc - out->len - 1;
		rc = pcre2_substitute(re, (PCRE2_SPTR)s, n, 0, opts, NULL, NULL, (PCRE2_SPTR)repl,
		                      PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out->buf + out->len,
		                      &len);
		if (rc != PCRE2_ERROR_NOMEMORY)
			break;
	}
	if (rc >= 0)
		tg_buf_setlen(out, out->len + len);
	return rc;
}

int apply_fix(const char *tree, const struct tg_item *it, const char *regex, const char *repl,
              int count)
{
	struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT, out = TG_BUF_INIT;
	PCRE2_SIZE erroff;
	int err, rc = TG_OK, n;
	size_t from, to;
	pcre2_code *re =
	        pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED, 0, &err, &erroff, NULL);

	if (!re)
		return tg_error_set(TG_ERR_INPUT,
		                    "rule %s: fix-regex does not compile at offset %zu",
		                    it->rule_id, (size_t)erroff);
	tg_buf_addf(&path, "%s/%s", tree, it->path);
	if (tg_buf_read_file(&text, path.buf)) {
		rc = tg_error_prefix(TG_ERR_INPUT, "rule %s fix", it->rule_id);
		goto done;
	}
	line_span(&text, it->start_line, it->end_line, &from, &to);
	tg_buf_add(&out, text.buf, from);
	n = substitute(re, text.buf + from, to - from, repl, count, &out);
	if (n < 0) {
		rc = tg_error_set(TG_ERR_INPUT, "rule %s: fix-regex failed on %s (%d)", it->rule_id,
		                  it->path, n);
		goto done;
	}
	tg_buf_add(&out, text.buf + to, text.len - to);
	rc = tg_buf_write_file(&out, path.buf);
done:
	pcre2_code_free(re);
	tg_buf_release(&path);
	tg_buf_release(&text);
	tg_buf_release(&out);
	return rc;
}
