#include "walk/ignore_int.h"

#include "util/alloc.h"
#include "util/wildmatch.h"

#include <stdlib.h>
#include <string.h>

/* Length of the line once trailing spaces are cut, keeping a space escaped by '\'. */
static size_t trim_trailing_spaces(const char *s, size_t n)
{
	size_t i, keep = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			keep = i + 1;
		} else if (s[i] != ' ') {
			keep = i + 1;
		}
	}
	return keep;
}

/* 1 if s holds an unescaped glob character or a dangling backslash. */
static int has_glob(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\') {
			if (++i >= n)
				return 1;
		} else if (s[i] == '*' || s[i] == '?' || s[i] == '[') {
			return 1;
		}
	}
	return 0;
}

static char *unescape(const char *s, size_t n, uint32_t *outlen)
{
	char *out = tg_malloc(n + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		out[o++] = s[i];
	}
	out[o] = '\0';
	*outlen = (uint32_t)o;
	return out;
}

static void add_pattern(struct tg_ignore_frame *f, const char *s, size_t n, uint8_t flags)
{
	struct tg_ignore_pattern *p;

	if (n && s[0] == '!') {
		flags |= TG_IGP_NEGATE;
		s++;
		n--;
	}
	if (n && s[n - 1] == '/') {
		flags |= TG_IGP_DIRONLY;
		n--;
	}
	if (memchr(s, '/', n))
		flags |= TG_IGP_PATH;
	if (n && s[0] == '/') {
		s++;
		n--;
	}
	if (!n)
		return;
	TG_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	p = &f->v[f->nr++];
	p->flags = flags;
	if (!has_glob(s, n)) {
		p->kind = TG_IGK_LITERAL;
		p->pat = unescape(s, n, &p->len);
	} else if (!(flags & TG_IGP_PATH) && s[0] == '*' && n > 1 && !has_glob(s + 1, n - 1)) {
		/* "*.ext", the commonest pattern, is a suffix compare */
		p->kind = TG_IGK_SUFFIX;
		p->pat = unescape(s + 1, n - 1, &p->len);
	} else {
		p->kind = TG_IGK_GLOB;
		p->pat = tg_strndup(s, n);
		p->len = (uint32_t)n;
	}
}

void tg_ignore_frame_parse(struct tg_ignore_frame *f, const char *text, size_t len)
{
	const char *end = text + len;

	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t n = nl ? (size_t)(nl - text) : (size_t)(end - text);

		if (n && text[n - 1] == '\r')
			n--;
		if (n && text[0] != '#')
			add_pattern(f, text, trim_trailing_spaces(text, n), 0);
		text += n;
		while (text < end && (*text == '\r' || *text == '\n'))
			if (*text++ == '\n')
				break;
	}
}

void tg_ignore_frame_add_anchored(struct tg_ignore_frame *f, const char *pat)
{
	size_t n = strlen(pat);

	if (!n)
		return;
	if (pat[0] == '/') {
		add_pattern(f, pat, n, 0);
	} else {
		char *tmp = tg_malloc(n + 2);

		tmp[0] = '/';
		memcpy(tmp + 1, pat, n + 1);
		add_pattern(f, tmp, n + 1, 0);
		free(tmp);
	}
}

void tg_ignore_frame_release(struct tg_ignore_frame *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		free(f->v[i].pat);
	free(f->v);
	free(f->lead);
	f->v = NULL;
	f->lead = NULL;
	f->nr = f->alloc = 0;
}

int tg_ignore_frame_match(const struct tg_ignore_frame *f, const char *path, size_t len, int is_dir)
{
	const char *base = path + len;
	size_t baselen, i;

	while (base > path && base[-1] != '/')
		base--;
	baselen = (size_t)(path + len - base);
	for (i = f->nr; i-- > 0;) {
		const struct tg_ignore_pattern *p = &f->v[i];
		const char *s = (p->flags & TG_IGP_PATH) ? path : base;
		size_t sl = (p->flags & TG_IGP_PATH) ? len : baselen;
		int m;

		if ((p->flags & TG_IGP_DIRONLY) && !is_dir)
			continue;
		switch (p->kind) {
		case TG_IGK_LITERAL:
			m = sl == p->len && !memcmp(s, p->pat, sl);
			break;
		case TG_IGK_SUFFIX:
			m = sl >= p->len && !memcmp(s + sl - p->len, p->pat, p->len);
			break;
		default:
			m = tg_wildmatch_mem(p->pat, p->len, s, sl, TG_WM_PATHNAME);
		}
		if (m)
			return (p->flags & TG_IGP_NEGATE) ? 0 : 1;
	}
	return -1;
}

int tg_ignore_chain_match(const struct tg_ignore_frame *f, const char *relpath, size_t len,
                          int is_dir)
{
	char stackbuf[512];

	for (; f; f = f->parent) {
		int r;

		if (!f->nr)
			continue;
		if (f->lead) {
			size_t n = f->leadlen + len;
			char *buf = n < sizeof(stackbuf) ? stackbuf : tg_malloc(n + 1);

			memcpy(buf, f->lead, f->leadlen);
			memcpy(buf + f->leadlen, relpath, len);
			r = tg_ignore_frame_match(f, buf, n, is_dir);
			if (buf != stackbuf)
				free(buf);
		} else {
			r = tg_ignore_frame_match(f, relpath + f->dirlen, len - f->dirlen, is_dir);
		}
		if (r >= 0)
			return r;
	}
	return 0;
}
