#ifndef TG_CONTEXT_H
#define TG_CONTEXT_H

/*
 * Where a finding lives, from its path: the configuration's glob lists
 * value_discovery.contexts.{vendored,fixture,test,example,docs}, tried in
 * that order (the first class that matches wins; git's wildmatch on the whole
 * path, util/wildmatch.h), and the repository's git submodules (the `path`
 * entries of .gitmodules at the root), which are vendored code too. Anything
 * else is code.
 *
 * The globs are compiled once: the common shapes (everything in a directory
 * at the root or at any depth, a base name's ending, a base name) become a
 * prefix, a directory or a base-name test,
 * so classing a large backlog costs next to nothing; any other glob goes to
 * tg_wildmatch as it is. Both give the same answer (tests hold them equal).
 */

#include "backlog/item.h"
#include "util/strlist.h"

#include <stddef.h>

struct tg_config;
struct tg_contexts;

/*
 * The classifier for cfg's lists, and for the submodules of the repository
 * at root (NULL: none; a missing or unreadable .gitmodules is none too).
 * Never fails; free with tg_contexts_free.
 */
struct tg_contexts *tg_contexts_new(const struct tg_config *cfg, const char *root);
void tg_contexts_free(struct tg_contexts *c);
/* Adds a glob of class ctx, tried before the configured ones (submodules). */
void tg_contexts_add(struct tg_contexts *c, enum tg_context ctx, const char *glob);

/* The class of a '/'-separated path relative to the root; CODE for NULL. */
enum tg_context tg_contexts_classify(const struct tg_contexts *c, const char *path);

/*
 * The submodule paths a .gitmodules file names (its `path = ...` values, git
 * config syntax: quotes, comments, case-insensitive key), appended to out
 * without a trailing '/'. Absolute paths and ".." components are skipped.
 */
void tg_contexts_gitmodules(const char *text, size_t len, struct tg_strlist *out);

#endif
