/* fleet run's list of repositories: plain or YAML. */
#include "fleet/fleet.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/yaml.h"

#include <stdlib.h>
#include <string.h>

unsigned tg_fleet_shard_of(const char *url, unsigned n)
{
	return n ? (unsigned)(tg_hash64(url, strlen(url)) % n) : 0;
}

/*
 * A password or token in a clone URL would be kept in the shared store and
 * printed in every progress line: credentials come from git's own helpers.
 */
static int has_credentials(const char *url, size_t n)
{
	const char *a = memmem(url, n, "://", 3), *e, *at = NULL, *p;

	if (!a)
		return 0;
	a += 3;
	for (e = a; e < url + n && *e != '/' && *e != '?' && *e != '#'; e++)
		if (*e == '@')
			at = e;
	for (p = a; at && p < at; p++)
		if (*p == ':')
			return 1;
	return 0;
}

static struct tg_fleet_repo *add(struct tg_fleet_list *l, const char *url, size_t n)
{
	struct tg_fleet_repo *r;

	if (l->nr == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->v = tg_realloc(l->v, l->alloc * sizeof(*l->v));
	}
	r = &l->v[l->nr++];
	memset(r, 0, sizeof(*r));
	r->url = tg_strndup(url, n);
	return r;
}

static int plain(struct tg_fleet_list *l, const char *file, const char *text)
{
	const char *p = text;
	int line = 0;

	while (*p) {
		const char *e = p + strcspn(p, "\n"), *s = p, *t;
		line++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		t = e;
		while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
			t--;
		if (t > s && *s != '#') {
			if (memchr(s, ' ', (size_t)(t - s)))
				return tg_error_set(TG_ERR_USAGE,
				                    "%s:%d: one URL or path a line, no spaces",
				                    file, line);
			if (has_credentials(s, (size_t)(t - s)))
				return tg_error_set(
				        TG_ERR_USAGE,
				        "%s:%d: the URL holds a password or token; give "
				        "credentials through git's credential helpers",
				        file, line);
			add(l, s, (size_t)(t - s));
		}
		p = *e ? e + 1 : e;
	}
	return TG_OK;
}

static const char *scalar(yaml_document_t *d, yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int entry(struct tg_fleet_list *l, const char *file, yaml_document_t *d, yaml_node_t *n)
{
	yaml_node_pair_t *p;
	struct tg_fleet_repo *r;
	yaml_node_t *config = NULL;
	const char *url = scalar(d, n);

	if (url && !*url)
		goto bad;
	if (url && has_credentials(url, strlen(url)))
		goto secret;
	if (url) {
		add(l, url, strlen(url));
		return TG_OK;
	}
	if (n->type != YAML_MAPPING_NODE)
		goto bad;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const char *k = scalar(d, yaml_document_get_node(d, p->key));
		yaml_node_t *v = yaml_document_get_node(d, p->value);
		if (k && !strcmp(k, "url") && scalar(d, v))
			url = scalar(d, v);
		else if (k && !strcmp(k, "config") && v->type == YAML_MAPPING_NODE)
			config = v;
		else
			goto bad;
	}
	if (!url || !*url)
		goto bad;
	if (has_credentials(url, strlen(url)))
		goto secret;
	r = add(l, url, strlen(url));
	for (p = config ? config->data.mapping.pairs.start : NULL;
	     config && p < config->data.mapping.pairs.top; p++) {
		const char *k = scalar(d, yaml_document_get_node(d, p->key));
		const char *v = scalar(d, yaml_document_get_node(d, p->value));
		struct tg_buf kv = TG_BUF_INIT;
		if (!k || !v)
			goto bad;
		tg_buf_addf(&kv, "%s=%s", k, v);
		tg_strlist_add(&r->overrides, kv.buf);
		tg_buf_release(&kv);
	}
	return TG_OK;
secret:
	return tg_error_set(TG_ERR_USAGE,
	                    "%s:%zu: the URL holds a password or token; give credentials "
	                    "through git's credential helpers",
	                    file, n->start_mark.line + 1);
bad:
	return tg_error_set(TG_ERR_USAGE,
	                    "%s:%zu: expected a URL or {url: URL, config: {key: value, ...}}", file,
	                    n->start_mark.line + 1);
}

static int yaml(struct tg_fleet_list *l, const char *file, const char *text, size_t len)
{
	yaml_document_t d;
	yaml_node_t *root;
	yaml_node_item_t *it;
	int rc = tg_yaml_load(file, text, len, TG_ERR_USAGE, &d);

	if (rc)
		return rc;
	root = yaml_document_get_root_node(&d);
	if (root && root->type != YAML_SEQUENCE_NODE)
		rc = tg_error_set(TG_ERR_USAGE, "%s: expected a list of repositories", file);
	for (it = root && !rc ? root->data.sequence.items.start : NULL;
	     it && it < root->data.sequence.items.top && !rc; it++)
		rc = entry(l, file, &d, yaml_document_get_node(&d, *it));
	yaml_document_delete(&d);
	return rc;
}

/* YAML when the first line that is not blank or a comment starts a sequence item. */
static int looks_yaml(const char *p)
{
	while (*p) {
		p += strspn(p, " \t\r\n");
		if (*p != '#')
			return *p == '-' && (p[1] == ' ' || p[1] == '\n' || !p[1]);
		p += strcspn(p, "\n");
	}
	return 0;
}

int tg_fleet_list_parse(struct tg_fleet_list *l, const char *name, const char *text, size_t len)
{
	int rc;

	memset(l, 0, sizeof(*l));
	if (memchr(text, '\0', len))
		return tg_error_set(TG_ERR_USAGE, "%s: a NUL byte: not a list of repositories",
		                    name);
	rc = looks_yaml(text) ? yaml(l, name, text, len) : plain(l, name, text);
	if (!rc && !l->nr)
		rc = tg_error_set(TG_ERR_USAGE, "%s: no repositories", name);
	if (rc)
		tg_fleet_list_release(l);
	return rc;
}

int tg_fleet_list_read(struct tg_fleet_list *l, const char *file)
{
	struct tg_buf in = TG_BUF_INIT;
	int rc;

	memset(l, 0, sizeof(*l));
	if ((rc = tg_buf_read_file(&in, file)))
		return rc;
	rc = tg_fleet_list_parse(l, file, in.buf, in.len);
	tg_buf_release(&in);
	return rc;
}

void tg_fleet_list_release(struct tg_fleet_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->v[i].url);
		tg_strlist_clear(&l->v[i].overrides);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
