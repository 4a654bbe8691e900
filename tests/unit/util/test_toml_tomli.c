#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/*
 * util/toml.h against python3-tomli on every TOML file of the corpora:
 * tests/data/toml/ (hand-written cases and toml-test's inputs) and every
 * *.toml file tracked in the repository, then 1,000 one-edit variants of
 * the valid ones. toml_tomli.py lists the files, runs this program with
 * --dump on them (each parse as one line of toml-test's tagged JSON),
 * parses them with tomli and compares.
 */

#include "testlib.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/toml.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static json_t *tagged(const char *type, const char *value, size_t len)
{
	return json_pack("{s:s, s:s%}", "type", type, "value", value, len);
}

static json_t *dump_float(double v)
{
	char text[40];

	if (v != v)
		snprintf(text, sizeof(text), "nan");
	else if (v > 1e308 * 10)
		snprintf(text, sizeof(text), "inf");
	else if (v < -1e308 * 10)
		snprintf(text, sizeof(text), "-inf");
	else
		snprintf(text, sizeof(text), "%.17g", v);
	return tagged("float", text, strlen(text));
}

static json_t *dump(const struct tg_toml *n)
{
	static const char *const date_types[] = {"datetime", "datetime-local", "date-local",
	                                         "time-local"};
	const char *key;
	char text[32];
	json_t *j;
	size_t i;

	switch (tg_toml_type(n)) {
	case TG_TOML_TABLE:
		j = json_object();
		for (i = 0; i < tg_toml_len(n); i++) {
			const struct tg_toml *v = tg_toml_at(n, i, &key);

			json_object_setn_new(j, key, tg_toml_keylen(n, i), dump(v));
		}
		return j;
	case TG_TOML_ARRAY:
		j = json_array();
		for (i = 0; i < tg_toml_len(n); i++)
			json_array_append_new(j, dump(tg_toml_at(n, i, NULL)));
		return j;
	case TG_TOML_STRING:
		return tagged("string", tg_toml_str(n), tg_toml_strlen(n));
	case TG_TOML_INTEGER:
		snprintf(text, sizeof(text), "%lld", (long long)tg_toml_int(n, 0));
		return tagged("integer", text, strlen(text));
	case TG_TOML_FLOAT:
		return dump_float(tg_toml_float(n, 0));
	case TG_TOML_BOOL:
		return tagged("bool", tg_toml_bool(n, 0) ? "true" : "false",
		              tg_toml_bool(n, 0) ? 4 : 5);
	default:
		return tagged(date_types[tg_toml_type(n) - TG_TOML_DATETIME], tg_toml_str(n),
		              tg_toml_strlen(n));
	}
}

/* One line per file: {"path", "ok", "value"} or {"path", "ok": false, "error"}. */
static int dump_files(int argc, char **argv)
{
	struct tg_buf b = TG_BUF_INIT;
	struct tg_toml *root;
	json_t *line;
	char *text;
	int i;

	for (i = 0; i < argc; i++) {
		tg_buf_reset(&b);
		if (tg_buf_read_file(&b, argv[i]))
			return 1;
		if (tg_toml_parse(b.buf, b.len, argv[i], &root))
			line = json_pack("{s:s, s:b, s:s}", "path", argv[i], "ok", 0, "error",
			                 tg_error_message());
		else
			line = json_pack("{s:s, s:b, s:o}", "path", argv[i], "ok", 1, "value",
			                 dump(root));
		text = json_dumps(line, JSON_COMPACT);
		printf("%s\n", text);
		free(text);
		json_decref(line);
		tg_toml_free(root);
	}
	tg_buf_release(&b);
	return 0;
}

static void test_toml_agrees_with_tomli(void **state)
{
	char self[4096], *dir = tl_tmpdir();
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	assert_true(n > 0);
	self[n] = '\0';
	tl_sh(dir,
	      "/usr/bin/python3 '%s/tests/unit/util/toml_tomli.py' --dumper '%s' --root '%s' "
	      "--mutants 1000",
	      TG_SOURCE_DIR, self, TG_SOURCE_DIR);
	tl_rmtree(dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_toml_agrees_with_tomli),
	};

	if (argc > 1 && !strcmp(argv[1], "--dump"))
		return dump_files(argc - 2, argv + 2);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
