#ifndef TG_SUPPLY_CRYPTO_INT_H
#define TG_SUPPLY_CRYPTO_INT_H

/*
 * libcrypto's calls the signing code uses, opened on first use (util/dl.h
 * says why; crypto.c): built against OpenSSL 3's headers, resolved by name.
 */

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdint.h>

struct tg_crypto_api {
	BIO *(*bio_new_mem_buf)(const void *, int);
	int (*bio_free)(BIO *);
	EVP_PKEY *(*pem_read_bio_privatekey)(BIO *, EVP_PKEY **, pem_password_cb *, void *);
	EVP_PKEY *(*pem_read_bio_pubkey)(BIO *, EVP_PKEY **, pem_password_cb *, void *);
	void (*pkey_free)(EVP_PKEY *);
	int (*pkey_get_base_id)(const EVP_PKEY *);
	int (*pkey_get_utf8_string_param)(const EVP_PKEY *, const char *, char *, size_t, size_t *);
	int (*i2d_pubkey)(const EVP_PKEY *, unsigned char **);
	EVP_PKEY_CTX *(*pkey_ctx_new)(EVP_PKEY *, ENGINE *);
	void (*pkey_ctx_free)(EVP_PKEY_CTX *);
	int (*pkey_sign_init)(EVP_PKEY_CTX *);
	int (*pkey_sign)(EVP_PKEY_CTX *, unsigned char *, size_t *, const unsigned char *, size_t);
	int (*pkey_verify_init)(EVP_PKEY_CTX *);
	int (*pkey_verify)(EVP_PKEY_CTX *, const unsigned char *, size_t, const unsigned char *,
	                   size_t);
	int (*ctx_set_signature_md)(EVP_PKEY_CTX *, const EVP_MD *);
	EVP_MD_CTX *(*md_ctx_new)(void);
	void (*md_ctx_free)(EVP_MD_CTX *);
	const EVP_MD *(*sha256)(void);
	int (*digest_init)(EVP_MD_CTX *, const EVP_MD *, ENGINE *);
	int (*digest_update)(EVP_MD_CTX *, const void *, size_t);
	int (*digest_final)(EVP_MD_CTX *, unsigned char *, unsigned int *);
	unsigned long (*err_get_error)(void);
	void (*err_error_string_n)(unsigned long, char *, size_t);
	void (*err_clear_error)(void);
	void (*crypto_free)(void *, const char *, int);
	int (*pbe_scrypt)(const char *, size_t, const unsigned char *, size_t, uint64_t, uint64_t,
	                  uint64_t, uint64_t, unsigned char *, size_t);
	EVP_PKEY *(*d2i_autoprivatekey)(EVP_PKEY **, const unsigned char **, long);
	/* keys generate */
	EVP_PKEY_CTX *(*pkey_ctx_new_from_name)(OSSL_LIB_CTX *, const char *, const char *);
	int (*pkey_keygen_init)(EVP_PKEY_CTX *);
	int (*ctx_set_group_name)(EVP_PKEY_CTX *, const char *);
	int (*pkey_generate)(EVP_PKEY_CTX *, EVP_PKEY **);
	PKCS8_PRIV_KEY_INFO *(*pkey2pkcs8)(const EVP_PKEY *);
	int (*i2d_pkcs8)(const PKCS8_PRIV_KEY_INFO *, unsigned char **);
	void (*pkcs8_free)(PKCS8_PRIV_KEY_INFO *);
	int (*rand_bytes)(unsigned char *, int);
};

/* libsodium's secretbox (XSalsa20-Poly1305), which cosign's key files use, opened on first use. */
struct tg_sodium_api {
	int (*init)(void);
	int (*secretbox_open_easy)(unsigned char *, const unsigned char *, unsigned long long,
	                           const unsigned char *, const unsigned char *);
	int (*secretbox_easy)(unsigned char *, const unsigned char *, unsigned long long,
	                      const unsigned char *, const unsigned char *);
};
const struct tg_sodium_api *tg_sodium(void);

/* The table, or NULL with the error set (libcrypto missing). */
const struct tg_crypto_api *tg_crypto(void);
/* OpenSSL's last error as text into buf (cleared after), or "unknown error". */
const char *tg_crypto_error(char *buf, size_t size);

#endif
