#include "repo/repo.h"

#include "util/alloc.h"
#include "util/dl.h"
#include "util/error.h"

#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* libgit2, opened on first use (util/dl.h says why). */
static struct {
	__typeof__(git_libgit2_init) *libgit2_init;
	__typeof__(git_libgit2_shutdown) *libgit2_shutdown;
	__typeof__(git_error_last) *error_last;
	__typeof__(git_repository_open_ext) *repository_open_ext;
	__typeof__(git_repository_workdir) *repository_workdir;
	__typeof__(git_repository_free) *repository_free;
	__typeof__(git_repository_is_shallow) *repository_is_shallow;
	__typeof__(git_repository_head) *repository_head;
	__typeof__(git_reference_target) *reference_target;
	__typeof__(git_reference_is_branch) *reference_is_branch;
	__typeof__(git_reference_shorthand) *reference_shorthand;
	__typeof__(git_reference_free) *reference_free;
	__typeof__(git_oid_tostr) *oid_tostr;
} g;
static const struct tg_dl_sym git2_syms[] = {
        {"git_libgit2_init", &g.libgit2_init},
        {"git_libgit2_shutdown", &g.libgit2_shutdown},
        {"git_error_last", &g.error_last},
        {"git_repository_open_ext", &g.repository_open_ext},
        {"git_repository_workdir", &g.repository_workdir},
        {"git_repository_free", &g.repository_free},
        {"git_repository_is_shallow", &g.repository_is_shallow},
        {"git_repository_head", &g.repository_head},
        {"git_reference_target", &g.reference_target},
        {"git_reference_is_branch", &g.reference_is_branch},
        {"git_reference_shorthand", &g.reference_shorthand},
        {"git_reference_free", &g.reference_free},
        {"git_oid_tostr", &g.oid_tostr},
        {NULL, NULL},
};

static void shutdown_git(void)
{
	g.libgit2_shutdown();
}

static int init_git(void)
{
	g.libgit2_init();
	atexit(shutdown_git);
	return TG_OK;
}

static struct tg_dl git2 = TG_DL_INIT(TG_GIT2_SONAME, "libgit2-1.5", git2_syms, init_git);

int tg_repo_library(const char **soname)
{
	*soname = git2.soname;
	return tg_dl_load(&git2);
}

static int git_fail(const char *path, const char *what)
{
	const git_error *e = g.error_last();

	return tg_error_set(TG_ERR_RUN, "%s: %s: %s", path, what,
	                    e && e->message ? e->message : "libgit2 failed");
}

static int open_repo(git_repository **repo, const char *path, int search)
{
	const char *soname;
	struct stat sb;
	int rc;

	if ((rc = tg_repo_library(&soname)))
		return rc;
	if (stat(path, &sb))
		return tg_error_set(TG_ERR_NOTFOUND, "%s: %s", path, strerror(errno));
	rc = g.repository_open_ext(repo, path, search ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == GIT_ENOTFOUND)
		return tg_error_set(TG_ERR_NOTFOUND,
		                    "%s is not in a git repository (nor is any parent directory)",
		                    path);
	return rc ? git_fail(path, "opening the repository") : TG_OK;
}

int tg_repo_find_root(const char *path, char **root_out)
{
	git_repository *repo;
	const char *wd;
	size_t len;
	int rc;

	*root_out = NULL;
	if ((rc = open_repo(&repo, path, 1)))
		return rc;
	wd = g.repository_workdir(repo);
	if (!wd) {
		g.repository_free(repo);
		return tg_error_set(TG_ERR_INPUT, "%s is a bare repository: it has no working tree",
		                    path);
	}
	len = strlen(wd);
	while (len > 1 && wd[len - 1] == '/')
		len--;
	*root_out = tg_strndup(wd, len);
	g.repository_free(repo);
	return TG_OK;
}

int tg_repo_is_shallow(const char *root, int *shallow)
{
	git_repository *repo;
	int rc;

	*shallow = 0;
	if ((rc = open_repo(&repo, root, 0)))
		return rc;
	rc = g.repository_is_shallow(repo);
	g.repository_free(repo);
	if (rc < 0)
		return git_fail(root, "reading .git/shallow");
	*shallow = rc;
	return TG_OK;
}

int tg_repo_head(const char *root, char **branch, char oid[41])
{
	git_repository *repo;
	git_reference *head = NULL;
	int rc;

	*branch = NULL;
	oid[0] = '\0';
	if ((rc = open_repo(&repo, root, 0)))
		return rc;
	rc = g.repository_head(&head, repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
		g.repository_free(repo);
		return tg_error_set(TG_ERR_NOTFOUND, "%s: HEAD has no commit yet", root);
	}
	if (rc) {
		rc = git_fail(root, "reading HEAD");
		g.repository_free(repo);
		return rc;
	}
	g.oid_tostr(oid, 41, g.reference_target(head));
	if (g.reference_is_branch(head))
		*branch = tg_strdup(g.reference_shorthand(head));
	g.reference_free(head);
	g.repository_free(repo);
	return TG_OK;
}
