/* The SBOM's root component from the repository's remote (supply/sbom.h). */
#include <string.h>

#include "supply/sbom.h"
#include "util/alloc.h"

/* "https://host/o/r.git", "ssh://git@host/o/r", "git@host:o/r.git": host and path. */
static int split_remote(const char *url, struct tg_buf *host, struct tg_buf *path)
{
	const char *p = strstr(url, "://"), *h, *slash;
	size_t len;

	if (p) {
		h = p + 3;
		slash = strchr(h, '/');
		if (!slash)
			return -1;
	} else {
		h = url;
		slash = strchr(h, ':');
		if (!slash || strchr(h, '/') < slash)
			return -1;
	}
	if (memchr(h, '@', (size_t)(slash - h)))
		h = (const char *)memchr(h, '@', (size_t)(slash - h)) + 1;
	tg_buf_add(host, h, (size_t)(slash - h));
	if (memchr(host->buf, ':', host->len)) /* a port */
		host->len = (size_t)((char *)memchr(host->buf, ':', host->len) - host->buf);
	tg_buf_add(host, "", 0);
	p = slash + 1;
	len = strlen(p);
	while (len && p[len - 1] == '/')
		len--;
	if (len > 4 && !memcmp(p + len - 4, ".git", 4))
		len -= 4;
	if (!len)
		return -1;
	tg_buf_add(path, p, len);
	return 0;
}

void tg_sbom_root_from_remote(const char *url, const char *dirname, const char *commit, char **name,
                              char **purl)
{
	struct tg_buf host = TG_BUF_INIT, path = TG_BUF_INIT, p = TG_BUF_INIT;

	*purl = NULL;
	if (!url || split_remote(url, &host, &path)) {
		*name = tg_strdup(dirname && *dirname ? dirname : "project");
		goto out;
	}
	*name = tg_strdup(path.buf);
	if (!strcmp(host.buf, "github.com") || !strcmp(host.buf, "bitbucket.org")) {
		tg_buf_addf(&p, "pkg:%s/",
		            !strcmp(host.buf, "github.com") ? "github" : "bitbucket");
		for (const char *c = path.buf; *c; c++)
			tg_buf_addch(&p, *c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
	} else {
		const char *base = strrchr(path.buf, '/');

		tg_buf_adds(&p, "pkg:generic/");
		tg_buf_adds(&p, base ? base + 1 : path.buf);
	}
	if (commit)
		tg_buf_addf(&p, "@%s", commit);
	*purl = tg_buf_detach(&p, NULL);
out:
	tg_buf_release(&host);
	tg_buf_release(&path);
	tg_buf_release(&p);
}
