#ifndef TG_HISTORY_APPROVALS_H
#define TG_HISTORY_APPROVALS_H

/*
 * Change approval and segregation of duties from git history alone: each
 * change merged on the first-parent line of a range (a merge commit, or a
 * commit made on the line itself, such as a squash merge), who wrote it,
 * who committed or merged it, and who approved it, from the `Reviewed-by:`
 * and `Approved-by:` trailers of the merge and of the merged head. Checked
 * against compliance.approvals: the minimum number of approvals by someone
 * other than the author, no self-approval, and regulated paths that need an
 * approver from a list or from their CODEOWNERS.
 */

#include "config/config.h"
#include "util/buf.h"
#include "util/strlist.h"

#include <time.h>

struct tg_change {
	char sha[41];
	int merge; /* a merge commit: the author is the merged head's */
	char *author, *author_email;
	char *committer, *committer_email; /* for a merge: whoever merged it */
	char *subject;
	time_t at;
	struct tg_strlist approvers; /* "Name <email>" as the trailers give them */
	struct tg_strlist files;     /* changed against the first parent */
	struct tg_strlist regulated; /* those files that a regulated_paths glob matches */
	int financial;               /* touches a regulated path */
	struct tg_strlist violations;
};

struct tg_changes {
	struct tg_change *v;
	size_t nr, alloc;
};

/* Reads the changes of range (a `git log` range, e.g. "v1.0..HEAD") in the repository at root,
 * newest first. */
int tg_changes_read(const char *root, const char *range, struct tg_changes *out);
void tg_changes_release(struct tg_changes *c);

/*
 * Fills each change's regulated files and violations from the policy and
 * CODEOWNERS (its text, or NULL). Returns the number of changes that break it.
 */
size_t tg_changes_check(struct tg_changes *c, const struct tg_config *cfg, const char *codeowners);

/* The text of the CODEOWNERS GitHub reads (.github/, the root, docs/, first found) under
 * root, or NULL when there is none. */
char *tg_codeowners_read(const char *root);

/* The owners CODEOWNERS text gives path (the last matching line's), space-separated, into out. */
void tg_codeowners_of(const char *codeowners, const char *path, struct tg_buf *out);

/* Whether an approver ("Name <email>") is one of owners ("@login", "email"). */
int tg_approver_is_owner(const char *approver, const char *owners);

#endif
