/* Version order by ecosystem (version.h): dispatch to one scheme per file. */
#include "version/version.h"

#include <string.h>

#include "util/error.h"
#include "version/scheme.h"

static const struct tg_scheme *scheme(enum tg_eco eco)
{
	switch (eco) {
	case TG_ECO_PYPI:
		return &tg_scheme_pep440;
	case TG_ECO_NPM:
		return &tg_scheme_npm;
	case TG_ECO_CRATES:
		return &tg_scheme_cargo;
	case TG_ECO_GO:
		return &tg_scheme_go;
	case TG_ECO_MAVEN:
		return &tg_scheme_maven;
	case TG_ECO_RUBYGEMS:
		return &tg_scheme_rubygems;
	case TG_ECO_PACKAGIST:
		return &tg_scheme_composer;
	case TG_ECO_NUGET:
		return &tg_scheme_nuget;
	default:
		return NULL;
	}
}

int tg_vnum_is(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int tg_vnum_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	while (alen && *a == '0')
		a++, alen--;
	while (blen && *b == '0')
		b++, blen--;
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return alen ? tg_vsign(memcmp(a, b, alen)) : 0;
}

int tg_version_cmp(enum tg_eco eco, const char *a, const char *b, int *cmp)
{
	const struct tg_scheme *s = scheme(eco);

	*cmp = 0;
	if (!s)
		return tg_error_set(TG_ERR_INPUT, "no version order for ecosystem %s",
		                    tg_eco_name(eco));
	if (!s->comparable(a))
		return tg_error_set(TG_ERR_INPUT, "\"%s\" is not a %s version", a,
		                    tg_eco_name(eco));
	if (!s->comparable(b))
		return tg_error_set(TG_ERR_INPUT, "\"%s\" is not a %s version", b,
		                    tg_eco_name(eco));
	*cmp = tg_vsign(s->cmp(a, b));
	return TG_OK;
}

int tg_version_valid(enum tg_eco eco, const char *v)
{
	const struct tg_scheme *s = scheme(eco);

	return s && s->valid(v);
}

int tg_version_is_prerelease(enum tg_eco eco, const char *v)
{
	const struct tg_scheme *s = scheme(eco);

	return s && s->comparable(v) && s->is_prerelease(v);
}
