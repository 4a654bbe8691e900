/*
 * Bubblewrap around a command we do not trust to stay in its directory (an
 * executor: a coding agent, a script). The filesystem is read-only but for
 * the directories named writable and a private TMPDIR, and every namespace
 * is unshared but the network (a coding agent calls its model's API). A
 * write elsewhere fails loudly (EROFS) rather than vanishing. bwrap may
 * be installed yet unable to run (a container without user namespaces):
 * that is found out once, and the command then runs as it would without.
 */
#include "proc/proc.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_ARGV = 96 };

static int on_path(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	struct tg_buf b = TG_BUF_INIT;
	int found = 0;

	for (p = path ? path : "/usr/bin:/bin"; !found && *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		tg_buf_reset(&b);
		tg_buf_addf(&b, "%.*s/%s", (int)(end - p), p, name);
		found = access(b.buf, X_OK) == 0;
	}
	tg_buf_release(&b);
	return found;
}

/* The bwrap arguments up to (not including) the command; returns how many. */
static size_t bwrap_args(const char **argv, const char *dir, const struct tg_sandbox *sb)
{
	static const char *const head[] = {
	        "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
	};
	size_t n = 0, i;

	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		argv[n++] = head[i];
	/* Later mounts go over earlier ones: what may be written comes last. */
	for (i = 0; sb && sb->writable && sb->writable[i] && n < MAX_ARGV - 24; i++)
		argv[n++] = "--bind", argv[n++] = sb->writable[i], argv[n++] = sb->writable[i];
	if (sb && sb->tmpdir) {
		argv[n++] = "--bind", argv[n++] = sb->tmpdir, argv[n++] = sb->tmpdir;
		argv[n++] = "--setenv", argv[n++] = "TMPDIR", argv[n++] = sb->tmpdir;
	}
	argv[n++] = "--unshare-all";
	argv[n++] = "--share-net";
	/* Its own session: no terminal to push input into (TIOCSTI). Killing bwrap
	 * still ends everything: the namespace's first process dies with it. */
	argv[n++] = "--new-session";
	argv[n++] = "--die-with-parent";
	if (dir)
		argv[n++] = "--chdir", argv[n++] = dir;
	argv[n++] = "--";
	return n;
}

/* Runs the probe `bwrap ... true`; the first line of its output is why it failed. */
static int probe(struct tg_buf *why)
{
	const char *argv[MAX_ARGV];
	struct tg_buf out = TG_BUF_INIT;
	struct tg_child c;
	size_t n = bwrap_args(argv, NULL, NULL);
	int rc;

	argv[n++] = "true";
	argv[n] = NULL;
	tg_child_init(&c, argv);
	c.dir = "/";
	c.own_group = 1;
	c.timeout_ms = 10000;
	c.in.how = TG_CHILD_NULL;
	c.err_to_out = 1;
	rc = tg_child_capture(&c, NULL, 0, &out, NULL);
	if (!rc && tg_child_code(&c) == 0) {
		tg_buf_release(&out);
		return 1;
	}
	tg_buf_setlen(&out, strcspn(out.buf, "\n"));
	tg_buf_addf(why, "bwrap cannot run here (%s)",
	            out.len                   ? out.buf
	            : c.start_errno == ENOENT ? "not found"
	                                      : "it failed");
	tg_error_clear();
	tg_buf_release(&out);
	return 0;
}

int tg_proc_sandbox_available(const char **why)
{
	static int known, available;
	static struct tg_buf reason = TG_BUF_INIT;
	const char *off = getenv("TERRAGON_NO_SANDBOX");

	if (off && *off && strcmp(off, "0")) {
		if (why)
			*why = "TERRAGON_NO_SANDBOX is set";
		return 0;
	}
	if (!known) {
		known = 1;
		if (!on_path("bwrap"))
			tg_buf_adds(&reason, "bubblewrap (bwrap) is not installed");
		else
			available = probe(&reason);
		tg_debug("sandbox: %s", available ? "bubblewrap" : reason.buf);
	}
	if (why)
		*why = reason.buf;
	return available;
}

int tg_proc_run_sandboxed(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                          const char *stdin_data, size_t stdin_len, const struct tg_sandbox *sb,
                          int *exit_code, int *sandboxed)
{
	const char *argv[MAX_ARGV];
	size_t n;

	*sandboxed = tg_proc_sandbox_available(NULL);
	if (!*sandboxed)
		return tg_proc_run_input(dir, cmd, timeout_s, log_path, stdin_data, stdin_len,
		                         exit_code);
	n = bwrap_args(argv, dir, sb);
	argv[n++] = "/bin/sh";
	argv[n++] = "-c";
	argv[n++] = cmd;
	argv[n] = NULL;
	return tg_proc_run_argv(dir, argv, cmd, timeout_s, log_path, stdin_data, stdin_len,
	                        exit_code);
}
