#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die_oom(size_t n)
{
	fprintf(stderr, "terragon: out of memory (%zu bytes)\n", n);
	abort();
}

void *tg_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *tg_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *tg_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *tg_strdup(const char *s)
{
	return tg_strndup(s, strlen(s));
}

char *tg_strndup(const char *s, size_t n)
{
	char *p = tg_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
