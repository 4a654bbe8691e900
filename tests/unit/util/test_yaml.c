#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/error.h"
#include "util/yaml.h"

#include <stdlib.h>
#include <string.h>

/*
 * util/yaml: the depth bound, and tg_yaml_load's tree against the one
 * libyaml's own loader builds from the same text.
 */

static char *brackets(size_t n)
{
	char *s = malloc(n + 1);

	memset(s, '[', n);
	s[n] = '\0';
	return s;
}

/* 64 levels load; the 65th is refused at its place, by file, line and column. */
static void test_depth_bound_names_the_place(void **state)
{
	char text[200];
	yaml_document_t doc;

	(void)state;
	memset(text, 0, sizeof(text));
	memset(text, '[', 64);
	memset(text + 64, ']', 64);
	assert_int_equal(tg_yaml_load("t.yaml", text, strlen(text), TG_ERR_INPUT, &doc), 0);
	yaml_document_delete(&doc);

	strcpy(text, "on: push\njobs:\n  ");
	memset(text + strlen(text), '[', 64);
	assert_int_equal(tg_yaml_load("t.yaml", text, strlen(text), TG_ERR_INPUT, &doc),
	                 TG_ERR_INPUT);
	assert_string_equal(tg_error_message(), "t.yaml:3:66: nested deeper than 64 levels");
}

/*
 * A megabyte of '[': libyaml's loader took minutes. The reader stops at the
 * 65th, having read little more than its lookahead: the work is bounded by
 * where the parser stopped, not timed.
 */
static void test_deep_text_stops_early(void **state)
{
	size_t n = 1000000;
	char *text = brackets(n);
	struct tg_yaml_reader r;
	yaml_event_t ev;
	int rc;

	(void)state;
	assert_int_equal(tg_yaml_reader_init(&r, "t.yaml", text, n, TG_ERR_USAGE), 0);
	while (!(rc = tg_yaml_next(&r, &ev)))
		yaml_event_delete(&ev);
	assert_int_equal(rc, TG_ERR_USAGE);
	assert_non_null(strstr(tg_error_message(), "t.yaml:1:65: nested deeper than 64 levels"));
	assert_in_range(r.parser.mark.index, 65, 4096);
	tg_yaml_reader_release(&r);
	free(text);
}

static void test_bad_yaml_names_the_place(void **state)
{
	yaml_document_t doc;

	(void)state;
	assert_int_equal(tg_yaml_load("t.yaml", "a: [1, 2\n", 9, TG_ERR_USAGE, &doc), TG_ERR_USAGE);
	assert_non_null(strstr(tg_error_message(), "t.yaml:2:1: invalid YAML: "));
	assert_int_equal(tg_yaml_load("t.yaml", "a: b\nc: \x01", 9, TG_ERR_USAGE, &doc),
	                 TG_ERR_USAGE);
	assert_string_equal(tg_error_message(), "t.yaml:2:4: invalid YAML: control characters "
	                                        "are not allowed (byte 8)");
}

/* An alias inside the node it names would make a cycle: refused. */
static void test_alias_into_itself_is_refused(void **state)
{
	static const char text[] = "a: &x [1, *x]\n";
	yaml_document_t doc;

	(void)state;
	assert_int_equal(tg_yaml_load("t.yaml", text, strlen(text), TG_ERR_INPUT, &doc),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "t.yaml:1:11: invalid YAML: an alias"));
}

static void same_mark(const yaml_mark_t *a, const yaml_mark_t *b)
{
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->column, b->column);
}

/* Node by node: kind, tag, value, style, place and children. */
static void same_node(const yaml_node_t *a, const yaml_node_t *b)
{
	assert_int_equal(a->type, b->type);
	assert_string_equal((const char *)a->tag, (const char *)b->tag);
	same_mark(&a->start_mark, &b->start_mark);
	switch (a->type) {
	case YAML_SCALAR_NODE:
		assert_int_equal(a->data.scalar.length, b->data.scalar.length);
		assert_memory_equal(a->data.scalar.value, b->data.scalar.value,
		                    a->data.scalar.length);
		assert_int_equal(a->data.scalar.style, b->data.scalar.style);
		break;
	case YAML_SEQUENCE_NODE:
		same_mark(&a->end_mark, &b->end_mark);
		assert_int_equal(a->data.sequence.items.top - a->data.sequence.items.start,
		                 b->data.sequence.items.top - b->data.sequence.items.start);
		assert_memory_equal(
		        a->data.sequence.items.start, b->data.sequence.items.start,
		        (size_t)(a->data.sequence.items.top - a->data.sequence.items.start) *
		                sizeof(yaml_node_item_t));
		break;
	case YAML_MAPPING_NODE:
		same_mark(&a->end_mark, &b->end_mark);
		assert_int_equal(a->data.mapping.pairs.top - a->data.mapping.pairs.start,
		                 b->data.mapping.pairs.top - b->data.mapping.pairs.start);
		assert_memory_equal(
		        a->data.mapping.pairs.start, b->data.mapping.pairs.start,
		        (size_t)(a->data.mapping.pairs.top - a->data.mapping.pairs.start) *
		                sizeof(yaml_node_pair_t));
		break;
	default:
		fail();
	}
}

static const char *const documents[] = {
        "",
        "# only a comment\n",
        "---\n...\n",
        "plain scalar",
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: |\n          make\n          make "
        "test\n",
        "on: {push: {branches: [main]}, pull_request_target: ~}\npermissions: {}\n",
        "base: &b {runs-on: x, steps: [&s {run: a}, *s]}\njobs: {a: *b, b: *b}\n",
        "rules:\n  - id: r1\n    pattern-regex: '(?i)x'\n    message: \"m\\n\"\n"
        "    severity: ERROR\n    languages: [generic]\n",
        "? complex key\n: value\n? [a, b]\n: !!str 1\n!custom tagged: ! bare\n",
        "- a\n- - b\n  - c\n- {d: e}\n",
        "first: 1\n---\nsecond: 2\n",
};

/* The same tree as yaml_parser_load() builds, for every document above. */
static void test_load_matches_libyaml(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(documents) / sizeof(documents[0]); i++) {
		const char *text = documents[i];
		yaml_document_t ours, theirs;
		yaml_parser_t p;
		yaml_node_t *a, *b;

		assert_int_equal(tg_yaml_load("t.yaml", text, strlen(text), TG_ERR_INPUT, &ours),
		                 0);
		assert_true(yaml_parser_initialize(&p));
		yaml_parser_set_input_string(&p, (const unsigned char *)text, strlen(text));
		assert_true(yaml_parser_load(&p, &theirs));
		assert_int_equal(ours.nodes.top - ours.nodes.start,
		                 theirs.nodes.top - theirs.nodes.start);
		for (a = ours.nodes.start, b = theirs.nodes.start; a < ours.nodes.top; a++, b++)
			same_node(a, b);
		assert_true(!yaml_document_get_root_node(&ours) ==
		            !yaml_document_get_root_node(&theirs));
		yaml_document_delete(&ours);
		yaml_document_delete(&theirs);
		yaml_parser_delete(&p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_depth_bound_names_the_place),
	        cmocka_unit_test(test_deep_text_stops_early),
	        cmocka_unit_test(test_bad_yaml_names_the_place),
	        cmocka_unit_test(test_alias_into_itself_is_refused),
	        cmocka_unit_test(test_load_matches_libyaml),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
