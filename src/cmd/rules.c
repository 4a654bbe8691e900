#include "cmd/cmd.h"

#include "backlog/item_json.h"
#include "rules/rules.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/log.h"
#include "walk/walk.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* List, validate and test the rule packs (regexes, fields, each rule's match and no_match
 * examples), or scan files and directories with them. Secrets are always redacted. */
static const char *const usage[] = {
        "terragon rules list [--format table|json|csv] [--pack FILE]... [--disable ID]...",
        "terragon rules validate [--no-builtin] [PACK...]",
        "terragon rules test [--no-builtin] [PACK...]",
        "terragon rules scan [--format table|json] [-j N] [--no-ignore] [--fail] PATH...", NULL};

struct args {
	const char *format;
	struct tg_strlist packs, disable;
	int no_builtin, jobs, fail, no_cache, ignore;
};

static int load(struct args *a, struct tg_ruleset **rs)
{
	int ret = tg_rules_load_packs(rs, &a->packs, !a->no_builtin, &a->disable);

	if (!ret && a->no_cache)
		tg_rules_set_cache_dir(*rs, NULL);
	if (!ret)
		ret = tg_rules_compile(*rs);
	if (ret)
		tg_error_report();
	return ret;
}

static const char *join(struct tg_buf *b, const struct tg_strlist *l)
{
	size_t i;

	tg_buf_reset(b);
	for (i = 0; i < l->nr; i++)
		tg_buf_addf(b, "%s%s", i ? "," : "", l->v[i]);
	return l->nr ? b->buf : "generic";
}

static int cmd_list(struct args *a, struct tg_ruleset *rs)
{
	struct tg_buf out = TG_BUF_INIT, langs = TG_BUF_INIT;
	size_t i, k, n = tg_rules_count(rs);
	int json = !strcmp(a->format, "json"), csv = !strcmp(a->format, "csv");

	if (json)
		tg_buf_adds(&out, "[");
	else if (csv)
		tg_buf_adds(&out, "id,category,severity,cwe,engine,languages,pack\n");
	else
		tg_buf_addf(&out, "%-40s %-10s %-8s %-8s %-9s %s\n", "ID", "CATEGORY", "SEVERITY",
		            "CWE", "ENGINE", "LANGUAGES");
	for (i = 0; i < n; i++) {
		struct tg_rule_info r;
		tg_rules_info(rs, i, &r);
		join(&langs, r.languages);
		if (json) {
			tg_buf_adds(&out, i ? ",\n{\"id\":" : "\n{\"id\":");
			tg_buf_add_jsons(&out, r.id);
			tg_buf_adds(&out, ",\"category\":");
			tg_buf_add_jsons(&out, r.category);
			tg_buf_addf(&out,
			            ",\"severity\":\"%s\",\"cwe\":", tg_severity_name(r.severity));
			tg_buf_add_jsons(&out, r.cwe ? r.cwe : "");
			tg_buf_addf(&out, ",\"engine\":\"%s\",\"languages\":", r.engine);
			tg_buf_add_jsons(&out, r.languages->nr ? langs.buf : "generic");
			tg_buf_adds(&out, ",\"pack\":");
			tg_buf_add_jsons(&out, r.pack);
			tg_buf_adds(&out, ",\"patterns\":[");
			for (k = 0; tg_rules_pattern(rs, i, k); k++) {
				tg_buf_adds(&out, k ? "," : "");
				tg_buf_add_jsons(&out, tg_rules_pattern(rs, i, k));
			}
			tg_buf_adds(&out, "]}");
		} else if (csv) {
			tg_buf_add_csv(&out, r.id);
			tg_buf_addf(&out, ",%s,%s,%s,%s,", r.category, tg_severity_name(r.severity),
			            r.cwe ? r.cwe : "", r.engine);
			tg_buf_add_csv(&out, r.languages->nr ? langs.buf : "generic");
			tg_buf_addch(&out, ',');
			tg_buf_add_csv(&out, r.pack);
			tg_buf_addch(&out, '\n');
		} else {
			tg_buf_addf(&out, "%-40s %-10s %-8s %-8s %-9s %s\n", r.id, r.category,
			            tg_severity_name(r.severity), r.cwe ? r.cwe : "-", r.engine,
			            r.languages->nr ? langs.buf : "generic");
		}
	}
	if (json)
		tg_buf_adds(&out, n ? "\n]\n" : "]\n");
	fwrite(out.buf, 1, out.len, stdout);
	tg_buf_release(&out);
	tg_buf_release(&langs);
	return TG_EXIT_OK;
}

static int cmd_validate(struct args *a, struct tg_ruleset *rs)
{
	const struct tg_strlist *p = tg_rules_problems(rs);

	/* Each problem was already reported on stderr as a warning while loading. */
	if (p->nr) {
		tg_error("%zu problem(s) in the rule packs", p->nr);
		return TG_EXIT_FAIL;
	}
	printf("%zu rules, no problems\n", tg_rules_count(rs));
	return TG_EXIT_OK;
}

static int cmd_test(struct args *a, struct tg_ruleset *rs)
{
	struct tg_strlist failures = TG_STRLIST_INIT;
	size_t examples = 0, i;
	int ret;

	if (tg_rules_test_examples(rs, &failures, &examples)) {
		tg_error_report();
		return TG_EXIT_RUN;
	}
	for (i = 0; i < failures.nr; i++)
		printf("FAIL %s\n", failures.v[i]);
	printf("%zu rules, %zu examples: %zu passed, %zu failed\n", tg_rules_count(rs), examples,
	       examples >= failures.nr ? examples - failures.nr : 0, failures.nr);
	ret = failures.nr || tg_rules_problems(rs)->nr ? TG_EXIT_FAIL : TG_EXIT_OK;
	tg_strlist_clear(&failures);
	return ret;
}

/* `rules scan`: items from every worker, collected under a lock and sorted. */
struct collect {
	struct tg_sink sink;
	pthread_mutex_t lock;
	struct tg_item *items;
	size_t nr, alloc;
	const struct tg_ruleset *rs;
	struct tg_rules_scratch **scratch;
	int jobs, no_ignore;
	size_t files, bytes;
};

static int collect_emit(struct tg_sink *s, struct tg_item *it)
{
	struct collect *c = s->data;

	pthread_mutex_lock(&c->lock);
	TG_ALLOC_GROW(c->items, c->nr + 1, c->alloc);
	c->items[c->nr++] = *it;
	tg_item_init(it);
	pthread_mutex_unlock(&c->lock);
	return TG_OK;
}

static int scan_file(const struct tg_walk_file *f, void *arg)
{
	struct collect *c = arg;
	int w = f->worker < c->jobs ? f->worker : 0;

	__atomic_add_fetch(&c->files, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->bytes, f->len, __ATOMIC_RELAXED);
	return tg_rules_scan(c->rs, c->scratch[w], NULL, f->path, f->data, f->len, &c->sink);
}

static int by_place(const void *x, const void *y)
{
	const struct tg_item *a = x, *b = y;
	int d = strcmp(a->path, b->path);

	if (d)
		return d;
	if (a->start_line != b->start_line)
		return a->start_line - b->start_line;
	if (a->start_column != b->start_column)
		return a->start_column - b->start_column;
	return strcmp(a->rule_id, b->rule_id);
}

static int scan_path(struct collect *c, const char *path)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	struct stat sb;
	int ret;

	if (!stat(path, &sb) && S_ISREG(sb.st_mode)) {
		/* A file named on the command line is read as is, binaries (models) too. */
		struct tg_buf b = TG_BUF_INIT;
		ret = tg_buf_read_file(&b, path);
		if (!ret)
			ret = tg_rules_scan(c->rs, c->scratch[0], NULL, path,
			                    (const unsigned char *)b.buf, b.len, &c->sink);
		c->files++, c->bytes += b.len;
		tg_buf_release(&b);
		return ret;
	}
	o.root = path;
	o.workers = c->jobs;
	o.no_ignore = c->no_ignore;
	ret = tg_walk_run(&o, scan_file, c, &st);
	tg_walk_stats_release(&st);
	return ret;
}

static void print_items(struct collect *c, int json, struct tg_buf *out)
{
	size_t i;

	if (json)
		tg_buf_adds(out, "[");
	for (i = 0; i < c->nr; i++) {
		const struct tg_item *it = &c->items[i];
		if (json) {
			tg_buf_adds(out, i ? ",\n" : "\n");
			tg_item_to_json(out, it, -1);
			continue;
		}
		tg_buf_addf(out, "%s:%d:%d: %s %s [%s] %s%s\n  evidence: %s\n", it->path,
		            it->start_line, it->start_column, tg_severity_name(it->severity),
		            it->rule_id, it->fingerprint, it->message,
		            it->status == TG_STATUS_SUPPRESSED ? " (suppressed)" : "",
		            it->evidence ? it->evidence : "");
	}
	if (json)
		tg_buf_adds(out, c->nr ? "\n]\n" : "]\n");
}

static int cmd_scan(struct args *a, struct tg_ruleset *rs, int argc, const char **argv)
{
	struct collect c = {.sink = {collect_emit, NULL},
	                    .lock = PTHREAD_MUTEX_INITIALIZER,
	                    .rs = rs,
	                    .jobs = a->jobs > 0 ? a->jobs : 2,
	                    .no_ignore = !a->ignore};
	struct tg_buf out = TG_BUF_INIT;
	size_t i, open = 0;
	int ret = TG_OK, j;

	c.sink.data = &c;
	c.scratch = tg_calloc((size_t)c.jobs, sizeof(*c.scratch));
	for (j = 0; j < c.jobs; j++)
		c.scratch[j] = tg_rules_scratch_new(rs);
	for (j = 1; j < argc && !ret; j++)
		ret = scan_path(&c, argv[j]);
	if (ret)
		tg_error_report();
	if (c.nr)
		qsort(c.items, c.nr, sizeof(*c.items), by_place);
	print_items(&c, !strcmp(a->format, "json"), &out);
	fwrite(out.buf, 1, out.len, stdout);
	for (i = 0; i < c.nr; i++) {
		open += c.items[i].status == TG_STATUS_OPEN;
		tg_item_release(&c.items[i]);
	}
	tg_note("rules: %zu files, %zu bytes, %zu findings (%zu open)", c.files, c.bytes, c.nr,
	        open);
	for (j = 0; j < c.jobs; j++)
		tg_rules_scratch_free(c.scratch[j]);
	free(c.scratch), free(c.items);
	tg_buf_release(&out);
	if (ret)
		return TG_EXIT_RUN;
	return a->fail && open ? TG_EXIT_FAIL : TG_EXIT_OK;
}

int cmd_rules(int argc, const char **argv)
{
	struct args a = {"table", TG_STRLIST_INIT, TG_STRLIST_INIT, 0, 0, 0, 0, 1};
	const struct tg_option opts[] = {
	        TG_OPT_STRING(0, "format", &a.format, "FORMAT",
	                      "output: table (default), json or csv (list only)"),
	        TG_OPT_LIST(0, "pack", &a.packs, "FILE",
	                    "a rule pack (YAML file or directory) to add; repeatable"),
	        TG_OPT_LIST(0, "disable", &a.disable, "ID", "a rule id to turn off; repeatable"),
	        TG_OPT_BOOL(0, "no-builtin", &a.no_builtin, "leave out the built-in packs"),
	        TG_OPT_INT('j', "jobs", &a.jobs, "N", "scan: worker threads (default 2)"),
	        TG_OPT_BOOL(
	                0, "ignore", &a.ignore,
	                "scan: honour .gitignore and .terragonignore (the default); --no-ignore "
	                "reads what they exclude"),
	        TG_OPT_BOOL(0, "fail", &a.fail, "scan: exit 1 when there is an open finding"),
	        TG_OPT_BOOL(0, "no-cache", &a.no_cache,
	                    "compile the Vectorscan database afresh, neither reading nor writing "
	                    "the cache"),
	        TG_OPT_END()};
	struct tg_ruleset *rs = NULL;
	int n = tg_options_parse(argc, argv, opts, usage), ret, i;
	const char *sub;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (n < 1) {
		tg_error("rules: expected list, validate, test or scan");
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	sub = argv[0];
	if (strcmp(a.format, "table") && strcmp(a.format, "json") && strcmp(a.format, "csv")) {
		tg_error("--format: expected table, json or csv, got \"%s\"", a.format);
		return TG_EXIT_USAGE;
	}
	if (!strcmp(sub, "validate") || !strcmp(sub, "test"))
		for (i = 1; i < n; i++)
			tg_strlist_add(&a.packs, argv[i]);
	if (!strcmp(sub, "scan") && n < 2) {
		tg_error("rules scan: expected at least one PATH");
		return TG_EXIT_USAGE;
	}
	if (strcmp(sub, "list") && strcmp(sub, "validate") && strcmp(sub, "test") &&
	    strcmp(sub, "scan")) {
		tg_error("rules: unknown subcommand '%s' (list, validate, test, scan)", sub);
		return TG_EXIT_USAGE;
	}
	if (load(&a, &rs))
		ret = TG_EXIT_USAGE;
	else if (!strcmp(sub, "list"))
		ret = cmd_list(&a, rs);
	else if (!strcmp(sub, "validate"))
		ret = cmd_validate(&a, rs);
	else if (!strcmp(sub, "test"))
		ret = cmd_test(&a, rs);
	else
		ret = cmd_scan(&a, rs, n, argv);
	tg_ruleset_free(rs);
	tg_strlist_clear(&a.packs);
	tg_strlist_clear(&a.disable);
	return ret;
}
