/*
 * The models source (ai_ml_model_analysis): model files in the tree (.pkl,
 * .pickle, .pt, .pth, .bin, .joblib, .ckpt, .dill) whose pickle imports a
 * callable that runs code when the model is loaded. The scanner's walk skips
 * them as binary; this walk reads only them, binary or not, up to
 * MODEL_MAX_BYTES each (a PyTorch zip keeps its directory at its end, so a
 * model is read whole).
 */
#include "discover/discover.h"

#include "analyze/tree.h"
#include "rules/rules.h"
#include "util/buf.h"
#include "walk/walk.h"

#define MODEL_MAX_BYTES (256L << 20)

static int scan_model(const struct tg_walk_file *f, void *arg)
{
	return tg_rules_model_scan("models", f->path, (const unsigned char *)f->data, f->len, arg);
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *run, struct tg_strlist *skipped)
{
	struct tg_walk_opts wo;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	int rc;

	tg_walk_opts_from_config(&wo, ctx->root, ctx->cfg, ctx->root, 0, ctx->own_outputs);
	wo.max_file_bytes = MODEL_MAX_BYTES;
	wo.wanted = tg_pickle_path; /* the rest is not even stat'ed */
	wo.keep_binary = 1;
	rc = tg_walk_run(&wo, scan_model, sink, &st);
	if (!rc) {
		/* A model not read (over the limit, unreadable) keeps its items' status. */
		struct tg_buf b = TG_BUF_INIT;
		size_t lost = 0;
		for (size_t i = 0; i < st.skipped_nr; i++) {
			const struct tg_walk_skip *k = &st.skipped[i];
			if (!tg_pickle_path(k->path) || k->reason == TG_SKIP_SYMLINK)
				continue;
			tg_buf_reset(&b);
			tg_buf_addf(&b, "%s: %s%s%s", k->path, tg_walk_skip_reason_name(k->reason),
			            k->detail ? " " : "", k->detail ? k->detail : "");
			tg_strlist_add(skipped, b.buf);
			lost++;
		}
		if (!lost)
			tg_strlist_add(&run->covered, "");
		tg_buf_release(&b);
	}
	run->files = st.files;
	tg_walk_stats_release(&st);
	return rc;
}

const struct tg_source tg_source_models = {"models", "ai_ml_model_analysis", collect, 1, NULL};
