/*
 * Hostile input: deep nesting, one huge line, unterminated literals,
 * non-UTF-8 bytes, CR and CRLF line ends. Each must end, in bounded stack.
 */
#include "fn_check.h"

#include <stdlib.h>

static const char *const langs[] = {"C",          "C++",    "Java",  "C#",    "JavaScript",
                                    "TypeScript", "Python", "Go",    "Rust",  "Ruby",
                                    "PHP",        "Kotlin", "Swift", "Scala", NULL};

static void scan_all(const unsigned char *data, size_t len)
{
	for (size_t i = 0; langs[i]; i++) {
		struct tg_function_list l = TG_FUNCTION_LIST_INIT;

		assert_int_equal(tg_functions_scan_named(langs[i], data, len, &l), 0);
		tg_function_list_clear(&l);
	}
}

static void test_deep_nesting(void **state)
{
	size_t n = 100000, k = 0;
	unsigned char *s = malloc(3 * n + 64);
	struct tg_function_list l = TG_FUNCTION_LIST_INIT;

	k += (size_t)sprintf((char *)s, "void f() ");
	for (size_t i = 0; i < n; i++)
		s[k++] = '{';
	for (size_t i = 0; i < n; i++)
		s[k++] = '}';
	scan_all(s, k);
	assert_int_equal(tg_functions_scan_named("C", s, k, &l), 0);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.v[0].tokens, 2 * n + 3); /* f ( ) and the braces */
	tg_function_list_clear(&l);
	/* only openers, and (((( too */
	memset(s, '{', 2 * n);
	memset(s + 2 * n, '(', n);
	scan_all(s, 3 * n);
	/* nested Python defs, 2,000 deep */
	k = 0;
	for (size_t i = 0; i < 2000 && k < 3 * n; i++) {
		for (size_t j = 0; j < i && k < 3 * n - 20; j++)
			s[k++] = ' ';
		if (k < 3 * n - 20)
			k += (size_t)sprintf((char *)s + k, "def f%zu():\n", i % 10);
	}
	scan_all(s, k);
	free(s);
}

static void test_minified_line(void **state)
{
	const char *unit = "var a=function(b){return b?c(b&&d):function(){if(e)f()}};";
	size_t ulen = strlen(unit), n = (5u << 20) / ulen, k = 0;
	unsigned char *s = malloc(n * ulen + 1);
	struct tg_function_list l = TG_FUNCTION_LIST_INIT;

	for (size_t i = 0; i < n; i++, k += ulen)
		memcpy(s + k, unit, ulen);
	assert_int_equal(tg_functions_scan_named("JavaScript", s, k, &l), 0);
	assert_int_equal(l.nr, 2 * n);   /* a, and the anonymous function inside */
	assert_int_equal(l.v[0].ccn, 3); /* ? && */
	assert_int_equal(l.v[1].ccn, 2); /* if */
	tg_function_list_clear(&l);
	scan_all(s, k);
	free(s);
}

static void test_unterminated(void **state)
{
	static const char *const tails[] = {
	        "int f() { \"abc", "int f() { /* abc",
	        "int f() { 'a",    "def f():\n  '''abc",
	        "def f(:\n",       "x = `abc ${ {",
	        "s = <<~EOS\nabc", "$x = <<<EOT\nabc",
	        "r#\"abc",         "R\"x(abc",
	        "@\"abc",          "#\"abc",
	        "%w[abc",          "/[abc",
	        "#if\\",           "fn f<T(",
	};

	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
		scan_all((const unsigned char *)tails[i], strlen(tails[i]));
}

static void test_bytes_and_line_ends(void **state)
{
	unsigned char junk[4096];
	struct tg_function_list l;
	unsigned seed = 7;

	for (size_t round = 0; round < 64; round++) {
		for (size_t i = 0; i < sizeof(junk); i++) {
			seed = seed * 1103515245u + 12345u;
			junk[i] = (unsigned char)(seed >> 16);
		}
		scan_all(junk, sizeof(junk));
	}
	/* CR-only line ends still give lines */
	l = scan("C", "int f()\r{\r\tif (a) {}\r}\r");
	expect(&l, "f", 1, 4, 4, 2, 0);
	tg_function_list_clear(&l);
	l = scan("Python", "def f(a):\r\n    if a:\r\n        pass\r\n");
	expect(&l, "f", 1, 3, 3, 2, 1);
	tg_function_list_clear(&l);
	/* no final newline; a name of bytes that are not UTF-8 */
	l = scan("Go", "func \xff\xfe(a int) { if a { } }");
	expect(&l, "\xEF\xBF\xBD\xEF\xBF\xBD", 1, 1, 1, 2, 1); /* U+FFFD each */
	tg_function_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deep_nesting),
	        cmocka_unit_test(test_minified_line),
	        cmocka_unit_test(test_unterminated),
	        cmocka_unit_test(test_bytes_and_line_ends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
