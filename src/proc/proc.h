#ifndef TG_PROC_H
#define TG_PROC_H

#include <stddef.h>
#include <sys/types.h>

/*
 * The one way terragon starts a child process (git, an analyzer, a gate's
 * command, an executor, tar): describe it in a struct tg_child, then either
 * tg_child_start() / talk to its pipes / tg_child_finish(), or let
 * tg_child_capture() do all three. Children are started with posix_spawn
 * (no copy of our address space, so starting git from a large process stays
 * cheap), with SIGPIPE at its default and no signal blocked.
 *
 *	const char *argv[] = {"git", "rev-parse", "HEAD", NULL};
 *	struct tg_child c;
 *
 *	tg_proc_git(&c, argv);
 *	c.dir = root;
 *	rc = tg_child_capture(&c, NULL, 0, &out, NULL);
 *	if (!rc)
 *		rc = tg_child_check(&c, NULL);
 */

struct tg_buf;

/* Where one of the child's standard streams goes. */
enum tg_child_io {
	TG_CHILD_INHERIT = 0, /* ours */
	TG_CHILD_NULL,        /* /dev/null */
	TG_CHILD_PIPE,        /* a pipe: our end is .fd from start until finish */
	TG_CHILD_FD,          /* .fd, which stays ours: the child gets a copy */
	TG_CHILD_PATH,        /* .path, read; or written, truncated unless .append */
};

struct tg_child_stream {
	enum tg_child_io how;
	int fd;
	const char *path; /* relative to our directory, not the child's */
	int append;
};

struct tg_child {
	const char *const *argv; /* argv[0] is looked up on PATH unless it has a '/' */
	const char *name;        /* in messages; NULL: argv[0] */
	const char *dir;         /* where it runs; NULL: our directory */
	/*
	 * Its environment: ours (or none with env_clear), then each entry of
	 * env (NULL-terminated): NAME=VALUE sets NAME, a bare NAME unsets it.
	 */
	int env_clear;
	const char *const *env;
	struct tg_child_stream in, out, err;
	int err_to_out; /* stderr goes wherever stdout goes; .err is not used */
	/*
	 * Its own process group, and everything still in it is killed when it
	 * ends: a gate's test runner must not leave its servers behind.
	 */
	int own_group;
	/* Killed (its group with it when own_group) this long after start; 0: never. */
	unsigned timeout_ms;

	/* Set by start and finish. */
	pid_t pid;
	int start_errno; /* why start failed */
	int exit_code;   /* its exit status; -1 when a signal ended it */
	int signal;      /* the signal that ended it, else 0 */
	int timed_out;   /* it overran timeout_ms and was killed */

	/* private */
	double deadline;
	int pidfd;
	const char *bad_path; /* the stream's file that could not be opened */
};

/* c set to run argv with everything inherited, in no group of its own, without timeout. */
void tg_child_init(struct tg_child *c, const char *const *argv);

/*
 * Starts the child. TG_ERR_RUN (and c->start_errno) when it could not be
 * started: no such program, no such directory, a file that cannot be opened.
 * Nothing is left to finish then.
 */
int tg_child_start(struct tg_child *c);

/*
 * Closes our ends of its pipes still open (set .fd to -1 for one you closed
 * yourself), waits for it to end, killing it when it overruns its timeout,
 * and sets exit_code, signal and timed_out. TG_OK when it was waited for,
 * whatever its exit; TG_ERR_RUN when waiting failed.
 */
int tg_child_finish(struct tg_child *c);

/* Starts the child and finishes it: for a child whose streams need nothing from us. */
int tg_child_run(struct tg_child *c);

/*
 * Starts the child, writes in_len bytes of in to its stdin, collects its
 * stdout into out and its stderr into err, all at once (neither side can
 * block the other) until the streams end or the timeout kills it; then
 * finishes it. A NULL in, out or err leaves that stream as c says (so stdin
 * may be a file while stdout is captured). A child that stops reading its
 * input is not an error: the rest of the input is dropped.
 */
int tg_child_capture(struct tg_child *c, const char *in, size_t in_len, struct tg_buf *out,
                     struct tg_buf *err);

/*
 * After start, with stdout a pipe: hands each block of the child's stdout to
 * feed until the stream ends. After feed fails, the rest is read and dropped,
 * so the child is not killed by SIGPIPE mid-write; the first failure is
 * returned. `what` names the output in a read error ("git log").
 */
int tg_child_stream_out(struct tg_child *c, int (*feed)(void *arg, const char *buf, size_t len),
                        void *arg, const char *what);

/*
 * After finish: TG_OK when it exited 0, otherwise TG_ERR_RUN with
 * "NAME failed: " and detail (NULL: how it ended: its exit status, its
 * signal, or its timeout).
 */
int tg_child_check(const struct tg_child *c, const char *detail);

/* After finish, as a shell reports it: the exit status, 128 + the signal, or -1 when it timed out.
 */
int tg_child_code(const struct tg_child *c);

/*
 * c set to run git (argv[0] "git") in the environment every git process of
 * terragon gets: ours with git's memory tuned for its many small diffs and
 * bounded on large histories (proc/git_env.c says how); where the user sets
 * one of those variables, the user's value wins.
 */
void tg_proc_git(struct tg_child *c, const char *const *argv);

/*
 * c set to run git as a reader of repo (the directory it runs in, or its
 * -C): for every git process that only reads (history, hotspots, the
 * history-secrets scan, --baseline's export, and all of execute's git in a
 * dry run), whose repository content is not to be trusted. The environment
 * is tg_proc_git's, and git runs no other program: no hooks
 * (core.hooksPath=/dev/null), no fsmonitor, no clean, smudge or process
 * filter of any configured driver (a .gitattributes in the tree may name
 * them), no external diff, no signing or signature check, no ssh, no
 * credential prompt, no network (only a local repository as a remote), no
 * submodule recursion, no automatic gc. A diff run this way must also pass
 * --no-ext-diff --no-textconv: git has no setting that turns diff drivers
 * off. The first call for a repo lists its configured drivers (one git
 * process); the environment is kept for the life of the process.
 */
void tg_proc_git_reader(struct tg_child *c, const char *const *argv, const char *repo);
/* That environment's entries, as tg_child.env takes them (NULL-terminated; kept). */
const char *const *tg_proc_git_reader_env(const char *repo);

/*
 * Running a configured shell command (an analyzer, a gate's command) in its
 * own process group, so a command that overruns is killed with everything
 * it started.
 */

/*
 * Runs git as a reader of repo (tg_proc_git_reader) with argv, stdin empty,
 * and hands its stdout to feed as it comes (tg_child_stream_out). A git that
 * fails is TG_ERR_RUN "NAME failed: " and its first line on stderr; a failure
 * of feed is returned as it is.
 */
int tg_proc_git_stream(const char *repo, const char *const *argv, const char *name,
                       int (*feed)(void *arg, const char *buf, size_t len), void *arg);

/*
 * Runs `sh -c cmd` in dir with stdout and stderr to log_path (truncated).
 * Returns its exit status (128 + signal when killed by one), -1 when it
 * overran timeout_s (0: 600 s) and was killed, -2 when it could not be
 * started (errno tells why).
 */
int tg_proc_run(const char *dir, const char *cmd, int timeout_s, const char *log_path);

/*
 * The same with data on the command's standard input (an executor reads the
 * item there), its output appended to log_path (NULL: /dev/null) and a status
 * apart from the exit code: *exit_code is the exit status, 128 + the signal
 * for a killed command, or -1 when it timed out (its whole process group was
 * killed). Returns TG_OK, or TG_ERR_RUN when it could not be started.
 */
int tg_proc_run_input(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                      const char *stdin_data, size_t stdin_len, int *exit_code);

/* The same with argv run directly (argv[0] looked up on PATH); cmd names it in messages. */
int tg_proc_run_argv(const char *dir, const char *const *argv, const char *cmd, int timeout_s,
                     const char *log_path, const char *stdin_data, size_t stdin_len,
                     int *exit_code);

/*
 * Where a sandboxed command may write: the whole filesystem is read-only
 * (so it still sees every tool and script) but for `writable` (NULL-
 * terminated, bound read-write) and tmpdir (writable, its TMPDIR; NULL: none).
 */
struct tg_sandbox {
	const char *const *writable;
	const char *tmpdir;
};

/*
 * Whether commands can run inside bubblewrap here: bwrap is on PATH, it can
 * make its namespaces (a container may forbid them; tried once per process)
 * and TERRAGON_NO_SANDBOX is not set. When not, *why (may be NULL) says why.
 */
int tg_proc_sandbox_available(const char **why);

/*
 * tg_proc_run_input inside bubblewrap when it is available (every namespace
 * unshared but the network, killed when we die); *sandboxed tells whether it
 * was. When it is not available the command runs as tg_proc_run_input does.
 */
int tg_proc_run_sandboxed(const char *dir, const char *cmd, int timeout_s, const char *log_path,
                          const char *stdin_data, size_t stdin_len, const struct tg_sandbox *sb,
                          int *exit_code, int *sandboxed);

#endif
