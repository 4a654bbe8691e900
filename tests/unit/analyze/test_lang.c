#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/lang.h"

static const char *detect(const char *path, const char *data)
{
	const struct tg_lang *l =
	        tg_lang_detect(path, (const unsigned char *)data, data ? strlen(data) : 0);
	return l ? l->name : "-";
}

static void test_by_extension(void **state)
{
	(void)state;
	assert_string_equal(detect("src/a.c", NULL), "C");
	assert_string_equal(detect("a.h", NULL), "C/C++ Header");
	assert_string_equal(detect("x.C", NULL), "C++");
	assert_string_equal(detect("x.cpp", NULL), "C++");
	assert_string_equal(detect("X.PY", NULL), "Python");
	assert_string_equal(detect("a/b.d.ts", NULL), "TypeScript");
	assert_string_equal(detect("app.tsx", NULL), "TypeScript");
	assert_string_equal(detect("m.go", NULL), "Go");
	assert_string_equal(detect("lib.rs", NULL), "Rust");
	assert_string_equal(detect("x.sh", NULL), "Bourne Shell");
	assert_string_equal(detect("x.yml", NULL), "YAML");
	assert_string_equal(detect("README.md", NULL), "Markdown");
	assert_string_equal(detect("foo.txt", NULL), "-");
	assert_string_equal(detect(".gitignore", NULL), "-");
	assert_string_equal(detect("noext", NULL), "-");
	assert_string_equal(detect("trailingdot.", NULL), "-");
}

static void test_by_name(void **state)
{
	(void)state;
	assert_string_equal(detect("Makefile", NULL), "make");
	assert_string_equal(detect("sub/dir/GNUmakefile", NULL), "make");
	assert_string_equal(detect("docker/Dockerfile", NULL), "Dockerfile");
	assert_string_equal(detect("CMakeLists.txt", NULL), "CMake");
	assert_string_equal(detect("Rakefile", NULL), "Ruby");
	assert_string_equal(detect("meson.build", NULL), "Meson");
}

static void test_by_shebang(void **state)
{
	(void)state;
	assert_string_equal(detect("bin/tool", "#!/usr/bin/env python3\nprint(1)\n"), "Python");
	assert_string_equal(detect("tool", "#!/usr/bin/python3.11 -u\n"), "Python");
	assert_string_equal(detect("tool", "#!/bin/bash\n"), "Bourne Again Shell");
	assert_string_equal(detect("tool", "#! /bin/sh -e\n"), "Bourne Shell");
	assert_string_equal(detect("tool", "#!/usr/bin/env -S node --harmony\n"), "JavaScript");
	assert_string_equal(detect("tool", "#!/usr/bin/perl -w\r\n"), "Perl");
	assert_string_equal(detect("tool", "#!/usr/bin/env ruby"), "Ruby");
	assert_string_equal(detect("tool", "#!/usr/bin/env\n"), "-");
	assert_string_equal(detect("tool", "#!/opt/unknown\n"), "-");
	assert_string_equal(detect("tool", "# not a shebang\n"), "-");
	assert_string_equal(detect("tool", "#!"), "-");
	/* the extension wins over the shebang */
	assert_string_equal(detect("x.py", "#!/bin/sh\n"), "Python");
}

/* The table's invariants: 40+ languages, unique names, each extension and file name
 * claimed once, every listed extension detected as its own language. */
static void test_language_table_invariants(void **state)
{
	char path[64];
	(void)state;
	size_t n = tg_lang_count();
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++) {
		const struct tg_lang *l = tg_lang_at(i);
		assert_int_equal(l->id, (int)i);
		assert_ptr_equal(tg_lang_by_name(l->name), l);
		for (const char *const *e = l->extensions; e && *e; e++) {
			snprintf(path, sizeof(path), "d/x.%s", *e);
			if (strcmp(detect(path, NULL), l->name))
				fail_msg("extension %s of %s detected as %s", *e, l->name,
				         detect(path, NULL));
		}
		for (const char *const *f = l->filenames; f && *f; f++)
			assert_string_equal(detect(*f, NULL), l->name);
		/* letters never start a comment or string: identifiers are read first */
		for (int k = 0; k < TG_LANG_MAX_LINE && l->line[k].marker; k++)
			assert_false(l->line[k].marker[0] >= 'a' && l->line[k].marker[0] <= 'z');
		for (int k = 0; k < TG_LANG_MAX_STR && l->strings[k].open; k++)
			assert_non_null(l->strings[k].close);
	}
	assert_null(tg_lang_by_name("Klingon"));
	assert_null(tg_lang_at(n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_by_extension),
	        cmocka_unit_test(test_by_name),
	        cmocka_unit_test(test_by_shebang),
	        cmocka_unit_test(test_language_table_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
