/*
 * `vulndb update`: osv.dev's <Ecosystem>/all.zip, downloaded conditionally
 * (the last download's ETag and Last-Modified) into temporary files beside
 * the database, imported into a copy of it, and renamed over it. The old
 * file is never written: whatever fails, it stays as it was.
 */
#include "vulndb/vulndb_int.h"

#include "http/curl.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Past osv.dev's largest archive several times over; a bigger answer is not all.zip. */
#define MAX_DOWNLOAD_BYTES (4ll << 30)

struct download {
	enum tg_eco eco;
	char *tmp; /* the archive, beside the database */
	int fd;
	int write_failed;
	long status;
	char etag[128], last_modified[64];    /* sent */
	char new_etag[128], new_last_mod[64]; /* received */
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct download *d = arg;
	size_t len = size * n, done = 0;

	while (done < len) {
		ssize_t w = write(d->fd, p + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			d->write_failed = errno ? errno : EIO;
			return 0; /* curl stops with CURLE_WRITE_ERROR */
		}
		done += (size_t)w;
	}
	return len;
}

/* The value of header `name` in line (len bytes), trimmed, into dst; 1 when it is that header. */
static int header_value(const char *line, size_t len, const char *name, char *dst, size_t n)
{
	size_t k = strlen(name), e;

	if (len <= k || strncasecmp(line, name, k))
		return 0;
	for (line += k, len -= k; len && (*line == ' ' || *line == '\t'); line++, len--)
		;
	for (e = len; e && (line[e - 1] == '\r' || line[e - 1] == '\n' || line[e - 1] == ' '); e--)
		;
	snprintf(dst, n, "%.*s", (int)(e < n ? e : n - 1), line);
	return 1;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct download *d = arg;
	size_t len = size * n;

	if (len > 5 && !strncmp(p, "HTTP/", 5)) /* a new response (after a redirect): start over */
		d->new_etag[0] = d->new_last_mod[0] = '\0';
	else if (!header_value(p, len, "etag:", d->new_etag, sizeof(d->new_etag)))
		header_value(p, len, "last-modified:", d->new_last_mod, sizeof(d->new_last_mod));
	return len;
}

static int fetch(const struct tg_curl *cu, const char *base, struct download *d)
{
	struct tg_buf url = TG_BUF_INIT, h1 = TG_BUF_INIT, h2 = TG_BUF_INIT;
	struct curl_slist *hdr = NULL;
	CURL *c = cu->easy_init();
	CURLcode cc;
	int rc = TG_OK;

	if (!c)
		return tg_error_set(TG_ERR_RUN, "cannot initialise libcurl");
	tg_buf_addf(&url, "%s%s%s/all.zip", base, base[strlen(base) - 1] == '/' ? "" : "/",
	            tg_eco_name(d->eco));
	if (d->etag[0]) {
		tg_buf_addf(&h1, "If-None-Match: %s", d->etag);
		hdr = cu->slist_append(hdr, h1.buf);
	}
	if (d->last_modified[0]) {
		tg_buf_addf(&h2, "If-Modified-Since: %s", d->last_modified);
		hdr = cu->slist_append(hdr, h2.buf);
	}
	cu->easy_setopt(c, CURLOPT_URL, url.buf);
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	cu->easy_setopt(c, CURLOPT_USERAGENT, "terragon");
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	cu->easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	/* a stalled transfer ends: under 1 KiB/s for a minute */
	cu->easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	cu->easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	cu->easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)MAX_DOWNLOAD_BYTES);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, d);
	cu->easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	cu->easy_setopt(c, CURLOPT_HEADERDATA, d);
	cc = cu->easy_perform(c);
	cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &d->status);
	if (d->write_failed)
		rc = tg_error_set(TG_ERR_RUN, "%s: writing %s: %s", url.buf, d->tmp,
		                  strerror(d->write_failed));
	else if (cc != CURLE_OK)
		rc = tg_error_set(TG_ERR_RUN, "%s: download failed: %s", url.buf,
		                  cu->easy_strerror(cc));
	else if (d->status != 200 && d->status != 304)
		rc = tg_error_set(TG_ERR_RUN, "%s: HTTP status %ld", url.buf, d->status);
	else if (fsync(d->fd))
		rc = tg_error_set(TG_ERR_RUN, "%s: %s", d->tmp, strerror(errno));
	cu->slist_free_all(hdr);
	cu->easy_cleanup(c);
	tg_buf_release(&url);
	tg_buf_release(&h1);
	tg_buf_release(&h2);
	return rc;
}

/* Which ecosystems to fetch and their validators, from the database as it is. */
static int plan(const char *path, const enum tg_eco *ecos, size_t n, struct download **out,
                size_t *nr, int *exists)
{
	struct tg_vulndb *db = NULL;
	struct tg_vulndb_status *st = NULL;
	size_t st_nr = 0, i, k;
	int rc = tg_vulndb_open(path, TG_VULNDB_READ, &db);

	*exists = rc != TG_ERR_NOTFOUND;
	if (rc && rc != TG_ERR_NOTFOUND)
		return rc;
	if (db && (rc = tg_vulndb_status(db, &st, &st_nr))) {
		tg_vulndb_close(db);
		return rc;
	}
	tg_vulndb_close(db);
	*out = tg_calloc(TG_ECO_COUNT, sizeof(**out));
	*nr = 0;
	for (int e = 1; e < TG_ECO_COUNT; e++) {
		int want = 0;
		for (i = 0; i < n; i++)
			want |= ecos[i] == (enum tg_eco)e;
		for (k = 0; k < st_nr && st[k].eco != (enum tg_eco)e; k++)
			;
		/* no list: what the database holds, or everything into an empty one */
		if (!n)
			want = st_nr ? k < st_nr : 1;
		if (!want)
			continue;
		(*out)[*nr].eco = (enum tg_eco)e;
		(*out)[*nr].fd = -1;
		if (k < st_nr) {
			snprintf((*out)[*nr].etag, sizeof((*out)[*nr].etag), "%s", st[k].etag);
			snprintf((*out)[*nr].last_modified, sizeof((*out)[*nr].last_modified), "%s",
			         st[k].last_modified);
		}
		(*nr)++;
	}
	free(st);
	return TG_OK;
}

/* A new file beside path: path.<what>.XXXXXX, open on *fd. */
static char *temp_beside(const char *path, const char *what, int *fd)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_addf(&b, "%s.%s.XXXXXX", path, what);
	*fd = mkstemp(b.buf);
	if (*fd < 0) {
		tg_error_set(TG_ERR_RUN, "%s: cannot create a temporary file: %s", b.buf,
		             strerror(errno));
		tg_buf_release(&b);
		return NULL;
	}
	return tg_buf_detach(&b, NULL);
}

static int from_entry(void *arg, const char *name, const char *text, size_t len, int yaml)
{
	return tg_vulndb_import_text(arg, name, text, len, yaml);
}

/* The downloaded archives into the copy: each ecosystem's records replaced by the archive's. */
static int fill(struct tg_vulndb *copy, struct download *dl, size_t nr,
                struct tg_vulndb_fetch *fetched)
{
	struct tg_vulndb_import *im;
	int rc = TG_OK;

	for (size_t i = 0; !rc && i < nr; i++) {
		if (dl[i].status != 200)
			continue;
		if ((rc = tg_vulndb_import_begin(copy, &fetched[i].counts, &im)))
			break;
		if (!(rc = tg_vulndb_import_drop_eco(im, dl[i].eco)))
			rc = tg_vulndb_zip_each(dl[i].tmp, NULL, from_entry, im);
		if (rc) {
			tg_vulndb_import_end(im, 0);
			break;
		}
		if (!(rc = tg_vulndb_import_end(im, 1)))
			rc = tg_vulndb_set_validators(copy, dl[i].eco, dl[i].new_etag,
			                              dl[i].new_last_mod);
	}
	return rc;
}

/* A copy of the database (or a new one) with the downloads in, renamed over path. */
static int swap_in(const char *path, int exists, struct download *dl, size_t nr,
                   struct tg_vulndb_fetch *fetched)
{
	struct tg_vulndb *old = NULL, *copy = NULL;
	int fd, rc;
	char *tmp = temp_beside(path, "new", &fd);

	if (!tmp)
		return TG_ERR_RUN;
	close(fd);
	unlink(tmp); /* VACUUM INTO and the creation below want no file there; the name is ours */
	rc = exists ? tg_vulndb_open(path, TG_VULNDB_READ, &old) : TG_OK;
	if (!rc && old) {
		char *q = sqlite3_mprintf("VACUUM INTO %Q", tmp);
		rc = tg_vulndb_exec(old, q);
		sqlite3_free(q);
		tg_vulndb_close(old);
	}
	if (!rc)
		rc = tg_vulndb_open(tmp, TG_VULNDB_CREATE, &copy);
	if (!rc)
		rc = fill(copy, dl, nr, fetched);
	tg_vulndb_close(copy);
	if (!rc && (fd = open(tmp, O_RDWR | O_CLOEXEC)) >= 0) {
		if (fsync(fd))
			rc = tg_error_set(TG_ERR_RUN, "%s: %s", tmp, strerror(errno));
		close(fd);
	}
	if (!rc && rename(tmp, path))
		rc = tg_error_set(TG_ERR_RUN, "%s: cannot replace: %s", path, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int tg_vulndb_update(const char *path, const char *base_url, const enum tg_eco *ecos, size_t n,
                     struct tg_vulndb_fetch **fetched, size_t *fetched_nr)
{
	const struct tg_curl *cu;
	struct download *dl = NULL;
	size_t nr = 0, i;
	int rc, exists, any = 0;

	*fetched = NULL;
	*fetched_nr = 0;
	if ((rc = plan(path, ecos, n, &dl, &nr, &exists)))
		return rc;
	if (!(cu = tg_curl())) {
		free(dl);
		return tg_error_prefix(TG_ERR_RUN, "vulndb update");
	}
	*fetched = tg_calloc(nr ? nr : 1, sizeof(**fetched));
	*fetched_nr = nr;
	rc = tg_vulndb_make_parent(path);
	for (i = 0; !rc && i < nr; i++) {
		(*fetched)[i].eco = dl[i].eco;
		if (!(dl[i].tmp = temp_beside(path, tg_eco_name(dl[i].eco), &dl[i].fd))) {
			rc = TG_ERR_RUN;
			break;
		}
		rc = fetch(cu, base_url, &dl[i]);
		(*fetched)[i].http_status = dl[i].status;
		any |= dl[i].status == 200;
	}
	if (!rc && any)
		rc = swap_in(path, exists, dl, nr, *fetched);
	for (i = 0; i < nr; i++) {
		if (dl[i].fd >= 0)
			close(dl[i].fd);
		if (dl[i].tmp)
			unlink(dl[i].tmp);
		free(dl[i].tmp);
	}
	free(dl);
	return rc;
}
