#include "util/clock.h"

#include "util/error.h"

#include <stdio.h>
#include <string.h>

static time_t fixed_now = (time_t)-1;

int tg_time_parse(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, oh = 0, om = 0;
	const char *rest;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return tg_error_set(TG_ERR_USAGE, "invalid date \"%s\": expected YYYY-MM-DD", s);
	rest = s + n;
	if (*rest == 'T' || *rest == 't' || *rest == ' ') {
		if (sscanf(rest + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3)
			return tg_error_set(TG_ERR_USAGE, "invalid time in \"%s\"", s);
		rest += 1 + n;
		if (*rest == '.')
			for (rest++; *rest >= '0' && *rest <= '9'; rest++)
				;
		if (*rest == 'Z' || *rest == 'z') {
			rest++;
		} else if (*rest == '+' || *rest == '-') {
			int sign = *rest == '-' ? -1 : 1;
			if (sscanf(rest + 1, "%2d:%2d%n", &oh, &om, &n) != 2)
				return tg_error_set(TG_ERR_USAGE, "invalid offset in \"%s\"", s);
			oh *= sign;
			om *= sign;
			rest += 1 + n;
		} else {
			return tg_error_set(TG_ERR_USAGE, "\"%s\": a time needs Z or an offset", s);
		}
	}
	if (*rest || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return tg_error_set(TG_ERR_USAGE, "invalid date \"%s\"", s);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm) - (time_t)oh * 3600 - (time_t)om * 60;
	return TG_OK;
}

int tg_clock_set(const char *rfc3339)
{
	time_t t = 0;
	int rc = tg_time_parse(rfc3339, &t);

	if (rc)
		return tg_error_prefix(rc, "--now");
	fixed_now = t;
	return TG_OK;
}

time_t tg_clock_now(void)
{
	return fixed_now != (time_t)-1 ? fixed_now : time(NULL);
}

void tg_time_format(time_t t, char *out, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

double tg_clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
