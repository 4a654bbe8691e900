#ifndef TG_BACKLOG_ITEM_INT_H
#define TG_BACKLOG_ITEM_INT_H

/* An item's owned strings, for code that must visit each (free, copy, encode). */
/* One field a line: clang-format 14 does not settle on one layout for this list. */
/* clang-format off */
#define FREE_FIELDS(it)                                                                            \
	X(source)                                                                                  \
	X(rule_id)                                                                                 \
	X(category)                                                                                \
	X(path)                                                                                    \
	X(title)                                                                                   \
	X(message)                                                                                 \
	X(evidence)                                                                                \
	X(links.cwe)                                                                               \
	X(links.cve)                                                                               \
	X(links.ghsa)                                                                              \
	X(links.fixed_version)                                                                     \
	X(links.rule_doc)                                                                          \
	X(links.commit)                                                                            \
	X(fix)                                                                                     \
	X(not_rescanned)                                                                            \
	X(controls)
/* clang-format on */

#endif
