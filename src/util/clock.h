#ifndef TG_CLOCK_H
#define TG_CLOCK_H

#include <stddef.h>
#include <time.h>

/*
 * The run's notion of "now". The hidden --now option fixes it, so tests of
 * ages and expiries are exact; otherwise it is the wall clock.
 */
int tg_clock_set(const char *rfc3339);
time_t tg_clock_now(void);
/* 1 when --now fixed the clock (so a command may prefer it to SOURCE_DATE_EPOCH). */
int tg_clock_fixed(void);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (offsets allowed) as UTC seconds. */
int tg_time_parse(const char *s, time_t *out);
/* Writes t as RFC 3339 UTC ("2026-11-24T09:30:00Z") into out (at least 21 bytes). */
void tg_time_format(time_t t, char *out, size_t size);
/* Monotonic seconds, for timings. */
double tg_clock_mono(void);

#endif
