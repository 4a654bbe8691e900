/*
 * C, C++, Java, C#, Go and Rust: expected CCN, NLOC and parameters worked
 * out by hand from the rules in README "Functions and complexity (CCN)".
 */
#include "fn_check.h"

static void test_c_functions_ccn_nloc_params(void **state)
{
	const char *src = "/* header { */\n"                        /* 1 */
	                  "#include <stdio.h>\n"                    /* 2 */
	                  "static int foo(int a, char *b)\n"        /* 3 */
	                  "{\n"                                     /* 4 */
	                  "\tconst char *s = \"}{ /* not */\";\n"   /* 5 */
	                  "\tif (a && b) {\n"                       /* 6: if && */
	                  "\t\treturn 1;\n"                         /* 7 */
	                  "\t} else if (a || !b) {\n"               /* 8: if || */
	                  "#ifdef X\n"                              /* 9: #ifdef */
	                  "\t\treturn 2;\n"                         /* 10 */
	                  "#endif\n"                                /* 11 */
	                  "\t}\n"                                   /* 12 */
	                  "\tswitch (a) {\n"                        /* 13 */
	                  "\tcase 1: break;\n"                      /* 14: case */
	                  "\tcase 2: case 3: break;\n"              /* 15: case case */
	                  "\tdefault: break;\n"                     /* 16 */
	                  "\t}\n"                                   /* 17 */
	                  "\tfor (;;) { while (a) a--; }\n"         /* 18: for while */
	                  "\tdo { a++; } while (a < 3);\n"          /* 19: while */
	                  "\treturn a ? 1 : 2;\n"                   /* 20: ? */
	                  "}\n"                                     /* 21 */
	                  "\n"                                      /* 22 */
	                  "int main(void) { return foo(1, 0); }\n"  /* 23 */
	                  "int proto(int a);\n"                     /* 24 */
	                  "SYSCALL_DEFINE2(open, int, a, int, b)\n" /* 25 */
	                  "{\n"
	                  "\treturn 0;\n"
	                  "}\n"
	                  "static void __init late(void) __attribute__((cold));\n"
	                  "struct item *make(struct item *p) { return p ? p : 0; }\n" /* 30 */
	                  "static long el(long a) { return a ?: 1; }\n"; /* 31: GNU ?: */
	struct tg_function_list l = scan("C", src);

	/* 1 + if && if || #ifdef case case case for while while ? = 13, as lizard's example */
	expect(&l, "foo", 3, 21, 19, 13, 2);
	expect(&l, "main", 23, 23, 1, 1, 0); /* (void) is no parameter */
	expect(&l, "SYSCALL_DEFINE2", 25, 28, 4, 1, 5);
	expect(&l, "make", 30, 30, 1, 2, 1);
	expect(&l, "el", 31, 31, 1, 2, 1);
	assert_int_equal(l.nr, 5); /* prototypes are not functions */
	tg_function_list_clear(&l);
}

static void test_cpp(void **state)
{
	const char *src =
	        "namespace ns {\n"                                                 /* 1 */
	        "class A : public B {\n"                                           /* 2 */
	        "public:\n"                                                        /* 3 */
	        "\tA(int x) : b(x), c{1} {}\n"                                     /* 4 */
	        "\t~A() {}\n"                                                      /* 5 */
	        "\tvoid f() const override;\n"                                     /* 6 */
	        "\tint g(int&& x) const { return x > 0 && x < 3 ? 1 : 0; }\n"      /* 7 */
	        "\tbool operator==(const A& o) const { return true; }\n"           /* 8 */
	        "\tint operator()(int a) { return a; }\n"                          /* 9 */
	        "};\n"                                                             /* 10 */
	        "}\n"                                                              /* 11 */
	        "std::vector<int> ns::A::get(int a, std::map<int, int> b) const\n" /* 12 */
	        "{\n"
	        "\tauto l = [](int x) { if (x) return 1; return 2; };\n" /* 14: if */
	        "\tconst char *r = R\"x(}{ \")\" )x\";\n"                /* 15 */
	        "\ttry { } catch (...) { }\n"                            /* 16: catch */
	        "\treturn l(a);\n"
	        "}\n" /* 18 */
	        "template <typename T> T tmax(T a, T b) { return a < b ? b : a; }\n";
	struct tg_function_list l = scan("C++", src);

	expect(&l, "ns::A::A", 4, 4, 1, 1, 1);
	expect(&l, "ns::A::~A", 5, 5, 1, 1, 0);
	expect(&l, "ns::A::g", 7, 7, 1, 3, 1); /* && ? (T&& is a reference) */
	expect(&l, "ns::A::operator ==", 8, 8, 1, 1, 1);
	expect(&l, "ns::A::operator ( )", 9, 9, 1, 1, 1);
	/* the lambda's `if` is the enclosing function's, as lizard counts C++ lambdas */
	expect(&l, "ns::A::get", 12, 18, 7, 3, 2);
	expect(&l, "tmax", 19, 19, 1, 2, 2);
	assert_int_equal(l.nr, 7);
	tg_function_list_clear(&l);
}

static void test_java(void **state)
{
	const char *src =
	        "package x;\n"
	        "@Foo(\"x\")\n"
	        "public class Outer extends Base implements I {\n"
	        "\tprivate Runnable r = new Runnable() { public void run() { if (a) {} } };\n" /* 4
	                                                                                        */
	        "\t@Override\n"
	        "\tpublic <T> List<T> foo(T x, Map<?, ?> m) throws IOException, Other {\n" /* 6 */
	        "\t\tString s = \"\"\"\n"
	        "\t\t\ttext { block\n"
	        "\t\t\t\"\"\";\n"
	        "\t\tfor (int i = 0; i < 3; i++) { if (i > 1 || x == null) { } }\n" /* for if || */
	        "\t\treturn m.isEmpty() ? null : x;\n"                              /* ? */
	        "\t}\n"                                                             /* 12 */
	        "\tstatic class Inner { void m() { switch (a) { case 1 -> f(); default -> g(); } } "
	        "}\n"
	        "\tOuter() { super(); }\n"
	        "}\n";
	struct tg_function_list l = scan("Java", src);

	expect(&l, "Outer::run", 4, 4, 1, 2, 0);
	expect(&l, "Outer::foo", 6, 12, 7, 5, 2); /* Map<?, ?>: one slot, no decisions */
	expect(&l, "Outer::Inner::m", 13, 13, 1, 2, 0);
	expect(&l, "Outer::Outer", 14, 14, 1, 1, 0);
	assert_int_equal(l.nr, 4);
	tg_function_list_clear(&l);
}

static void test_csharp(void **state)
{
	const char *src =
	        "namespace App.Core {\n"
	        "    [Attr(\"x\")]\n"
	        "    public class Svc<T> : Base, IFace where T : class {\n"
	        "        public int P { get; set; }\n"
	        "        public Svc(int x) : base(x) { }\n"                          /* 5 */
	        "        public string M(int? a, string b = @\"c:\\{\") {\n"         /* 6 */
	        "            var s = $\"{(a > 0 ? \"}\" : \"{\")} x\";\n"            /* in string */
	        "            foreach (var i in list) { if (i is null) continue; }\n" /* if */
	        "            return a ?? b?.Length ?? 0;\n"                          /* ?? ?? */
	        "        }\n"                                                        /* 10 */
	        "    }\n"
	        "}\n";
	struct tg_function_list l = scan("C#", src);

	expect(&l, "App.Core::Svc::Svc", 5, 5, 1, 1, 1);
	/* foreach does not count (as lizard); ?? counts one each; int? is a type */
	expect(&l, "App.Core::Svc::M", 6, 10, 5, 4, 2);
	tg_function_list_clear(&l);
}

static void test_go(void **state)
{
	const char *src =
	        "package main\n"
	        "func (s *Server) Handle(w http.ResponseWriter, r *Request) (int, error) {\n" /* 2
	                                                                                       */
	        "\tif r == nil || w == nil { return 0, nil }\n"  /* if || */
	        "\tgo func() { for i := range x { _ = i } }()\n" /* own function */
	        "\tswitch x { case 1: case 2: }\n"               /* case case */
	        "\treturn 1, nil\n"
	        "}\n"                                                      /* 7 */
	        "func plain(a, b int) int { s := `raw { \"`; return a }\n" /* 8 */
	        "type I interface { M(x int) error }\n"
	        "var f func(int) int\n"
	        "func generic[T any](x T) T { return x }\n";
	struct tg_function_list l = scan("Go", src);

	expect(&l, "Handle", 2, 7, 6, 5, 2);
	expect(&l, "(anonymous)", 4, 4, 1, 2, 0);
	expect(&l, "plain", 8, 8, 1, 1, 2);
	expect(&l, "generic", 11, 11, 1, 1, 1);
	assert_int_equal(l.nr, 4);
	tg_function_list_clear(&l);
}

static void test_rust(void **state)
{
	const char *src =
	        "impl<T: Clone> Foo<T> {\n"
	        "    pub fn new(a: T, b: &'a str) -> Result<Self, E> where T: ?Sized {\n" /* where
	                                                                                   */
	        "        let s = r#\"raw \" { \"#;\n"
	        "        let c = '{';\n"
	        "        let v = x.map(|y| if y { 1 } else { 2 })?;\n" /* if ? */
	        "        match a { Some(x) => x, None => 0 };\n"       /* match, once */
	        "        if a && b { } /* nested /* comment */ { */\n" /* if && */
	        "        Ok(v)\n"
	        "    }\n" /* 9 */
	        "    fn sig(&self);\n"
	        "}\n"
	        "fn free<'a>(x: &'a i32) -> impl Fn(i32) -> i32 { move |y| y + x }\n";
	struct tg_function_list l = scan("Rust", src);

	expect(&l, "new", 2, 9, 8, 7, 2);
	expect(&l, "free", 12, 12, 1, 1, 1);
	assert_int_equal(l.nr, 2);
	tg_function_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_c_functions_ccn_nloc_params),
	        cmocka_unit_test(test_cpp),
	        cmocka_unit_test(test_java),
	        cmocka_unit_test(test_csharp),
	        cmocka_unit_test(test_go),
	        cmocka_unit_test(test_rust),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
