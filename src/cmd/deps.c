#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "deps/inventory.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
        "terragon deps [PATH] [-C DIR] [-c FILE] [--format table|json|csv] [--no-ignore]",
        "terragon deps verify [SBOM|PATH] (see terragon deps verify --help)",
        "",
        "The dependencies the lockfiles and manifests under PATH (default .) declare (README: "
        "Dependencies).",
        "No package manager is run. A manifest beside a lockfile only says which entries are "
        "direct;",
        "a manifest alone gives ranges (marked \"range\"). Problems go to stderr as warnings.",
        "Exit status 1 when a lockfile or manifest could not be read or parsed, else 0.",
        NULL};

static void add_version(struct tg_buf *o, const struct tg_dep *d)
{
	if (d->version)
		tg_buf_add_printables(o, d->version);
	else if (d->range) {
		tg_buf_adds(o, "range ");
		tg_buf_add_printables(o, d->range);
	}
}

static void print_table(struct tg_buf *o, const struct tg_dep_list *l)
{
	struct tg_buf cell = TG_BUF_INIT;

	tg_buf_addf(o, "%-10s %-32s %-20s %-8s %-10s %s\n", "ECOSYSTEM", "NAME", "VERSION", "SCOPE",
	            "DIRECT", "FILE:LINE");
	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];

		tg_buf_addf(o, "%-10s ", tg_eco_name(d->eco));
		tg_buf_add_printable_cell(o, d->name, 32);
		tg_buf_addch(o, ' ');
		tg_buf_reset(&cell);
		add_version(&cell, d);
		tg_buf_addf(o, "%-20s %-8s %-10s ", cell.buf, tg_dep_scope_name(d->scope),
		            d->direct ? "direct" : "transitive");
		tg_buf_add_printables(o, d->file);
		if (d->line)
			tg_buf_addf(o, ":%d", d->line);
		tg_buf_addch(o, '\n');
	}
	tg_buf_release(&cell);
}

static void json_str_or_null(struct tg_buf *o, const char *key, const char *v)
{
	tg_buf_addf(o, ",\"%s\":", key);
	if (v)
		tg_buf_add_jsons(o, v);
	else
		tg_buf_adds(o, "null");
}

static void print_json(struct tg_buf *o, const struct tg_dep_list *l)
{
	tg_buf_adds(o, "{\"dependencies\":[");
	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];

		tg_buf_adds(o, i ? ",\n{\"ecosystem\":" : "\n{\"ecosystem\":");
		tg_buf_add_jsons(o, tg_eco_name(d->eco));
		json_str_or_null(o, "name", d->name);
		json_str_or_null(o, "version", d->version);
		json_str_or_null(o, "range", d->range);
		json_str_or_null(o, "purl", d->purl);
		tg_buf_addf(o, ",\"direct\":%s,\"scope\":\"%s\",\"origin\":\"%s\"",
		            d->direct ? "true" : "false", tg_dep_scope_name(d->scope),
		            tg_dep_origin_name(d->origin));
		json_str_or_null(o, "file", d->file);
		tg_buf_addf(o, ",\"line\":%d,\"hashes\":[", d->line);
		for (size_t k = 0; k < d->hashes.nr; k++) {
			if (k)
				tg_buf_addch(o, ',');
			tg_buf_add_jsons(o, d->hashes.v[k]);
		}
		tg_buf_addch(o, ']');
		json_str_or_null(o, "via", d->via);
		tg_buf_addch(o, '}');
	}
	tg_buf_adds(o, l->nr ? "\n],\"warnings\":[" : "],\"warnings\":[");
	for (size_t i = 0; i < l->warnings.nr; i++) {
		tg_buf_adds(o, i ? ",\n" : "\n");
		tg_buf_add_jsons(o, l->warnings.v[i]);
	}
	tg_buf_adds(o, l->warnings.nr ? "\n]}\n" : "]}\n");
}

static void print_csv(struct tg_buf *o, const struct tg_dep_list *l)
{
	tg_buf_adds(o, "ecosystem,name,version,range,purl,direct,scope,origin,file,line,hashes,"
	               "via\n");
	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];
		struct tg_buf h = TG_BUF_INIT;
		const char *cells[] = {tg_eco_name(d->eco), d->name, d->version, d->range, d->purl};

		for (size_t k = 0; k < 5; k++) {
			tg_buf_add_csv(o, cells[k] ? cells[k] : "");
			tg_buf_addch(o, ',');
		}
		tg_buf_addf(o, "%s,%s,%s,", d->direct ? "direct" : "transitive",
		            tg_dep_scope_name(d->scope), tg_dep_origin_name(d->origin));
		tg_buf_add_csv(o, d->file);
		tg_buf_addf(o, ",%d,", d->line);
		for (size_t k = 0; k < d->hashes.nr; k++) {
			if (k)
				tg_buf_addch(&h, ' ');
			tg_buf_adds(&h, d->hashes.v[k]);
		}
		tg_buf_add_csv(o, h.buf);
		tg_buf_addch(o, ',');
		tg_buf_add_csv(o, d->via ? d->via : "");
		tg_buf_addch(o, '\n');
		tg_buf_release(&h);
	}
}

int cmd_deps(int argc, const char **argv)
{
	int no_ignore = 0;
	const char *format = "table", *repo = NULL, *config = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json_csv,
	                      "output format (default: table)"),
	        TG_OPT_BOOL(0, "no-ignore", &no_ignore,
	                    "also read files .gitignore, .terragonignore and .git/info/exclude "
	                    "skip"),
	        TG_OPT_END()};
	int n, rc;
	struct tg_dep_list deps = TG_DEP_LIST_INIT;
	struct tg_setup_tree st;
	struct tg_buf out = TG_BUF_INIT;
	size_t failed = 0;

	/* argv[1] becomes the sub-command's argv[0], which messages name */
	if (argc > 1 && !strcmp(argv[1], "verify")) {
		argv[1] = "deps verify";
		return cmd_deps_verify(argc - 1, argv + 1);
	}
	n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if ((rc = tg_setup_tree_open(&st, repo, n ? argv[0] : NULL, config, 0))) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	st.wo.no_ignore = no_ignore;
	rc = tg_deps_scan(&st.wo, &deps, &failed);
	tg_setup_tree_close(&st);
	if (rc) {
		tg_error_report();
		tg_dep_list_clear(&deps);
		return tg_status_exit(rc);
	}
	for (size_t i = 0; i < deps.warnings.nr; i++)
		tg_warn("deps: %s", deps.warnings.v[i]);
	if (!strcmp(format, "json"))
		print_json(&out, &deps);
	else if (!strcmp(format, "csv"))
		print_csv(&out, &deps);
	else
		print_table(&out, &deps);
	fwrite(out.buf, 1, out.len, stdout);
	tg_buf_release(&out);
	tg_dep_list_clear(&deps);
	return failed ? TG_EXIT_FAIL : TG_EXIT_OK;
}
