#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/context.h"
#include "config/config.h"
#include "testlib.h"
#include "util/wildmatch.h"

#include <stdlib.h>
#include <string.h>

static const char *cls(const struct tg_contexts *c, const char *path)
{
	return tg_context_name(tg_contexts_classify(c, path));
}

static void test_defaults_class_common_layouts(void **state)
{
	struct tg_config cfg;
	struct tg_contexts *c;

	(void)state;
	tg_config_init(&cfg);
	c = tg_contexts_new(&cfg, NULL);
	assert_string_equal(cls(c, "src/server.c"), "code");
	assert_string_equal(cls(c, "deps/jemalloc/src/arena.c"), "vendored");
	assert_string_equal(cls(c, "web/node_modules/x/index.js"), "vendored");
	assert_string_equal(cls(c, "go/vendor/github.com/a/b.go"), "vendored");
	assert_string_equal(cls(c, "tests/unit/test_x.c"), "test");
	assert_string_equal(cls(c, "pkg/a_test.go"), "test");
	assert_string_equal(cls(c, "app/test_views.py"), "test");
	assert_string_equal(cls(c, "pkg/testdata/key.pem"), "fixture");
	/* fixture is tried before test: a fixture under tests/ is a fixture */
	assert_string_equal(cls(c, "tests/fixtures/id_rsa"), "fixture");
	assert_string_equal(cls(c, "examples/client.py"), "example");
	assert_string_equal(cls(c, "docs/config.rst"), "docs");
	assert_string_equal(cls(c, "README.md"), "docs");
	/* Not documentation: build files and manifests end in .txt too. */
	assert_string_equal(cls(c, "CMakeLists.txt"), "code");
	assert_string_equal(cls(c, "requirements.txt"), "code");
	assert_string_equal(cls(c, "src/testing_util.c"), "code");
	assert_string_equal(cls(c, "contest/a.c"), "code");
	assert_string_equal(cls(c, NULL), "code");
	tg_contexts_free(c);
	tg_config_release(&cfg);
}

static void test_configured_lists_replace_defaults(void **state)
{
	struct tg_config cfg;
	struct tg_contexts *c;

	(void)state;
	tg_config_init(&cfg);
	assert_int_equal(tg_config_set(&cfg, "value_discovery.contexts.vendored",
	                               "ext/**,**/*.min.js", TG_ORIGIN_FLAG),
	                 0);
	c = tg_contexts_new(&cfg, NULL);
	assert_string_equal(cls(c, "ext/lua/lapi.c"), "vendored");
	assert_string_equal(cls(c, "web/a/jquery.min.js"), "vendored");
	assert_string_equal(cls(c, "deps/x.c"), "code");
	tg_contexts_free(c);
	tg_config_release(&cfg);
}

static void test_submodules_are_vendored(void **state)
{
	struct tg_config cfg;
	struct tg_contexts *c;
	char *dir = tl_tmpdir();

	(void)state;
	tl_write(dir, ".gitmodules",
	         "[submodule \"lib\"]\n"
	         "\tpath = external/libfoo\n"
	         "\turl = https://example.com/libfoo.git\n"
	         "[submodule \"odd\"]\n"
	         "  PATH=\"odd name[1]/\" ; a comment\n"
	         "[submodule \"evil\"]\n"
	         "\tpath = ../outside\n");
	tg_config_init(&cfg);
	c = tg_contexts_new(&cfg, dir);
	assert_string_equal(cls(c, "external/libfoo/src/a.c"), "vendored");
	assert_string_equal(cls(c, "external/libfoo/tests/t.c"), "vendored");
	assert_string_equal(cls(c, "odd name[1]/x.c"), "vendored");
	assert_string_equal(cls(c, "odd name1/x.c"), "code");
	assert_string_equal(cls(c, "external/libfoobar/a.c"), "code");
	tg_contexts_free(c);
	tg_config_release(&cfg);
	tl_rmtree(dir);
}

static void test_gitmodules_parser(void **state)
{
	struct tg_strlist l = TG_STRLIST_INIT;
	const char *t = "[submodule \"a\"]\npath = a/b\n\tpath=\"c d\" # x\npathx = no\n"
	                "path = /abs\npath = a/../b\npath = ./a\npath\npath = e\\\"f";

	(void)state;
	tg_contexts_gitmodules(t, strlen(t), &l);
	assert_int_equal(l.nr, 3);
	assert_string_equal(l.v[0], "a/b");
	assert_string_equal(l.v[1], "c d");
	assert_string_equal(l.v[2], "e\"f");
	tg_strlist_clear(&l);
}

/* The compiled shapes give wildmatch's answer on every path. */
static void test_compiled_globs_agree_with_wildmatch(void **state)
{
	static const char *globs[] = {
	        "deps/**",      "**/vendor/**", "**/*_test.go", "**/conftest.py",
	        "**/test_*.py", "**/*.md",      "a/b/**",       "**/a/b/**",
	        "*.c",          "src/*/x.c",    "**/**/x",      "**/[ab]*.c",
	        "**/x\\*y",     "**/a.c/**",
	};
	static const char *paths[] = {
	        "deps/a.c",    "deps",          "depsx/a.c",
	        "a/deps/b.c",  "vendor/x",      "a/vendor/b/c",
	        "a/vendorx/b", "xvendor/b",     "vendor",
	        "a/b_test.go", "_test.go",      "a/_test.gox",
	        "conftest.py", "a/conftest.py", "a/xconftest.py",
	        "test_a.py",   "a/b/test_.py",  "x.md",
	        "a/b/c.md",    "a/b/c",         "x/a/b/c",
	        "a/b",         "a.c",           "s/a.c",
	        "src/q/x.c",   "src/q/r/x.c",   "x",
	        "q/x",         "b.c",           "q/a.c",
	        "q/c.c",       "x*y",           "q/xzy",
	        "a.c/z",       "q/a.c/z/w",     "a/vendor/",
	};
	struct tg_config cfg;
	size_t g, p;

	(void)state;
	tg_config_init(&cfg);
	for (g = 0; g < sizeof(globs) / sizeof(globs[0]); g++) {
		struct tg_contexts *c;
		tg_strlist_clear(&cfg.value_discovery.contexts.vendored);
		tg_strlist_add(&cfg.value_discovery.contexts.vendored, globs[g]);
		c = tg_contexts_new(&cfg, NULL);
		for (p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
			int want = tg_wildmatch(globs[g], paths[p], TG_WM_PATHNAME);
			int got = tg_contexts_classify(c, paths[p]) == TG_CONTEXT_VENDORED;
			if (want != got)
				fail_msg("%s on %s: wildmatch %d, compiled %d", globs[g], paths[p],
				         want, got);
		}
		tg_contexts_free(c);
	}
	tg_config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_defaults_class_common_layouts),
	        cmocka_unit_test(test_configured_lists_replace_defaults),
	        cmocka_unit_test(test_submodules_are_vendored),
	        cmocka_unit_test(test_gitmodules_parser),
	        cmocka_unit_test(test_compiled_globs_agree_with_wildmatch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
