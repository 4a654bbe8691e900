#ifndef TG_XML_H
#define TG_XML_H

/*
 * The one way XML is read: libxml2, opened on first use (util/dl.h says
 * why), for pom.xml, Gradle's verification metadata, MSBuild projects and
 * Cobertura coverage reports. These files come from the repository or a
 * tool, so they are hostile: no network (XML_PARSE_NONET), no entity
 * substitution (no XML_PARSE_NOENT), and, where the format needs no DTD
 * (every manifest), a document with a DOCTYPE is refused outright, which
 * leaves no internal subset to declare entities in (XXE, billion laughs).
 * Cobertura reports name their DTD, so they may keep the line; it is never
 * loaded.
 */

#include <libxml/tree.h>
#include <stddef.h>

/* Parses data into *doc: TG_OK, or TG_ERR_INPUT "file:line: ..." (and TG_ERR_RUN
 * when libxml2 does not load). A DOCTYPE is refused unless allow_doctype.
 * Free with tg_xml_free. */
int tg_xml_parse(const char *data, size_t len, const char *file, int allow_doctype, xmlDoc **doc);
/* Loads libxml2 (for `health`): a status, and the soname it was built against. */
int tg_xml_library(const char **soname);
void tg_xml_free(xmlDoc *doc);

const xmlNode *tg_xml_root(const xmlDoc *doc);
/* 1 when n is an element of that (local) name. */
int tg_xml_is(const xmlNode *n, const char *name);
/* The first child element of that name, or NULL. */
const xmlNode *tg_xml_child(const xmlNode *n, const char *name);
/* The element's text, blanks trimmed, malloc'd; NULL when n is NULL. */
char *tg_xml_text(const xmlNode *n);
/* The text of the first child element of that name, or NULL. */
char *tg_xml_child_text(const xmlNode *n, const char *name);
/* An attribute's value, malloc'd, or NULL. */
char *tg_xml_attr(const xmlNode *n, const char *name);
int tg_xml_line(const xmlNode *n);

#endif
