#include "util/strlist.h"

#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

void tg_strlist_addn(struct tg_strlist *l, const char *s, size_t n)
{
	TG_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr++] = tg_strndup(s, n);
}

void tg_strlist_add(struct tg_strlist *l, const char *s)
{
	tg_strlist_addn(l, s, strlen(s));
}

void tg_strlist_clear(struct tg_strlist *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

long tg_strlist_find(const struct tg_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i], s))
			return (long)i;
	return -1;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void tg_strlist_sort(struct tg_strlist *l)
{
	if (l->nr > 1)
		qsort(l->v, l->nr, sizeof(*l->v), cmp);
}

void tg_strlist_copy(struct tg_strlist *dst, const struct tg_strlist *src)
{
	size_t i;

	for (i = 0; i < src->nr; i++)
		tg_strlist_add(dst, src->v[i]);
}
