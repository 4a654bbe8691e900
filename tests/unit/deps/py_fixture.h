#ifndef TG_TEST_PY_FIXTURE_H
#define TG_TEST_PY_FIXTURE_H

/* What the PyPI reader tests share: read a file the way the inventory does, find a record. */

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "deps/deps.h"
#include "read_other.h"
#include "util/buf.h"

/* Reads root/rel with the reader its base name selects, which must be a PyPI one. */
static inline int py_read(const char *root, const char *rel, struct tg_dep_list *out)
{
	const char *base = strrchr(rel, '/');
	const struct tg_deps_reader *r = tg_deps_reader_for(base ? base + 1 : rel);

	assert_non_null(r);
	assert_int_equal(r->eco, TG_ECO_PYPI);
	return read_in(root, rel, out);
}

/* The first record of a (normalised) name; fails the test when there is none. */
static inline const struct tg_dep *py_find(const struct tg_dep_list *l, const char *name)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	fail_msg("no dependency %s", name);
	return NULL;
}

static inline int py_has(const struct tg_dep_list *l, const char *name)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].name, name))
			return 1;
	return 0;
}

static inline int py_has_warning(const struct tg_dep_list *l, const char *part)
{
	for (size_t i = 0; i < l->warnings.nr; i++)
		if (strstr(l->warnings.v[i], part))
			return 1;
	return 0;
}

#endif
