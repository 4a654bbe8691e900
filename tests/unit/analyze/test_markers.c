#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/count.h"

static struct tg_marker_list scan(const char *lang, const char *src)
{
	struct tg_marker_list m = TG_MARKER_LIST_INIT;
	struct tg_file_counts c;

	assert_int_equal(tg_analyze_count(tg_lang_by_name(lang), (const unsigned char *)src,
	                                  strlen(src), &c, &m),
	                 0);
	return m;
}

static void expect(const struct tg_marker *m, const char *kind, unsigned line, unsigned col,
                   const char *owner, const char *ref, const char *text)
{
	assert_string_equal(tg_marker_kind_name(m->kind), kind);
	assert_int_equal(m->line, line);
	assert_int_equal(m->column, col);
	if (owner)
		assert_string_equal(m->owner, owner);
	else
		assert_null(m->owner);
	if (ref)
		assert_string_equal(m->ref, ref);
	else
		assert_null(m->ref);
	assert_string_equal(m->text, text);
}

static void test_owner_and_ref(void **state)
{
	(void)state;
	struct tg_marker_list m = scan("C", "int a; // TODO(alice): fix this  \n"
	                                    "/* FIXME #123 leak */ int b;\n"
	                                    "/*\n * HACK: JIRA-42 - reorder\n */\n"
	                                    "// XXX\n"
	                                    "// BUG(#7) wrong\n");
	assert_int_equal(m.nr, 5);
	expect(&m.v[0], "TODO", 1, 11, "alice", NULL, "fix this");
	expect(&m.v[1], "FIXME", 2, 4, NULL, "#123", "leak");
	expect(&m.v[2], "HACK", 4, 4, NULL, "JIRA-42", "reorder");
	expect(&m.v[3], "XXX", 6, 4, NULL, NULL, "");
	expect(&m.v[4], "BUG", 7, 4, NULL, "#7", "wrong");
	tg_marker_list_clear(&m);
}

static void test_only_in_comments(void **state)
{
	(void)state;
	struct tg_marker_list m = scan("C", "char *s = \"TODO in a string\"; int TODO = 1;\n"
	                                    "// TODOS and todo and BUG_ON(x) and XXXX\n"
	                                    "// xTODO FIXMEx\n"
	                                    "/* HACK */ x; // XXX second on the line\n");
	assert_int_equal(m.nr, 1);
	expect(&m.v[0], "HACK", 4, 4, NULL, NULL, "");
	tg_marker_list_clear(&m);

	m = scan("Python", "s = 'TODO not'\ndef f():\n    \"\"\"TODO: doc is a comment\"\"\"\n"
	                   "    x = 1  # FIXME(bob) later\n");
	assert_int_equal(m.nr, 2);
	expect(&m.v[0], "TODO", 3, 8, NULL, NULL, "doc is a comment");
	expect(&m.v[1], "FIXME", 4, 14, "bob", NULL, "later");
	tg_marker_list_clear(&m);

	m = scan("Bourne Shell", "cat <<EOF\n# TODO not a comment\nEOF\n# TODO: yes\n");
	assert_int_equal(m.nr, 1);
	expect(&m.v[0], "TODO", 4, 3, NULL, NULL, "yes");
	tg_marker_list_clear(&m);
}

static void test_counts_unchanged(void **state)
{
	(void)state;
	const char *src = "/* TODO x */ int a;\n// FIXME\n\n";
	struct tg_file_counts with, without;
	struct tg_marker_list m = TG_MARKER_LIST_INIT;
	const struct tg_lang *l = tg_lang_by_name("C");

	tg_analyze_count(l, (const unsigned char *)src, strlen(src), &with, &m);
	tg_analyze_count(l, (const unsigned char *)src, strlen(src), &without, NULL);
	assert_memory_equal(&with, &without, sizeof(with));
	assert_int_equal(m.nr, 2);
	tg_marker_list_clear(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_owner_and_ref),
	        cmocka_unit_test(test_only_in_comments),
	        cmocka_unit_test(test_counts_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
