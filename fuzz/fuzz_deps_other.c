// module: deps
/*
 * The readers of Go, crates.io, Maven, RubyGems, Packagist and NuGet files
 * on arbitrary bytes. The first byte picks the reader; the rest up to a NUL
 * is the file, and what follows the NUL is written beside it as the file the
 * reader may open by itself (go.sum's go.mod, composer.json, a pom's parent,
 * a project's Directory.Packages.props, a member's workspace Cargo.toml), so
 * those paths are fuzzed too. No crash, no leak, and every record complete.
 */

#include "deps/deps.h"
#include "util/buf.h"
#include "util/error.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *rel, *sibling;
} files[] = {
        {"go.mod", NULL},
        {"go.sum", "go.mod"},
        {"Gemfile.lock", NULL},
        {"composer.lock", "composer.json"},
        {"a/pom.xml", "pom.xml"},
        {"gradle.lockfile", NULL},
        {"gradle/verification-metadata.xml", NULL},
        {"packages.lock.json", NULL},
        {"a/App.csproj", "Directory.Packages.props"},
        {"Directory.Packages.props", NULL},
        {"Cargo.lock", NULL},
        {"a/Cargo.toml", "Cargo.toml"},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static char root[64];
static int root_fd = -1;

static void make_root(void)
{
	strcpy(root, "/tmp/tg-fuzz-deps-other-XXXXXX");
	if (!mkdtemp(root))
		abort();
	root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0 || mkdirat(root_fd, "a", 0755))
		abort();
}

static void check(const struct tg_dep_list *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		const struct tg_dep *d = &l->v[i];
		if (!d->name || !d->purl || !d->file || d->line < 0)
			abort();
		if (d->version && strncmp(d->purl, "pkg:", 4))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_dep_list l = TG_DEP_LIST_INIT;
	const struct tg_deps_reader *r;
	const char *base, *text = (const char *)data + 1, *nul;
	size_t n, len;

	if (!root[0])
		make_root();
	if (size < 1)
		return 0;
	n = data[0] % NFILES;
	len = size - 1;
	nul = memchr(text, '\0', len);
	if (files[n].sibling) {
		struct tg_buf b = TG_BUF_INIT, p = TG_BUF_INIT;
		if (nul)
			tg_buf_add(&b, nul + 1, len - (size_t)(nul + 1 - text));
		tg_buf_addf(&p, "%s/%s", root, files[n].sibling);
		if (tg_buf_write_file(&b, p.buf))
			abort();
		tg_buf_release(&b);
		tg_buf_release(&p);
	}
	if (nul)
		len = (size_t)(nul - text);
	base = strrchr(files[n].rel, '/') ? strrchr(files[n].rel, '/') + 1 : files[n].rel;
	r = tg_deps_reader_for(base);
	if (!r)
		abort();
	{
		/* the reader gets exactly len bytes, not NUL-terminated */
		char *copy = malloc(len ? len : 1);
		struct tg_deps_file f = {root_fd, files[n].rel, copy, len};
		memcpy(copy, text, len);
		if (r->read(&f, &l) == TG_OK)
			check(&l);
		free(copy);
	}
	tg_error_clear();
	tg_dep_list_clear(&l);
	return 0;
}
