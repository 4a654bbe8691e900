/*
 * The posture checks (compliance/posture.h). Each check reads what it needs
 * once: the compliance audit's findings (licence, policy, code owners,
 * workflow hardening), the workflows' text (SAST), the tracked paths
 * (binaries, fuzzing, lockfiles) and the tags git reported.
 */
#include "compliance/posture.h"

#include "compliance/compliance.h"
#include "util/beneath.h"
#include "util/error.h"

#include <dirent.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Scorecard's risk levels and their weights. */
#define CRITICAL "critical", 10.0
#define HIGH     "high", 7.5
#define MEDIUM   "medium", 5.0
#define LOW      "low", 2.5

/* What the compliance audit found, by rule. */
struct audit_counts {
	size_t license, policy, codeowners, unpinned, perms_missing, write_all, injection,
	        pr_target;
};

static int count_finding(const struct tg_compliance_finding *f, void *arg)
{
	struct audit_counts *c = arg;
	static const struct {
		const char *rule;
		size_t offset;
	} map[] = {
	        {"license-missing", offsetof(struct audit_counts, license)},
	        {"security-policy-missing", offsetof(struct audit_counts, policy)},
	        {"codeowners-missing", offsetof(struct audit_counts, codeowners)},
	        {"workflow-unpinned-action", offsetof(struct audit_counts, unpinned)},
	        {"workflow-permissions-missing", offsetof(struct audit_counts, perms_missing)},
	        {"workflow-write-all", offsetof(struct audit_counts, write_all)},
	        {"workflow-script-injection", offsetof(struct audit_counts, injection)},
	        {"workflow-pr-target-checkout", offsetof(struct audit_counts, pr_target)},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(f->rule_id, map[i].rule))
			(*(size_t *)((char *)c + map[i].offset))++;
	return 0;
}

static void set(struct tg_posture *p, const char *name, const char *risk, double weight, int score,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void set(struct tg_posture *p, const char *name, const char *risk, double weight, int score,
                const char *fmt, ...)
{
	struct tg_posture_check *c = &p->checks[p->n++];
	va_list ap;

	c->name = name;
	c->risk = risk;
	c->weight = weight;
	c->score = score < -1 ? -1 : score > 10 ? 10 : score;
	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
}

static int floor0(long v)
{
	return v < 0 ? 0 : (int)v;
}

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* Compiled code and archives of it, as Scorecard's Binary-Artifacts counts them. */
static int is_binary(const char *path)
{
	static const char *const exts[] = {".exe", ".dll", ".so",  ".dylib", ".o",   ".a",
	                                   ".obj", ".lib", ".jar", ".war",   ".ear", ".class",
	                                   ".pyc", ".pyo", ".whl", ".egg",   ".msi", ".apk"};

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (has_suffix(path, exts[i]))
			return 1;
	return 0;
}

static int is_fuzzing(const char *path)
{
	const char *b = base(path);

	return strstr(path, "fuzz/") || strstr(path, "fuzzing/") ||
	       strstr(path, ".clusterfuzzlite/") || !strncasecmp(b, "fuzz_", 5) ||
	       strstr(b, "_fuzz") || strstr(b, "_fuzzer");
}

static int tracked(const struct tg_strlist *files, const char *path)
{
	return files && tg_strlist_find(files, path) >= 0;
}

/* Root manifests whose lockfile is not tracked beside them. */
static size_t missing_lockfiles(const struct tg_strlist *files, struct tg_buf *which)
{
	static const struct {
		const char *manifest, *locks[3];
	} pairs[] = {
	        {"package.json", {"package-lock.json", "yarn.lock", "pnpm-lock.yaml"}},
	        {"Pipfile", {"Pipfile.lock", NULL, NULL}},
	        {"pyproject.toml", {"poetry.lock", "uv.lock", "pdm.lock"}},
	        {"go.mod", {"go.sum", NULL, NULL}},
	        {"Gemfile", {"Gemfile.lock", NULL, NULL}},
	        {"composer.json", {"composer.lock", NULL, NULL}},
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		int locked = 0;
		if (!tracked(files, pairs[i].manifest))
			continue;
		for (int k = 0; k < 3 && pairs[i].locks[k]; k++)
			locked |= tracked(files, pairs[i].locks[k]);
		/* a pyproject.toml of a library need not lock; only a tool's lock counts */
		if (!locked && strcmp(pairs[i].manifest, "pyproject.toml")) {
			tg_buf_addf(which, "%s%s", n ? ", " : "", pairs[i].manifest);
			n++;
		}
	}
	return n;
}

/* 1 when a workflow runs a static analyzer: CodeQL, Semgrep, SonarCloud, Snyk or terragon's SARIF.
 */
static int workflows_run_sast(const char *root)
{
	static const char *const tools[] = {"github/codeql-action/analyze", "semgrep",
	                                    "sonarsource/", "snyk/actions", "--sarif"};
	struct tg_buf dir = TG_BUF_INIT, text = TG_BUF_INIT, rel = TG_BUF_INIT;
	struct dirent *de;
	DIR *d;
	int found = 0;

	tg_buf_addf(&dir, "%s/.github/workflows", root);
	if ((d = opendir(dir.buf))) {
		while (!found && (de = readdir(d))) {
			if (!has_suffix(de->d_name, ".yml") && !has_suffix(de->d_name, ".yaml"))
				continue;
			tg_buf_reset(&rel);
			tg_buf_reset(&text);
			tg_buf_addf(&rel, ".github/workflows/%s", de->d_name);
			if (tg_beneath_read_file(&text, root, rel.buf)) {
				tg_error_clear();
				continue;
			}
			for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]) && !found; i++)
				found = strcasestr(text.buf, tools[i]) != NULL;
		}
		closedir(d);
	}
	tg_buf_release(&dir);
	tg_buf_release(&text);
	tg_buf_release(&rel);
	return found;
}

static void from_tree(struct tg_posture *p, const char *root, const struct tg_posture_input *in)
{
	size_t bins = 0, fuzz = 0;
	struct tg_buf first = TG_BUF_INIT;

	for (size_t i = 0; in->files && i < in->files->nr; i++) {
		const char *f = in->files->v[i];
		if (is_binary(f) && !bins++)
			tg_buf_adds(&first, f);
		fuzz += is_fuzzing(f) != 0;
	}
	if (bins)
		set(p, "Binary-Artifacts", HIGH, floor0(10 - (long)bins),
		    "%zu compiled file%s committed (first: %s)", bins, bins == 1 ? "" : "s",
		    first.buf);
	else
		set(p, "Binary-Artifacts", HIGH, 10, "no compiled file committed");
	if (fuzz)
		set(p, "Fuzzing", MEDIUM, 10, "%zu fuzzing file%s (harnesses, ClusterFuzzLite)",
		    fuzz, fuzz == 1 ? "" : "s");
	else
		set(p, "Fuzzing", MEDIUM, 0, "no fuzzing harness found");
	if (workflows_run_sast(root))
		set(p, "SAST", MEDIUM, 10,
		    "a workflow runs a static analyzer (CodeQL, Semgrep, SARIF)");
	else
		set(p, "SAST", MEDIUM, 0, "no workflow runs a static analyzer");
	if (!in->tags)
		set(p, "Signed-Releases", HIGH, -1, "no tags: nothing released to sign");
	else
		set(p, "Signed-Releases", HIGH, (int)(10 * in->signed_tags / in->tags),
		    "%zu of the newest %zu tags signed", in->signed_tags, in->tags);
	if (in->protection >= 0 && in->protection_why[0])
		set(p, "Branch-Protection", HIGH, in->protection, "%s", in->protection_why);
	else
		set(p, "Branch-Protection", HIGH, -1, "%s",
		    in->protection_why[0] ? in->protection_why
		    : in->token ? "needs the GitHub API: no repository configured or in the remote"
		                : "needs the GitHub API and a token: not checked offline");
	tg_buf_release(&first);
}

int tg_posture(const char *root, const struct tg_posture_input *in, struct tg_posture *out)
{
	struct audit_counts c = {0};
	struct tg_compliance_report rep = {0};
	struct tg_buf locks = TG_BUF_INIT;
	size_t workflows, nolock;
	double sum = 0, weights = 0;
	int rc = tg_compliance_audit(root, count_finding, &c, &rep);

	memset(out, 0, sizeof(*out));
	if (rc) {
		tg_compliance_report_release(&rep);
		return rc;
	}
	workflows = rep.audited.nr;
	set(out, "Security-Policy", MEDIUM, c.policy ? 0 : 10, "%s",
	    c.policy ? "no SECURITY.md" : "SECURITY.md present");
	set(out, "License", LOW, c.license ? 0 : 10, "%s",
	    c.license ? "no licence file" : "a licence file present");
	set(out, "Code-Owners", LOW, c.codeowners ? 0 : 10, "%s",
	    c.codeowners ? "no CODEOWNERS" : "CODEOWNERS present");
	nolock = missing_lockfiles(in->files, &locks);
	set(out, "Pinned-Dependencies", MEDIUM,
	    floor0(10 - 2 * (long)c.unpinned - 3 * (long)nolock),
	    "%zu action%s not pinned by commit; %zu manifest%s without a lockfile%s%s%s",
	    c.unpinned, c.unpinned == 1 ? "" : "s", nolock, nolock == 1 ? "" : "s",
	    nolock ? " (" : "", locks.buf, nolock ? ")" : "");
	if (!workflows) {
		set(out, "Token-Permissions", HIGH, -1, "no workflow");
		set(out, "Dangerous-Workflow", CRITICAL, -1, "no workflow");
	} else {
		/* Scorecard's share of workflows whose token is not left at the default */
		size_t bad = c.write_all + c.perms_missing > workflows
		                     ? workflows
		                     : c.write_all + c.perms_missing;
		set(out, "Token-Permissions", HIGH, (int)(10 * (workflows - bad) / workflows),
		    "%zu workflow%s: %zu write-all, %zu without permissions", workflows,
		    workflows == 1 ? "" : "s", c.write_all, c.perms_missing);
		set(out, "Dangerous-Workflow", CRITICAL, c.injection || c.pr_target ? 0 : 10,
		    "%zu script injection%s, %zu pull_request_target checkout%s of the pull "
		    "request",
		    c.injection, c.injection == 1 ? "" : "s", c.pr_target,
		    c.pr_target == 1 ? "" : "s");
	}
	from_tree(out, root, in);
	for (size_t i = 0; i < out->n; i++)
		if (out->checks[i].score >= 0) {
			sum += out->checks[i].score * out->checks[i].weight;
			weights += out->checks[i].weight;
		}
	out->score = weights > 0 ? sum / weights : -1;
	tg_buf_release(&locks);
	tg_compliance_report_release(&rep);
	return TG_OK;
}

void tg_posture_table(const struct tg_posture *p, struct tg_buf *out)
{
	tg_buf_addf(out, "%-20s %5s  %-8s  %s\n", "CHECK", "SCORE", "RISK", "REASON");
	for (size_t i = 0; i < p->n; i++) {
		const struct tg_posture_check *c = &p->checks[i];
		if (c->score < 0)
			tg_buf_addf(out, "%-20s %5s  %-8s  %s\n", c->name, "?", c->risk, c->reason);
		else
			tg_buf_addf(out, "%-20s %5d  %-8s  %s\n", c->name, c->score, c->risk,
			            c->reason);
	}
	if (p->score < 0)
		tg_buf_adds(out, "posture: no check decided\n");
	else
		tg_buf_addf(out, "posture: %.1f / 10 (Scorecard's risk weights, %s)\n", p->score,
		            "checks marked ? left out");
}

void tg_posture_json(const struct tg_posture *p, struct tg_buf *out)
{
	tg_buf_adds(out, "{\"score\": ");
	if (p->score < 0)
		tg_buf_adds(out, "null");
	else
		tg_buf_addf(out, "%.2f", p->score);
	tg_buf_adds(out, ", \"checks\": [");
	for (size_t i = 0; i < p->n; i++) {
		const struct tg_posture_check *c = &p->checks[i];
		tg_buf_addf(out, "%s{\"name\": \"%s\", \"score\": ", i ? ", " : "", c->name);
		if (c->score < 0)
			tg_buf_adds(out, "null");
		else
			tg_buf_addf(out, "%d", c->score);
		tg_buf_addf(out, ", \"risk\": \"%s\", \"weight\": %.1f, \"reason\": ", c->risk,
		            c->weight);
		tg_buf_add_jsons(out, c->reason);
		tg_buf_adds(out, "}");
	}
	tg_buf_adds(out, "]}\n");
}
