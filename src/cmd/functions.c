#include "cmd/cmd.h"

#include "analyze/tree.h"
#include "cmd/setup.h"
#include "config/config.h"
#include "functions/tree.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon functions [PATH] [-C DIR] [-c FILE] [--sort path|ccn|nloc|name] "
        "[--threshold ccn=N|nloc=N ...] [-j N] [--format table|json|csv] [--no-ignore] "
        "[--lang NAME ...]",
        "",
        "Every function with its cyclomatic complexity (CCN), NLOC, tokens and parameters "
        "(README: Functions and complexity).",
        "With --threshold only the functions over a limit are listed, and the exit status is 1 "
        "when there is one. Reads the tree under PATH (default .) and writes nothing.",
        NULL};

static int parse_thresholds(const struct tg_strlist *l, struct tg_function_limits *lim)
{
	*lim = (struct tg_function_limits)TG_FUNCTION_LIMITS_NONE;
	for (size_t i = 0; i < l->nr; i++) {
		const char *s = l->v[i], *eq = strchr(s, '=');
		char *end;
		long v;

		if (!eq || !eq[1])
			goto bad;
		v = strtol(eq + 1, &end, 10);
		if (*end || v < 0)
			goto bad;
		if (!strncmp(s, "ccn=", 4))
			lim->ccn = v;
		else if (!strncmp(s, "nloc=", 5))
			lim->nloc = v;
		else if (!strncmp(s, "params=", 7))
			lim->params = v;
		else if (!strncmp(s, "tokens=", 7))
			lim->tokens = v;
		else
			goto bad;
		continue;
	bad:
		return tg_error_set(TG_ERR_USAGE,
		                    "--threshold '%s': want ccn=N, nloc=N, params=N or tokens=N",
		                    s);
	}
	return TG_OK;
}

static void print_table(struct tg_buf *o, const struct tg_function_row *v, size_t n)
{
	tg_buf_addf(o, "%6s %5s %6s %6s  %s\n", "NLOC", "CCN", "tokens", "params",
	            "function@start-end@path");
	for (size_t i = 0; i < n; i++) {
		/* Names and paths are repository text: escaped. */
		tg_buf_addf(o, "%6u %5u %6u %6u  ", v[i].f.nloc, v[i].f.ccn, v[i].f.tokens,
		            v[i].f.params);
		tg_buf_add_printables(o, v[i].f.name);
		tg_buf_addf(o, "@%u-%u@", v[i].f.start_line, v[i].f.end_line);
		tg_buf_add_printables(o, v[i].path);
		tg_buf_addch(o, '\n');
	}
	tg_buf_addf(o, "%zu functions\n", n);
}

static void print_json(struct tg_buf *o, const struct tg_function_row *v, size_t n)
{
	tg_buf_adds(o, "{\"functions\":[");
	for (size_t i = 0; i < n; i++) {
		tg_buf_adds(o, i ? ",\n{\"name\":" : "\n{\"name\":");
		tg_buf_add_jsons(o, v[i].f.name);
		tg_buf_adds(o, ",\"path\":");
		tg_buf_add_jsons(o, v[i].path);
		tg_buf_addf(
		        o,
		        ",\"start_line\":%u,\"end_line\":%u,\"nloc\":%u,\"ccn\":%u,\"params\":%u,"
		        "\"tokens\":%u}",
		        v[i].f.start_line, v[i].f.end_line, v[i].f.nloc, v[i].f.ccn, v[i].f.params,
		        v[i].f.tokens);
	}
	tg_buf_adds(o, n ? "\n]}\n" : "]}\n");
}

static void print_csv(struct tg_buf *o, const struct tg_function_row *v, size_t n)
{
	tg_buf_adds(o, "name,path,start_line,end_line,nloc,ccn,params,tokens\n");
	for (size_t i = 0; i < n; i++) {
		tg_buf_add_csv(o, v[i].f.name);
		tg_buf_addch(o, ',');
		tg_buf_add_csv(o, v[i].path);
		tg_buf_addf(o, ",%u,%u,%u,%u,%u,%u\n", v[i].f.start_line, v[i].f.end_line,
		            v[i].f.nloc, v[i].f.ccn, v[i].f.params, v[i].f.tokens);
	}
}

/* The order --sort names, or -1. */
/* --sort's values, NULL-terminated for TG_OPT_CHOICE, each at its order's index. */
static const char *const sort_names[] = {[TG_FUNCTIONS_BY_PATH] = "path",
                                         [TG_FUNCTIONS_BY_CCN] = "ccn",
                                         [TG_FUNCTIONS_BY_NLOC] = "nloc",
                                         [TG_FUNCTIONS_BY_NAME] = "name",
                                         NULL};

static int sort_order(const char *s)
{
	int i;

	for (i = 0; sort_names[i]; i++)
		if (!strcmp(s, sort_names[i]))
			return i;
	return TG_FUNCTIONS_BY_PATH; /* unreached: the parser took one of sort_names */
}

static int bad_usage(const struct tg_option *opts, const char *msg)
{
	if (msg)
		tg_error("%s", msg);
	tg_options_usage(opts, usage, 1);
	return TG_EXIT_USAGE;
}

int cmd_functions(int argc, const char **argv)
{
	int no_ignore = 0, jobs = 0, rc, filter;
	const char *format = "table", *sort = "path", *repo = NULL, *config = NULL;
	struct tg_strlist thresholds = TG_STRLIST_INIT, langs = TG_STRLIST_INIT;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "sort", &sort, sort_names,
	                      "order by path (then line; the default), ccn, nloc or name"),
	        TG_OPT_LIST(0, "threshold", &thresholds, "M=N",
	                    "list only functions over a limit (ccn=N, nloc=N, params=N, "
	                    "tokens=N; repeatable) and exit 1 if any"),
	        TG_OPT_INT('j', "jobs", &jobs, "N", "worker threads (default: one per core)"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json_csv,
	                      "output format (default: table)"),
	        TG_OPT_BOOL(0, "no-ignore", &no_ignore,
	                    "also read files that ignore files skip, and generated or large ones"),
	        TG_OPT_LIST(0, "lang", &langs, "NAME",
	                    "only files of this language (as `count` names it; repeatable)"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);
	struct tg_function_limits lim;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (jobs < 0)
		return bad_usage(opts, NULL);
	if (parse_thresholds(&thresholds, &lim)) {
		tg_error_report();
		tg_strlist_clear(&thresholds);
		tg_strlist_clear(&langs);
		return bad_usage(opts, NULL);
	}
	filter = thresholds.nr > 0;

	struct tg_setup_tree st;
	struct tg_function_table t;
	rc = tg_setup_tree_open(&st, repo, n ? argv[0] : NULL, config, jobs);
	if (!rc) {
		st.wo.no_ignore = no_ignore;
		st.wo.skip_generated = !no_ignore;
		if (no_ignore)
			st.wo.max_file_bytes = 64L << 20;
		rc = tg_functions_tree(&t, &st.wo, &langs);
		tg_setup_tree_close(&st);
	}
	tg_strlist_clear(&langs);
	if (rc) {
		tg_error_report();
		tg_strlist_clear(&thresholds);
		return tg_status_exit(rc);
	}
	tg_walk_note_skips(&t.stats, "functions");

	struct tg_buf out = TG_BUF_INIT;
	if (filter)
		tg_function_table_keep_over(&t, &lim);
	tg_function_table_sort(&t, (enum tg_function_order)sort_order(sort));
	if (!strcmp(format, "json"))
		print_json(&out, t.v, t.nr);
	else if (!strcmp(format, "csv"))
		print_csv(&out, t.v, t.nr);
	else
		print_table(&out, t.v, t.nr);
	fwrite(out.buf, 1, out.len, stdout);
	tg_note("functions: %zu files read, %zu functions listed", t.stats.files, t.nr);
	rc = filter && t.nr ? TG_EXIT_FAIL : TG_EXIT_OK;
	tg_buf_release(&out);
	tg_function_table_release(&t);
	tg_strlist_clear(&thresholds);
	return rc;
}
