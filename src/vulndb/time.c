/* RFC 3339 date-times, as OSV's `modified` writes them, to a number that orders them. */
#include "vulndb/vulndb_int.h"

#include "util/error.h"

#include <ctype.h>
#include <string.h>

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (y may be 1). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* n decimal digits at s into *v; 0 when they are not all digits. */
static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

int tg_vulndb_parse_time(const char *s, int64_t *us)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, frac = 0, scale = 1000000;
	int64_t t;

	if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return TG_ERR_INPUT;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return TG_ERR_INPUT;
	s += 19;
	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return TG_ERR_INPUT;
		/* microseconds: digits past the sixth are dropped */
		for (; isdigit((unsigned char)*s); s++)
			if (scale > 1)
				scale /= 10, frac += (*s - '0') * scale;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1;
		if (!digits(s + 1, 2, &oh) || s[3] != ':' || !digits(s + 4, 2, &om))
			return TG_ERR_INPUT;
		oh *= sign, om *= sign;
		s += 6;
	} else {
		return TG_ERR_INPUT;
	}
	if (*s)
		return TG_ERR_INPUT;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec -
	    (oh * 3600 + om * 60);
	*us = t * 1000000 + frac;
	return TG_OK;
}
