/* PEP 508 requirement strings and the record every PyPI reader fills (reader_py_int.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "deps/reader_py_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

static int name_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

static size_t skip_ws(const char *s, size_t i, size_t len)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static char *dup_trim(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return tg_strndup(s, len);
}

/* The extras "[a, b]" from s[*i] ('['), whitespace removed. */
static int parse_extras(const char *s, size_t *i, size_t len, struct tg_py_req *r)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t j = *i + 1;

	for (; j < len && s[j] != ']'; j++) {
		if (s[j] == ' ' || s[j] == '\t')
			continue;
		if (!name_char((unsigned char)s[j]) && s[j] != ',') {
			tg_buf_release(&b);
			return tg_error_set(TG_ERR_INPUT, "bad character in extras");
		}
		tg_buf_addch(&b, s[j]);
	}
	if (j == len) {
		tg_buf_release(&b);
		return tg_error_set(TG_ERR_INPUT, "unclosed '[' in extras");
	}
	r->extras = tg_buf_detach(&b, NULL);
	*i = j + 1;
	return TG_OK;
}

/* One clause "op version" from s[*i], whitespace allowed around each part. */
static int parse_clause(const char *s, size_t *i, size_t len, struct tg_buf *b)
{
	size_t j = skip_ws(s, *i, len), start = j;

	while (j < len && s[j] && strchr("<>=!~", s[j]))
		j++;
	if (j == start)
		return tg_error_set(TG_ERR_INPUT, "version specifier without an operator");
	tg_buf_add(b, s + start, j - start);
	j = skip_ws(s, j, len);
	start = j;
	while (j < len && s[j] && (isalnum((unsigned char)s[j]) || strchr(".*+!-_", s[j])))
		j++;
	if (j == start)
		return tg_error_set(TG_ERR_INPUT, "version specifier without a version");
	tg_buf_add(b, s + start, j - start);
	*i = skip_ws(s, j, len);
	return TG_OK;
}

/* The version specifier from s[*i], in parentheses or not: clauses joined by ','. */
static int parse_spec(const char *s, size_t *i, size_t len, struct tg_py_req *r)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t j = *i;
	int paren = j < len && s[j] == '(';

	if (paren)
		j = skip_ws(s, j + 1, len);
	while (j < len && s[j] != ';' && !(paren && s[j] == ')')) {
		if (b.len)
			tg_buf_addch(&b, ',');
		if (parse_clause(s, &j, len, &b)) {
			tg_buf_release(&b);
			return TG_ERR_INPUT;
		}
		if (j < len && s[j] == ',')
			j++;
		else
			break;
	}
	if (paren && (j == len || s[j] != ')')) {
		tg_buf_release(&b);
		return tg_error_set(TG_ERR_INPUT, "unclosed '(' in version specifier");
	}
	if (paren)
		j++;
	r->spec = b.len ? tg_buf_detach(&b, NULL) : NULL;
	tg_buf_release(&b);
	*i = j;
	return TG_OK;
}

/* "@ url": the URL runs to whitespace; a marker after it needs a space before ';'. */
static void parse_url(const char *s, size_t *i, size_t len, struct tg_py_req *r)
{
	size_t j = skip_ws(s, *i + 1, len), start = j;

	while (j < len && s[j] != ' ' && s[j] != '\t')
		j++;
	r->url = tg_strndup(s + start, j - start);
	*i = j;
}

static int parse_body(const char *s, size_t len, struct tg_py_req *r)
{
	size_t i = skip_ws(s, 0, len), start = i;

	if (i == len || !isalnum((unsigned char)s[i]))
		return tg_error_set(TG_ERR_INPUT, "a requirement must start with a package name");
	while (i < len && name_char((unsigned char)s[i]))
		i++;
	if (!isalnum((unsigned char)s[i - 1]))
		return tg_error_set(TG_ERR_INPUT, "a package name must end with a letter or digit");
	r->name = tg_strndup(s + start, i - start);
	i = skip_ws(s, i, len);
	if (i < len && s[i] == '[' && parse_extras(s, &i, len, r))
		return TG_ERR_INPUT;
	i = skip_ws(s, i, len);
	if (i < len && s[i] == '@') {
		parse_url(s, &i, len, r);
		if (!r->url[0])
			return tg_error_set(TG_ERR_INPUT, "'@' without a URL");
	} else if (parse_spec(s, &i, len, r)) {
		return TG_ERR_INPUT;
	}
	i = skip_ws(s, i, len);
	if (i < len && s[i] == ';') {
		r->marker = dup_trim(s + i + 1, len - i - 1);
		return TG_OK;
	}
	if (i < len)
		return tg_error_set(TG_ERR_INPUT, "unexpected text after the requirement");
	return TG_OK;
}

int tg_py_req_parse(const char *s, size_t len, struct tg_py_req *r)
{
	memset(r, 0, sizeof(*r));
	if (memchr(s, '\0', len))
		return tg_error_set(TG_ERR_INPUT, "NUL byte in a requirement");
	if (parse_body(s, len, r)) {
		tg_py_req_release(r);
		return TG_ERR_INPUT;
	}
	return TG_OK;
}

void tg_py_req_release(struct tg_py_req *r)
{
	free(r->name);
	free(r->extras);
	free(r->spec);
	free(r->url);
	free(r->marker);
	memset(r, 0, sizeof(*r));
}

char *tg_py_spec_exact(const char *spec)
{
	size_t skip;

	if (!spec || strchr(spec, ',') || strchr(spec, '*'))
		return NULL;
	if (!strncmp(spec, "===", 3))
		skip = 3;
	else if (!strncmp(spec, "==", 2))
		skip = 2;
	else
		return NULL;
	if (!spec[skip])
		return NULL;
	return tg_strdup(spec + skip);
}

enum tg_dep_origin tg_py_url_origin(const char *url)
{
	static const char *vcs[] = {"git+", "hg+", "svn+", "bzr+", "git://"};

	for (size_t i = 0; i < sizeof(vcs) / sizeof(vcs[0]); i++)
		if (!strncmp(url, vcs[i], strlen(vcs[i])))
			return TG_DEP_GIT;
	if (!strncmp(url, "file:", 5) || !strstr(url, "://"))
		return TG_DEP_PATH;
	return TG_DEP_URL;
}

int tg_py_dev_name(const char *name, size_t len)
{
	static const char *dev[] = {"dev",     "develop", "development", "test",  "tests",
	                            "testing", "lint",    "linting",     "docs",  "doc",
	                            "typing",  "mypy",    "type",        "style", "coverage"};

	for (size_t i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
		if (strlen(dev[i]) == len && !strncasecmp(name, dev[i], len))
			return 1;
	return 0;
}

enum tg_dep_scope tg_py_marker_scope(const char *marker, enum tg_dep_scope def)
{
	const char *p = marker ? strstr(marker, "extra") : NULL;
	size_t n;

	if (!p)
		return def;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "==", 2))
		return def;
	p += 2;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '"' && *p != '\'')
		return def;
	n = strcspn(p + 1, "\"'");
	return tg_py_dev_name(p + 1, n) ? TG_DEP_DEV : TG_DEP_OPTIONAL;
}

struct tg_dep *tg_py_dep_add(struct tg_dep_list *out, const char *file, int line, const char *name,
                             const char *version, const char *range)
{
	struct tg_dep *d = tg_dep_list_add(out);

	d->eco = TG_ECO_PYPI;
	d->version = version && *version ? tg_strdup(version) : NULL;
	d->range = !d->version && range && *range ? tg_strdup(range) : NULL;
	tg_dep_set_name(d, name);
	d->file = tg_strdup(file);
	d->line = line;
	d->direct = 1;
	return d;
}

struct tg_dep *tg_py_dep_from_req(struct tg_dep_list *out, const char *file, int line,
                                  const struct tg_py_req *r, enum tg_dep_scope scope)
{
	char *exact = tg_py_spec_exact(r->spec);
	struct tg_dep *d = tg_py_dep_add(out, file, line, r->name, exact, r->spec);

	free(exact);
	d->scope = tg_py_marker_scope(r->marker, scope);
	if (r->url)
		d->origin = tg_py_url_origin(r->url);
	return d;
}
