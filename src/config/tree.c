/*
 * YAML text -> a small tree, from util/yaml.h's events (which bound the
 * nesting, so the recursion here is shallow). The tree is built by hand
 * rather than with libyaml's document API so that aliases can be refused (a
 * few lines of anchors can otherwise expand into billions of nodes).
 */
#include "config/config_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/yaml.h"

#include <stdlib.h>
#include <string.h>

static int is_null_scalar(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

static void set_scalar(struct tg_cnode *n, const yaml_event_t *ev)
{
	n->type = is_null_scalar(ev) ? TG_N_NULL : TG_N_SCALAR;
	n->len = ev->data.scalar.length;
	n->v = tg_strndup((const char *)ev->data.scalar.value, n->len);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static int parse_node(struct tg_yaml_reader *r, yaml_event_t *ev, struct tg_cnode *n);

/* Reads children until the collection's end event. */
static int parse_kids(struct tg_yaml_reader *r, struct tg_cnode *n, yaml_event_type_t end)
{
	for (;;) {
		yaml_event_t ev;
		struct tg_cnode kid = {0};
		int rc = tg_yaml_next(r, &ev);

		if (rc)
			return rc;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return TG_OK;
		}
		rc = parse_node(r, &ev, &kid);
		yaml_event_delete(&ev);
		TG_ALLOC_GROW(n->kids, n->nr + 1, n->alloc);
		n->kids[n->nr++] = kid;
		if (rc)
			return rc;
	}
}

/* Builds n from ev (a scalar or a collection's start) and what follows it. */
static int parse_node(struct tg_yaml_reader *r, yaml_event_t *ev, struct tg_cnode *n)
{
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		set_scalar(n, ev);
		return TG_OK;
	case YAML_SEQUENCE_START_EVENT:
		n->type = TG_N_SEQ;
		return parse_kids(r, n, YAML_SEQUENCE_END_EVENT);
	case YAML_MAPPING_START_EVENT:
		n->type = TG_N_MAP;
		return parse_kids(r, n, YAML_MAPPING_END_EVENT);
	case YAML_ALIAS_EVENT:
		return tg_error_set(
		        TG_ERR_USAGE,
		        "%s:%d:%d: aliases (*name) are not supported in the configuration", r->name,
		        n->line, n->col);
	default:
		return tg_error_set(TG_ERR_USAGE, "%s:%d:%d: invalid YAML: unexpected event",
		                    r->name, n->line, n->col);
	}
}

/* Skips to the first document's root node; *ev is its first event, or a stream end. */
static int to_root(struct tg_yaml_reader *r, yaml_event_t *ev)
{
	for (;;) {
		int rc = tg_yaml_next(r, ev);

		if (rc)
			return rc;
		if (ev->type != YAML_STREAM_START_EVENT && ev->type != YAML_DOCUMENT_START_EVENT)
			return TG_OK;
		yaml_event_delete(ev);
	}
}

/* After the root: the document's end, then the stream's, and no second document. */
static int expect_end(struct tg_yaml_reader *r)
{
	yaml_event_t ev;
	int rc = tg_yaml_next(r, &ev);

	if (rc)
		return rc;
	yaml_event_delete(&ev);
	rc = tg_yaml_next(r, &ev);
	if (rc)
		return rc;
	if (ev.type != YAML_STREAM_END_EVENT)
		rc = tg_error_set(
		        TG_ERR_USAGE,
		        "%s:%zu:%zu: more than one YAML document; the configuration is one",
		        r->name, ev.start_mark.line + 1, ev.start_mark.column + 1);
	yaml_event_delete(&ev);
	return rc;
}

int tg_cnode_parse(const char *name, const char *text, size_t len, struct tg_cnode **root)
{
	struct tg_yaml_reader r;
	yaml_event_t ev = {0};
	struct tg_cnode *n = NULL;
	int rc;

	*root = NULL;
	rc = tg_yaml_reader_init(&r, name, text, len, TG_ERR_USAGE);
	if (rc)
		return rc;
	rc = to_root(&r, &ev);
	if (!rc && ev.type != YAML_STREAM_END_EVENT) {
		n = tg_calloc(1, sizeof(*n));
		rc = parse_node(&r, &ev, n);
		if (!rc)
			rc = expect_end(&r);
	}
	yaml_event_delete(&ev); /* libyaml zeroes it on failure: always safe */
	tg_yaml_reader_release(&r);
	if (rc)
		tg_cnode_free(n);
	else
		*root = n;
	return rc;
}

static void free_kids(struct tg_cnode *n)
{
	size_t i;

	for (i = 0; i < n->nr; i++)
		free_kids(&n->kids[i]);
	free(n->kids);
	free(n->v);
}

void tg_cnode_free(struct tg_cnode *n)
{
	if (!n)
		return;
	free_kids(n);
	free(n);
}

void tg_cnode_describe(struct tg_buf *b, const struct tg_cnode *n)
{
	switch (n->type) {
	case TG_N_NULL:
		tg_buf_adds(b, "nothing (null)");
		break;
	case TG_N_SEQ:
		tg_buf_adds(b, "a list");
		break;
	case TG_N_MAP:
		tg_buf_adds(b, "a mapping");
		break;
	case TG_N_SCALAR:
		tg_buf_add_json(b, n->v, n->len > 40 ? 40 : n->len);
		if (n->len > 40)
			tg_buf_adds(b, "...");
		break;
	}
}
