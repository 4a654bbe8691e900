/*
 * terragon review: the optional LLM architecture review (review/review.h).
 * Off unless review.base_url and review.model are set; --dry-run prints the
 * request's body, byte for byte what would be sent, and sends nothing.
 */
#include "cmd/cmd.h"

#include "analyze/tree.h"
#include "arch/arch.h"
#include "backlog/backlog.h"
#include "backlog/item_json.h"
#include "backlog/persist.h"
#include "backlog/score.h"
#include "cmd/item_row.h"
#include "cmd/setup.h"
#include "review/review.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/utf8.h"

#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon review [-C DIR] [-c FILE] [--top N] [--dry-run] [--no-cache] "
        "[--format table|json]",
        "",
        "Asks an OpenAI-compatible chat-completions endpoint (review.base_url, review.model) "
        "to review the backlog's top N hotspots and architecture findings (run discover "
        "first): their metrics, their neighbours in the module graph and excerpts of their "
        "code, redacted of secrets and marked as untrusted data. The answer's findings that "
        "pass the schema and name a file of the repository are printed as architecture items "
        "with source llm; the others are counted and dropped. The key is read from the "
        "environment variable review.api_key_env names (default TERRAGON_REVIEW_API_KEY). "
        "Answers are cached under .terragon/review/ by the request's hash. Optional: nothing "
        "is sent unless configured (README: LLM architecture review).",
        NULL};

static void print(const struct tg_backlog *b, int json)
{
	struct tg_buf out = TG_BUF_INIT, shown = TG_BUF_INIT;

	if (json)
		tg_buf_adds(&out, "{\"items\": [");
	else
		tg_buf_addf(&out, "%-8s %7s  %-8s %-13s %s\n", "ID", "SCORE", "SEVERITY",
		            "CATEGORY", "ITEM");
	for (size_t i = 0; i < b->nr; i++) {
		if (json) {
			tg_buf_adds(&out, i ? ",\n  " : "\n  ");
			tg_item_to_json(&out, &b->items[i], 2);
		} else {
			tg_cmd_item_row(&out, &b->items[i]);
		}
	}
	if (json)
		tg_buf_adds(&out, b->nr ? "\n]}\n" : "]}\n");
	tg_buf_add_utf8(&shown, out.buf, out.len);
	fputs(shown.buf, stdout);
	tg_buf_release(&shown);
	tg_buf_release(&out);
}

/* The file graph, for each finding's neighbours; without it the prompt just lacks them. */
static void file_graph(const struct tg_setup *s, struct tg_arch_graph *g)
{
	struct tg_walk_opts wo;
	char *cache = tg_arch_cache_file(s->root, s->root);
	int rc;

	tg_walk_opts_from_config(&wo, s->root, &s->cfg, s->root, 0, NULL);
	wo.skip_generated = 1;
	rc = tg_arch_build_cached(&wo, cache, g);
	free(cache);
	if (rc) {
		tg_warn("review: no module graph: %s", tg_error_message());
		tg_error_clear();
	}
}

/* The answer, from the cache or the endpoint; kept in the cache once it parses. */
static int answer_for(const struct tg_setup *s, const struct tg_buf *body, int no_cache,
                      struct tg_backlog *found, struct tg_review_stats *st)
{
	struct tg_buf answer = TG_BUF_INIT;
	char key[65] = "";
	int rc, cached = 0;

	if (tg_review_cache_key(&s->cfg, body->buf, key))
		tg_error_clear(); /* no libcrypto: no cache */
	if (!no_cache && *key && !tg_review_cache_get(s->root, key, &answer))
		cached = 1;
	rc = cached ? TG_OK : tg_review_send(&s->cfg, body->buf, &answer, st);
	if (!rc)
		rc = tg_review_parse(answer.buf, answer.len, s->root, s->cfg.review.model, found,
		                     st);
	if (rc && cached) {
		tg_warn("review: the cached answer %s does not parse (%s): asking again", key,
		        tg_error_message());
		tg_error_clear();
		tg_buf_reset(&answer);
		memset(st, 0, sizeof(*st));
		return answer_for(s, body, 1, found, st);
	}
	if (!rc && !cached && *key && tg_review_cache_put(s->root, key, &answer)) {
		tg_warn("review: the answer is not cached: %s", tg_error_message());
		tg_error_clear();
	}
	/* discover's llm source takes its items from the last answer */
	if (!rc && *key && tg_review_last_put(s->root, key)) {
		tg_warn("review: discover will not see this answer: %s", tg_error_message());
		tg_error_clear();
	}
	st->cached = cached;
	tg_buf_release(&answer);
	return rc;
}

static int run(struct tg_setup *s, int top, int dry_run, int no_cache, int json)
{
	struct tg_backlog b, found;
	struct tg_arch_graph files = TG_ARCH_GRAPH_INIT;
	struct tg_review_stats st = {0};
	struct tg_buf body = TG_BUF_INIT;
	struct tg_score_model m;
	size_t items_in;
	int rc;

	tg_backlog_init(&b);
	tg_backlog_init(&found);
	rc = tg_persist_load(tg_store_sql(s->store), &b, 1);
	if (!rc) {
		tg_backlog_sort(&b);
		file_graph(s, &files);
		rc = tg_review_prompt(&body, &s->cfg, s->root, &b, (size_t)top, &files, &st);
	}
	items_in = st.items_in;
	if (!rc && dry_run) {
		fwrite(body.buf, 1, body.len, stdout);
		fputc('\n', stdout);
		tg_note("review --dry-run: %zu findings, %zu bytes of prompt, %zu secrets "
		        "redacted; "
		        "nothing sent",
		        st.items_in, st.prompt_bytes, st.redacted);
	} else if (!rc) {
		size_t prompt_bytes = st.prompt_bytes, redacted = st.redacted;
		rc = answer_for(s, &body, no_cache, &found, &st);
		tg_score_model_from_config(&s->cfg, &m);
		tg_backlog_score(&found, &m, NULL, NULL);
		if (!rc)
			print(&found, json);
		tg_note("review: %zu findings sent (%zu bytes, %zu secrets redacted)%s; answer: "
		        "%zu "
		        "findings, %zu kept, %zu dropped as not the schema's, %zu naming no file "
		        "of "
		        "the repository; tokens %ld + %ld",
		        items_in, prompt_bytes, redacted,
		        st.cached ? ", answer from the cache" : "", st.findings, st.kept,
		        st.invalid, st.outside, st.prompt_tokens, st.answer_tokens);
	}
	tg_buf_release(&body);
	tg_arch_graph_release(&files);
	tg_backlog_release(&found);
	tg_backlog_release(&b);
	return rc;
}

int cmd_review(int argc, const char **argv)
{
	const char *repo = NULL, *config = NULL, *format = "table";
	int top = 10, dry_run = 0, no_cache = 0, n, rc;
	struct tg_setup s;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_INT(0, "top", &top, "N", "review the top N findings (default 10)"),
	        TG_OPT_BOOL(0, "dry-run", &dry_run, "print the request's body; send nothing"),
	        TG_OPT_BOOL(0, "no-cache", &no_cache, "ask again even when an answer is cached"),
	        TG_OPT_CHOICE(0, "format", &format, tg_formats_table_json,
	                      "output format (default: table)"),
	        TG_OPT_END(),
	};

	n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);
	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (top < 1) {
		tg_options_usage(opts, usage, 1);
		return TG_EXIT_USAGE;
	}
	rc = tg_setup_open(&s, repo, config, TG_SETUP_STORE_READ);
	if (!rc && !dry_run && !tg_review_configured(&s.cfg))
		rc = tg_error_set(TG_ERR_USAGE,
		                  "review is off: set review.base_url and review.model to the "
		                  "endpoint and model to ask (README: LLM architecture review)");
	if (!rc)
		rc = run(&s, top, dry_run, no_cache, !strcmp(format, "json"));
	if (rc)
		tg_error_report();
	tg_setup_close(&s);
	return tg_status_exit(rc);
}
