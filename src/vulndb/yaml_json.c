/*
 * A YAML document (util/yaml.h's tree) as jansson: PyPA's advisories are
 * YAML, and the database stores every record as JSON.
 */
#include "vulndb/vulndb_int.h"

#include "util/error.h"
#include "util/yaml.h"

#include <stdlib.h>
#include <string.h>

struct convert {
	yaml_document_t *doc;
	const char *name;
	size_t budget; /* nodes left to emit: aliases may not multiply the document */
};

static int scalar_is(const yaml_node_t *n, const char *s)
{
	return n->data.scalar.length == strlen(s) && !memcmp(n->data.scalar.value, s, strlen(s));
}

static int tagged(const yaml_node_t *n, const char *tag)
{
	return n->tag && !strcmp((const char *)n->tag, tag);
}

/*
 * Plain scalars that YAML reads as null or booleans become those; every other
 * scalar stays a string, numbers included, unless tagged !!int or !!float:
 * OSV's versions ("1.0", "0") and ids are strings, and a YAML float would
 * change them.
 */
static json_t *scalar(const yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;
	int plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

	if (plain && (len == 0 || scalar_is(n, "~") || scalar_is(n, "null") ||
	              scalar_is(n, "Null") || scalar_is(n, "NULL")))
		return json_null();
	if (plain && (scalar_is(n, "true") || scalar_is(n, "True") || scalar_is(n, "TRUE")))
		return json_true();
	if (plain && (scalar_is(n, "false") || scalar_is(n, "False") || scalar_is(n, "FALSE")))
		return json_false();
	if (tagged(n, YAML_INT_TAG) || tagged(n, YAML_FLOAT_TAG)) {
		char *end;
		double d = strtod(v, &end);
		if (end != v && !*end)
			return tagged(n, YAML_INT_TAG) && d == (json_int_t)d
			               ? json_integer((json_int_t)d)
			               : json_real(d);
	}
	return json_stringn(v, len);
}

static int convert(struct convert *c, int id, int depth, json_t **out);

static int mapping(struct convert *c, yaml_node_t *n, int depth, json_t **out)
{
	yaml_node_pair_t *p;

	*out = json_object();
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		json_t *v;
		char *key;
		int rc;

		if (!k || k->type != YAML_SCALAR_NODE)
			return tg_error_set(
			        TG_ERR_INPUT, "%s:%zu:%zu: a mapping key that is not a scalar",
			        c->name, n->start_mark.line + 1, n->start_mark.column + 1);
		if ((rc = convert(c, p->value, depth + 1, &v)))
			return rc;
		key = strndup((const char *)k->data.scalar.value, k->data.scalar.length);
		if (!key || strlen(key) != k->data.scalar.length ||
		    json_object_set_new(*out, key, v)) {
			free(key);
			return tg_error_set(TG_ERR_INPUT, "%s:%zu:%zu: a key jansson cannot hold",
			                    c->name, k->start_mark.line + 1,
			                    k->start_mark.column + 1);
		}
		free(key);
	}
	return TG_OK;
}

static int convert_node(struct convert *c, int id, int depth, json_t **out)
{
	yaml_node_t *n = yaml_document_get_node(c->doc, id);
	yaml_node_item_t *it;
	int rc;

	*out = NULL;
	if (!n || depth > TG_YAML_MAX_DEPTH)
		return tg_error_set(TG_ERR_INPUT, "%s: malformed YAML document", c->name);
	if (!c->budget--)
		return tg_error_set(TG_ERR_INPUT, "%s:%zu:%zu: aliases expand the document too far",
		                    c->name, n->start_mark.line + 1, n->start_mark.column + 1);
	switch (n->type) {
	case YAML_SCALAR_NODE:
		*out = scalar(n);
		if (!*out) /* jansson refuses the bytes (a NUL inside) */
			return tg_error_set(TG_ERR_INPUT, "%s:%zu:%zu: a string JSON cannot hold",
			                    c->name, n->start_mark.line + 1,
			                    n->start_mark.column + 1);
		return TG_OK;
	case YAML_SEQUENCE_NODE:
		*out = json_array();
		for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
			json_t *v;
			if ((rc = convert(c, *it, depth + 1, &v)))
				return rc;
			json_array_append_new(*out, v);
		}
		return TG_OK;
	case YAML_MAPPING_NODE:
		return mapping(c, n, depth, out);
	default:
		return tg_error_set(TG_ERR_INPUT, "%s: malformed YAML document", c->name);
	}
}

/* A node and what is under it; on failure nothing half-built is left in *out. */
static int convert(struct convert *c, int id, int depth, json_t **out)
{
	int rc = convert_node(c, id, depth, out);

	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int tg_vulndb_yaml_to_json(const char *name, const char *text, size_t len, json_t **out)
{
	yaml_document_t doc;
	struct convert c = {&doc, name, 0};
	int rc;

	*out = NULL;
	if ((rc = tg_yaml_load(name, text, len, TG_ERR_INPUT, &doc)))
		return rc;
	/* A node per input byte is more than any real document; aliases beyond that are a bomb. */
	c.budget = len + 64;
	if (!yaml_document_get_root_node(&doc))
		rc = tg_error_set(TG_ERR_INPUT, "%s: an empty YAML document", name);
	else
		rc = convert(&c, 1, 0, out);
	yaml_document_delete(&doc);
	return rc;
}
