#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "compliance/classify.h"
#include "util/alloc.h"
#include "util/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon classify [PATH] [-C DIR] [-c FILE] [--format table|json] [-j N]",
        "",
        "The classification map PCI scoping starts from: each file holding regulated data,",
        "and which classes: IBANs (mod 97 and the country's length), US social security",
        "numbers (area, group and serial rules), and e-mail addresses and E.164 phone numbers",
        "in bulk (10 or more in one file). Every match is confirmed by its validator; no value",
        "is printed, only counts. Card numbers are the rule packs' (compliance.card-number).",
        NULL,
};

static const char *const formats[] = {"table", "json", NULL};

struct row {
	char *path;
	struct tg_classification k;
};

struct map {
	pthread_mutex_t lock;
	struct row *v;
	size_t nr, alloc, files;
};

static int holds_any(const struct tg_classification *k)
{
	for (int c = 0; c < TG_DATA_CLASSES; c++)
		if (tg_classification_holds(k, (enum tg_data_class)c))
			return 1;
	return 0;
}

static int classify_file(const struct tg_walk_file *f, void *arg)
{
	struct map *m = arg;
	struct tg_classification k;

	tg_classify(f->data, f->len, &k);
	pthread_mutex_lock(&m->lock);
	m->files++;
	if (holds_any(&k)) {
		TG_ALLOC_GROW(m->v, m->nr + 1, m->alloc);
		m->v[m->nr].path = tg_strdup(f->path);
		m->v[m->nr++].k = k;
	}
	pthread_mutex_unlock(&m->lock);
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->path, ((const struct row *)b)->path);
}

static void print(const struct map *m, int json, struct tg_buf *out)
{
	if (json)
		tg_buf_addf(out, "{\"files_read\": %zu, \"bulk\": %d, \"files\": [", m->files,
		            TG_CLASSIFY_BULK);
	for (size_t i = 0; i < m->nr; i++) {
		const struct row *r = &m->v[i];
		if (json) {
			tg_buf_adds(out, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
			tg_buf_add_jsons(out, r->path);
			tg_buf_adds(out, ", \"classes\": [");
		} else {
			tg_buf_add_printables(out, r->path);
		}
		for (int c = 0, first = 1; c < TG_DATA_CLASSES; c++) {
			if (!tg_classification_holds(&r->k, (enum tg_data_class)c))
				continue;
			if (json)
				tg_buf_addf(out, "%s\"%s\"", first ? "" : ", ",
				            tg_data_class_name((enum tg_data_class)c));
			else
				tg_buf_addf(out, "  %s=%zu",
				            tg_data_class_name((enum tg_data_class)c),
				            r->k.count[c]);
			first = 0;
		}
		if (json) {
			tg_buf_adds(out, "], \"counts\": {");
			for (int c = 0; c < TG_DATA_CLASSES; c++)
				tg_buf_addf(out, "%s\"%s\": %zu", c ? ", " : "",
				            tg_data_class_name((enum tg_data_class)c),
				            r->k.count[c]);
			tg_buf_adds(out, "}}");
		} else {
			tg_buf_adds(out, "\n");
		}
	}
	if (json)
		tg_buf_adds(out, "\n]}\n");
	else
		tg_buf_addf(out, "%zu of %zu files hold classified data\n", m->nr, m->files);
}

int cmd_classify(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	struct map m = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, 0};
	struct tg_walk_stats stats = TG_WALK_STATS_INIT;
	struct tg_buf out = TG_BUF_INIT;
	struct tg_setup_tree st;
	int jobs = 0, n, rc;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, formats, "table (default) or json"),
	        TG_OPT_INT('j', "jobs", &jobs, "N", "worker threads (default: one per core)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_setup_tree_open(&st, repo, n ? argv[0] : NULL, config, jobs);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	rc = tg_walk_run(&st.wo, classify_file, &m, &stats);
	if (!rc) {
		tg_walk_note_skips(&stats, "classify");
		if (m.nr) /* qsort(NULL, 0) is undefined */
			qsort(m.v, m.nr, sizeof(*m.v), by_path);
		print(&m, !strcmp(format, "json"), &out);
		fwrite(out.buf, 1, out.len, stdout);
	}
	if (rc)
		tg_error_report();
	for (size_t i = 0; i < m.nr; i++)
		free(m.v[i].path);
	free(m.v);
	tg_walk_stats_release(&stats);
	tg_buf_release(&out);
	tg_setup_tree_close(&st);
	return tg_status_exit(rc);
}
