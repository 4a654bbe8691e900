#include "cmd/cmd.h"

#include "cmd/history_cli.h"
#include "history/blame.h"
#include "history/gitlog.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon owners PATH [--format table|json|csv] [--no-blame]",
        "",
        "Who wrote PATH (followed across renames): each author's revisions, lines and share,",
        "the main author, the bus factor and the knowledge held by inactive authors; and,",
        "from git blame at HEAD, how many of the lines that survive each author wrote.",
        NULL};

/* An author's surviving lines in the blame; -1 without a blame. */
static long blame_lines(const struct tg_history_blame *bl, const char *author)
{
	size_t i;

	for (i = 0; bl && i < bl->nr; i++)
		if (!strcmp(bl->authors[i].author, author))
			return bl->authors[i].lines;
	return bl ? 0 : -1;
}

/* 1 when the blame's author has no row among the history's authors. */
static int blame_only(const struct tg_history_owner *v, size_t n, const char *author)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].author, author))
			return 0;
	return 1;
}

static void json_blame(const struct tg_history_blame *bl, struct tg_buf *out)
{
	size_t i;

	if (!bl) {
		tg_buf_adds(out, ",\"blame\":null");
		return;
	}
	tg_buf_addf(out, ",\"blame\":{\"lines\":%ld,\"bot_lines\":%ld,\"main_author\":", bl->lines,
	            bl->bot_lines);
	if (bl->nr)
		tg_buf_add_jsons(out, bl->authors[0].author);
	else
		tg_buf_adds(out, "null");
	tg_buf_adds(out, ",\"ownership\":");
	tg_buf_add_jsonnum(out, bl->nr ? bl->authors[0].share : 0);
	tg_buf_adds(out, ",\"authors\":[");
	for (i = 0; i < bl->nr; i++) {
		tg_buf_adds(out, i ? ",{\"author\":" : "{\"author\":");
		tg_buf_add_jsons(out, bl->authors[i].author);
		tg_buf_addf(out, ",\"lines\":%ld,\"share\":", bl->authors[i].lines);
		tg_buf_add_jsonnum(out, bl->authors[i].share);
		tg_buf_addf(out, ",\"inactive\":%s}", bl->authors[i].inactive ? "true" : "false");
	}
	tg_buf_adds(out, "]}");
}

static void print_json(const struct tg_history_file *f, const struct tg_history_owner *v, size_t n,
                       int partial, const struct tg_history_blame *bl, struct tg_buf *out)
{
	size_t i;
	char t[32];

	tg_buf_adds(out, "{\"path\":");
	tg_buf_add_jsons(out, f->path);
	if (partial)
		tg_buf_adds(out, ",\"partial\":true");
	tg_buf_addf(out, ",\"revisions\":%ld,\"added\":%ld,\"deleted\":%ld,\"age_months\":%d",
	            f->revisions, f->added, f->deleted, f->age_months);
	tg_buf_adds(out, ",\"main_author\":");
	if (f->main_author)
		tg_buf_add_jsons(out, f->main_author);
	else
		tg_buf_adds(out, "null");
	tg_buf_adds(out, ",\"ownership\":");
	tg_buf_add_jsonnum(out, f->ownership);
	tg_buf_addf(out, ",\"bus_factor\":%d,\"knowledge_at_risk\":", f->bus_factor);
	tg_buf_add_jsonnum(out, f->knowledge_at_risk);
	json_blame(bl, out);
	tg_buf_adds(out, ",\"authors\":[");
	for (i = 0; i < n; i++) {
		tg_buf_adds(out, i ? ",\n{\"author\":" : "\n{\"author\":");
		tg_buf_add_jsons(out, v[i].author);
		tg_buf_addf(out, ",\"revisions\":%ld,\"added\":%ld,\"deleted\":%ld,\"share\":",
		            v[i].revisions, v[i].added, v[i].deleted);
		tg_buf_add_jsonnum(out, v[i].share);
		tg_time_format((time_t)v[i].last_time, t, sizeof(t));
		tg_buf_addf(out, ",\"last_commit\":\"%s\",\"inactive\":%s", t,
		            v[i].inactive ? "true" : "false");
		if (bl)
			tg_buf_addf(out, ",\"lines\":%ld", blame_lines(bl, v[i].author));
		tg_buf_adds(out, "}");
	}
	tg_buf_adds(out, n ? "\n]}\n" : "]}\n");
}

static void table_head(const struct tg_history_file *f, const struct tg_history_blame *bl,
                       struct tg_buf *out)
{
	/* Paths and authors are repository text: escaped for the terminal. */
	tg_buf_add_printables(out, f->path);
	tg_buf_addf(out, ": %ld revisions, +%ld -%ld, last changed %d months ago\n", f->revisions,
	            f->added, f->deleted, f->age_months);
	tg_buf_adds(out, "main author ");
	tg_buf_add_printables(out, f->main_author ? f->main_author : "-");
	tg_buf_addf(out, " (%.0f%%), bus factor %d, knowledge at risk %.0f%%\n", 100 * f->ownership,
	            f->bus_factor, 100 * f->knowledge_at_risk);
	if (bl && bl->nr) {
		tg_buf_addf(out, "%ld lines at HEAD (git blame): main author ", bl->lines);
		tg_buf_add_printables(out, bl->authors[0].author);
		tg_buf_addf(out, " (%.0f%%%s)\n", 100 * bl->authors[0].share,
		            bl->authors[0].inactive ? ", inactive" : "");
	}
	tg_buf_addf(out, "\n%6s %6s %8s %8s %7s  %-20s  %s\n", "SHARE", "REVS", "ADDED", "DELETED",
	            "LINES", "LAST COMMIT", "AUTHOR");
}

/* n of the nall authors are shown; blame-only authors after them, up to limit rows (0: all). */
static void print_rows(const struct tg_history_file *f, const struct tg_history_owner *v, size_t n,
                       size_t nall, size_t limit, enum tg_history_format fmt,
                       const struct tg_history_blame *bl, struct tg_buf *out)
{
	size_t i, rows = n;
	char t[32], lines[24];

	if (fmt == TG_HF_CSV)
		tg_buf_adds(out,
		            "author,revisions,added,deleted,share,last_commit,inactive,lines\n");
	else
		table_head(f, bl, out);
	for (i = 0; i < n; i++) {
		long l = blame_lines(bl, v[i].author);

		tg_time_format((time_t)v[i].last_time, t, sizeof(t));
		lines[0] = '\0';
		if (l >= 0)
			snprintf(lines, sizeof(lines), "%ld", l);
		if (fmt == TG_HF_CSV) {
			tg_buf_add_csv(out, v[i].author);
			tg_buf_addf(out, ",%ld,%ld,%ld,%.2f,%s,%s,%s\n", v[i].revisions, v[i].added,
			            v[i].deleted, v[i].share, t, v[i].inactive ? "true" : "false",
			            lines);
		} else {
			tg_buf_addf(out, "%5.0f%% %6ld %8ld %8ld %7s  %-20s  ", 100 * v[i].share,
			            v[i].revisions, v[i].added, v[i].deleted, l < 0 ? "-" : lines,
			            t);
			tg_buf_add_printables(out, v[i].author);
			tg_buf_addf(out, "%s\n", v[i].inactive ? " (inactive)" : "");
		}
	}
	/* Lines whose author the history read does not name (before --since, a copy). */
	for (i = 0; fmt != TG_HF_CSV && bl && i < bl->nr && (!limit || rows < limit); i++) {
		if (!blame_only(v, nall, bl->authors[i].author))
			continue;
		rows++;
		tg_buf_addf(out, "%6s %6s %8s %8s %7ld  %-20s  ", "-", "-", "-", "-",
		            bl->authors[i].lines, "-");
		tg_buf_add_printables(out, bl->authors[i].author);
		tg_buf_addf(out, "%s\n", bl->authors[i].inactive ? " (inactive)" : "");
	}
}

int cmd_owners(int argc, const char **argv)
{
	struct tg_history_cli c = TG_HISTORY_CLI_INIT;
	int blame = 1;
	struct tg_history_blame bl;
	const struct tg_option opts[] = {
	        TG_HISTORY_CLI_OPTIONS(c),
	        TG_OPT_BOOL(0, "blame", &blame,
	                    "count each author's lines at HEAD with git blame (default on)"),
	        TG_OPT_END()};
	struct tg_history_opts o;
	struct tg_history *h = NULL;
	struct tg_history_owner *v = NULL;
	const struct tg_history_file *f;
	struct tg_buf out = TG_BUF_INIT, path = TG_BUF_INIT;
	size_t n = 0, nall = 0;
	int rc;

	memset(&bl, 0, sizeof(bl));
	rc = tg_options_parse_args(argc, argv, opts, usage, 1, 1);
	if (rc < 0)
		return tg_cmd_parse_exit(rc);
	tg_buf_adds(&path, argv[0]);
	while (path.len > 2 && !strncmp(path.buf, "./", 2)) {
		memmove(path.buf, path.buf + 2, path.len - 1);
		path.len -= 2;
	}
	rc = tg_history_cli_build(&c, &h, &o);
	if (rc != TG_OK) {
		tg_error_report();
		tg_buf_release(&path);
		tg_history_cli_release(&c);
		return tg_status_exit(rc);
	}
	f = tg_history_file(h, path.buf);
	if (!f) {
		/* Given relative to the current directory, inside the repository? */
		const char *q[] = {"rev-parse", "--show-prefix", NULL};
		struct tg_buf prefix = TG_BUF_INIT;

		if (tg_git_capture(".", q, &prefix) == 0 && prefix.len) {
			tg_buf_add(&prefix, path.buf, path.len);
			f = tg_history_file(h, prefix.buf);
			if (f) {
				tg_buf_reset(&path);
				tg_buf_add(&path, prefix.buf, prefix.len);
			}
		}
		tg_buf_release(&prefix);
	}
	if (!f) {
		tg_error("owners: %s: no commit changed this path (give it relative to the "
		         "repository root, under its current name)",
		         path.buf);
		tg_buf_release(&path);
		tg_history_free(h);
		tg_history_cli_release(&c);
		return TG_EXIT_USAGE;
	}
	tg_history_owners(h, path.buf, &v, &nall);
	n = c.limit && nall > (size_t)c.limit ? (size_t)c.limit : nall;
	if (blame && tg_history_blame(h, path.buf, 0, &bl) != TG_OK) {
		/* Deleted at HEAD, say: the history's part still stands. */
		tg_warn("owners: no blame: %s", tg_error_message());
		tg_error_clear();
		blame = 0;
	}
	if (c.fmt == TG_HF_JSON)
		print_json(f, v, n, tg_history_partial(h), blame ? &bl : NULL, &out);
	else
		print_rows(f, v, n, nall, (size_t)c.limit, c.fmt, blame ? &bl : NULL, &out);
	tg_history_blame_release(&bl);
	fwrite(out.buf, 1, out.len, stdout);
	if (tg_history_partial(h))
		tg_warn("owners: results are partial (%s)", tg_history_partial_why(h));
	tg_buf_release(&out);
	tg_buf_release(&path);
	free(v);
	tg_history_free(h);
	tg_history_cli_release(&c);
	return TG_EXIT_OK;
}
