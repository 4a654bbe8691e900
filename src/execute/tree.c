/*
 * The worktrees execute works in. Checking out every file of a repository
 * for each attempt costs a file creation per file (on this project's test VM
 * 2.8 s for 10,000 files on ext4), so the trees are kept for reuse under the
 * repository's common git directory (terragon/tree-N), where the user's
 * `git status` never sees them: each attempt takes a free one (an flock on
 * tree-N.lock), cleans it and checks out its branch, so only the files that
 * differ from the last attempt are written. After the attempt the tree is
 * cleaned and detached at the base again and the branch deleted.
 *
 * Git's list of worktrees is not safe against itself: `git worktree add`
 * makes its entry (<common dir>/worktrees/<id>) and only then writes the
 * `locked` file that keeps `prune` away from it, and `prune` and `remove`
 * end by removing <common dir>/worktrees when it is empty, which an add
 * that has just made it needs. Two executes at once, one pruning while the
 * other added, so failed the add ("could not open .../locked for writing",
 * "could not create directory of .../worktrees/tree-N"). Hence: terragon
 * never runs `git worktree prune`, which would also forget worktrees that
 * are not its own (a user's on a disk not mounted), but removes its own
 * tree's entry by its path (forget); each add and remove it makes runs
 * under an flock on <common dir>/terragon/worktrees.lock, so no two
 * interleave; and an add that fails is tried once more, for a prune run
 * outside terragon (the user's, another tool's), which no lock of ours
 * keeps away.
 */
#include "execute/execute_int.h"

#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Enough for concurrent runs on one machine; more wait for none and step aside. */
#define TREES_MAX 16

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

void exec_remove_dir(const char *path)
{
	if (access(path, F_OK) == 0)
		nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* <common git dir>/terragon, created. */
static int trees_dir(enum tg_git_role git, const char *root, struct tg_buf *out)
{
	struct tg_buf err = TG_BUF_INIT;
	int rc = TG_OK;

	if (tg_repo_git_as(git, root, out, &err, "rev-parse", "--path-format=absolute",
	                   "--git-common-dir", NULL)) {
		tg_buf_trim(&err);
		rc = tg_error_set(TG_ERR_RUN, "%s: no git directory: %s", root, err.buf);
	} else {
		tg_buf_trim(out);
		tg_buf_adds(out, "/terragon");
		if (mkdir(out->buf, 0777) && errno != EEXIST)
			rc = tg_error_set(TG_ERR_RUN, "cannot create %s: %s", out->buf,
			                  strerror(errno));
	}
	tg_buf_release(&err);
	return rc;
}

/* t's path is a worktree of root's repository, and its top level. */
static int is_tree(const struct exec_tree *t)
{
	struct tg_buf out = TG_BUF_INIT;
	struct stat st;
	int ok;

	ok = lstat(t->path.buf, &st) == 0 && S_ISDIR(st.st_mode) &&
	     !tg_repo_git_as(t->git, t->path.buf, &out, NULL, "rev-parse", "--path-format=absolute",
	                     "--show-toplevel", NULL);
	tg_buf_trim(&out);
	ok = ok && !strcmp(out.buf, t->path.buf);
	tg_buf_release(&out);
	return ok;
}

/* Back to a tree with nothing but the checked-out commit in it. */
static int scrub(const struct exec_tree *t, struct tg_buf *err)
{
	return tg_repo_git_as(t->git, t->path.buf, NULL, err, "reset", "-q", "--hard", NULL) ||
	       tg_repo_git_as(t->git, t->path.buf, NULL, err, "clean", "-q", "-ffdx", NULL);
}

/*
 * The .git file's text and what the git directory it names holds of
 * commondir, gitdir, config.worktree; and the role git had when the tree was
 * made, so that a tree checked out without filters (a dry run's) is not
 * taken for one made with them, nor the other way round.
 */
static uint64_t seal_of(const struct exec_tree *t)
{
	const char *tree = t->path.buf;
	static const char *const admin[] = {"commondir", "gitdir", "config.worktree"};
	struct tg_buf dotgit = TG_BUF_INIT, path = TG_BUF_INIT, text = TG_BUF_INIT;
	struct tg_hasher h;
	uint64_t seal;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, t->git == TG_GIT_READER ? "reader" : "user");
	tg_buf_addf(&path, "%s/.git", tree);
	if (tg_buf_read_file(&dotgit, path.buf))
		tg_error_clear();
	tg_hasher_add(&h, dotgit.buf, dotgit.len);
	tg_hasher_adds(&h, "");
	tg_buf_trim(&dotgit);
	for (size_t i = 0; i < sizeof(admin) / sizeof(admin[0]); i++) {
		tg_buf_reset(&path);
		tg_buf_reset(&text);
		if (dotgit.len > 8 && dotgit.buf[8] != '/')
			tg_buf_addf(&path, "%s/", tree);
		tg_buf_addf(&path, "%s/%s", dotgit.len > 8 ? dotgit.buf + 8 : "", admin[i]);
		if (tg_buf_read_file(&text, path.buf)) {
			tg_error_clear();
			tg_hasher_adds(&h, "absent");
		} else {
			tg_hasher_add(&h, text.buf, text.len);
			tg_hasher_adds(&h, "");
		}
	}
	seal = tg_hasher_finish(&h);
	tg_buf_release(&dotgit);
	tg_buf_release(&path);
	tg_buf_release(&text);
	return seal;
}

int exec_tree_intact(struct exec_tree *t)
{
	if (seal_of(t) != t->seal)
		t->tainted = 1;
	return !t->tainted;
}

/*
 * Waits for the lock of the worktree list (see the top of this file), next to
 * the tree at path; returns its descriptor, or -1 (logged) when it cannot be
 * opened: the add or remove then runs unguarded, as it would fail anyway.
 */
static int lock_list(const char *path)
{
	struct tg_buf lock = TG_BUF_INIT;
	const char *slash = strrchr(path, '/');
	int fd;

	tg_buf_addf(&lock, "%.*s/worktrees.lock", slash ? (int)(slash - path) : 1,
	            slash ? path : ".");
	fd = open(lock.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	while (fd >= 0 && flock(fd, LOCK_EX))
		if (errno != EINTR) {
			close(fd);
			fd = -1;
		}
	if (fd < 0)
		tg_debug("execute: cannot lock %s: %s", lock.buf, strerror(errno));
	tg_buf_release(&lock);
	return fd;
}

static void unlock_list(int fd)
{
	if (fd >= 0)
		close(fd);
}

/*
 * Removes the tree at path and its entry in git's list, found by that path
 * alone: no other worktree's entry is touched. The directory goes first, so
 * git reads nothing of a tree whose .git may have been redirected (a missing
 * tree is removed from the list without looking at it); `-f -f` also removes
 * an entry left locked by an add that was killed. The caller holds
 * lock_list.
 */
static void forget(enum tg_git_role git, const char *root, const char *path)
{
	exec_remove_dir(path);
	tg_repo_git_as(git, root, NULL, NULL, "worktree", "remove", "--force", "--force", path,
	               NULL);
}

/* forget() under the lock of the worktree list. */
static void drop_tree(enum tg_git_role git, const char *root, const char *path)
{
	int list = lock_list(path);

	forget(git, root, path);
	unlock_list(list);
}

/* Makes the tree at t->path afresh, detached at base_sha. */
static int make_tree(struct exec_tree *t, const char *root, const char *base_sha)
{
	struct tg_buf err = TG_BUF_INIT;
	int rc = TG_OK, list = lock_list(t->path.buf);

	for (int attempt = 0; attempt < 2; attempt++) {
		/* Missing, broken beyond a reset, or half made by the first attempt. */
		forget(t->git, root, t->path.buf);
		tg_buf_reset(&err);
		/* Parallel checkout (a worker a core): file creation is most of a first run. */
		rc = tg_repo_git_as(t->git, root, NULL, &err, "-c", "checkout.workers=0",
		                    "worktree", "add", "-q", "--detach", t->path.buf, base_sha,
		                    NULL);
		if (!rc)
			break;
		tg_buf_trim(&err);
		tg_debug("execute: cannot create the worktree %s: %s", t->path.buf, err.buf);
	}
	unlock_list(list);
	if (rc)
		rc = tg_error_set(TG_ERR_RUN, "cannot create the worktree %s: %s", t->path.buf,
		                  err.buf);
	tg_buf_release(&err);
	return rc;
}

static int lock_slot(struct exec_tree *t, const struct tg_buf *dir)
{
	struct tg_buf lock = TG_BUF_INIT;

	for (int n = 0; n < TREES_MAX; n++) {
		tg_buf_reset(&lock);
		tg_buf_addf(&lock, "%s/tree-%d.lock", dir->buf, n);
		t->lock = open(lock.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
		if (t->lock < 0)
			break;
		if (!flock(t->lock, LOCK_EX | LOCK_NB)) {
			tg_buf_addf(&t->path, "%s/tree-%d", dir->buf, n);
			tg_buf_release(&lock);
			return TG_OK;
		}
		close(t->lock);
		t->lock = -1;
	}
	tg_error_set(TG_ERR_RUN, "no free worktree under %s (%d in use, or %s: %s)", dir->buf,
	             TREES_MAX, lock.buf, strerror(errno));
	tg_buf_release(&lock);
	return TG_ERR_RUN;
}

/*
 * The seal a tree had when it was made, kept beside its lock in the common
 * git directory (which the sandboxed executor cannot write). A tree whose
 * git files no longer match it (a run killed after its executor redirected
 * them) is not trusted: no git runs in it, it is made again.
 */
static void seal_path(const struct exec_tree *t, struct tg_buf *out)
{
	tg_buf_addf(out, "%s.seal", t->path.buf);
}

static int trusted(const struct exec_tree *t)
{
	struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
	char hex[17];
	int ok;

	seal_path(t, &path);
	ok = !tg_buf_read_file(&text, path.buf);
	tg_error_clear();
	tg_buf_trim(&text);
	tg_hash_hex(seal_of(t), hex);
	ok = ok && !strcmp(text.buf, hex);
	tg_buf_release(&path);
	tg_buf_release(&text);
	return ok;
}

static void keep_seal(struct exec_tree *t)
{
	struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
	char hex[17];

	t->seal = seal_of(t);
	tg_hash_hex(t->seal, hex);
	tg_buf_addf(&text, "%s\n", hex);
	seal_path(t, &path);
	if (tg_buf_write_file(&text, path.buf)) {
		tg_debug("execute: %s", tg_error_message());
		tg_error_clear();
	}
	tg_buf_release(&path);
	tg_buf_release(&text);
}

int exec_tree_open(struct exec_tree *t, const char *root, const char *base_sha,
                   enum tg_git_role git)
{
	struct tg_buf dir = TG_BUF_INIT, err = TG_BUF_INIT;
	int rc, reused = 0;

	tg_buf_init(&t->path, 0);
	t->git = git;
	t->lock = -1;
	t->tainted = 0;
	rc = trees_dir(git, root, &dir);
	if (!rc)
		rc = lock_slot(t, &dir);
	if (!rc && trusted(t) && is_tree(t) && !scrub(t, &err)) {
		tg_debug("execute: reusing %s", t->path.buf);
		reused = 1;
	} else if (!rc) {
		rc = make_tree(t, root, base_sha);
	}
	tg_buf_release(&dir);
	tg_buf_release(&err);
	if (rc)
		exec_tree_close(t, root, NULL, NULL);
	else if (reused)
		t->seal = seal_of(t);
	else
		keep_seal(t);
	return rc;
}

int exec_tree_branch(struct exec_tree *t, const char *branch, const char *base_ref,
                     struct tg_buf *err)
{
	return tg_repo_git_as(t->git, t->path.buf, NULL, err, "checkout", "-q", "--no-track", "-b",
	                      branch, base_ref, NULL);
}

void exec_tree_close(struct exec_tree *t, const char *root, const char *base_sha,
                     const char *branch)
{
	struct tg_buf err = TG_BUF_INIT;

	if (t->tainted && t->path.len) {
		/* Only the user's repository's git runs: the tree's may be redirected. */
		tg_warn("dropping the worktree %s: its git files were changed", t->path.buf);
		drop_tree(t->git, root, t->path.buf);
	} else if (base_sha && t->path.len &&
	           (scrub(t, &err) || tg_repo_git_as(t->git, t->path.buf, NULL, &err, "checkout",
	                                             "-q", "--detach", base_sha, NULL))) {
		/* Whatever the attempt left that git cannot undo, the next one must not see. */
		tg_buf_trim(&err);
		tg_debug("execute: dropping %s: %s", t->path.buf, err.buf);
		drop_tree(t->git, root, t->path.buf);
	}
	if (branch)
		tg_repo_git_as(t->git, root, NULL, NULL, "branch", "-D", branch, NULL);
	if (t->lock >= 0)
		close(t->lock);
	t->lock = -1;
	tg_buf_release(&t->path);
	tg_buf_release(&err);
}

int tg_execute_remove_trees(const char *root, struct tg_buf *out)
{
	struct tg_buf dir = TG_BUF_INIT, path = TG_BUF_INIT;
	int rc = trees_dir(TG_GIT_USER, root, &dir), busy = 0;

	for (int n = 0; !rc && n < TREES_MAX; n++) {
		int fd;
		tg_buf_reset(&path);
		tg_buf_addf(&path, "%s/tree-%d.lock", dir.buf, n);
		fd = open(path.buf, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			tg_buf_addf(out, "in use, kept: %.*s\n", (int)path.len - 5, path.buf);
			busy++;
		} else {
			tg_buf_setlen(&path, path.len - 5);
			drop_tree(TG_GIT_USER, root, path.buf);
			tg_buf_addf(out, "removed %s\n", path.buf);
			tg_buf_adds(&path, ".seal");
			unlink(path.buf);
		}
		close(fd);
	}
	tg_buf_release(&dir);
	tg_buf_release(&path);
	if (!rc && busy)
		rc = tg_error_set(TG_ERR_RUN, "%d worktrees in use by a running execute", busy);
	return rc;
}
