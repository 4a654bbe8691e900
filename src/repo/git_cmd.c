/*
 * The git command line, for what must behave as the user's git does: every
 * write (hooks, credential helpers, signing, LFS), and reads whose answer
 * depends on the user's git configuration (url.*.insteadOf); or, as a
 * reader, for what must run nothing but git (execute's dry run).
 */
#include "repo/repo.h"

#include "proc/proc.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ARGS = 32 };

static int run_git(enum tg_git_role role, const char *dir, struct tg_buf *out, struct tg_buf *err,
                   va_list ap)
{
	const char *argv[MAX_ARGS + 4];
	struct tg_child c;
	size_t n = 0;
	const char *a;

	/* No optional locks: our reads must not refresh the user's index. */
	argv[n++] = "git";
	argv[n++] = "--no-optional-locks";
	while ((a = va_arg(ap, const char *)) && n < MAX_ARGS)
		argv[n++] = a;
	argv[n] = NULL;
	if (role == TG_GIT_READER)
		tg_proc_git_reader(&c, argv, dir);
	else
		tg_proc_git(&c, argv);
	c.dir = dir;
	c.in.how = TG_CHILD_NULL;
	c.out.how = TG_CHILD_NULL;
	c.err.how = TG_CHILD_NULL;
	if (tg_child_capture(&c, NULL, 0, out, err))
		return -1;
	return tg_child_code(&c);
}

int tg_repo_git(const char *dir, struct tg_buf *out, struct tg_buf *err, ...)
{
	va_list ap;
	int rc;

	va_start(ap, err);
	rc = run_git(TG_GIT_USER, dir, out, err, ap);
	va_end(ap);
	return rc;
}

int tg_repo_git_as(enum tg_git_role role, const char *dir, struct tg_buf *out, struct tg_buf *err,
                   ...)
{
	va_list ap;
	int rc;

	va_start(ap, err);
	rc = run_git(role, dir, out, err, ap);
	va_end(ap);
	return rc;
}

int tg_repo_remote_url(const char *root, const char *name, char **url)
{
	struct tg_buf out = TG_BUF_INIT;

	*url = NULL;
	if (tg_repo_git(root, &out, NULL, "remote", "get-url", name, NULL) || !out.len) {
		tg_buf_release(&out);
		return tg_error_set(TG_ERR_NOTFOUND, "%s: no remote %s", root, name);
	}
	tg_buf_trim(&out);
	*url = tg_buf_detach(&out, NULL);
	return TG_OK;
}
