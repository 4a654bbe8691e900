#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "read_other.h"

static void fixture(const char *name, struct tg_buf *b)
{
	struct tg_buf path = TG_BUF_INIT;

	tg_buf_addf(&path, "%s/tests/data/deps/maven/%s", TG_SOURCE_DIR, name);
	assert_int_equal(tg_buf_read_file(b, path.buf), TG_OK);
	tg_buf_release(&path);
}

static void test_deps_maven_gradle_lockfile_configurations(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	struct tg_buf b = TG_BUF_INIT;
	const struct tg_dep *d;

	(void)state;
	fixture("gradle.lockfile", &b);
	assert_int_equal(write_read(root, "app/gradle.lockfile", b.buf, &l), TG_OK);
	assert_int_equal(l.nr, 4);
	d = must_find(&l, "com.fasterxml.jackson.core:jackson-databind");
	assert_string_equal(d->version, "2.15.2");
	assert_int_equal(d->line, 4);
	assert_int_equal(d->scope, TG_DEP_RUNTIME);
	assert_int_equal(must_find(&l, "com.google.guava:guava")->scope, TG_DEP_RUNTIME);
	assert_int_equal(must_find(&l, "junit:junit")->scope, TG_DEP_DEV);
	assert_int_equal(must_find(&l, "org.mockito:mockito-core")->scope, TG_DEP_DEV);
	tg_dep_list_clear(&l);
	tg_buf_release(&b);

	assert_int_equal(write_read(root, "buildscript-gradle.lockfile",
	                            "# x\n\ng:a=compileClasspath\n", &l),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(),
	                       "buildscript-gradle.lockfile:3: expected group:artifact:version"));
	tg_dep_list_clear(&l);
}

static void test_deps_maven_gradle_verification_metadata(void **state)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	struct tg_buf b = TG_BUF_INIT;
	const struct tg_dep *d;

	(void)state;
	fixture("gradle/verification-metadata.xml", &b);
	assert_int_equal(write_read(root, "gradle/verification-metadata.xml", b.buf, &l), TG_OK);
	assert_int_equal(l.nr, 2);
	d = must_find(&l, "com.google.guava:guava");
	assert_string_equal(d->version, "32.1.2-jre");
	assert_int_equal(d->line, 8);
	assert_int_equal(d->hashes.nr, 3);
	assert_string_equal(
	        d->hashes.v[0],
	        "sha256:bc65dea7cfd9e4dacf8419d8af0e741655857d27885bb35d943d7187fc3a8fce");
	assert_string_equal(d->hashes.v[2], "sha512:00aa");
	assert_int_equal(must_find(&l, "junit:junit")->hashes.nr, 1);
	tg_dep_list_clear(&l);
	tg_buf_release(&b);

	assert_int_equal(write_read(root, "gradle/verification-metadata.xml",
	                            "<verification-metadata>\n<components>\n", &l),
	                 TG_ERR_INPUT);
	assert_non_null(strstr(tg_error_message(), "gradle/verification-metadata.xml:"));
	assert_non_null(strstr(tg_error_message(), "malformed XML"));
	tg_dep_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_deps_maven_gradle_lockfile_configurations),
	        cmocka_unit_test(test_deps_maven_gradle_verification_metadata),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
