#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testlib.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* The name every directory of tl_tmpdir has: tl_rmtree removes no other. */
#define TMP_NAME "tg-test-"

char *tl_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX], *real;

	if (!base || !*base)
		base = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/" TMP_NAME "XXXXXX", base);
	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp %s: %s", tmpl, strerror(errno));
	real = realpath(tmpl, NULL);
	if (!real)
		fail_msg("realpath %s: %s", tmpl, strerror(errno));
	return real;
}

static void run(const char *cmd)
{
	int st = system(cmd);

	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st))
		fail_msg("`%s` failed (status %d)", cmd, st);
}

void tl_rmtree(char *dir)
{
	char *cmd;

	if (!dir)
		return;
	if (!strstr(dir, "/" TMP_NAME) || strchr(dir, '\''))
		fail_msg("tl_rmtree: %s is not a directory of tl_tmpdir", dir);
	/* a test may leave a directory unreadable: make it removable first */
	if (asprintf(&cmd, "chmod -R u+rwx '%s' && rm -rf '%s'", dir, dir) < 0)
		fail_msg("out of memory");
	run(cmd);
	free(cmd);
	free(dir);
}

/* Makes the directories path names before its last '/' (and path itself when dir_too). */
static void make_dirs(const char *path, int dir_too)
{
	char *p = strdup(path);

	if (!p)
		fail_msg("out of memory");
	for (char *s = strchr(p + 1, '/');; s = strchr(s + 1, '/')) {
		if (s)
			*s = '\0';
		else if (!dir_too)
			break;
		if (mkdir(p, 0777) && errno != EEXIST)
			fail_msg("mkdir %s: %s", p, strerror(errno));
		if (!s)
			break;
		*s = '/';
	}
	free(p);
}

void tl_write(const char *dir, const char *rel, const char *text)
{
	char *path;
	FILE *f;

	if (asprintf(&path, "%s/%s", dir, rel) < 0)
		fail_msg("out of memory");
	make_dirs(path, 0);
	f = fopen(path, "w");
	if (!f)
		fail_msg("open %s: %s", path, strerror(errno));
	if (fputs(text, f) == EOF || fclose(f))
		fail_msg("write %s: %s", path, strerror(errno));
	free(path);
}

void tl_git_env(void)
{
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_AUTHOR_NAME", "Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.com", 1);
}

void tl_sh(const char *dir, const char *fmt, ...)
{
	char *script, *cmd;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&script, fmt, ap) < 0)
		fail_msg("out of memory");
	va_end(ap);
	if (asprintf(&cmd, "set -e; cd '%s'; %s", dir, script) < 0)
		fail_msg("out of memory");
	tl_git_env();
	run(cmd);
	free(cmd);
	free(script);
}

void tl_git_repo(const char *dir)
{
	make_dirs(dir, 1);
	tl_sh(dir, "git init -q -b main && git add -A && "
	           "GIT_AUTHOR_DATE=2024-01-01T12:00:00Z GIT_COMMITTER_DATE=2024-01-01T12:00:00Z "
	           "git commit -q --allow-empty -m init");
}
