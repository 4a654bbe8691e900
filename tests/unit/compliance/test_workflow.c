#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "compliance/compliance.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The findings of one audit, "rule line key#k evidence" a line. */
struct seen {
	struct tg_buf out;
	int n;
};

static int record(const struct tg_compliance_finding *f, void *arg)
{
	struct seen *s = arg;

	tg_buf_addf(&s->out, "%s %d %s#%d %s|%s\n", f->rule_id, f->line, f->key ? f->key : "-",
	            f->k, f->evidence ? f->evidence : "", f->path ? f->path : "(repo)");
	assert_non_null(f->title);
	assert_non_null(f->message);
	s->n++;
	return 0;
}

static int audit(struct seen *s, const char *yaml)
{
	s->out = (struct tg_buf)TG_BUF_INIT;
	s->n = 0;
	return tg_compliance_workflow("wf.yml", yaml, strlen(yaml), record, s);
}

/* How many findings of rule; the first one's line in *line. */
static int count(const struct seen *s, const char *rule, int *line)
{
	int n = 0;
	size_t len = strlen(rule);

	for (const char *p = s->out.buf; *p; p = strchr(p, '\n') + 1)
		if (!strncmp(p, rule, len) && p[len] == ' ' && n++ == 0 && line)
			*line = atoi(p + len + 1);
	return n;
}

static void done(struct seen *s)
{
	tg_buf_release(&s->out);
}

#define PERMS "permissions:\n  contents: read\n"

static void test_unpinned_actions(void **state)
{
	struct seen s;
	int line = 0;

	(void)state;
	assert_int_equal(audit(&s, PERMS
	                       "on: push\n"
	                       "jobs:\n"
	                       "  build:\n"
	                       "    runs-on: ubuntu-latest\n"
	                       "    steps:\n"
	                       "      - uses: actions/checkout@v4\n"
	                       "      - uses: actions/setup-go@"
	                       "0c52d547c9bc32b1aa3301fd7a9cb496313a4491 # v5\n"
	                       "      - uses: ./.github/actions/local\n"
	                       "      - uses: docker://alpine:3.20\n"
	                       "      - uses: docker://alpine@sha256:"
	                       "beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n"
	                       "      - uses: actions/checkout@v4\n"
	                       "      - uses: org/repo/path@main\n"),
	                 TG_OK);
	assert_int_equal(count(&s, "workflow-unpinned-action", &line), 4);
	assert_int_equal(line, 8);
	assert_non_null(strstr(s.out.buf, "workflow-unpinned-action 8 actions/checkout@v4#0 "
	                                  "actions/checkout@v4|wf.yml\n"));
	/* The same reference again is its own occurrence: k counts them. */
	assert_non_null(strstr(s.out.buf, "workflow-unpinned-action 13 actions/checkout@v4#1 "));
	assert_non_null(strstr(s.out.buf, "workflow-unpinned-action 11 docker://alpine:3.20#0"));
	assert_non_null(strstr(s.out.buf, "workflow-unpinned-action 14 org/repo/path@main#0"));
	assert_int_equal(count(&s, "workflow-permissions-missing", NULL), 0);
	done(&s);

	/* Every reference pinned (also a reusable workflow): nothing. */
	assert_int_equal(audit(&s, PERMS "on: push\n"
	                                 "jobs:\n"
	                                 "  call:\n"
	                                 "    uses: org/repo/.github/workflows/w.yml@"
	                                 "0C52D547C9BC32B1AA3301FD7A9CB496313A4491\n"
	                                 "  build:\n"
	                                 "    steps:\n"
	                                 "      - uses: actions/checkout@"
	                                 "11bd71901bbe5b1630ceea73d27597364c9af683\n"),
	                 TG_OK);
	assert_int_equal(s.n, 0);
	done(&s);

	/* A short SHA or a reusable workflow at a tag is not pinned. */
	assert_int_equal(audit(&s, PERMS "jobs:\n"
	                                 "  call:\n"
	                                 "    uses: org/repo/.github/workflows/w.yml@v1\n"
	                                 "  b:\n"
	                                 "    steps: [{uses: actions/checkout@11bd719}]\n"),
	                 TG_OK);
	assert_int_equal(count(&s, "workflow-unpinned-action", &line), 2);
	assert_int_equal(line, 5);
	done(&s);
}

static void test_permissions(void **state)
{
	struct seen s;
	int line = 0;

	(void)state;
	assert_int_equal(audit(&s, "on: push\n"
	                           "jobs:\n"
	                           "  a:\n"
	                           "    runs-on: x\n"
	                           "  b:\n"
	                           "    permissions: {contents: read}\n"),
	                 TG_OK);
	assert_int_equal(count(&s, "workflow-permissions-missing", &line), 1);
	assert_int_equal(line, 1);
	assert_non_null(strstr(s.out.buf, "jobs without their own: a|"));
	assert_non_null(strstr(s.out.buf, "workflow-permissions-missing 1 -#0"));
	done(&s);

	/* Every job names its own: fine without a top-level key. */
	assert_int_equal(audit(&s, "on: push\n"
	                           "jobs:\n"
	                           "  a:\n"
	                           "    permissions: read-all\n"
	                           "  b:\n"
	                           "    permissions: {contents: read}\n"),
	                 TG_OK);
	assert_int_equal(s.n, 0);
	done(&s);

	/* An empty top-level permissions map is the strictest: fine. */
	assert_int_equal(audit(&s, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n"),
	                 TG_OK);
	assert_int_equal(s.n, 0);
	done(&s);
}

static void test_write_all(void **state)
{
	struct seen s;
	int line = 0;

	(void)state;
	assert_int_equal(audit(&s, "on: push\n"
	                           "permissions: write-all\n"
	                           "jobs:\n"
	                           "  a:\n"
	                           "    permissions: write-all\n"
	                           "  b:\n"
	                           "    permissions: read-all\n"),
	                 TG_OK);
	assert_int_equal(count(&s, "workflow-write-all", &line), 2);
	assert_int_equal(line, 2);
	assert_non_null(strstr(s.out.buf, "workflow-write-all 5 job:a#0"));
	assert_int_equal(count(&s, "workflow-permissions-missing", NULL), 0);
	done(&s);

	assert_int_equal(audit(&s, "on: push\npermissions:\n  contents: write\njobs: {}\n"), TG_OK);
	assert_int_equal(s.n, 0);
	done(&s);
}

static const char checkout_steps[] = "jobs:\n"
                                     "  t:\n"
                                     "    permissions: {}\n"
                                     "    steps:\n"
                                     "      - uses: actions/checkout@"
                                     "11bd71901bbe5b1630ceea73d27597364c9af683\n"
                                     "        with:\n"
                                     "          ref: ${{ github.event.pull_request.head.sha }}\n";

static void expect_pr_target(const char *on, int want)
{
	struct tg_buf y = TG_BUF_INIT;
	struct seen s;
	int line = 0, lines = 0;

	tg_buf_adds(&y, on);
	for (const char *p = on; *p; p++)
		lines += *p == '\n';
	tg_buf_adds(&y, checkout_steps);
	assert_int_equal(audit(&s, y.buf), TG_OK);
	assert_int_equal(count(&s, "workflow-pr-target-checkout", &line), want);
	if (want) {
		assert_int_equal(line, lines + 7);
		assert_non_null(strstr(s.out.buf, " ${{github.event.pull_request.head.sha}}#0 "
		                                  "${{ github.event.pull_request.head.sha }}|"));
	}
	assert_int_equal(s.n, want);
	done(&s);
	tg_buf_release(&y);
}

static void test_pr_target_checkout(void **state)
{
	(void)state;
	expect_pr_target("on: pull_request_target\n", 1);
	expect_pr_target("on: [push, pull_request_target]\n", 1);
	expect_pr_target("on:\n  - issues\n  - pull_request_target\n", 1);
	expect_pr_target("on:\n  pull_request_target:\n    types: [opened]\n  push:\n", 1);
	expect_pr_target("'on': {pull_request_target: null}\n", 1);
	/* pull_request runs the fork's code without the base's secrets: fine. */
	expect_pr_target("on: pull_request\n", 0);
	expect_pr_target("on: [push, pull_request]\n", 0);
	expect_pr_target("on: {pull_request: {branches: [main]}}\n", 0);
}

static void test_pr_target_safe_checkout(void **state)
{
	struct seen s;

	(void)state;
	/* The base branch (no ref) under pull_request_target is what it is for. */
	assert_int_equal(audit(&s, "on: pull_request_target\n"
	                           "permissions: {}\n"
	                           "jobs:\n"
	                           "  t:\n"
	                           "    steps:\n"
	                           "      - uses: actions/checkout@"
	                           "11bd71901bbe5b1630ceea73d27597364c9af683\n"
	                           "      - uses: actions/checkout@"
	                           "11bd71901bbe5b1630ceea73d27597364c9af683\n"
	                           "        with: {ref: main}\n"),
	                 TG_OK);
	assert_int_equal(s.n, 0);
	done(&s);

	assert_int_equal(audit(&s, "on: pull_request_target\n"
	                           "permissions: {}\n"
	                           "jobs:\n"
	                           "  t:\n"
	                           "    steps:\n"
	                           "      - uses: actions/checkout@"
	                           "11bd71901bbe5b1630ceea73d27597364c9af683\n"
	                           "        with:\n"
	                           "          ref: ${{ github.head_ref }}\n"),
	                 TG_OK);
	assert_int_equal(count(&s, "workflow-pr-target-checkout", NULL), 1);
	done(&s);
}

static void test_script_injection(void **state)
{
	struct seen s;
	int line = 0;

	(void)state;
	assert_int_equal(
	        audit(&s,
	              PERMS "on: issues\n"
	                    "jobs:\n"
	                    "  t:\n"
	                    "    steps:\n"
	                    "      - run: |\n"
	                    "          echo start\n"
	                    "          echo \"${{ github.event.issue.title }}\"\n"
	                    "          echo ${{ github.event.pull_request.head.ref }}\n"
	                    "      - run: echo \"${{ github.event.commits[0].message }}\"\n"
	                    "      - run: echo ${{ GitHub.Head_Ref }}\n"
	                    "      - uses: actions/github-script@"
	                    "60a0d83039c74a4aee543508d2ffcb1c3799cdea\n"
	                    "        with:\n"
	                    "          script: console.log('${{ github.event.comment.body }}')\n"),
	        TG_OK);
	assert_int_equal(count(&s, "workflow-script-injection", &line), 5);
	assert_int_equal(line, 9);
	assert_non_null(strstr(s.out.buf, "workflow-script-injection 9 github.event.issue.title#0 "
	                                  "${{ github.event.issue.title }}|"));
	assert_non_null(strstr(s.out.buf, "workflow-script-injection 10 "
	                                  "github.event.pull_request.head.ref#0"));
	assert_non_null(strstr(s.out.buf, "workflow-script-injection 11 "
	                                  "github.event.commits.*.message#0"));
	assert_non_null(strstr(s.out.buf, "workflow-script-injection 12 github.head_ref#0"));
	assert_non_null(
	        strstr(s.out.buf, "workflow-script-injection 15 github.event.comment.body#0"));
	done(&s);

	/* Trusted fields, and untrusted text passed through env: nothing. */
	assert_int_equal(audit(&s,
	                       PERMS "on: issues\n"
	                             "jobs:\n"
	                             "  t:\n"
	                             "    steps:\n"
	                             "      - env:\n"
	                             "          TITLE: ${{ github.event.issue.title }}\n"
	                             "        run: |\n"
	                             "          echo \"$TITLE\" ${{ github.sha }}\n"
	                             "          echo ${{ github.event.issue.number }}\n"
	                             "          echo ${{ github.event.pull_request.head.sha }}\n"
	                             "          echo ${{ github.event.issue.title_x }}\n"
	                             "          echo github.event.issue.title\n"),
	                 TG_OK);
	assert_int_equal(s.n, 0);
	done(&s);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
	        "on: push\njobs:\n  a: [\n", "on: push\n  jobs: x\n bad: 1\n",
	        "key: \"unterminated\n",     "\xff\xfe\x00garbage",
	        "a: *undefined\n",
	};
	struct seen s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s.out = (struct tg_buf)TG_BUF_INIT;
		s.n = 0;
		assert_int_equal(tg_compliance_workflow("ci.yml", bad[i],
		                                        i == 3 ? 11 : strlen(bad[i]), record, &s),
		                 TG_ERR_INPUT);
		assert_int_equal(s.n, 0);
		assert_true(!strncmp(tg_error_message(), "ci.yml:", 7));
		tg_error_clear();
		done(&s);
	}
	/* The place: line 3, column 5 of the first one's unclosed flow sequence
	 * ends at the end of input (line 4). */
	audit(&s, "on: push\njobs:\n  a: [\n");
	assert_non_null(strstr(tg_error_message(), "wf.yml:4:1: invalid YAML"));
	tg_error_clear();
	done(&s);
	/* Not a mapping. */
	assert_int_equal(audit(&s, "- a\n- b\n"), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "wf.yml:1:1: a workflow is a mapping"));
	tg_error_clear();
	done(&s);
	/* Empty: nothing to say. */
	assert_int_equal(audit(&s, ""), TG_OK);
	assert_int_equal(s.n, 0);
	done(&s);
}

static void test_aliases(void **state)
{
	struct tg_buf y = TG_BUF_INIT;
	struct seen s;

	(void)state;
	/* Shared steps through an alias are audited once, at their own line. */
	assert_int_equal(audit(&s, PERMS "on: push\n"
	                                 "jobs:\n"
	                                 "  a:\n"
	                                 "    steps: &steps\n"
	                                 "      - uses: actions/checkout@v4\n"
	                                 "  b:\n"
	                                 "    steps: *steps\n"
	                                 "  c: *x\n"),
	                 TG_ERR_INPUT); /* *x is undefined */
	tg_error_clear();
	done(&s);
	assert_int_equal(audit(&s, PERMS "on: push\n"
	                                 "jobs:\n"
	                                 "  a: &job\n"
	                                 "    steps: &steps\n"
	                                 "      - &step {uses: actions/checkout@v4}\n"
	                                 "      - *step\n"
	                                 "  b:\n"
	                                 "    steps: *steps\n"
	                                 "  c: *job\n"),
	                 TG_OK);
	assert_int_equal(count(&s, "workflow-unpinned-action", NULL), 1);
	done(&s);

	/* A billion laughs: nine levels of nine aliases, audited in linear time. */
	tg_buf_adds(&y, PERMS "on: push\nl0: &l0 {uses: a/b@v1}\n");
	for (int i = 1; i < 9; i++) {
		tg_buf_addf(&y, "l%d: &l%d [", i, i);
		for (int j = 0; j < 9; j++)
			tg_buf_addf(&y, "%s*l%d", j ? ", " : "", i - 1);
		tg_buf_adds(&y, "]\n");
	}
	tg_buf_adds(&y, "jobs:\n");
	for (int j = 0; j < 9; j++)
		tg_buf_addf(&y, "  j%d: {steps: *l8, permissions: *l8}\n", j);
	tg_buf_adds(&y, "  k: {steps: [*l0, *l0, *l0]}\n");
	assert_int_equal(audit(&s, y.buf), TG_OK);
	assert_int_equal(count(&s, "workflow-unpinned-action", NULL), 1);
	done(&s);
	tg_buf_release(&y);
}

static int stop_at_first(const struct tg_compliance_finding *f, void *arg)
{
	(*(int *)arg)++;
	return 7;
}

static void test_callback_stops(void **state)
{
	const char *y = "on: push\njobs:\n  a:\n    steps: [{uses: a/b@v1}, {uses: c/d@v2}]\n";
	int calls = 0;

	(void)state;
	assert_int_equal(tg_compliance_workflow("w", y, strlen(y), stop_at_first, &calls), 7);
	assert_int_equal(calls, 1);
}

static void test_audit_repository(void **state)
{
	char *root = tl_tmpdir();
	struct tg_compliance_report rep = {TG_STRLIST_INIT, TG_STRLIST_INIT};
	struct seen s = {TG_BUF_INIT, 0};

	(void)state;
	tg_log_level = TG_LOG_QUIET;
	tl_write(root, ".github/workflows/a.yml",
	         "on: push\njobs:\n  a:\n    steps: [{uses: a/b@v1}]\n");
	tl_write(root, ".github/workflows/b.yaml", "on: push\njobs: [\n");
	tl_write(root, ".github/workflows/c.txt",
	         "on: push\njobs: {a: {steps: [{uses: a/b@v1}]}}\n");
	tl_write(root, "COPYING.md", "GPL\n");
	tl_write(root, "docs/CODEOWNERS", "* @me\n");
	assert_int_equal(tg_compliance_audit(root, record, &s, &rep), TG_OK);
	/* The bad workflow is skipped with its place; the other one is audited. */
	assert_int_equal(rep.skipped.nr, 1);
	assert_non_null(strstr(rep.skipped.v[0], ".github/workflows/b.yaml:3:1: invalid YAML"));
	assert_int_equal(rep.audited.nr, 1);
	assert_string_equal(rep.audited.v[0], ".github/workflows/a.yml");
	assert_int_equal(count(&s, "license-missing", NULL), 0);
	assert_int_equal(count(&s, "codeowners-missing", NULL), 0);
	assert_int_equal(count(&s, "security-policy-missing", NULL), 1);
	assert_non_null(strstr(s.out.buf, "security-policy-missing 0 -#0 "));
	assert_non_null(strstr(s.out.buf, "|(repo)\n"));
	assert_non_null(strstr(s.out.buf, "workflow-unpinned-action 4 a/b@v1#0 a/b@v1|"
	                                  ".github/workflows/a.yml\n"));
	assert_int_equal(s.n, 3);
	tg_compliance_report_release(&rep);
	done(&s);

	/* A policy in .github/ (any case) and a licence with a suffix count. */
	tl_write(root, ".github/security.MD", "mail us\n");
	tl_sh(root, "mv COPYING.md LICENSE-MIT && rm .github/workflows/b.yaml");
	s.out = (struct tg_buf)TG_BUF_INIT;
	s.n = 0;
	assert_int_equal(tg_compliance_audit(root, record, &s, NULL), TG_OK);
	assert_int_equal(count(&s, "security-policy-missing", NULL), 0);
	assert_int_equal(count(&s, "license-missing", NULL), 0);
	assert_int_equal(s.n, 2);
	done(&s);

	/* A REUSE LICENSES/ directory with a licence in it counts; empty, it does not. */
	tl_sh(root, "rm LICENSE-MIT && mkdir LICENSES");
	s.out = (struct tg_buf)TG_BUF_INIT;
	s.n = 0;
	assert_int_equal(tg_compliance_audit(root, record, &s, NULL), TG_OK);
	assert_int_equal(count(&s, "license-missing", NULL), 1);
	done(&s);
	tl_write(root, "LICENSES/MIT.txt", "MIT\n");
	s.out = (struct tg_buf)TG_BUF_INIT;
	s.n = 0;
	assert_int_equal(tg_compliance_audit(root, record, &s, NULL), TG_OK);
	assert_int_equal(count(&s, "license-missing", NULL), 0);
	done(&s);

	assert_int_equal(tg_compliance_audit("/nonexistent/x", record, &s, NULL), TG_ERR_RUN);
	tg_error_clear();
	tl_rmtree(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_unpinned_actions),
	        cmocka_unit_test(test_permissions),
	        cmocka_unit_test(test_write_all),
	        cmocka_unit_test(test_pr_target_checkout),
	        cmocka_unit_test(test_pr_target_safe_checkout),
	        cmocka_unit_test(test_script_injection),
	        cmocka_unit_test(test_malformed),
	        cmocka_unit_test(test_aliases),
	        cmocka_unit_test(test_callback_stops),
	        cmocka_unit_test(test_audit_repository),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
