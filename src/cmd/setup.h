#ifndef TG_SETUP_H
#define TG_SETUP_H

/*
 * What commands that read the backlog share: find the repository, load its
 * configuration, open its store. (As git's setup.c, for builtins.)
 */

#include "config/config.h"
#include "store/store.h"

struct tg_setup {
	struct tg_config cfg;
	char *root;
	struct tg_store *store; /* NULL when the command asked for none */
};

/*
 * Loads the configuration and, when open_store, the store read-only (a
 * repository with no store yet is TG_ERR_NOTFOUND with a hint to run
 * `terragon discover`), or read-write with create.
 */
enum { TG_SETUP_NO_STORE = 0, TG_SETUP_STORE_READ = 1, TG_SETUP_STORE_WRITE = 2 };
int tg_setup_open(struct tg_setup *s, const char *repo_path, const char *config_file, int store);
void tg_setup_close(struct tg_setup *s);

#endif
