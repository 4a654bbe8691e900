/*
 * requirements.txt and pip-tools' *.in: pip's requirements file format
 * (https://pip.pypa.io/en/stable/reference/requirements-file-format/), read
 * without pip. Includes (-r, -c) are opened beneath the root relative to the
 * including file; a constraints file adds no dependency but its == pins give
 * the version of a requirement that has only a range.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deps/reader_py_int.h"
#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "util/strlist.h"

#define MAX_DEPTH 32

struct req_read {
	int root_fd;
	struct tg_dep_list *out;
	struct tg_strlist stack; /* the files being read, outermost first: cycles */
	struct tg_strlist seen;  /* every file read once already */
	struct tg_hashmap pins;  /* constraint name (PEP 503) -> exact version */
};

static int read_text(struct req_read *rr, const char *rel, const char *data, size_t len,
                     int constraints);

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static int req_match(const char *base)
{
	if (has_suffix(base, ".txt"))
		return strstr(base, "requirements") != NULL;
	/* pip-tools' inputs: an unrelated .in (Makefile.in, MANIFEST.in) is not one. */
	if (has_suffix(base, ".in"))
		return strstr(base, "requirements") || strstr(base, "constraints");
	return 0;
}

/* requirements-dev.txt, dev-requirements.txt, requirements/test.txt: dev. */
static enum tg_dep_scope file_scope(const char *rel)
{
	const char *base = strrchr(rel, '/');
	const char *p;

	base = base ? base + 1 : rel;
	for (p = base; *p;) {
		size_t n = strcspn(p, "-_.");
		if (tg_py_dev_name(p, n))
			return TG_DEP_DEV;
		p += n;
		if (*p)
			p++;
	}
	return TG_DEP_RUNTIME;
}

/* dir(including)/path with "." and ".." resolved lexically; -1 when it climbs out. */
static int join_include(const char *including, const char *path, struct tg_buf *out)
{
	const char *slash = strrchr(including, '/');
	struct tg_buf in = TG_BUF_INIT;
	int rc = 0;

	if (path[0] == '/')
		return -1;
	if (slash)
		tg_buf_add(&in, including, (size_t)(slash - including + 1));
	tg_buf_adds(&in, path);
	tg_buf_reset(out);
	for (const char *p = in.buf; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2)) {
			char *up = out->len ? strrchr(out->buf, '/') : NULL;
			if (!out->len) {
				rc = -1;
				break;
			}
			tg_buf_setlen(out, up ? (size_t)(up - out->buf) : 0);
		} else if (n && !(n == 1 && *p == '.')) {
			if (out->len)
				tg_buf_addch(out, '/');
			tg_buf_add(out, p, n);
		}
		p += n;
		while (*p == '/')
			p++;
	}
	tg_buf_release(&in);
	return out->len ? rc : -1;
}

static void include_file(struct req_read *rr, const char *from, int line, const char *path,
                         int constraints, int *err)
{
	struct tg_buf rel = TG_BUF_INIT, data = TG_BUF_INIT;
	char root[32];

	if (strstr(path, "://")) {
		tg_dep_warn(rr->out, from, line, "include of a URL not followed: %s", path);
	} else if (join_include(from, path, &rel)) {
		tg_dep_warn(rr->out, from, line, "include outside the repository refused: %s",
		            path);
	} else if (tg_strlist_find(&rr->stack, rel.buf) >= 0) {
		tg_dep_warn(rr->out, from, line, "include cycle: %s is already being read",
		            rel.buf);
	} else if (!constraints &&
	           req_match(strrchr(rel.buf, '/') ? strrchr(rel.buf, '/') + 1 : rel.buf)) {
		/* requirements.txt from requirements-dev.txt: the inventory reads it on
		 * its own, with the same file, line and scope; read here it would be
		 * listed twice. */
	} else if (rr->stack.nr >= MAX_DEPTH) {
		tg_dep_warn(rr->out, from, line, "includes nested too deep at %s", rel.buf);
	} else if (tg_strlist_find(&rr->seen, rel.buf) < 0) {
		snprintf(root, sizeof(root), "/proc/self/fd/%d", rr->root_fd);
		if (tg_beneath_read_file(&data, root, rel.buf))
			tg_dep_warn(rr->out, from, line, "include not read: %s",
			            tg_error_message());
		else
			*err = read_text(rr, rel.buf, data.buf, data.len, constraints);
	}
	tg_buf_release(&rel);
	tg_buf_release(&data);
}

/* "--opt=value" or "--opt value" or "-o value" or "-ovalue": the value. */
static const char *option_value(const char *line, const char *shrt, const char *lng)
{
	size_t n = strlen(lng);
	const char *v = NULL;

	if (!strncmp(line, lng, n) && (line[n] == '=' || line[n] == ' ' || line[n] == '\t'))
		v = line + n + 1;
	else if (shrt && !strncmp(line, shrt, 2))
		v = line + 2;
	if (!v)
		return NULL;
	while (*v == ' ' || *v == '\t' || *v == '=')
		v++;
	return v;
}

/* The last path segment of a URL or path, without query or fragment. */
static void url_basename(const char *url, struct tg_buf *out)
{
	size_t end = strcspn(url, "?#"), start;

	while (end && url[end - 1] == '/')
		end--;
	start = end;
	while (start && url[start - 1] != '/')
		start--;
	tg_buf_add(out, url + start, end - start);
}

/*
 * The name (and version, for a wheel or sdist) of a requirement given as a
 * URL or a path: #egg=, else the archive's file name, else the repository's
 * or directory's name. "." is the project itself: no name.
 */
static int url_name(const char *url, struct tg_buf *name, struct tg_buf *version)
{
	const char *egg = strstr(url, "#egg=");
	char *at;

	tg_buf_reset(name);
	tg_buf_reset(version);
	if (!egg)
		egg = strstr(url, "&egg=");
	if (egg) {
		tg_buf_add(name, egg + 5, strcspn(egg + 5, "&[ "));
		return name->len ? 0 : -1;
	}
	url_basename(url, name);
	if (!name->len || !strcmp(name->buf, ".") || !strcmp(name->buf, ".."))
		return -1;
	if (has_suffix(name->buf, ".whl")) {
		char *dash = strchr(name->buf, '-');
		if (dash) {
			tg_buf_add(version, dash + 1, strcspn(dash + 1, "-"));
			tg_buf_setlen(name, (size_t)(dash - name->buf));
		}
		return 0;
	}
	static const char *archives[] = {".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".git"};
	for (size_t i = 0; i < sizeof(archives) / sizeof(archives[0]); i++) {
		if (has_suffix(name->buf, archives[i])) {
			tg_buf_setlen(name, name->len - strlen(archives[i]));
			break;
		}
	}
	if ((at = strchr(name->buf, '@'))) /* repo.git@v1.0 */
		tg_buf_setlen(name, (size_t)(at - name->buf));
	if (has_suffix(name->buf, ".git"))
		tg_buf_setlen(name, name->len - 4);
	for (char *d = strrchr(name->buf, '-'); d && isdigit((unsigned char)d[1]);) {
		tg_buf_adds(version, d + 1);
		tg_buf_setlen(name, (size_t)(d - name->buf));
		break;
	}
	return name->len ? 0 : -1;
}

/* A requirement given as a URL or a path (no "name @"), editable or not. */
static void add_url_req(struct req_read *rr, const char *rel, int line, const char *text,
                        int editable, struct tg_dep **added)
{
	struct tg_buf url = TG_BUF_INIT, name = TG_BUF_INIT, version = TG_BUF_INIT;
	const char *marker = strstr(text, " ;");
	struct tg_dep *d;

	tg_buf_add(&url, text, marker ? (size_t)(marker - text) : strcspn(text, " \t"));
	if (url_name(url.buf, &name, &version)) {
		/* "-e ." is the project itself; anything else unnamed is worth a word. */
		if (strcmp(url.buf, ".") && strcmp(url.buf, "./"))
			tg_dep_warn(rr->out, rel, line, "requirement without a package name: %s",
			            url.buf);
	} else {
		d = tg_py_dep_add(rr->out, rel, line, name.buf,
		                  tg_py_url_origin(url.buf) == TG_DEP_GIT ? NULL : version.buf,
		                  NULL);
		d->origin = editable ? (tg_py_url_origin(url.buf) == TG_DEP_GIT ? TG_DEP_GIT
		                                                                : TG_DEP_PATH)
		                     : tg_py_url_origin(url.buf);
		d->scope = tg_py_marker_scope(marker ? marker + 2 : NULL, file_scope(rel));
		*added = d;
	}
	tg_buf_release(&url);
	tg_buf_release(&name);
	tg_buf_release(&version);
}

/* pip's test for a requirement that is a path or URL rather than a name. */
static int looks_like_url(const char *s)
{
	size_t n = strcspn(s, " \t;");
	const char *name_end = s;

	while (*name_end && (isalnum((unsigned char)*name_end) || strchr("-_.", *name_end)))
		name_end++;
	while (*name_end == ' ' || *name_end == '\t')
		name_end++;
	if (*name_end == '[') /* name[extras] @ url */
		name_end += strcspn(name_end, "]") + (name_end[strcspn(name_end, "]")] != 0);
	while (*name_end == ' ' || *name_end == '\t')
		name_end++;
	if (*name_end == '@' && name_end != s)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '\\')
			return 1;
	return s[0] == '.' || has_suffix(s, ".whl") || has_suffix(s, ".tar.gz") ||
	       has_suffix(s, ".zip");
}

/* --hash=sha256:... and the other per-requirement options after the requirement. */
static void requirement_options(const char *opts, struct tg_dep *d)
{
	const char *p = opts;

	while ((p = strstr(p, "--hash"))) {
		const char *v = p + 6;
		size_t n;
		while (*v == '=' || *v == ' ' || *v == '\t')
			v++;
		n = strcspn(v, " \t");
		if (d && n && memchr(v, ':', n)) {
			struct tg_buf h = TG_BUF_INIT;
			for (size_t i = 0; i < n; i++)
				tg_buf_addch(&h, v[i] == ':' ? ':' : tolower((unsigned char)v[i]));
			tg_strlist_add(&d->hashes, h.buf);
			tg_buf_release(&h);
		}
		p = v + n;
	}
}

static int add_requirement(struct req_read *rr, const char *rel, int line, char *text,
                           int constraints)
{
	char *opts = strstr(text, " --");
	struct tg_py_req r;
	struct tg_dep *d = NULL;
	char *tab = strstr(text, "\t--");

	if (tab && (!opts || tab < opts))
		opts = tab;
	if (opts)
		*opts++ = '\0';
	if (looks_like_url(text)) {
		if (!constraints)
			add_url_req(rr, rel, line, text, 0, &d);
	} else {
		if (tg_py_req_parse(text, strlen(text), &r))
			return tg_error_prefix(TG_ERR_INPUT, "%s:%d", rel, line);
		if (constraints) {
			char *exact = tg_py_spec_exact(r.spec);
			struct tg_dep probe = {.eco = TG_ECO_PYPI};
			tg_dep_set_name(&probe, r.name);
			if (exact)
				tg_hashmap_put(&rr->pins, probe.name, strlen(probe.name), NULL)
				        ->val.ptr = exact;
			free(probe.name);
			free(probe.purl);
		} else {
			d = tg_py_dep_from_req(rr->out, rel, line, &r, file_scope(rel));
		}
		tg_py_req_release(&r);
	}
	if (opts)
		requirement_options(opts, d);
	return TG_OK;
}

static const char *const skipped_options[] = {"-i",
                                              "--index-url",
                                              "--extra-index-url",
                                              "--no-index",
                                              "-f",
                                              "--find-links",
                                              "--no-binary",
                                              "--only-binary",
                                              "--prefer-binary",
                                              "--require-hashes",
                                              "--pre",
                                              "--trusted-host",
                                              "--use-feature",
                                              "-Z",
                                              "--always-unzip",
                                              "--config-settings"};

/* An options line: an include, an editable, or one pip options that adds nothing. */
static int option_line(struct req_read *rr, const char *rel, int line, const char *text,
                       int constraints)
{
	const char *v;
	int err = TG_OK;
	struct tg_dep *d = NULL;

	if ((v = option_value(text, "-r", "--requirement"))) {
		include_file(rr, rel, line, v, constraints, &err);
		return err;
	}
	if ((v = option_value(text, "-c", "--constraint"))) {
		include_file(rr, rel, line, v, 1, &err);
		return err;
	}
	if ((v = option_value(text, "-e", "--editable"))) {
		if (!constraints)
			add_url_req(rr, rel, line, v, 1, &d);
		return TG_OK;
	}
	for (size_t i = 0; i < sizeof(skipped_options) / sizeof(skipped_options[0]); i++) {
		size_t n = strlen(skipped_options[i]);
		if (!strncmp(text, skipped_options[i], n) &&
		    (!text[n] || strchr(" \t=", text[n]) || n == 2))
			return TG_OK;
	}
	tg_dep_warn(rr->out, rel, line, "unknown option skipped: %.40s", text);
	return TG_OK;
}

/* One logical line: comments removed, whitespace trimmed. */
static int logical_line(struct req_read *rr, const char *rel, int line, char *text, int constraints)
{
	char *end;

	for (char *p = text; *p; p++) {
		if (*p == '#' && (p == text || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			break;
		}
	}
	while (isspace((unsigned char)*text))
		text++;
	end = text + strlen(text);
	while (end > text && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (!*text)
		return TG_OK;
	if (*text == '-')
		return option_line(rr, rel, line, text, constraints);
	return add_requirement(rr, rel, line, text, constraints);
}

static int read_text(struct req_read *rr, const char *rel, const char *data, size_t len,
                     int constraints)
{
	struct tg_buf logical = TG_BUF_INIT;
	size_t i = 0;
	int line = 1, start = 1, rc = TG_OK;

	tg_strlist_add(&rr->stack, rel);
	tg_strlist_add(&rr->seen, rel);
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) /* pip decodes a BOM away */
		i = 3;
	while (i < len && !rc) {
		size_t n = 0;
		while (i + n < len && data[i + n] != '\n')
			n++;
		if (memchr(data + i, '\0', n)) {
			rc = tg_error_set(TG_ERR_INPUT, "%s:%d: NUL byte", rel, line);
			break;
		}
		if (!logical.len)
			start = line;
		tg_buf_add(&logical, data + i, n);
		if (logical.len && logical.buf[logical.len - 1] == '\r')
			tg_buf_setlen(&logical, logical.len - 1);
		i += n + 1;
		line++;
		/* A backslash at the end joins the next line (pip's join_lines). */
		if (logical.len && logical.buf[logical.len - 1] == '\\' && i < len) {
			tg_buf_setlen(&logical, logical.len - 1);
			continue;
		}
		if (logical.len && logical.buf[logical.len - 1] == '\\')
			tg_buf_setlen(&logical, logical.len - 1);
		rc = logical_line(rr, rel, start, logical.buf, constraints);
		tg_buf_reset(&logical);
	}
	tg_buf_release(&logical);
	free(rr->stack.v[--rr->stack.nr]);
	return rc;
}

/* d->purl with "@version" added, encoded as purls encode it. */
static void set_purl_version(struct tg_dep *d)
{
	struct tg_buf b = TG_BUF_INIT, v = TG_BUF_INIT;

	tg_eco_purl(TG_ECO_PYPI, "x", d->version, &v);
	tg_buf_addf(&b, "%s%s", d->purl, strchr(v.buf, '@'));
	free(d->purl);
	d->purl = tg_buf_detach(&b, NULL);
	tg_buf_release(&v);
}

/* A constraint's == pin is the version pip installs of a requirement given as a range. */
static void apply_pins(struct req_read *rr, size_t from)
{
	for (size_t i = from; i < rr->out->nr; i++) {
		struct tg_dep *d = &rr->out->v[i];
		struct tg_hashmap_entry *e = tg_hashmap_get(&rr->pins, d->name, strlen(d->name));
		if (!e || d->version || d->origin != TG_DEP_REGISTRY)
			continue;
		d->version = tg_strdup(e->val.ptr);
		set_purl_version(d);
	}
}

static int req_read(const struct tg_deps_file *f, struct tg_dep_list *out)
{
	struct req_read rr = {f->root_fd, out, TG_STRLIST_INIT, TG_STRLIST_INIT, TG_HASHMAP_INIT};
	struct tg_hashmap_entry *e;
	size_t from = out->nr;
	int rc = read_text(&rr, f->rel, f->data, f->len, 0);

	if (!rc)
		apply_pins(&rr, from);
	tg_hashmap_for_each(&rr.pins, e)
		free(e->val.ptr);
	tg_hashmap_release(&rr.pins);
	tg_strlist_clear(&rr.stack);
	tg_strlist_clear(&rr.seen);
	return rc;
}

const struct tg_deps_reader tg_deps_reader_requirements_txt = {
        "requirements.txt", TG_ECO_PYPI, 0, req_match, req_read,
};
