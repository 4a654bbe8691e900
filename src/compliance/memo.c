/*
 * A workflow's findings in a binary form kept between runs (compliance.h):
 * a count, then per finding its rule, path, title, message, evidence and key
 * as a length plus one (0: NULL) and their bytes, and its line, severity
 * and k as 32-bit integers.
 */
#include "compliance/compliance_int.h"

#include "util/alloc.h"
#include "util/bin.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void compliance_encode_finding(const struct tg_compliance_finding *f, struct tg_buf *out)
{
	tg_bin_put_str(out, f->rule_id);
	tg_bin_put_str(out, f->path);
	tg_bin_put_str(out, f->title);
	tg_bin_put_str(out, f->message);
	tg_bin_put_str(out, f->evidence);
	tg_bin_put_str(out, f->key);
	tg_bin_put_u32(out, (uint32_t)f->line);
	tg_bin_put_u32(out, (uint32_t)f->severity);
	tg_bin_put_u32(out, (uint32_t)f->k);
}

struct owned {
	char *rule_id, *path, *title, *message, *evidence, *key;
	struct tg_compliance_finding f;
};

static void owned_release(struct owned *o)
{
	free(o->rule_id);
	free(o->path);
	free(o->title);
	free(o->message);
	free(o->evidence);
	free(o->key);
}

static void take_finding(struct tg_bin_reader *r, struct owned *o)
{
	uint32_t sev;

	o->rule_id = tg_bin_take_str(r);
	o->path = tg_bin_take_str(r);
	o->title = tg_bin_take_str(r);
	o->message = tg_bin_take_str(r);
	o->evidence = tg_bin_take_str(r);
	o->key = tg_bin_take_str(r);
	o->f.line = (int)tg_bin_take_u32(r);
	sev = tg_bin_take_u32(r);
	o->f.k = (int)tg_bin_take_u32(r);
	/* what a finding always has: a rule, a title, a message, a severity of the scale */
	if (!o->rule_id || !o->title || !o->message || sev > TG_SEV_CRITICAL || o->f.line < 0 ||
	    o->f.k < 0)
		r->bad = 1;
	o->f.rule_id = o->rule_id;
	o->f.path = o->path;
	o->f.title = o->title;
	o->f.message = o->message;
	o->f.evidence = o->evidence;
	o->f.key = o->key;
	o->f.severity = (enum tg_severity)sev;
}

int compliance_decode_findings(const void *data, size_t len, tg_compliance_fn fn, void *arg)
{
	struct tg_bin_reader r = {data, (const unsigned char *)data + len, 0};
	uint32_t n = tg_bin_take_u32(&r), i;
	struct owned *v;
	int rc = TG_OK;

	if (n > len / 36)
		return tg_error_set(TG_ERR_INPUT, "cached findings: damaged");
	v = tg_calloc(n ? n : 1, sizeof(*v));
	for (i = 0; i < n && !r.bad; i++)
		take_finding(&r, &v[i]);
	/* All or nothing: a damaged payload is audited again, never half reported. */
	if (r.bad || r.p != r.end)
		rc = tg_error_set(TG_ERR_INPUT, "cached findings: damaged");
	for (i = 0; i < n; i++) {
		if (rc == TG_OK && fn)
			rc = fn(&v[i].f, arg);
		owned_release(&v[i]);
	}
	free(v);
	return rc;
}
