/*
 * A YAML record (util/yaml.h's tree) as builder events: PyPA's advisories
 * are YAML, and the database stores every record as JSON.
 */
#include "vulndb/vulndb_int.h"

#include "util/error.h"
#include "util/yaml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct walk {
	yaml_document_t *doc;
	struct tg_vulndb_builder *b;
	const char *name;
	size_t budget;         /* nodes left to emit: aliases may not multiply the document */
	const yaml_node_t *at; /* the node that stopped the walk */
	const char *why;
};

static int scalar_is(const yaml_node_t *n, const char *s)
{
	return n->data.scalar.length == strlen(s) && !memcmp(n->data.scalar.value, s, strlen(s));
}

static int tagged(const yaml_node_t *n, const char *tag)
{
	return n->tag && !strcmp((const char *)n->tag, tag);
}

/* A scalar tagged as a number, as JSON's number text; 0 when it is not one. */
static int number_text(const yaml_node_t *n, char *out, size_t size)
{
	char *end, *v;
	double d;

	if (!tagged(n, YAML_INT_TAG) && !tagged(n, YAML_FLOAT_TAG))
		return 0;
	v = strndup((const char *)n->data.scalar.value, n->data.scalar.length);
	d = v ? strtod(v, &end) : NAN;
	if (!v || end == v || *end || !isfinite(d)) {
		free(v);
		return 0;
	}
	free(v);
	snprintf(out, size, "%.17g", d);
	return 1;
}

/*
 * Plain scalars that YAML reads as null or booleans become those; every other
 * scalar stays a string, numbers included, unless tagged !!int or !!float:
 * OSV's versions ("1.0", "0") and ids are strings, and a YAML float would
 * change them.
 */
static int emit_scalar(struct tg_vulndb_builder *b, const yaml_node_t *n)
{
	int plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	char num[40];

	if (plain && (n->data.scalar.length == 0 || scalar_is(n, "~") || scalar_is(n, "null") ||
	              scalar_is(n, "Null") || scalar_is(n, "NULL")))
		return tg_vulndb_builder_literal(b, -1);
	if (plain && (scalar_is(n, "true") || scalar_is(n, "True") || scalar_is(n, "TRUE")))
		return tg_vulndb_builder_literal(b, 1);
	if (plain && (scalar_is(n, "false") || scalar_is(n, "False") || scalar_is(n, "FALSE")))
		return tg_vulndb_builder_literal(b, 0);
	if (number_text(n, num, sizeof(num)))
		return tg_vulndb_builder_number(b, num, strlen(num));
	return tg_vulndb_builder_string(b, (const char *)n->data.scalar.value,
	                                n->data.scalar.length);
}

static int scalar(struct walk *w, const yaml_node_t *n)
{
	return emit_scalar(w->b, n);
}

static int node(struct walk *w, int id);

static int mapping(struct walk *w, const yaml_node_t *n)
{
	yaml_node_pair_t *p;

	if (!tg_vulndb_builder_map(w->b))
		return 0;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(w->doc, p->key);

		if (!k || k->type != YAML_SCALAR_NODE) {
			w->at = k ? k : n, w->why = "a mapping key that is not a scalar";
			return 0;
		}
		if (!tg_vulndb_builder_key(w->b, (const char *)k->data.scalar.value,
		                           k->data.scalar.length) ||
		    !node(w, p->value))
			return 0;
	}
	return tg_vulndb_builder_end(w->b);
}

static int node(struct walk *w, int id)
{
	yaml_node_t *n = yaml_document_get_node(w->doc, id);
	yaml_node_item_t *it;

	if (!n) {
		w->why = "malformed YAML document";
		return 0;
	}
	w->at = n;
	if (!w->budget--) {
		w->why = "aliases expand the document too far";
		return 0;
	}
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return scalar(w, n);
	case YAML_SEQUENCE_NODE:
		if (!tg_vulndb_builder_array(w->b))
			return 0;
		for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
			if (!node(w, *it))
				return 0;
		return tg_vulndb_builder_end(w->b);
	case YAML_MAPPING_NODE:
		return mapping(w, n);
	default:
		w->why = "malformed YAML document";
		return 0;
	}
}

static int tree_events(const char *name, const char *text, size_t len, struct tg_vulndb_builder *b)
{
	yaml_document_t doc;
	/* A node per input byte is more than any real document; aliases beyond that are a bomb. */
	struct walk w = {&doc, b, name, len + 64, NULL, NULL};
	int rc = TG_OK;

	if ((rc = tg_yaml_load(name, text, len, TG_ERR_INPUT, &doc)))
		return rc;
	if (!yaml_document_get_root_node(&doc))
		rc = tg_error_set(TG_ERR_INPUT, "%s: an empty YAML document", name);
	else if (!node(&w, 1)) {
		const char *why = w.why ? w.why : b->failed ? b->failed : "malformed record";
		if (w.at)
			rc = tg_error_set(TG_ERR_INPUT, "%s:%zu:%zu: %s", name,
			                  w.at->start_mark.line + 1, w.at->start_mark.column + 1,
			                  why);
		else
			rc = tg_error_set(TG_ERR_INPUT, "%s: %s", name, why);
	}
	yaml_document_delete(&doc);
	return rc;
}

/*
 * The events straight from the parser, with no tree: the tree's allocations
 * were most of a YAML record's cost. A document with an alias needs the tree
 * (an alias refers back to a node), so this stops with TG_ERR_NOTFOUND and
 * the caller starts over on the tree.
 */
static int stream_events(const char *name, const char *text, size_t len,
                         struct tg_vulndb_builder *b)
{
	struct tg_yaml_reader r;
	unsigned char expect_key[TG_YAML_MAX_DEPTH + 2]; /* per open container: a map's key next */
	int depth = 0, rc, ok = 1, done = 0;
	yaml_event_t ev;

	if ((rc = tg_yaml_reader_init(&r, name, text, len, TG_ERR_INPUT)))
		return rc;
	while (!rc && ok && !done && !(rc = tg_yaml_next(&r, &ev))) {
		int key = depth > 0 && expect_key[depth] == 1;
		yaml_mark_t at = ev.start_mark;
		const char *why = NULL;

		if (depth > 0 &&
		    (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT ||
		     ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT))
			expect_key[depth] = expect_key[depth] == 1   ? 2
			                    : expect_key[depth] == 2 ? 1
			                                             : 0;
		switch (ev.type) {
		case YAML_ALIAS_EVENT:
			rc = TG_ERR_NOTFOUND;
			break;
		case YAML_SCALAR_EVENT:
			if (key) {
				ok = tg_vulndb_builder_key(b, (const char *)ev.data.scalar.value,
				                           ev.data.scalar.length);
			} else {
				yaml_node_t n = {.type = YAML_SCALAR_NODE,
				                 .tag = ev.data.scalar.tag};
				n.data.scalar.value = ev.data.scalar.value;
				n.data.scalar.length = ev.data.scalar.length;
				n.data.scalar.style = ev.data.scalar.style;
				ok = emit_scalar(b, &n);
			}
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (key) {
				why = "a mapping key that is not a scalar";
				break;
			}
			ok = ev.type == YAML_MAPPING_START_EVENT ? tg_vulndb_builder_map(b)
			                                         : tg_vulndb_builder_array(b);
			expect_key[++depth] = ev.type == YAML_MAPPING_START_EVENT;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			ok = tg_vulndb_builder_end(b);
			depth--;
			break;
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
		case YAML_NO_EVENT:
			done = 1; /* the first document only, as tg_yaml_load reads */
			break;
		default:
			break;
		}
		if (why || !ok)
			rc = tg_error_set(TG_ERR_INPUT, "%s:%zu:%zu: %s", name, at.line + 1,
			                  at.column + 1,
			                  why         ? why
			                  : b->failed ? b->failed
			                              : "malformed");
		yaml_event_delete(&ev);
	}
	tg_yaml_reader_release(&r);
	if (!rc && !b->done)
		rc = tg_error_set(TG_ERR_INPUT, "%s: an empty YAML document", name);
	return rc;
}

int tg_vulndb_yaml_events(const char *name, const char *text, size_t len,
                          struct tg_vulndb_builder *b)
{
	int rc = stream_events(name, text, len, b);

	if (rc != TG_ERR_NOTFOUND)
		return rc;
	tg_vulndb_builder_release(b);
	tg_vulndb_builder_init(b, b->rec);
	return tree_events(name, text, len, b);
}
