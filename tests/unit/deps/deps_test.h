/* What the deps tests share: run one reader on a text or a file of tests/data/deps/. */
#ifndef TG_DEPS_TEST_H
#define TG_DEPS_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "deps/deps.h"
#include "util/buf.h"
#include "util/error.h"

/* Runs the reader of base (a file name) on text, as the file rel beside no other file. */
static inline int dt_read(const char *base, const char *rel, const char *text,
                          struct tg_dep_list *out)
{
	const struct tg_deps_reader *r = tg_deps_reader_for(base);
	struct tg_deps_file f = {-1, rel, text, strlen(text)};

	assert_non_null(r);
	return r->read(&f, out);
}

/* The text of tests/data/deps/npm/<name>; the caller frees it. */
static inline char *dt_data(const char *name)
{
	struct tg_buf b = TG_BUF_INIT, path = TG_BUF_INIT;

	tg_buf_addf(&path, "%s/tests/data/deps/npm/%s", TG_SOURCE_DIR, name);
	assert_int_equal(tg_buf_read_file(&b, path.buf), 0);
	tg_buf_release(&path);
	return tg_buf_detach(&b, NULL);
}

/* The entry name@version (version NULL: the first of that name), or NULL. */
static inline const struct tg_dep *dt_find(const struct tg_dep_list *l, const char *name,
                                           const char *version)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].name, name) &&
		    (!version || (l->v[i].version && !strcmp(l->v[i].version, version))))
			return &l->v[i];
	return NULL;
}

static inline const struct tg_dep *dt_get(const struct tg_dep_list *l, const char *name,
                                          const char *version)
{
	const struct tg_dep *d = dt_find(l, name, version);

	if (!d)
		fail_msg("no entry %s@%s", name, version ? version : "*");
	return d;
}

/* Asserts that the last error message starts with prefix ("file:line:"). */
static inline void dt_error_at(const char *prefix)
{
	const char *m = tg_error_message();

	if (strncmp(m, prefix, strlen(prefix)))
		fail_msg("error \"%s\" does not start with \"%s\"", m, prefix);
	tg_error_clear();
}

#endif
