/*
 * Seals of the audit trail (supply/audit_seal.h): the head's id and hash in
 * a DSSE envelope signed with the supply-chain key, appended to the trail,
 * and their check. Only the store's own reader and writer are used
 * (tg_audit_each, tg_audit_append), never SQL.
 */
#include "supply/audit_seal.h"

#include "store/audit.h"
#include "supply/dsse.h"
#include "util/alloc.h"
#include "util/base64.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/json.h"
#include "util/redact.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAYLOAD_TYPE "terragon-audit-seal/v1"

/* One entry as the check needs it; details only for seals. */
struct row {
	int64_t id;
	char hash[65];
	char *seal; /* the envelope of an "audit.sealed" entry, as JSON text */
};

struct rows {
	struct row *v;
	size_t nr, alloc;
};

/*
 * The DSSE envelope a seal entry's details stand for (see details_of); an
 * entry whose payload or signature is gone still counts as a seal, one that
 * fails.
 */
static char *rebuild_envelope(const char *details)
{
	json_t *d = details ? tg_json_loads(details, 0, NULL) : NULL;
	const char *payload = json_string_value(json_object_get(d, "payload"));
	const char *sig = json_string_value(json_object_get(d, "sig"));
	const char *keyid = json_string_value(json_object_get(d, "keyid"));
	struct tg_buf env = TG_BUF_INIT;

	if (payload && sig) {
		tg_buf_adds(&env, "{\"payloadType\":\"" TG_AUDIT_SEAL_TYPE "\",\"payload\":\"");
		tg_base64_encode(&env, payload, strlen(payload));
		tg_buf_adds(&env, "\",\"signatures\":[{\"keyid\":");
		tg_buf_add_jsons(&env, keyid ? keyid : "");
		tg_buf_adds(&env, ",\"sig\":");
		tg_buf_add_jsons(&env, sig);
		tg_buf_adds(&env, "}]}");
	}
	json_decref(d);
	return tg_buf_detach(&env, NULL);
}

static int collect(const struct tg_audit_entry *e, void *arg)
{
	struct rows *r = arg;
	struct row *w;

	TG_ALLOC_GROW(r->v, r->nr + 1, r->alloc);
	w = &r->v[r->nr++];
	memset(w, 0, sizeof(*w));
	w->id = e->id;
	snprintf(w->hash, sizeof(w->hash), "%s", e->hash ? e->hash : "");
	if (e->action && !strcmp(e->action, TG_AUDIT_SEAL_ACTION))
		w->seal = rebuild_envelope(e->details);
	return 0;
}

static void rows_release(struct rows *r)
{
	for (size_t i = 0; i < r->nr; i++)
		free(r->v[i].seal);
	free(r->v);
}

static int last_id(const struct tg_audit_entry *e, void *arg)
{
	*(int64_t *)arg = e->id;
	return 0;
}

static void payload_of(struct tg_buf *out, const struct tg_audit_seal *s)
{
	tg_buf_addf(out,
	            "{\"_type\":\"" PAYLOAD_TYPE "\",\"head_id\":%lld,\"head\":\"%s\","
	            "\"entries\":%zu,\"sealed_at\":\"%s\"}",
	            (long long)s->head_id, s->head, s->entries, s->sealed_at);
}

/*
 * The seal entry's details: the head, the signed payload as text and the
 * signature. Not the envelope itself: its base64 payload starts "eyJ", which
 * redaction takes for a JSON web token; the envelope is rebuilt to check it.
 */
static void details_of(struct tg_buf *out, const struct tg_audit_seal *s,
                       const struct tg_buf *payload, const struct tg_buf *env)
{
	json_t *e = tg_json_loadb(env->buf, env->len, 0, NULL);
	const char *sig = json_string_value(
	        json_object_get(json_array_get(json_object_get(e, "signatures"), 0), "sig"));

	tg_buf_addf(out, "{\"head_id\":%lld,\"head\":\"%s\",\"entries\":%zu,\"keyid\":\"%s\",",
	            (long long)s->head_id, s->head, s->entries, s->keyid);
	tg_buf_adds(out, "\"payload\":");
	tg_buf_add_json(out, payload->buf, payload->len);
	tg_buf_adds(out, ",\"sig\":");
	tg_buf_add_jsons(out, sig ? sig : "");
	tg_buf_adds(out, "}");
	json_decref(e);
}

int tg_audit_seal(struct tg_store *st, const struct tg_key *k, time_t now, struct tg_buf *envelope,
                  struct tg_audit_seal *out)
{
	struct tg_audit_check c;
	struct tg_buf payload = TG_BUF_INIT, details = TG_BUF_INIT;
	int rc = tg_audit_verify(st, &c), tries;

	memset(out, 0, sizeof(*out));
	if (!rc && c.broken_id)
		rc = tg_error_set(TG_ERR_INPUT,
		                  "audit seal: the chain is broken at entry %lld (%s): not sealed",
		                  (long long)c.broken_id, c.problem.buf);
	else if (!rc && !c.entries)
		rc = tg_error_set(TG_ERR_INPUT, "audit seal: the trail is empty: nothing to seal");
	if (!rc) {
		out->entries = c.entries;
		snprintf(out->head, sizeof(out->head), "%s", c.head);
		rc = tg_audit_each(st, last_id, &out->head_id);
	}
	tg_audit_check_release(&c);
	if (!rc) {
		tg_time_format(now, out->sealed_at, sizeof(out->sealed_at));
		rc = tg_key_hint(k, out->keyid);
	}
	if (!rc)
		payload_of(&payload, out);
	/*
	 * Details are redacted on their way into the store; a signature that happened
	 * to look like a secret would be stored damaged. ECDSA signatures differ each
	 * time, so sign again (never seen; a bound all the same).
	 */
	for (tries = 0; !rc && tries < 8; tries++) {
		tg_buf_reset(envelope);
		tg_buf_reset(&details);
		rc = tg_dsse_sign(k, TG_AUDIT_SEAL_TYPE, payload.buf, payload.len, envelope);
		if (!rc)
			details_of(&details, out, &payload, envelope);
		if (!rc && !tg_redact_needed(details.buf, details.len))
			break;
	}
	if (!rc && tries == 8)
		rc = tg_error_set(TG_ERR_RUN, "audit seal: every signature looked like a secret");
	if (!rc) {
		char subject[32];
		snprintf(subject, sizeof(subject), "entry %lld", (long long)out->head_id);
		rc = tg_audit_append(st, now, TG_AUDIT_SEAL_ACTION, subject, details.buf);
	}
	tg_buf_release(&payload);
	tg_buf_release(&details);
	return rc;
}

static void broken(struct tg_audit_seal_check *c, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void broken(struct tg_audit_seal_check *c, const char *fmt, ...)
{
	va_list ap;

	c->broken = 1;
	va_start(ap, fmt);
	tg_buf_vaddf(&c->problem, fmt, ap);
	va_end(ap);
}

/* The first signature's keyid in an envelope's text, for messages. */
static void envelope_keyid(const char *text, char out[65])
{
	json_t *d = tg_json_loads(text, 0, NULL);
	const char *id = json_string_value(
	        json_object_get(json_array_get(json_object_get(d, "signatures"), 0), "keyid"));

	snprintf(out, 65, "%s", id ? id : "none");
	json_decref(d);
}

/* The signed payload's fields into s; 0, or -1 with the problem set. */
static int read_payload(struct tg_audit_seal_check *c, const struct tg_dsse *e,
                        struct tg_audit_seal *s, const char *where)
{
	json_t *d = tg_json_loadb(e->payload.buf ? e->payload.buf : "", e->payload.len, 0, NULL);
	const char *type = json_string_value(json_object_get(d, "_type"));
	const char *head = json_string_value(json_object_get(d, "head"));
	const char *at = json_string_value(json_object_get(d, "sealed_at"));
	json_t *id = json_object_get(d, "head_id");

	if (!type || strcmp(type, PAYLOAD_TYPE) || !head || !json_is_integer(id)) {
		json_decref(d);
		broken(c, "%s: its signed payload is not a terragon audit seal", where);
		return -1;
	}
	s->head_id = json_integer_value(id);
	s->entries = (size_t)json_integer_value(json_object_get(d, "entries"));
	snprintf(s->head, sizeof(s->head), "%s", head);
	snprintf(s->sealed_at, sizeof(s->sealed_at), "%s", at ? at : "?");
	json_decref(d);
	return 0;
}

static const struct row *find_row(const struct rows *r, int64_t id)
{
	for (size_t i = 0; i < r->nr; i++)
		if (r->v[i].id == id)
			return &r->v[i];
	return NULL;
}

/*
 * One seal against the rows: its signature, then the entry it names. where
 * says which seal, for messages; 0 when it holds.
 */
static int check_one(struct tg_audit_seal_check *c, const struct tg_key *k, const struct rows *r,
                     const char *text, size_t len, const char *where)
{
	struct tg_dsse e;
	struct tg_audit_seal s = {0};
	const struct row *at;
	char keyid[65], mine[65];

	if (tg_dsse_parse(text, len, &e)) {
		broken(c, "%s: %s", where, tg_error_message());
		tg_error_clear();
		return -1;
	}
	envelope_keyid(text, keyid);
	if (strcmp(e.type, TG_AUDIT_SEAL_TYPE) || tg_dsse_verify(k, &e)) {
		tg_error_clear();
		if (tg_key_hint(k, mine))
			mine[0] = 0;
		broken(c,
		       "%s: its signature is not this key's (the seal names key %.16s, this is "
		       "%.16s)",
		       where, keyid, mine);
		tg_dsse_release(&e);
		return -1;
	}
	if (read_payload(c, &e, &s, where)) {
		tg_dsse_release(&e);
		return -1;
	}
	tg_dsse_release(&e);
	snprintf(s.keyid, sizeof(s.keyid), "%s", keyid);
	at = find_row(r, s.head_id);
	if (!at) {
		broken(c, "%s: entry %lld, the head it signed, is gone", where,
		       (long long)s.head_id);
		return -1;
	}
	if (strcmp(at->hash, s.head)) {
		if (c->seals)
			broken(c,
			       "%s: entry %lld is not the entry that was signed: the chain was "
			       "rewritten "
			       "after entry %lld (the last seal that holds) and at or before entry "
			       "%lld",
			       where, (long long)s.head_id, (long long)c->last.head_id,
			       (long long)s.head_id);
		else
			broken(c,
			       "%s: entry %lld is not the entry that was signed: the chain was "
			       "rewritten "
			       "at or before entry %lld",
			       where, (long long)s.head_id, (long long)s.head_id);
		return -1;
	}
	c->seals++;
	c->last = s;
	return 0;
}

/* Every seal entry of the trail, oldest first, up to the first that fails. */
static void check_trail(struct tg_audit_seal_check *c, const struct tg_key *k, const struct rows *r)
{
	size_t found = 0;

	for (size_t i = 0; i < r->nr && !c->broken; i++) {
		char where[48];
		if (!r->v[i].seal)
			continue;
		found++;
		snprintf(where, sizeof(where), "the seal in entry %lld", (long long)r->v[i].id);
		if (!check_one(c, k, r, r->v[i].seal, strlen(r->v[i].seal), where) &&
		    c->last.head_id >= r->v[i].id)
			broken(c, "%s: it signs entry %lld, written after it", where,
			       (long long)c->last.head_id);
	}
	if (!found)
		broken(c, "the trail holds no seal (terragon audit seal --key KEY writes one)");
}

int tg_audit_seal_check(struct tg_store *st, const struct tg_key *k, const char *seal_text,
                        size_t len, struct tg_audit_seal_check *c)
{
	struct rows r = {0};
	int rc;

	memset(c, 0, sizeof(*c));
	tg_buf_init(&c->problem, 0);
	rc = tg_audit_each(st, collect, &r);
	if (!rc && seal_text)
		check_one(c, k, &r, seal_text, len, "the seal");
	else if (!rc)
		check_trail(c, k, &r);
	if (!rc && !c->broken)
		for (size_t i = 0; i < r.nr; i++)
			c->unsealed += r.v[i].id > c->last.head_id && !r.v[i].seal;
	rows_release(&r);
	return rc;
}

void tg_audit_seal_check_release(struct tg_audit_seal_check *c)
{
	tg_buf_release(&c->problem);
}
