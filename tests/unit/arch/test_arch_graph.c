#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "arch/arch.h"

static void build(const char *const *files, size_t n, struct tg_arch_graph *g)
{
	const char *paths[32], *texts[32];

	for (size_t i = 0; i < n; i++)
		paths[i] = files[2 * i], texts[i] = files[2 * i + 1];
	tg_arch_build_mem(paths, texts, n, NULL, g);
}

static long node(const struct tg_arch_graph *g, const char *name)
{
	for (size_t i = 0; i < g->nodes_nr; i++)
		if (!strcmp(g->nodes[i], name))
			return (long)i;
	return -1;
}

static int has_edge(const struct tg_arch_graph *g, const char *from, const char *to)
{
	long f = node(g, from), t = node(g, to);
	for (size_t e = 0; e < g->edges_nr; e++)
		if ((long)g->edges[e].from == f && (long)g->edges[e].to == t)
			return 1;
	return 0;
}

static int has_ext(const struct tg_arch_graph *g, const char *from, const char *name)
{
	long f = node(g, from);
	for (size_t i = 0; i < g->ext_nr; i++)
		if ((long)g->ext[i].from == f && !strcmp(g->ext[i].name, name))
			return 1;
	return 0;
}

static void test_arch_c_includes_resolve_and_cycle_is_found(void **state)
{
	static const char *const f[] = {
	        "src/main.c",
	        "#include \"b.h\"\n#include <stdio.h>\n/* #include \"c.h\" */\n",
	        "src/b.h",
	        "  #  include \"c.h\"\n",
	        "src/c.h",
	        "// #include \"main.c\"\n#include \"b.h\"\nconst char *s = \"#include "
	        "\\\"x.h\\\"\";\n",
	        "include/lib/api.h",
	        "#include <lib/impl.h>\n",
	        "include/lib/impl.h",
	        "\n"};
	struct tg_arch_graph g;
	struct tg_arch_report r;

	(void)state;
	build(f, 5, &g);
	assert_int_equal(g.nodes_nr, 5);
	assert_true(has_edge(&g, "src/main.c", "src/b.h"));
	assert_true(has_edge(&g, "src/b.h", "src/c.h"));
	assert_true(has_edge(&g, "src/c.h", "src/b.h"));
	assert_false(has_edge(&g, "src/main.c", "src/c.h")); /* in a comment */
	assert_true(has_edge(&g, "include/lib/api.h", "include/lib/impl.h"));
	assert_true(has_ext(&g, "src/main.c", "stdio.h"));
	assert_int_equal(g.edges_nr, 4);
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.cycles_nr, 1);
	assert_int_equal(r.cycles[0].nodes_nr, 2);
	assert_int_equal(r.cycles[0].cut_nr, 1);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
}

static void test_arch_c_include_dirs_come_before_the_tree(void **state)
{
	const char *paths[] = {"a/x.c", "inc/h.h", "other/h.h"};
	const char *texts[] = {"#include <h.h>\n", "", ""};
	struct tg_strlist dirs = TG_STRLIST_INIT;
	struct tg_arch_graph g;

	(void)state;
	tg_strlist_add(&dirs, "other");
	tg_arch_build_mem(paths, texts, 3, &dirs, &g);
	assert_true(has_edge(&g, "a/x.c", "other/h.h"));
	assert_false(has_edge(&g, "a/x.c", "inc/h.h"));
	tg_arch_graph_release(&g);
	tg_strlist_clear(&dirs);
}

static void test_arch_python_relative_and_package_imports(void **state)
{
	static const char *const f[] = {
	        "src/pkg/__init__.py",
	        "from .a import run\n",
	        "src/pkg/a.py",
	        "import os, sys as system\nfrom . import b\n",
	        "src/pkg/b.py",
	        "from .sub.c import (\n    thing,  # why\n    other as o,\n)\n",
	        "src/pkg/sub/__init__.py",
	        "",
	        "src/pkg/sub/c.py",
	        "'''\nimport pkg.b\n'''\nx = 1; import pkg.a\nfrom ..a import run\n",
	        "tests/test_a.py",
	        "from pkg.sub import c\nimport pytest\n"};
	struct tg_arch_graph g;
	struct tg_arch_report r;

	(void)state;
	build(f, 6, &g);
	assert_true(has_edge(&g, "src/pkg/__init__.py", "src/pkg/a.py"));
	assert_true(has_edge(&g, "src/pkg/a.py", "src/pkg/b.py"));
	assert_true(has_edge(&g, "src/pkg/b.py", "src/pkg/sub/c.py"));
	assert_true(has_edge(&g, "src/pkg/sub/c.py", "src/pkg/a.py"));
	assert_false(has_edge(&g, "src/pkg/sub/c.py", "src/pkg/b.py")); /* in a string */
	assert_true(has_edge(&g, "tests/test_a.py", "src/pkg/sub/c.py"));
	assert_true(has_ext(&g, "src/pkg/a.py", "os"));
	assert_true(has_ext(&g, "src/pkg/a.py", "sys"));
	assert_true(has_ext(&g, "tests/test_a.py", "pytest"));
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.cycles_nr, 1);
	assert_int_equal(r.cycles[0].nodes_nr, 3);
	assert_int_equal(r.cycles[0].cut_nr, 1);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
}

static void test_arch_python_type_checking_imports_are_not_edges(void **state)
{
	static const char *const f[] = {
	        "m/a.py",
	        "import typing as t\nif t.TYPE_CHECKING:  # for mypy\n    from .b import B\n\n"
	        "    # more\n    from .c import C\nfrom .d import D\n"
	        "if TYPE_CHECKING_X:\n    from .c import C\n",
	        "m/b.py",
	        "",
	        "m/c.py",
	        "",
	        "m/d.py",
	        ""};
	struct tg_arch_graph g;

	(void)state;
	build(f, 4, &g);
	assert_false(has_edge(&g, "m/a.py", "m/b.py"));
	assert_true(has_edge(&g, "m/a.py", "m/d.py"));
	assert_true(has_edge(&g, "m/a.py", "m/c.py")); /* under another name's if */
	assert_int_equal(g.edges_nr, 2);
	tg_arch_graph_release(&g);
}

static void test_arch_javascript_imports_exports_and_requires(void **state)
{
	static const char *const f[] = {
	        "web/a.ts",         "import { x } from './b';\nimport React from 'react';\n",
	        "web/b.ts",         "export * from \"./lib\";\nimport '@scope/pkg/sub';\n",
	        "web/lib/index.js", "const a = require('../a');\n// import z from './nope'\n"};
	struct tg_arch_graph g;
	struct tg_arch_report r;

	(void)state;
	build(f, 3, &g);
	assert_true(has_edge(&g, "web/a.ts", "web/b.ts"));
	assert_true(has_edge(&g, "web/b.ts", "web/lib/index.js"));
	assert_true(has_edge(&g, "web/lib/index.js", "web/a.ts"));
	assert_true(has_ext(&g, "web/a.ts", "react"));
	assert_true(has_ext(&g, "web/b.ts", "@scope/pkg"));
	assert_int_equal(g.edges_nr, 3);
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.cycles_nr, 1);
	assert_int_equal(r.cycles[0].nodes_nr, 3);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
}

static void test_arch_go_packages_within_the_module(void **state)
{
	static const char *const f[] = {
	        "go.mod",      "module example.com/m\n\ngo 1.21\n",
	        "a/a.go",      "package a\nimport \"example.com/m/b\"\n",
	        "b/b.go",      "package b\nimport (\n\t\"fmt\"\n\tx \"example.com/m/a\"\n)\n",
	        "b/b_test.go", "package b\nimport \"example.com/m/c\"\n",
	        "c/c.go",      "package c\n",
	        "main.go",     "package main\nimport \"example.com/m/c\"\n"};
	struct tg_arch_graph g;
	struct tg_arch_report r;

	(void)state;
	build(f, 6, &g);
	assert_true(has_edge(&g, "a/", "b/"));
	assert_true(has_edge(&g, "b/", "a/"));
	assert_true(has_edge(&g, "./", "c/"));
	assert_false(has_edge(&g, "b/", "c/")); /* a test file's import */
	assert_true(has_ext(&g, "b/", "fmt"));
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.cycles_nr, 1);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
}

static void test_arch_java_and_kotlin_imports_by_package(void **state)
{
	static const char *const f[] = {
	        "src/main/java/com/ex/a/A.java",
	        "package com.ex.a;\nimport com.ex.b.B;\nimport java.util.List;\n"
	        "/* import com.ex.c.C; */\nclass A {}\n",
	        "src/main/java/com/ex/b/B.java",
	        "package com.ex.b;\n\nimport static com.ex.a.A.run;\n"
	        "class B { String s = \"import com.ex.c.C;\"; }\n",
	        "src/main/kotlin/com/ex/c/C.kt",
	        "package com.ex.c\nimport com.ex.a.*\nimport com.ex.b.B as Bee\n"};
	struct tg_arch_graph g;
	struct tg_arch_report r;

	(void)state;
	build(f, 3, &g);
	assert_true(has_edge(&g, "src/main/java/com/ex/a/A.java", "src/main/java/com/ex/b/B.java"));
	assert_true(has_edge(&g, "src/main/java/com/ex/b/B.java", "src/main/java/com/ex/a/A.java"));
	assert_true(has_edge(&g, "src/main/kotlin/com/ex/c/C.kt", "src/main/java/com/ex/a/A.java"));
	assert_true(has_edge(&g, "src/main/kotlin/com/ex/c/C.kt", "src/main/java/com/ex/b/B.java"));
	assert_int_equal(g.edges_nr, 4);
	assert_true(has_ext(&g, "src/main/java/com/ex/a/A.java", "java.util.List"));
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.cycles_nr, 1);
	assert_int_equal(r.cycles[0].nodes_nr, 2);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
}

static void test_arch_rust_mods_and_crate_paths(void **state)
{
	static const char *const f[] = {
	        "src/lib.rs",
	        "pub mod net;\nmod util;\nuse crate::net::http::Client;\n"
	        "use std::collections::HashMap;\n// mod fake;\n",
	        "src/net/mod.rs",
	        "pub mod http;\npub(crate) use super::util::helper;\n",
	        "src/net/http.rs",
	        "use crate::util;\nuse self::inner::X;\n/* use crate::lib; */\n",
	        "src/util.rs",
	        "#[cfg(test)]\nmod tests;\nfn f<'a>(x: &'a str) -> char { '{' }\n"
	        "use crate::net::http;\n"};
	struct tg_arch_graph g;
	struct tg_arch_report r;

	(void)state;
	build(f, 4, &g);
	assert_true(has_edge(&g, "src/lib.rs", "src/net/mod.rs"));
	assert_true(has_edge(&g, "src/lib.rs", "src/util.rs"));
	assert_true(has_edge(&g, "src/lib.rs", "src/net/http.rs"));
	assert_true(has_edge(&g, "src/net/mod.rs", "src/net/http.rs"));
	assert_true(has_edge(&g, "src/net/mod.rs", "src/util.rs"));
	assert_true(has_edge(&g, "src/net/http.rs", "src/util.rs"));
	assert_true(has_edge(&g, "src/util.rs", "src/net/http.rs"));
	assert_int_equal(g.edges_nr, 7);
	assert_true(has_ext(&g, "src/lib.rs", "std"));
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.cycles_nr, 1);
	assert_int_equal(r.cycles[0].nodes_nr, 2);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
}

/* a <-> b with five imports one way and one the other: the cut is the single import. */
static void test_arch_feedback_arc_set_cuts_the_lighter_edge(void **state)
{
	static const char *const f[] = {
	        "a/1.c", "#include \"../b/x.h\"\n", "a/2.c", "#include \"../b/x.h\"\n",
	        "a/3.c", "#include \"../b/x.h\"\n", "a/4.c", "#include \"../b/y.h\"\n",
	        "a/5.c", "#include \"../b/y.h\"\n", "a/h.h", "",
	        "b/x.h", "#include \"../a/h.h\"\n", "b/y.h", ""};
	struct tg_arch_graph fg, g;
	struct tg_arch_report r;

	(void)state;
	build(f, 8, &fg);
	tg_arch_collapse(&fg, TG_ARCH_DIR, &g);
	assert_int_equal(g.nodes_nr, 2);
	assert_int_equal(g.edges_nr, 2);
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.cycles_nr, 1);
	assert_int_equal(r.cycles[0].cut_nr, 1);
	assert_string_equal(g.nodes[g.edges[r.cycles[0].cut[0]].from], "b");
	assert_int_equal(r.cycles[0].cut_imports, 1);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
	tg_arch_graph_release(&fg);
}

static void test_arch_layer_violation_is_a_lower_layer_importing_a_higher(void **state)
{
	static const char *const f[] = {
	        "src/util/u.c", "#include \"../app/a.h\"\n",  "src/app/a.h",  "",
	        "src/app/m.c",  "#include \"../util/u.h\"\n", "src/util/u.h", ""};
	struct tg_strlist bottom = TG_STRLIST_INIT, top = TG_STRLIST_INIT;
	struct tg_arch_layer layers[2] = {{"util", &bottom}, {"app", &top}};
	struct tg_arch_graph fg, g;
	struct tg_arch_report r;

	(void)state;
	tg_strlist_add(&bottom, "src/util/**");
	tg_strlist_add(&top, "src/app/**");
	build(f, 4, &fg);
	tg_arch_collapse(&fg, TG_ARCH_DIR, &g);
	tg_arch_analyze(&g, layers, 2, &r);
	assert_int_equal(r.layer_violation_nr, 1);
	assert_string_equal(g.nodes[g.edges[r.layer_violation[0]].from], "src/util");
	assert_string_equal(g.nodes[g.edges[r.layer_violation[0]].to], "src/app");
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
	tg_arch_graph_release(&fg);
	tg_strlist_clear(&bottom);
	tg_strlist_clear(&top);
}

/* core is used by three and uses volatile, which uses three: core (I=0.25) -> volatile (I=0.75). */
static void test_arch_stable_module_depending_on_unstable_is_flagged(void **state)
{
	static const char *const f[] = {
	        "u1/a.c",   "#include \"../core/c.h\"\n",
	        "u2/a.c",   "#include \"../core/c.h\"\n",
	        "u3/a.c",   "#include \"../core/c.h\"\n",
	        "core/c.h", "#include \"../vol/v.h\"\n",
	        "vol/v.h",  "#include \"../x/x.h\"\n#include \"../y/y.h\"\n#include \"../z/z.h\"\n",
	        "x/x.h",    "",
	        "y/y.h",    "",
	        "z/z.h",    ""};
	struct tg_arch_graph fg, g;
	struct tg_arch_report r;

	(void)state;
	build(f, 8, &fg);
	tg_arch_collapse(&fg, TG_ARCH_DIR, &g);
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.cycles_nr, 0);
	assert_true(r.unstable_nr >= 1);
	assert_string_equal(g.nodes[g.edges[r.unstable[0]].from], "core");
	assert_string_equal(g.nodes[g.edges[r.unstable[0]].to], "vol");
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
	tg_arch_graph_release(&fg);
}

static void test_arch_fan_in_outlier_over_the_spread(void **state)
{
	const char *paths[20], *texts[20];
	char names[20][16];
	struct tg_arch_graph g;
	struct tg_arch_report r;

	(void)state;
	for (int i = 0; i < 19; i++) {
		snprintf(names[i], sizeof(names[i]), "f%02d.c", i);
		paths[i] = names[i];
		texts[i] = "#include \"hub.h\"\n";
	}
	paths[19] = "hub.h", texts[19] = "";
	tg_arch_build_mem(paths, texts, 20, NULL, &g);
	tg_arch_analyze(&g, NULL, 0, &r);
	assert_int_equal(r.fan_in_outlier_nr, 1);
	assert_string_equal(g.nodes[r.fan_in_outlier[0]], "hub.h");
	assert_int_equal(r.fan_out_outlier_nr, 0);
	tg_arch_report_release(&r);
	tg_arch_graph_release(&g);
}

static void test_arch_package_level_groups_under_src(void **state)
{
	static const char *const f[] = {
	        "src/a/x.c", "#include \"../b/y.h\"\n",     "src/b/y.h", "",
	        "tools/t.c", "#include \"../src/b/y.h\"\n", "top.c",     ""};
	struct tg_arch_graph fg, g;

	(void)state;
	build(f, 4, &fg);
	tg_arch_collapse(&fg, TG_ARCH_PACKAGE, &g);
	assert_int_equal(g.nodes_nr, 4);
	assert_true(has_edge(&g, "src/a", "src/b"));
	assert_true(has_edge(&g, "tools", "src/b"));
	assert_true(node(&g, ".") >= 0);
	tg_arch_graph_release(&g);
	tg_arch_graph_release(&fg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_arch_c_includes_resolve_and_cycle_is_found),
	        cmocka_unit_test(test_arch_c_include_dirs_come_before_the_tree),
	        cmocka_unit_test(test_arch_python_relative_and_package_imports),
	        cmocka_unit_test(test_arch_python_type_checking_imports_are_not_edges),
	        cmocka_unit_test(test_arch_javascript_imports_exports_and_requires),
	        cmocka_unit_test(test_arch_go_packages_within_the_module),
	        cmocka_unit_test(test_arch_java_and_kotlin_imports_by_package),
	        cmocka_unit_test(test_arch_rust_mods_and_crate_paths),
	        cmocka_unit_test(test_arch_feedback_arc_set_cuts_the_lighter_edge),
	        cmocka_unit_test(test_arch_layer_violation_is_a_lower_layer_importing_a_higher),
	        cmocka_unit_test(test_arch_stable_module_depending_on_unstable_is_flagged),
	        cmocka_unit_test(test_arch_fan_in_outlier_over_the_spread),
	        cmocka_unit_test(test_arch_package_level_groups_under_src),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
