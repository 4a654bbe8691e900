/*
 * Cobertura XML (coverage-04.dtd, as gcovr, coverage.py and JaCoCo
 * converters write it): <sources><source> directories, then
 * <class filename=...><lines><line number hits branch condition-coverage>.
 * Network access and entity substitution stay off: a report is data.
 */

#include "ingest/coverage_int.h"

#include "util/dl.h"
#include "util/error.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxml2, opened on first use (util/dl.h says why). */
static struct {
	__typeof__(xmlGetProp) *GetProp;
	__typeof__(xmlGetLineNo) *GetLineNo;
	__typeof__(xmlNodeGetContent) *NodeGetContent;
	__typeof__(xmlNewParserCtxt) *NewParserCtxt;
	__typeof__(xmlFreeParserCtxt) *FreeParserCtxt;
	__typeof__(xmlSetStructuredErrorFunc) *SetStructuredErrorFunc;
	__typeof__(xmlCtxtReadMemory) *CtxtReadMemory;
	__typeof__(xmlDocGetRootElement) *DocGetRootElement;
	__typeof__(xmlFreeDoc) *FreeDoc;
	xmlFreeFunc *Free; /* a variable in libxml2: the deallocator it was set up with */
} lx;
static const struct tg_dl_sym xml2_syms[] = {
        {"xmlGetProp", &lx.GetProp},
        {"xmlGetLineNo", &lx.GetLineNo},
        {"xmlNodeGetContent", &lx.NodeGetContent},
        {"xmlNewParserCtxt", &lx.NewParserCtxt},
        {"xmlFreeParserCtxt", &lx.FreeParserCtxt},
        {"xmlSetStructuredErrorFunc", &lx.SetStructuredErrorFunc},
        {"xmlCtxtReadMemory", &lx.CtxtReadMemory},
        {"xmlDocGetRootElement", &lx.DocGetRootElement},
        {"xmlFreeDoc", &lx.FreeDoc},
        {"xmlFree", &lx.Free},
        {NULL, NULL},
};
static struct tg_dl xml2 = TG_DL_INIT(TG_XML2_SONAME, "libxml2", xml2_syms, NULL);

static int named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static long long attr_ll(const xmlNode *n, const char *name, int *ok)
{
	xmlChar *v = lx.GetProp(n, (const xmlChar *)name);
	char *end;
	long long x = 0;

	*ok = 0;
	if (v) {
		x = strtoll((const char *)v, &end, 10);
		/* hits may be written as a float by some converters */
		*ok = end != (char *)v && (*end == '\0' || *end == '.');
		(*lx.Free)(v);
	}
	return x;
}

/* condition-coverage="50% (1/2)": covered 1 of 2. */
static void conditions(const xmlNode *line, long *covered, long *total)
{
	xmlChar *v = lx.GetProp(line, (const xmlChar *)"condition-coverage");
	const char *p;

	*covered = *total = 0;
	if (!v)
		return;
	p = strchr((const char *)v, '(');
	if (p && sscanf(p, "(%ld/%ld)", covered, total) != 2)
		*covered = *total = 0;
	if (*total > 1000 || *total < 0 || *covered < 0 || *covered > *total)
		*covered = *total = 0;
	(*lx.Free)(v);
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
				                    b->file, (int)lx.GetLineNo(ln));
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
			xmlChar *t = lx.NodeGetContent(n);
			if (t) {
				char *s = (char *)t;
				size_t len = strlen(s);
				while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' ||
				               s[len - 1] == '\r' || s[len - 1] == '\t'))
					s[--len] = '\0';
				while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
					s++;
				if (*s)
					tg_strlist_add(&b->sources, s);
				(*lx.Free)(t);
			}
		} else if (named(n, "class")) {
			xmlChar *fn = lx.GetProp(n, (const xmlChar *)"filename");
			struct tg_coverage_file *f = NULL;
			int rc = TG_OK;
			if (!fn)
				return tg_error_set(TG_ERR_INPUT, "%s:%d: <class> without filename",
				                    b->file, (int)lx.GetLineNo(n));
			if (*fn && !cov_file(b, (const char *)fn, &f))
				rc = class_lines(b, n, f);
			(*lx.Free)(fn);
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

/* The first error is the one worth reporting; libxml2 goes on and reports its consequences. */
struct first_error {
	int line, set;
	char msg[160];
};

static void keep_first(void *arg, xmlErrorPtr e)
{
	struct first_error *fe = arg;
	size_t n;

	if (fe->set || !e || e->level < XML_ERR_ERROR)
		return;
	fe->set = 1;
	fe->line = e->line;
	snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "unknown error");
	n = strcspn(fe->msg, "\n");
	fe->msg[n] = '\0';
}

int tg_ingest_xml_library(const char **soname)
{
	*soname = xml2.soname;
	return tg_dl_load(&xml2);
}

int tg_ingest_cobertura(struct cov_builder *b, const char *text, size_t len)
{
	struct first_error fe = {0, 0, ""};
	const char *soname;
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlNode *root;
	int rc;

	if ((rc = tg_ingest_xml_library(&soname)))
		return tg_error_prefix(rc, "%s", b->file);
	ctxt = lx.NewParserCtxt();
	if (!ctxt)
		return tg_error_set(TG_ERR_RUN, "%s: out of memory for the XML parser", b->file);
	if (len > (size_t)0x7fffffff) {
		lx.FreeParserCtxt(ctxt);
		return tg_error_set(TG_ERR_INPUT, "%s: too large for an XML report", b->file);
	}
	lx.SetStructuredErrorFunc(&fe, (xmlStructuredErrorFunc)keep_first);
	doc = lx.CtxtReadMemory(ctxt, text, (int)len, b->file, NULL, XML_PARSE_NONET);
	lx.SetStructuredErrorFunc(NULL, NULL);
	if (!doc || !ctxt->wellFormed) {
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: malformed XML: %s", b->file,
		                  fe.set ? fe.line : 1, fe.set ? fe.msg : "unknown error");
		lx.FreeDoc(doc);
		lx.FreeParserCtxt(ctxt);
		return rc;
	}
	root = lx.DocGetRootElement(doc);
	if (!root || !named(root, "coverage"))
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: not a Cobertura report (no <coverage>)",
		                  b->file, root ? (int)lx.GetLineNo(root) : 1);
	else
		rc = walk(b, root->children);
	lx.FreeDoc(doc);
	lx.FreeParserCtxt(ctxt);
	return rc;
}
