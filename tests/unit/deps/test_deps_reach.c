/* The import and identifier index: what it sees and what it must not claim. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "testlib.h"

#include "deps/reach.h"
#include "walk/walk.h"

#include <stdlib.h>

static struct tg_reach *build(const char *dir, enum tg_eco eco)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_reach *r = NULL;

	o.root = dir;
	assert_int_equal(tg_reach_build(&o, eco, &r), 0);
	return r;
}

static void test_go_imports_in_blocks_and_single_lines_are_seen(void **state)
{
	char *d = tl_tmpdir();
	struct tg_reach *r;

	(void)state;
	tl_write(d, "main.go",
	         "package main\n\nimport (\n\t\"fmt\"\n\tyaml \"gopkg.in/yaml.v2\"\n)\n"
	         "import \"golang.org/x/net/html/atom\"\n"
	         "// import \"github.com/commented/out\"\n"
	         "func main() { fmt.Println(yaml.Unmarshal, \"github.com/in/a/string\") }\n");
	r = build(d, TG_ECO_GO);
	assert_int_equal(tg_reach_imports(r, "gopkg.in/yaml.v2"), 1);
	assert_int_equal(tg_reach_imports(r, "golang.org/x/net"), 1); /* a package below it */
	assert_int_equal(tg_reach_imports(r, "golang.org/x/net/html/atom"), 1);
	assert_int_equal(tg_reach_imports(r, "golang.org/x/ne"), 0); /* not a path prefix */
	assert_int_equal(tg_reach_imports(r, "github.com/commented/out"), 0);
	assert_int_equal(tg_reach_imports(r, "github.com/in/a/string"), 0);
	assert_int_equal(tg_reach_names(r, "Unmarshal"), 1);
	assert_int_equal(tg_reach_names(r, "Decoder.Decode"), 0);
	tg_reach_free(r);
	tl_rmtree(d);
}

static void test_rust_crates_read_dashes_as_underscores(void **state)
{
	char *d = tl_tmpdir();
	struct tg_reach *r;

	(void)state;
	tl_write(d, "src/lib.rs",
	         "use smallvec::SmallVec;\nfn f() { let v: SmallVec<[u8; 4]> = "
	         "SmallVec::new(); serde_json::to_string(&v); }\n");
	r = build(d, TG_ECO_CRATES);
	assert_int_equal(tg_reach_imports(r, "serde-json"), 1);
	assert_int_equal(tg_reach_imports(r, "smallvec"), 1);
	assert_int_equal(tg_reach_imports(r, "tokio"), 0);
	assert_int_equal(tg_reach_names(r, "smallvec::SmallVec::insert_many"), 0);
	assert_int_equal(tg_reach_names(r, "smallvec::SmallVec::new"), 1);
	tg_reach_free(r);
	tl_rmtree(d);
}

static void test_npm_imports_name_the_package_not_the_subpath(void **state)
{
	char *d = tl_tmpdir();
	struct tg_reach *r;

	(void)state;
	tl_write(
	        d, "src/a.ts",
	        "import { merge } from 'lodash/merge';\nconst x = require(\"@babel/core/lib/x\");\n"
	        "import './local';\nconst s = 'minimist';\n");
	r = build(d, TG_ECO_NPM);
	assert_int_equal(tg_reach_imports(r, "lodash"), 1);
	assert_int_equal(tg_reach_imports(r, "@babel/core"), 1);
	assert_int_equal(tg_reach_imports(r, "minimist"), 0); /* a string, not an import */
	tg_reach_free(r);
	tl_rmtree(d);
}

static void test_no_source_files_means_no_claim(void **state)
{
	char *d = tl_tmpdir();
	struct tg_reach *r;

	(void)state;
	tl_write(d, "README.md", "import \"x\"\n");
	r = build(d, TG_ECO_GO);
	assert_int_equal(tg_reach_imports(r, "x"), -1);
	assert_int_equal(tg_reach_names(r, "X"), -1);
	tg_reach_free(r);
	tl_rmtree(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_go_imports_in_blocks_and_single_lines_are_seen),
	        cmocka_unit_test(test_rust_crates_read_dashes_as_underscores),
	        cmocka_unit_test(test_npm_imports_name_the_package_not_the_subpath),
	        cmocka_unit_test(test_no_source_files_means_no_claim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
