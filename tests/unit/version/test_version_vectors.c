/*
 * Every case of tests/data/versions/ (osv-scalibr's vectors): "A < B",
 * "A > B" or "A = B" must hold both ways round in the ecosystem's order.
 * Each mismatch is printed as file:line; the test fails if there is any.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "version/version.h"

/* Runs the cases of one file in eco; returns the number of mismatches. */
static int run_file(const char *file, enum tg_eco eco, int *cases)
{
	char path[512], *line, *save = NULL;
	struct tg_buf b;
	int bad = 0, lineno = 0;

	snprintf(path, sizeof(path), "%s/tests/data/versions/%s", TG_SOURCE_DIR, file);
	tg_buf_init(&b, 0);
	assert_int_equal(tg_buf_read_file(&b, path), TG_OK);
	*cases = 0;
	for (char *p = b.buf; p; p = save) {
		char *sep, a[256], v[256], op;
		int want, got, back;

		line = p;
		save = strchr(p, '\n');
		if (save)
			*save++ = '\0';
		lineno++;
		line += strspn(line, " \t");
		if (!*line || *line == '#' || !strncmp(line, "//", 2))
			continue;
		sep = strstr(line, " < ");
		if (!sep)
			sep = strstr(line, " > ");
		if (!sep)
			sep = strstr(line, " = ");
		if (!sep || (size_t)(sep - line) >= sizeof(a) || strlen(sep + 3) >= sizeof(v)) {
			fprintf(stderr, "%s:%d: not a case: %s\n", file, lineno, line);
			bad++;
			continue;
		}
		memcpy(a, line, (size_t)(sep - line));
		a[sep - line] = '\0';
		snprintf(v, sizeof(v), "%s", sep + 3);
		v[strcspn(v, "\r")] = '\0';
		op = sep[1];
		want = op == '<' ? -1 : op == '>' ? 1 : 0;
		(*cases)++;
		if (tg_version_cmp(eco, a, v, &got) || tg_version_cmp(eco, v, a, &back)) {
			fprintf(stderr, "%s:%d: %s: %s\n", file, lineno, tg_eco_name(eco),
			        tg_error_message());
			bad++;
		} else if (got != want || back != -want) {
			fprintf(stderr, "%s:%d: %s: %s %c %s, but cmp gives %d (and %d reversed)\n",
			        file, lineno, tg_eco_name(eco), a, op, v, got, back);
			bad++;
		}
	}
	tg_buf_release(&b);
	return bad;
}

static void run(const char *const *files, enum tg_eco eco)
{
	int bad = 0, total = 0;

	for (; *files; files++) {
		int cases;

		bad += run_file(*files, eco, &cases);
		printf("%s: %s: %d cases\n", tg_eco_name(eco), *files, cases);
		assert_true(cases > 0);
		total += cases;
	}
	printf("%s: %d cases, %d mismatches\n", tg_eco_name(eco), total, bad);
	assert_int_equal(bad, 0);
}

static void test_pypi(void **state)
{
	static const char *const f[] = {"pypi-versions.txt", "pypi-versions-generated.txt", NULL};
	run(f, TG_ECO_PYPI);
}

static void test_npm(void **state)
{
	static const char *const f[] = {"semver-versions.txt", NULL};
	run(f, TG_ECO_NPM);
}

static void test_crates(void **state)
{
	static const char *const f[] = {"semver-versions.txt", NULL};
	run(f, TG_ECO_CRATES);
}

static void test_maven(void **state)
{
	static const char *const f[] = {"maven-versions.txt", "maven-versions-generated.txt", NULL};
	run(f, TG_ECO_MAVEN);
}

static void test_rubygems(void **state)
{
	static const char *const f[] = {"rubygems-versions.txt", "rubygems-versions-generated.txt",
	                                NULL};
	run(f, TG_ECO_RUBYGEMS);
}

static void test_packagist(void **state)
{
	static const char *const f[] = {"packagist-versions.txt",
	                                "packagist-versions-generated.txt", NULL};
	run(f, TG_ECO_PACKAGIST);
}

static void test_nuget(void **state)
{
	static const char *const f[] = {"nuget-versions.txt", NULL};
	run(f, TG_ECO_NUGET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_pypi),     cmocka_unit_test(test_npm),
	        cmocka_unit_test(test_crates),   cmocka_unit_test(test_maven),
	        cmocka_unit_test(test_rubygems), cmocka_unit_test(test_packagist),
	        cmocka_unit_test(test_nuget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
