/*
 * YAML with bounded nesting: the event reader, and on it a loader that
 * builds libyaml's document tree the way yaml_parser_load() does, so that
 * readers written against that tree keep it.
 */
#include "util/yaml.h"

#include "util/error.h"
#include "util/hashmap.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int tg_yaml_reader_init(struct tg_yaml_reader *r, const char *name, const char *text, size_t len,
                        int code)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->text = text;
	r->len = len;
	r->code = code;
	if (!yaml_parser_initialize(&r->parser))
		return tg_error_set(TG_ERR_RUN, "%s: cannot start the YAML parser", name);
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)text, len);
	return 0;
}

void tg_yaml_reader_release(struct tg_yaml_reader *r)
{
	yaml_parser_delete(&r->parser);
}

/* libyaml's reader errors carry a byte offset, not a mark: count lines up to it. */
static int reader_failure(const struct tg_yaml_reader *r)
{
	const yaml_parser_t *p = &r->parser;
	size_t off = p->problem_offset < r->len ? p->problem_offset : r->len, i;
	size_t line = 1, col = 1;

	for (i = 0; i < off; i++, col++)
		if (r->text[i] == '\n')
			line++, col = 0;
	return tg_error_set(r->code, "%s:%zu:%zu: invalid YAML: %s (byte %zu)", r->name, line, col,
	                    p->problem ? p->problem : "unreadable", off);
}

static int parse_failure(const struct tg_yaml_reader *r)
{
	const yaml_parser_t *p = &r->parser;
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->mark;

	if (p->error == YAML_READER_ERROR)
		return reader_failure(r);
	if (p->error == YAML_MEMORY_ERROR)
		return tg_error_set(TG_ERR_RUN, "%s: out of memory reading YAML", r->name);
	if (p->context)
		return tg_error_set(r->code, "%s:%zu:%zu: invalid YAML: %s (%s at line %zu)",
		                    r->name, m->line + 1, m->column + 1,
		                    p->problem ? p->problem : "error", p->context,
		                    p->context_mark.line + 1);
	return tg_error_set(r->code, "%s:%zu:%zu: invalid YAML: %s", r->name, m->line + 1,
	                    m->column + 1, p->problem ? p->problem : "cannot parse");
}

int tg_yaml_next(struct tg_yaml_reader *r, yaml_event_t *ev)
{
	yaml_mark_t at;

	if (!yaml_parser_parse(&r->parser, ev))
		return parse_failure(r);
	switch (ev->type) {
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (++r->depth <= TG_YAML_MAX_DEPTH)
			break;
		at = ev->start_mark;
		yaml_event_delete(ev);
		return tg_error_set(r->code, "%s:%zu:%zu: nested deeper than %d levels", r->name,
		                    at.line + 1, at.column + 1, TG_YAML_MAX_DEPTH);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		r->depth--;
		break;
	default:
		break;
	}
	return 0;
}

/* A collection being built: its node, and a mapping's key waiting for its value. */
struct open_node {
	int id;
	int key; /* 0: none */
};

struct loader {
	struct tg_yaml_reader r;
	yaml_document_t *doc;
	struct open_node open[TG_YAML_MAX_DEPTH];
	struct tg_hashmap anchors; /* anchor -> node id, once its node has ended */
};

static int node_failure(struct loader *l, const yaml_event_t *ev, const char *what)
{
	return tg_error_set(l->r.code, "%s:%zu:%zu: invalid YAML: %s", l->r.name,
	                    ev->start_mark.line + 1, ev->start_mark.column + 1, what);
}

/* libyaml's loader gives the node of an untagged or "!" event the default tag. */
static yaml_char_t *tag_of(yaml_char_t *tag)
{
	return tag && strcmp((const char *)tag, "!") ? tag : NULL;
}

/* Records node id's anchor, if it has one: later aliases may name it. */
static void add_anchor(struct loader *l, const yaml_char_t *anchor, int id)
{
	if (anchor)
		tg_hashmap_put(&l->anchors, (const char *)anchor, strlen((const char *)anchor),
		               NULL)
		        ->val.u64 = (uint64_t)id;
}

static int starts_collection(const yaml_event_t *ev)
{
	return ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT;
}

/* Hangs node id in its place: the root, a sequence's item, a mapping's key or value. */
static int attach(struct loader *l, const yaml_event_t *ev, int id)
{
	/* The collections around the node (the reader has counted a new one already). */
	int around = l->r.depth - starts_collection(ev), ok = 1;
	struct open_node *parent;

	if (!id)
		return node_failure(l, ev, "cannot add the node (not UTF-8?)");
	if (!around)
		return 0; /* the root: the document's first node */
	parent = &l->open[around - 1];
	if (yaml_document_get_node(l->doc, parent->id)->type == YAML_SEQUENCE_NODE) {
		ok = yaml_document_append_sequence_item(l->doc, parent->id, id);
	} else if (!parent->key) {
		parent->key = id;
	} else {
		ok = yaml_document_append_mapping_pair(l->doc, parent->id, parent->key, id);
		parent->key = 0;
	}
	return ok ? 0 : tg_error_set(TG_ERR_RUN, "%s: out of memory reading YAML", l->r.name);
}

static int add_node(struct loader *l, yaml_event_t *ev)
{
	yaml_node_t *n;
	int id;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.length > INT_MAX)
			return node_failure(l, ev, "a scalar of more than 2 GiB");
		id = yaml_document_add_scalar(l->doc, tag_of(ev->data.scalar.tag),
		                              ev->data.scalar.value, (int)ev->data.scalar.length,
		                              ev->data.scalar.style);
		if (id)
			add_anchor(l, ev->data.scalar.anchor, id);
		break;
	case YAML_ALIAS_EVENT: {
		const char *a = (const char *)ev->data.alias.anchor;
		struct tg_hashmap_entry *e = tg_hashmap_get(&l->anchors, a, strlen(a));

		if (!e)
			return node_failure(l, ev, "an alias to no anchor that has ended");
		return attach(l, ev, (int)e->val.u64);
	}
	case YAML_SEQUENCE_START_EVENT:
		id = yaml_document_add_sequence(l->doc, tag_of(ev->data.sequence_start.tag),
		                                ev->data.sequence_start.style);
		break;
	case YAML_MAPPING_START_EVENT:
		id = yaml_document_add_mapping(l->doc, tag_of(ev->data.mapping_start.tag),
		                               ev->data.mapping_start.style);
		break;
	default:
		return node_failure(l, ev, "unexpected event");
	}
	if (id) {
		n = yaml_document_get_node(l->doc, id);
		n->start_mark = ev->start_mark;
		n->end_mark = ev->end_mark;
	}
	if (id && starts_collection(ev))
		l->open[l->r.depth - 1] = (struct open_node){id, 0};
	return attach(l, ev, id);
}

/* Closes the innermost collection: its end mark, and its anchor from now on. */
static void end_node(struct loader *l, const yaml_event_t *ev, const yaml_char_t *anchor)
{
	int id = l->open[l->r.depth].id; /* the reader has counted the end already */

	yaml_document_get_node(l->doc, id)->end_mark = ev->end_mark;
	add_anchor(l, anchor, id);
}

/* A collection's anchor, taken from its start event (which no longer frees it). */
static yaml_char_t *take_anchor(yaml_event_t *ev)
{
	yaml_char_t **a = ev->type == YAML_SEQUENCE_START_EVENT ? &ev->data.sequence_start.anchor
	                                                        : &ev->data.mapping_start.anchor;
	yaml_char_t *taken = *a;

	*a = NULL;
	return taken;
}

/*
 * The events of the first document's nodes, up to its end. A collection's
 * anchor waits in `pending` until the collection ends: an alias inside a
 * node to the node itself would make a cycle, which every walk would follow.
 */
static int load_nodes(struct loader *l)
{
	yaml_char_t *pending[TG_YAML_MAX_DEPTH] = {0};
	yaml_event_t ev;
	int rc = 0, i;

	while (!rc && !(rc = tg_yaml_next(&l->r, &ev))) {
		if (ev.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
			end_node(l, &ev, pending[l->r.depth]);
			free(pending[l->r.depth]);
			pending[l->r.depth] = NULL;
		} else {
			rc = add_node(l, &ev);
			if (!rc && starts_collection(&ev))
				pending[l->r.depth - 1] = take_anchor(&ev);
		}
		yaml_event_delete(&ev);
	}
	for (i = 0; i < TG_YAML_MAX_DEPTH; i++)
		free(pending[i]);
	return rc;
}

/* Skips the stream's start; *found: whether a document follows (not an empty stream). */
static int to_document(struct loader *l, int *found)
{
	yaml_event_t ev;
	int rc;

	*found = 0;
	while (!(rc = tg_yaml_next(&l->r, &ev))) {
		yaml_event_type_t type = ev.type;

		yaml_event_delete(&ev);
		if (type == YAML_DOCUMENT_START_EVENT)
			*found = 1;
		if (type != YAML_STREAM_START_EVENT)
			break;
	}
	return rc;
}

int tg_yaml_load(const char *name, const char *text, size_t len, int code, yaml_document_t *doc)
{
	struct loader l = {.doc = doc, .anchors = TG_HASHMAP_INIT};
	int rc, found;

	memset(doc, 0, sizeof(*doc));
	rc = tg_yaml_reader_init(&l.r, name, text, len, code);
	if (rc)
		return rc;
	if (!yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1)) {
		tg_yaml_reader_release(&l.r);
		return tg_error_set(TG_ERR_RUN, "%s: out of memory reading YAML", name);
	}
	rc = to_document(&l, &found);
	if (!rc && found)
		rc = load_nodes(&l);
	tg_hashmap_release(&l.anchors);
	tg_yaml_reader_release(&l.r);
	if (rc)
		yaml_document_delete(doc);
	return rc;
}
