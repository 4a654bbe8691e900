#include "cmd/cmd.h"

#include "analyze/lang.h"
#include "functions/functions.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/log.h"
#include "walk/walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {
        "terragon functions [PATH] [--sort ccn|nloc|name|path] [--threshold ccn=N|nloc=N ...] "
        "[-j N] [--format table|json|csv] [--no-ignore] [--lang NAME ...]",
        "Every function with its cyclomatic complexity (CCN), NLOC, tokens and parameters "
        "(README: Functions and complexity).",
        "With --threshold only the functions over a limit are listed, and the exit status is 1 "
        "when there is one. Reads the tree under PATH (default .) and writes nothing.",
        NULL};

struct row {
	const char *path;
	struct tg_function f;
};

/* One per walk worker, so the callback never locks; merged after the walk. */
struct worker {
	struct row *rows;
	size_t nr, alloc;
	char **paths;
	size_t paths_nr, paths_alloc;
	struct tg_function_list scratch;
};

struct fn_run {
	struct worker *w;
	int workers;
	const struct tg_strlist *langs;
};

static int scan_file(const struct tg_walk_file *f, void *arg)
{
	struct fn_run *r = arg;
	struct worker *w = &r->w[f->worker];
	const struct tg_lang *l = tg_lang_detect(f->path, f->data, f->len);
	char *path;

	if (!l || !tg_functions_supported(l->name))
		return 0;
	if (r->langs->nr && tg_strlist_find(r->langs, l->name) < 0)
		return 0;
	w->scratch.nr = 0;
	tg_functions_scan(l, f->data, f->len, &w->scratch);
	if (!w->scratch.nr)
		return 0;
	path = tg_strdup(f->path);
	TG_ALLOC_GROW(w->paths, w->paths_nr + 1, w->paths_alloc);
	w->paths[w->paths_nr++] = path;
	TG_ALLOC_GROW(w->rows, w->nr + w->scratch.nr, w->alloc);
	for (size_t i = 0; i < w->scratch.nr; i++) {
		w->rows[w->nr].path = path;
		w->rows[w->nr++].f = w->scratch.v[i]; /* the row takes the name */
	}
	w->scratch.nr = 0;
	return 0;
}

static int cmp_place(const struct row *x, const struct row *y)
{
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->f.start_line != y->f.start_line)
		return x->f.start_line < y->f.start_line ? -1 : 1;
	return x->f.order < y->f.order ? -1 : x->f.order > y->f.order;
}

static int by_path(const void *a, const void *b)
{
	return cmp_place(a, b);
}

static int by_ccn(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->f.ccn != y->f.ccn)
		return x->f.ccn < y->f.ccn ? 1 : -1;
	return cmp_place(x, y);
}

static int by_nloc(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->f.nloc != y->f.nloc)
		return x->f.nloc < y->f.nloc ? 1 : -1;
	return cmp_place(x, y);
}

static int by_name(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->f.name, y->f.name);

	return c ? c : cmp_place(x, y);
}

struct limits {
	long ccn, nloc, params, tokens; /* -1: none */
};

static int parse_thresholds(const struct tg_strlist *l, struct limits *lim)
{
	*lim = (struct limits){-1, -1, -1, -1};
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

/* Over a limit: strictly greater, as lizard warns. */
static int over(const struct tg_function *f, const struct limits *lim)
{
	return (lim->ccn >= 0 && f->ccn > lim->ccn) || (lim->nloc >= 0 && f->nloc > lim->nloc) ||
	       (lim->params >= 0 && f->params > lim->params) ||
	       (lim->tokens >= 0 && f->tokens > lim->tokens);
}

static struct row *merge(struct fn_run *r, size_t *nr, const struct limits *lim, int filter)
{
	size_t n = 0, k = 0;
	struct row *v;

	for (int i = 0; i < r->workers; i++)
		n += r->w[i].nr;
	v = tg_malloc((n ? n : 1) * sizeof(*v));
	for (int i = 0; i < r->workers; i++)
		for (size_t j = 0; j < r->w[i].nr; j++)
			if (!filter || over(&r->w[i].rows[j].f, lim))
				v[k++] = r->w[i].rows[j];
	*nr = k;
	return v;
}

static void print_table(struct tg_buf *o, const struct row *v, size_t n)
{
	tg_buf_addf(o, "%6s %5s %6s %6s  %s\n", "NLOC", "CCN", "tokens", "params",
	            "function@start-end@path");
	for (size_t i = 0; i < n; i++)
		tg_buf_addf(o, "%6u %5u %6u %6u  %s@%u-%u@%s\n", v[i].f.nloc, v[i].f.ccn,
		            v[i].f.tokens, v[i].f.params, v[i].f.name, v[i].f.start_line,
		            v[i].f.end_line, v[i].path);
	tg_buf_addf(o, "%zu functions\n", n);
}

static void print_json(struct tg_buf *o, const struct row *v, size_t n)
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

static void print_csv(struct tg_buf *o, const struct row *v, size_t n)
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

static void run_release(struct fn_run *r)
{
	for (int k = 0; k < r->workers; k++) {
		struct worker *w = &r->w[k];

		for (size_t i = 0; i < w->nr; i++)
			free(w->rows[i].f.name);
		for (size_t i = 0; i < w->paths_nr; i++)
			free(w->paths[i]);
		free(w->rows);
		free(w->paths);
		tg_function_list_clear(&w->scratch);
	}
	free(r->w);
}

static int (*sorter(const char *s))(const void *, const void *)
{
	if (!strcmp(s, "path"))
		return by_path;
	if (!strcmp(s, "ccn"))
		return by_ccn;
	if (!strcmp(s, "nloc"))
		return by_nloc;
	if (!strcmp(s, "name"))
		return by_name;
	return NULL;
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
	const char *format = "table", *sort = "path";
	struct tg_strlist thresholds = TG_STRLIST_INIT, langs = TG_STRLIST_INIT;
	const struct tg_option opts[] = {
	        TG_OPT_STRING(0, "sort", &sort, "KEY",
	                      "order by path (then line; the default), ccn, nloc or name"),
	        TG_OPT_LIST(0, "threshold", &thresholds, "M=N",
	                    "list only functions over a limit (ccn=N, nloc=N, params=N, "
	                    "tokens=N; repeatable) and exit 1 if any"),
	        TG_OPT_INT('j', "jobs", &jobs, "N", "worker threads (default: one per core)"),
	        TG_OPT_STRING(0, "format", &format, "FMT", "table, json or csv"),
	        TG_OPT_BOOL(0, "no-ignore", &no_ignore,
	                    "also read files that ignore files skip, and generated or large ones"),
	        TG_OPT_LIST(0, "lang", &langs, "NAME",
	                    "only files of this language (as `count` names it; repeatable)"),
	        TG_OPT_END()};
	int n = tg_options_parse(argc, argv, opts, usage);
	struct limits lim;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n > 1 || jobs < 0 || !sorter(sort) ||
	    (strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "csv")))
		return bad_usage(opts, NULL);
	if (parse_thresholds(&thresholds, &lim)) {
		tg_error_report();
		tg_strlist_clear(&thresholds);
		tg_strlist_clear(&langs);
		return bad_usage(opts, NULL);
	}
	filter = thresholds.nr > 0;

	struct fn_run r = {NULL, jobs, &langs};
	if (r.workers == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		r.workers = cores > 0 ? (int)cores : 1;
	}
	r.w = tg_calloc((size_t)r.workers, sizeof(*r.w));

	struct tg_walk_opts wo = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	wo.root = n ? argv[0] : ".";
	wo.no_ignore = no_ignore;
	wo.workers = r.workers;
	wo.skip_generated = !no_ignore;
	if (no_ignore)
		wo.max_file_bytes = 64L << 20;
	rc = tg_walk_run(&wo, scan_file, &r, &st);
	if (rc) {
		tg_error_report();
		run_release(&r);
		tg_walk_stats_release(&st);
		tg_strlist_clear(&thresholds);
		tg_strlist_clear(&langs);
		return tg_status_exit(rc);
	}
	for (size_t i = 0; i < st.skipped_nr; i++)
		tg_debug("functions: skipped %s (%s: %s)", st.skipped[i].path,
		         tg_walk_skip_reason_name(st.skipped[i].reason),
		         st.skipped[i].detail ? st.skipped[i].detail : "");
	if (st.skipped_nr)
		tg_note("functions: %zu paths skipped (--debug lists them)", st.skipped_nr);

	size_t nr;
	struct row *v = merge(&r, &nr, &lim, filter);
	struct tg_buf out = TG_BUF_INIT;
	qsort(v, nr, sizeof(*v), sorter(sort));
	if (!strcmp(format, "json"))
		print_json(&out, v, nr);
	else if (!strcmp(format, "csv"))
		print_csv(&out, v, nr);
	else
		print_table(&out, v, nr);
	fwrite(out.buf, 1, out.len, stdout);
	tg_note("functions: %zu files read, %zu functions listed", st.files, nr);
	tg_buf_release(&out);
	free(v);
	run_release(&r);
	tg_walk_stats_release(&st);
	tg_strlist_clear(&thresholds);
	tg_strlist_clear(&langs);
	return filter && nr ? TG_EXIT_FAIL : TG_EXIT_OK;
}
