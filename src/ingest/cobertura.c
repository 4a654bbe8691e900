/*
 * Cobertura XML (coverage-04.dtd, as gcovr, coverage.py and JaCoCo
 * converters write it): <sources><source> directories, then
 * <class filename=...><lines><line number hits branch condition-coverage>.
 * Network access and entity substitution stay off: a report is data.
 */

#include "ingest/coverage_int.h"

#include "xml/xml.h"
#include "util/error.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int named(const xmlNode *n, const char *name)
{
	return tg_xml_is(n, name);
}

static long long attr_ll(const xmlNode *n, const char *name, int *ok)
{
	char *v = tg_xml_attr(n, name);
	char *end;
	long long x = 0;

	*ok = 0;
	if (v) {
		x = strtoll((const char *)v, &end, 10);
		/* hits may be written as a float by some converters */
		*ok = end != v && (*end == '\0' || *end == '.');
		free(v);
	}
	return x;
}

/* condition-coverage="50% (1/2)": covered 1 of 2. */
static void conditions(const xmlNode *line, long *covered, long *total)
{
	char *v = tg_xml_attr(line, "condition-coverage");
	const char *p;

	*covered = *total = 0;
	if (!v)
		return;
	p = strchr(v, '(');
	if (p && sscanf(p, "(%ld/%ld)", covered, total) != 2)
		*covered = *total = 0;
	if (*total > 1000 || *total < 0 || *covered < 0 || *covered > *total)
		*covered = *total = 0;
	free(v);
}

static int class_lines(struct cov_builder *b, const xmlNode *cls, struct tg_coverage_file *f)
{
	for (const xmlNode *ls = cls->children; ls; ls = ls->next) {
		if (!named(ls, "lines"))
			continue;
		for (const xmlNode *ln = ls->children; ln; ln = ln->next) {
			int ok_n, ok_h;
			long long num, hits;
			long covered, total;
			if (!named(ln, "line"))
				continue;
			num = attr_ll(ln, "number", &ok_n);
			hits = attr_ll(ln, "hits", &ok_h);
			if (!ok_n || !ok_h || num < 1 || num > 100000000)
				return tg_error_set(TG_ERR_INPUT,
				                    "%s:%d: <line> without a valid number and hits",
				                    b->file, tg_xml_line(ln));
			cov_line(f, (int)num, hits);
			conditions(ln, &covered, &total);
			for (long i = 0; i < total; i++) {
				char key[24];
				int n = snprintf(key, sizeof(key), "c%ld", i);
				cov_branch(f, (int)num, key, (size_t)n, i < covered);
			}
		}
	}
	return TG_OK;
}

static int walk(struct cov_builder *b, const xmlNode *n)
{
	for (; n; n = n->next) {
		if (named(n, "source")) {
			char *t = tg_xml_text(n); /* blanks trimmed */
			if (t && *t)
				tg_strlist_add(&b->sources, t);
			free(t);
		} else if (named(n, "class")) {
			char *fn = tg_xml_attr(n, "filename");
			struct tg_coverage_file *f = NULL;
			int rc = TG_OK;
			if (!fn)
				return tg_error_set(TG_ERR_INPUT, "%s:%d: <class> without filename",
				                    b->file, tg_xml_line(n));
			if (*fn && !cov_file(b, fn, &f))
				rc = class_lines(b, n, f);
			free(fn);
			if (rc)
				return rc;
		} else if (n->type == XML_ELEMENT_NODE) {
			int rc = walk(b, n->children);
			if (rc)
				return rc;
		}
	}
	return TG_OK;
}

int tg_ingest_xml_library(const char **soname)
{
	return tg_xml_library(soname);
}

/* A report names coverage-04.dtd in its DOCTYPE: allowed, never loaded (xml/xml.h). */
int tg_ingest_cobertura(struct cov_builder *b, const char *text, size_t len)
{
	const xmlNode *root;
	xmlDoc *doc;
	int rc;

	if ((rc = tg_xml_parse(text, len, b->file, 1, &doc)))
		return rc;
	root = tg_xml_root(doc);
	if (!named(root, "coverage"))
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: not a Cobertura report (no <coverage>)",
		                  b->file, root ? tg_xml_line(root) : 1);
	else
		rc = walk(b, root->children);
	tg_xml_free(doc);
	return rc;
}
