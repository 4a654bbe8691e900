#include "cmd/cmd.h"

#include "cmd/history_cli.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const usage[] = {
        "terragon coupling [--format table|json|csv] [--min-revs N] [--min-shared-revs N]", "",
        "Files that change together (code-maat's logical coupling): degree = 100 x shared",
        "commits / mean revisions of the two, over commits touching at most 30 files.", NULL};

static void print_rows(const struct tg_history_pair *p, size_t n, enum tg_history_format fmt,
                       const char *why, struct tg_buf *out)
{
	size_t i;

	if (fmt == TG_HF_JSON)
		tg_buf_adds(out, *why ? "{\"partial\":true,\"pairs\":[" : "{\"pairs\":[");
	else if (fmt == TG_HF_CSV)
		tg_buf_adds(out, "a,b,shared_revisions,degree\n");
	else
		tg_buf_addf(out, "%6s %6s %6s %6s  %s\n", "DEGREE", "SHARED", "REVS A", "REVS B",
		            "A <-> B");
	for (i = 0; i < n; i++) {
		if (fmt == TG_HF_JSON) {
			tg_buf_adds(out, i ? ",\n{\"a\":" : "\n{\"a\":");
			tg_buf_add_jsons(out, p[i].a);
			tg_buf_adds(out, ",\"b\":");
			tg_buf_add_jsons(out, p[i].b);
			tg_buf_addf(out, ",\"shared_revisions\":%ld,\"degree\":%d}",
			            p[i].shared_revisions, p[i].degree);
		} else if (fmt == TG_HF_CSV) {
			tg_buf_add_csv(out, p[i].a);
			tg_buf_addch(out, ',');
			tg_buf_add_csv(out, p[i].b);
			tg_buf_addf(out, ",%ld,%d\n", p[i].shared_revisions, p[i].degree);
		} else {
			tg_buf_addf(out, "%5d%% %6ld %6ld %6ld  ", p[i].degree,
			            p[i].shared_revisions, p[i].a_revisions, p[i].b_revisions);
			tg_buf_add_printables(out, p[i].a); /* paths: repository text */
			tg_buf_adds(out, " <-> ");
			tg_buf_add_printables(out, p[i].b);
			tg_buf_addch(out, '\n');
		}
	}
	if (fmt == TG_HF_JSON)
		tg_buf_adds(out, n ? "\n]}\n" : "]}\n");
	else if (fmt == TG_HF_TABLE && *why)
		tg_buf_addf(out, "(partial: %s)\n", why);
}

int cmd_coupling(int argc, const char **argv)
{
	struct tg_history_cli c = TG_HISTORY_CLI_INIT;
	const struct tg_option opts[] = {
	        TG_HISTORY_CLI_OPTIONS(c),
	        TG_OPT_INT(0, "min-revs", &c.min_revs, "N",
	                   "least mean revisions of the two files (default history.min_revs, 5)"),
	        TG_OPT_INT(0, "min-shared-revs", &c.min_shared_revs, "N",
	                   "least commits changing both (default history.min_shared_revs, 5)"),
	        TG_OPT_INT(0, "min-coupling", &c.min_coupling, "PCT",
	                   "least degree in percent (default history.min_coupling, 30)"),
	        TG_OPT_END()};
	struct tg_history_opts o;
	struct tg_history *h = NULL;
	struct tg_history_pair *p = NULL;
	struct tg_buf out = TG_BUF_INIT;
	size_t n = 0;
	int rc = tg_options_parse_args(argc, argv, opts, usage, 0, 0);

	if (rc < 0)
		return tg_cmd_parse_exit(rc);
	rc = tg_history_cli_build(&c, &h, &o);
	if (rc == TG_OK)
		rc = tg_history_coupling(h, 1, &p, &n);
	if (rc != TG_OK) {
		tg_error_report();
		tg_history_free(h);
		tg_history_cli_release(&c);
		return tg_status_exit(rc);
	}
	if (c.limit && n > (size_t)c.limit)
		n = (size_t)c.limit;
	print_rows(p, n, c.fmt, tg_history_partial_why(h), &out);
	fwrite(out.buf, 1, out.len, stdout);
	if (tg_history_partial(h))
		tg_warn("coupling: results are partial (%s)", tg_history_partial_why(h));
	tg_buf_release(&out);
	free(p);
	tg_history_free(h);
	tg_history_cli_release(&c);
	return TG_EXIT_OK;
}
