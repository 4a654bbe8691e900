#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "read_other.h"

static const char gomod[] = "// the service\n"
                            "module example.com/svc\n"
                            "\n"
                            "go 1.21.0\n"
                            "\n"
                            "toolchain go1.22.3\n"
                            "\n"
                            "require github.com/gin-gonic/gin v1.9.1\n"
                            "\n"
                            "require (\n"
                            "\tgolang.org/x/net v0.17.0 // indirect\n"
                            "\tgithub.com/BurntSushi/toml v1.3.2\n"
                            "\texample.com/local v0.0.0\n"
                            "\tgopkg.in/yaml.v3 v3.0.1 // indirect; keep\n"
                            "\tgithub.com/old/lib v1.0.0\n"
                            ")\n"
                            "\n"
                            "replace example.com/local => ../local\n"
                            "replace github.com/old/lib v1.0.0 => github.com/new/lib v1.2.0\n"
                            "exclude golang.org/x/net v0.1.0\n"
                            "retract [v0.1.0, v0.2.0]\n";

static void test_deps_go_mod_requires_replaces_and_stdlib(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	assert_int_equal(write_read(root, "svc/go.mod", gomod, &l), TG_OK);
	assert_int_equal(l.nr, 7);
	d = must_find(&l, "github.com/gin-gonic/gin");
	assert_string_equal(d->version, "v1.9.1");
	assert_true(d->direct);
	assert_int_equal(d->line, 8);
	assert_string_equal(d->file, "svc/go.mod");
	assert_string_equal(d->purl, "pkg:golang/github.com/gin-gonic/gin@v1.9.1");
	d = must_find(&l, "golang.org/x/net");
	assert_false(d->direct);
	assert_int_equal(d->line, 11);
	/* names keep their case */
	assert_string_equal(must_find(&l, "github.com/BurntSushi/toml")->version, "v1.3.2");
	assert_false(must_find(&l, "gopkg.in/yaml.v3")->direct);
	/* a local replace: a directory, not a registry package */
	d = must_find(&l, "example.com/local");
	assert_int_equal(d->origin, TG_DEP_PATH);
	assert_null(d->version);
	assert_int_equal(d->line, 18);
	/* a module replace: what is built is the replacement */
	assert_null(find_dep(&l, "github.com/old/lib"));
	d = must_find(&l, "github.com/new/lib");
	assert_string_equal(d->version, "v1.2.0");
	assert_int_equal(d->origin, TG_DEP_REGISTRY);
	assert_int_equal(d->line, 19);
	/* the toolchain is the standard library's version */
	d = must_find(&l, "stdlib");
	assert_string_equal(d->version, "v1.22.3");
	assert_int_equal(d->line, 6);
	tg_dep_list_clear(&l);
}

static void test_deps_go_mod_replace_of_another_version_does_not_apply(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	assert_int_equal(write_read(root, "go.mod",
	                            "module m\ngo 1.20\nrequire a.com/x v1.0.0\n"
	                            "replace a.com/x v0.9.0 => b.com/x v2.0.0\n",
	                            &l),
	                 TG_OK);
	assert_int_equal(l.nr, 1); /* "go 1.20" names no patch release: no stdlib */
	assert_string_equal(must_find(&l, "a.com/x")->version, "v1.0.0");
	tg_dep_list_clear(&l);
}

static void test_deps_go_mod_malformed_names_file_and_line(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	static const char *const bad[][2] = {
	        {"module m\nrequire (\n\ta.com/x v1.0.0\n", "go.mod:2: require block not closed"},
	        {"module m\n\nrequire a.com/x\n", "go.mod:3: usage: require"},
	        {"module m\nrequire a.com/x 1.0.0\n", "go.mod:2: a.com/x: invalid version"},
	        {"module m\nreplace a.com/x => b.com/y\n", "go.mod:2: replacement module without"},
	        {"module \"m\n", "go.mod:1: unterminated quoted string"},
	        {"module m\nfrobnicate x\n", "go.mod:2: unknown directive: frobnicate"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(write_read(root, "go.mod", bad[i][0], &l), TG_ERR_INPUT);
		if (!strstr(tg_error_message(), bad[i][1]))
			fail_msg("%s: expected \"%s\"", tg_error_message(), bad[i][1]);
		tg_dep_list_clear(&l);
	}
}

static void test_deps_go_sum_hashes_direct_and_stale(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	tl_write(root, "sum/go.mod",
	         "module m\ngo 1.21\nrequire (\n\tgithub.com/a/a v1.2.0\n"
	         "\tgithub.com/b/b v0.3.0 // indirect\n\texample.com/here v0.0.0\n"
	         "\tgithub.com/old/lib v1.0.0\n)\n"
	         "replace example.com/here => ./here\n"
	         "replace github.com/old/lib => github.com/new/lib v1.1.0\n");
	assert_int_equal(write_read(root, "sum/go.sum",
	                            "github.com/a/a v1.1.0 h1:old=\n"
	                            "github.com/a/a v1.1.0/go.mod h1:oldmod=\n"
	                            "github.com/a/a v1.2.0 h1:aaa=\n"
	                            "github.com/a/a v1.2.0/go.mod h1:aaamod=\n"
	                            "github.com/b/b v0.3.0 h1:bbb=\n"
	                            "github.com/c/c v0.9.0/go.mod h1:ccc=\n"
	                            "\n"
	                            "github.com/d/d v2.0.0+incompatible h1:ddd=\n"
	                            "github.com/new/lib v1.1.0 h1:new=\n",
	                            &l),
	                 TG_OK);
	assert_int_equal(l.nr, 5);
	d = must_find(&l, "github.com/a/a");
	assert_string_equal(d->version, "v1.2.0"); /* v1.1.0 is stale: go.mod builds v1.2.0 */
	assert_int_equal(d->line, 3);
	assert_true(d->direct);
	assert_int_equal(d->hashes.nr, 1);
	assert_string_equal(d->hashes.v[0], "h1:aaa=");
	assert_false(must_find(&l, "github.com/b/b")->direct);
	assert_null(find_dep(&l, "github.com/c/c")); /* only its go.mod was read */
	d = must_find(&l, "github.com/d/d");         /* not in go.mod: transitive */
	assert_false(d->direct);
	assert_string_equal(d->version, "v2.0.0+incompatible");
	assert_true(must_find(&l, "github.com/new/lib")->direct);
	/* the local directory comes from go.mod ("go 1.21": no stdlib) */
	d = must_find(&l, "example.com/here");
	assert_int_equal(d->origin, TG_DEP_PATH);
	assert_string_equal(d->file, "sum/go.mod");
	assert_int_equal(d->line, 9);
	tg_dep_list_clear(&l);
}

static void test_deps_go_sum_without_go_mod_and_malformed(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	/* several versions of one module: the highest is the one built */
	assert_int_equal(write_read(root, "alone/go.sum",
	                            "x.com/y v1.0.0 h1:y0=\nx.com/y v1.10.0 h1:y10=\n"
	                            "x.com/y v1.9.0 h1:y9=\nx.com/z v0.1.0 h1:z=\n",
	                            &l),
	                 TG_OK);
	assert_int_equal(l.nr, 2);
	assert_false(l.v[0].direct);
	assert_string_equal(l.v[0].version, "v1.10.0");
	assert_string_equal(l.v[0].purl, "pkg:golang/x.com/y@v1.10.0");
	assert_string_equal(l.v[0].hashes.v[0], "h1:y10=");
	assert_int_equal(l.v[0].hashes.nr, 1);
	assert_int_equal(l.v[0].line, 2);
	tg_dep_list_clear(&l);
	assert_int_equal(write_read(root, "alone/go.sum", "x.com/y v1.0.0 h1:y=\nx.com/z v1\n", &l),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "alone/go.sum:2: malformed go.sum line"));
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_go_mod_requires_replaces_and_stdlib),
	        cmocka_unit_test(test_deps_go_mod_replace_of_another_version_does_not_apply),
	        cmocka_unit_test(test_deps_go_mod_malformed_names_file_and_line),
	        cmocka_unit_test(test_deps_go_sum_hashes_direct_and_stale),
	        cmocka_unit_test(test_deps_go_sum_without_go_mod_and_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
