/*
 * cosign's encrypted private key files (sign.h): PEM "ENCRYPTED SIGSTORE
 * PRIVATE KEY" (or the older "ENCRYPTED COSIGN PRIVATE KEY") around JSON
 * {kdf: {name: scrypt, params: {N, r, p}, salt}, cipher: {name:
 * nacl/secretbox, nonce}, ciphertext}, as go-securesystemslib's encrypted
 * package writes it: key = scrypt(password, salt, N, r, p, 32), plaintext =
 * secretbox_open(ciphertext, nonce, key), the PKCS#8 DER private key.
 * Writing (keys generate) makes the same JSON, in the order Go's encoder gives
 * it, with N 65536 (cosign's default), a 32-byte salt and a 24-byte nonce.
 */
#include <jansson.h>
#include <string.h>

#include "supply/crypto_int.h"
#include "supply/sign.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/json.h"

static const char *const labels[] = {"ENCRYPTED SIGSTORE PRIVATE KEY",
                                     "ENCRYPTED COSIGN PRIVATE KEY"};

int tg_cosign_key_is(const char *pem)
{
	for (size_t i = 0; i < 2; i++) {
		char begin[64];
		snprintf(begin, sizeof(begin), "-----BEGIN %s-----", labels[i]);
		if (strstr(pem, begin))
			return 1;
	}
	return 0;
}

/* The PEM body's bytes (base64 over lines) between BEGIN and END. */
static int pem_body(const char *pem, struct tg_buf *out)
{
	const char *b = strstr(pem, "-----BEGIN "), *e;
	struct tg_buf text = TG_BUF_INIT;
	int rc;

	b = b ? strstr(b + 11, "-----") : NULL;
	e = b ? strstr(b + 5, "-----END ") : NULL;
	if (!e)
		return -1;
	for (const char *p = b + 5; p < e; p++)
		if (!memchr(" \t\r\n", *p, 4))
			tg_buf_addch(&text, *p);
	rc = tg_base64_decode(out, text.buf ? text.buf : "", text.len);
	tg_buf_release(&text);
	return rc;
}

static int b64_field(json_t *obj, const char *key, struct tg_buf *out, size_t want)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v && !tg_base64_decode(out, v, strlen(v)) && (!want || out->len == want) ? 0 : -1;
}

/* The kdf's parameters: the three sets cosign has written (N 32768, 65536, 131072; r 8; p 1). */
static int params(json_t *kdf, uint64_t *n)
{
	json_t *p = json_object_get(kdf, "params");
	const char *name = json_string_value(json_object_get(kdf, "name"));
	json_int_t N = json_integer_value(json_object_get(p, "N"));

	*n = (uint64_t)N;
	return name && !strcmp(name, "scrypt") && (N == 32768 || N == 65536 || N == 131072) &&
	                       json_integer_value(json_object_get(p, "r")) == 8 &&
	                       json_integer_value(json_object_get(p, "p")) == 1
	               ? 0
	               : -1;
}

static int open_box(const char *where, const char *password, json_t *doc, struct tg_buf *der)
{
	const struct tg_crypto_api *c = tg_crypto();
	const struct tg_sodium_api *na = c ? tg_sodium() : NULL;
	json_t *kdf = json_object_get(doc, "kdf"), *cipher = json_object_get(doc, "cipher");
	struct tg_buf salt = TG_BUF_INIT, nonce = TG_BUF_INIT, ct = TG_BUF_INIT;
	const char *cname = json_string_value(json_object_get(cipher, "name"));
	unsigned char key[32];
	uint64_t n = 0;
	int rc = TG_OK;

	if (!na)
		return TG_ERR_RUN;
	if (params(kdf, &n) || b64_field(kdf, "salt", &salt, 0) || !cname ||
	    strcmp(cname, "nacl/secretbox") || b64_field(cipher, "nonce", &nonce, 24) ||
	    b64_field(doc, "ciphertext", &ct, 0) || ct.len < 16) {
		rc = tg_error_set(TG_ERR_USAGE,
		                  "%s: not a cosign key this reads (scrypt with N 32768, 65536 or "
		                  "131072, r 8, p 1; nacl/secretbox)",
		                  where);
		goto out;
	}
	if (c->pbe_scrypt(password, strlen(password), (unsigned char *)salt.buf, salt.len, n, 8, 1,
	                  (uint64_t)300 << 20, key, sizeof(key)) != 1) {
		rc = tg_error_set(TG_ERR_RUN, "%s: scrypt failed", where);
		goto out;
	}
	tg_buf_grow(der, ct.len);
	if (na->secretbox_open_easy((unsigned char *)der->buf, (unsigned char *)ct.buf, ct.len,
	                            (unsigned char *)nonce.buf, key)) {
		rc = tg_error_set(
		        TG_ERR_USAGE,
		        "%s: wrong password (TERRAGON_KEY_PASSWORD or COSIGN_PASSWORD), or a "
		        "damaged key",
		        where);
		goto out;
	}
	der->len = ct.len - 16;
out:
	memset(key, 0, sizeof(key));
	tg_buf_release(&salt);
	tg_buf_release(&nonce);
	tg_buf_release(&ct);
	return rc;
}

int tg_cosign_key_decrypt(const char *pem, const char *where, const char *password,
                          struct tg_buf *der)
{
	struct tg_buf json = TG_BUF_INIT;
	json_error_t err;
	json_t *doc = NULL;
	int rc;

	if (pem_body(pem, &json) ||
	    !(doc = tg_json_loadb(json.buf ? json.buf : "", json.len, 0, &err)))
		rc = tg_error_set(TG_ERR_USAGE, "%s: the key's PEM body is not cosign's JSON",
		                  where);
	else
		rc = open_box(where, password ? password : "", doc, der);
	json_decref(doc);
	tg_buf_release(&json);
	return rc;
}

void tg_pem_wrap(struct tg_buf *out, const char *label, const char *b64, size_t len)
{
	tg_buf_addf(out, "-----BEGIN %s-----\n", label);
	for (size_t i = 0; i < len; i += 64) {
		tg_buf_add(out, b64 + i, len - i < 64 ? len - i : 64);
		tg_buf_addch(out, '\n');
	}
	tg_buf_addf(out, "-----END %s-----\n", label);
}

static void add_b64(struct tg_buf *o, const void *p, size_t n)
{
	tg_buf_addch(o, '"');
	tg_base64_encode(o, p, n);
	tg_buf_addch(o, '"');
}

int tg_cosign_key_encrypt(const void *der, size_t len, const char *password, struct tg_buf *pem)
{
	const struct tg_crypto_api *c = tg_crypto();
	const struct tg_sodium_api *na = c ? tg_sodium() : NULL;
	unsigned char salt[32], nonce[24], key[32];
	struct tg_buf box = TG_BUF_INIT, json = TG_BUF_INIT, b64 = TG_BUF_INIT;
	int rc = TG_OK;

	if (!na)
		return TG_ERR_RUN;
	if (c->rand_bytes(salt, sizeof(salt)) != 1 || c->rand_bytes(nonce, sizeof(nonce)) != 1)
		return tg_error_set(TG_ERR_RUN, "no random bytes for the key's salt and nonce");
	if (c->pbe_scrypt(password, strlen(password), salt, sizeof(salt), 65536, 8, 1,
	                  (uint64_t)300 << 20, key, sizeof(key)) != 1)
		return tg_error_set(TG_ERR_RUN, "scrypt failed");
	tg_buf_grow(&box, len + 16);
	if (na->secretbox_easy((unsigned char *)box.buf, der, len, nonce, key)) {
		rc = tg_error_set(TG_ERR_RUN, "secretbox failed");
		goto out;
	}
	box.len = len + 16;
	tg_buf_adds(&json, "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":65536,\"r\":8,\"p\":1},"
	                   "\"salt\":");
	add_b64(&json, salt, sizeof(salt));
	tg_buf_adds(&json, "},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":");
	add_b64(&json, nonce, sizeof(nonce));
	tg_buf_adds(&json, "},\"ciphertext\":");
	add_b64(&json, box.buf, box.len);
	tg_buf_addch(&json, '}');
	tg_base64_encode(&b64, json.buf, json.len);
	tg_pem_wrap(pem, labels[0], b64.buf, b64.len);
out:
	memset(key, 0, sizeof(key));
	tg_buf_release(&box);
	tg_buf_release(&json);
	tg_buf_release(&b64);
	return rc;
}
