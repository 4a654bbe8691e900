#ifndef TG_WORKERS_H
#define TG_WORKERS_H

/*
 * The number of worker threads a parallel pass (the walk, the history's log
 * readers) runs when neither a flag nor the configuration names one: one per
 * online core, at least one. The one place that asks the system.
 */
int tg_default_workers(void);

#endif
