#ifndef TG_DEPS_XML_INT_H
#define TG_DEPS_XML_INT_H

/*
 * libxml2 for pom.xml, Gradle's verification metadata and MSBuild projects,
 * opened on first use (util/dl.h says why). These files come from the
 * repository, so they are hostile: no network (XML_PARSE_NONET), no entity
 * substitution (no XML_PARSE_NOENT), and a document with a DOCTYPE is
 * refused outright, which leaves no internal subset to declare entities in
 * (XXE, billion laughs). No manifest of these formats needs a DTD.
 */

#include <libxml/tree.h>
#include <stddef.h>

/* Parses data into *doc: TG_OK, or TG_ERR_INPUT "file:line: ..." (and TG_ERR_RUN
 * when libxml2 does not load). Free with tg_deps_xml_free. */
int tg_deps_xml_parse(const char *data, size_t len, const char *file, xmlDoc **doc);
void tg_deps_xml_free(xmlDoc *doc);

const xmlNode *tg_deps_xml_root(const xmlDoc *doc);
/* 1 when n is an element of that (local) name. */
int tg_deps_xml_is(const xmlNode *n, const char *name);
/* The first child element of that name, or NULL. */
const xmlNode *tg_deps_xml_child(const xmlNode *n, const char *name);
/* The element's text, blanks trimmed, malloc'd; NULL when n is NULL. */
char *tg_deps_xml_text(const xmlNode *n);
/* The text of the first child element of that name, or NULL. */
char *tg_deps_xml_child_text(const xmlNode *n, const char *name);
/* An attribute's value, malloc'd, or NULL. */
char *tg_deps_xml_attr(const xmlNode *n, const char *name);
int tg_deps_xml_line(const xmlNode *n);

#endif
