#include "cmd/cmd.h"

#include "analyze/tree.h"
#include "backlog/context.h"
#include "cmd/setup.h"
#include "config/config.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/log.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const usage[] = {
        "terragon count [PATH] [-C DIR] [-c FILE] [--by-file] [--format table|json|csv] "
        "[--no-ignore] [-j N] [--no-cache]",
        "",
        "Blank, comment and code lines and decision points per language (README: Counting "
        "rules).",
        "Reads the tree under PATH (default .) and writes nothing there, unless it has "
        ".terragon/:",
        "per-file results are cached under $XDG_CACHE_HOME/terragon (.terragon/cache/).",
        NULL};

#define COUNTS_FMT "%10llu %10llu %10llu %10llu"
#define COUNTS_ARGS(c)                                                                             \
	(unsigned long long)(c).blank, (unsigned long long)(c).comment,                            \
	        (unsigned long long)(c).code, (unsigned long long)(c).complexity

static void print_table(struct tg_buf *o, const struct tg_count_tree *t,
                        const struct tg_count_file *f)
{
	const struct tg_count_lang *l = t->langs;
	size_t nl = t->langs_nr, nf = t->files_nr;
	static const char rule[] = "-------------------------------------------------------------"
	                           "-------------------------\n";
	struct tg_count_lang sum = {"SUM", 0, {0, 0, 0, 0, 0}};

	if (f) {
		tg_buf_addf(o, "%-40s %-14s %10s %10s %10s %10s\n", "File", "Language", "blank",
		            "comment", "code", "complexity");
		for (size_t i = 0; i < nf; i++) {
			tg_buf_add_printable_cell(o, f[i].path, 40); /* a path: repository text */
			tg_buf_addf(o, " %-14s " COUNTS_FMT "\n", f[i].lang, COUNTS_ARGS(f[i].c));
		}
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
	if (t->apart.files)
		tg_buf_addf(o,
		            "%-28s %10llu " COUNTS_FMT
		            "\n(vendored code is in SUM, and left out of "
		            "discover's backlog: value_discovery.contexts.vendored)\n",
		            "of which vendored", (unsigned long long)t->apart.files,
		            COUNTS_ARGS(t->apart.c));
}

static void json_counts(struct tg_buf *o, const struct tg_file_counts *c)
{
	tg_buf_addf(o, ",\"blank\":%llu,\"comment\":%llu,\"code\":%llu,\"complexity\":%llu}",
	            COUNTS_ARGS(*c));
}

static void print_json(struct tg_buf *o, const struct tg_count_tree *t,
                       const struct tg_count_file *f)
{
	const struct tg_count_lang *l = t->langs;
	size_t nl = t->langs_nr, nf = t->files_nr;
	tg_buf_adds(o, "{\"languages\":[");
	for (size_t i = 0; i < nl; i++) {
		tg_buf_adds(o, i ? ",\n{\"language\":" : "\n{\"language\":");
		tg_buf_add_jsons(o, l[i].name);
		tg_buf_addf(o, ",\"files\":%llu", (unsigned long long)l[i].files);
		json_counts(o, &l[i].c);
	}
	tg_buf_adds(o, nl ? "\n]" : "]");
	if (t->apart.files) { /* only when there is some, as the table says it */
		tg_buf_addf(o, ",\"vendored\":{\"files\":%llu", (unsigned long long)t->apart.files);
		json_counts(o, &t->apart.c);
	}
	if (f) {
		tg_buf_adds(o, ",\"files\":[");
		for (size_t i = 0; i < nf; i++) {
			tg_buf_adds(o, i ? ",\n{\"path\":" : "\n{\"path\":");
			tg_buf_add_jsons(o, f[i].path);
			tg_buf_adds(o, ",\"language\":");
			tg_buf_add_jsons(o, f[i].lang);
			json_counts(o, &f[i].c);
		}
		tg_buf_adds(o, nf ? "\n]" : "]");
	}
	tg_buf_adds(o, "}\n");
}

static void print_csv(struct tg_buf *o, const struct tg_count_lang *l, size_t nl,
                      const struct tg_count_file *f, size_t nf)
{
	if (f) {
		tg_buf_adds(o, "path,language,blank,comment,code,complexity\n");
		for (size_t i = 0; i < nf; i++) {
			tg_buf_add_csv(o, f[i].path);
			tg_buf_addch(o, ',');
			tg_buf_add_csv(o, f[i].lang);
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

/* Vendored code, classed as discover classes it: paths relative to the repository root. */
struct vendored {
	struct tg_contexts *contexts;
	const char *prefix; /* the walk root under the repository root: "" or "dir/" */
};

static int is_vendored(const char *path, void *arg)
{
	const struct vendored *v = arg;
	char stack[1024], *full = stack;
	size_t np = strlen(v->prefix), n = strlen(path) + 1;
	int hit;

	if (!np)
		return tg_contexts_classify(v->contexts, path) == TG_CONTEXT_VENDORED;
	if (np + n > sizeof(stack))
		full = tg_malloc(np + n);
	memcpy(full, v->prefix, np);
	memcpy(full + np, path, n);
	hit = tg_contexts_classify(v->contexts, full) == TG_CONTEXT_VENDORED;
	if (full != stack)
		free(full);
	return hit;
}

/* The walk root's place under the repository root, "dir/" (empty: the root or outside). */
static char *walk_prefix(const char *root, const char *walk)
{
	char *r = root ? realpath(root, NULL) : NULL, *w = realpath(walk, NULL), *p = NULL;
	size_t n = r ? strlen(r) : 0;

	struct stat st;
	if (w && !stat(w, &st) && !S_ISDIR(st.st_mode) && strrchr(w, '/'))
		*strrchr(w, '/') = '\0'; /* a single file: its path is its base name */
	if (r && w && !strncmp(w, r, n) && w[n] == '/' && w[n + 1]) {
		struct tg_buf b = TG_BUF_INIT;
		tg_buf_addf(&b, "%s/", w + n + 1);
		p = tg_buf_detach(&b, NULL);
	}
	free(r), free(w);
	return p ? p : tg_strdup("");
}

static void report_skips(const struct tg_walk_stats *st)
{
	tg_note("count: read %zu files, %zu bytes, %zu directories", st->files, st->bytes,
	        st->dirs);
	tg_walk_note_skips(st, "count");
}

int cmd_count(int argc, const char **argv)
{
	int by_file = 0, no_ignore = 0, jobs = 0, no_cache = 0;
	const char *format = "table", *repo = NULL, *config = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_BOOL(0, "by-file", &by_file, "also list every counted file"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json_csv,
	                      "output format (default: table)"),
	        TG_OPT_BOOL(
	                0, "no-ignore", &no_ignore,
	                "also read files .gitignore, .terragonignore and .git/info/exclude skip"),
	        TG_OPT_INT('j', "jobs", &jobs, "N", "worker threads (default: one per core)"),
	        TG_OPT_BOOL(0, "no-cache", &no_cache,
	                    "analyze every file again, neither reading nor writing the cache"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (jobs < 0) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	struct tg_setup_tree st;
	struct tg_count_tree t;
	int rc = tg_setup_tree_open(&st, repo, n ? argv[0] : NULL, config, jobs);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	st.wo.no_ignore = no_ignore;
	struct vendored v = {tg_contexts_new(&st.cfg, st.root), NULL};
	v.prefix = walk_prefix(st.root, st.wo.root);
	rc = tg_count_tree_split(&t, &st.wo, st.root,
	                         (by_file ? TG_COUNT_BY_FILE : 0) |
	                                 (no_cache ? TG_COUNT_NO_CACHE : 0),
	                         is_vendored, &v);
	tg_contexts_free(v.contexts);
	free((char *)v.prefix);
	tg_setup_tree_close(&st);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	report_skips(&t.stats);

	struct tg_buf out = TG_BUF_INIT;
	const struct tg_count_file *files = by_file ? t.files : NULL;
	if (!strcmp(format, "json"))
		print_json(&out, &t, files);
	else if (!strcmp(format, "csv"))
		print_csv(&out, t.langs, t.langs_nr, files, t.files_nr);
	else
		print_table(&out, &t, files);
	fwrite(out.buf, 1, out.len, stdout);
	tg_buf_release(&out);
	tg_count_tree_release(&t);
	return TG_EXIT_OK;
}
