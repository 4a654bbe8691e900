/*
 * Model files: a pickle (or PyTorch zip) that imports a callable which runs
 * code or commands when loaded is a critical ai-ml item, one per import.
 */
#include "rules/rule_int.h"

#include "backlog/suppress.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <string.h>

#define PICKLE_RULE "ai-ml.pickle-code-execution"

struct model_scan {
	const char *source;
	const char *path;
	struct tg_sink *sink;
	int status, k;
};

static int on_global(void *ctx, const char *module, const char *name, size_t offset)
{
	struct model_scan *m = ctx;
	struct tg_item it;
	struct tg_buf b = TG_BUF_INIT;

	if (!tg_pickle_dangerous(module, name))
		return 0;
	tg_item_init(&it);
	tg_buf_addf(&b, "%s.%s", module, name);
	it.source = tg_strdup(m->source);
	it.rule_id = tg_strdup(PICKLE_RULE);
	it.category = tg_strdup("ai-ml");
	it.severity = TG_SEV_CRITICAL;
	it.path = tg_strdup(m->path);
	tg_fingerprint_match(it.fingerprint, PICKLE_RULE, m->path, b.buf, ++m->k);
	it.evidence = tg_strdup(b.buf);
	it.title = tg_strdup("Model file imports a callable that runs code when loaded");
	tg_buf_reset(&b);
	tg_buf_addf(&b,
	            "The pickle in this model file imports %s.%s (at byte %zu): loading it runs "
	            "that callable. Do not load it; re-export the weights as safetensors, or load "
	            "with torch.load(..., weights_only=True).",
	            module, name, offset);
	it.message = tg_buf_detach(&b, NULL);
	it.links.cwe = tg_strdup("CWE-502");
	it.job_size = 2;
	it.remediation_minutes = 60;
	it.inputs = (struct tg_item_inputs){8, 10, 10, 9, 8, 6};
	m->status = m->sink->emit(m->sink, &it);
	tg_item_release(&it);
	tg_buf_release(&b);
	return m->status != 0;
}

int tg_rules_pickle_scan(const struct tg_ruleset *rs, const char *path, const unsigned char *data,
                         size_t len, struct tg_sink *sink);

int tg_rules_pickle_scan(const struct tg_ruleset *rs, const char *path, const unsigned char *data,
                         size_t len, struct tg_sink *sink)
{
	(void)rs;
	return tg_rules_model_scan("rules", path, data, len, sink);
}

int tg_rules_model_scan(const char *source, const char *path, const unsigned char *data, size_t len,
                        struct tg_sink *sink)
{
	struct model_scan m = {source, path, sink, 0, 0};
	int ret;

	ret = tg_pickle_scan(data, len, on_global, &m);
	if (m.status)
		return m.status;
	if (ret) {
		/* A hostile or truncated pickle is reported, and the run goes on. */
		tg_note("%s: %s", path, tg_error_message());
		tg_error_clear();
	}
	return TG_OK;
}
