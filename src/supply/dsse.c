/* DSSE envelopes (supply/dsse.h). */
#include "supply/dsse.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/json.h"

void tg_dsse_pae(struct tg_buf *out, const char *type, const void *body, size_t len)
{
	tg_buf_addf(out, "DSSEv1 %zu %s %zu ", strlen(type), type, len);
	tg_buf_add(out, body, len);
}

int tg_dsse_sign(const struct tg_key *k, const char *type, const void *body, size_t len,
                 struct tg_buf *out)
{
	struct tg_buf pae = TG_BUF_INIT, der = TG_BUF_INIT;
	unsigned char dg[32];
	char hint[65];
	int rc;

	tg_dsse_pae(&pae, type, body, len);
	if (!(rc = tg_sha256(pae.buf, pae.len, dg)) && !(rc = tg_key_hint(k, hint)) &&
	    !(rc = tg_sign_digest(k, dg, &der))) {
		tg_buf_adds(out, "{\"payloadType\":");
		tg_buf_add_jsons(out, type);
		tg_buf_adds(out, ",\"payload\":\"");
		tg_base64_encode(out, body, len);
		tg_buf_addf(out, "\",\"signatures\":[{\"keyid\":\"%s\",\"sig\":\"", hint);
		tg_base64_encode(out, der.buf, der.len);
		tg_buf_adds(out, "\"}]}");
	}
	tg_buf_release(&pae);
	tg_buf_release(&der);
	return rc;
}

static int bad(json_t *doc, const char *what)
{
	json_decref(doc);
	return tg_error_set(TG_ERR_INPUT, "not a DSSE envelope: %s", what);
}

int tg_dsse_parse(const char *text, size_t len, struct tg_dsse *e)
{
	json_error_t err;
	json_t *doc = tg_json_loadb(text, len, JSON_REJECT_DUPLICATES, &err), *sigs, *s;
	const char *type, *payload;
	size_t i;

	memset(e, 0, sizeof(*e));
	if (!doc)
		return tg_error_set(TG_ERR_INPUT, "not a DSSE envelope: line %d: %s", err.line,
		                    err.text);
	type = json_string_value(json_object_get(doc, "payloadType"));
	payload = json_string_value(json_object_get(doc, "payload"));
	sigs = json_object_get(doc, "signatures");
	if (!type || !payload || !json_is_array(sigs) || !json_array_size(sigs))
		return bad(doc, "payloadType, payload and signatures are required");
	if (tg_base64_decode(&e->payload, payload, strlen(payload))) {
		tg_buf_release(&e->payload);
		return bad(doc, "the payload is not base64");
	}
	e->type = tg_strdup(type);
	e->sigs = tg_calloc(json_array_size(sigs), sizeof(*e->sigs));
	json_array_foreach(sigs, i, s)
	{
		const char *sig = json_string_value(json_object_get(s, "sig"));
		struct tg_buf *b = &e->sigs[e->nsigs];

		tg_buf_init(b, 0);
		if (!sig || tg_base64_decode(b, sig, strlen(sig))) {
			tg_buf_release(b);
			continue; /* one bad signature does not hide the others */
		}
		e->nsigs++;
	}
	json_decref(doc);
	return TG_OK;
}

void tg_dsse_release(struct tg_dsse *e)
{
	for (size_t i = 0; i < e->nsigs; i++)
		tg_buf_release(&e->sigs[i]);
	free(e->sigs);
	free(e->type);
	tg_buf_release(&e->payload);
	memset(e, 0, sizeof(*e));
}

/* r||s (32 bytes each) as DER: SEQUENCE { INTEGER r, INTEGER s }. */
static void raw_to_der(const unsigned char *raw, struct tg_buf *der)
{
	unsigned char ints[2][34];
	size_t lens[2];

	for (int k = 0; k < 2; k++) {
		const unsigned char *p = raw + 32 * k;
		size_t n = 32, at = 0;

		while (n > 1 && !*p)
			p++, n--;
		if (*p & 0x80)
			ints[k][at++] = 0;
		memcpy(ints[k] + at, p, n);
		lens[k] = at + n;
	}
	tg_buf_addch(der, 0x30);
	tg_buf_addch(der, (int)(lens[0] + lens[1] + 4));
	for (int k = 0; k < 2; k++) {
		tg_buf_addch(der, 0x02);
		tg_buf_addch(der, (int)lens[k]);
		tg_buf_add(der, ints[k], lens[k]);
	}
}

int tg_dsse_verify(const struct tg_key *k, const struct tg_dsse *e)
{
	struct tg_buf pae = TG_BUF_INIT, der = TG_BUF_INIT;
	unsigned char dg[32];
	int rc = tg_error_set(TG_ERR_INPUT, "no signature of the envelope matches the key");

	tg_dsse_pae(&pae, e->type, e->payload.buf ? e->payload.buf : "", e->payload.len);
	if (tg_sha256(pae.buf, pae.len, dg)) {
		tg_buf_release(&pae);
		return TG_ERR_RUN;
	}
	for (size_t i = 0; i < e->nsigs && rc; i++) {
		const struct tg_buf *s = &e->sigs[i];

		tg_buf_reset(&der);
		if (s->len == 64)
			raw_to_der((const unsigned char *)s->buf, &der);
		else
			tg_buf_add(&der, s->buf, s->len);
		if (!tg_verify_digest(k, dg, der.buf, der.len))
			rc = TG_OK;
	}
	if (!rc)
		tg_error_clear();
	else
		tg_error_set(TG_ERR_INPUT, "no signature of the envelope matches the key");
	tg_buf_release(&pae);
	tg_buf_release(&der);
	return rc;
}

int tg_intoto_subjects(const struct tg_dsse *e, struct tg_strlist *sha256, char **predicate_type)
{
	json_error_t err;
	json_t *doc, *subj, *s;
	const char *type, *pt;
	size_t i;

	*predicate_type = NULL;
	if (strcmp(e->type, TG_DSSE_INTOTO))
		return tg_error_set(TG_ERR_INPUT, "payloadType is \"%s\", not in-toto's", e->type);
	doc = tg_json_loadb(e->payload.buf ? e->payload.buf : "", e->payload.len,
	                    JSON_REJECT_DUPLICATES, &err);
	if (!doc)
		return tg_error_set(TG_ERR_INPUT, "the payload is not JSON: %s", err.text);
	type = json_string_value(json_object_get(doc, "_type"));
	pt = json_string_value(json_object_get(doc, "predicateType"));
	subj = json_object_get(doc, "subject");
	if (!type || (strcmp(type, "https://in-toto.io/Statement/v1") &&
	              strcmp(type, "https://in-toto.io/Statement/v0.1"))) {
		json_decref(doc);
		return tg_error_set(TG_ERR_INPUT, "the payload is not an in-toto Statement");
	}
	if (!pt || !json_is_array(subj) || !json_array_size(subj)) {
		json_decref(doc);
		return tg_error_set(TG_ERR_INPUT, "the Statement has no subject or predicateType");
	}
	json_array_foreach(subj, i, s)
	{
		const char *h =
		        json_string_value(json_object_get(json_object_get(s, "digest"), "sha256"));
		char lower[65];
		size_t n = h ? strlen(h) : 0;

		if (n != 64)
			continue;
		for (size_t k = 0; k < 64; k++)
			lower[k] = (char)(h[k] >= 'A' && h[k] <= 'F' ? h[k] - 'A' + 'a' : h[k]);
		lower[64] = 0;
		tg_strlist_add(sha256, lower);
	}
	*predicate_type = tg_strdup(pt);
	json_decref(doc);
	return TG_OK;
}
