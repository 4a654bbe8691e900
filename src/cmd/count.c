#include "cmd/cmd.h"

#include "analyze/cache.h"
#include "analyze/count.h"
#include "config/config.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/log.h"
#include "walk/walk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage[] = {
        "terragon count [PATH] [--by-file] [--format table|json|csv] [--no-ignore] [-j N] "
        "[--no-cache]",
        "Blank, comment and code lines and decision points per language (README: Counting "
        "rules).",
        "Reads the tree under PATH (default .) and writes nothing there, unless it has "
        ".terragon/:",
        "per-file results are cached under $XDG_CACHE_HOME/terragon (.terragon/cache/).", NULL};

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
	uint64_t cached, analyzed;
};

struct count_run {
	struct worker *w;
	int workers;
	size_t nlang;
	int by_file;
	struct tg_count_cache *cache; /* NULL with --no-cache */
};

struct lang_row {
	const char *name;
	uint64_t files;
	struct tg_file_counts c;
};

/* Adds one file's results, fresh or from the cache, to worker k's totals. */
static void add_result(struct count_run *r, int k, const char *path,
                       const struct tg_count_result *res)
{
	struct worker *w = &r->w[k];

	if (res->lang < 0)
		return;
	tg_file_counts_add(&w->sum[res->lang], &res->c);
	w->files[res->lang]++;
	if (r->by_file) {
		TG_ALLOC_GROW(w->rows, w->rows_nr + 1, w->rows_alloc);
		w->rows[w->rows_nr].path = tg_strdup(path);
		w->rows[w->rows_nr].lang = res->lang;
		w->rows[w->rows_nr++].c = res->c;
	}
}

static int count_cached(const struct tg_walk_entry *e, void *arg)
{
	struct count_run *r = arg;
	struct tg_count_key k = {e->path, e->size, e->mtime_ns, e->ino, e->oid};
	struct tg_count_result res;

	if (!tg_count_cache_get(r->cache, e->worker, &k, &res))
		return 0;
	r->w[e->worker].cached++;
	add_result(r, e->worker, e->path, &res);
	return 1;
}

static int count_file(const struct tg_walk_file *f, void *arg)
{
	struct count_run *r = arg;
	const struct tg_lang *l = tg_lang_detect(f->path, f->data, f->len);
	struct tg_count_result res = {-1, {0, 0, 0, 0, 0}};

	r->w[f->worker].analyzed++;
	if (l) {
		tg_analyze_count(l, f->data, f->len, &res.c, NULL);
		res.lang = (int32_t)l->id;
	}
	/* stat data taken before the read, so a later change is a miss next time */
	if (r->cache && f->ino) {
		struct tg_count_key k = {f->path, f->len, f->mtime_ns, f->ino, f->oid};
		tg_count_cache_put(r->cache, f->worker, &k, &res);
	}
	add_result(r, f->worker, f->path, &res);
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
 * repository root, so it applies only when the walk starts there, as does
 * leaving out .terragon/ (the store, and this command's own cache: counting
 * the cache would change it on every run).
 */
static void walk_options(struct tg_walk_opts *wo, const struct tg_config *cfg, const char *root,
                         struct tg_strlist *own)
{
	char *real = realpath(wo->root, NULL);

	wo->max_file_bytes = cfg->thresholds.max_file_bytes;
	wo->max_files_per_batch = cfg->batch_processing.max_files_per_batch;
	wo->memory_limit_mb = cfg->batch_processing.memory_limit_mb;
	if (real && root && !strcmp(real, root)) {
		wo->exclude = &cfg->exclude;
		tg_strlist_add(own, ".terragon/");
		wo->own_outputs = own;
	}
	free(real);
}

/* The cache for this walk: its settings are whatever changes a file's results. */
static void open_cache(struct count_run *r, struct tg_walk_opts *wo, const char *root)
{
	char *file = tg_count_cache_file(wo->root, root);
	struct tg_hasher h;
	char num[64];

	if (!file) {
		tg_debug("count: no place for a cache (no HOME)");
		return;
	}
	tg_hasher_init(&h);
	snprintf(num, sizeof(num), "%ld %d %zu", wo->max_file_bytes, wo->skip_generated, r->nlang);
	tg_hasher_adds(&h, num);
	r->cache = tg_count_cache_open(file, tg_hasher_finish(&h), r->workers);
	wo->cached = count_cached;
	free(file);
}

static void close_cache(struct count_run *r)
{
	uint64_t cached = 0, analyzed = 0;

	for (int k = 0; k < r->workers; k++) {
		cached += r->w[k].cached;
		analyzed += r->w[k].analyzed;
	}
	tg_debug("count: %llu files cached, %llu analyzed", (unsigned long long)cached,
	         (unsigned long long)analyzed);
	if (r->cache && tg_count_cache_save(r->cache)) {
		tg_debug("count: cache not saved: %s", tg_error_message());
		tg_error_clear();
	}
	tg_count_cache_free(r->cache);
	r->cache = NULL;
}

int cmd_count(int argc, const char **argv)
{
	int by_file = 0, no_ignore = 0, jobs = 0, no_cache = 0;
	const char *format = "table";
	const struct tg_option opts[] = {
	        TG_OPT_BOOL(0, "by-file", &by_file, "also list every counted file"),
	        TG_OPT_STRING(0, "format", &format, "FMT", "table, json or csv"),
	        TG_OPT_BOOL(
	                0, "no-ignore", &no_ignore,
	                "also read files .gitignore, .terragonignore and .git/info/exclude skip"),
	        TG_OPT_INT('j', "jobs", &jobs, "N", "worker threads (default: one per core)"),
	        TG_OPT_BOOL(0, "no-cache", &no_cache,
	                    "analyze every file again, neither reading nor writing the cache"),
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
	struct tg_strlist own = TG_STRLIST_INIT;
	char *root = NULL;
	wo.root = n ? argv[0] : ".";
	int rc = load_config(&cfg, wo.root, &root);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	walk_options(&wo, &cfg, root, &own);
	wo.no_ignore = no_ignore;

	struct count_run r = {NULL, jobs ? jobs : cfg.batch_processing.parallel_workers,
	                      tg_lang_count(), by_file, NULL};
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
	if (!no_cache)
		open_cache(&r, &wo, root);
	rc = tg_walk_run(&wo, count_file, &r, &st);
	if (!rc)
		close_cache(&r);
	tg_count_cache_free(r.cache);
	tg_strlist_clear(&own);
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
