// module: deps
/*
 * The PyPI readers on arbitrary bytes. The first byte picks the format
 * (requirements.txt, pyproject.toml, poetry.lock, uv.lock, pdm.lock,
 * pylock.toml, Pipfile.lock); the rest is the file. A root directory holds
 * files for includes and for the manifest beside a lockfile, so -r, -c and
 * the roots of the lockfile walk are exercised. No crash, no leak; a read
 * that succeeds gives complete records, one that fails names the file.
 */

#include "deps/deps.h"
#include "util/buf.h"
#include "util/error.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const names[] = {"requirements.txt", "pyproject.toml",     "poetry.lock",
                                    "uv.lock",          "pdm.lock",           "pylock.toml",
                                    "Pipfile.lock",     "dev-requirements.in"};
static int root_fd = -1;

static void put(const char *root, const char *rel, const char *text)
{
	struct tg_buf p = TG_BUF_INIT, b = TG_BUF_INIT;

	tg_buf_addf(&p, "%s/%s", root, rel);
	tg_buf_adds(&b, text);
	tg_buf_write_file(&b, p.buf);
	tg_buf_release(&b);
	tg_buf_release(&p);
}

/* A root with files to include: one includes another, one includes itself. */
static void make_root(void)
{
	char root[] = "/tmp/tg-fuzz-deps-py-XXXXXX";
	struct tg_buf p = TG_BUF_INIT;

	if (!mkdtemp(root))
		abort();
	tg_buf_addf(&p, "%s/requirements", root);
	mkdir(p.buf, 0755);
	put(root, "requirements/base.txt", "-r ../common.txt\nflask>=2\n");
	put(root, "common.txt", "-r common.txt\nclick==8.1.7 --hash=sha256:ab\n");
	put(root, "constraints.txt", "flask==3.0.0\n");
	put(root, "pyproject.toml", "[project]\ndependencies = [\"flask\", \"click\"]\n");
	root_fd = open(root, O_RDONLY | O_DIRECTORY);
	if (root_fd < 0)
		abort();
	tg_buf_release(&p);
}

static void check(const struct tg_dep_list *l, const char *rel)
{
	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];
		if (d->eco != TG_ECO_PYPI || !d->name || !d->purl || !d->file || d->line < 0)
			abort();
		if (d->version && d->range && d->origin == TG_DEP_REGISTRY &&
		    !strcmp(d->file, rel) && strcmp(rel, "requirements.txt") &&
		    strcmp(rel, "dev-requirements.in"))
			abort(); /* only a constraint pin leaves both */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_deps_reader *r;
	struct tg_deps_file f;
	const char *rel;

	if (root_fd < 0)
		make_root();
	if (!size)
		return 0;
	rel = names[data[0] % (sizeof(names) / sizeof(names[0]))];
	r = tg_deps_reader_for(rel);
	if (!r)
		abort();
	f = (struct tg_deps_file){root_fd, rel, (const char *)data + 1, size - 1};
	if (!r->read(&f, &l))
		check(&l, rel);
	else if (!strstr(tg_error_message(), rel) && !strstr(tg_error_message(), ".txt"))
		abort(); /* an error names the file (an include's own name for an include) */
	tg_dep_list_clear(&l);
	return 0;
}
