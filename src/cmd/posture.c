#include "cmd/cmd.h"

#include "compliance/posture.h"
#include "github/github.h"
#include "repo/repo.h"
#include "util/log.h"
#include "util/strlist.h"

#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon posture [-C DIR] [--format table|json]",
        "",
        "The repository's security posture in the style of OpenSSF Scorecard, offline from the",
        "tree and its history: security policy, licence, CODEOWNERS, pinned dependencies",
        "(actions by commit, lockfiles), token permissions, dangerous workflows, committed",
        "binaries, fuzzing, SAST, signed release tags; each 0-10 with its reason, ? when it",
        "cannot be decided here (branch protection needs the API), combined with Scorecard's",
        "risk weights into a 0-10 score.",
        NULL,
};

static const char *const formats[] = {"table", "json", NULL};

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

int cmd_posture(int argc, const char **argv)
{
	const char *repo = NULL, *format = "table";
	struct tg_strlist files = {0};
	struct tg_posture_input in = {0};
	struct tg_posture p;
	struct tg_buf out = TG_BUF_INIT;
	char *root = NULL;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO_PATH(&repo),
	        TG_OPT_CHOICE(0, "format", &format, formats, "table (default) or json"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_repo_find_root(repo ? repo : ".", &root);
	in.files = &files;
	in.token = tg_github_token() != NULL;
	if (!rc)
		rc = read_git(root, &files, &in.tags, &in.signed_tags);
	if (!rc)
		rc = tg_posture(root, &in, &p);
	if (!rc) {
		if (!strcmp(format, "json"))
			tg_posture_json(&p, &out);
		else
			tg_posture_table(&p, &out);
		fwrite(out.buf, 1, out.len, stdout);
	}
	if (rc)
		tg_error_report();
	tg_strlist_clear(&files);
	tg_buf_release(&out);
	free(root);
	return tg_status_exit(rc);
}
