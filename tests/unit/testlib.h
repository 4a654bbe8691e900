#ifndef TG_TESTLIB_H
#define TG_TESTLIB_H

/*
 * What the unit tests share: temporary directories and the git repositories
 * made in them. Every function asserts (cmocka) instead of returning an
 * error, so a test reads as the steps it takes. Compiled into every unit test
 * by tests/CMakeLists.txt.
 */

/* A new empty directory under $TMPDIR (or /tmp), its real path (symbolic
 * links resolved) malloc'd: hand it to tl_rmtree when done. */
char *tl_tmpdir(void);

/* Removes the tree at dir, made by tl_tmpdir, whatever its modes, and frees
 * dir. Refuses a path tl_tmpdir did not make. */
void tl_rmtree(char *dir);

/* Writes text to dir/rel, making the directories rel names. */
void tl_write(const char *dir, const char *rel, const char *text);

/* Runs a shell script (printf-style) in dir under `set -e`, with the git
 * environment of tl_git_env; it must exit 0. */
void tl_sh(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A git repository at dir (made if missing) on branch main, with one commit
 * of whatever dir holds, by Test <test@example.com> on 2024-01-01. */
void tl_git_repo(const char *dir);

/* This process's environment made fit for git in tests, and inherited by
 * what it starts: no system or global configuration, a fixed identity. */
void tl_git_env(void);

#endif
