/* libxml2, opened on first use and hardened (xml.h says why). */
#include "xml/xml.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/dl.h"
#include "util/error.h"

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

/* libxml2 goes on after an error and reports its consequences: the first is the one. */
struct first_error {
	int line, set;
	char msg[160];
};

static void keep_first(void *arg, xmlErrorPtr e)
{
	struct first_error *fe = arg;

	if (fe->set || !e || e->level < XML_ERR_ERROR)
		return;
	fe->set = 1;
	fe->line = e->line;
	snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "unknown error");
	fe->msg[strcspn(fe->msg, "\n")] = '\0';
}

/*
 * A DOCTYPE is refused before libxml2 reads it. The bytes are searched as
 * they are, so an encoding that hides ASCII (UTF-16, UTF-32: NUL bytes) is
 * refused too; the parsed document is checked again for any DTD.
 */
static int line_of(const char *data, const char *p)
{
	int line = 1;

	for (const char *q = data; q < p; q++)
		line += *q == '\n';
	return line;
}

static int refuse_dtd(const char *data, size_t len, const char *file)
{
	const char *nul = memchr(data, '\0', len);
	const char *p = memmem(data, len, "<!DOCTYPE", 9);

	if (nul)
		return tg_error_set(
		        TG_ERR_INPUT,
		        "%s:%d: a NUL byte (only UTF-8 and ASCII-based encodings are read)", file,
		        line_of(data, nul));
	if (p)
		return tg_error_set(
		        TG_ERR_INPUT,
		        "%s:%d: a DOCTYPE is refused (no entity from repository content "
		        "is expanded)",
		        file, line_of(data, p));
	return TG_OK;
}

int tg_xml_library(const char **soname)
{
	*soname = xml2.soname;
	return tg_dl_load(&xml2);
}

int tg_xml_parse(const char *data, size_t len, const char *file, int allow_doctype, xmlDoc **doc)
{
	struct first_error fe = {0, 0, ""};
	xmlParserCtxtPtr ctxt;
	int rc;

	*doc = NULL;
	if ((rc = tg_dl_load(&xml2)))
		return tg_error_prefix(rc, "%s", file);
	if (len > (size_t)0x7fffffff)
		return tg_error_set(TG_ERR_INPUT, "%s: too large for an XML manifest", file);
	if (!allow_doctype && (rc = refuse_dtd(data, len, file)))
		return rc;
	if (!(ctxt = lx.NewParserCtxt()))
		return tg_error_set(TG_ERR_RUN, "%s: out of memory for the XML parser", file);
	lx.SetStructuredErrorFunc(&fe, (xmlStructuredErrorFunc)keep_first);
	*doc = lx.CtxtReadMemory(ctxt, data, (int)len, file, NULL, XML_PARSE_NONET);
	lx.SetStructuredErrorFunc(NULL, NULL);
	if (!*doc || !ctxt->wellFormed)
		rc = tg_error_set(TG_ERR_INPUT, "%s:%d: malformed XML: %s", file,
		                  fe.set && fe.line > 0 ? fe.line : 1,
		                  fe.set ? fe.msg : "unknown error");
	else if (!allow_doctype && ((*doc)->intSubset || (*doc)->extSubset))
		rc = tg_error_set(TG_ERR_INPUT, "%s:1: a DOCTYPE is refused", file);
	else if (!lx.DocGetRootElement(*doc))
		rc = tg_error_set(TG_ERR_INPUT, "%s:1: no root element", file);
	lx.FreeParserCtxt(ctxt);
	if (rc) {
		tg_xml_free(*doc);
		*doc = NULL;
	}
	return rc;
}

void tg_xml_free(xmlDoc *doc)
{
	if (doc)
		lx.FreeDoc(doc);
}

const xmlNode *tg_xml_root(const xmlDoc *doc)
{
	return lx.DocGetRootElement((xmlDoc *)doc);
}

int tg_xml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

const xmlNode *tg_xml_child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (tg_xml_is(c, name))
			return c;
	return NULL;
}

static char *trimmed_copy(xmlChar *v)
{
	const char *s = (const char *)v;
	size_t n;
	char *out;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	out = tg_strndup(s, n);
	(*lx.Free)(v);
	return out;
}

char *tg_xml_text(const xmlNode *n)
{
	xmlChar *v = n ? lx.NodeGetContent(n) : NULL;

	return v ? trimmed_copy(v) : NULL;
}

char *tg_xml_child_text(const xmlNode *n, const char *name)
{
	return tg_xml_text(tg_xml_child(n, name));
}

char *tg_xml_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = n ? lx.GetProp(n, (const xmlChar *)name) : NULL;

	return v ? trimmed_copy(v) : NULL;
}

int tg_xml_line(const xmlNode *n)
{
	long l = n ? lx.GetLineNo(n) : 0;

	return l > 0 && l < 0x7fffffff ? (int)l : 0;
}
