#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/count.h"

/*
 * Expected counts worked out by hand from the rules in README "Counting
 * rules", one case per language and per hazard (markers in strings, raw
 * strings, docstrings, template literals, heredocs, nesting, line ends).
 */
static void expect_counts(const char *lang, const char *src, size_t len, uint64_t blank,
                          uint64_t comment, uint64_t code, uint64_t cx)
{
	const struct tg_lang *l = tg_lang_by_name(lang);
	struct tg_file_counts c;

	assert_non_null(l);
	assert_int_equal(tg_analyze_count(l, (const unsigned char *)src, len, &c, NULL), 0);
	if (c.blank != blank || c.comment != comment || c.code != code || c.complexity != cx)
		fail_msg(
		        "%s: got blank %llu comment %llu code %llu complexity %llu, want %llu %llu "
		        "%llu %llu\n--\n%s",
		        lang, (unsigned long long)c.blank, (unsigned long long)c.comment,
		        (unsigned long long)c.code, (unsigned long long)c.complexity,
		        (unsigned long long)blank, (unsigned long long)comment,
		        (unsigned long long)code, (unsigned long long)cx, src);
	assert_int_equal(c.lines, blank + comment + code);
}

#define CHECK(lang, src, b, cm, cd, cx) expect_counts(lang, src, sizeof(src) - 1, b, cm, cd, cx)

static void test_c_lines_comments_strings_and_decisions(void **state)
{
	(void)state;
	/* the digest's example: cloc says 1 / 3 / 3 */
	CHECK("C",
	      "/* header\n   more header\n\n*/\nint x = 1; // trailing\n/* a */ int y = 2;\n"
	      "const char *s = \"/* not a comment */\";\n",
	      1, 3, 3, 0);
	CHECK("C", "char *s = \"{ // }\"; /* c */\nx();\n", 0, 0, 2, 0);
	CHECK("C", "char q = '\"'; // \"\n/* c */\n", 0, 1, 1, 0);
	CHECK("C", "char e = '\\''; char *t = \"\\\" /*\";\n// c\n", 0, 1, 1, 0);
	CHECK("C", "#error can't stop\n/* c */\n", 0, 1, 1, 0);
	CHECK("C", "char *s = \"a\\\n/* b */\";\n// c\n", 0, 1, 2, 0);
	CHECK("C", "int a;\n/* open\nstill\n", 0, 2, 1, 0);
	CHECK("C", "char *s = \"abc\n// c\n", 0, 1, 1, 0);
	CHECK("C", "", 0, 0, 0, 0);
	CHECK("C", "\n", 1, 0, 0, 0);
	CHECK("C", "  \t \n\n", 2, 0, 0, 0);
	CHECK("C", "int a;\n// c", 0, 1, 1, 0);
	CHECK("C", "int a;\n   ", 1, 0, 1, 0);
	CHECK("C", "int \xff\xfe = 1; /* \xc3( */\n\xff\n", 0, 0, 2, 0);
	CHECK("C",
	      "if (a && b || c) x = d ? 1 : 2; else if (e) for (;;) while (0);\n"
	      "switch (x) { case 1: default: ; }\n",
	      0, 0, 2, 8);
	CHECK("C", "#ifdef X\n#elif Y\n#ifndef Z\n#if W\n#endif\n", 0, 0, 5, 3);
	CHECK("C", "ifx iff notif _if if_ forward whiles elsewhere;\n", 0, 0, 1, 0);
	CHECK("C", "s = \"if && || ?\"; /* while ? */ c = '?'; // for\n", 0, 0, 1, 0);
}

static void test_line_ends(void **state)
{
	(void)state;
	CHECK("C", "int a;\r\n\r\n// c\r\n", 1, 1, 1, 0);
	CHECK("C", "int a;\r\r// c\r", 1, 1, 1, 0);
	CHECK("C", "/* a\r\rb */\rint x;", 1, 2, 1, 0);
	CHECK("C", "int a;\n\r\n\rx", 2, 0, 2, 0);
}

static void test_cpp(void **state)
{
	(void)state;
	CHECK("C++", "auto s = R\"x(/* not )\" comment */)x\"; // c\nint b;\n", 0, 0, 2, 0);
	CHECK("C++", "auto s = R\"(\n/* inside\n\n)\";\n/* real */\n", 1, 1, 3, 0);
	CHECK("C++", "auto t = u8R\"(// no)\"; try { } catch (...) { }\n", 0, 0, 1, 1);
	/* not a raw string: an identifier ending in R */
	CHECK("C++", "FOR\"/* x */\"; // c\n", 0, 0, 1, 0);
}

static void test_python(void **state)
{
	(void)state;
	/* the digest's example: cloc says 1 / 4 / 3 */
	CHECK("Python",
	      "def f():\n    \"\"\"Doc\n\n    more\n    \"\"\"\n    s = \"\"\"not\na "
	      "docstring\"\"\"\n"
	      "    return s  # c\n",
	      1, 4, 3, 0);
	CHECK("Python", "s = \"# not\" + '# nor'  \nt = f\"{x!r} # no\"\n# yes\n", 0, 1, 2, 0);
	CHECK("Python", "'''single\n# quoted doc'''\nx = '\\'' # c\n", 0, 2, 1, 0);
	CHECK("Python",
	      "if a and b or c: pass\nelif x: y = [i for i in z if i]\nwhile 1: pass\n"
	      "try: pass\nexcept E: pass\nfinally: pass\nelse_ = 1\nform = android = 0\n",
	      0, 0, 8, 9);
	CHECK("Python", "\"\"\"unterminated docstring\n\nstill", 1, 2, 0, 0);
}

static void test_javascript(void **state)
{
	(void)state;
	CHECK("JavaScript", "const t = `line1\n// not a comment ${x}\n`;\n// real\n", 0, 1, 3, 0);
	CHECK("JavaScript", "const v = a ?? b; const w = a?.b; const z = c ? 1 : 2;\n", 0, 0, 1, 2);
	CHECK("JavaScript", "s = '/* no'; t = \"*/ no\"; u = 'it\\'s'; /* c */\n", 0, 0, 1, 0);
	CHECK("JavaScript", "if (a || b) { for (;;) {} } else { while (x && y) {} }\n", 0, 0, 1, 5);
	CHECK("TypeScript",
	      "// c\nlet s: string = '/* no */';\nfunction f(a: number): number { return a > 0 ? "
	      "a : -a; }\n/*\n * doc\n */\n",
	      0, 4, 2, 1);
	CHECK("TypeScript", "const x = y ?? z ?? w; const t = `${a}\n\n/* */`;\n", 1, 0, 2, 2);
}

static void test_go(void **state)
{
	(void)state;
	CHECK("Go", "s := `/* not\n// not`\n// c\n", 0, 1, 2, 0);
	CHECK("Go", "for i := 0; i < n; i++ { if a && b {} }\nswitch { case x: }\n", 0, 0, 2, 4);
	CHECK("Go", "r := '\"' // c\n/* c */\n", 0, 1, 1, 0);
}

static void test_rust(void **state)
{
	(void)state;
	CHECK("Rust", "/* outer /* inner */ still comment */\nlet x = 1;\n", 0, 1, 1, 0);
	CHECK("Rust", "/* a\n   /* b */\n   c */\nfn main() {}\n", 0, 3, 1, 0);
	CHECK("Rust", "let s = r#\"a \"quote\" /* no */ \"#; // c\n/* c */\n", 0, 1, 1, 0);
	CHECK("Rust", "let s = r\"\\\"; /* c */\n", 0, 0, 1, 0);
	CHECK("Rust", "let b = br##\"x\"#\n/* y */\"##;\n", 0, 0, 2, 0);
	CHECK("Rust", "fn f<'a>(x: &'a str) -> &'a str { x } // c\n/* c */\n", 0, 1, 1, 0);
	CHECK("Rust", "let c = '\"'; let d = '\\''; /* c */\n// c\n", 0, 1, 1, 0);
	CHECK("Rust", "let s = \"multi\n/* not */\n\";\n", 0, 0, 3, 0);
	CHECK("Rust", "if a { } else if b { }\nmatch x { _ => f()? }\n", 0, 0, 2, 4);
	CHECK("Rust", "/* never /* closed */\nfn x() {}\n", 0, 2, 0, 0);
}

static void test_ruby(void **state)
{
	(void)state;
	CHECK("Ruby",
	      "=begin\ncomment\n=end\nputs \"# not\"\nx = <<~EOS\n  # inside heredoc\n\n  text\n"
	      "EOS\n# c\n",
	      1, 4, 5, 0);
	CHECK("Ruby", "if x.empty? then end\nunless y; end\nz = a ? b : c\n", 0, 0, 3, 2);
	CHECK("Ruby", "a << b # c\nclass << self\nend\n", 0, 0, 3, 0);
}

static void test_shell(void **state)
{
	(void)state;
	CHECK("Bourne Shell",
	      "#!/bin/sh\n# comment\necho \"# not a comment\" '# nor this'\necho ${#var} $# # "
	      "real\n"
	      "cat <<EOF\n# inside heredoc\nEOF\nif [ -n \"$x\" ] && [ -z \"$y\" ]; then :; fi\n",
	      0, 1, 7, 2);
	/* The #! line is code (cloc agrees), only on the first line. */
	CHECK("Bourne Again Shell", "#!/bin/bash\n#!not first\necho\n", 0, 1, 2, 0);
	CHECK("Python", "#!/usr/bin/env python3\n# c\nx = 1\n", 0, 1, 2, 0);
	CHECK("Perl", "#!/usr/bin/perl -w\n# c\nprint 1;\n", 0, 1, 2, 0);
	CHECK("awk", "#!/usr/bin/awk -f\n# c\n{ print }\n", 0, 1, 2, 0);
	CHECK("Bourne Shell", "# not a shebang\n!x\n", 0, 1, 1, 0);
	CHECK("Bourne Again Shell", "cat << 'END' > f\n$x # no\n\n  END\n# c\n", 1, 1, 3, 0);
	CHECK("Bourne Shell", "echo $((1<<2)) # c\n# d\n", 0, 1, 1, 0);
	CHECK("Bourne Shell", "x=$((y<<n)) # c\n# d\n", 0, 1, 1, 0);
	CHECK("Bourne Shell", "x=$(cat <<EOF\n# no\nEOF\n)\n# d\n", 0, 1, 4, 0);
}

static void test_java(void **state)
{
	(void)state;
	CHECK("Java",
	      "String s = \"\"\"\n    /* not */\n    \"\"\";\nchar c = '\\''; // c\n/** javadoc "
	      "*/\n",
	      0, 1, 4, 0);
	CHECK("Java", "for (int i : xs) { try { } catch (E e) { } }\n", 0, 0, 1, 2);
}

static void test_haskell(void **state)
{
	(void)state;
	CHECK("Haskell",
	      "{- outer {- nested -} still -}\nmain = putStrLn \"-- not\" -- c\n"
	      "foldl' f z xs = if x then y else z\n",
	      0, 1, 2, 1);
	CHECK("Haskell", "{- a\n{- b\n-}\nc -}\nx = 'a'\n", 0, 4, 1, 0);
}

static void test_html_sql_yaml(void **state)
{
	(void)state;
	CHECK("HTML", "<html>\n<!-- comment\n  more -->\n<p>text</p>\n", 0, 2, 2, 0);
	CHECK("HTML", "<p>x</p> <!-- c -->\n<!---->\n", 0, 1, 1, 0);
	CHECK("SQL",
	      "-- c\nSELECT 'it''s -- not', \"a\"\"b\" FROM t; /* c */\n/* multi\n\n*/\n"
	      "SELECT CASE WHEN a AND b THEN 1 END;\n",
	      1, 3, 2, 3);
	CHECK("SQL", "select 'multi\n-- not\n' from t;\n", 0, 0, 3, 0);
	CHECK("YAML", "# c\nkey: \"a # not\"\nother: value # c\nurl: http://x#frag\n", 0, 1, 3, 0);
	CHECK("JSON", "{\n  \"a\": \"// not\",\n\n  \"b\": 1\n}\n", 1, 0, 4, 0);
}

static void test_more_languages(void **state)
{
	(void)state;
	CHECK("C#", "var p = @\"C:\\dir\\\"; // c\n/* c */\n", 0, 1, 1, 0);
	CHECK("C#", "var q = @\"a \"\"/* no */\"\" b\";\nx = a ?? b;\n", 0, 0, 2, 1);
	CHECK("Swift", "/* a /* b */ c */\nguard let x = y else { return }\n", 0, 1, 1, 1);
	CHECK("Kotlin", "val s = \"\"\"\n// no\n\"\"\"\nval t = a ?: b\n", 0, 0, 4, 1);
	CHECK("D", "/+ a /+ b +/ c +/\n/* d /* e */\nint x;\n", 0, 2, 1, 0);
	CHECK("Lua", "--[[ block\ncomment ]]\nlocal s = [[\n-- no\n]]\n-- c\n", 0, 3, 3, 0);
	CHECK("PHP", "<?php\n$s = <<<EOT\n# no\nEOT;\n# c\n// c\n", 0, 2, 4, 0);
	CHECK("Perl", "my $n = $#a; # c\n=pod\n\ndoc\n=cut\nprint 1;\n", 1, 3, 2, 0);
	CHECK("Perl", "my %h = (a\n=> 1); # c\n# d\n", 0, 1, 2, 0);
	CHECK("OCaml", "(* a (* b *) c *)\nlet x = 1\n", 0, 1, 1, 0);
	CHECK("Assembly", "#include <x.h>\n\tmov r0, #1 ; c\n/* c */\n", 0, 2, 1, 0);
	CHECK("make", "# c\nall: x # c\n\techo \"don't\"\n", 0, 1, 2, 0);
	CHECK("Zig", "const s =\n    \\\\ // not\n;\n// c\n", 0, 1, 3, 0);
	CHECK("Julia", "#= a #= b =# c =#\nx = 1\n", 0, 1, 1, 0);
	CHECK("CMake", "#[[ block\n]]\nIF(x)\nendif()\n", 0, 2, 2, 1);
}

/* Hostile shapes: deep nesting, one 5 MB line, a lone quote, every byte value. */
static void test_hostile(void **state)
{
	(void)state;
	size_t n = 5u << 20;
	char *b = malloc(n + 1);
	struct tg_file_counts c;

	assert_non_null(b);
	for (size_t i = 0; i < 200000; i += 2)
		memcpy(b + i, "/*", 2);
	memset(b + 200000, 'x', 1000);
	memcpy(b + 201000, "\n*/", 4);
	assert_int_equal(
	        tg_analyze_count(tg_lang_by_name("Rust"), (unsigned char *)b, 201004, &c, NULL), 0);
	assert_int_equal(c.comment, 2);

	for (size_t i = 0; i < n; i++)
		b[i] = "{(if&&x?}'\"\\/*"[i % 14];
	for (size_t k = 0; k < tg_lang_count(); k++) {
		assert_int_equal(tg_analyze_count(tg_lang_at(k), (unsigned char *)b, n, &c, NULL),
		                 0);
		assert_int_equal(c.lines, 1);
	}
	/* one comment line of 5 MB full of marker-like capitals, with markers collected */
	struct tg_marker_list m = TG_MARKER_LIST_INIT;
	memcpy(b, "//", 2);
	for (size_t i = 2; i < n; i++)
		b[i] = "TODO T"[(i - 2) % 6];
	assert_int_equal(tg_analyze_count(tg_lang_by_name("C"), (unsigned char *)b, n, &c, &m), 0);
	assert_int_equal(m.nr, 1);
	assert_int_equal(c.comment, 1);
	tg_marker_list_clear(&m);
	b[0] = '/', b[1] = '*';
	assert_int_equal(tg_analyze_count(tg_lang_by_name("C"), (unsigned char *)b, n, &c, &m), 0);
	assert_int_equal(m.nr, 1);
	tg_marker_list_clear(&m);

	for (size_t i = 0; i < 256; i++)
		b[i] = (char)i;
	for (size_t k = 0; k < tg_lang_count(); k++) {
		assert_int_equal(tg_analyze_count(tg_lang_at(k), (unsigned char *)b, 256, &c, NULL),
		                 0);
		assert_int_equal(c.lines, c.blank + c.comment + c.code);
	}
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_c_lines_comments_strings_and_decisions),
	        cmocka_unit_test(test_line_ends),
	        cmocka_unit_test(test_cpp),
	        cmocka_unit_test(test_python),
	        cmocka_unit_test(test_javascript),
	        cmocka_unit_test(test_go),
	        cmocka_unit_test(test_rust),
	        cmocka_unit_test(test_ruby),
	        cmocka_unit_test(test_shell),
	        cmocka_unit_test(test_java),
	        cmocka_unit_test(test_haskell),
	        cmocka_unit_test(test_html_sql_yaml),
	        cmocka_unit_test(test_more_languages),
	        cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
