/* `git blame --porcelain`: its parser, and running it through proc/. */
#include "history/blame.h"

#include "history/model_int.h"

#include "proc/proc.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Expecting an entry's header line; or inside an entry, before its content line. */
enum { B_HEADER, B_META };

void tg_blame_init(struct tg_blame_parser *p)
{
	memset(p, 0, sizeof(*p));
	tg_buf_init(&p->line, 0);
	p->cur = -1;
	p->state = B_HEADER;
}

void tg_blame_release(struct tg_blame_parser *p)
{
	size_t i;

	for (i = 0; i < p->commits_nr; i++) {
		free(p->commits[i].author);
		free(p->commits[i].email);
	}
	free(p->commits);
	free(p->line_commit);
	tg_hashmap_release(&p->ids);
	tg_buf_release(&p->line);
	memset(p, 0, sizeof(*p));
}

static int bad(struct tg_blame_parser *p, const char *what)
{
	return tg_error_set(TG_ERR_INPUT, "git blame output: byte %lld: %s", p->offset, what);
}

/* A run of 1-10 digits at *s, which then points past it. */
static int number(const char **s, const char *end)
{
	const char *d = *s;

	while (*s < end && **s >= '0' && **s <= '9')
		(*s)++;
	return *s > d && *s - d <= 10;
}

/* "<id> <orig line> <final line>[ <lines in group>]", the id 40 or 64 hex digits. */
static int header(struct tg_blame_parser *p, const char *s, size_t n)
{
	const char *end = s + n, *q = s;
	struct tg_hashmap_entry *e;
	size_t id;
	int added, fields = 0;

	while (q < end && ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f')))
		q++;
	id = (size_t)(q - s);
	if (id != 40 && id != 64)
		return bad(p, "expected '<commit> <line> <line>'");
	while (q < end && fields < 3 && *q == ' ') {
		q++;
		if (!number(&q, end))
			return bad(p, "expected a line number");
		fields++;
	}
	if (q != end || fields < 2)
		return bad(p, "expected '<commit> <line> <line>'");
	e = tg_hashmap_put(&p->ids, s, id, &added);
	if (added) {
		struct tg_blame_commit *c;

		TG_ALLOC_GROW(p->commits, p->commits_nr + 1, p->commits_alloc);
		c = &p->commits[p->commits_nr];
		memset(c, 0, sizeof(*c));
		e->val.u64 = p->commits_nr++;
	}
	p->cur = (long)e->val.u64;
	p->state = B_META;
	return TG_OK;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = tg_malloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* "key value" lines of an entry: only the author's are kept, the first time. */
static void meta(struct tg_blame_parser *p, const char *s, size_t n)
{
	struct tg_blame_commit *c = &p->commits[p->cur];

	if (n > 7 && !memcmp(s, "author ", 7) && !c->author) {
		c->author = dup_n(s + 7, n - 7);
	} else if (n > 12 && !memcmp(s, "author-mail ", 12) && !c->email) {
		s += 12, n -= 12;
		if (n >= 2 && s[0] == '<' && s[n - 1] == '>')
			s++, n -= 2;
		c->email = dup_n(s, n);
	} else if (n > 12 && !memcmp(s, "author-time ", 12)) {
		char *t = dup_n(s + 12, n - 12);

		c->time = strtoll(t, NULL, 10);
		free(t);
	} else if (n > 8 && !memcmp(s, "summary ", 8)) {
		char *t = dup_n(s + 8, n - 8);

		c->fix = tg_history_fix_subject(t);
		free(t);
	}
}

static int line(struct tg_blame_parser *p, const char *s, size_t n)
{
	if (p->state == B_HEADER)
		return header(p, s, n);
	if (n && s[0] == '\t') {
		if (p->want_lines) {
			TG_ALLOC_GROW(p->line_commit, (size_t)p->lines + 1, p->line_commit_alloc);
			p->line_commit[p->lines] = p->cur;
		}
		p->commits[p->cur].lines++;
		p->lines++;
		p->state = B_HEADER;
		return TG_OK;
	}
	if (!n || memchr(s, ' ', n) == NULL) {
		/* "boundary" is the one key without a value */
		if (n == 8 && !memcmp(s, "boundary", 8)) {
			p->commits[p->cur].boundary = 1;
			return TG_OK;
		}
		return bad(p, "expected 'key value' or a content line");
	}
	meta(p, s, n);
	return TG_OK;
}

int tg_blame_feed(struct tg_blame_parser *p, const char *buf, size_t len)
{
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;
		int rc;

		if (!nl) {
			tg_buf_add(&p->line, buf, n);
			return TG_OK;
		}
		if (p->line.len) {
			tg_buf_add(&p->line, buf, n);
			rc = line(p, p->line.buf, p->line.len);
			p->offset += (long long)p->line.len + 1;
			tg_buf_reset(&p->line);
		} else {
			rc = line(p, buf, n);
			p->offset += (long long)n + 1;
		}
		if (rc)
			return rc;
		buf += n + 1;
		len -= n + 1;
	}
	return TG_OK;
}

int tg_blame_finish(struct tg_blame_parser *p)
{
	int rc;

	if (p->line.len) {
		/* A last line without its newline. */
		rc = line(p, p->line.buf, p->line.len);
		tg_buf_reset(&p->line);
		if (rc)
			return rc;
	}
	if (p->state != B_HEADER)
		return bad(p, "the output ended inside an entry");
	return TG_OK;
}

static int feed_blame(void *p, const char *buf, size_t len)
{
	return tg_blame_feed(p, buf, len);
}

static int run_once(const char *root, const char *rev, const char *path, const char *ignore,
                    const char *opt, struct tg_blame_parser *p)
{
	const char *argv[14];
	int n = 0, rc;

	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = root;
	argv[n++] = "-c";
	argv[n++] = "core.quotepath=off";
	argv[n++] = "blame";
	argv[n++] = "--porcelain";
	if (opt && !strncmp(opt, "--since=", 8))
		argv[n++] = "--root"; /* a root commit in the window counts; only older ones are
		                         boundaries */
	if (opt)
		argv[n++] = opt;
	if (ignore)
		argv[n++] = ignore;
	argv[n++] = rev;
	argv[n++] = "--";
	argv[n++] = path;
	argv[n] = NULL;
	rc = tg_proc_git_stream(root, argv, "git blame", feed_blame, p);
	return rc == TG_OK ? tg_blame_finish(p) : rc;
}

static int run_opt(const char *root, const char *rev, const char *path, const char *copies,
                   struct tg_blame_parser *p)
{
	struct tg_buf opt = TG_BUF_INIT;
	int rc;

	/* A regular file beneath the root only: never a link out of the tree. */
	if (tg_beneath_regular(root, ".git-blame-ignore-revs") == TG_OK) {
		tg_buf_addf(&opt, "--ignore-revs-file=%s/.git-blame-ignore-revs", root);
		rc = run_once(root, rev, path, opt.buf, copies, p);
		tg_buf_release(&opt);
		if (rc == TG_OK)
			return rc;
		/* git refuses an ignore file naming what it cannot read: blame without it. */
		tg_error_clear();
		tg_blame_release(p);
		tg_blame_init(p);
	} else {
		tg_error_clear();
	}
	return run_once(root, rev, path, NULL, copies, p);
}

int tg_blame_run(const char *root, const char *rev, const char *path, int copies,
                 struct tg_blame_parser *p)
{
	return run_opt(root, rev, path, copies ? "-C" : NULL, p);
}

int tg_blame_run_since(const char *root, const char *rev, const char *path, int64_t since,
                       struct tg_blame_parser *p)
{
	char opt[40];

	snprintf(opt, sizeof(opt), "--since=%lld", (long long)since);
	return run_opt(root, rev, path, opt, p);
}

/* The authors of a parse, by name as the history names them; bots apart. */
static void blame_authors(const struct tg_history *h, const struct tg_blame_parser *p,
                          struct tg_history_blame *out)
{
	struct tg_buf name = TG_BUF_INIT;
	size_t alloc = 0, i, j;

	for (i = 0; i < p->commits_nr; i++) {
		const struct tg_blame_commit *c = &p->commits[i];
		const char *email = c->email ? c->email : "";
		const struct hauthor *known;
		struct tg_history_blame_author *a;

		tg_buf_reset(&name);
		model_author_name(c->author ? c->author : "", &name);
		known = model_author_find(h, name.buf);
		if (known ? known->bot : model_is_bot(h, name.buf, email)) {
			out->bot_lines += c->lines;
			continue;
		}
		for (j = 0; j < out->nr && strcmp(out->authors[j].author, name.buf); j++)
			;
		if (j == out->nr) {
			TG_ALLOC_GROW(out->authors, out->nr + 1, alloc);
			a = &out->authors[out->nr++];
			memset(a, 0, sizeof(*a));
			a->author = tg_strdup(name.buf);
			a->last_time = known ? known->last_time : INT64_MIN;
		}
		a = &out->authors[j];
		a->lines += c->lines;
		if (!known && c->time > a->last_time)
			a->last_time = c->time;
		out->lines += c->lines;
	}
	tg_buf_release(&name);
}

static int cmp_author(const void *x, const void *y)
{
	const struct tg_history_blame_author *a = x, *b = y;

	if (a->lines != b->lines)
		return a->lines > b->lines ? -1 : 1;
	return strcmp(a->author, b->author);
}

int tg_history_blame(const struct tg_history *h, const char *path, int copies,
                     struct tg_history_blame *out)
{
	struct tg_blame_parser p;
	int rc;

	memset(out, 0, sizeof(*out));
	tg_blame_init(&p);
	/* The commit the history was read to, which HEAD was when it was. */
	rc = tg_blame_run(h->root, h->head[0] ? h->head : "HEAD", path, copies, &p);
	if (rc == TG_OK)
		history_blame_summarise(h, &p, out);
	else
		tg_error_prefix(rc, "%s", path);
	tg_blame_release(&p);
	return rc;
}

void history_blame_summarise(const struct tg_history *h, const struct tg_blame_parser *p,
                             struct tg_history_blame *out)
{
	int64_t before = model_inactive_before(h);
	size_t i;

	memset(out, 0, sizeof(*out));
	blame_authors(h, p, out);
	if (out->nr > 1)
		qsort(out->authors, out->nr, sizeof(*out->authors), cmp_author);
	for (i = 0; i < out->nr; i++) {
		out->authors[i].share =
		        out->lines ? (double)out->authors[i].lines / (double)out->lines : 0;
		out->authors[i].inactive = out->authors[i].last_time < before;
	}
}

void tg_history_blame_release(struct tg_history_blame *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++)
		free(b->authors[i].author);
	free(b->authors);
	memset(b, 0, sizeof(*b));
}
