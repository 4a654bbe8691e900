#ifndef TG_WALK_GENERATED_H
#define TG_WALK_GENERATED_H

#include <stddef.h>

/*
 * Internal to the walk: what counts as vendored or generated when
 * skip_generated is set. Each returns a short reason for the debug output
 * and the skip record, or NULL.
 */
const char *tg_walk_vendored_dir(const char *name);
const char *tg_walk_generated_name(const char *name);
const char *tg_walk_generated_content(const unsigned char *data, size_t len);

#endif
