/*
 * The source table, built from source_list.h: a new source is a new file and
 * one line there. Sources named by the configuration's discovery_sources run;
 * the others do not.
 */
#include "discover/discover.h"

#define TG_SOURCE(name) extern const struct tg_source tg_source_##name;
#include "discover/source_list.h"
#undef TG_SOURCE

const struct tg_source *const tg_sources[] = {
#define TG_SOURCE(name) &tg_source_##name,
#include "discover/source_list.h"
#undef TG_SOURCE
        NULL,
};
