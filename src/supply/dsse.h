#ifndef TG_SUPPLY_DSSE_H
#define TG_SUPPLY_DSSE_H

/*
 * DSSE envelopes (secure-systems-lab/dsse, v1): the signature is over the
 * pre-authentication encoding PAE(type, body) =
 * "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, never over the base64
 * text or re-serialised JSON. Signatures are ECDSA P-256 DER (as cosign
 * writes them); a verifier also takes raw r||s (the spec's own example).
 * In-toto Statements travel as payloadType application/vnd.in-toto+json.
 */

#include <stddef.h>

#include "supply/sign.h"
#include "util/buf.h"
#include "util/strlist.h"

#define TG_DSSE_INTOTO "application/vnd.in-toto+json"

/* Appends PAE(type, body) to out. */
void tg_dsse_pae(struct tg_buf *out, const char *type, const void *body, size_t len);

/* One line of JSON (no newline): the envelope of body signed with k, keyid k's hint. */
int tg_dsse_sign(const struct tg_key *k, const char *type, const void *body, size_t len,
                 struct tg_buf *out);

/* A parsed envelope: the payload decoded, its type, and its signatures decoded. */
struct tg_dsse {
	char *type;
	struct tg_buf payload;
	struct tg_buf *sigs; /* DER or raw r||s, as given */
	size_t nsigs;
};
/* Parses one envelope (JSON text): TG_OK, or TG_ERR_INPUT saying what is wrong. */
int tg_dsse_parse(const char *text, size_t len, struct tg_dsse *e);
void tg_dsse_release(struct tg_dsse *e);
/* TG_OK when one of e's signatures is k's over PAE(type, payload); else TG_ERR_INPUT. */
int tg_dsse_verify(const struct tg_key *k, const struct tg_dsse *e);

/* The in-toto Statement in e's payload (after tg_dsse_verify): TG_OK and each subject's
 * sha256 (lowercase hex) and its predicateType (malloc'd) when the payloadType is in-toto's
 * and _type is Statement v1 (or v0.1); else TG_ERR_INPUT saying what is wrong. */
int tg_intoto_subjects(const struct tg_dsse *e, struct tg_strlist *sha256, char **predicate_type);

#endif
