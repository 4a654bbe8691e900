#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "read_other.h"

static void copy_fixture(const char *from, const char *to)
{
	struct tg_buf b = TG_BUF_INIT;

	assert_int_equal(tg_buf_read_file(&b, from), TG_OK);
	tl_write(root, to, b.buf);
	tg_buf_release(&b);
}

static void test_deps_maven_pom_properties_through_parent(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_dep *d;

	(void)state;
	copy_fixture(TG_SOURCE_DIR "/tests/data/deps/maven/parent/pom.xml", "svc/pom.xml");
	copy_fixture(TG_SOURCE_DIR "/tests/data/deps/maven/parent/app/pom.xml", "svc/app/pom.xml");
	assert_int_equal(read_in(root, "svc/app/pom.xml", &l), TG_OK);
	assert_int_equal(l.nr, 8);
	d = must_find(&l, "com.fasterxml.jackson.core:jackson-databind");
	assert_string_equal(d->version, "2.15.2"); /* the parent's property */
	assert_string_equal(d->purl,
	                    "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2");
	assert_int_equal(d->line, 16);
	assert_true(d->direct);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	/* the parent's managed version, with the child's property overriding the parent's */
	assert_string_equal(must_find(&l, "org.slf4j:slf4j-api")->version, "2.0.9");
	assert_string_equal(must_find(&l, "com.google.guava:guava")->version, "32.1.2-jre");
	/* project coordinates inherited from the parent */
	assert_string_equal(must_find(&l, "com.example:core")->version, "2.1.0");
	assert_int_equal(must_find(&l, "junit:junit")->scope, TG_DEP_DEV);
	assert_int_equal(must_find(&l, "javax.servlet:servlet-api")->scope, TG_DEP_OPTIONAL);
	d = must_find(&l, "org.yaml:snakeyaml");
	assert_int_equal(d->scope, TG_DEP_OPTIONAL);
	assert_null(d->version);
	assert_string_equal(d->range, "[1.33,2.0)");
	/* an unknown property: version unknown, and said */
	d = must_find(&l, "org.unknown:mystery");
	assert_null(d->version);
	assert_null(d->range);
	assert_true(warned(&l, "svc/app/pom.xml:53: version ${not.defined}"));
	tg_dep_list_clear(&l);

	/* the parent read alone: its managed versions, the import BOM left out */
	assert_int_equal(read_in(root, "svc/pom.xml", &l), TG_OK);
	assert_int_equal(l.nr, 1);
	d = must_find(&l, "org.slf4j:slf4j-api");
	assert_string_equal(d->version, "1.7.36");
	assert_false(d->direct);
	tg_dep_list_clear(&l);
}

static const char child_of_outside[] =
        "<project>\n"
        "  <parent>\n"
        "    <groupId>com.example</groupId><artifactId>parent</artifactId><version>1</version>\n"
        "    <relativePath>../../outside/pom.xml</relativePath>\n"
        "  </parent>\n"
        "  <artifactId>a</artifactId>\n"
        "  <dependencies>\n"
        "    <dependency><groupId>g</groupId><artifactId>x</artifactId>"
        "<version>${leak}</version></dependency>\n"
        "  </dependencies>\n"
        "</project>\n";

static void test_deps_maven_pom_parent_outside_root_refused(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	char *outer = tl_tmpdir();
	char sub[4096];

	(void)state;
	/* root is outer/repo; the parent it names is outer/outside/pom.xml */
	tl_write(outer, "outside/pom.xml",
	         "<project><groupId>com.example</groupId><artifactId>parent</artifactId>"
	         "<properties><leak>SECRET</leak></properties></project>\n");
	tl_write(outer, "repo/m/pom.xml", child_of_outside);
	snprintf(sub, sizeof(sub), "%s/repo", outer);
	assert_int_equal(read_in(sub, "m/pom.xml", &l), TG_OK);
	assert_int_equal(l.nr, 1);
	assert_null(l.v[0].version);
	assert_true(warned(&l, "m/pom.xml:2: parent pom not read"));
	assert_true(warned(&l, "escapes the repository"));
	for (size_t i = 0; i < l.warnings.nr; i++)
		assert_null(strstr(l.warnings.v[i], "SECRET"));
	tg_dep_list_clear(&l);
	tl_rmtree(outer);
}

static void test_deps_maven_pom_wrong_parent_and_symlink(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	/* the pom at ../pom.xml is another project's: not used */
	tl_write(root, "w/pom.xml",
	         "<project><groupId>other</groupId><artifactId>thing</artifactId>"
	         "<properties><v>9</v></properties></project>\n");
	assert_int_equal(
	        write_read(root, "w/c/pom.xml",
	                   "<project><parent><groupId>g</groupId><artifactId>p</artifactId>"
	                   "</parent><artifactId>c</artifactId><dependencies><dependency>"
	                   "<groupId>g</groupId><artifactId>d</artifactId><version>${v}"
	                   "</version></dependency></dependencies></project>\n",
	                   &l),
	        TG_OK);
	assert_null(must_find(&l, "g:d")->version);
	assert_true(warned(&l, "is not the parent g:p"));
	tg_dep_list_clear(&l);
	/* a parent reached through a symbolic link is refused */
	tl_sh(root, "mkdir -p s/c && ln -s ../w/pom.xml s/pom.xml");
	assert_int_equal(
	        write_read(root, "s/c/pom.xml",
	                   "<project><parent><groupId>other</groupId><artifactId>thing"
	                   "</artifactId></parent><artifactId>c</artifactId><dependencies>"
	                   "<dependency><groupId>g</groupId><artifactId>d</artifactId>"
	                   "<version>${v}</version></dependency></dependencies></project>\n",
	                   &l),
	        TG_OK);
	assert_null(must_find(&l, "g:d")->version);
	assert_true(warned(&l, "parent pom not read"));
	tg_dep_list_clear(&l);
}

static void test_deps_maven_pom_parent_from_a_repository(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	/* spring-boot-starter-parent is in a repository, not on disk: versions unknown, one
	 * warning for them all, none for the default ../pom.xml above the root */
	assert_int_equal(write_read(root, "pom.xml",
	                            "<project>\n<parent><groupId>org.springframework.boot</groupId>"
	                            "<artifactId>spring-boot-starter-parent</artifactId>"
	                            "<version>3.2.0</version></parent>\n<dependencies>\n"
	                            "<dependency><groupId>a</groupId><artifactId>b</artifactId>"
	                            "</dependency>\n<dependency><groupId>a</groupId>"
	                            "<artifactId>c</artifactId></dependency>\n</dependencies>\n"
	                            "</project>\n",
	                            &l),
	                 TG_OK);
	assert_int_equal(l.nr, 2);
	assert_null(must_find(&l, "a:b")->version);
	assert_int_equal(l.warnings.nr, 1);
	assert_true(warned(&l, "pom.xml:4: 2 dependencies without a version here or in a parent "
	                       "pom on disk (versions unknown): a:b, a:c"));
	tg_dep_list_clear(&l);
}

static void test_deps_maven_pom_hostile_xml(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;

	(void)state;
	tl_write(root, "secret.txt", "TOPSECRET");
	assert_int_equal(write_read(root, "x/pom.xml",
	                            "<?xml version=\"1.0\"?>\n"
	                            "<!DOCTYPE project [\n"
	                            "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
	                            "]>\n"
	                            "<project><dependencies><dependency><groupId>g</groupId>"
	                            "<artifactId>a</artifactId><version>&xxe;</version>"
	                            "</dependency></dependencies></project>\n",
	                            &l),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "x/pom.xml:2: a DOCTYPE is refused"));
	assert_int_equal(l.nr, 0);
	/* a billion laughs through properties stops at a bound */
	assert_int_equal(
	        write_read(
	                root, "x/pom.xml",
	                "<project><properties><a>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</a>"
	                "<b>${a}${a}${a}${a}${a}${a}${a}${a}</"
	                "b><c>${b}${b}${b}${b}${b}${b}${b}${b}</c>"
	                "<d>${c}${c}${c}${c}${c}${c}${c}${c}</"
	                "d><e>${d}${d}${d}${d}${d}${d}${d}${d}</e>"
	                "<f>${e}${e}${e}${e}${e}${e}${e}${e}</f><self>${self}</self></properties>"
	                "<dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
	                "<version>${f}</version></dependency><dependency><groupId>g</groupId>"
	                "<artifactId>b</artifactId><version>${self}</version></dependency>"
	                "</dependencies></project>\n",
	                &l),
	        TG_OK);
	assert_int_equal(l.nr, 2);
	assert_null(must_find(&l, "g:a")->version);
	assert_null(must_find(&l, "g:b")->version);
	tg_dep_list_clear(&l);
	/* UTF-16 hides a DOCTYPE from a byte search: refused as well */
	{
		static const char u16[] = "<\0p\0r\0o\0j\0e\0c\0t\0/\0>\0";
		struct tg_deps_file f = {-1, "u/pom.xml", u16, sizeof(u16) - 1};
		assert_int_equal(tg_deps_reader_for("pom.xml")->read(&f, &l), TG_ERR_INPUT);
		assert_non_null(strstr(tg_error_message(), "u/pom.xml:1: a NUL byte"));
	}
	assert_int_equal(write_read(root, "x/pom.xml", "<project>\n<dependencies>\n</project>", &l),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "x/pom.xml:3: malformed XML"));
	assert_int_equal(write_read(root, "x/pom.xml", "<settings/>", &l), TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "x/pom.xml:1: not a Maven POM"));
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_maven_pom_properties_through_parent),
	        cmocka_unit_test(test_deps_maven_pom_parent_outside_root_refused),
	        cmocka_unit_test(test_deps_maven_pom_wrong_parent_and_symlink),
	        cmocka_unit_test(test_deps_maven_pom_parent_from_a_repository),
	        cmocka_unit_test(test_deps_maven_pom_hostile_xml),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
