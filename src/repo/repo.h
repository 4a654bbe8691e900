#ifndef TG_REPO_H
#define TG_REPO_H

/*
 * Reads of the git repository through libgit2: where its root is, whether
 * the clone is shallow, what HEAD is. Writes to a repository go through the
 * git command line, never through here (docs/ARCHITECTURE.md, "execute").
 */

/*
 * The working tree's root (absolute, no trailing slash; the caller frees it)
 * of the repository holding path, searching upwards as git does.
 * TG_ERR_NOTFOUND when path is in no git repository (or does not exist),
 * TG_ERR_INPUT for a bare repository, TG_ERR_RUN when libgit2 fails.
 */
/* Opens libgit2 (on first use; *soname: which); a status saying why it cannot. */
int tg_repo_library(const char **soname);

int tg_repo_find_root(const char *path, char **root_out);

/* *shallow = 1 when the repository at root is a shallow clone. */
int tg_repo_is_shallow(const char *root, int *shallow);

/*
 * HEAD: *branch is its branch's short name (NULL when detached) and oid its
 * commit in hex; the caller frees *branch. TG_ERR_NOTFOUND when HEAD is
 * unborn (a repository without commits).
 */
int tg_repo_head(const char *root, char **branch, char oid[41]);

struct tg_buf;
/*
 * Runs git --no-optional-locks with the NULL-terminated arguments in dir;
 * stdout goes to out and stderr to err (either may be NULL). Returns git's
 * exit status, or -1 when it could not be run.
 */
int tg_repo_git(const char *dir, struct tg_buf *out, struct tg_buf *err, ...)
        __attribute__((sentinel));

/*
 * Whom a git process acts for: the user (their hooks, filters, signing and
 * remotes, as their git configuration says: a real execute run), or a reader
 * that runs no program but git (tg_proc_git_reader: a dry run).
 */
enum tg_git_role { TG_GIT_USER, TG_GIT_READER };
/* tg_repo_git in that role. */
int tg_repo_git_as(enum tg_git_role role, const char *dir, struct tg_buf *out, struct tg_buf *err,
                   ...) __attribute__((sentinel));

/* The URL of the remote called name, as git resolves it (insteadOf applied;
 * the caller frees it). TG_ERR_NOTFOUND when there is no such remote. */
int tg_repo_remote_url(const char *root, const char *name, char **url);

#endif
