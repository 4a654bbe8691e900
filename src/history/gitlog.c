#include "history/gitlog.h"

#include "proc/proc.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { S_NONE, S_HDR1, S_HDR2, S_HDR3, S_HDR4, S_NUM, S_OLD, S_NEW };

void tg_gitlog_init(struct tg_gitlog_parser *p, tg_gitlog_fn fn, void *data)
{
	memset(p, 0, sizeof(*p));
	p->fn = fn;
	p->data = data;
	p->state = S_NONE;
}

void tg_gitlog_release(struct tg_gitlog_parser *p)
{
	free(p->tok);
	free(p->arena);
	free(p->ch);
	free(p->out);
	memset(p, 0, sizeof(*p));
}

static size_t arena_add(struct tg_gitlog_parser *p, const char *s, size_t n)
{
	size_t at = p->arena_len;

	TG_ALLOC_GROW(p->arena, p->arena_len + n + 1, p->arena_alloc);
	memcpy(p->arena + at, s, n);
	p->arena[at + n] = '\0';
	p->arena_len += n + 1;
	return at;
}

static int emit(struct tg_gitlog_parser *p)
{
	struct tg_gitlog_commit c;
	const char *par;
	size_t i;
	int rc;

	if (!p->in_commit)
		return TG_OK;
	TG_ALLOC_GROW(p->out, p->ch_nr, p->out_alloc);
	for (i = 0; i < p->ch_nr; i++) {
		p->out[i].path = p->arena + p->ch[i].path;
		p->out[i].old_path = p->ch[i].old_path ? p->arena + p->ch[i].old_path : NULL;
		p->out[i].added = p->ch[i].added;
		p->out[i].deleted = p->ch[i].deleted;
	}
	c.hash = p->arena + p->hdr[0];
	c.time = strtoll(p->arena + p->hdr[1], NULL, 10);
	c.author = p->arena + p->hdr[2];
	c.email = p->arena + p->hdr[3];
	c.parents = 0;
	for (par = p->arena + p->hdr[4]; *par;) {
		c.parents++;
		par += strcspn(par, " ");
		par += strspn(par, " ");
	}
	c.changes = p->out;
	c.changes_nr = p->ch_nr;
	p->commits++;
	rc = p->fn(&c, p->data);
	p->in_commit = 0;
	p->arena_len = 0;
	p->ch_nr = 0;
	return rc;
}

/* "12" or "-" (binary) into *v; returns the rest after the tab, or NULL. */
static const char *parse_count(const char *s, long *v)
{
	char *end;

	if (*s == '-' && s[1] == '\t') {
		*v = -1;
		return s + 2;
	}
	if (*s < '0' || *s > '9')
		return NULL;
	errno = 0;
	*v = strtol(s, &end, 10);
	if (errno || *end != '\t')
		return NULL;
	return end + 1;
}

static int start_commit(struct tg_gitlog_parser *p, const char *t, size_t n)
{
	int rc = emit(p);

	if (rc)
		return rc;
	p->in_commit = 1;
	p->hdr[0] = arena_add(p, t + 1, n - 1);
	p->state = S_HDR1;
	return TG_OK;
}

static int bad(struct tg_gitlog_parser *p, const char *what)
{
	return tg_error_set(TG_ERR_INPUT, "git log output: byte %lld: %s", p->offset, what);
}

static int numstat(struct tg_gitlog_parser *p, const char *t, size_t n)
{
	long a, d;
	const char *rest;

	while (n && *t == '\n') {
		t++;
		n--;
	}
	if (!n)
		return TG_OK;
	if (!p->in_commit)
		return bad(p, "change before any commit header");
	rest = parse_count(t, &a);
	if (rest)
		rest = parse_count(rest, &d);
	if (!rest || rest > t + n)
		return bad(p, "expected 'added<TAB>deleted<TAB>path'");
	TG_ALLOC_GROW(p->ch, p->ch_nr + 1, p->ch_alloc);
	p->ch[p->ch_nr].added = a;
	p->ch[p->ch_nr].deleted = d;
	p->ch[p->ch_nr].old_path = 0;
	if (rest == t + n) {
		p->state = S_OLD; /* a rename: old and new path follow as tokens */
		return TG_OK;
	}
	p->ch[p->ch_nr].path = arena_add(p, rest, (size_t)(t + n - rest));
	p->ch_nr++;
	return TG_OK;
}

static int token(struct tg_gitlog_parser *p, const char *t, size_t n)
{
	switch (p->state) {
	case S_NONE:
	case S_NUM:
		if (n && t[0] == '\x01')
			return start_commit(p, t, n);
		if (p->state == S_NONE) {
			while (n && *t == '\n')
				t++, n--;
			return n ? bad(p, "expected a commit header") : TG_OK;
		}
		return numstat(p, t, n);
	case S_HDR1:
	case S_HDR2:
	case S_HDR3:
	case S_HDR4:
		p->hdr[p->state - S_HDR1 + 1] = arena_add(p, t, n);
		p->state = p->state == S_HDR4 ? S_NUM : p->state + 1;
		return TG_OK;
	case S_OLD:
		p->ch[p->ch_nr].old_path = arena_add(p, t, n);
		p->state = S_NEW;
		return TG_OK;
	case S_NEW:
		p->ch[p->ch_nr].path = arena_add(p, t, n);
		p->ch_nr++;
		p->state = S_NUM;
		return TG_OK;
	}
	return bad(p, "parser state");
}

int tg_gitlog_feed(struct tg_gitlog_parser *p, const char *buf, size_t len)
{
	while (len) {
		const char *z = memchr(buf, '\0', len);
		size_t n = z ? (size_t)(z - buf) : len;
		int rc;

		if (!z) {
			TG_ALLOC_GROW(p->tok, p->tok_len + n, p->tok_alloc);
			memcpy(p->tok + p->tok_len, buf, n);
			p->tok_len += n;
			p->offset += (long long)n;
			return TG_OK;
		}
		if (p->tok_len) {
			/* NUL-terminated like a token read in place, for strtol. */
			TG_ALLOC_GROW(p->tok, p->tok_len + n + 1, p->tok_alloc);
			memcpy(p->tok + p->tok_len, buf, n);
			p->tok_len += n;
			p->tok[p->tok_len] = '\0';
			rc = token(p, p->tok, p->tok_len);
			p->tok_len = 0;
		} else {
			rc = token(p, buf, n);
		}
		if (rc)
			return rc;
		p->offset += (long long)n + 1;
		buf += n + 1;
		len -= n + 1;
	}
	return TG_OK;
}

int tg_gitlog_finish(struct tg_gitlog_parser *p)
{
	int rc;

	if (p->tok_len) {
		/* The last token may lack its NUL (a trailing newline, say). */
		TG_ALLOC_GROW(p->tok, p->tok_len + 1, p->tok_alloc);
		p->tok[p->tok_len] = '\0';
		rc = token(p, p->tok, p->tok_len);
		p->tok_len = 0;
		if (rc)
			return rc;
	}
	if (p->state != S_NUM && p->state != S_NONE)
		return bad(p, "the stream ended inside a commit");
	return emit(p);
}

/* argv for `git -C repo -c core.quotepath=off ARGS...`; the caller frees it. */
static const char **git_argv(const char *repo, const char *const *args)
{
	const char **argv;
	size_t n = 0, i;

	while (args[n])
		n++;
	argv = tg_calloc(n + 6, sizeof(*argv));
	argv[0] = "git";
	argv[1] = "-C";
	argv[2] = repo;
	argv[3] = "-c";
	argv[4] = "core.quotepath=off";
	for (i = 0; i < n; i++)
		argv[5 + i] = args[i];
	return argv;
}

static int feed_log(void *p, const char *buf, size_t len)
{
	return tg_gitlog_feed(p, buf, len);
}

int tg_gitlog_run(const char *repo, const char *const *args, struct tg_gitlog_parser *p)
{
	const char **argv = git_argv(repo, args);
	struct tg_buf name = TG_BUF_INIT;
	int rc;

	tg_buf_addf(&name, "git %s", args[0]);
	rc = tg_proc_git_stream(repo, argv, name.buf, feed_log, p);
	if (rc == TG_OK)
		rc = tg_gitlog_finish(p);
	tg_buf_release(&name);
	free(argv);
	return rc;
}

int tg_git_capture_err(const char *repo, const char *const *args, struct tg_buf *out,
                       struct tg_buf *err)
{
	const char **argv = git_argv(repo, args);
	struct tg_child c;
	int rc;

	tg_proc_git_reader(&c, argv, repo);
	c.in.how = TG_CHILD_NULL;
	c.err.how = TG_CHILD_NULL;
	rc = tg_child_capture(&c, NULL, 0, out, err);
	free(argv);
	if (rc)
		return rc;
	while (out->len && out->buf[out->len - 1] == '\n')
		tg_buf_setlen(out, out->len - 1);
	if (err)
		tg_buf_trim(err);
	return c.exit_code >= 0 ? c.exit_code : 128;
}

int tg_git_batch_header(const char *line, char type[16], uint64_t max, uint64_t *size)
{
	size_t oid = strcspn(line, " \n"), n;
	const char *t = line + oid, *p;
	uint64_t v = 0;

	if (*t != ' ')
		return TG_ERR_NOTFOUND; /* a name alone: not an answer with an object */
	t++;
	n = strcspn(t, " \n");
	if (t[n] != ' ')
		return TG_ERR_NOTFOUND; /* "<name> missing", "<name> ambiguous" */
	if (n == 0 || n > 15)
		return TG_ERR_INPUT;
	memcpy(type, t, n);
	type[n] = '\0';
	/* digits only: sscanf's %zu would take "-1" as SIZE_MAX, and size + 1 would wrap */
	for (p = t + n + 1; *p >= '0' && *p <= '9'; p++) {
		if ((uint64_t)(*p - '0') > max || v > (max - (uint64_t)(*p - '0')) / 10)
			return TG_ERR_INPUT;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p == t + n + 1 || (*p && *p != '\n'))
		return TG_ERR_INPUT;
	*size = v;
	return TG_OK;
}

const char *tg_git_rev_object(char *line)
{
	/* "<oid>" for a commit, "<oid> " for the root tree, "<oid> <path>" for the rest */
	if (strlen(line) < 42 || line[40] != ' ')
		return NULL;
	line[40] = '\0';
	return line + 41;
}

int tg_git_capture(const char *repo, const char *const *args, struct tg_buf *out)
{
	return tg_git_capture_err(repo, args, out, NULL);
}
