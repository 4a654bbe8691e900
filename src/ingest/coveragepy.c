/*
 * coverage.py JSON (`coverage json`): files{path: {executed_lines,
 * missing_lines, executed_branches, missing_branches}}. Branches are
 * [from, to] pairs; a negative `to` is an exit.
 */

#include "ingest/coverage_int.h"

#include "util/error.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int lines(struct cov_builder *b, const char *path, json_t *file, const char *key,
                 long long hits, struct tg_coverage_file *f)
{
	json_t *arr = json_object_get(file, key), *v;
	size_t i;

	if (!arr)
		return TG_OK;
	if (!json_is_array(arr))
		return tg_error_set(TG_ERR_INPUT, "%s: files.%s.%s is not an array", b->file, path,
		                    key);
	json_array_foreach(arr, i, v)
	{
		json_int_t n = json_is_integer(v) ? json_integer_value(v) : -1;
		if (n < 1 || n > 100000000)
			return tg_error_set(TG_ERR_INPUT,
			                    "%s: files.%s.%s[%zu] is not a line number", b->file,
			                    path, key, i);
		cov_line(f, (int)n, hits);
	}
	return TG_OK;
}

static int branches(struct cov_builder *b, const char *path, json_t *file, const char *key,
                    int taken, struct tg_coverage_file *f)
{
	json_t *arr = json_object_get(file, key), *v;
	size_t i;

	if (!arr)
		return TG_OK;
	if (!json_is_array(arr))
		return tg_error_set(TG_ERR_INPUT, "%s: files.%s.%s is not an array", b->file, path,
		                    key);
	json_array_foreach(arr, i, v)
	{
		json_t *from = json_array_get(v, 0), *to = json_array_get(v, 1);
		char k[48];
		int n;
		if (!json_is_array(v) || json_array_size(v) != 2 || !json_is_integer(from) ||
		    !json_is_integer(to) || json_integer_value(from) < 1 ||
		    json_integer_value(from) > 100000000)
			return tg_error_set(TG_ERR_INPUT,
			                    "%s: files.%s.%s[%zu] is not a [from, to] pair",
			                    b->file, path, key, i);
		n = snprintf(k, sizeof(k), "%lld", (long long)json_integer_value(to));
		cov_branch(f, (int)json_integer_value(from), k, (size_t)n, taken);
	}
	return TG_OK;
}

int tg_ingest_coveragepy(struct cov_builder *b, const char *text, size_t len)
{
	json_error_t err;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err), *files, *file;
	const char *path;
	int rc = TG_OK;

	if (!root)
		return tg_error_set(TG_ERR_INPUT, "%s:%d:%d: malformed JSON: %s", b->file, err.line,
		                    err.column, err.text);
	files = json_object_get(root, "files");
	if (!json_is_object(files)) {
		json_decref(root);
		return tg_error_set(TG_ERR_INPUT,
		                    "%s:1: not a coverage.py JSON report (no \"files\")", b->file);
	}
	json_object_foreach(files, path, file)
	{
		struct tg_coverage_file *f;
		if (!json_is_object(file)) {
			rc = tg_error_set(TG_ERR_INPUT, "%s: files.%s is not an object", b->file,
			                  path);
			break;
		}
		if (cov_file(b, path, &f))
			continue;
		rc = lines(b, path, file, "executed_lines", 1, f);
		if (!rc)
			rc = lines(b, path, file, "missing_lines", 0, f);
		if (!rc)
			rc = branches(b, path, file, "executed_branches", 1, f);
		if (!rc)
			rc = branches(b, path, file, "missing_branches", 0, f);
		if (rc)
			break;
	}
	json_decref(root);
	return rc;
}
