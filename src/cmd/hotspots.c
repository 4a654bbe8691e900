#include "cmd/cmd.h"

#include "cmd/history_cli.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const usage[] = {
        "terragon hotspots [--format table|json|csv] [--since DATE] [--first-parent] [--limit N]",
        "",
        "Files that are both complex and changed often: score = recent activity x the square",
        "root of complexity (decision points in the working tree's file). Activity counts each",
        "commit of the last 3 years at 2^(-months old / 6), bug fixes twice. With the",
        "complexity over each one's last 10 revisions.",
        NULL};

static void trend_text(struct tg_buf *b, const struct tg_hotspot *hs)
{
	int i;

	for (i = 0; i < hs->trend_nr; i++) {
		if (i)
			tg_buf_addch(b, ' ');
		if (hs->trend[i] < 0)
			tg_buf_addch(b, '?');
		else
			tg_buf_addf(b, "%ld", hs->trend[i]);
	}
}

/* Oldest first; null where a revision could not be read or its language is unknown. */
static void json_trend(struct tg_buf *b, const struct tg_hotspot *hs)
{
	int i;

	tg_buf_adds(b, ",\"trend\":[");
	for (i = 0; i < hs->trend_nr; i++) {
		if (i)
			tg_buf_addch(b, ',');
		if (hs->trend[i] < 0)
			tg_buf_adds(b, "null");
		else
			tg_buf_addf(b, "%ld", hs->trend[i]);
	}
	tg_buf_addch(b, ']');
}

static void print_table(const struct tg_hotspot *v, size_t n, struct tg_buf *out)
{
	size_t i;

	tg_buf_addf(out, "%10s %6s %8s %8s %7s %-20s %5s  %-30s %s\n", "SCORE", "REVS", "ADDED",
	            "DELETED", "AUTHORS", "MAIN AUTHOR", "CCN", "TREND (OLDEST FIRST)", "PATH");
	for (i = 0; i < n; i++) {
		const struct tg_history_file *f = v[i].file;
		struct tg_buf t = TG_BUF_INIT;

		trend_text(&t, &v[i]);
		tg_buf_addf(out, "%10.0f %6ld %8ld %8ld %7ld ", v[i].score, f->revisions, f->added,
		            f->deleted, f->authors);
		tg_history_cell(out, f->main_author ? f->main_author : "-", 20, 0);
		tg_buf_addf(out, " %5ld  %-30s ", v[i].complexity, t.buf);
		tg_buf_add_printables(out, f->path);
		tg_buf_addch(out, '\n');
		tg_buf_release(&t);
	}
}

static void print_json(const struct tg_hotspot *v, size_t n, int partial, struct tg_buf *out)
{
	size_t i;

	tg_buf_adds(out, partial ? "{\"partial\":true,\"hotspots\":[" : "{\"hotspots\":[");
	for (i = 0; i < n; i++) {
		const struct tg_history_file *f = v[i].file;

		tg_buf_adds(out, i ? ",\n{\"path\":" : "\n{\"path\":");
		tg_buf_add_jsons(out, f->path);
		tg_buf_addf(out, ",\"revisions\":%ld,\"added\":%ld,\"deleted\":%ld,\"authors\":%ld",
		            f->revisions, f->added, f->deleted, f->authors);
		tg_buf_adds(out, ",\"main_author\":");
		if (f->main_author)
			tg_buf_add_jsons(out, f->main_author);
		else
			tg_buf_adds(out, "null");
		tg_buf_addf(out, ",\"complexity\":%ld,\"score\":", v[i].complexity);
		tg_buf_add_jsonnum(out, v[i].score);
		json_trend(out, &v[i]);
		tg_buf_adds(out, "}");
	}
	tg_buf_adds(out, n ? "\n]}\n" : "]}\n");
}

static void print_csv(const struct tg_hotspot *v, size_t n, struct tg_buf *out)
{
	size_t i;

	tg_buf_adds(out,
	            "path,revisions,added,deleted,authors,main_author,complexity,score,trend\n");
	for (i = 0; i < n; i++) {
		const struct tg_history_file *f = v[i].file;
		struct tg_buf t = TG_BUF_INIT;

		trend_text(&t, &v[i]);
		tg_buf_add_csv(out, f->path);
		tg_buf_addf(out, ",%ld,%ld,%ld,%ld,", f->revisions, f->added, f->deleted,
		            f->authors);
		tg_buf_add_csv(out, f->main_author ? f->main_author : "");
		tg_buf_addf(out, ",%ld,%.0f,", v[i].complexity, v[i].score);
		tg_buf_add_csv(out, t.buf);
		tg_buf_addch(out, '\n');
		tg_buf_release(&t);
	}
}

int cmd_hotspots(int argc, const char **argv)
{
	struct tg_history_cli c = TG_HISTORY_CLI_INIT;
	int trend = 1;
	const struct tg_option opts[] = {
	        TG_HISTORY_CLI_OPTIONS(c),
	        TG_OPT_BOOL(0, "trend", &trend,
	                    "read each listed file's last 10 revisions for its complexity trend "
	                    "(default on; --no-trend skips it)"),
	        TG_OPT_END()};
	struct tg_history_opts o;
	struct tg_history *h = NULL;
	struct tg_hotspot *v = NULL;
	struct tg_buf out = TG_BUF_INIT;
	size_t n = 0;
	int rc = tg_options_parse_args(argc, argv, opts, usage, 0, 0);

	if (rc < 0)
		return tg_cmd_parse_exit(rc);
	c.with_complexity = 1;
	rc = tg_history_cli_build(&c, &h, &o);
	if (rc == TG_OK)
		rc = tg_history_hotspots(h, tg_history_complexity, NULL, (size_t)c.limit, trend, &v,
		                         &n);
	if (rc == TG_OK)
		rc = tg_history_save(h); /* counts, complexities and trends, in one write */
	if (rc != TG_OK) {
		tg_error_report();
		tg_history_free(h);
		tg_history_cli_release(&c);
		return tg_status_exit(rc);
	}
	if (c.fmt == TG_HF_JSON)
		print_json(v, n, tg_history_partial(h), &out);
	else if (c.fmt == TG_HF_CSV)
		print_csv(v, n, &out);
	else
		print_table(v, n, &out);
	if (c.fmt == TG_HF_TABLE && tg_history_partial(h))
		tg_buf_addf(&out, "(partial: %s)\n", tg_history_partial_why(h));
	fwrite(out.buf, 1, out.len, stdout);
	if (tg_history_partial(h))
		tg_warn("hotspots: results are partial (%s)", tg_history_partial_why(h));
	tg_buf_release(&out);
	free(v);
	tg_history_free(h);
	tg_history_cli_release(&c);
	return TG_EXIT_OK;
}
