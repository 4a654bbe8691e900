/*
 * osv.dev's all.zip, read with libzip. The archive comes from the network:
 * every entry's name and sizes are checked against the limits before a
 * byte is inflated, and each entry must then inflate to exactly the size it
 * declared, with the right CRC. Any breach refuses the whole archive.
 */
#include "vulndb/vulndb_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>
#include <zip.h>

/* libzip, opened by tg_vulndb_zip_each before anything here runs (always the same table). */
static const struct tg_vulndb_zip_api *zl;

const struct tg_vulndb_zip_limits tg_vulndb_zip_default_limits = {
        .max_entries = 1000000,        /* osv.dev's largest, npm, has some 200,000 */
        .max_entry_bytes = 16u << 20,  /* a record is kilobytes; the largest under 2 MiB */
        .max_total_bytes = 8ull << 30, /* several times the whole of osv.dev */
        .max_ratio = 100,              /* JSON deflates 5-20 times */
};

/* A name that could climb out of a directory if anyone unpacked it: refused outright. */
static int bad_name(const char *n)
{
	const char *p;

	if (!*n || *n == '/' || *n == '\\' || strchr(n, '\\') || (n[0] && n[1] == ':'))
		return 1;
	for (p = n; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (!strncmp(p, "..", 2) && (p[2] == '/' || !p[2]))
			return 1;
	}
	return 0;
}

static int refuse(const char *path, const char *entry, const char *why)
{
	return tg_error_set(TG_ERR_INPUT, "%s: archive refused: entry \"%s\": %s", path, entry,
	                    why);
}

/* Every entry's name and declared sizes, before anything is inflated. */
static int check(zip_t *z, const char *path, const struct tg_vulndb_zip_limits *lim)
{
	zip_int64_t n = zl->get_num_entries(z, 0);
	unsigned long long total = 0;
	zip_stat_t s;
	char why[128];

	if (n < 0 || (unsigned long long)n > lim->max_entries)
		return tg_error_set(TG_ERR_INPUT,
		                    "%s: archive refused: %lld entries (at most %llu)", path,
		                    (long long)n, (unsigned long long)lim->max_entries);
	for (zip_int64_t i = 0; i < n; i++) {
		if (zl->stat_index(z, (zip_uint64_t)i, 0, &s) ||
		    (s.valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) !=
		            (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE))
			return tg_error_set(TG_ERR_INPUT,
			                    "%s: archive refused: entry %lld unreadable", path,
			                    (long long)i);
		unsigned long long ratio = s.size / (s.comp_size ? s.comp_size : 1);

		why[0] = '\0';
		total += s.size;
		if (bad_name(s.name))
			snprintf(why, sizeof(why),
			         "a path that leaves the directory (.., absolute)");
		else if (s.size > lim->max_entry_bytes)
			snprintf(why, sizeof(why),
			         "%llu bytes uncompressed (at most %llu): a zip bomb?",
			         (unsigned long long)s.size,
			         (unsigned long long)lim->max_entry_bytes);
		else if (s.size > (1u << 20) && ratio > lim->max_ratio)
			snprintf(why, sizeof(why),
			         "compressed %llu times (at most %llu): a zip bomb?", ratio,
			         (unsigned long long)lim->max_ratio);
		else if (total > lim->max_total_bytes)
			snprintf(why, sizeof(why),
			         "the archive inflates past %llu bytes: a zip bomb?",
			         (unsigned long long)lim->max_total_bytes);
		if (why[0])
			return refuse(path, s.name, why);
	}
	return TG_OK;
}

/* One entry, inflated: exactly its declared size, CRC checked by libzip at the end. */
static int read_entry(zip_t *z, zip_uint64_t i, const zip_stat_t *s, const char *path,
                      struct tg_buf *out)
{
	zip_file_t *f = zl->fopen_index(z, i, 0);
	zip_int64_t got = 0, r;
	char extra;

	tg_buf_reset(out);
	if (!f)
		return tg_error_set(TG_ERR_INPUT, "%s: entry \"%s\": %s", path, s->name,
		                    zl->strerror(z));
	tg_buf_grow(out, s->size + 1);
	while ((zip_uint64_t)got < s->size &&
	       (r = zl->fread(f, out->buf + got, s->size - (zip_uint64_t)got)) > 0)
		got += r;
	/* one more read: the end, where libzip checks the CRC, or bytes beyond the declared size */
	r = (zip_uint64_t)got == s->size ? zl->fread(f, &extra, 1) : -1;
	if ((zip_uint64_t)got != s->size || r != 0) {
		int rc = tg_error_set(TG_ERR_INPUT, "%s: entry \"%s\": damaged (%s)", path, s->name,
		                      zl->file_strerror(f));
		zl->fclose(f);
		return rc;
	}
	zl->fclose(f);
	tg_buf_setlen(out, (size_t)got);
	return TG_OK;
}

int tg_vulndb_zip_each(const char *path, const struct tg_vulndb_zip_limits *lim,
                       tg_vulndb_entry_fn each, void *arg)
{
	struct tg_buf text = TG_BUF_INIT;
	int err = 0, rc, yaml;
	zip_t *z;
	zip_int64_t n;
	zip_stat_t s;

	if (!(zl = tg_vulndb_zip_api()))
		return tg_error_prefix(TG_ERR_RUN, "%s", path);
	z = zl->open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	if (!lim)
		lim = &tg_vulndb_zip_default_limits;
	if (!z) {
		zip_error_t e;
		zl->error_init_with_code(&e, err);
		rc = tg_error_set(TG_ERR_INPUT, "%s: not a readable zip archive: %s", path,
		                  zl->error_strerror(&e));
		zl->error_fini(&e);
		return rc;
	}
	rc = check(z, path, lim);
	n = zl->get_num_entries(z, 0);
	for (zip_int64_t i = 0; !rc && i < n; i++) {
		if (zl->stat_index(z, (zip_uint64_t)i, 0, &s))
			rc = tg_error_set(TG_ERR_INPUT, "%s: entry %lld unreadable", path,
			                  (long long)i);
		else if (tg_vulndb_record_name(s.name, &yaml) &&
		         !(rc = read_entry(z, (zip_uint64_t)i, &s, path, &text)))
			rc = each(arg, s.name, text.buf, text.len, yaml);
	}
	zl->discard(z);
	tg_buf_release(&text);
	return rc;
}
