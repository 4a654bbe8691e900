/*
 * Model files: a pickle (or PyTorch zip) that imports a callable which runs
 * code or commands when loaded is a critical ai-ml item, one per callable.
 */
#include "rules/rule_int.h"

#include "backlog/suppress.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

#define PICKLE_RULE "ai-ml.pickle-code-execution"

/*
 * Items per model file. A PyTorch zip may hold any number of pickles (one
 * of 50,000 members gave 50,000 items): each callable is one item however
 * often it is imported, and past this many callables the rest are counted
 * in a note, not listed.
 */
#define MODEL_MAX_ITEMS 32

/* A code-running callable the file imports: where first, and how often. */
struct callable {
	char *name; /* module.name */
	size_t offset, count;
};

struct model_scan {
	const char *source;
	const char *path;
	struct tg_sink *sink;
	struct tg_hashmap seen; /* module.name -> its index in found + 1; 0: past the cap */
	struct callable *found;
	size_t nr, alloc;
	size_t unlisted; /* callables past MODEL_MAX_ITEMS */
};

static int on_global(void *ctx, const char *module, const char *name, size_t offset)
{
	struct model_scan *m = ctx;
	struct tg_buf b = TG_BUF_INIT;
	struct tg_hashmap_entry *e;
	int added;

	if (!tg_pickle_dangerous(module, name))
		return 0;
	tg_buf_addf(&b, "%s.%s", module, name);
	e = tg_hashmap_put(&m->seen, b.buf, b.len, &added);
	if (!added) {
		if (e->val.u64)
			m->found[e->val.u64 - 1].count++;
	} else if (m->nr < MODEL_MAX_ITEMS) {
		TG_ALLOC_GROW(m->found, m->nr + 1, m->alloc);
		m->found[m->nr++] = (struct callable){tg_buf_detach(&b, NULL), offset, 1};
		e->val.u64 = m->nr;
	} else {
		m->unlisted++;
	}
	tg_buf_release(&b);
	return 0;
}

static int emit_callable(struct model_scan *m, const struct callable *c, int k)
{
	struct tg_item it;
	struct tg_buf b = TG_BUF_INIT;
	int rc;

	tg_item_init(&it);
	it.source = tg_strdup(m->source);
	it.rule_id = tg_strdup(PICKLE_RULE);
	it.category = tg_strdup("ai-ml");
	it.severity = TG_SEV_CRITICAL;
	it.path = tg_strdup(m->path);
	tg_fingerprint_match(it.fingerprint, PICKLE_RULE, m->path, c->name, k);
	it.evidence = tg_strdup(c->name);
	it.title = tg_strdup("Model file imports a callable that runs code when loaded");
	tg_buf_addf(&b, "The pickle in this model file imports %s (at byte %zu", c->name,
	            c->offset);
	if (c->count > 1)
		tg_buf_addf(&b, ", and %zu more times", c->count - 1);
	tg_buf_adds(&b, "): loading it runs that callable. Do not load it; re-export the weights "
	                "as safetensors, or load with torch.load(..., weights_only=True).");
	it.message = tg_buf_detach(&b, NULL);
	it.links.cwe = tg_strdup("CWE-502");
	it.job_size = 2;
	it.remediation_minutes = 60;
	it.inputs = (struct tg_item_inputs){8, 10, 10, 9, 8, 6};
	rc = m->sink->emit(m->sink, &it);
	tg_item_release(&it);
	return rc;
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
	struct model_scan m = {source, path, sink, TG_HASHMAP_INIT, NULL, 0, 0, 0};
	int ret = tg_pickle_scan(data, len, on_global, &m), status = 0;
	size_t i;

	if (ret) {
		/* A hostile or truncated pickle is reported, and the run goes on. */
		tg_note("%s: %s", path, tg_error_message());
		tg_error_clear();
	}
	/* In the order first seen, numbered as before: one callable, one item. */
	for (i = 0; i < m.nr; i++) {
		if (!status)
			status = emit_callable(&m, &m.found[i], (int)i + 1);
		free(m.found[i].name);
	}
	if (m.unlisted)
		tg_note("%s: imports %zu more callables that run code when loaded; the first %d "
		        "are items",
		        path, m.unlisted, MODEL_MAX_ITEMS);
	free(m.found);
	tg_hashmap_release(&m.seen);
	return status;
}
