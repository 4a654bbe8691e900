#include "backlog/context.h"

#include "config/config.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/wildmatch.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a glob was compiled to; each is exactly git's wildmatch on that shape. */
enum shape {
	UNDER,       /* lit, then slash, "**": inside directory lit at the root */
	ANY_DIR,     /* "**", slash, lit, slash, "**": inside a directory lit at any depth */
	BASE_SUFFIX, /* "**", slash, "*", lit: a base name ending in lit */
	BASE_EXACT,  /* "**", slash, lit: a base name equal to lit */
	BASE_GLOB,   /* "**", slash, g (g has no slash): g on the base name */
	GLOB,        /* anything else: the whole glob on the whole path */
};

struct pattern {
	enum shape shape;
	enum tg_context ctx;
	char *text; /* the literal part, or the glob */
	size_t len;
};

struct tg_contexts {
	struct pattern *v;
	size_t nr, alloc;
	size_t first_configured; /* patterns added by tg_contexts_add come first */
};

static int literal(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr("*?[\\", s[i]))
			return 0;
	return n > 0;
}

static void compile(struct pattern *p, const char *glob)
{
	size_t n = strlen(glob);
	const char *rest = glob + 3;
	size_t rn = n >= 3 ? n - 3 : 0;

	p->shape = GLOB;
	if (n > 3 && !strcmp(glob + n - 3, "/**") && literal(glob, n - 3) && glob[0] != '/') {
		p->shape = UNDER, n -= 3;
	} else if (!strncmp(glob, "**/", 3) && rn > 3 && !strcmp(rest + rn - 3, "/**") &&
	           literal(rest, rn - 3)) {
		p->shape = ANY_DIR, glob = rest, n = rn - 3;
	} else if (!strncmp(glob, "**/", 3) && rn && !strchr(rest, '/')) {
		if (rest[0] == '*' && literal(rest + 1, rn - 1))
			p->shape = BASE_SUFFIX, glob = rest + 1, n = rn - 1;
		else if (literal(rest, rn))
			p->shape = BASE_EXACT, glob = rest, n = rn;
		else if (strncmp(rest, "**", 2))
			p->shape = BASE_GLOB, glob = rest, n = rn;
	}
	p->text = tg_strndup(glob, n);
	p->len = n;
}

static void add(struct tg_contexts *c, enum tg_context ctx, const char *glob)
{
	TG_ALLOC_GROW(c->v, c->nr + 1, c->alloc);
	c->v[c->nr].ctx = ctx;
	compile(&c->v[c->nr++], glob);
}

void tg_contexts_add(struct tg_contexts *c, enum tg_context ctx, const char *glob)
{
	size_t i = c->first_configured;

	add(c, ctx, glob);
	/* Before the configured globs: rotate the new one into place. */
	if (i < c->nr - 1) {
		struct pattern p = c->v[c->nr - 1];
		memmove(&c->v[i + 1], &c->v[i], (c->nr - 1 - i) * sizeof(*c->v));
		c->v[i] = p;
	}
	c->first_configured++;
}

static void add_submodules(struct tg_contexts *c, const char *root)
{
	struct tg_buf b = TG_BUF_INIT, g = TG_BUF_INIT;
	struct tg_strlist paths = TG_STRLIST_INIT;
	size_t i;

	if (tg_beneath_read_file(&b, root, ".gitmodules")) {
		tg_error_clear();
		tg_buf_release(&b);
		return;
	}
	tg_contexts_gitmodules(b.buf, b.len, &paths);
	for (i = 0; i < paths.nr; i++) {
		/* Literal, whatever the name holds: escape the glob's characters. */
		const char *s;
		tg_buf_reset(&g);
		for (s = paths.v[i]; *s; s++) {
			if (strchr("*?[\\", *s))
				tg_buf_addch(&g, '\\');
			tg_buf_addch(&g, *s);
		}
		tg_buf_adds(&g, "/**");
		tg_contexts_add(c, TG_CONTEXT_VENDORED, g.buf);
	}
	tg_strlist_clear(&paths);
	tg_buf_release(&b), tg_buf_release(&g);
}

struct tg_contexts *tg_contexts_new(const struct tg_config *cfg, const char *root)
{
	struct tg_contexts *c = tg_calloc(1, sizeof(*c));
	/* The documented order: the first class that matches wins. */
	const struct {
		enum tg_context ctx;
		const struct tg_strlist *globs;
	} order[] = {
	        {TG_CONTEXT_VENDORED, &cfg->value_discovery.contexts.vendored},
	        {TG_CONTEXT_FIXTURE, &cfg->value_discovery.contexts.fixture},
	        {TG_CONTEXT_TEST, &cfg->value_discovery.contexts.test},
	        {TG_CONTEXT_EXAMPLE, &cfg->value_discovery.contexts.example},
	        {TG_CONTEXT_DOCS, &cfg->value_discovery.contexts.docs},
	};
	size_t i, j;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		for (j = 0; j < order[i].globs->nr; j++)
			add(c, order[i].ctx, order[i].globs->v[j]);
	if (root)
		add_submodules(c, root);
	return c;
}

void tg_contexts_free(struct tg_contexts *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nr; i++)
		free(c->v[i].text);
	free(c->v);
	free(c);
}

/* A path taken apart once for all the globs: its length, base name and directories. */
struct parts {
	const char *path, *base;
	size_t len, base_len;
	size_t dirs[64]; /* where each directory's name starts */
	size_t dirs_nr;
	int more; /* deeper than dirs holds */
};

static void split(struct parts *t, const char *path)
{
	size_t i;

	t->path = path;
	t->len = strlen(path);
	t->dirs_nr = 0;
	t->more = 0;
	t->dirs[t->dirs_nr++] = 0;
	for (i = 0; i < t->len; i++) {
		if (path[i] != '/' || i + 1 >= t->len)
			continue;
		if (t->dirs_nr == sizeof(t->dirs) / sizeof(t->dirs[0])) {
			t->more = 1;
			break;
		}
		t->dirs[t->dirs_nr++] = i + 1;
	}
	t->base = strrchr(path, '/');
	t->base = t->base ? t->base + 1 : path;
	t->base_len = t->len - (size_t)(t->base - path);
}

/* lit followed by '/', at the start or right after a '/'. */
static int inside_dir(const struct parts *t, const char *lit, size_t n)
{
	const char *p, *end = t->path + t->len;
	size_t i;

	for (i = 0; i < t->dirs_nr; i++) {
		p = t->path + t->dirs[i];
		if ((size_t)(end - p) > n && p[n] == '/' && p[0] == lit[0] && !memcmp(p, lit, n))
			return 1;
	}
	if (!t->more)
		return 0;
	for (p = t->path + t->dirs[t->dirs_nr - 1]; (size_t)(end - p) > n;) {
		if (p[n] == '/' && !memcmp(p, lit, n))
			return 1;
		if (!(p = memchr(p, '/', (size_t)(end - p))))
			return 0;
		p++;
	}
	return 0;
}

static int matches(const struct pattern *p, const struct parts *t)
{
	switch (p->shape) {
	case UNDER:
		return t->len > p->len && t->path[p->len] == '/' &&
		       !memcmp(t->path, p->text, p->len);
	case ANY_DIR:
		return inside_dir(t, p->text, p->len);
	case BASE_SUFFIX:
		return t->base_len >= p->len &&
		       !memcmp(t->base + t->base_len - p->len, p->text, p->len);
	case BASE_EXACT:
		return t->base_len == p->len && !memcmp(t->base, p->text, p->len);
	case BASE_GLOB:
		return tg_wildmatch_mem(p->text, p->len, t->base, t->base_len, TG_WM_PATHNAME);
	case GLOB:
		break;
	}
	return tg_wildmatch_mem(p->text, p->len, t->path, t->len, TG_WM_PATHNAME);
}

enum tg_context tg_contexts_classify(const struct tg_contexts *c, const char *path)
{
	struct parts t;
	size_t i;

	if (!c || !path || !*path)
		return TG_CONTEXT_CODE;
	split(&t, path);
	for (i = 0; i < c->nr; i++)
		if (matches(&c->v[i], &t))
			return c->v[i].ctx;
	return TG_CONTEXT_CODE;
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* The value after '=': quotes removed, an unquoted '#' or ';' starts a comment. */
static void value(const char *p, const char *end, struct tg_buf *out)
{
	int quoted = 0;

	tg_buf_reset(out);
	for (p = skip_space(p, end); p < end; p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (!quoted && (*p == '#' || *p == ';')) {
			break;
		} else if (*p == '\\' && p + 1 < end) {
			p++;
			tg_buf_addch(out, *p == 't' ? '\t' : *p == 'n' ? '\n' : *p);
		} else {
			tg_buf_addch(out, *p);
		}
	}
	while (out->len && strchr(" \t\r", out->buf[out->len - 1]))
		out->buf[--out->len] = '\0';
	while (out->len && out->buf[out->len - 1] == '/')
		out->buf[--out->len] = '\0';
}

/* A path that stays beneath the root: relative, no "." or ".." component. */
static int plain_path(const char *s)
{
	const char *p = s;

	if (!*s || *s == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");
		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		p += *p == '/';
	}
	return !strchr(s, '\n');
}

void tg_contexts_gitmodules(const char *text, size_t len, struct tg_strlist *out)
{
	const char *p = text, *end = text + len;
	struct tg_buf v = TG_BUF_INIT;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *stop = eol ? eol : end, *q = skip_space(p, stop);
		if (stop - q > 4 && !strncasecmp(q, "path", 4)) {
			q = skip_space(q + 4, stop);
			if (q < stop && *q == '=') {
				value(q + 1, stop, &v);
				if (plain_path(v.buf) && strlen(v.buf) == v.len)
					tg_strlist_add(out, v.buf);
			}
		}
		p = eol ? eol + 1 : end;
	}
	tg_buf_release(&v);
}
