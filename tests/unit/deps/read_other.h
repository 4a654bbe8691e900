/*
 * What the reader tests share (py_fixture.h builds on it): a file written
 * beneath a temporary root and read by the reader its base name selects,
 * as the inventory does.
 */
#ifndef TG_TEST_READ_OTHER_H
#define TG_TEST_READ_OTHER_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deps/deps.h"
#include "util/buf.h"
#include "util/error.h"

#include "testlib.h"

/* The temporary root of each test, made by setup and removed by teardown. */
static char *root __attribute__((unused));

static inline int setup(void **state)
{
	(void)state;
	root = tl_tmpdir();
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	tl_rmtree(root);
	return 0;
}

/* Reads root/rel with its reader into out; the reader's status. */
static inline int read_in(const char *root, const char *rel, struct tg_dep_list *out)
{
	struct tg_buf b = TG_BUF_INIT, path = TG_BUF_INIT;
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	const struct tg_deps_reader *r = tg_deps_reader_for(base);
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;
	struct tg_deps_file f;

	assert_non_null(r);
	assert_true(fd >= 0);
	tg_buf_addf(&path, "%s/%s", root, rel);
	assert_int_equal(tg_buf_read_file(&b, path.buf), TG_OK);
	f = (struct tg_deps_file){fd, rel, b.buf, b.len};
	rc = r->read(&f, out);
	close(fd);
	tg_buf_release(&b);
	tg_buf_release(&path);
	return rc;
}

/* Writes text at root/rel, then reads it. */
static inline int write_read(const char *root, const char *rel, const char *text,
                             struct tg_dep_list *out)
{
	tl_write(root, rel, text);
	return read_in(root, rel, out);
}

/* The record of name (normalised), or NULL. */
static inline const struct tg_dep *find_dep(const struct tg_dep_list *l, const char *name)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

/* The record of name, which must be there. */
static inline const struct tg_dep *must_find(const struct tg_dep_list *l, const char *name)
{
	const struct tg_dep *d = find_dep(l, name);

	if (!d)
		fail_msg("no record of %s among %zu", name, l->nr);
	return d;
}

/* 1 when some warning contains needle. */
static inline int warned(const struct tg_dep_list *l, const char *needle)
{
	for (size_t i = 0; i < l->warnings.nr; i++)
		if (strstr(l->warnings.v[i], needle))
			return 1;
	return 0;
}

#endif
