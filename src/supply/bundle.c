/*
 * Sigstore bundles of blob signatures (sign.h): protobuf-specs' Bundle in
 * its JSON form (camelCase names, bytes as base64). Written as v0.3 with a
 * public key's hint; read from v0.1 on, as cosign and sigstore-js write
 * them, for the digest and the signature only: certificates, transparency-
 * log entries and timestamps are counted or refused, never trusted, since
 * nothing here is online.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "supply/sign.h"
#include "util/alloc.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/json.h"

static const char *const media_types[] = {
        "application/vnd.dev.sigstore.bundle.v0.3+json",
        "application/vnd.dev.sigstore.bundle+json;version=0.3",
        "application/vnd.dev.sigstore.bundle+json;version=0.2",
        "application/vnd.dev.sigstore.bundle+json;version=0.1",
};

int tg_bundle_write(const struct tg_key *k, const unsigned char digest[32], const void *sig,
                    size_t len, struct tg_buf *out)
{
	unsigned char kd[32];
	int rc = tg_key_digest(k, kd);

	if (rc)
		return rc;
	tg_buf_addf(out,
	            "{\"mediaType\":\"%s\",\"verificationMaterial\":{\"publicKey\":{\"hint\":\"",
	            media_types[0]);
	tg_base64_encode(out, kd, sizeof(kd));
	/* empty on purpose: the signature was sent to no transparency log */
	tg_buf_adds(out, "\"},\"tlogEntries\":[]},\"messageSignature\":{\"messageDigest\":{"
	                 "\"algorithm\":\"SHA2_256\",\"digest\":\"");
	tg_base64_encode(out, digest, 32);
	tg_buf_adds(out, "\"},\"signature\":\"");
	tg_base64_encode(out, sig, len);
	tg_buf_adds(out, "\"}}\n");
	return TG_OK;
}

static int known_media_type(const char *t)
{
	for (size_t i = 0; t && i < sizeof(media_types) / sizeof(media_types[0]); i++)
		if (!strcmp(t, media_types[i]))
			return 1;
	return 0;
}

/* The bytes of a base64 field, want of them (0: any number but none). */
static int bytes_field(json_t *obj, const char *key, struct tg_buf *out, size_t want)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v && !tg_base64_decode(out, v, strlen(v)) && (want ? out->len == want : out->len > 0)
	               ? 0
	               : -1;
}

static int read_doc(json_t *doc, const char *where, struct tg_bundle *b)
{
	json_t *vm = json_object_get(doc, "verificationMaterial");
	json_t *ms = json_object_get(doc, "messageSignature");
	json_t *md = json_object_get(ms, "messageDigest");
	const char *alg = json_string_value(json_object_get(md, "algorithm"));
	const char *hint =
	        json_string_value(json_object_get(json_object_get(vm, "publicKey"), "hint"));
	struct tg_buf dg = TG_BUF_INIT;
	int rc = TG_OK;

	if (!known_media_type(json_string_value(json_object_get(doc, "mediaType"))))
		return tg_error_set(TG_ERR_INPUT,
		                    "%s: not a Sigstore bundle (mediaType v0.1 to v0.3)", where);
	if (json_object_get(doc, "dsseEnvelope"))
		return tg_error_set(TG_ERR_INPUT,
		                    "%s: the bundle holds a DSSE envelope, not a blob signature "
		                    "(terragon verify-attestation reads envelopes)",
		                    where);
	if (!alg || strcmp(alg, "SHA2_256") || bytes_field(md, "digest", &dg, 32) ||
	    bytes_field(ms, "signature", &b->sig, 0))
		rc = tg_error_set(TG_ERR_INPUT,
		                  "%s: no messageSignature with a SHA2_256 digest and a signature",
		                  where);
	else
		memcpy(b->digest, dg.buf, 32);
	b->hint = hint ? tg_strdup(hint) : NULL;
	b->tlog_entries = json_array_size(json_object_get(vm, "tlogEntries"));
	tg_buf_release(&dg);
	return rc;
}

int tg_bundle_read(const char *text, size_t len, const char *where, struct tg_bundle *b)
{
	json_error_t err;
	json_t *doc = tg_json_loadb(text, len, 0, &err);
	int rc;

	memset(b, 0, sizeof(*b));
	b->sig = (struct tg_buf)TG_BUF_INIT;
	if (!doc)
		return tg_error_set(TG_ERR_INPUT, "%s:%d: not JSON: %s", where, err.line, err.text);
	rc = read_doc(doc, where, b);
	json_decref(doc);
	if (rc)
		tg_bundle_release(b);
	return rc;
}

void tg_bundle_release(struct tg_bundle *b)
{
	tg_buf_release(&b->sig);
	free(b->hint);
	b->hint = NULL;
}
