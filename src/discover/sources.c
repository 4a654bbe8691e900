/*
 * The source table: a new source is a new file and one line here. Sources
 * named by the configuration's discovery_sources run; the others do not.
 */
#include "discover/discover.h"

extern const struct tg_source tg_source_scanner;
extern const struct tg_source tg_source_history;
extern const struct tg_source tg_source_imports;
extern const struct tg_source tg_source_analyzers;
extern const struct tg_source tg_source_history_secrets;
extern const struct tg_source tg_source_benchmarks;
extern const struct tg_source tg_source_compliance;
extern const struct tg_source tg_source_models;

const struct tg_source *const tg_sources[] = {
        &tg_source_scanner,    &tg_source_history,         &tg_source_imports,
        &tg_source_analyzers,  &tg_source_history_secrets, &tg_source_benchmarks,
        &tg_source_compliance, &tg_source_models,          NULL,
};
