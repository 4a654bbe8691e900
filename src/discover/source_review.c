/*
 * The LLM review's last answer as items (source llm, with
 * architecture_analysis, only when review.base_url and review.model are
 * set): `terragon review` asks the endpoint; this reads the answer it cached,
 * so discover never sends anything and its items join the backlog's history.
 */
#include "discover/discover.h"

#include <string.h>

#include "backlog/item.h"
#include "review/review.h"
#include "util/error.h"

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	struct tg_review_stats st = {0};
	struct tg_backlog b;
	int rc;

	(void)skipped;
	if (!ctx->use_store)
		return TG_OK; /* a baseline's or a verification's tree has no review of its own */
	tg_backlog_init(&b);
	rc = tg_review_last_items(ctx->cfg, ctx->root, &b, &st);
	if (rc == TG_ERR_NOTFOUND) {
		tg_error_clear();
		rc = TG_OK;
	}
	for (size_t i = 0; !rc && i < b.nr; i++) {
		sink->emit(sink, &b.items[i]); /* the sink takes the item's contents */
		memset(&b.items[i], 0, sizeof(b.items[i]));
	}
	if (!rc)
		tg_strlist_add(&run->covered, "");
	tg_backlog_release(&b);
	return rc;
}

const struct tg_source tg_source_review = {"llm", "architecture_analysis", collect, 0,
                                           tg_review_configured};
