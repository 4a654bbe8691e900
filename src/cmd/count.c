#include "cmd/cmd.h"

#include "analyze/count.h"
#include "config/config.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/log.h"
#include "walk/walk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage[] = {
        "terragon count [PATH] [--by-file] [--format table|json|csv] [--no-ignore] [-j N]",
        "Blank, comment and code lines and decision points per language (README: Counting "
        "rules).",
        "Reads the tree under PATH (default .) and writes nothing.", NULL};

struct file_row {
	char *path;
	int lang;
	struct tg_file_counts c;
};

/* One per walk worker, so the callback never locks; merged after the walk. */
struct worker {
	struct tg_file_counts *sum; /* per language id */
	uint64_t *files;
	struct file_row *rows;
	size_t rows_nr, rows_alloc;
};

struct count_run {
	struct worker *w;
	int workers;
	size_t nlang;
	int by_file;
};

struct lang_row {
	const char *name;
	uint64_t files;
	struct tg_file_counts c;
};

static int count_file(const struct tg_walk_file *f, void *arg)
{
	struct count_run *r = arg;
	const struct tg_lang *l = tg_lang_detect(f->path, f->data, f->len);
	struct worker *w = &r->w[f->worker];
	struct tg_file_counts c;

	if (!l)
		return 0;
	tg_analyze_count(l, f->data, f->len, &c, NULL);
	tg_file_counts_add(&w->sum[l->id], &c);
	w->files[l->id]++;
	if (r->by_file) {
		TG_ALLOC_GROW(w->rows, w->rows_nr + 1, w->rows_alloc);
		w->rows[w->rows_nr].path = tg_strdup(f->path);
		w->rows[w->rows_nr].lang = l->id;
		w->rows[w->rows_nr++].c = c;
	}
	return 0;
}

static int cmp_lang(const void *a, const void *b)
{
	const struct lang_row *x = a, *y = b;

	if (x->c.code != y->c.code)
		return x->c.code < y->c.code ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct file_row *)a)->path, ((const struct file_row *)b)->path);
}

/* Per-language totals over all workers, the languages with files only, sorted. */
static size_t merge_langs(struct count_run *r, struct lang_row *out)
{
	size_t n = 0;

	for (size_t id = 0; id < r->nlang; id++) {
		struct lang_row row = {tg_lang_at(id)->name, 0, {0, 0, 0, 0, 0}};
		for (int k = 0; k < r->workers; k++) {
			row.files += r->w[k].files[id];
			tg_file_counts_add(&row.c, &r->w[k].sum[id]);
		}
		if (row.files)
			out[n++] = row;
	}
	qsort(out, n, sizeof(*out), cmp_lang);
	return n;
}

static struct file_row *merge_files(struct count_run *r, size_t *nr)
{
	size_t n = 0, k = 0;
	struct file_row *v;

	for (int i = 0; i < r->workers; i++)
		n += r->w[i].rows_nr;
	v = tg_malloc((n ? n : 1) * sizeof(*v));
	for (int i = 0; i < r->workers; i++) {
		if (r->w[i].rows_nr)
			memcpy(v + k, r->w[i].rows, r->w[i].rows_nr * sizeof(*v));
		k += r->w[i].rows_nr;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_file);
	*nr = n;
	return v;
}

#define COUNTS_FMT "%10llu %10llu %10llu %10llu"
#define COUNTS_ARGS(c)                                                                             \
	(unsigned long long)(c).blank, (unsigned long long)(c).comment,                            \
	        (unsigned long long)(c).code, (unsigned long long)(c).complexity

static void print_table(struct tg_buf *o, const struct lang_row *l, size_t nl,
                        const struct file_row *f, size_t nf)
{
	static const char rule[] = "-------------------------------------------------------------"
	                           "-------------------------\n";
	struct lang_row sum = {"SUM", 0, {0, 0, 0, 0, 0}};

	if (f) {
		tg_buf_addf(o, "%-40s %-14s %10s %10s %10s %10s\n", "File", "Language", "blank",
		            "comment", "code", "complexity");
		for (size_t i = 0; i < nf; i++)
			tg_buf_addf(o, "%-40s %-14s " COUNTS_FMT "\n", f[i].path,
			            tg_lang_at((size_t)f[i].lang)->name, COUNTS_ARGS(f[i].c));
		tg_buf_adds(o, "\n");
	}
	tg_buf_addf(o, "%-28s %10s %10s %10s %10s %10s\n", "Language", "files", "blank", "comment",
	            "code", "complexity");
	tg_buf_adds(o, rule);
	for (size_t i = 0; i < nl; i++) {
		tg_buf_addf(o, "%-28s %10llu " COUNTS_FMT "\n", l[i].name,
		            (unsigned long long)l[i].files, COUNTS_ARGS(l[i].c));
		sum.files += l[i].files;
		tg_file_counts_add(&sum.c, &l[i].c);
	}
	tg_buf_adds(o, rule);
	tg_buf_addf(o, "%-28s %10llu " COUNTS_FMT "\n", "SUM", (unsigned long long)sum.files,
	            COUNTS_ARGS(sum.c));
}

static void json_counts(struct tg_buf *o, const struct tg_file_counts *c)
{
	tg_buf_addf(o, ",\"blank\":%llu,\"comment\":%llu,\"code\":%llu,\"complexity\":%llu}",
	            COUNTS_ARGS(*c));
}

static void print_json(struct tg_buf *o, const struct lang_row *l, size_t nl,
                       const struct file_row *f, size_t nf)
{
	tg_buf_adds(o, "{\"languages\":[");
	for (size_t i = 0; i < nl; i++) {
		tg_buf_adds(o, i ? ",\n{\"language\":" : "\n{\"language\":");
		tg_buf_add_jsons(o, l[i].name);
		tg_buf_addf(o, ",\"files\":%llu", (unsigned long long)l[i].files);
		json_counts(o, &l[i].c);
	}
	tg_buf_adds(o, nl ? "\n]" : "]");
	if (f) {
		tg_buf_adds(o, ",\"files\":[");
		for (size_t i = 0; i < nf; i++) {
			tg_buf_adds(o, i ? ",\n{\"path\":" : "\n{\"path\":");
			tg_buf_add_jsons(o, f[i].path);
			tg_buf_adds(o, ",\"language\":");
			tg_buf_add_jsons(o, tg_lang_at((size_t)f[i].lang)->name);
			json_counts(o, &f[i].c);
		}
		tg_buf_adds(o, nf ? "\n]" : "]");
	}
	tg_buf_adds(o, "}\n");
}

static void print_csv(struct tg_buf *o, const struct lang_row *l, size_t nl,
                      const struct file_row *f, size_t nf)
{
	if (f) {
		tg_buf_adds(o, "path,language,blank,comment,code,complexity\n");
		for (size_t i = 0; i < nf; i++) {
			tg_buf_add_csv(o, f[i].path);
			tg_buf_addch(o, ',');
			tg_buf_add_csv(o, tg_lang_at((size_t)f[i].lang)->name);
			tg_buf_addf(o, ",%llu,%llu,%llu,%llu\n", COUNTS_ARGS(f[i].c));
		}
		return;
	}
	tg_buf_adds(o, "language,files,blank,comment,code,complexity\n");
	for (size_t i = 0; i < nl; i++) {
		tg_buf_add_csv(o, l[i].name);
		tg_buf_addf(o, ",%llu,%llu,%llu,%llu,%llu\n", (unsigned long long)l[i].files,
		            COUNTS_ARGS(l[i].c));
	}
}

static void report_skips(const struct tg_walk_stats *st)
{
	tg_note("count: read %zu files, %zu bytes, %zu directories", st->files, st->bytes,
	        st->dirs);
	for (size_t i = 0; i < st->skipped_nr; i++)
		tg_debug("count: skipped %s (%s: %s)", st->skipped[i].path,
		         tg_walk_skip_reason_name(st->skipped[i].reason),
		         st->skipped[i].detail ? st->skipped[i].detail : "");
	if (st->skipped_nr)
		tg_note("count: %zu paths skipped (--debug lists them)", st->skipped_nr);
}

static void run_release(struct count_run *r)
{
	for (int k = 0; k < r->workers; k++) {
		for (size_t i = 0; i < r->w[k].rows_nr; i++)
			free(r->w[k].rows[i].path);
		free(r->w[k].rows);
		free(r->w[k].sum);
		free(r->w[k].files);
	}
	free(r->w);
}

/* The configuration of the repository holding `path` (a file's: its directory's). */
static int load_config(struct tg_config *cfg, const char *path, char **root)
{
	struct stat sb;
	int rc;

	if (stat(path, &sb))
		return tg_error_set(TG_ERR_USAGE, "%s: cannot read: %s", path, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return tg_config_load_for(cfg, path, NULL, root);
	char *dir = tg_strdup(path), *slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	rc = tg_config_load_for(cfg, slash ? dir : ".", NULL, root);
	free(dir);
	return rc;
}

/*
 * Limits from the configuration; `exclude` holds globs relative to the
 * repository root, so it applies only when the walk starts there.
 */
static void walk_options(struct tg_walk_opts *wo, const struct tg_config *cfg, const char *root)
{
	char *real = realpath(wo->root, NULL);

	wo->max_file_bytes = cfg->thresholds.max_file_bytes;
	wo->max_files_per_batch = cfg->batch_processing.max_files_per_batch;
	wo->memory_limit_mb = cfg->batch_processing.memory_limit_mb;
	if (real && root && !strcmp(real, root))
		wo->exclude = &cfg->exclude;
	free(real);
}

int cmd_count(int argc, const char **argv)
{
	int by_file = 0, no_ignore = 0, jobs = 0;
	const char *format = "table";
	const struct tg_option opts[] = {
	        TG_OPT_BOOL(0, "by-file", &by_file, "also list every counted file"),
	        TG_OPT_STRING(0, "format", &format, "FMT", "table, json or csv"),
	        TG_OPT_BOOL(
	                0, "no-ignore", &no_ignore,
	                "also read files .gitignore, .terragonignore and .git/info/exclude skip"),
	        TG_OPT_INT('j', "jobs", &jobs, "N", "worker threads (default: one per core)"),
	        TG_OPT_END()};
	int n = tg_options_parse(argc, argv, opts, usage);

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n > 1 || jobs < 0 ||
	    (strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "csv"))) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	struct tg_walk_opts wo = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	struct tg_config cfg;
	char *root = NULL;
	wo.root = n ? argv[0] : ".";
	int rc = load_config(&cfg, wo.root, &root);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	walk_options(&wo, &cfg, root);
	wo.no_ignore = no_ignore;

	struct count_run r = {NULL, jobs ? jobs : cfg.batch_processing.parallel_workers,
	                      tg_lang_count(), by_file};
	if (r.workers <= 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		r.workers = cores > 0 ? (int)cores : 1;
	}
	r.w = tg_calloc((size_t)r.workers, sizeof(*r.w));
	for (int k = 0; k < r.workers; k++) {
		r.w[k].sum = tg_calloc(r.nlang, sizeof(*r.w[k].sum));
		r.w[k].files = tg_calloc(r.nlang, sizeof(*r.w[k].files));
	}
	wo.workers = r.workers;
	rc = tg_walk_run(&wo, count_file, &r, &st);
	tg_config_release(&cfg);
	free(root);
	if (rc) {
		tg_error_report();
		run_release(&r);
		tg_walk_stats_release(&st);
		return tg_status_exit(rc);
	}
	report_skips(&st);

	struct lang_row *langs = tg_malloc(r.nlang * sizeof(*langs));
	size_t nl = merge_langs(&r, langs), nf = 0;
	struct file_row *files = by_file ? merge_files(&r, &nf) : NULL;
	struct tg_buf out = TG_BUF_INIT;
	if (!strcmp(format, "json"))
		print_json(&out, langs, nl, files, nf);
	else if (!strcmp(format, "csv"))
		print_csv(&out, langs, nl, files, nf);
	else
		print_table(&out, langs, nl, files, nf);
	fwrite(out.buf, 1, out.len, stdout);
	tg_buf_release(&out);
	free(files);
	free(langs);
	run_release(&r);
	tg_walk_stats_release(&st);
	return TG_EXIT_OK;
}
