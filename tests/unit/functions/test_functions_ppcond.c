/*
 * C and C++ under the preprocessor: one branch of each #if/#ifdef/#ifndef ...
 * #elif/#else ... #endif is read for brace matching and counting (the first,
 * or the first after `#if 0`), as pmccabe does; the conditional directives
 * themselves still count as lizard counts them (#if, #ifdef, #elif: 1 each).
 */
#include "fn_check.h"

/* curl's openssl.c pattern: each branch opens the same block. */
static void test_ppcond_ifdef_else_braces_read_once(void **state)
{
	const char *src = "static int step(int lib, int reason)\n" /* 1 */
	                  "{\n"                                    /* 2 */
	                  "  if(lib == 1) {\n"                     /* 3: if */
	                  "    return 1;\n"                        /* 4 */
	                  "  }\n"                                  /* 5 */
	                  "#ifdef HAVE_ECH\n"                      /* 6: #ifdef */
	                  "  else if((lib == 2) &&\n"              /* 7: if && */
	                  "#ifndef BORING\n"                       /* 8 */
	                  "          (reason == 3)) {\n"           /* 9 */
	                  "#else\n"                                /* 10 */
	                  "          (reason == 4 || x)) {\n"      /* 11: not read */
	                  "#endif\n"                               /* 12 */
	                  "    return 2;\n"                        /* 13 */
	                  "  }\n"                                  /* 14 */
	                  "#endif\n"                               /* 15 */
	                  "  return 0;\n"                          /* 16 */
	                  "}\n"                                    /* 17 */
	                  "int next(void) { return 0; }\n";        /* 18 */
	struct tg_function_list l = scan("C", src);

	/* 1 + if + #ifdef + if && = 5; lines 11 is not code read */
	expect(&l, "step", 1, 17, 16, 5, 2);
	expect(&l, "next", 18, 18, 1, 1, 0);
	assert_int_equal(l.nr, 2);
	tg_function_list_clear(&l);
}

static void test_ppcond_if_zero_reads_else(void **state)
{
	const char *src = "int f(int x)\n"        /* 1 */
	                  "{\n"                   /* 2 */
	                  "#if 0 /* old */\n"     /* 3: #if */
	                  "  if (x) { if (x) {\n" /* 4: not read */
	                  "#elif 0\n"             /* 5: #elif */
	                  "  for (;;) {\n"        /* 6: not read */
	                  "#else\n"               /* 7 */
	                  "  while (x) {\n"       /* 8: while */
	                  "#endif\n"              /* 9 */
	                  "    x--;\n"            /* 10 */
	                  "  }\n"                 /* 11 */
	                  "  return 0;\n"         /* 12 */
	                  "}\n"                   /* 13 */
	                  "#if 0\n"               /* 14 */
	                  "int dead(void) { }\n"  /* 15: never compiled */
	                  "#endif\n"              /* 16 */
	                  "#if 00\n"              /* 17: not a plain 0: read */
	                  "int live(void) { }\n"  /* 18 */
	                  "#endif\n"              /* 19 */
	                  "#if 0 || A\n"          /* 20: not a plain 0: read */
	                  "int also(void) { }\n"  /* 21 */
	                  "#endif\n";             /* 22 */
	struct tg_function_list l = scan("C", src);

	/* 1 + #if + #elif + while = 4 */
	expect(&l, "f", 1, 13, 11, 4, 1); /* lines 4 and 6 are not read */
	expect(&l, "live", 18, 18, 1, 1, 0);
	expect(&l, "also", 21, 21, 1, 1, 0);
	assert_int_equal(l.nr, 3);
	tg_function_list_clear(&l);
}

static void test_ppcond_nested_conditionals(void **state)
{
	const char *src = "int g(int x)\n"              /* 1 */
	                  "{\n"                         /* 2 */
	                  "#if 1\n"                     /* 3: #if */
	                  "  if (x) {\n"                /* 4: if */
	                  "#  ifdef Q\n"                /* 5: #ifdef */
	                  "    if (x > 1) {\n"          /* 6: if */
	                  "#  else\n"                   /* 7 */
	                  "#    if 0\n"                 /* 8: #if, inside a branch not read */
	                  "    while (x) {\n"           /* 9 */
	                  "#    else\n"                 /* 10 */
	                  "    for (;;) {\n"            /* 11 */
	                  "#    endif\n"                /* 12 */
	                  "#  endif\n"                  /* 13 */
	                  "#else\n"                     /* 14 */
	                  "  while (x) { while (x) {\n" /* 15 */
	                  "#endif\n"                    /* 16 */
	                  "    x--;\n"                  /* 17 */
	                  "  }}\n"                      /* 18 */
	                  "  return 0;\n"               /* 19 */
	                  "}\n"                         /* 20 */
	                  "int h(void) { return 1; }\n";
	struct tg_function_list l = scan("C++", src);

	/* 1 + #if + if + #ifdef + if + #if (line 8, a directive: counted) = 6 */
	expect(&l, "g", 1, 20, 17, 6, 1);
	expect(&l, "h", 21, 21, 1, 1, 0);
	tg_function_list_clear(&l);
}

/* Whole functions per configuration, and extern "C" opened and closed under #ifdef. */
static void test_ppcond_function_heads_and_extern_c(void **state)
{
	const char *src = "#ifdef __cplusplus\n"                     /* 1 */
	                  "extern \"C\" {\n"                         /* 2 */
	                  "#endif\n"                                 /* 3 */
	                  "#ifdef WIN32\n"                           /* 4 */
	                  "int open_it(const char *p) {\n"           /* 5 */
	                  "#else\n"                                  /* 6 */
	                  "int open_it(const char *p, int mode) {\n" /* 7 */
	                  "#endif\n"                                 /* 8 */
	                  "  return p != 0;\n"                       /* 9 */
	                  "}\n"                                      /* 10 */
	                  "int after(void) { return 0; }\n"          /* 11 */
	                  "#ifdef __cplusplus\n"                     /* 12 */
	                  "}\n"                                      /* 13 */
	                  "#endif\n";                                /* 14 */
	struct tg_function_list l = scan("C++", src);

	expect(&l, "open_it", 5, 10, 5, 1, 1);
	expect(&l, "after", 11, 11, 1, 1, 0);
	assert_int_equal(l.nr, 2);
	tg_function_list_clear(&l);
}

/*
 * Stray and unterminated directives change nothing; and where the branch read
 * leaves the braces unbalanced but reading every branch balances them, the
 * file is read as written.
 */
static void test_ppcond_unbalanced(void **state)
{
	const char *stray = "#endif\n"
	                    "#else\n"
	                    "int a(int x) { return x ? 1 : 2; }\n" /* 3 */
	                    "#if A\n"
	                    "int b(void) { return 0; }\n"; /* 5: #if never closed */
	const char *odd = "int c(int x)\n"                 /* 1 */
	                  "{\n"                            /* 2 */
	                  "#ifdef A\n"                     /* 3: #ifdef */
	                  "  if (x) {\n"                   /* 4: if */
	                  "    x++;\n"                     /* 5 */
	                  "#else\n"                        /* 6 */
	                  "  }\n"                          /* 7: the other branch closes it */
	                  "#endif\n"                       /* 8 */
	                  "  return x;\n"                  /* 9 */
	                  "}\n"                            /* 10 */
	                  "int d(void) { return 0; }\n";   /* 11 */
	struct tg_function_list l = scan("C", stray);

	expect(&l, "a", 3, 3, 1, 2, 1);
	expect(&l, "b", 5, 5, 1, 1, 0);
	tg_function_list_clear(&l);
	l = scan("C", odd);
	expect(&l, "c", 1, 10, 10, 3, 1);
	expect(&l, "d", 11, 11, 1, 1, 0);
	assert_int_equal(l.nr, 2);
	tg_function_list_clear(&l);
}

/* Only C and C++ are preprocessed: C#'s #if is left as it was. */
static void test_ppcond_not_csharp(void **state)
{
	const char *src = "class A {\n"
	                  "  int F(int x) {\n" /* 2 */
	                  "#if DEBUG\n"
	                  "    if (x > 0) return 1;\n"
	                  "#else\n"
	                  "    if (x > 1) return 2;\n"
	                  "#endif\n"
	                  "    return 0;\n"
	                  "  }\n" /* 9 */
	                  "}\n";
	struct tg_function_list l = scan("C#", src);

	expect(&l, "A::F", 2, 9, 8, 3, 1);
	tg_function_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ppcond_ifdef_else_braces_read_once),
	        cmocka_unit_test(test_ppcond_if_zero_reads_else),
	        cmocka_unit_test(test_ppcond_nested_conditionals),
	        cmocka_unit_test(test_ppcond_function_heads_and_extern_c),
	        cmocka_unit_test(test_ppcond_unbalanced),
	        cmocka_unit_test(test_ppcond_not_csharp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
