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

int cmd_posture(int argc, const char **argv)
{
	const char *repo = NULL, *format = "table";
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
	if (!rc)
		rc = tg_posture_repo(root, tg_github_token() != NULL, &p);
	if (!rc) {
		if (!strcmp(format, "json"))
			tg_posture_json(&p, &out);
		else
			tg_posture_table(&p, &out);
		fwrite(out.buf, 1, out.len, stdout);
	}
	if (rc)
		tg_error_report();
	tg_buf_release(&out);
	free(root);
	return tg_status_exit(rc);
}
