#ifndef TG_HASHMAP_H
#define TG_HASHMAP_H

/*
 * The one hash map. A key is a byte string (pointer and length; it may hold
 * NULs and need not end with one) or a 64-bit integer; a value is a pointer
 * or a 64-bit number, zero in a new entry.
 *
 *	struct tg_hashmap m = TG_HASHMAP_INIT;
 *	struct tg_hashmap_entry *e;
 *
 *	tg_hashmap_put(&m, "a.c", 3, NULL)->val.u64 = 7;
 *	tg_hashmap_put_u64(&m, fp, NULL)->val.u64++;      (a counter)
 *	e = tg_hashmap_get(&m, "a.c", 3);                 (NULL when absent)
 *	tg_hashmap_for_each(&m, e)
 *		free(e->val.ptr);
 *	tg_hashmap_release(&m);
 *
 * Ownership: the map copies a string key when put adds it, and frees the
 * copy on release. It never owns a value: free what val.ptr points to before
 * releasing the map.
 *
 * Lifetimes: an entry pointer is good until the next put or remove (the
 * entries may move); a key's copy (entry->str) until release, so callers may
 * keep it instead of a copy of their own. A removed string key's copy stays
 * allocated until release.
 *
 * Order: entries sit in one array in the order put added them, which is the
 * order tg_hashmap_for_each visits them: independent of the hash, so output
 * built by iterating is the same on every machine. A removal moves the last
 * entry into the hole.
 *
 * Both kinds of key may share a map (an integer key never equals a string
 * key). No locking: callers that share a map between threads lock it, or
 * only read it (get never writes).
 *
 * Open addressing with linear probing over slots that hold the entry's
 * position and 32 bits of its XXH3 hash, so a probe rarely leaves the slot
 * array and growing never rehashes a key. At most half the slots are used.
 */

#include <stddef.h>
#include <stdint.h>

struct tg_hashmap_entry {
	const char *str; /* a string key: the map's copy, NUL-terminated; NULL: an integer key */
	union {
		size_t len;   /* of str */
		uint64_t u64; /* the integer key, when str is NULL */
	} key;
	union {
		void *ptr;
		uint64_t u64;
	} val;
};

struct tg_hashmap_chunk;

struct tg_hashmap {
	struct tg_hashmap_entry *entries; /* nr of them, in insertion order */
	size_t nr, alloc;
	uint64_t *slots; /* hash >> 32 in the high half, entry index + 1 in the low; 0: empty */
	size_t mask;     /* number of slots - 1 (no slots: 0 and slots NULL) */
	struct tg_hashmap_chunk *keys; /* where string keys are copied */
};

#define TG_HASHMAP_INIT                                                                            \
	{                                                                                          \
		NULL, 0, 0, NULL, 0, NULL                                                          \
	}

/* The entry for the string key, or NULL. */
struct tg_hashmap_entry *tg_hashmap_get(const struct tg_hashmap *m, const char *key, size_t len);
/* The entry for the integer key, or NULL. */
struct tg_hashmap_entry *tg_hashmap_get_u64(const struct tg_hashmap *m, uint64_t key);

/*
 * The entry for the key, added with a zero value when absent; *added (when
 * not NULL) says whether it was. Set or update the value through the entry.
 */
struct tg_hashmap_entry *tg_hashmap_put(struct tg_hashmap *m, const char *key, size_t len,
                                        int *added);
struct tg_hashmap_entry *tg_hashmap_put_u64(struct tg_hashmap *m, uint64_t key, int *added);

/* Removes the key's entry: 1 when there was one, 0 when not. */
int tg_hashmap_remove(struct tg_hashmap *m, const char *key, size_t len);
int tg_hashmap_remove_u64(struct tg_hashmap *m, uint64_t key);

/* Frees the map's memory (never the values) and leaves it empty, ready for reuse. */
void tg_hashmap_release(struct tg_hashmap *m);

/* Each entry once, in insertion order; e is a struct tg_hashmap_entry pointer. */
#define tg_hashmap_for_each(m, e)                                                                  \
	for ((e) = (m)->entries; (e) && (e) < (m)->entries + (m)->nr; (e)++)

#endif
