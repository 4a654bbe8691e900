/*
 * The source table, built from source_list.h: a new source is a new file and
 * one line there. Sources named by the configuration's discovery_sources run;
 * the others do not.
 */
#include "discover/discover.h"

#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"

#include <unistd.h>

#define TG_SOURCE(name) extern const struct tg_source tg_source_##name;
#include "discover/source_list.h"
#undef TG_SOURCE

const struct tg_source *const tg_sources[] = {
#define TG_SOURCE(name) &tg_source_##name,
#include "discover/source_list.h"
#undef TG_SOURCE
        NULL,
};

int tg_discover_store_read(const struct tg_discover_ctx *ctx, struct tg_store **st)
{
	struct tg_buf path = TG_BUF_INIT;
	int rc;

	*st = NULL;
	tg_store_path_in(&path, ctx->root, ctx->cfg->store.path);
	rc = access(path.buf, F_OK)
	             ? TG_ERR_NOTFOUND
	             : tg_store_open_in(st, ctx->root, ctx->cfg->store.path, TG_STORE_READONLY, -1);
	tg_buf_release(&path);
	if (rc == TG_ERR_NOTFOUND)
		tg_error_clear();
	return rc;
}
