/*
 * Go modules: go.mod (the manifest: module, go, toolchain, require,
 * replace, exclude, retract) and go.sum (the module versions downloaded, with
 * their h1: hashes). Never runs the go command.
 *
 * A require names path@version; a replace to another module@version changes
 * what is built (the record is the replacement), a replace to a directory
 * ("./x", "../x", "/abs") makes it a local package, not one of the registry.
 * `// indirect` marks a transitive requirement. The toolchain (or a go
 * directive with a patch version) is the standard library, "stdlib", which
 * OSV's Go records name as a package of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "deps/gomod_int.h"
#include "deps/record_int.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"

#define MAX_TOKENS 8

struct line_tokens {
	char *v[MAX_TOKENS];
	int nr;
	int indirect; /* the line's comment is "indirect" (or starts "indirect;") */
};

static void tokens_release(struct line_tokens *t)
{
	for (int i = 0; i < t->nr; i++)
		free(t->v[i]);
	t->nr = 0;
}

static int comment_is_indirect(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(end - p) < 8 || memcmp(p, "indirect", 8))
		return 0;
	p += 8;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == end || *p == ';';
}

/* A quoted token: "interpreted" (\" and \\ kept simple) or `raw`. */
static int quoted(const char **pp, const char *end, struct tg_buf *tok)
{
	const char *p = *pp;
	char q = *p++;

	while (p < end && *p != q) {
		if (q == '"' && *p == '\\' && p + 1 < end)
			p++;
		tg_buf_addch(tok, *p++);
	}
	if (p >= end)
		return -1;
	*pp = p + 1;
	return 0;
}

/* Splits one line (without its newline) into tokens; -1 on an unterminated quote. */
static int tokenize(const char *p, const char *end, struct line_tokens *t)
{
	t->nr = 0;
	t->indirect = 0;
	for (;;) {
		struct tg_buf tok = TG_BUF_INIT;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p >= end)
			return 0;
		if (!*p)
			return -3;
		if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
			t->indirect = comment_is_indirect(p + 2, end);
			return 0;
		}
		if (*p == '"' || *p == '`') {
			if (quoted(&p, end, &tok)) {
				tg_buf_release(&tok);
				return -1;
			}
		} else if (*p == '(' || *p == ')') {
			tg_buf_addch(&tok, *p++);
		} else {
			while (p < end && *p && !strchr(" \t\r()\"`", *p) &&
			       !(end - p >= 2 && p[0] == '/' && p[1] == '/'))
				tg_buf_addch(&tok, *p++);
		}
		if (t->nr == MAX_TOKENS) {
			tg_buf_release(&tok);
			return -2;
		}
		t->v[t->nr++] = tg_buf_detach(&tok, NULL);
	}
}

static int is_local_path(const char *s)
{
	return !strncmp(s, "./", 2) || !strncmp(s, "../", 3) || *s == '/' || !strcmp(s, ".") ||
	       !strcmp(s, "..") || !strncmp(s, ".\\", 2) || !strncmp(s, "..\\", 3) ||
	       (s[0] && s[1] == ':' && (s[2] == '\\' || s[2] == '/'));
}

static int bad(const char *file, int line, const char *what)
{
	return tg_error_set(TG_ERR_INPUT, "%s:%d: %s", file, line, what);
}

static int add_require(struct tg_gomod *m, const struct line_tokens *t, int off, int line)
{
	struct tg_gomod_require *r;

	if (t->nr - off != 2)
		return bad(m->file, line, "usage: require module/path v1.2.3");
	if (t->v[off + 1][0] != 'v')
		return tg_error_set(TG_ERR_INPUT, "%s:%d: %s: invalid version \"%s\"", m->file,
		                    line, t->v[off], t->v[off + 1]);
	TG_ALLOC_GROW(m->req, m->nreq + 1, m->areq);
	r = &m->req[m->nreq++];
	r->path = tg_strdup(t->v[off]);
	r->version = tg_strdup(t->v[off + 1]);
	r->indirect = t->indirect;
	r->line = line;
	return TG_OK;
}

static int add_replace(struct tg_gomod *m, const struct line_tokens *t, int off, int line)
{
	struct tg_gomod_replace *r;
	int arrow = -1, n = t->nr - off;

	for (int i = off; i < t->nr; i++)
		if (!strcmp(t->v[i], "=>"))
			arrow = i - off;
	if (arrow < 1 || arrow > 2 || n - arrow - 1 < 1 || n - arrow - 1 > 2)
		return bad(m->file, line,
		           "usage: replace module/path [v1.2.3] => other/module v1.4.5 "
		           "or => ../local/directory");
	if (n - arrow - 1 == 1 && !is_local_path(t->v[off + arrow + 1]))
		return bad(m->file, line,
		           "replacement module without version must be a directory path "
		           "(rooted or starting with ./ or ../)");
	TG_ALLOC_GROW(m->rep, m->nrep + 1, m->arep);
	r = &m->rep[m->nrep++];
	r->old = tg_strdup(t->v[off]);
	r->old_version = arrow == 2 ? tg_strdup(t->v[off + 1]) : NULL;
	r->new = tg_strdup(t->v[off + arrow + 1]);
	r->new_version = n - arrow - 1 == 2 ? tg_strdup(t->v[off + arrow + 2]) : NULL;
	r->line = line;
	return TG_OK;
}

static int single(struct tg_gomod *m, const struct line_tokens *t, int off, int line, char **slot,
                  int *slot_line)
{
	if (t->nr - off != 1)
		return tg_error_set(TG_ERR_INPUT, "%s:%d: %s takes one argument", m->file, line,
		                    t->v[0]);
	free(*slot);
	*slot = tg_strdup(t->v[off]);
	*slot_line = line;
	return TG_OK;
}

/* One directive: verb (from the line, or the block it is in) and its arguments from off. */
static int directive(struct tg_gomod *m, const char *verb, const struct line_tokens *t, int off,
                     int line)
{
	if (!strcmp(verb, "require"))
		return add_require(m, t, off, line);
	if (!strcmp(verb, "replace"))
		return add_replace(m, t, off, line);
	if (!strcmp(verb, "module"))
		return single(m, t, off, line, &m->module, &m->module_line);
	if (!strcmp(verb, "go"))
		return single(m, t, off, line, &m->go, &m->go_line);
	if (!strcmp(verb, "toolchain"))
		return single(m, t, off, line, &m->toolchain, &m->toolchain_line);
	/* exclude and retract change nothing that is built; godebug, tool and ignore neither. */
	if (!strcmp(verb, "exclude") || !strcmp(verb, "retract") || !strcmp(verb, "godebug") ||
	    !strcmp(verb, "tool") || !strcmp(verb, "ignore"))
		return TG_OK;
	return tg_error_set(TG_ERR_INPUT, "%s:%d: unknown directive: %s", m->file, line, verb);
}

int tg_gomod_parse(const char *data, size_t len, const char *file, struct tg_gomod *m)
{
	const char *p = data, *end = data + len;
	char *block = NULL;
	int line = 0, block_line = 0, rc = TG_OK;
	struct line_tokens t = {{0}, 0, 0};

	memset(m, 0, sizeof(*m));
	m->file = file;
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		line++;
		rc = tokenize(p, eol, &t);
		p = nl ? nl + 1 : end;
		if (rc) {
			rc = bad(file, line,
			         rc == -1   ? "unterminated quoted string"
			         : rc == -3 ? "a NUL byte"
			                    : "too many fields");
			break;
		}
		if (!t.nr)
			continue;
		if (block) {
			if (t.nr == 1 && !strcmp(t.v[0], ")")) {
				free(block);
				block = NULL;
			} else {
				rc = directive(m, block, &t, 0, line);
			}
		} else if (t.nr == 3 && !strcmp(t.v[1], "(") && !strcmp(t.v[2], ")")) {
			/* an empty block: "require ()" */
		} else if (t.nr == 2 && !strcmp(t.v[1], "(")) {
			block = tg_strdup(t.v[0]);
			block_line = line;
		} else if (!strcmp(t.v[0], "(") || !strcmp(t.v[0], ")")) {
			rc = bad(file, line, "unexpected parenthesis");
		} else {
			rc = directive(m, t.v[0], &t, 1, line);
		}
		tokens_release(&t);
	}
	tokens_release(&t);
	if (!rc && block)
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: %s block not closed", file, block_line,
		                  block);
	free(block);
	if (rc)
		tg_gomod_release(m);
	return rc;
}

void tg_gomod_release(struct tg_gomod *m)
{
	for (size_t i = 0; i < m->nreq; i++) {
		free(m->req[i].path);
		free(m->req[i].version);
	}
	for (size_t i = 0; i < m->nrep; i++) {
		free(m->rep[i].old);
		free(m->rep[i].old_version);
		free(m->rep[i].new);
		free(m->rep[i].new_version);
	}
	free(m->req);
	free(m->rep);
	free(m->module);
	free(m->go);
	free(m->toolchain);
	memset(m, 0, sizeof(*m));
}

const struct tg_gomod_replace *tg_gomod_replacement(const struct tg_gomod *m, const char *path,
                                                    const char *version)
{
	const struct tg_gomod_replace *any = NULL;

	/* A replace of one version wins over a replace of every version; the last of each counts.
	 */
	for (size_t i = m->nrep; i-- > 0;) {
		const struct tg_gomod_replace *r = &m->rep[i];
		if (strcmp(r->old, path))
			continue;
		if (r->old_version && !strcmp(r->old_version, version))
			return r;
		if (!r->old_version && !any)
			any = r;
	}
	return any;
}

/* "go1.22.3" or "1.21.0" as the standard library's version "v1.22.3"; NULL without a patch. */
static char *stdlib_version(const char *s)
{
	struct tg_buf b = TG_BUF_INIT;
	int dots = 0;

	if (!strncmp(s, "go", 2))
		s += 2;
	for (const char *p = s; *p && *p != '-' && *p != '+'; p++)
		if (*p == '.')
			dots++;
		else if (*p < '0' || *p > '9')
			return NULL;
	if (dots != 2)
		return NULL;
	tg_buf_addch(&b, 'v');
	tg_buf_adds(&b, s);
	return tg_buf_detach(&b, NULL);
}

static void add_stdlib(const struct tg_gomod *m, struct tg_dep_list *out)
{
	char *v = NULL;
	int line = 0;

	if (m->toolchain && (v = stdlib_version(m->toolchain)))
		line = m->toolchain_line;
	else if (m->go && (v = stdlib_version(m->go)))
		line = m->go_line;
	if (!v)
		return;
	tg_deps_add(out, TG_ECO_GO, m->file, line, "stdlib", v)->direct = 1;
	free(v);
}

void tg_gomod_records(const struct tg_gomod *m, int unlocked_only, struct tg_dep_list *out)
{
	for (size_t i = 0; i < m->nreq; i++) {
		const struct tg_gomod_require *r = &m->req[i];
		const struct tg_gomod_replace *rep = tg_gomod_replacement(m, r->path, r->version);
		struct tg_dep *d;
		if (rep && !rep->new_version) {
			d = tg_deps_add(out, TG_ECO_GO, m->file, rep->line, r->path, NULL);
			d->origin = TG_DEP_PATH;
		} else if (unlocked_only) {
			continue;
		} else if (rep) {
			d = tg_deps_add(out, TG_ECO_GO, m->file, rep->line, rep->new,
			                rep->new_version);
		} else {
			d = tg_deps_add(out, TG_ECO_GO, m->file, r->line, r->path, r->version);
		}
		d->direct = !r->indirect;
	}
	add_stdlib(m, out);
}

static int read_gomod(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct tg_gomod m;
	int rc = tg_gomod_parse(f->data, f->len, f->rel, &m);

	if (rc)
		return rc;
	tg_gomod_records(&m, 0, out);
	tg_gomod_release(&m);
	return TG_OK;
}

static int match_gomod(const char *base)
{
	return !strcmp(base, "go.mod");
}

const struct tg_deps_reader tg_deps_reader_gomod = {"go.mod", TG_ECO_GO, 0, match_gomod,
                                                    read_gomod};
