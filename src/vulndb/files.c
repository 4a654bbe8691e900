/*
 * `vulndb import PATH...`: files, directories of them and archives, all in
 * one transaction. The paths are the user's, given on the command line, and
 * read as given; inside a directory, symbolic links are not followed.
 */
#include "vulndb/vulndb_int.h"

#include "util/alloc.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
	struct tg_vulndb_import *im;
	const struct tg_vulndb_zip_limits *limits;
	struct tg_buf text;
};

static int from_entry(void *arg, const char *name, const char *text, size_t len, int yaml)
{
	return tg_vulndb_import_text(arg, name, text, len, yaml);
}

static int is_zip(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && !strcmp(path + n - 4, ".zip");
}

/* path, or name in the directory dfd (>= 0): a lookup of one name, not of the whole path. */
static int one_file(struct walk *w, int dfd, const char *name, const char *path)
{
	int yaml = 0, rc, fd;

	if (is_zip(path))
		return tg_vulndb_zip_each(path, w->limits, from_entry, w->im);
	tg_vulndb_record_name(path, &yaml);
	tg_buf_reset(&w->text);
	if (dfd < 0) {
		rc = tg_buf_read_file(&w->text, path);
	} else if ((fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		rc = tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
	} else {
		rc = tg_buf_read_fd(&w->text, fd, path);
		close(fd);
	}
	if (rc)
		return rc;
	return tg_vulndb_import_text(w->im, path, w->text.buf, w->text.len, yaml);
}

struct entry {
	char *name;
	unsigned char type; /* d_type: spares a stat per file where the file system tells */
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* The directory's records and subdirectories, in name order so a re-run stores alike. */
static int one_dir(struct walk *w, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct entry *names = NULL;
	size_t nr = 0, alloc = 0;
	int rc = TG_OK, yaml;

	if (!d)
		return tg_error_set(TG_ERR_RUN, "%s: %s", dir, strerror(errno));
	if (depth > 64) {
		closedir(d);
		return tg_error_set(TG_ERR_RUN, "%s: directories nested too deep", dir);
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		TG_ALLOC_GROW(names, nr + 1, alloc);
		names[nr].name = tg_strdup(e->d_name);
		names[nr++].type = e->d_type;
	}
	qsort(names, nr, sizeof(*names), by_name);
	for (size_t i = 0; i < nr; i++) {
		struct tg_buf p = TG_BUF_INIT;
		struct stat sb;

		tg_buf_addf(&p, "%s/%s", dir, names[i].name);
		if (names[i].type == DT_UNKNOWN && lstat(p.buf, &sb) == 0)
			names[i].type = S_ISDIR(sb.st_mode)   ? DT_DIR
			                : S_ISREG(sb.st_mode) ? DT_REG
			                                      : 0;
		if (!rc && names[i].type == DT_DIR)
			rc = one_dir(w, p.buf, depth + 1);
		else if (!rc && names[i].type == DT_REG &&
		         (tg_vulndb_record_name(names[i].name, &yaml) || is_zip(names[i].name)))
			rc = one_file(w, dirfd(d), names[i].name, p.buf);
		tg_buf_release(&p);
		free(names[i].name);
	}
	closedir(d);
	free(names);
	return rc;
}

int tg_vulndb_import(struct tg_vulndb *db, const char *const *paths, size_t n,
                     const struct tg_vulndb_zip_limits *limits, struct tg_vulndb_counts *counts)
{
	struct walk w = {NULL, limits, TG_BUF_INIT};
	int rc;

	if ((rc = tg_vulndb_import_begin(db, counts, &w.im)))
		return rc;
	for (size_t i = 0; !rc && i < n; i++) {
		struct stat sb;

		if (stat(paths[i], &sb))
			rc = tg_error_set(TG_ERR_RUN, "%s: %s", paths[i], strerror(errno));
		else if (S_ISDIR(sb.st_mode))
			rc = one_dir(&w, paths[i], 0);
		else
			rc = one_file(&w, -1, NULL, paths[i]);
	}
	tg_buf_release(&w.text);
	if (rc) {
		tg_vulndb_import_end(w.im, 0);
		return rc;
	}
	return tg_vulndb_import_end(w.im, 1);
}
