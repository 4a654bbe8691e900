#ifndef TG_DEPS_GOMOD_INT_H
#define TG_DEPS_GOMOD_INT_H

/* go.mod parsed, for the go.mod reader and for go.sum's, which reads the go.mod beside it. */

#include <stddef.h>

#include "deps/deps.h"

struct tg_gomod_require {
	char *path, *version;
	int indirect, line;
};

struct tg_gomod_replace {
	char *old, *old_version; /* old_version NULL: every version */
	char *new, *new_version; /* new_version NULL: new is a local directory */
	int line;
};

struct tg_gomod {
	const char *file;
	char *module, *go, *toolchain;
	int module_line, go_line, toolchain_line;
	struct tg_gomod_require *req;
	size_t nreq, areq;
	struct tg_gomod_replace *rep;
	size_t nrep, arep;
};

/* TG_OK or TG_ERR_INPUT naming file:line; *m is empty after a failure. */
int tg_gomod_parse(const char *data, size_t len, const char *file, struct tg_gomod *m);
void tg_gomod_release(struct tg_gomod *m);
/* The replace that applies to path@version, or NULL. */
const struct tg_gomod_replace *tg_gomod_replacement(const struct tg_gomod *m, const char *path,
                                                    const char *version);
/*
 * The records of go.mod: each require as built (replacements applied) and
 * stdlib; with unlocked_only, only what go.sum never lists (local
 * directories and stdlib), for go.sum's reader to add.
 */
void tg_gomod_records(const struct tg_gomod *m, int unlocked_only, struct tg_dep_list *out);

#endif
