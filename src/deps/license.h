#ifndef TG_DEPS_LICENSE_H
#define TG_DEPS_LICENSE_H

/*
 * A dependency's stated licence judged by the configuration's policy
 * (supply_chain.licenses.allow / deny), as an SPDX 2.3 licence expression
 * (annex D): ids and LicenseRef-s joined by AND and OR, WITH an exception,
 * in parentheses; WITH binds tighter than AND, AND than OR. Ids are compared
 * without regard to case, as SPDX says.
 *
 * - an id (or "id WITH exception") passes unless it is denied, or an allow
 *   list is set and it is not on it; "id WITH exception" written whole on a
 *   list decides before the bare id does (allow "GPL-2.0-only WITH
 *   Classpath-exception-2.0" while GPL-2.0-only is denied);
 * - `A OR B` passes when either passes (the user may choose), `A AND B` when
 *   both do.
 */

#include "util/buf.h"
#include "util/strlist.h"

enum tg_license_verdict {
	TG_LICENSE_OK = 0,
	TG_LICENSE_DENIED,      /* an id it needs is on the deny list */
	TG_LICENSE_NOT_ALLOWED, /* an id it needs is not on the allow list */
	TG_LICENSE_UNREADABLE,  /* not an SPDX expression, and an allow list is set */
};

/* The verdict on license (NULL or "", or no policy: OK); why gets the ids that fail it,
 * joined with ", " (or the text that does not parse). */
enum tg_license_verdict tg_license_check(const char *license, const struct tg_strlist *allow,
                                         const struct tg_strlist *deny, struct tg_buf *why);
/* "denied", "not allowed", "not an SPDX expression" */
const char *tg_license_verdict_name(enum tg_license_verdict v);

#endif
