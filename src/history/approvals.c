/*
 * Reading the changes of a range from `git log` (history/approvals.h). One
 * git process for the first-parent line, with the files each change touched
 * against its first parent; one more per merge, for the merged head's author
 * and trailers. Author names and messages are repository content: a field
 * with the separators in it only makes that record unreadable, and it is
 * skipped.
 */
#include "history/approvals.h"

#include "proc/proc.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

#define TRAILERS "%(trailers:key=Reviewed-by,key=Approved-by,valueonly,separator=%x1d)"

static int collect(void *arg, const char *buf, size_t len)
{
	tg_buf_add(arg, buf, len);
	return 0;
}

/* Splits s[0..n) at sep into parts (at most max); returns how many. */
static size_t split(const char *s, size_t n, char sep, const char **parts, size_t *lens, size_t max)
{
	size_t k = 0;
	const char *end = s + n;

	while (k < max) {
		const char *p = memchr(s, sep, (size_t)(end - s));
		parts[k] = s;
		lens[k] = p ? (size_t)(p - s) : (size_t)(end - s);
		k++;
		if (!p)
			break;
		s = p + 1;
	}
	return k;
}

static void add_trailers(struct tg_strlist *l, const char *s, size_t n)
{
	const char *parts[64];
	size_t lens[64], k = split(s, n, '\x1d', parts, lens, 64);

	for (size_t i = 0; i < k; i++) {
		while (lens[i] && (parts[i][lens[i] - 1] == '\n' || parts[i][lens[i] - 1] == ' '))
			lens[i]--;
		if (lens[i])
			tg_strlist_addn(l, parts[i], lens[i]);
	}
}

/* The NUL-separated names after the record's fields (the first after a newline). */
static void add_files(struct tg_strlist *l, const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		const char *z = memchr(s, '\0', (size_t)(end - s));
		size_t len = z ? (size_t)(z - s) : (size_t)(end - s);
		const char *name = s;
		while (len && *name == '\n')
			name++, len--;
		if (len)
			tg_strlist_addn(l, name, len);
		s += (z ? (size_t)(z - s) + 1 : (size_t)(end - s));
	}
}

/* The merged head's author and trailers: the change's author is whoever wrote it. */
static int read_head(const char *root, struct tg_change *c, const char *head)
{
	struct tg_buf out = TG_BUF_INIT;
	const char *argv[] = {"git", "-C", root, "show", "-s", "--format=%an%x1f%ae%x1f" TRAILERS,
	                      head,  "--", NULL};
	const char *parts[3];
	size_t lens[3];
	int rc = tg_proc_git_stream(root, argv, "git show", collect, &out);

	if (!rc && split(out.buf, out.len, '\x1f', parts, lens, 3) == 3) {
		free(c->author), free(c->author_email);
		c->author = tg_strndup(parts[0], lens[0]);
		c->author_email = tg_strndup(parts[1], lens[1]);
		add_trailers(&c->approvers, parts[2], lens[2]);
	}
	tg_buf_release(&out);
	return rc;
}

/* One record: sha, parents, author, email, committer, email, time, subject, trailers, files. */
static int parse_record(const char *root, const char *s, size_t n, struct tg_changes *out)
{
	const char *f[10];
	size_t l[10], k = split(s, n, '\x1f', f, l, 10);
	struct tg_change *c;
	const char *second;

	if (k != 10 || l[0] != 40)
		return tg_warn("git log: a change's record is unreadable; skipped"), 0;
	TG_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	c = memset(&out->v[out->nr++], 0, sizeof(*c));
	memcpy(c->sha, f[0], 40);
	c->author = tg_strndup(f[2], l[2]);
	c->author_email = tg_strndup(f[3], l[3]);
	c->committer = tg_strndup(f[4], l[4]);
	c->committer_email = tg_strndup(f[5], l[5]);
	c->at = (time_t)strtoll(f[6], NULL, 10);
	c->subject = tg_strndup(f[7], l[7]);
	add_trailers(&c->approvers, f[8], l[8]);
	add_files(&c->files, f[9], l[9]);
	second = memchr(f[1], ' ', l[1]);
	if (second && (size_t)(second - f[1]) == 40 && l[1] >= 81) {
		char head[41];
		memcpy(head, second + 1, 40);
		head[40] = 0;
		c->merge = 1;
		return read_head(root, c, head);
	}
	return 0;
}

int tg_changes_read(const char *root, const char *range, struct tg_changes *out)
{
	struct tg_buf log = TG_BUF_INIT;
	const char *argv[] = {
	        "git",
	        "-C",
	        root,
	        "log",
	        "--first-parent",
	        "--no-renames",
	        "--diff-merges=first-parent",
	        "--name-only",
	        "-z",
	        "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%cn%x1f%ce%x1f%ct%x1f%s%x1f" TRAILERS
	        "%x1f",
	        range,
	        "--",
	        NULL};
	const char *p, *end;
	int rc;

	memset(out, 0, sizeof(*out));
	if (range[0] == '-')
		return tg_error_set(TG_ERR_USAGE, "%s: a range may not start with '-'", range);
	rc = tg_proc_git_stream(root, argv, "git log", collect, &log);
	p = log.buf, end = log.buf + log.len;
	while (!rc && p < end) {
		const char *next;
		if (*p != '\x1e') {
			p++;
			continue;
		}
		p++;
		next = memchr(p, '\x1e', (size_t)(end - p));
		if (!next)
			next = end;
		rc = parse_record(root, p, (size_t)(next - p), out);
		p = next;
	}
	tg_buf_release(&log);
	return rc;
}

void tg_changes_release(struct tg_changes *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		struct tg_change *x = &c->v[i];
		free(x->author), free(x->author_email), free(x->committer),
		        free(x->committer_email);
		free(x->subject);
		tg_strlist_clear(&x->approvers), tg_strlist_clear(&x->files);
		tg_strlist_clear(&x->regulated), tg_strlist_clear(&x->violations);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}
