/*
 * ccn_structural: each switch or else-if chain counts once, so a dispatcher
 * (a table of cases) is told apart from code whose paths nest (issue 15:
 * curl's option switches and redis's subcommand chains were judged noise).
 */
#include "fn_check.h"

static void test_structural_switch_counts_once(void **state)
{
	const char *src = "int opt(int id, int *cfg)\n"
	                  "{\n"
	                  "  switch(id) {\n"
	                  "  case 1: cfg[0] = 1; break;\n"
	                  "  case 2: cfg[1] = 1; break;\n"
	                  "  case 3: cfg[2] = 1; break;\n"
	                  "  case 4: cfg[3] = 1; break;\n"
	                  "  default: return -1;\n"
	                  "  }\n"
	                  "  return 0;\n"
	                  "}\n";
	struct tg_function_list l = scan("C", src);
	const struct tg_function *f = find(&l, "opt");

	expect(&l, "opt", 1, 11, 11, 5, 2);
	assert_int_equal(f->ccn, 5);            /* 1 + 4 cases, as lizard counts */
	assert_int_equal(f->ccn_structural, 2); /* 1 + the switch */
	tg_function_list_clear(&l);
}

static void test_structural_else_if_chain_counts_once(void **state)
{
	const char *src = "void cmd(const char *a)\n"
	                  "{\n"
	                  "  if (!strcmp(a, \"x\")) {\n"
	                  "    x();\n"
	                  "  } else if (!strcmp(a, \"y\")) {\n"
	                  "    y();\n"
	                  "  } else if (!strcmp(a, \"z\")) {\n"
	                  "    if (ready) z();\n"
	                  "  } else {\n"
	                  "    err();\n"
	                  "  }\n"
	                  "}\n";
	struct tg_function_list l = scan("C", src);
	const struct tg_function *f = find(&l, "cmd");

	assert_int_equal(f->ccn, 5);            /* 1 + if + 2 else-if + nested if */
	assert_int_equal(f->ccn_structural, 3); /* 1 + the chain + the nested if */
	tg_function_list_clear(&l);
}

static void test_structural_nested_ifs_stay(void **state)
{
	const char *src = "int f(int a, int b)\n"
	                  "{\n"
	                  "  if (a) {\n"
	                  "    if (b) return 1;\n"
	                  "    while (b--) if (a) a--;\n"
	                  "  }\n"
	                  "  return a && b;\n"
	                  "}\n";
	struct tg_function_list l = scan("C", src);
	const struct tg_function *f = find(&l, "f");

	assert_int_equal(f->ccn, 6);
	assert_int_equal(f->ccn_structural, f->ccn);
	tg_function_list_clear(&l);
}

static void test_structural_python_elif_and_match(void **state)
{
	const char *src = "def route(p):\n"
	                  "    if p == 'a':\n"
	                  "        return 1\n"
	                  "    elif p == 'b':\n"
	                  "        return 2\n"
	                  "    elif p == 'c':\n"
	                  "        return 3\n"
	                  "    m = re.match(p, 'x')\n"
	                  "    return 0\n";
	struct tg_function_list l = scan("Python", src);
	const struct tg_function *f = find(&l, "route");

	assert_int_equal(f->ccn, 4);
	/* re.match( is a call, not a match statement: no choice added */
	assert_int_equal(f->ccn_structural, 2);
	tg_function_list_clear(&l);
}

static void test_structural_else_if_condition_operators_pick_the_arm(void **state)
{
	/* redis's subcommand chains: the && of an else-if's condition selects that arm;
	 * an && in an arm's own body is a path of its own */
	const char *src =
	        "void cmd(client *c)\n"
	        "{\n"
	        "  if (!strcasecmp(c->name, \"a\") && c->argc == 2) {\n"
	        "    a();\n"
	        "  } else if (!strcasecmp(c->name, \"b\") && c->argc == 3) {\n"
	        "    b();\n"
	        "  } else if (!strcasecmp(c->name, \"c\") && (c->argc == 3 || c->argc == 4)) {\n"
	        "    if (ready && c->argc) c3();\n"
	        "  } else {\n"
	        "    err();\n"
	        "  }\n"
	        "}\n";
	struct tg_function_list l = scan("C", src);
	const struct tg_function *f = find(&l, "cmd");

	(void)state;
	/* 1 + if && + (else if &&) + (else if && ||) + nested if && */
	assert_int_equal(f->ccn, 10);
	/* 1 + the chain (the first if and its &&) + the nested if and its && */
	assert_int_equal(f->ccn_structural, 5);
	tg_function_list_clear(&l);
}

static void test_structural_else_ifs_keyed_by_strings_are_counted(void **state)
{
	const char *src = "void cmd(client *c)\n"
	                  "{\n"
	                  "  if (!strcasecmp(c->name, \"a\")) {\n"
	                  "    a();\n"
	                  "  } else if (!strcasecmp(c->name, \"b\") && c->argc == 3) {\n"
	                  "    if (x == 1) b();\n"
	                  "  } else if (c->argc == 4) {\n"
	                  "    c4(\"not a key\");\n"
	                  "  } else if (!strcasecmp(c->name, \"d\")) {\n"
	                  "    d();\n"
	                  "  }\n"
	                  "}\n";
	struct tg_function_list l = scan("C", src);
	const struct tg_function *f = find(&l, "cmd");

	(void)state;
	/* two else-ifs name a string; the third compares a number, and a string in an
	 * arm's body is no key */
	assert_int_equal(f->keyed_arms, 2);
	tg_function_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_structural_switch_counts_once),
	        cmocka_unit_test(test_structural_else_if_chain_counts_once),
	        cmocka_unit_test(test_structural_nested_ifs_stay),
	        cmocka_unit_test(test_structural_python_elif_and_match),
	        cmocka_unit_test(test_structural_else_if_condition_operators_pick_the_arm),
	        cmocka_unit_test(test_structural_else_ifs_keyed_by_strings_are_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
