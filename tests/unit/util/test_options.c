/*
 * The option parser's edges: CHOICE values, git's usage and prose lines, how
 * negatable options are shown and spelled, and the one repository option.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util/error.h"
#include "util/options.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/*
 * Runs parse (or, with argc 0, prints the help) with stream (stdout or
 * stderr) sent to a temporary file, and returns what it wrote in out.
 */
struct run {
	int argc;
	const char **argv;
	const struct tg_option *opts;
	const char *const *usage;
	int to_stderr;            /* help only: the short usage an error prints */
	int check_args, min, max; /* tg_options_parse_args(..., min, max) */
};

static int captured(FILE *stream, const struct run *r, char *out, size_t size)
{
	FILE *tmp = tmpfile();
	int fd = fileno(stream), saved = dup(fd), rc = 0;
	size_t n;

	assert_non_null(tmp);
	assert_true(saved >= 0);
	fflush(stream);
	assert_true(dup2(fileno(tmp), fd) >= 0);
	if (r->argc && r->check_args)
		rc = tg_options_parse_args(r->argc, r->argv, r->opts, r->usage, r->min, r->max);
	else if (r->argc)
		rc = tg_options_parse(r->argc, r->argv, r->opts, r->usage);
	else
		tg_options_usage(r->opts, r->usage, r->to_stderr);
	fflush(stream);
	dup2(saved, fd);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, size - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return rc;
}

static const char *const usage[] = {"terragon x [--format F] PATH", "terragon x --other", "",
                                    "Prose that says what x does,", "over two lines.",    NULL};

static void test_choice_accepted(void **state)
{
	const char *format = "table";
	const struct tg_option opts[] = {
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json_csv, "output format"),
	        TG_OPT_END(),
	};
	const char *argv[] = {"x", "--format", "csv", "p", NULL};
	const char *eq[] = {"x", "--format=json", NULL};

	assert_int_equal(tg_options_parse(4, argv, opts, usage), 1);
	/* The entry of the list itself, so a pointer comparison would do too. */
	assert_ptr_equal(format, tg_formats_table_json_csv[2]);
	assert_int_equal(tg_options_parse(2, eq, opts, usage), 0);
	assert_string_equal(format, "json");
}

static void test_choice_rejected_with_one_message(void **state)
{
	const char *format = "table";
	const struct tg_option opts[] = {
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json_csv, "output format"),
	        TG_OPT_END(),
	};
	/* The first positional comes before the bad value: the message still names x. */
	const char *argv[] = {"x", "p", "--format", "xml", NULL};
	struct run r = {4, argv, opts, usage, 0, 0, 0, 0};
	char err[1024];

	assert_int_equal(captured(stderr, &r, err, sizeof(err)), TG_ERR_USAGE);
	assert_string_equal(tg_error_message(),
	                    "--format: expected table, json or csv, got \"xml\"");
	assert_string_equal(err, "terragon x: --format: expected table, json or csv, got \"xml\"\n"
	                         "usage: terragon x [--format F] PATH\n"
	                         "   or: terragon x --other\n");
	assert_string_equal(format, "table");
	tg_error_clear();
	{
		const char *two[] = {"x", "--format=table", NULL};
		const char *const pair[] = {"yaml", "json", NULL};
		const struct tg_option o2[] = {
		        TG_OPT_CHOICE(0, "format", &format, pair, "output format"),
		        TG_OPT_END(),
		};
		assert_int_equal(tg_options_parse(2, two, o2, NULL), TG_ERR_USAGE);
		assert_string_equal(tg_error_message(),
		                    "--format: expected yaml or json, got \"table\"");
		tg_error_clear();
	}
}

static void test_help_prints_prose_and_choices(void **state)
{
	const char *format = "table";
	int cache = 1, no_ignore = 0;
	const struct tg_option opts[] = {
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json, "output format"),
	        TG_OPT_BOOL(0, "cache", &cache, "keep the cache"),
	        TG_OPT_BOOL(0, "no-ignore", &no_ignore, "read ignored files too"),
	        TG_OPT_END(),
	};
	struct run r = {0, NULL, opts, usage, 0, 0, 0, 0};
	char out[4096];

	captured(stdout, &r, out, sizeof(out));
	assert_non_null(strstr(out, "usage: terragon x [--format F] PATH\n"
	                            "   or: terragon x --other\n"
	                            "\n"
	                            "    Prose that says what x does,\n"
	                            "    over two lines.\n"
	                            "\n"
	                            "      --format table|json     output format\n"
	                            "      --[no-]cache            keep the cache\n"
	                            "      --no-ignore             read ignored files too\n"
	                            "\n"
	                            "Common options:\n"));
	assert_null(strstr(out, "or: Prose"));
	assert_null(strstr(out, "[no-]no-"));
	/* An error's usage: the synopses alone. */
	r.to_stderr = 1;
	captured(stderr, &r, out, sizeof(out));
	assert_string_equal(out, "usage: terragon x [--format F] PATH\n"
	                         "   or: terragon x --other\n");
}

static void test_help_wraps_a_long_left_column(void **state)
{
	const char *format = "table";
	const struct tg_option opts[] = {
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json_csv, "output format"),
	        TG_OPT_END(),
	};
	const char *const one[] = {"terragon y", NULL};
	struct run r = {0, NULL, opts, one, 0, 0, 0, 0};
	char out[4096];

	captured(stdout, &r, out, sizeof(out));
	assert_non_null(strstr(out, "usage: terragon y\n\n"
	                            "      --format table|json|csv\n"
	                            "                              output format\n"));
}

static void test_negation_pairs(void **state)
{
	int cache = 1, no_ignore = 0;
	const struct tg_option opts[] = {
	        TG_OPT_BOOL(0, "cache", &cache, "keep the cache"),
	        TG_OPT_BOOL(0, "no-ignore", &no_ignore, "read ignored files too"),
	        TG_OPT_END(),
	};
	const char *a[] = {"x", "--no-cache", "--no-ignore", NULL};
	const char *b[] = {"x", "--cache", "--ignore", NULL};
	const char *c[] = {"x", "--no-no-ignore", "--no-ignore=true", NULL};
	const char *bad[] = {"x", "--ignore=false", NULL};

	assert_int_equal(tg_options_parse(3, a, opts, NULL), 0);
	assert_int_equal(cache, 0);
	assert_int_equal(no_ignore, 1);
	assert_int_equal(tg_options_parse(3, b, opts, NULL), 0);
	assert_int_equal(cache, 1);
	assert_int_equal(no_ignore, 0);
	/* --no-no-ignore negates too, as in git; then the =value form sets it. */
	no_ignore = 1;
	assert_int_equal(tg_options_parse(2, c, opts, NULL), 0);
	assert_int_equal(no_ignore, 0);
	assert_int_equal(tg_options_parse(3, c, opts, NULL), 0);
	assert_int_equal(no_ignore, 1);
	assert_int_equal(tg_options_parse(2, bad, opts, NULL), TG_ERR_USAGE);
	assert_string_equal(tg_error_message(), "--ignore takes no value");
	tg_error_clear();
}

/* With both "ignore" and "no-ignore" declared, each name means its own option. */
static void test_exact_name_wins_over_negation(void **state)
{
	int no_ignore = 0, ignore = 0;
	const struct tg_option opts[] = {
	        TG_OPT_BOOL(0, "no-ignore", &no_ignore, "a"),
	        TG_OPT_BOOL(0, "ignore", &ignore, "b"),
	        TG_OPT_END(),
	};
	const char *argv[] = {"x", "--ignore", NULL};
	const char *neg[] = {"x", "--no-ignore", NULL};

	assert_int_equal(tg_options_parse(2, argv, opts, NULL), 0);
	assert_int_equal(ignore, 1);
	assert_int_equal(no_ignore, 0);
	assert_int_equal(tg_options_parse(2, neg, opts, NULL), 0);
	assert_int_equal(no_ignore, 1);
	assert_int_equal(ignore, 1);
}

static void test_repo_and_config(void **state)
{
	const char *repo = NULL, *config = NULL;
	const struct tg_option opts[] = {TG_OPT_REPO(&repo, &config), TG_OPT_END()};
	const char *shortv[] = {"x", "-C", "dir", "-c", "file", NULL};
	const char *joined[] = {"x", "-Cd2", "-cf2", NULL};
	const char *longv[] = {"x", "--repo-path=d3", "--config", "f3", NULL};
	struct run r = {0, NULL, opts, usage, 0, 0, 0, 0};
	char out[4096];

	assert_int_equal(tg_options_parse(5, shortv, opts, NULL), 0);
	assert_string_equal(repo, "dir");
	assert_string_equal(config, "file");
	assert_int_equal(tg_options_parse(3, joined, opts, NULL), 0);
	assert_string_equal(repo, "d2");
	assert_string_equal(config, "f2");
	assert_int_equal(tg_options_parse(4, longv, opts, NULL), 0);
	assert_string_equal(repo, "d3");
	assert_string_equal(config, "f3");
	captured(stdout, &r, out, sizeof(out));
	assert_non_null(strstr(out, "\n  -C, --repo-path DIR         the repository"));
	assert_non_null(strstr(out, "\n  -c, --config FILE           configuration file"));
}

static void test_argument_count_checked_with_one_message(void **state)
{
	const struct tg_option opts[] = {TG_OPT_END()};
	const char *none[] = {"x", NULL};
	const char *one[] = {"x", "a", NULL};
	/* Parsing moves the positionals to the front: each run has its own argv. */
	const char *three[] = {"x", "a", "b", "c", NULL}, *three2[] = {"x", "a", "b", "c", NULL};
	const char *none2[] = {"x", NULL};
	struct run r = {1, none, opts, usage, 0, 1, 1, 1};
	char err[1024];

	assert_int_equal(captured(stderr, &r, err, sizeof(err)), TG_ERR_USAGE);
	assert_string_equal(err, "terragon x: expected 1 argument, got 0\n"
	                         "usage: terragon x [--format F] PATH\n"
	                         "   or: terragon x --other\n");
	r = (struct run){2, one, opts, usage, 0, 1, 0, 0};
	assert_int_equal(captured(stderr, &r, err, sizeof(err)), TG_ERR_USAGE);
	assert_non_null(strstr(err, "terragon x: unexpected argument 'a'\n"));
	r = (struct run){4, three, opts, usage, 0, 1, 1, 2};
	assert_int_equal(captured(stderr, &r, err, sizeof(err)), TG_ERR_USAGE);
	assert_non_null(strstr(err, "terragon x: expected 1 to 2 arguments, got 3\n"));
	r = (struct run){4, three2, opts, usage, 0, 1, 2, -1};
	assert_int_equal(captured(stderr, &r, err, sizeof(err)), 3);
	assert_string_equal(err, "");
	r = (struct run){1, none2, opts, usage, 0, 1, 2, -1};
	assert_int_equal(captured(stderr, &r, err, sizeof(err)), TG_ERR_USAGE);
	assert_non_null(strstr(err, "expected at least 2 arguments, got 0\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_choice_accepted),
	        cmocka_unit_test(test_choice_rejected_with_one_message),
	        cmocka_unit_test(test_help_prints_prose_and_choices),
	        cmocka_unit_test(test_help_wraps_a_long_left_column),
	        cmocka_unit_test(test_negation_pairs),
	        cmocka_unit_test(test_exact_name_wins_over_negation),
	        cmocka_unit_test(test_repo_and_config),
	        cmocka_unit_test(test_argument_count_checked_with_one_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
