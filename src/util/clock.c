#include "util/clock.h"

#include "util/error.h"

#include <stdio.h>
#include <string.h>

static time_t fixed_now = (time_t)-1;

/* n decimal digits at s as a number, or -1 (sscanf's %d would take a sign or spaces too). */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int tg_time_parse(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
	const char *rest = s + strnlen(s, 10);

	y = digits(s, 4);
	mo = rest - s == 10 && s[4] == '-' ? digits(s + 5, 2) : -1;
	d = rest - s == 10 && s[7] == '-' ? digits(s + 8, 2) : -1;
	if (y < 0 || mo < 0 || d < 0)
		return tg_error_set(TG_ERR_USAGE, "invalid date \"%s\": expected YYYY-MM-DD", s);
	if (*rest == 'T' || *rest == 't' || *rest == ' ') {
		rest++;
		h = strnlen(rest, 8) == 8 && rest[2] == ':' && rest[5] == ':' ? digits(rest, 2)
		                                                              : -1;
		mi = h < 0 ? -1 : digits(rest + 3, 2);
		sec = h < 0 ? -1 : digits(rest + 6, 2);
		if (h < 0 || mi < 0 || sec < 0)
			return tg_error_set(TG_ERR_USAGE, "invalid time in \"%s\"", s);
		rest += 8;
		if (*rest == '.')
			for (rest++; *rest >= '0' && *rest <= '9'; rest++)
				;
		if (*rest == 'Z' || *rest == 'z') {
			rest++;
		} else if (*rest == '+' || *rest == '-') {
			int sign = *rest == '-' ? -1 : 1;
			rest++;
			oh = strnlen(rest, 5) == 5 && rest[2] == ':' ? digits(rest, 2) : -1;
			om = oh < 0 ? -1 : digits(rest + 3, 2);
			if (oh < 0 || om < 0 || oh > 23 || om > 59)
				return tg_error_set(TG_ERR_USAGE, "invalid offset in \"%s\"", s);
			oh *= sign;
			om *= sign;
			rest += 5;
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

int tg_clock_fixed(void)
{
	return fixed_now != (time_t)-1;
}

void tg_time_format(time_t t, char *out, size_t size)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm)) { /* a year past int's range: nothing to write but the number */
		snprintf(out, size, "@%lld", (long long)t);
		return;
	}
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

double tg_clock_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
