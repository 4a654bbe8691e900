#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/group.h"
#include "util/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A finding of rule at path:line, with a fingerprint of its own. */
static void add(struct tg_backlog *b, const char *source, const char *rule, const char *path,
                int line, enum tg_severity sev)
{
	struct tg_item it;
	char k[16];

	tg_item_init(&it);
	snprintf(k, sizeof(k), "%d", line);
	tg_fingerprint_match(it.fingerprint, rule, path, k, 0);
	it.source = tg_strdup(source);
	it.rule_id = tg_strdup(rule);
	it.category = tg_strdup("security");
	it.path = tg_strdup(path);
	it.start_line = it.end_line = line;
	it.severity = sev;
	it.title = tg_strdup("Risky call");
	snprintf(k, sizeof(k), "line %d", line);
	it.evidence = tg_strdup(k);
	tg_backlog_add(b, &it);
}

static struct tg_item *only(struct tg_backlog *b, const char *rule, const char *path)
{
	struct tg_item *found = NULL;

	for (size_t i = 0; i < b->nr; i++)
		if (!strcmp(b->items[i].rule_id, rule) &&
		    (path ? b->items[i].path && !strcmp(b->items[i].path, path)
		          : !b->items[i].path)) {
			assert_null(found);
			found = &b->items[i];
		}
	assert_non_null(found);
	return found;
}

static void test_one_rule_in_one_file_is_one_item(void **state)
{
	struct tg_backlog b;
	struct tg_item *it;
	char fp[17];

	(void)state;
	tg_backlog_init(&b);
	/* emitted out of order, as parallel sources do */
	add(&b, "rules", "py.eval", "a.py", 30, TG_SEV_MEDIUM);
	add(&b, "rules", "py.eval", "a.py", 10, TG_SEV_MEDIUM);
	add(&b, "rules", "py.eval", "a.py", 20, TG_SEV_HIGH);
	add(&b, "rules", "py.eval", "b.py", 5, TG_SEV_LOW);
	assert_int_equal(tg_backlog_group(&b, TG_GROUP_FILE), 2);
	assert_int_equal(b.nr, 2);
	it = only(&b, "py.eval", "a.py");
	tg_fingerprint_file(fp, "py.eval", "a.py");
	assert_string_equal(it->fingerprint, fp);
	assert_int_equal(it->severity, TG_SEV_HIGH);
	assert_int_equal(it->start_line, 10);
	assert_string_equal(it->evidence, "line 10");
	assert_string_equal(it->title, "Risky call (3 occurrences)");
	assert_int_equal(it->occurrences_nr, 3);
	assert_int_equal(it->occurrences[0].start_line, 10);
	assert_int_equal(it->occurrences[1].start_line, 20);
	assert_int_equal(it->occurrences[2].start_line, 30);
	assert_string_equal(it->occurrences[2].path, "a.py");
	assert_string_equal(it->occurrences[2].rule_id, "py.eval");
	/* the lone finding in b.py is left as it was */
	it = only(&b, "py.eval", "b.py");
	tg_fingerprint_match(fp, "py.eval", "b.py", "5", 0);
	assert_string_equal(it->fingerprint, fp);
	assert_int_equal(it->occurrences_nr, 0);
	assert_string_equal(it->title, "Risky call");
	tg_backlog_release(&b);
}

static void test_rule_grouping_is_repository_wide(void **state)
{
	struct tg_backlog b;
	struct tg_item *it;
	char fp[17];

	(void)state;
	tg_backlog_init(&b);
	add(&b, "compliance", "workflow-unpinned-action", "w/b.yml", 3, TG_SEV_MEDIUM);
	add(&b, "compliance", "workflow-unpinned-action", "w/a.yml", 9, TG_SEV_MEDIUM);
	add(&b, "compliance", "workflow-unpinned-action", "w/a.yml", 4, TG_SEV_MEDIUM);
	for (size_t i = 0; i < b.nr; i++)
		b.items[i].grouping = TG_GROUP_RULE; /* the producer's hint wins over "none" */
	assert_int_equal(tg_backlog_group(&b, TG_GROUP_NONE), 2);
	it = only(&b, "workflow-unpinned-action", NULL);
	tg_fingerprint_file(fp, "workflow-unpinned-action", "");
	assert_string_equal(it->fingerprint, fp);
	assert_string_equal(it->title, "Risky call (3 occurrences in 2 files)");
	assert_string_equal(it->occurrences[0].path, "w/a.yml");
	assert_int_equal(it->occurrences[0].start_line, 4);
	assert_string_equal(it->occurrences[2].path, "w/b.yml");
	tg_backlog_release(&b);
}

static void test_none_status_source_and_kind_keep_items_apart(void **state)
{
	struct tg_backlog b;

	(void)state;
	tg_backlog_init(&b);
	add(&b, "rules", "r", "a.c", 1, TG_SEV_MEDIUM);
	add(&b, "rules", "r", "a.c", 2, TG_SEV_MEDIUM);
	b.items[1].status = TG_STATUS_SUPPRESSED; /* an inline-suppressed one */
	add(&b, "sarif:semgrep", "r", "a.c", 3, TG_SEV_MEDIUM);
	add(&b, "scanner", "todo", "a.c", 4, TG_SEV_LOW); /* markers are not findings */
	add(&b, "scanner", "todo", "a.c", 5, TG_SEV_LOW);
	add(&b, "scanner", "complex-function", "a.c", 6, TG_SEV_LOW);
	add(&b, "rules", "m", "a.c", 7, TG_SEV_LOW);
	add(&b, "rules", "m", "a.c", 8, TG_SEV_LOW);
	b.items[b.nr - 1].metric = 12;
	add(&b, "rules", "f", "a.c", 11, TG_SEV_LOW); /* file-level: no line */
	add(&b, "rules", "f", "a.c", 12, TG_SEV_LOW);
	b.items[b.nr - 1].start_line = b.items[b.nr - 2].start_line = 0;
	assert_int_equal(tg_backlog_group(&b, TG_GROUP_FILE), 0);
	assert_int_equal(b.nr, 10);
	add(&b, "rules", "n", "a.c", 9, TG_SEV_LOW);
	add(&b, "rules", "n", "a.c", 10, TG_SEV_LOW);
	b.items[b.nr - 1].grouping = b.items[b.nr - 2].grouping = TG_GROUP_NONE;
	assert_int_equal(tg_backlog_group(&b, TG_GROUP_FILE), 0);
	assert_int_equal(tg_backlog_group(&b, TG_GROUP_NONE), 0);
	tg_backlog_release(&b);
}

static void test_effort_grows_sublinearly(void **state)
{
	struct tg_backlog b;
	struct tg_item *it;

	(void)state;
	assert_true(tg_group_effort_factor(1) == 1);
	assert_true(tg_group_effort_factor(2) == 2);
	assert_true(fabs(tg_group_effort_factor(8) - 4) < 1e-9);
	tg_backlog_init(&b);
	for (int i = 1; i <= 8; i++)
		add(&b, "compliance", "c", "w.yml", i, TG_SEV_MEDIUM);
	tg_backlog_group(&b, TG_GROUP_FILE);
	it = only(&b, "c", "w.yml");
	/* security's defaults: 60 minutes and job size 3, for one */
	assert_true(fabs(it->remediation_minutes - 240) < 1e-9);
	assert_int_equal(it->job_size, 8); /* 3 x sqrt(4) = 6, up the scale */
	assert_int_equal(it->grouping, TG_GROUP_FILE);
	tg_backlog_release(&b);
}

static void test_grouping_is_stable_across_runs(void **state)
{
	struct tg_backlog a, b;

	(void)state;
	tg_backlog_init(&a);
	tg_backlog_init(&b);
	add(&a, "rules", "r", "x.c", 1, TG_SEV_MEDIUM);
	add(&a, "rules", "r", "x.c", 2, TG_SEV_MEDIUM);
	add(&b, "rules", "r", "x.c", 50, TG_SEV_MEDIUM); /* lines moved, one more */
	add(&b, "rules", "r", "x.c", 2, TG_SEV_MEDIUM);
	add(&b, "rules", "r", "x.c", 7, TG_SEV_MEDIUM);
	tg_backlog_group(&a, TG_GROUP_DEFAULT);
	tg_backlog_group(&b, TG_GROUP_DEFAULT);
	assert_int_equal(a.nr, 1);
	assert_int_equal(b.nr, 1);
	assert_string_equal(a.items[0].fingerprint, b.items[0].fingerprint);
	tg_backlog_release(&a);
	tg_backlog_release(&b);
}

static void test_grouping_names(void **state)
{
	enum tg_grouping g = TG_GROUP_DEFAULT;

	(void)state;
	assert_int_equal(tg_grouping_parse("rule", &g), 0);
	assert_int_equal(g, TG_GROUP_RULE);
	assert_true(tg_grouping_parse("files", &g) < 0);
	assert_string_equal(tg_grouping_name(TG_GROUP_NONE), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_one_rule_in_one_file_is_one_item),
	        cmocka_unit_test(test_rule_grouping_is_repository_wide),
	        cmocka_unit_test(test_none_status_source_and_kind_keep_items_apart),
	        cmocka_unit_test(test_effort_grows_sublinearly),
	        cmocka_unit_test(test_grouping_is_stable_across_runs),
	        cmocka_unit_test(test_grouping_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
