#ifndef TG_INGEST_LOCATION_H
#define TG_INGEST_LOCATION_H

/*
 * Where a reported path is in the repository. Reports name files by
 * relative path, absolute path or file:// URI (percent-encoded); everything
 * is made relative to the repository root, '/'-separated, or refused as
 * outside it. Purely lexical ("..", "." and "//" collapse) apart from the
 * root, which is resolved once with realpath so both spellings match.
 */

#include "util/buf.h"

struct tg_ingest_root {
	char *lexical; /* absolute, normalised, no trailing '/' */
	char *real;    /* realpath of it (may equal lexical) */
};

int tg_ingest_root_init(struct tg_ingest_root *r, const char *repo_root);
void tg_ingest_root_release(struct tg_ingest_root *r);

/* Collapses "//", "." and ".." in place. Returns -1 when a relative path
 * climbs above its start. */
int tg_ingest_path_normalize(char *p);

/*
 * Makes path (absolute, or relative to the root) relative to the root into
 * out. Returns 0 inside, 1 outside (or the root itself).
 */
int tg_ingest_relative(const struct tg_ingest_root *r, const char *path, struct tg_buf *out);

/*
 * Decodes a URI reference into a file path: %XX sequences, and file: URIs
 * (file:///abs, file://localhost/abs, file:/abs) to absolute paths. Returns
 * 1 for an absolute path, 0 for a relative one, -1 for another scheme or a
 * remote host.
 */
int tg_ingest_uri_path(const char *uri, struct tg_buf *out);

#endif
