/* The inventory of a tree (inventory.h): find, read, join, sort. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deps/inventory.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

/* Directories whose lockfiles are other projects' (installed packages) or git's. */
static const char *const skipped_dirs[] = {"node_modules", "vendor", ".git", "bower_components",
                                           "jspm_packages"};

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int in_skipped_dir(const char *path)
{
	for (const char *p = path, *s; (s = strchr(p, '/')); p = s + 1)
		for (size_t i = 0; i < sizeof(skipped_dirs) / sizeof(skipped_dirs[0]); i++)
			if ((size_t)(s - p) == strlen(skipped_dirs[i]) &&
			    !memcmp(p, skipped_dirs[i], (size_t)(s - p)))
				return 1;
	return 0;
}

static int wanted(const char *path)
{
	return tg_deps_reader_for(base_name(path)) && !in_skipped_dir(path);
}

/* A file to read, and what identifies its bytes (for the memo). */
struct found_file {
	char *path;
	struct tg_walk_entry e; /* e.path and e.oid point into this struct; ino 0: unknown */
	unsigned char oid[20];
	uint64_t context; /* the ids of the files its reader may read besides it */
};

struct found {
	pthread_mutex_t lock;
	struct found_file *v;
	size_t nr, alloc;
};

static void found_add(struct found *f, const char *path, const struct tg_walk_entry *e)
{
	struct found_file *ff;

	pthread_mutex_lock(&f->lock);
	TG_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	ff = &f->v[f->nr++];
	memset(ff, 0, sizeof(*ff));
	ff->path = tg_strdup(path);
	if (e) {
		ff->e = *e;
		if (e->oid)
			memcpy(ff->oid, e->oid, sizeof(ff->oid));
	}
	pthread_mutex_unlock(&f->lock);
}

/* Only the names are collected during the walk: files are read afterwards,
 * beneath the root, whatever their size. */
static int collect_entry(const struct tg_walk_entry *e, void *arg)
{
	found_add(arg, e->path, e);
	return 1;
}

static int collect_file(const struct tg_walk_file *f, void *arg)
{
	found_add(arg, f->path, NULL);
	return 0;
}

static int cmp_found(const void *a, const void *b)
{
	return strcmp(((const struct found_file *)a)->path, ((const struct found_file *)b)->path);
}

/* 1 when directory dir (its length, no trailing '/') holds path or one of its directories. */
static int dir_above(const char *dir, size_t n, const char *path)
{
	return !n || (!strncmp(path, dir, n) && path[n] == '/');
}

/*
 * A reader may read the manifest beside its file (a lockfile's package.json,
 * go.sum's go.mod) or a parent's (a pom's parent, requirements' -r ../):
 * a file's kept entries also depend on the ids of the inputs in its own
 * directory and those above it, so a change there reads it again.
 */
static void set_contexts(struct found *found)
{
	for (size_t i = 0; i < found->nr; i++) {
		struct found_file *f = &found->v[i];
		const char *slash = strrchr(f->path, '/');
		size_t n = slash ? (size_t)(slash - f->path) : 0;
		struct tg_hasher h;

		tg_hasher_init(&h);
		for (size_t j = 0; j < found->nr; j++) {
			const struct found_file *o = &found->v[j];
			const char *os = strrchr(o->path, '/');
			size_t on = os ? (size_t)(os - o->path) : 0;

			if (j == i || on > n || !dir_above(o->path, on, f->path))
				continue;
			/* stat data, not the blob id: the index may name a file's bytes in one
			 * run and not in the next (racily clean), which would change nothing */
			tg_hasher_adds(&h, o->path);
			tg_hasher_add(&h, &o->e.size, sizeof(o->e.size));
			tg_hasher_add(&h, &o->e.mtime_ns, sizeof(o->e.mtime_ns));
			tg_hasher_add(&h, &o->e.ino, sizeof(o->e.ino));
			tg_hasher_add(&h, &o->e.dev, sizeof(o->e.dev));
			tg_hasher_add(&h, &o->e.ctime_ns, sizeof(o->e.ctime_ns));
		}
		f->context = tg_hasher_finish(&h);
		f->e.path = f->path;
		f->e.oid = f->e.oid ? f->oid : NULL;
		f->e.worker = 0;
	}
}

/* The file's entries and warnings as the memo kept them for these bytes and context. */
static int from_memo(const struct tg_walk_memo *memo, const struct found_file *ff,
                     struct tg_dep_list *got)
{
	const void *data;
	size_t len;
	uint64_t context;

	if (!memo || !ff->e.ino || !memo->get(memo->arg, &ff->e, &data, &len) || len < 8)
		return 0;
	memcpy(&context, data, 8);
	if (context != ff->context) {
		tg_debug("dependencies: %s: an input beside or above it changed; reading it again",
		         ff->path);
		return 0;
	}
	if (tg_dep_list_decode((const char *)data + 8, len - 8, got)) {
		tg_error_clear();
		return 0;
	}
	return 1;
}

static void to_memo(const struct tg_walk_memo *memo, const struct found_file *ff,
                    const struct tg_dep_list *got)
{
	struct tg_buf b = TG_BUF_INIT;

	if (!memo)
		return;
	tg_buf_add(&b, &ff->context, 8);
	tg_dep_list_encode(got, &b);
	memo->put(memo->arg, &ff->e, b.buf, b.len);
	tg_buf_release(&b);
}

/* Moves the entries and warnings of from onto the end of to. */
static void move_list(struct tg_dep_list *to, struct tg_dep_list *from)
{
	for (size_t i = 0; i < from->nr; i++)
		*tg_dep_list_add(to) = from->v[i];
	for (size_t i = 0; i < from->warnings.nr; i++)
		tg_strlist_add(&to->warnings, from->warnings.v[i]);
	from->nr = 0;
	tg_dep_list_clear(from);
}

static void read_one(int root_fd, const char *root, const struct found_file *ff,
                     const struct tg_walk_memo *memo, struct tg_dep_list *out,
                     struct tg_deps_scanned *s, size_t *failed)
{
	const char *rel = ff->path;
	struct tg_dep_list got = TG_DEP_LIST_INIT;
	struct tg_buf text = TG_BUF_INIT;
	struct tg_deps_file f = {root_fd, rel, NULL, 0};
	int rc;

	s->rel = tg_strdup(rel);
	s->reader = tg_deps_reader_for(base_name(rel));
	s->first = out->nr;
	s->nr = 0;
	if (from_memo(memo, ff, &got)) {
		s->nr = got.nr;
		move_list(out, &got);
		return;
	}
	rc = tg_beneath_read_file(&text, root, rel);
	if (!rc) {
		f.data = text.buf;
		f.len = text.len;
		rc = s->reader->read(&f, &got);
	}
	if (rc) {
		/* the reader's message names file:line; beneath.h's names the file */
		tg_strlist_add(&out->warnings, tg_error_message());
		tg_error_clear();
		tg_dep_list_clear(&got);
		(*failed)++;
	} else {
		to_memo(memo, ff, &got);
		s->nr = got.nr;
		move_list(out, &got);
	}
	tg_buf_release(&text);
}

/* The files to read: every one the walk finds under a directory, or the one file named. */
static int find_files(const struct tg_walk_opts *wo, struct found *found, struct tg_buf *root)
{
	struct tg_walk_opts o = *wo;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	struct stat sb;
	int rc;

	tg_buf_adds(root, wo->root);
	if (!stat(wo->root, &sb) && S_ISREG(sb.st_mode)) {
		const char *base = base_name(wo->root);

		if (!tg_deps_reader_for(base))
			return tg_error_set(TG_ERR_USAGE,
			                    "%s: not a lockfile or manifest terragon reads",
			                    wo->root);
		tg_buf_setlen(root, (size_t)(base - wo->root));
		if (!root->len)
			tg_buf_adds(root, ".");
		found_add(found, base, NULL);
		return TG_OK;
	}
	o.wanted = wanted;
	o.cached = collect_entry;
	o.skip_generated = 0; /* it would skip the lockfiles themselves */
	rc = tg_walk_run(&o, collect_file, found, &st);
	tg_walk_stats_release(&st);
	return rc;
}

int tg_deps_scan(const struct tg_walk_opts *wo, struct tg_dep_list *out, size_t *failed)
{
	return tg_deps_scan_memo(wo, NULL, out, failed);
}

static void found_release(struct found *found)
{
	for (size_t i = 0; i < found->nr; i++)
		free(found->v[i].path);
	free(found->v);
}

int tg_deps_scan_memo(const struct tg_walk_opts *wo, const struct tg_walk_memo *memo,
                      struct tg_dep_list *out, size_t *failed)
{
	struct found found = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};
	struct tg_buf root = TG_BUF_INIT;
	struct tg_deps_scanned *files;
	size_t nfailed = 0;
	int rc, root_fd;

	if ((rc = find_files(wo, &found, &root))) {
		found_release(&found);
		tg_buf_release(&root);
		return rc;
	}
	if (found.nr)
		qsort(found.v, found.nr, sizeof(*found.v), cmp_found);
	set_contexts(&found);
	root_fd = open(root.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	files = tg_calloc(found.nr ? found.nr : 1, sizeof(*files));
	for (size_t i = 0; i < found.nr; i++)
		read_one(root_fd, root.buf, &found.v[i], memo, out, &files[i], &nfailed);
	tg_deps_join(root_fd, out, files, found.nr);
	if (root_fd >= 0)
		close(root_fd);
	tg_deps_sort(out);
	for (size_t i = 0; i < found.nr; i++)
		free(files[i].rel);
	free(files);
	found_release(&found);
	tg_buf_release(&root);
	if (failed)
		*failed = nfailed;
	return TG_OK;
}
