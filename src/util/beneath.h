#ifndef TG_BENEATH_H
#define TG_BENEATH_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct tg_buf;

/*
 * The one rule for paths that come from repository content (imported fix
 * targets, fixer writes, .terragon/ and its files, configuration and packs
 * found in the tree): they are resolved beneath a root directory (the
 * repository or worktree root) and no symbolic link is followed on the way,
 * whether it points in or out. ".." and absolute paths are refused before
 * anything is opened. The root itself is the user's choice and may be reached
 * through symbolic links.
 *
 * Linux's openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) does the work where
 * the kernel has it; elsewhere (before 5.6, or a seccomp filter that refuses
 * it) a walk of openat(O_NOFOLLOW) one component at a time does the same.
 *
 * Every call returns a tg_status and leaves a message naming the path and why:
 * "refusing symbolic link", "not a regular file", "escapes the repository".
 * A refusal (a link, "..", not a regular file) is TG_ERR_INPUT; a path that
 * does not exist is TG_ERR_NOTFOUND; what the system refuses (a file where a
 * directory should be, permissions) is TG_ERR_RUN.
 */

/* open(2) of root/path beneath root: flags and mode as open(2) takes them
 * (O_CLOEXEC is added). *fd is the caller's to close. */
int tg_beneath_open(const char *root, const char *path, int flags, mode_t mode, int *fd);

/* Opens root/path for reading, refusing anything but a regular file, and never
 * blocks (a FIFO or a device is refused, not waited on). *st is its fstat. */
int tg_beneath_open_file(const char *root, const char *path, int *fd, struct stat *st);

/* Appends the whole of the regular file root/path to b (tg_beneath_open_file). */
int tg_beneath_read_file(struct tg_buf *b, const char *root, const char *path);

/* Replaces root/path with b's bytes atomically (a temporary beside it, fsync,
 * rename), keeping an existing file's mode. The directory must exist beneath
 * root; an existing symbolic link or non-regular file at path is refused. */
int tg_beneath_write_file(const struct tg_buf *b, const char *root, const char *path);

/* Creates root/path empty, or empties it, with its directories (made beneath
 * root): for a file another program then opens by name, such as a command's
 * log. An existing link, FIFO or directory there is refused. */
int tg_beneath_create(const char *root, const char *path);

/* mkdir -p of root/path: each directory is made or must already be one, not a
 * symbolic link to one. */
int tg_beneath_mkdir(const char *root, const char *path, mode_t mode);

/* lstat of root/path, its directories resolved beneath root: a symbolic link
 * anywhere, the last component included, is refused; a missing path is
 * TG_ERR_NOTFOUND. For files another library opens by name (SQLite). */
int tg_beneath_lstat(const char *root, const char *path, struct stat *st);
/* TG_OK when root/path is a regular file reached beneath root with no
 * symbolic link; else tg_beneath_lstat's error, or TG_ERR_INPUT "not a regular
 * file". For a file another program wrote that terragon reads by name. */
int tg_beneath_regular(const char *root, const char *path);

/* For tests: 1 makes every call take the openat(O_NOFOLLOW) walk, as on a
 * kernel without openat2; 0 goes back to openat2 where the kernel has it. */
void tg_beneath_force_walk(int on);

#endif
