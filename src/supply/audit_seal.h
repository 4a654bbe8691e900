#ifndef TG_SUPPLY_AUDIT_SEAL_H
#define TG_SUPPLY_AUDIT_SEAL_H

/*
 * The audit trail's head signed with the supply-chain key (`audit seal`,
 * `audit verify --key`). The hash chain (store/audit.h) catches an entry
 * altered, removed or moved, but not a chain recomputed from the altered
 * entry onwards: whoever can write the store can also rehash it. A seal is
 * a DSSE envelope (supply/dsse.h) whose payload names the head entry's id
 * and hash; nobody without the private key can make one for a rewritten
 * chain. Seals are appended to the trail itself ("audit.sealed" entries),
 * and can be kept elsewhere by an auditor (`audit seal -o FILE`,
 * `audit verify --key PUB --seal FILE`), since whoever rewrites the store
 * can also remove the seal entries after a point.
 */

#include "store/store.h"
#include "supply/sign.h"
#include "util/buf.h"

#include <stdint.h>
#include <time.h>

#define TG_AUDIT_SEAL_TYPE   "application/vnd.terragon.audit-seal+json"
#define TG_AUDIT_SEAL_ACTION "audit.sealed"

struct tg_audit_seal {
	int64_t head_id; /* the entry sealed */
	char head[65];   /* its hash */
	size_t entries;  /* how many entries the chain held */
	char sealed_at[32];
	char keyid[65]; /* the key's hint, as in the envelope */
};

/*
 * Signs the chain's head with k, appends an "audit.sealed" entry holding the
 * envelope, and writes the envelope (one line of JSON) to envelope. A chain
 * that does not verify, or an empty one, is not sealed: TG_ERR_INPUT naming
 * where it breaks.
 */
int tg_audit_seal(struct tg_store *st, const struct tg_key *k, time_t now, struct tg_buf *envelope,
                  struct tg_audit_seal *out);

/*
 * Checks the trail against seals with the public key k: every "audit.sealed"
 * entry of the trail, oldest first, or only the envelope in seal_text when it
 * is given (a copy kept outside the store). TG_OK whatever it finds (errors
 * only for the store); c->broken says whether a seal failed, c->problem why.
 * A seal holds when its signature is k's and the entry it names still has
 * the hash it signed. No seal at all is broken too.
 */
struct tg_audit_seal_check {
	int broken;
	struct tg_buf problem;
	size_t seals;              /* seals that hold */
	struct tg_audit_seal last; /* the latest of them */
	size_t unsealed;           /* entries after its head */
};
int tg_audit_seal_check(struct tg_store *st, const struct tg_key *k, const char *seal_text,
                        size_t len, struct tg_audit_seal_check *c);
void tg_audit_seal_check_release(struct tg_audit_seal_check *c);

#endif
