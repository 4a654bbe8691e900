/* The dependency list and its small accessors (deps.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "deps/deps.h"
#include "util/alloc.h"

struct tg_dep *tg_dep_list_add(struct tg_dep_list *l)
{
	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 64;
		l->v = tg_realloc(l->v, l->alloc * sizeof(*l->v));
	}
	memset(&l->v[l->nr], 0, sizeof(l->v[0]));
	return &l->v[l->nr++];
}

void tg_dep_list_clear(struct tg_dep_list *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		struct tg_dep *d = &l->v[i];
		free(d->name);
		free(d->version);
		free(d->range);
		free(d->purl);
		free(d->file);
		free(d->via);
		free(d->license);
		tg_strlist_clear(&d->hashes);
		tg_strlist_clear(&d->requires);
	}
	free(l->v);
	tg_strlist_clear(&l->warnings);
	memset(l, 0, sizeof(*l));
}

void tg_dep_set_name(struct tg_dep *d, const char *name_as_written)
{
	struct tg_buf b;

	tg_buf_init(&b, 64);
	tg_eco_normalize_name(d->eco, name_as_written, &b);
	free(d->name);
	d->name = tg_buf_detach(&b, NULL);
	tg_buf_init(&b, 96);
	tg_eco_purl(d->eco, name_as_written, d->version, &b);
	free(d->purl);
	d->purl = tg_buf_detach(&b, NULL);
}

void tg_dep_warn(struct tg_dep_list *l, const char *file, int line, const char *fmt, ...)
{
	struct tg_buf b;
	va_list ap;

	tg_buf_init(&b, 128);
	if (line > 0)
		tg_buf_addf(&b, "%s:%d: ", file, line);
	else
		tg_buf_addf(&b, "%s: ", file);
	va_start(ap, fmt);
	tg_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	tg_strlist_add(&l->warnings, b.buf);
	tg_buf_release(&b);
}

const char *tg_dep_scope_name(enum tg_dep_scope s)
{
	static const char *names[] = {"runtime", "dev", "optional"};
	return (unsigned)s < 3 ? names[s] : "runtime";
}

const char *tg_dep_origin_name(enum tg_dep_origin o)
{
	static const char *names[] = {"registry", "git", "path", "url"};
	return (unsigned)o < 4 ? names[o] : "registry";
}
