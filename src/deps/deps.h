#ifndef TG_DEPS_H
#define TG_DEPS_H

/*
 * The dependency inventory: what a repository's lockfiles and manifests
 * declare, read without running a package manager (no network, no install
 * scripts). One reader per file format (deps/reader_list.h); the inventory
 * (deps/inventory.c) finds the files, runs the readers, and joins each
 * lockfile with the manifest beside it (direct or transitive, scope,
 * disagreements).
 */

#include <stddef.h>

#include "util/buf.h"
#include "util/strlist.h"
#include "version/ecosystem.h"

enum tg_dep_scope {
	TG_DEP_RUNTIME = 0,
	TG_DEP_DEV,
	TG_DEP_OPTIONAL,
};

/* Where the package comes from; only registry packages are matched against OSV. */
enum tg_dep_origin {
	TG_DEP_REGISTRY = 0,
	TG_DEP_GIT,  /* a git URL or repository */
	TG_DEP_PATH, /* a local directory (go.mod local replace, npm file:, -e ./pkg) */
	TG_DEP_URL,  /* a direct archive URL */
};

struct tg_dep {
	enum tg_eco eco;
	char *name;    /* normalised (tg_eco_normalize_name): the key OSV is matched on */
	char *version; /* the exact version; NULL when only a range is known */
	char *range;   /* the manifest's constraint when no exact version is known, else NULL */
	char *purl;    /* pkg:...; with @version only when the version is exact */
	int direct;    /* 1: declared by the project itself; 0: transitive */
	enum tg_dep_scope scope;
	enum tg_dep_origin origin;
	char *file;               /* the declaring file, relative to the root, '/'-separated */
	int line;                 /* 1-based; 0 when the format has no useful line */
	struct tg_strlist hashes; /* "sha256:<hex>", "sha512-<base64>" (npm integrity), "h1:..." */
	char *via;     /* one path from a direct dependency: "flask > werkzeug"; NULL when direct */
	char *license; /* the licence the lockfile states (npm "license"), as written; or NULL */
	/* the purls of the packages this one depends on, where the lockfile lists every edge
	 * (npm's); empty otherwise: via is then the one known edge */
	struct tg_strlist requires;
};

struct tg_dep_list {
	struct tg_dep *v;
	size_t nr, alloc;
	/* Problems that did not stop the read: "uv.lock:12: ...", one a line. */
	struct tg_strlist warnings;
};

#define TG_DEP_LIST_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0, TG_STRLIST_INIT                                                        \
	}

/* A zeroed dependency appended to l; the caller fills it (strings malloc'd). */
struct tg_dep *tg_dep_list_add(struct tg_dep_list *l);
void tg_dep_list_clear(struct tg_dep_list *l);
/* Sets d->name (normalised) and d->purl from eco, the name as written, and d->version. */
void tg_dep_set_name(struct tg_dep *d, const char *name_as_written);
/* Appends "file:line: message" to l->warnings. */
void tg_dep_warn(struct tg_dep_list *l, const char *file, int line, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/*
 * A list's entries and warnings in a binary form for caches, and back
 * (appended to out; TG_ERR_INPUT and out emptied when damaged).
 */
void tg_dep_list_encode(const struct tg_dep_list *l, struct tg_buf *out);
int tg_dep_list_decode(const void *data, size_t len, struct tg_dep_list *out);

const char *tg_dep_scope_name(enum tg_dep_scope s);   /* runtime dev optional */
const char *tg_dep_origin_name(enum tg_dep_origin o); /* registry git path url */

/*
 * One file handed to a reader: its bytes, its path relative to the root, and
 * the root's directory descriptor, through which a reader that follows an
 * include (-r other.txt, a pom's parent, a workspace's package.json) opens
 * it with util/beneath.h, never by a path of its own.
 */
struct tg_deps_file {
	int root_fd;
	const char *rel; /* "services/api/poetry.lock" */
	const char *data;
	size_t len;
};

/*
 * A reader of one format. read() appends what the file declares to out and
 * returns TG_OK, or TG_ERR_INPUT with a message naming file:line when the
 * file is malformed (what was read before the error is dropped by the
 * caller). `lockfile` says whether the format pins exact versions.
 */
struct tg_deps_reader {
	const char *name; /* "package-lock.json", "requirements.txt", ... */
	enum tg_eco eco;
	int lockfile;
	int (*match)(const char *basename); /* 1 when the file is this reader's */
	int (*read)(const struct tg_deps_file *f, struct tg_dep_list *out);
};

/* The reader for a file's base name, or NULL. */
const struct tg_deps_reader *tg_deps_reader_for(const char *basename);

#endif
