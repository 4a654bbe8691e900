#ifndef TG_SUPPLY_SIGN_H
#define TG_SUPPLY_SIGN_H

/*
 * Signatures as `cosign sign-blob --key` makes them: ECDSA P-256 over the
 * SHA-256 of the bytes, ASN.1 DER, written as standard base64. Keys are PEM:
 * a private key as OpenSSL writes it (PKCS#8 "PRIVATE KEY", "ENCRYPTED PRIVATE
 * KEY", SEC1 "EC PRIVATE KEY"), a public key as "PUBLIC KEY" (SubjectPublicKeyInfo,
 * what cosign.pub holds). Only P-256 is accepted. No transparency log is
 * written or read: the signature proves only that the key's holder signed.
 *
 * cosign's own encrypted "ENCRYPTED SIGSTORE PRIVATE KEY" files are read too.
 *
 * A key comes from a file (--key) or from the environment: TERRAGON_SIGNING_KEY
 * (private) or TERRAGON_VERIFY_KEY (public), each either a path or the PEM text
 * itself. An encrypted key's password comes from TERRAGON_KEY_PASSWORD, else
 * COSIGN_PASSWORD; never from an argument or a file.
 */

#include <stddef.h>

#include "util/buf.h"

struct tg_key {
	void *pkey;  /* EVP_PKEY */
	char *where; /* the file, or the environment variable, for messages */
};

#define TG_KEY_ENV_PRIVATE "TERRAGON_SIGNING_KEY"
#define TG_KEY_ENV_PUBLIC  "TERRAGON_VERIFY_KEY"

/* path NULL: the environment. TG_ERR_USAGE with a message naming the key's
 * place when there is none, it does not decrypt or is not ECDSA P-256. */
int tg_key_load_private(struct tg_key *k, const char *path);
int tg_key_load_public(struct tg_key *k, const char *path);
void tg_key_release(struct tg_key *k);
/* The SHA-256 of the key's SubjectPublicKeyInfo DER; in hex (the DSSE keyid). */
int tg_key_digest(const struct tg_key *k, unsigned char dg[32]);
int tg_key_hint(const struct tg_key *k, char hex[65]);

/* SHA-256 of a file, read in 1 MiB pieces (bounded memory), or of bytes. */
int tg_sha256_file(const char *path, unsigned char out[32]);
int tg_sha256(const void *data, size_t len, unsigned char out[32]);
void tg_hex(const unsigned char *p, size_t n, char *out); /* 2n digits and a NUL */

/* The DER signature of a SHA-256 digest, appended to der. */
int tg_sign_digest(const struct tg_key *k, const unsigned char digest[32], struct tg_buf *der);
/* TG_OK when sig (DER) is k's signature of digest, else TG_ERR_INPUT. */
int tg_verify_digest(const struct tg_key *k, const unsigned char digest[32], const void *sig,
                     size_t len);
/* A signature as a file holds it: base64 text (whitespace around it ignored) or
 * raw DER; TG_ERR_INPUT when it is neither. */
int tg_sig_decode(const char *text, size_t len, struct tg_buf *der);

/*
 * cosign's own encrypted key file ("ENCRYPTED SIGSTORE PRIVATE KEY", or the
 * older "ENCRYPTED COSIGN PRIVATE KEY"): scrypt (N 32768, 65536 or 131072,
 * r 8, p 1) and NaCl secretbox around the DER private key, which is written
 * to der (empty). TG_ERR_USAGE naming `where` for a wrong password or a file
 * of another shape. tg_key_load_private reads these too.
 */
int tg_cosign_key_is(const char *pem);
int tg_cosign_key_decrypt(const char *pem, const char *where, const char *password,
                          struct tg_buf *der);

/* The key's public half as PEM ("PUBLIC KEY", SubjectPublicKeyInfo), appended to out. */
int tg_key_public_pem(const struct tg_key *k, struct tg_buf *out);

/* A new ECDSA P-256 key from OpenSSL's random generator, into k (release it). */
int tg_key_generate(struct tg_key *k);
/* The private key as PKCS#8 DER, appended to der: the caller wipes and releases it. */
int tg_key_private_der(const struct tg_key *k, struct tg_buf *der);
/* cosign's encrypted key file of a DER private key (scrypt N 65536, r 8, p 1, fresh salt
 * and nonce; NaCl secretbox) as PEM "ENCRYPTED SIGSTORE PRIVATE KEY", appended to pem. */
int tg_cosign_key_encrypt(const void *der, size_t len, const char *password, struct tg_buf *pem);
/* PEM of base64 text: the label, then lines of 64 as Go's encoding/pem writes them. */
void tg_pem_wrap(struct tg_buf *out, const char *label, const char *b64, size_t len);

/*
 * A Sigstore bundle v0.3 (protobuf-specs' Bundle as JSON) of a signature made by
 * tg_sign_digest: messageSignature (messageDigest SHA2_256, the DER signature),
 * verificationMaterial.publicKey.hint as cosign writes it (standard base64 of the
 * SHA-256 of the SubjectPublicKeyInfo DER), and tlogEntries written empty on
 * purpose: nothing was sent to a transparency log. Appended to out, with a newline.
 */
int tg_bundle_write(const struct tg_key *k, const unsigned char digest[32], const void *sig,
                    size_t len, struct tg_buf *out);

struct tg_bundle {
	unsigned char digest[32]; /* messageDigest */
	struct tg_buf sig;        /* DER */
	char *hint;               /* verificationMaterial.publicKey.hint, or NULL */
	size_t tlog_entries;      /* present, never checked (offline) */
};
/* A bundle (v0.1 to v0.3) holding a messageSignature over SHA2_256: TG_ERR_INPUT
 * naming where when it is not one (a DSSE bundle: verify-attestation's). */
int tg_bundle_read(const char *text, size_t len, const char *where, struct tg_bundle *b);
void tg_bundle_release(struct tg_bundle *b);

/* Reads a whole small file (at most max bytes) into b: TG_OK, or TG_ERR_USAGE naming it. */
int tg_read_small(const char *path, size_t max, struct tg_buf *b);

#endif
