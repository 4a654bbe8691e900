#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/item.h"
#include "backlog/item_json.h"
#include "util/json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void fill(struct tg_item *it)
{
	tg_item_init(it);
	memcpy(it->fingerprint, "0123456789abcdef", 17);
	it->rule_id = strdup("workflow-unpinned-action");
	it->path = strdup(".github/workflows/ci.yml");
	it->context = TG_CONTEXT_FIXTURE;
	it->controls = strdup("PCI-DSS:6.3.2 SOX:ITGC-CM");
	tg_item_add_occurrence(it, ".github/workflows/ci.yml", 12, 12, "compliance", NULL);
	tg_item_add_occurrence(it, "a\"b.yml", 3, 4, NULL, "semgrep.x");
}

static void test_item_json_keeps_context_controls_and_occurrences(void **state)
{
	struct tg_item a, b, c;
	struct tg_buf one = TG_BUF_INIT, two = TG_BUF_INIT;
	json_t *o;

	(void)state;
	fill(&a);
	tg_item_to_json(&one, &a, 2);
	o = tg_json_loadb(one.buf, one.len, 0, NULL);
	assert_non_null(o);
	assert_int_equal(tg_item_from_json(&b, o), 0);
	json_decref(o);
	assert_int_equal(b.context, TG_CONTEXT_FIXTURE);
	assert_string_equal(b.controls, "PCI-DSS:6.3.2 SOX:ITGC-CM");
	assert_int_equal(b.occurrences_nr, 2);
	assert_string_equal(b.occurrences[1].path, "a\"b.yml");
	assert_int_equal(b.occurrences[1].end_line, 4);
	assert_null(b.occurrences[1].source);
	assert_string_equal(b.occurrences[1].rule_id, "semgrep.x");
	/* a copy writes the same bytes */
	tg_item_copy(&c, &b);
	tg_item_to_json(&two, &c, 2);
	assert_string_equal(one.buf, two.buf);
	tg_item_release(&a);
	tg_item_release(&b);
	tg_item_release(&c);
	tg_buf_release(&one);
	tg_buf_release(&two);
}

static void test_item_json_single_finding_has_no_occurrences_key(void **state)
{
	struct tg_item a;
	struct tg_buf out = TG_BUF_INIT;

	(void)state;
	tg_item_init(&a);
	memcpy(a.fingerprint, "0123456789abcdef", 17);
	tg_item_to_json(&out, &a, -1);
	assert_null(strstr(out.buf, "occurrences"));
	assert_null(strstr(out.buf, "controls"));
	assert_non_null(strstr(out.buf, "\"context\":\"code\""));
	tg_item_release(&a);
	tg_buf_release(&out);
}

static void test_context_names_parse_back(void **state)
{
	enum tg_context c;
	int i;

	(void)state;
	for (i = TG_CONTEXT_CODE; i <= TG_CONTEXT_VENDORED; i++) {
		assert_int_equal(tg_context_parse(tg_context_name(i), &c), 0);
		assert_int_equal(c, i);
	}
	assert_int_not_equal(tg_context_parse("tests", &c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_item_json_keeps_context_controls_and_occurrences),
	        cmocka_unit_test(test_item_json_single_finding_has_no_occurrences_key),
	        cmocka_unit_test(test_context_names_parse_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
