/*
 * The posture of a git work tree: what git knows (the tracked files, the
 * newest tags and their signatures) read here, for every caller of
 * tg_posture_repo (`terragon posture`, and terragon_compliance_score in
 * `metrics` and `serve`), so the score is computed one way.
 */
#include "compliance/posture.h"

#include "repo/repo.h"
#include "util/error.h"

#include <string.h>

/* The tracked paths, and how many of the newest 5 tags carry a signature. */
static int read_git(const char *root, struct tg_strlist *files, size_t *tags, size_t *signed_tags)
{
	struct tg_buf out = TG_BUF_INIT, err = TG_BUF_INIT;
	int rc = TG_OK;

	if (tg_repo_git(root, &out, &err, "ls-files", "-z", NULL))
		rc = tg_error_set(TG_ERR_RUN, "%s: git ls-files: %s", root, err.buf);
	for (size_t at = 0; !rc && at < out.len; at += strlen(out.buf + at) + 1)
		tg_strlist_add(files, out.buf + at);
	tg_buf_reset(&out);
	if (!rc && tg_repo_git(root, &out, &err, "for-each-ref", "--sort=-creatordate", "--count=5",
	                       "--format=%(if)%(contents:signature)%(then)signed%(else)plain%(end)",
	                       "refs/tags", NULL))
		rc = tg_error_set(TG_ERR_RUN, "%s: git for-each-ref: %s", root, err.buf);
	for (const char *p = out.buf; !rc && p && *p;
	     p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		(*tags)++;
		*signed_tags += !strncmp(p, "signed", 6);
	}
	tg_buf_release(&out);
	tg_buf_release(&err);
	return rc;
}

int tg_posture_repo(const char *root, int token, struct tg_posture *out)
{
	struct tg_strlist files = TG_STRLIST_INIT;
	struct tg_posture_input in = {0};
	int rc;

	in.files = &files;
	in.token = token;
	rc = read_git(root, &files, &in.tags, &in.signed_tags);
	if (!rc)
		rc = tg_posture(root, &in, out);
	tg_strlist_clear(&files);
	return rc;
}
