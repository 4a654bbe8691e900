/*
 * The fix an imported SARIF result carried (the item's `fix`, written by
 * ingest), applied in the worktree without the executor. Each replacement
 * names a byte span of the file as discovery saw it and the text it held
 * there; a span whose text differs now (the file changed since, or the tool
 * described another version of it) is refused, never patched over. The
 * replacements of one file are applied back to front, so every span still
 * refers to the original text.
 */
#include "execute/execute_int.h"

#include "backlog/item.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct repl {
	const char *path, *deleted, *inserted;
	size_t offset, length, deleted_len, inserted_len;
	long line, column;
};

static int by_path_then_offset_desc(const void *a, const void *b)
{
	const struct repl *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return x->offset < y->offset ? 1 : x->offset > y->offset ? -1 : 0;
}

static int read_repl(const json_t *o, size_t i, struct repl *r)
{
	const json_t *off = json_object_get(o, "offset"), *len = json_object_get(o, "length");
	const json_t *del = json_object_get(o, "deleted"), *ins = json_object_get(o, "inserted");
	const char *problem = json_string_value(json_object_get(o, "problem"));

	r->path = json_string_value(json_object_get(o, "path"));
	r->line = (long)json_integer_value(json_object_get(o, "start_line"));
	r->column = (long)json_integer_value(json_object_get(o, "start_column"));
	if (!r->path)
		return tg_error_set(TG_ERR_INPUT, "SARIF fix: replacement %zu has no path", i + 1);
	if (problem)
		return tg_error_set(TG_ERR_INPUT, "SARIF fix: %s: %s (when it was imported)",
		                    r->path, problem);
	if (!json_is_integer(off) || !json_is_integer(len) || !json_is_string(del) ||
	    json_integer_value(off) < 0 || json_integer_value(len) < 0)
		return tg_error_set(TG_ERR_INPUT, "SARIF fix: %s: replacement %zu has no region",
		                    r->path, i + 1);
	r->offset = (size_t)json_integer_value(off);
	r->length = (size_t)json_integer_value(len);
	r->deleted = json_string_value(del);
	r->deleted_len = json_string_length(del);
	r->inserted = json_is_string(ins) ? json_string_value(ins) : "";
	r->inserted_len = json_is_string(ins) ? json_string_length(ins) : 0;
	return TG_OK;
}

static void where(struct tg_buf *b, const struct repl *r)
{
	tg_buf_adds(b, r->path);
	if (r->line > 0)
		tg_buf_addf(b, ":%ld:%ld", r->line, r->column);
	else
		tg_buf_addf(b, " at byte %zu", r->offset);
}

/* Applies the replacements r[0..n), all of one file and sorted back to front. */
static int apply_file(const char *tree, const struct repl *r, size_t n)
{
	struct tg_buf text = TG_BUF_INIT, out = TG_BUF_INIT, at = TG_BUF_INIT;
	size_t i, end = 0;
	int rc = TG_OK;

	/* The path came with an imported report: beneath the worktree, no link followed. */
	if (tg_beneath_read_file(&text, tree, r[0].path)) {
		rc = tg_error_prefix(TG_ERR_INPUT, "SARIF fix");
		goto done;
	}
	for (i = 0; i < n && !rc; i++) {
		tg_buf_reset(&at);
		where(&at, &r[i]);
		if (i && r[i].offset + r[i].length > r[i - 1].offset)
			rc = tg_error_set(TG_ERR_INPUT, "SARIF fix: %s: replacements overlap",
			                  at.buf);
		else if (r[i].offset + r[i].length > text.len)
			rc = tg_error_set(TG_ERR_INPUT,
			                  "SARIF fix: %s: the region is past the end of the file "
			                  "(it changed since discovery)",
			                  at.buf);
		else if (r[i].length != r[i].deleted_len ||
		         memcmp(text.buf + r[i].offset, r[i].deleted, r[i].length))
			rc = tg_error_set(
			        TG_ERR_INPUT,
			        "SARIF fix: %s: the text there is not what the fix expects "
			        "(the file changed since the analyzer ran); not applied",
			        at.buf);
	}
	if (rc)
		goto done;
	/* Every span refers to the original text (as back-to-front application
	 * would keep it): copy what lies between them, front to back. */
	for (i = n; i-- > 0;) {
		tg_buf_add(&out, text.buf + end, r[i].offset - end);
		tg_buf_add(&out, r[i].inserted, r[i].inserted_len);
		end = r[i].offset + r[i].length;
	}
	tg_buf_add(&out, text.buf + end, text.len - end);
	rc = tg_beneath_write_file(&out, tree, r[0].path);
	if (rc)
		tg_error_prefix(rc, "SARIF fix");
done:
	tg_buf_release(&text);
	tg_buf_release(&out);
	tg_buf_release(&at);
	return rc;
}

int apply_sarif_fix(const char *tree, const struct tg_item *it)
{
	json_error_t jerr;
	json_t *fix = tg_json_loads(it->fix, 0, &jerr), *list;
	struct repl *r = NULL;
	size_t n = 0, i, from;
	int rc = TG_OK;

	list = json_object_get(fix, "replacements");
	if (!json_is_array(list) || !json_array_size(list)) {
		json_decref(fix);
		return tg_error_set(TG_ERR_INPUT, "SARIF fix of %s has no replacements",
		                    it->fingerprint);
	}
	n = json_array_size(list);
	r = tg_calloc(n, sizeof(*r));
	for (i = 0; i < n && !rc; i++)
		rc = read_repl(json_array_get(list, i), i, &r[i]);
	if (!rc)
		qsort(r, n, sizeof(*r), by_path_then_offset_desc);
	/* A refusal in a later file leaves earlier ones written: the worktree is dropped. */
	for (from = 0; !rc && from < n;) {
		for (i = from + 1; i < n && !strcmp(r[i].path, r[from].path);)
			i++;
		rc = apply_file(tree, r + from, i - from);
		from = i;
	}
	free(r);
	json_decref(fix);
	return rc;
}
