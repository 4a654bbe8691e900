/*
 * SHA-256 through libcrypto's EVP interface, opened on first use.
 */
#include "util/sha256.h"

#include "util/dl.h"
#include "util/error.h"

#include <openssl/evp.h>
#include <stdio.h>

static struct {
	EVP_MD_CTX *(*md_ctx_new)(void);
	void (*md_ctx_free)(EVP_MD_CTX *c);
	const EVP_MD *(*sha256)(void);
	int (*digest_init)(EVP_MD_CTX *c, const EVP_MD *md, ENGINE *e);
	int (*digest_update)(EVP_MD_CTX *c, const void *d, size_t n);
	int (*digest_final)(EVP_MD_CTX *c, unsigned char *md, unsigned int *n);
} api;

static const struct tg_dl_sym syms[] = {
        {"EVP_MD_CTX_new", &api.md_ctx_new},
        {"EVP_MD_CTX_free", &api.md_ctx_free},
        {"EVP_sha256", &api.sha256},
        {"EVP_DigestInit_ex", &api.digest_init},
        {"EVP_DigestUpdate", &api.digest_update},
        {"EVP_DigestFinal_ex", &api.digest_final},
        {NULL, NULL},
};

static struct tg_dl crypto = TG_DL_INIT(TG_CRYPTO_SONAME, "libssl3", syms, NULL);

struct tg_sha256 *tg_sha256_new(void)
{
	EVP_MD_CTX *c;

	if (tg_dl_load(&crypto))
		return NULL; /* the message says why */
	c = api.md_ctx_new();
	if (!c || api.digest_init(c, api.sha256(), NULL) != 1) {
		if (c)
			api.md_ctx_free(c);
		tg_error_set(TG_ERR_RUN, "libcrypto: cannot start a SHA-256 digest");
		return NULL;
	}
	return (struct tg_sha256 *)c;
}

void tg_sha256_update(struct tg_sha256 *h, const void *data, size_t len)
{
	api.digest_update((EVP_MD_CTX *)h, data, len);
}

void tg_sha256_final(struct tg_sha256 *h, char out[TG_SHA256_HEX])
{
	unsigned char md[32];
	unsigned int n = 0;

	api.digest_final((EVP_MD_CTX *)h, md, &n);
	api.md_ctx_free((EVP_MD_CTX *)h);
	for (unsigned int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", i < n ? md[i] : 0);
	out[64] = 0;
}

int tg_sha256_hex(const void *data, size_t len, char out[TG_SHA256_HEX])
{
	struct tg_sha256 *h = tg_sha256_new();

	if (!h)
		return TG_ERR_RUN;
	tg_sha256_update(h, data, len);
	tg_sha256_final(h, out);
	return TG_OK;
}
