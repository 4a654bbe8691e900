#ifndef TG_OUTPUTS_H
#define TG_OUTPUTS_H

/*
 * value-metrics.json and BACKLOG.md: both deterministic for the same backlog
 * and summary (stable ordering; only the run's timestamps differ).
 */

#include "backlog/backlog.h"
#include "util/buf.h"

/* The schema of value-metrics.json; bump on an incompatible change. */
#define TG_METRICS_SCHEMA_VERSION 1

void tg_metrics_json(struct tg_buf *out, const struct tg_backlog *b,
                     const struct tg_run_summary *s);
/* At most `top` items in the table (0: 25). */
void tg_backlog_md(struct tg_buf *out, const struct tg_backlog *b, const struct tg_run_summary *s,
                   size_t top);

#endif
