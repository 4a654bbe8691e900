/*
 * libcrypto, opened on first use (util/dl.h says why): only sign, verify, keys and
 * provenance need it, and linking it would slow every command's start-up.
 */
#include "supply/crypto_int.h"

#include <stdio.h>

#include "util/dl.h"
#include "util/error.h"

static struct tg_crypto_api api;

static const struct tg_dl_sym syms[] = {
        {"BIO_new_mem_buf", &api.bio_new_mem_buf},
        {"BIO_free", &api.bio_free},
        {"PEM_read_bio_PrivateKey", &api.pem_read_bio_privatekey},
        {"PEM_read_bio_PUBKEY", &api.pem_read_bio_pubkey},
        {"EVP_PKEY_free", &api.pkey_free},
        {"EVP_PKEY_get_base_id", &api.pkey_get_base_id},
        {"EVP_PKEY_get_utf8_string_param", &api.pkey_get_utf8_string_param},
        {"i2d_PUBKEY", &api.i2d_pubkey},
        {"EVP_PKEY_CTX_new", &api.pkey_ctx_new},
        {"EVP_PKEY_CTX_free", &api.pkey_ctx_free},
        {"EVP_PKEY_sign_init", &api.pkey_sign_init},
        {"EVP_PKEY_sign", &api.pkey_sign},
        {"EVP_PKEY_verify_init", &api.pkey_verify_init},
        {"EVP_PKEY_verify", &api.pkey_verify},
        {"EVP_PKEY_CTX_set_signature_md", &api.ctx_set_signature_md},
        {"EVP_MD_CTX_new", &api.md_ctx_new},
        {"EVP_MD_CTX_free", &api.md_ctx_free},
        {"EVP_sha256", &api.sha256},
        {"EVP_DigestInit_ex", &api.digest_init},
        {"EVP_DigestUpdate", &api.digest_update},
        {"EVP_DigestFinal_ex", &api.digest_final},
        {"ERR_get_error", &api.err_get_error},
        {"ERR_error_string_n", &api.err_error_string_n},
        {"ERR_clear_error", &api.err_clear_error},
        {"CRYPTO_free", &api.crypto_free},
        {"EVP_PBE_scrypt", &api.pbe_scrypt},
        {"d2i_AutoPrivateKey", &api.d2i_autoprivatekey},
        {"EVP_PKEY_CTX_new_from_name", &api.pkey_ctx_new_from_name},
        {"EVP_PKEY_keygen_init", &api.pkey_keygen_init},
        {"EVP_PKEY_CTX_set_group_name", &api.ctx_set_group_name},
        {"EVP_PKEY_generate", &api.pkey_generate},
        {"EVP_PKEY2PKCS8", &api.pkey2pkcs8},
        {"i2d_PKCS8_PRIV_KEY_INFO", &api.i2d_pkcs8},
        {"PKCS8_PRIV_KEY_INFO_free", &api.pkcs8_free},
        {"RAND_bytes", &api.rand_bytes},
        {NULL, NULL},
};

static struct tg_sodium_api sodium;

static const struct tg_dl_sym sodium_syms[] = {
        {"sodium_init", &sodium.init},
        {"crypto_secretbox_open_easy", &sodium.secretbox_open_easy},
        {"crypto_secretbox_easy", &sodium.secretbox_easy},
        {NULL, NULL},
};

/* sodium_init() once the symbols resolve: 0 first time, 1 when already done. */
static int sodium_ready(void)
{
	return sodium.init() < 0 ? TG_ERR_RUN : TG_OK;
}

static struct tg_dl sodium_dl =
        TG_DL_INIT(TG_SODIUM_SONAME, "libsodium23", sodium_syms, sodium_ready);

const struct tg_sodium_api *tg_sodium(void)
{
	return tg_dl_load(&sodium_dl) ? NULL : &sodium;
}

static struct tg_dl crypto_dl = TG_DL_INIT(TG_CRYPTO_SONAME, "libssl3", syms, NULL);

const struct tg_crypto_api *tg_crypto(void)
{
	return tg_dl_load(&crypto_dl) ? NULL : &api;
}

const char *tg_crypto_error(char *buf, size_t size)
{
	unsigned long e = api.err_get_error ? api.err_get_error() : 0;

	if (!e)
		snprintf(buf, size, "unknown error");
	else
		api.err_error_string_n(e, buf, size);
	if (api.err_clear_error)
		api.err_clear_error();
	return buf;
}
