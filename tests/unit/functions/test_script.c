/*
 * JavaScript, TypeScript, Python, Ruby, PHP, Kotlin, Swift and Scala:
 * expected CCN, NLOC and parameters worked out by hand.
 */
#include "fn_check.h"

static void test_javascript(void **state)
{
	const char *src =
	        "const f = (a, b) => {\n"                             /* 1 */
	        "  return a ?? b;\n"                                  /* ??: one */
	        "};\n"                                                /* 3 */
	        "function named(x) {\n"                               /* 4 */
	        "  const s = `tpl ${x ? \"}\" : `nested ${x}`} }`;\n" /* a string */
	        "  return [1, 2].map(y => y * 2).filter(function (z) { return z > 1 && z < 9; });\n"
	        "}\n" /* 7 */
	        "const obj = {\n"
	        "  m(a) { if (a) { return 1; } },\n" /* 9 */
	        "  k: function () { return 2; },\n"  /* 10 */
	        "  get v() { return 3; },\n"         /* 11 */
	        "  e: () => 4,\n"                    /* 12 */
	        "};\n"
	        "class C extends D {\n"
	        "  constructor(p) { super(p); this.x = p || 0; }\n"                   /* 15 */
	        "  static s(a, b, c) { for (const q of a) { while (b) { b--; } } }\n" /* 16 */
	        "  h = async (e) => { try { } catch (err) { } };\n"                   /* 17 */
	        "}\n"
	        "const re = /[/\"']+/g; // comment }\n"
	        "export default function () { return a?.b ?? c; }\n"; /* 20 */
	struct tg_function_list l = scan("JavaScript", src);

	expect(&l, "f", 1, 3, 3, 2, 2);     /* lizard would say 3: it counts ?? twice */
	expect(&l, "named", 4, 7, 4, 1, 1); /* the arrow and the function are their own */
	expect(&l, "m", 9, 9, 1, 2, 1);
	expect(&l, "k", 10, 10, 1, 1, 0);
	expect(&l, "get v", 11, 11, 1, 1, 0);
	expect(&l, "e", 12, 12, 1, 1, 0);
	expect(&l, "constructor", 15, 15, 1, 2, 1);
	expect(&l, "s", 16, 16, 1, 3, 3);
	expect(&l, "h", 17, 17, 1, 2, 1);
	assert_int_equal(l.nr, 12); /* with the two anonymous ones on line 6 and line 20's */
	tg_function_list_clear(&l);
}

static void test_typescript(void **state)
{
	const char *src = "interface I { f(a?: number): string; }\n"
	                  "export class S<T> implements I {\n"
	                  "  private m: Map<string, number> = new Map();\n"
	                  "  f(a?: number, b: Array<T> = []): string {\n"     /* 4 */
	                  "    return a !== undefined ? `${a}` : \"none\";\n" /* ? (a?: is not) */
	                  "  }\n"                                             /* 6 */
	                  "  async g<K>(k: K): Promise<void> { if (k) { await h(); } }\n"
	                  "}\n"
	                  "export const handler = async (ev: Event): Promise<Result> => {\n" /* 9 */
	                  "  return ev?.x ?? null;\n"
	                  "};\n"
	                  "function over(a: string): void;\n"
	                  "function over(a: any): void { }\n"; /* 13 */
	struct tg_function_list l = scan("TypeScript", src);

	expect(&l, "f", 4, 6, 3, 2, 2);
	expect(&l, "g", 7, 7, 1, 2, 1);
	expect(&l, "handler", 9, 11, 3, 2, 1);
	expect(&l, "over", 13, 13, 1, 1, 1);
	assert_int_equal(l.nr, 4);
	tg_function_list_clear(&l);
}

static void test_python(void **state)
{
	const char *src = "import os\n"
	                  "\n"
	                  "@decorator(x=1)\n"
	                  "def outer(a, b=2, *args, **kw):\n" /* 4 */
	                  "    \"\"\"Docstring with { and '''.\n"
	                  "\n"
	                  "    More.\n"
	                  "    \"\"\"\n"
	                  "    def inner(x):\n"                            /* 9 */
	                  "        return [y for y in x if y and not y]\n" /* for if and */
	                  "    s = '''\n"
	                  "    not a def f():\n"
	                  "    '''\n"
	                  "    if a or b:\n" /* if or */
	                  "        pass\n"
	                  "    elif a:\n" /* elif */
	                  "        pass\n"
	                  "    return lambda q: q if q else 0\n" /* 18: if */
	                  "\n"
	                  "class K:\n"
	                  "    def method(self):\n" /* 21 */
	                  "        try:\n"
	                  "            pass\n"
	                  "        except ValueError:\n" /* except */
	                  "            pass\n"
	                  "        finally:\n" /* finally */
	                  "            pass\n" /* 27 */
	                  "\n"
	                  "    async def am(self, x): return x\n" /* 29 */
	                  "def tail(): match x:\n"                /* 30 */
	                  "    case 1:\n"                         /* case */
	                  "        pass\n";
	struct tg_function_list l = scan("Python", src);

	/* def line, lines 11-13 (a string, not a docstring) and 14-18; not the docstring */
	expect(&l, "outer", 4, 18, 9, 5, 4);
	expect(&l, "outer.inner", 9, 10, 2, 4, 1);
	expect(&l, "method", 21, 27, 7, 3, 1);
	expect(&l, "am", 29, 29, 1, 1, 2);
	expect(&l, "tail", 30, 32, 3, 2, 0);
	assert_int_equal(l.nr, 5);
	tg_function_list_clear(&l);
}

static void test_ruby(void **state)
{
	const char *src = "class Foo < Bar\n"
	                  "  def initialize(a, b = {})\n" /* 2 */
	                  "    @a = a\n"
	                  "    text = <<~EOS\n"
	                  "      def fake\n"
	                  "      end\n"
	                  "    EOS\n"
	                  "    return if a.nil?\n" /* if */
	                  "    items.each do |i|\n"
	                  "      puts \"#{i ? \"x\" : 'y'} end\"\n"
	                  "    end\n"
	                  "  end\n" /* 12 */
	                  "\n"
	                  "  def self.build x, y\n"          /* 14 */
	                  "    while x do x -= 1 end\n"      /* while */
	                  "    y = if x then 1 else 2 end\n" /* if */
	                  "    case y\n"
	                  "    when 1 then :a\n" /* when */
	                  "    when 2 then :b\n" /* when */
	                  "    end\n"
	                  "    z = x.empty? ? 1 : 2\n" /* ? */
	                  "    unless z\n"             /* unless: not counted */
	                  "      raise \"no\"\n"
	                  "    end\n"
	                  "  rescue StandardError\n" /* rescue */
	                  "    nil\n"
	                  "  end\n" /* 27 */
	                  "\n"
	                  "  def short = @a + 1\n"
	                  "  def q?; true; end\n"
	                  "end\n"
	                  "=begin\n"
	                  "def notreal\n"
	                  "end\n"
	                  "=end\n";
	struct tg_function_list l = scan("Ruby", src);

	expect(&l, "initialize", 2, 12, 11, 2, 2);
	expect(&l, "self.build", 14, 27, 14, 7, 2);
	expect(&l, "short", 29, 29, 1, 1, 0);
	expect(&l, "q?", 30, 30, 1, 1, 0);
	assert_int_equal(l.nr, 4);
	tg_function_list_clear(&l);
}

static void test_php(void **state)
{
	const char *src =
	        "<html><?php if ($x) { ?> it's <b>html</b> <?php } ?>\n"
	        "<?php\n"
	        "namespace App;\n"
	        "class User {\n"
	        "    public function name(string $a, ?int $b = null): ?string {\n" /* 5 */
	        "        $s = <<<EOT\n"
	        "        function fake() { {\n"
	        "        EOT;\n"
	        "        return $a ?? ($b ? \"x\" : 'y');\n" /* ?: ?? does not count in PHP */
	        "    }\n"                                    /* 10 */
	        "    private static function &ref($x) { foreach ($x as $y) { if ($y && $x) {} } }\n"
	        "}\n"
	        "$f = function ($a) use ($b) { return $a ?: $b; };\n";
	struct tg_function_list l = scan("PHP", src);

	expect(&l, "name", 5, 10, 6, 2, 2);
	expect(&l, "ref", 11, 11, 1, 4, 1);
	expect(&l, "$f", 13, 13, 1, 1, 1);
	assert_int_equal(l.nr, 3);
	tg_function_list_clear(&l);
}

static void test_kotlin_swift_scala(void **state)
{
	const char *kt = "class K(val x: Int) {\n"
	                 "    fun f(a: Int, b: String?): Int {\n" /* 2 */
	                 "        val s = \"t ${if (a > 0) \"}\" else \"{\"} e\"\n"
	                 "        return when (a) {\n"
	                 "            1 -> 10\n"
	                 "            2, 3 -> 20\n"
	                 "            else -> b?.length ?: 0\n" /* 3 arms: 2; ?: 1 */
	                 "        }\n"
	                 "    }\n" /* 9 */
	                 "    fun String.ext(): Boolean = this.isEmpty()\n"
	                 "    fun g() { list.forEach { x -> if (x && y) println(x) } }\n"
	                 "}\n"
	                 "interface Q { fun abs(x: Int): Int\n"
	                 "  fun other() {} }\n";
	const char *sw = "class V {\n"
	                 "    init(x: Int?) { self.x = x ?? 0 }\n"
	                 "    func f(_ a: Int, b: String?) -> Int {\n" /* 3 */
	                 "        guard let b = b else { return 0 }\n" /* guard */
	                 "        let s = \"v \\(a > 0 ? \"}\" : \"{\")\"\n"
	                 "        return a > 1 ? 1 : (b.isEmpty ? 2 : 3)\n" /* ? ? */
	                 "    }\n"                                          /* 7 */
	                 "    deinit { }\n"
	                 "}\n"
	                 "protocol P { func sig() -> Int\n"
	                 "  func g() }\n";
	const char *sc = "object Main {\n"
	                 "  def f(a: Int)(b: Int): Int = {\n" /* 2 */
	                 "    a match { case 1 => 2 case _ => if (b > 0 && a < 1) 3 else 4 }\n"
	                 "  }\n"
	                 "  def g = 5\n"
	                 "  def h: Unit = { while (x) do () }\n"
	                 "}\n";
	struct tg_function_list l = scan("Kotlin", kt);

	expect(&l, "f", 2, 9, 8, 4, 2);
	expect(&l, "g", 11, 11, 1, 3, 0);
	expect(&l, "other", 14, 14, 1, 1, 0);
	assert_int_equal(l.nr, 3); /* = expression bodies are not counted, as lizard */
	tg_function_list_clear(&l);

	l = scan("Swift", sw);
	expect(&l, "init", 2, 2, 1, 1, 1); /* Int? and ?? make no decision */
	expect(&l, "f", 3, 7, 5, 4, 2);
	expect(&l, "deinit", 8, 8, 1, 1, 0);
	assert_int_equal(l.nr, 3);
	tg_function_list_clear(&l);

	l = scan("Scala", sc);
	expect(&l, "f", 2, 4, 3, 5, 2); /* case case if && */
	expect(&l, "h", 6, 6, 1, 3, 0); /* while do */
	assert_int_equal(l.nr, 2);
	tg_function_list_clear(&l);
}

static void test_unknown_language(void **state)
{
	struct tg_function_list l = scan("Markdown", "int f() { }");

	assert_int_equal(l.nr, 0);
	assert_false(tg_functions_supported("Markdown"));
	assert_true(tg_functions_supported("TypeScript"));
	tg_function_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_javascript),
	        cmocka_unit_test(test_typescript),
	        cmocka_unit_test(test_python),
	        cmocka_unit_test(test_ruby),
	        cmocka_unit_test(test_php),
	        cmocka_unit_test(test_kotlin_swift_scala),
	        cmocka_unit_test(test_unknown_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
