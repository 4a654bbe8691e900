#ifndef TG_YAML_H
#define TG_YAML_H

/*
 * The one way to read YAML: libyaml's event parser with nesting bounded.
 * Every YAML reader (the configuration, workflows, rule packs) goes through
 * it, so that no input nests deeper than TG_YAML_MAX_DEPTH collections.
 * libyaml's own loader has no bound: a flow of 200,000 '[' took it 53 s,
 * and its node tree is walked by recursion. Stopping at the first event
 * past the bound costs only the text read so far.
 *
 * Errors name the place: "<name>:<line>:<column>: invalid YAML: <problem>",
 * or "<name>:<line>:<column>: nested deeper than 64 levels", with the status
 * code the caller chose for bad input (TG_ERR_USAGE, TG_ERR_INPUT).
 */

#include <stddef.h>
#include <yaml.h>

/*
 * Collections (sequences and mappings) open at once. Workflows, rule packs
 * and the configuration nest fewer than 15; 64 leaves room for any real
 * file while keeping every recursive walk over the tree shallow.
 */
enum { TG_YAML_MAX_DEPTH = 64 };

struct tg_yaml_reader {
	yaml_parser_t parser;
	const char *name; /* for messages */
	const char *text;
	size_t len;
	int code;  /* the status of a bad input */
	int depth; /* collections open */
};

/*
 * Starts reading text (len bytes, not copied: it must outlive the reader).
 * TG_ERR_RUN when libyaml cannot start; then there is nothing to release.
 */
int tg_yaml_reader_init(struct tg_yaml_reader *r, const char *name, const char *text, size_t len,
                        int code);
/*
 * The next event into *ev, which the caller deletes (yaml_event_delete) on
 * success; on failure (bad YAML, too deep) *ev holds nothing to delete.
 */
int tg_yaml_next(struct tg_yaml_reader *r, yaml_event_t *ev);
void tg_yaml_reader_release(struct tg_yaml_reader *r);

/*
 * The first document of text as libyaml's document tree, as
 * yaml_parser_load() builds it (node ids, tags, marks), within the depth
 * bound. An alias may refer only to a node that has ended, so the tree has
 * no cycles. An empty text gives a document with no root. On success the
 * caller deletes *doc (yaml_document_delete); on failure there is nothing
 * to delete.
 */
int tg_yaml_load(const char *name, const char *text, size_t len, int code, yaml_document_t *doc);

#endif
