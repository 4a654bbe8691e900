#include "repo/repo.h"

#include "util/alloc.h"
#include "util/error.h"

#include <errno.h>
#include <git2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void shutdown_git(void)
{
	git_libgit2_shutdown();
}

static void init_git(void)
{
	git_libgit2_init();
	atexit(shutdown_git);
}

static int git_fail(const char *path, const char *what)
{
	const git_error *e = git_error_last();

	return tg_error_set(TG_ERR_RUN, "%s: %s: %s", path, what,
	                    e && e->message ? e->message : "libgit2 failed");
}

static int open_repo(git_repository **repo, const char *path, int search)
{
	struct stat sb;
	int rc;

	pthread_once(&init_once, init_git);
	if (stat(path, &sb))
		return tg_error_set(TG_ERR_NOTFOUND, "%s: %s", path, strerror(errno));
	rc = git_repository_open_ext(repo, path, search ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
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
	wd = git_repository_workdir(repo);
	if (!wd) {
		git_repository_free(repo);
		return tg_error_set(TG_ERR_INPUT, "%s is a bare repository: it has no working tree",
		                    path);
	}
	len = strlen(wd);
	while (len > 1 && wd[len - 1] == '/')
		len--;
	*root_out = tg_strndup(wd, len);
	git_repository_free(repo);
	return TG_OK;
}

int tg_repo_is_shallow(const char *root, int *shallow)
{
	git_repository *repo;
	int rc;

	*shallow = 0;
	if ((rc = open_repo(&repo, root, 0)))
		return rc;
	rc = git_repository_is_shallow(repo);
	git_repository_free(repo);
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
	rc = git_repository_head(&head, repo);
	if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
		git_repository_free(repo);
		return tg_error_set(TG_ERR_NOTFOUND, "%s: HEAD has no commit yet", root);
	}
	if (rc) {
		rc = git_fail(root, "reading HEAD");
		git_repository_free(repo);
		return rc;
	}
	git_oid_tostr(oid, 41, git_reference_target(head));
	if (git_reference_is_branch(head))
		*branch = tg_strdup(git_reference_shorthand(head));
	git_reference_free(head);
	git_repository_free(repo);
	return TG_OK;
}
