/*
 * The repository-level controls (a licence, a security policy, code owners)
 * and the loop over .github/workflows. Files are looked up in the working
 * tree; symbolic links count as present (git keeps them, and a forge shows
 * them) but a workflow that is a link is not followed, as the walk never
 * follows one.
 */
#include "compliance/compliance.h"
#include "compliance/compliance_int.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Larger than any hand-written workflow: past this it is not one. */
#define WORKFLOW_MAX (1 << 20)

typedef int (*name_test)(const char *name);

/* LICENSE, LICENCE, COPYING or UNLICENSE, any case, bare, with an
 * extension or a suffix (LICENSE-MIT, LICENSE.txt). */
static int is_license(const char *name)
{
	static const char *const words[] = {"license", "licence", "copying", "unlicense"};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);
		if (!strncasecmp(name, words[i], n) &&
		    (!name[n] || name[n] == '.' || name[n] == '-'))
			return 1;
	}
	return 0;
}

static int is_security_policy(const char *name)
{
	static const char *const exts[] = {"md", "markdown", "rst", "adoc", "txt"};

	if (strncasecmp(name, "security.", 9))
		return 0;
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (!strcasecmp(name + 9, exts[i]))
			return 1;
	return 0;
}

/* Any file: a LICENSES/ directory (REUSE) holds one licence per file. */
static int any_name(const char *name)
{
	return name[0] != '.';
}

/* The forges read this exact name. */
static int is_codeowners(const char *name)
{
	return !strcmp(name, "CODEOWNERS");
}

/* 1 when directory root/sub holds a file or link whose name passes test. */
static int dir_has(const char *root, const char *sub, name_test test)
{
	struct tg_buf path = TG_BUF_INIT;
	struct dirent *e;
	DIR *d;
	int found = 0;

	tg_buf_addf(&path, "%s%s%s", root, *sub ? "/" : "", sub);
	d = opendir(path.buf);
	tg_buf_release(&path);
	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		struct stat st;
		found = test(e->d_name) &&
		        !fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) &&
		        (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode));
	}
	closedir(d);
	return found;
}

static int any_has(const char *root, const char *const *dirs, name_test test)
{
	for (; *dirs; dirs++)
		if (dir_has(root, *dirs, test))
			return 1;
	return 0;
}

struct control {
	const char *rule_id;
	enum tg_severity severity;
	name_test test;
	const char *const *dirs;
	const char *title, *message, *evidence;
};

static const char *const root_only[] = {"", NULL};
static const char *const policy_dirs[] = {"", ".github", "docs", NULL};
static const char *const owner_dirs[] = {"", ".github", "docs", ".gitlab", NULL};

static const struct control controls[] = {
        {"license-missing", TG_SEV_MEDIUM, is_license, root_only,
         "No licence file at the repository root",
         "without a licence nobody may legally use, change or redistribute the code; add the "
         "licence the project is published under",
         "no LICENSE, LICENCE, COPYING or UNLICENSE (any case, any extension) at the root, "
         "and no LICENSES/ directory"},
        {"security-policy-missing", TG_SEV_LOW, is_security_policy, policy_dirs,
         "No security policy",
         "a SECURITY.md tells whoever finds a vulnerability how to report it privately "
         "instead of in a public issue",
         "no SECURITY.md in the root, .github/ or docs/"},
        {"codeowners-missing", TG_SEV_LOW, is_codeowners, owner_dirs, "No CODEOWNERS file",
         "CODEOWNERS names who must review changes to each part of the tree; without it "
         "branch protection cannot require an owner's review",
         "no CODEOWNERS in the root, .github/, docs/ or .gitlab/"},
};

static int audit_controls(const char *root, tg_compliance_fn fn, void *arg)
{
	for (size_t i = 0; i < sizeof(controls) / sizeof(controls[0]); i++) {
		const struct control *c = &controls[i];
		struct tg_compliance_finding f = {0};
		int rc;

		if (any_has(root, c->dirs, c->test) ||
		    (c->test == is_license && dir_has(root, "LICENSES", any_name)))
			continue;
		f.rule_id = c->rule_id;
		f.severity = c->severity;
		f.title = c->title;
		f.message = c->message;
		f.evidence = c->evidence;
		if ((rc = fn(&f, arg)))
			return rc;
	}
	return TG_OK;
}

static int is_workflow_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && ((n > 4 && !strcmp(name + n - 4, ".yml")) ||
	                          (n > 5 && !strcmp(name + n - 5, ".yaml")));
}

/* The workflow files' names, sorted so findings come in a stable order. */
static void workflow_names(const char *dir, struct tg_strlist *names)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		struct stat st;
		if (!is_workflow_name(e->d_name))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode)) {
			tg_debug("%s/%s: not a regular file, not audited", dir, e->d_name);
			continue;
		}
		tg_strlist_add(names, e->d_name);
	}
	closedir(d);
	tg_strlist_sort(names); /* not qsort: a directory of no workflow leaves names->v NULL */
}

static void skip(struct tg_compliance_report *rep, const char *why)
{
	tg_warn("%s", why);
	if (rep)
		tg_strlist_add(&rep->skipped, why);
}

/* The findings on their way to fn, kept (encoded) for the memo. */
struct capture {
	tg_compliance_fn fn;
	void *arg;
	struct tg_buf kept; /* a count, then the findings */
	uint32_t nr;
};

static int capture(const struct tg_compliance_finding *f, void *arg)
{
	struct capture *c = arg;

	compliance_encode_finding(f, &c->kept);
	c->nr++;
	return c->fn(f, c->arg);
}

/* The workflow's kept findings handed to fn: 1 when served (*rc fn's), 0 to read it. */
static int from_memo(const struct tg_compliance_memo *memo, const char *rel, const struct stat *st,
                     tg_compliance_fn fn, void *arg, int *rc)
{
	const void *data;
	size_t len;

	if (!memo || !memo->get(memo->arg, rel, st, &data, &len))
		return 0;
	if (compliance_decode_findings(data, len, NULL, NULL)) {
		tg_debug("%s: %s; auditing it again", rel, tg_error_message());
		tg_error_clear();
		return 0;
	}
	*rc = compliance_decode_findings(data, len, fn, arg);
	return 1;
}

/* TG_OK when audited or skipped; fn's nonzero return when it stopped the audit. */
static int audit_workflow(const char *root, const char *rel, tg_compliance_fn fn, void *arg,
                          const struct tg_compliance_memo *memo, struct tg_compliance_report *rep)
{
	struct tg_buf path = TG_BUF_INIT, text = TG_BUF_INIT;
	struct capture c = {fn, arg, TG_BUF_INIT, 0};
	struct stat st;
	int rc, have_st;

	tg_buf_addf(&path, "%s/%s", root, rel);
	have_st = !lstat(path.buf, &st);
	if (have_st && st.st_size > WORKFLOW_MAX) {
		tg_buf_reset(&path);
		tg_buf_addf(&path, "%s: %lld bytes, over the %d a workflow is read up to", rel,
		            (long long)st.st_size, WORKFLOW_MAX);
		skip(rep, path.buf);
		tg_buf_release(&path);
		return TG_OK;
	}
	if (have_st && from_memo(memo, rel, &st, fn, arg, &rc)) {
		if (!rc && rep)
			tg_strlist_add(&rep->audited, rel);
		tg_buf_release(&path);
		return rc;
	}
	tg_buf_add(&c.kept, &c.nr, sizeof(c.nr));
	/* Beneath the root: a linked .github/ or workflows/ is refused, not followed. */
	rc = tg_beneath_read_file(&text, root, rel);
	if (!rc)
		rc = tg_compliance_workflow(rel, text.buf, text.len, capture, &c);
	if (!rc && memo && have_st) {
		memcpy(c.kept.buf, &c.nr, sizeof(c.nr));
		memo->put(memo->arg, rel, &st, c.kept.buf, c.kept.len);
	}
	tg_buf_release(&c.kept);
	if (rc < 0) {
		skip(rep, tg_error_message());
		tg_error_clear();
		rc = TG_OK;
	} else if (!rc && rep) {
		tg_strlist_add(&rep->audited, rel);
	}
	tg_buf_release(&path);
	tg_buf_release(&text);
	return rc;
}

int tg_compliance_audit(const char *root, tg_compliance_fn fn, void *arg,
                        struct tg_compliance_report *rep)
{
	return tg_compliance_audit_memo(root, fn, arg, NULL, rep);
}

int tg_compliance_audit_memo(const char *root, tg_compliance_fn fn, void *arg,
                             const struct tg_compliance_memo *memo,
                             struct tg_compliance_report *rep)
{
	struct tg_strlist names = TG_STRLIST_INIT;
	struct tg_buf dir = TG_BUF_INIT, rel = TG_BUF_INIT;
	struct stat st;
	int rc;

	if (stat(root, &st))
		return tg_error_set(TG_ERR_RUN, "%s: %s", root, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return tg_error_set(TG_ERR_RUN, "%s: not a directory", root);
	rc = audit_controls(root, fn, arg);
	tg_buf_addf(&dir, "%s/.github/workflows", root);
	if (!rc)
		workflow_names(dir.buf, &names);
	for (size_t i = 0; !rc && i < names.nr; i++) {
		tg_buf_reset(&rel);
		tg_buf_addf(&rel, ".github/workflows/%s", names.v[i]);
		rc = audit_workflow(root, rel.buf, fn, arg, memo, rep);
	}
	tg_strlist_clear(&names);
	tg_buf_release(&dir);
	tg_buf_release(&rel);
	return rc;
}

void tg_compliance_report_release(struct tg_compliance_report *rep)
{
	tg_strlist_clear(&rep->audited);
	tg_strlist_clear(&rep->skipped);
}
