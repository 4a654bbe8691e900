/* Ecosystem names, purl types and name normalisation (ecosystem.h). */
#include "version/ecosystem.h"

#include <ctype.h>
#include <string.h>

#include "util/error.h"

static const struct {
	const char *osv, *purl;
} ecos[TG_ECO_COUNT] = {
        [TG_ECO_UNKNOWN] = {"unknown", "generic"},
        [TG_ECO_PYPI] = {"PyPI", "pypi"},
        [TG_ECO_NPM] = {"npm", "npm"},
        [TG_ECO_GO] = {"Go", "golang"},
        [TG_ECO_CRATES] = {"crates.io", "cargo"},
        [TG_ECO_MAVEN] = {"Maven", "maven"},
        [TG_ECO_RUBYGEMS] = {"RubyGems", "gem"},
        [TG_ECO_PACKAGIST] = {"Packagist", "composer"},
        [TG_ECO_NUGET] = {"NuGet", "nuget"},
};

const char *tg_eco_name(enum tg_eco eco)
{
	return eco < TG_ECO_COUNT ? ecos[eco].osv : ecos[0].osv;
}

const char *tg_eco_purl_type(enum tg_eco eco)
{
	return eco < TG_ECO_COUNT ? ecos[eco].purl : ecos[0].purl;
}

int tg_eco_parse(const char *name, enum tg_eco *out)
{
	size_t n = strcspn(name, ":");

	for (int e = TG_ECO_UNKNOWN + 1; e < TG_ECO_COUNT; e++)
		if (strlen(ecos[e].osv) == n && !strncmp(ecos[e].osv, name, n)) {
			*out = (enum tg_eco)e;
			return TG_OK;
		}
	*out = TG_ECO_UNKNOWN;
	return TG_ERR_NOTFOUND;
}

/* PEP 503: lowercase, and each run of '-', '_' and '.' becomes one '-'. */
static void pep503(const char *s, struct tg_buf *out)
{
	int in_run = 0;

	for (; *s; s++) {
		if (*s == '-' || *s == '_' || *s == '.') {
			if (!in_run)
				tg_buf_addch(out, '-');
			in_run = 1;
			continue;
		}
		in_run = 0;
		tg_buf_addch(out, tolower((unsigned char)*s));
	}
}

void tg_eco_normalize_name(enum tg_eco eco, const char *name, struct tg_buf *out)
{
	switch (eco) {
	case TG_ECO_PYPI:
		pep503(name, out);
		break;
	case TG_ECO_NPM:
	case TG_ECO_PACKAGIST:
	case TG_ECO_NUGET:
		for (; *name; name++)
			tg_buf_addch(out, tolower((unsigned char)*name));
		break;
	default:
		tg_buf_adds(out, name);
	}
}

/* purl percent-encodes all but unreserved characters in each segment. */
static void purl_segment(const char *s, size_t n, struct tg_buf *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			tg_buf_addch(out, c);
		else
			tg_buf_addf(out, "%%%02X", c);
	}
}

/* Each '/'-separated segment of a namespace encoded on its own; '/' kept. */
static void purl_path(const char *s, size_t n, struct tg_buf *out)
{
	size_t i = 0;

	while (i <= n) {
		size_t j = i;
		while (j < n && s[j] != '/')
			j++;
		purl_segment(s + i, j - i, out);
		if (j < n)
			tg_buf_addch(out, '/');
		i = j + 1;
	}
}

void tg_eco_purl(enum tg_eco eco, const char *name, const char *version, struct tg_buf *out)
{
	struct tg_buf norm;
	const char *sep;

	tg_buf_init(&norm, 64);
	/* purl's own normalisation: pypi lowercase with '_' as '-' (dots stay), npm lowercase. */
	for (const char *p = name; *p; p++) {
		int c = (unsigned char)*p;
		if (eco == TG_ECO_PYPI && c == '_')
			c = '-';
		if (eco == TG_ECO_PYPI || eco == TG_ECO_NPM)
			c = tolower(c);
		tg_buf_addch(&norm, c);
	}
	tg_buf_addf(out, "pkg:%s/", tg_eco_purl_type(eco));
	if (eco == TG_ECO_MAVEN && (sep = strchr(norm.buf, ':'))) {
		purl_segment(norm.buf, (size_t)(sep - norm.buf), out);
		tg_buf_addch(out, '/');
		purl_segment(sep + 1, strlen(sep + 1), out);
	} else if ((eco == TG_ECO_NPM || eco == TG_ECO_PACKAGIST || eco == TG_ECO_GO) &&
	           (sep = strrchr(norm.buf, '/'))) {
		purl_path(norm.buf, (size_t)(sep - norm.buf), out);
		tg_buf_addch(out, '/');
		purl_segment(sep + 1, strlen(sep + 1), out);
	} else {
		purl_segment(norm.buf, norm.len, out);
	}
	if (version && *version) {
		tg_buf_addch(out, '@');
		purl_segment(version, strlen(version), out);
	}
	tg_buf_release(&norm);
}
