#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/merge.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(struct tg_backlog *b, const char *fp, const char *source, const char *rule,
                const char *path, int start, int end, const char *cwe, enum tg_severity sev)
{
	struct tg_item it;

	tg_item_init(&it);
	snprintf(it.fingerprint, sizeof(it.fingerprint), "%s", fp);
	it.source = tg_strdup(source);
	it.rule_id = tg_strdup(rule);
	it.category = tg_strdup("security");
	it.path = tg_strdup(path);
	it.start_line = start;
	it.end_line = end;
	it.severity = sev;
	it.title = tg_strdup(rule);
	it.message = tg_strdup(source);
	it.links.cwe = cwe ? tg_strdup(cwe) : NULL;
	tg_backlog_add(b, &it);
}

static struct tg_item *find(struct tg_backlog *b, const char *fp)
{
	int st;
	return tg_backlog_find(b, fp, &st);
}

static void test_cwe_spellings(void **state)
{
	(void)state;
	assert_int_equal(tg_cwe_number("CWE-78"), 78);
	assert_int_equal(tg_cwe_number("78"), 78);
	assert_int_equal(tg_cwe_number("cwe-078"), 78);
	assert_int_equal(tg_cwe_number("CWE-798: Use of Hard-coded Credentials"), 798);
	assert_int_equal(tg_cwe_number("CWE-"), 0);
	assert_int_equal(tg_cwe_number("none"), 0);
	assert_int_equal(tg_cwe_number(NULL), 0);
}

static void test_same_cwe_same_line_is_one_item(void **state)
{
	struct tg_backlog b;
	struct tg_item *it;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "aaaaaaaaaaaaaaaa", "rules", "injection.python-eval-exec", "app.py", 7, 7, "CWE-95",
	    TG_SEV_MEDIUM);
	add(&b, "bbbbbbbbbbbbbbbb", "sarif:Semgrep OSS", "my.own.eval-rule", "app.py", 7, 7,
	    "cwe-095", TG_SEV_MEDIUM);
	assert_int_equal(tg_backlog_merge_findings(&b), 1);
	assert_int_equal(b.nr, 1);
	it = find(&b, "aaaaaaaaaaaaaaaa");
	assert_non_null(it); /* ours survives, with its fingerprint */
	assert_string_equal(it->source, "rules");
	assert_int_equal(it->occurrences_nr, 2);
	assert_string_equal(it->occurrences[0].source, "rules");
	assert_string_equal(it->occurrences[1].source, "sarif:Semgrep OSS");
	assert_string_equal(it->occurrences[1].rule_id, "my.own.eval-rule");
	assert_int_equal(it->occurrences[1].start_line, 7);
	tg_backlog_release(&b);
}

static void test_same_cwe_other_file_stays_two(void **state)
{
	struct tg_backlog b;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "aaaaaaaaaaaaaaaa", "rules", "injection.python-eval-exec", "app.py", 7, 7, "CWE-95",
	    TG_SEV_MEDIUM);
	add(&b, "bbbbbbbbbbbbbbbb", "sarif:Semgrep OSS", "x", "lib.py", 7, 7, "CWE-95",
	    TG_SEV_MEDIUM);
	/* Imported items at two paths, in turn: each path stays its own group. */
	add(&b, "cccccccccccccccc", "sarif:Bandit", "B311", "app.py", 20, 20, "CWE-330",
	    TG_SEV_LOW);
	add(&b, "dddddddddddddddd", "sarif:Bandit", "B311", "lib.py", 30, 30, "CWE-330",
	    TG_SEV_LOW);
	add(&b, "eeeeeeeeeeeeeeee", "sarif:Bandit", "B311", "app.py", 40, 40, "CWE-330",
	    TG_SEV_LOW);
	assert_int_equal(tg_backlog_merge_findings(&b), 0);
	assert_int_equal(b.nr, 5);
	tg_backlog_release(&b);
}

static void test_overlapping_ranges(void **state)
{
	struct tg_backlog b;

	(void)state;
	tg_backlog_init(&b);
	/* Semgrep's range of a multi-line call contains our line... */
	add(&b, "aaaaaaaaaaaaaaaa", "rules", "injection.sql-string-building", "db.py", 12, 12,
	    "CWE-89", TG_SEV_HIGH);
	add(&b, "bbbbbbbbbbbbbbbb", "sarif:Semgrep OSS", "x.sqli", "db.py", 10, 14, "CWE-89",
	    TG_SEV_HIGH);
	/* ...a range that ends before it does not. */
	add(&b, "cccccccccccccccc", "rules", "injection.sql-string-building", "db.py", 30, 30,
	    "CWE-89", TG_SEV_HIGH);
	add(&b, "dddddddddddddddd", "sarif:CodeQL", "py/other", "db.py", 25, 29, "CWE-89",
	    TG_SEV_HIGH);
	assert_int_equal(tg_backlog_merge_findings(&b), 1);
	assert_int_equal(b.nr, 3);
	assert_null(find(&b, "bbbbbbbbbbbbbbbb"));
	assert_non_null(find(&b, "dddddddddddddddd"));
	tg_backlog_release(&b);
}

/* Bandit says CWE-78 for eval (B307), so only the table makes it ours. */
static void test_mapped_semgrep_and_bandit_ids(void **state)
{
	struct tg_backlog b;
	struct tg_item *it;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "dddddddddddddddd", "sarif:Bandit", "B307", "app.py", 3, 3, "CWE-78",
	    TG_SEV_MEDIUM);
	add(&b, "cccccccccccccccc", "sarif:Semgrep OSS",
	    "rules.python.lang.security.audit.eval-detected.eval-detected", "app.py", 3, 3, NULL,
	    TG_SEV_MEDIUM);
	add(&b, "aaaaaaaaaaaaaaaa", "rules", "injection.python-eval-exec", "app.py", 3, 3, "CWE-95",
	    TG_SEV_MEDIUM);
	assert_int_equal(tg_backlog_merge_findings(&b), 2);
	assert_int_equal(b.nr, 1);
	it = find(&b, "aaaaaaaaaaaaaaaa");
	assert_non_null(it);
	assert_int_equal(it->occurrences_nr, 3);
	assert_string_equal(it->occurrences[0].rule_id, "injection.python-eval-exec");
	assert_string_equal(it->occurrences[1].source, "sarif:Bandit"); /* then by source */
	assert_string_equal(it->occurrences[2].source, "sarif:Semgrep OSS");
	tg_backlog_release(&b);
}

/* Without ours, the table still joins two tools: the first by source name survives. */
static void test_two_tools_without_ours(void **state)
{
	struct tg_backlog b;
	struct tg_item *it;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "cccccccccccccccc", "sarif:gitleaks", "private-key", "certs/k.pem", 1, 27, NULL,
	    TG_SEV_HIGH);
	add(&b, "dddddddddddddddd", "sarif:Trivy", "private-key", "certs/k.pem", 1, 27, NULL,
	    TG_SEV_CRITICAL);
	assert_int_equal(tg_backlog_merge_findings(&b), 1);
	it = find(&b, "cccccccccccccccc");
	assert_non_null(it);
	assert_int_equal(it->severity, TG_SEV_CRITICAL);
	tg_backlog_release(&b);
}

static void test_other_weakness_same_line_stays_two(void **state)
{
	struct tg_backlog b;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "aaaaaaaaaaaaaaaa", "rules", "injection.python-eval-exec", "app.py", 5, 5, "CWE-95",
	    TG_SEV_MEDIUM);
	add(&b, "bbbbbbbbbbbbbbbb", "sarif:Semgrep OSS",
	    "python.lang.security.audit.formatted-sql-query.formatted-sql-query", "app.py", 5, 5,
	    "CWE-89", TG_SEV_HIGH);
	add(&b, "cccccccccccccccc", "sarif:Bandit", "B608", "app.py", 5, 5, NULL, TG_SEV_MEDIUM);
	/* Semgrep's SQL rule and Bandit's B608 are one; neither is the eval. */
	assert_int_equal(tg_backlog_merge_findings(&b), 1);
	assert_int_equal(b.nr, 2);
	assert_non_null(find(&b, "aaaaaaaaaaaaaaaa"));
	assert_non_null(find(&b, "cccccccccccccccc")); /* "sarif:Bandit" < "sarif:Semgrep OSS" */
	tg_backlog_release(&b);
}

static void test_severity_kept_highest(void **state)
{
	struct tg_backlog b;
	struct tg_item *it;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "aaaaaaaaaaaaaaaa", "rules", "crypto.weak-hash", "h.py", 9, 9, "CWE-328",
	    TG_SEV_MEDIUM);
	add(&b, "bbbbbbbbbbbbbbbb", "sarif:Bandit", "B324", "h.py", 9, 9, "CWE-327", TG_SEV_HIGH);
	assert_int_equal(tg_backlog_merge_findings(&b), 1);
	it = find(&b, "aaaaaaaaaaaaaaaa");
	assert_non_null(it);
	assert_int_equal(it->severity, TG_SEV_HIGH);
	assert_string_equal(it->links.cwe, "CWE-328"); /* the survivor's own */
	tg_backlog_release(&b);
}

/* Two of our own rules on one line, and two results of one tool, are distinct. */
static void test_one_source_never_merges_with_itself(void **state)
{
	struct tg_backlog b;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "aaaaaaaaaaaaaaaa", "rules", "ai-ml.eval-model-output", "llm.py", 4, 4, "CWE-95",
	    TG_SEV_HIGH);
	add(&b, "bbbbbbbbbbbbbbbb", "rules", "injection.python-eval-exec", "llm.py", 4, 4, "CWE-95",
	    TG_SEV_MEDIUM);
	add(&b, "cccccccccccccccc", "history-secrets", "secrets.jwt", "cfg.py", 2, 2, "CWE-798",
	    TG_SEV_HIGH);
	add(&b, "dddddddddddddddd", "rules", "secrets.generic-assignment", "cfg.py", 2, 2,
	    "CWE-798", TG_SEV_HIGH);
	assert_int_equal(tg_backlog_merge_findings(&b), 0);
	/* One Semgrep result joins one of them only. */
	add(&b, "eeeeeeeeeeeeeeee", "sarif:Semgrep OSS", "x.eval", "llm.py", 4, 4, "CWE-95",
	    TG_SEV_MEDIUM);
	add(&b, "ffffffffffffffff", "sarif:Semgrep OSS", "y.eval", "llm.py", 4, 4, "CWE-95",
	    TG_SEV_MEDIUM);
	assert_int_equal(tg_backlog_merge_findings(&b), 2);
	assert_int_equal(b.nr, 4);
	assert_int_equal(find(&b, "aaaaaaaaaaaaaaaa")->occurrences_nr, 2);
	assert_int_equal(find(&b, "bbbbbbbbbbbbbbbb")->occurrences_nr, 2);
	tg_backlog_release(&b);
}

static void test_suppressed_by_one_tool_stays_apart(void **state)
{
	struct tg_backlog b;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "aaaaaaaaaaaaaaaa", "rules", "injection.os-system", "s.py", 2, 2, "CWE-78",
	    TG_SEV_HIGH);
	add(&b, "bbbbbbbbbbbbbbbb", "sarif:Bandit", "B605", "s.py", 2, 2, "CWE-78", TG_SEV_HIGH);
	find(&b, "bbbbbbbbbbbbbbbb")->status = TG_STATUS_SUPPRESSED;
	assert_int_equal(tg_backlog_merge_findings(&b), 0);
	tg_backlog_release(&b);
}

/* The table names only rules our packs have, and tools merge.h lists. */
static void test_table_names_real_rules(void **state)
{
	static const char *const packs[] = {"ai-ml", "crypto", "injection", "secrets"};
	char *text[TG_ARRAY_SIZE(packs)];
	size_t nr;
	const struct tg_rule_map_row *rows = tg_rule_map_rows(&nr);

	(void)state;
	for (size_t p = 0; p < TG_ARRAY_SIZE(packs); p++) {
		char path[4096];
		FILE *f;
		long len;

		snprintf(path, sizeof(path), "%s/rules/%s.yaml", TG_SOURCE_DIR, packs[p]);
		f = fopen(path, "rb");
		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		text[p] = calloc(1, (size_t)len + 1);
		assert_int_equal(fread(text[p], 1, (size_t)len, f), (size_t)len);
		fclose(f);
	}
	assert_true(nr > 100);
	for (size_t i = 0; i < nr; i++) {
		char want[256];
		int found = 0;

		snprintf(want, sizeof(want), "- id: %s\n", rows[i].ours);
		for (size_t p = 0; p < TG_ARRAY_SIZE(packs); p++)
			found |= strstr(text[p], want) != NULL;
		if (!found)
			fail_msg("rule_map.c row %zu names %s, which no pack has", i, rows[i].ours);
		snprintf(want, sizeof(want), "sarif:%s", rows[i].tool);
		assert_string_equal(tg_rule_map_tool(want), rows[i].tool);
	}
	for (size_t p = 0; p < TG_ARRAY_SIZE(packs); p++)
		free(text[p]);
	assert_string_equal(tg_rule_map_tool("sarif:Semgrep OSS"), "semgrep");
	assert_null(tg_rule_map_tool("rules"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_cwe_spellings),
	        cmocka_unit_test(test_same_cwe_same_line_is_one_item),
	        cmocka_unit_test(test_same_cwe_other_file_stays_two),
	        cmocka_unit_test(test_overlapping_ranges),
	        cmocka_unit_test(test_mapped_semgrep_and_bandit_ids),
	        cmocka_unit_test(test_two_tools_without_ours),
	        cmocka_unit_test(test_other_weakness_same_line_stays_two),
	        cmocka_unit_test(test_severity_kept_highest),
	        cmocka_unit_test(test_one_source_never_merges_with_itself),
	        cmocka_unit_test(test_suppressed_by_one_tool_stays_apart),
	        cmocka_unit_test(test_table_names_real_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
