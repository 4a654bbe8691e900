#ifndef TG_ALLOC_H
#define TG_ALLOC_H

#include <stddef.h>

/* Allocators that abort on exhaustion, so callers need not check. */
void *tg_malloc(size_t n);
void *tg_calloc(size_t nmemb, size_t size);
void *tg_realloc(void *p, size_t n);
char *tg_strdup(const char *s);
char *tg_strndup(const char *s, size_t n);

/* Grows array `x` (with `alloc` slots) to hold at least `nr` elements, as git's ALLOC_GROW. */
#define TG_ALLOC_GROW(x, nr, alloc)                                                                \
	do {                                                                                       \
		if ((size_t)(nr) > (size_t)(alloc)) {                                              \
			size_t tg_n_ = (size_t)(alloc) < 8 ? 16 : (size_t)(alloc) * 3 / 2;         \
			if (tg_n_ < (size_t)(nr))                                                  \
				tg_n_ = (size_t)(nr);                                              \
			(x) = tg_realloc((x), tg_n_ * sizeof(*(x)));                               \
			(alloc) = tg_n_;                                                           \
		}                                                                                  \
	} while (0)

#define TG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
