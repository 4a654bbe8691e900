/*
 * The source table: one line a source, in the order they are listed in the
 * summary. The source itself is one file, src/discover/source_*.c, defining
 * `const struct tg_source tg_source_<name>`. Included by sources.c
 * with TG_SOURCE defined; the configuration's discovery_sources decides
 * which of them run.
 */
TG_SOURCE(scanner)
TG_SOURCE(history)
TG_SOURCE(architecture)
TG_SOURCE(imports)
TG_SOURCE(analyzers)
TG_SOURCE(history_secrets)
TG_SOURCE(benchmarks)
TG_SOURCE(compliance)
TG_SOURCE(approvals)
TG_SOURCE(models)
TG_SOURCE(deps)
TG_SOURCE(foresight)
/* last: listed only when review.* sets it up, so the others keep their places */
TG_SOURCE(review)
