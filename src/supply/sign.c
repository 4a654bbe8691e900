/* Keys, digests and ECDSA P-256 signatures (supply/sign.h). */
#include "supply/sign.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "supply/crypto_int.h"
#include "util/alloc.h"
#include "util/base64.h"
#include "util/error.h"

enum { KEY_MAX = 64 * 1024, PIECE = 1 << 20 };

int tg_read_small(const char *path, size_t max, struct tg_buf *b)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char piece[8192];
	ssize_t n;

	if (fd < 0)
		return tg_error_set(TG_ERR_USAGE, "%s: %s", path, strerror(errno));
	while ((n = read(fd, piece, sizeof(piece))) > 0) {
		if (b->len + (size_t)n > max) {
			close(fd);
			return tg_error_set(TG_ERR_USAGE, "%s: larger than %zu bytes", path, max);
		}
		tg_buf_add(b, piece, (size_t)n);
	}
	close(fd);
	if (n < 0)
		return tg_error_set(TG_ERR_USAGE, "%s: %s", path, strerror(errno));
	return TG_OK;
}

/* The key's PEM from path, or from the environment variable (a path or the PEM). */
static int key_text(const char *path, const char *env, struct tg_buf *pem, char **where)
{
	const char *v = path ? path : getenv(env);

	if (!v || !*v)
		return tg_error_set(TG_ERR_USAGE, "no key: give --key FILE or set %s", env);
	if (!path && strstr(v, "-----BEGIN ")) {
		tg_buf_adds(pem, v);
		*where = tg_strdup(env);
		return TG_OK;
	}
	*where = tg_strdup(v);
	return tg_read_small(v, KEY_MAX, pem);
}

static int password_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pw = u;
	size_t n = pw ? strlen(pw) : 0;

	(void)rwflag;
	if (!pw || n > (size_t)size)
		return -1;
	memcpy(buf, pw, n);
	return (int)n;
}

/* ECDSA on P-256, else TG_ERR_USAGE. */
static int check_p256(const struct tg_crypto_api *c, struct tg_key *k)
{
	char group[64] = "";
	size_t len = 0;

	if (c->pkey_get_base_id(k->pkey) != EVP_PKEY_EC ||
	    !c->pkey_get_utf8_string_param(k->pkey, "group", group, sizeof(group), &len) ||
	    (strcmp(group, "prime256v1") && strcmp(group, "P-256")))
		return tg_error_set(TG_ERR_USAGE,
		                    "%s: not an ECDSA P-256 key (the only kind "
		                    "cosign-compatible signing here uses)",
		                    k->where);
	return TG_OK;
}

/* A cosign key file decrypted, then read as the DER it holds (PKCS#8, or SEC1). */
static int cosign_key(const struct tg_crypto_api *c, struct tg_key *k, const char *pem,
                      const char *pw)
{
	struct tg_buf der = TG_BUF_INIT;
	const unsigned char *p;
	int rc = tg_cosign_key_decrypt(pem, k->where, pw, &der);

	if (!rc) {
		p = (const unsigned char *)der.buf;
		k->pkey = c->d2i_autoprivatekey(NULL, &p, (long)der.len);
		if (!k->pkey)
			rc = tg_error_set(TG_ERR_USAGE,
			                  "%s: the decrypted key is not a DER private key",
			                  k->where);
		else
			rc = check_p256(c, k);
	}
	if (der.buf)
		memset(der.buf, 0, der.len);
	tg_buf_release(&der);
	return rc;
}

static int load(struct tg_key *k, const char *path, int private_key)
{
	const struct tg_crypto_api *c = tg_crypto();
	struct tg_buf pem = TG_BUF_INIT;
	const char *pw = getenv("TERRAGON_KEY_PASSWORD");
	char err[256];
	BIO *bio;
	int rc;

	memset(k, 0, sizeof(*k));
	if (!c)
		return TG_ERR_RUN;
	if (!pw)
		pw = getenv("COSIGN_PASSWORD");
	rc = key_text(path, private_key ? TG_KEY_ENV_PRIVATE : TG_KEY_ENV_PUBLIC, &pem, &k->where);
	if (rc)
		goto out;
	if (private_key && tg_cosign_key_is(pem.buf)) {
		rc = cosign_key(c, k, pem.buf, pw);
		goto out;
	}
	bio = c->bio_new_mem_buf(pem.buf, (int)pem.len);
	k->pkey = !bio          ? NULL
	          : private_key ? c->pem_read_bio_privatekey(bio, NULL, password_cb,
	                                                     (void *)(pw ? pw : ""))
	                        : c->pem_read_bio_pubkey(bio, NULL, NULL, NULL);
	if (bio)
		c->bio_free(bio);
	if (!k->pkey) {
		tg_crypto_error(err, sizeof(err));
		rc = tg_error_set(TG_ERR_USAGE,
		                  private_key
		                          ? "%s: cannot read the private key (a wrong password "
		                            "in TERRAGON_KEY_PASSWORD or COSIGN_PASSWORD, or not a "
		                            "PEM private key): %s"
		                          : "%s: cannot read the public key (not a PEM PUBLIC "
		                            "KEY): %s",
		                  k->where, err);
		goto out;
	}
	rc = check_p256(c, k);
out:
	tg_buf_release(&pem);
	if (rc)
		tg_key_release(k);
	return rc;
}

int tg_key_load_private(struct tg_key *k, const char *path)
{
	return load(k, path, 1);
}

int tg_key_load_public(struct tg_key *k, const char *path)
{
	return load(k, path, 0);
}

void tg_key_release(struct tg_key *k)
{
	const struct tg_crypto_api *c = k->pkey ? tg_crypto() : NULL;

	if (c)
		c->pkey_free(k->pkey);
	free(k->where);
	memset(k, 0, sizeof(*k));
}

void tg_hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = 0;
}

int tg_key_digest(const struct tg_key *k, unsigned char dg[32])
{
	const struct tg_crypto_api *c = tg_crypto();
	unsigned char *der = NULL;
	int n, rc;

	if (!c)
		return TG_ERR_RUN;
	n = c->i2d_pubkey(k->pkey, &der);
	if (n <= 0)
		return tg_error_set(TG_ERR_RUN, "%s: cannot encode the public key", k->where);
	rc = tg_sha256(der, (size_t)n, dg);
	c->crypto_free(der, __FILE__, __LINE__);
	return rc;
}

int tg_key_hint(const struct tg_key *k, char hex[65])
{
	unsigned char dg[32];
	int rc = tg_key_digest(k, dg);

	if (!rc)
		tg_hex(dg, 32, hex);
	return rc;
}

int tg_key_public_pem(const struct tg_key *k, struct tg_buf *out)
{
	const struct tg_crypto_api *c = tg_crypto();
	struct tg_buf b64 = TG_BUF_INIT;
	unsigned char *der = NULL;
	int n;

	if (!c)
		return TG_ERR_RUN;
	if ((n = c->i2d_pubkey(k->pkey, &der)) <= 0)
		return tg_error_set(TG_ERR_RUN, "%s: cannot encode the public key", k->where);
	tg_base64_encode(&b64, der, (size_t)n);
	c->crypto_free(der, __FILE__, __LINE__);
	tg_pem_wrap(out, "PUBLIC KEY", b64.buf, b64.len);
	tg_buf_release(&b64);
	return TG_OK;
}

int tg_key_generate(struct tg_key *k)
{
	const struct tg_crypto_api *c = tg_crypto();
	EVP_PKEY_CTX *ctx;
	char err[256];

	memset(k, 0, sizeof(*k));
	if (!c)
		return TG_ERR_RUN;
	ctx = c->pkey_ctx_new_from_name(NULL, "EC", NULL);
	if (!ctx || c->pkey_keygen_init(ctx) <= 0 || c->ctx_set_group_name(ctx, "P-256") <= 0 ||
	    c->pkey_generate(ctx, (EVP_PKEY **)&k->pkey) <= 0) {
		if (ctx)
			c->pkey_ctx_free(ctx);
		return tg_error_set(TG_ERR_RUN, "cannot generate an ECDSA P-256 key: %s",
		                    tg_crypto_error(err, sizeof(err)));
	}
	c->pkey_ctx_free(ctx);
	k->where = tg_strdup("the new key");
	return TG_OK;
}

int tg_key_private_der(const struct tg_key *k, struct tg_buf *der)
{
	const struct tg_crypto_api *c = tg_crypto();
	PKCS8_PRIV_KEY_INFO *p8;
	unsigned char *p = NULL;
	int n;

	if (!c)
		return TG_ERR_RUN;
	if (!(p8 = c->pkey2pkcs8(k->pkey)))
		return tg_error_set(TG_ERR_RUN, "%s: cannot encode the private key", k->where);
	n = c->i2d_pkcs8(p8, &p);
	c->pkcs8_free(p8);
	if (n <= 0)
		return tg_error_set(TG_ERR_RUN, "%s: cannot encode the private key", k->where);
	tg_buf_add(der, p, (size_t)n);
	memset(p, 0, (size_t)n);
	c->crypto_free(p, __FILE__, __LINE__);
	return TG_OK;
}

/* The SHA-256 of fd's bytes (fd >= 0), else of data. */
static int digest(const struct tg_crypto_api *c, int fd, const void *data, size_t len,
                  unsigned char out[32], const char *what)
{
	EVP_MD_CTX *md = c->md_ctx_new();
	unsigned int olen = 0;
	int rc = TG_OK;

	if (!md || !c->digest_init(md, c->sha256(), NULL)) {
		rc = tg_error_set(TG_ERR_RUN, "SHA-256: cannot start");
		goto out;
	}
	if (fd < 0) {
		if (!c->digest_update(md, data, len))
			rc = tg_error_set(TG_ERR_RUN, "SHA-256 failed");
	} else {
		char *piece = tg_malloc(PIECE);
		ssize_t n;

		while ((n = read(fd, piece, PIECE)) > 0)
			c->digest_update(md, piece, (size_t)n);
		if (n < 0)
			rc = tg_error_set(TG_ERR_USAGE, "%s: %s", what, strerror(errno));
		free(piece);
	}
	if (!rc && !c->digest_final(md, out, &olen))
		rc = tg_error_set(TG_ERR_RUN, "SHA-256 failed");
out:
	if (md)
		c->md_ctx_free(md);
	return rc;
}

int tg_sha256_file(const char *path, unsigned char out[32])
{
	const struct tg_crypto_api *c = tg_crypto();
	int fd, rc;

	if (!c)
		return TG_ERR_RUN;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return tg_error_set(TG_ERR_USAGE, "%s: %s", path, strerror(errno));
	rc = digest(c, fd, NULL, 0, out, path);
	close(fd);
	return rc;
}

int tg_sha256(const void *data, size_t len, unsigned char out[32])
{
	const struct tg_crypto_api *c = tg_crypto();

	return c ? digest(c, -1, data, len, out, NULL) : TG_ERR_RUN;
}

/* A context for sign or verify of a SHA-256 digest with k. */
static EVP_PKEY_CTX *pkey_ctx(const struct tg_crypto_api *c, const struct tg_key *k, int sign)
{
	EVP_PKEY_CTX *ctx = c->pkey_ctx_new(k->pkey, NULL);

	if (ctx && (sign ? c->pkey_sign_init(ctx) : c->pkey_verify_init(ctx)) > 0 &&
	    c->ctx_set_signature_md(ctx, c->sha256()) > 0)
		return ctx;
	if (ctx)
		c->pkey_ctx_free(ctx);
	return NULL;
}

int tg_sign_digest(const struct tg_key *k, const unsigned char dg[32], struct tg_buf *der)
{
	const struct tg_crypto_api *c = tg_crypto();
	EVP_PKEY_CTX *ctx = c ? pkey_ctx(c, k, 1) : NULL;
	unsigned char sig[160];
	size_t len = sizeof(sig);
	char err[256];

	if (!c)
		return TG_ERR_RUN;
	if (!ctx || c->pkey_sign(ctx, sig, &len, dg, 32) <= 0) {
		if (ctx)
			c->pkey_ctx_free(ctx);
		return tg_error_set(TG_ERR_RUN, "%s: signing failed: %s", k->where,
		                    tg_crypto_error(err, sizeof(err)));
	}
	c->pkey_ctx_free(ctx);
	tg_buf_add(der, sig, len);
	return TG_OK;
}

int tg_verify_digest(const struct tg_key *k, const unsigned char dg[32], const void *sig,
                     size_t len)
{
	const struct tg_crypto_api *c = tg_crypto();
	EVP_PKEY_CTX *ctx = c ? pkey_ctx(c, k, 0) : NULL;
	int ok;

	if (!c)
		return TG_ERR_RUN;
	if (!ctx)
		return tg_error_set(TG_ERR_RUN, "%s: cannot verify with this key", k->where);
	ok = c->pkey_verify(ctx, sig, len, dg, 32);
	c->pkey_ctx_free(ctx);
	c->err_clear_error();
	return ok == 1 ? TG_OK : tg_error_set(TG_ERR_INPUT, "the signature does not match");
}

int tg_sig_decode(const char *text, size_t len, struct tg_buf *der)
{
	size_t a = 0;

	/* raw DER: a SEQUENCE whose length covers the rest */
	if (len >= 8 && (unsigned char)text[0] == 0x30 && (unsigned char)text[1] + 2u == len) {
		tg_buf_add(der, text, len);
		return TG_OK;
	}
	while (a < len && memchr(" \t\r\n", text[a], 4))
		a++;
	while (len > a && memchr(" \t\r\n", text[len - 1], 4))
		len--;
	if (len == a || tg_base64_decode(der, text + a, len - a))
		return tg_error_set(TG_ERR_INPUT, "the signature is neither base64 nor DER");
	return TG_OK;
}
