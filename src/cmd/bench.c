#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "gate/gate.h"
#include "store/store.h"
#include "util/error.h"
#include "util/clock.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon bench compare BASE CURRENT [--tolerance PCT] [--format table|json]",
        "terragon bench record FILE [-C DIR] [-c FILE]", NULL};

static int compare(int argc, const char **argv)
{
	const char *format = "table";
	double tolerance = 5;
	struct tg_bench_set base = {0}, cur = {0};
	struct tg_bench_report r = {0};
	struct tg_buf out = TG_BUF_INIT;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_DOUBLE(0, "tolerance", &tolerance, "PCT",
	                      "the change of a median, in percent, that counts (default 5)"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 2, 2);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (tolerance < 0) {
		tg_error("bench compare: --tolerance must be 0 or more");
		return TG_EXIT_USAGE;
	}
	rc = tg_bench_read(argv[0], &base);
	if (!rc)
		rc = tg_bench_read(argv[1], &cur);
	if (!rc)
		rc = tg_bench_compare(&base, &cur, tolerance, &r);
	if (rc) {
		tg_error_report();
	} else {
		tg_bench_format(&r, !strcmp(format, "json"), &out);
		tg_cmd_print_text(&out, !strcmp(format, "json"));
	}
	n = rc ? TG_EXIT_USAGE : r.regressions ? TG_EXIT_FAIL : TG_EXIT_OK;
	tg_buf_release(&out);
	tg_bench_report_release(&r);
	tg_bench_set_release(&base);
	tg_bench_set_release(&cur);
	return n;
}

/* Runs are keyed by file: inside the repository, by its path from the root,
 * so a checkout elsewhere (CI) keys them alike. */
static char *record_name(const char *file, const char *root)
{
	char *real = realpath(file, NULL);
	size_t n = strlen(root);
	char *name;

	if (!real)
		return strdup(file);
	if (strncmp(real, root, n) || real[n] != '/')
		return real;
	name = strdup(real + n + 1);
	free(real);
	return name;
}

/* The new run against the one recorded before it from the same file. */
static void record_compare(struct tg_setup *s, const char *name)
{
	struct tg_bench_set prev, last;
	struct tg_bench_report r;
	struct tg_buf out = TG_BUF_INIT;
	int found = 0;

	if (tg_bench_load_last(tg_store_db(s->store), name, &prev, &last, &found) || found < 2) {
		tg_error_clear();
		goto out;
	}
	if (tg_bench_compare(&prev, &last, s->cfg.quality_gates.perf_regression_max_pct, &r)) {
		tg_note("%s: not compared with the previous run: %s", name, tg_error_message());
		tg_error_clear();
		goto out;
	}
	tg_bench_format(&r, 0, &out);
	tg_cmd_print_text(&out, 0);
	if (r.regressions)
		printf("%zu regression(s) against the previous run: `terragon discover` lists them "
		       "as performance items\n",
		       r.regressions);
	tg_bench_report_release(&r);
out:
	tg_buf_release(&out);
	tg_bench_set_release(&prev);
	tg_bench_set_release(&last);
}

static int record(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL;
	struct tg_bench_set set = {0};
	struct tg_setup s;
	char *name = NULL;
	long long id = 0;
	int n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage + 1, 1, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_bench_read(argv[0], &set);
	if (rc) {
		tg_error_report();
		return TG_EXIT_USAGE;
	}
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_WRITE);
	if (!rc)
		rc = tg_store_begin(s.store);
	if (!rc) {
		name = record_name(argv[0], s.root);
		rc = tg_bench_record(tg_store_db(s.store), &set, name, tg_clock_now(), &id);
		if (rc)
			tg_store_rollback(s.store);
		else
			rc = tg_store_commit(s.store);
	}
	if (rc)
		tg_error_report();
	else {
		printf("recorded benchmark run %lld: %zu benchmark(s) (%s)\n", id, set.nr,
		       tg_bench_kind_name(set.kind));
		record_compare(&s, name);
	}
	free(name);
	tg_setup_close(&s);
	tg_bench_set_release(&set);
	return rc == TG_ERR_RUN ? TG_EXIT_RUN : rc ? TG_EXIT_USAGE : TG_EXIT_OK;
}

int cmd_bench(int argc, const char **argv)
{
	const struct tg_option opts[] = {TG_OPT_END()};

	/* argv[1] becomes the sub-command's argv[0], which messages name. */
	if (argc > 1 && !strcmp(argv[1], "compare")) {
		argv[1] = "bench compare";
		return compare(argc - 1, argv + 1);
	}
	if (argc > 1 && !strcmp(argv[1], "record")) {
		argv[1] = "bench record";
		return record(argc - 1, argv + 1);
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		tg_options_usage(opts, usage, 0);
		return TG_EXIT_OK;
	}
	if (argc > 1)
		tg_error("bench: '%s' is not a subcommand (compare, record)", argv[1]);
	tg_options_usage(opts, usage, 1);
	return TG_EXIT_USAGE;
}
