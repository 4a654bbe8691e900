#ifndef TG_STRLIST_H
#define TG_STRLIST_H

#include <stddef.h>

/* An owned list of strings (each malloc'd), for lists of paths, globs, names. */
struct tg_strlist {
	char **v;
	size_t nr, alloc;
};

#define TG_STRLIST_INIT {NULL, 0, 0}

void tg_strlist_add(struct tg_strlist *l, const char *s);
void tg_strlist_addn(struct tg_strlist *l, const char *s, size_t n);
void tg_strlist_clear(struct tg_strlist *l);
/* Index of s in l, or -1. */
long tg_strlist_find(const struct tg_strlist *l, const char *s);
void tg_strlist_sort(struct tg_strlist *l);
void tg_strlist_copy(struct tg_strlist *dst, const struct tg_strlist *src);

#endif
