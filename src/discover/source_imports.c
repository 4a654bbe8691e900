/*
 * The imports source: reports other tools wrote, named by --import and by
 * value_discovery.imports globs. SARIF results become items; a coverage
 * report gives the repository's coverage figure and an item for each poorly
 * covered file. A malformed file is reported and skipped; the rest go on.
 */
#include "discover/discover.h"

#include "ingest/ingest.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum kind { KIND_SARIF, KIND_COVERAGE };

/* Whether text (after a UTF-8 byte order mark and white space) opens a JSON array. */
static int json_array(const char *text)
{
	if (!strncmp(text, "\xEF\xBB\xBF", 3))
		text += 3;
	text += strspn(text, " \t\r\n");
	return *text == '[';
}

/*
 * SARIF is JSON with "runs" near the top, and so is any JSON array (no
 * coverage format is one): the SARIF reader then says what is wrong with
 * it, at its place, rather than lcov's reader that it is "not an lcov
 * record". Everything else goes to the coverage reader, which detects lcov,
 * Cobertura and coverage.py itself. An --import file is the user's own
 * argument, trusted and opened as given (links followed); only the paths
 * inside it, repository content, are resolved beneath the root
 * (util/beneath.h).
 */
static enum kind sniff(const char *file)
{
	char head[4096];
	ssize_t n = 0;
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, head, sizeof(head) - 1);
		close(fd);
	}
	head[n > 0 ? n : 0] = '\0';
	return strstr(head, "\"runs\"") || strstr(head, "sarif") || json_array(head)
	               ? KIND_SARIF
	               : KIND_COVERAGE;
}

/*
 * A report that the repository's configuration names by a relative glob is
 * repository content: it must be a regular file reached beneath the root
 * with no symbolic link (util/beneath.h), or it is left out with a warning.
 */
static int in_tree(const char *root, const char *path)
{
	int rc = tg_beneath_regular(root, path + strlen(root) + 1);

	if (rc) {
		tg_warn("value_discovery.imports: %s; not imported", tg_error_message());
		tg_error_clear();
	}
	return !rc;
}

static void expand(const struct tg_discover_ctx *ctx, struct tg_strlist *files)
{
	const struct tg_strlist *globs = &ctx->cfg->value_discovery.imports;
	struct tg_buf pattern = TG_BUF_INIT;
	size_t i, j;

	tg_strlist_copy(files, ctx->imports);
	for (i = 0; i < globs->nr; i++) {
		glob_t g;
		tg_buf_reset(&pattern);
		if (globs->v[i][0] != '/')
			tg_buf_addf(&pattern, "%s/", ctx->root);
		tg_buf_adds(&pattern, globs->v[i]);
		if (glob(pattern.buf, 0, NULL, &g) == 0)
			for (j = 0; j < g.gl_pathc; j++)
				if (globs->v[i][0] == '/' || in_tree(ctx->root, g.gl_pathv[j]))
					tg_strlist_add(files, g.gl_pathv[j]);
		globfree(&g);
	}
	tg_buf_release(&pattern);
}

/* Our own SARIF output is never read back as findings. */
static int is_own_output(const struct tg_discover_ctx *ctx, const char *file)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	size_t i;

	for (i = 0; i < ctx->own_outputs->nr; i++) {
		const char *own = ctx->own_outputs->v[i];
		const char *own_base = strrchr(own, '/') ? strrchr(own, '/') + 1 : own;
		if (!strcmp(file, own) || (!strcmp(base, own_base) && strchr(own, '.')))
			return 1;
	}
	return 0;
}

static void coverage_items(const struct tg_discover_ctx *ctx, const struct tg_coverage *c,
                           struct tg_sink *sink)
{
	double min = ctx->cfg->quality_gates.coverage_min;
	size_t i;

	for (i = 0; i < c->nr; i++) {
		const struct tg_coverage_file *f = &c->files[i];
		double pct = f->lines_found ? 100.0 * f->lines_hit / f->lines_found : 100;
		struct tg_buf t = TG_BUF_INIT;
		struct tg_item it;

		if (pct >= min || !f->lines_found)
			continue;
		tg_item_init(&it);
		tg_fingerprint_file(it.fingerprint, "low-coverage", f->path);
		it.source = tg_strdup("imports");
		it.rule_id = tg_strdup("low-coverage");
		it.category = tg_strdup("coverage");
		it.severity = pct < min / 2 ? TG_SEV_MEDIUM : TG_SEV_LOW;
		it.path = tg_strdup(f->path);
		tg_buf_addf(&t, "%.0f%% of %zu lines covered in %s", pct, f->lines_found, f->path);
		it.title = tg_buf_detach(&t, NULL);
		tg_buf_addf(&t, "%zu of %zu instrumented lines never ran (target %.0f%%)",
		            f->lines_found - f->lines_hit, f->lines_found, min);
		it.message = tg_buf_detach(&t, NULL);
		it.metric = pct;
		/* Two minutes of test writing per uncovered line: more gap, more debt. */
		it.remediation_minutes = 2.0 * (double)(f->lines_found - f->lines_hit);
		sink->emit(sink, &it);
	}
}

/* Passes items on, noting which tools they came from. */
struct tool_sink {
	struct tg_sink sink;
	struct tg_sink *next;
	struct tg_strlist *tools;
};

static int tool_emit(struct tg_sink *sink, struct tg_item *it)
{
	struct tool_sink *t = (struct tool_sink *)sink;

	if (it->source && tg_strlist_find(t->tools, it->source) < 0)
		tg_strlist_add(t->tools, it->source);
	return t->next->emit(t->next, it);
}

static int read_one(const struct tg_discover_ctx *ctx, const char *file, struct tg_sink *sink,
                    struct tg_source_run *run)
{
	struct tg_ingest_stats st = {0};
	struct tg_coverage cov;
	int rc;

	if (sniff(file) == KIND_SARIF) {
		struct tg_strlist tools = TG_STRLIST_INIT;
		struct tool_sink ts = {{tool_emit, NULL}, sink, &tools};
		size_t i;

		rc = tg_ingest_sarif(file, ctx->root, &ts.sink, &st);
		tg_debug("import %s: %zu results, %zu items", file, st.results, st.emitted);
		/* A complete read speaks for its tools: their missing items are resolved. */
		for (i = 0; !rc && i < tools.nr; i++)
			if (tg_strlist_find(&run->speaks_for, tools.v[i]) < 0)
				tg_strlist_add(&run->speaks_for, tools.v[i]);
		tg_strlist_clear(&tools);
		tg_ingest_stats_release(&st);
		return rc;
	}
	tg_coverage_init(&cov);
	rc = tg_ingest_coverage(file, ctx->root, &cov);
	if (!rc) {
		run->coverage_pct = cov.percent;
		coverage_items(ctx, &cov, sink);
	}
	tg_coverage_release(&cov);
	return rc;
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	struct tg_strlist files = TG_STRLIST_INIT;
	struct tg_buf why = TG_BUF_INIT;
	size_t i;

	expand(ctx, &files);
	for (i = 0; i < files.nr; i++) {
		if (is_own_output(ctx, files.v[i]))
			continue;
		if (read_one(ctx, files.v[i], sink, run)) {
			tg_warn("%s", tg_error_message());
			tg_buf_reset(&why);
			tg_buf_addf(&why, "%s: %s", files.v[i], tg_error_message());
			tg_strlist_add(skipped, why.buf);
		}
	}
	tg_strlist_add(&run->covered, "");
	tg_buf_release(&why);
	tg_strlist_clear(&files);
	return TG_OK;
}

const struct tg_source tg_source_imports = {"imports", "security_vulnerability_scans", collect, 0,
                                            NULL};
