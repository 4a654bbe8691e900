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

struct found {
	pthread_mutex_t lock;
	struct tg_strlist paths;
};

static void found_add(struct found *f, const char *path)
{
	pthread_mutex_lock(&f->lock);
	tg_strlist_add(&f->paths, path);
	pthread_mutex_unlock(&f->lock);
}

/* Only the names are collected during the walk: files are read afterwards,
 * beneath the root, whatever their size. */
static int collect_entry(const struct tg_walk_entry *e, void *arg)
{
	found_add(arg, e->path);
	return 1;
}

static int collect_file(const struct tg_walk_file *f, void *arg)
{
	found_add(arg, f->path);
	return 0;
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

static void read_one(int root_fd, const char *root, const char *rel, struct tg_dep_list *out,
                     struct tg_deps_scanned *s, size_t *failed)
{
	struct tg_dep_list got = TG_DEP_LIST_INIT;
	struct tg_buf text = TG_BUF_INIT;
	struct tg_deps_file f = {root_fd, rel, NULL, 0};
	int rc;

	s->rel = tg_strdup(rel);
	s->reader = tg_deps_reader_for(base_name(rel));
	s->first = out->nr;
	s->nr = 0;
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
		tg_strlist_add(&found->paths, base);
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
	struct found found = {PTHREAD_MUTEX_INITIALIZER, TG_STRLIST_INIT};
	struct tg_buf root = TG_BUF_INIT;
	struct tg_deps_scanned *files;
	size_t nfailed = 0;
	int rc, root_fd;

	if ((rc = find_files(wo, &found, &root))) {
		tg_strlist_clear(&found.paths);
		tg_buf_release(&root);
		return rc;
	}
	tg_strlist_sort(&found.paths);
	root_fd = open(root.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	files = tg_calloc(found.paths.nr ? found.paths.nr : 1, sizeof(*files));
	for (size_t i = 0; i < found.paths.nr; i++)
		read_one(root_fd, root.buf, found.paths.v[i], out, &files[i], &nfailed);
	tg_deps_join(root_fd, out, files, found.paths.nr);
	if (root_fd >= 0)
		close(root_fd);
	tg_deps_sort(out);
	for (size_t i = 0; i < found.paths.nr; i++)
		free(files[i].rel);
	free(files);
	tg_strlist_clear(&found.paths);
	tg_buf_release(&root);
	if (failed)
		*failed = nfailed;
	return TG_OK;
}
