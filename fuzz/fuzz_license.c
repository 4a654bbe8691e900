// module: deps
/*
 * The SPDX licence expression reader of the licence policy (deps/license.h)
 * on arbitrary bytes: no crash, no leak, no deep recursion; a failing verdict
 * always says why; no policy always passes; and the expression ORed with an
 * allowed id always passes, ANDed with a denied one never does.
 */

#include "deps/license.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_strlist allow = TG_STRLIST_INIT, deny = TG_STRLIST_INIT, none = TG_STRLIST_INIT;
	struct tg_buf expr = TG_BUF_INIT, why = TG_BUF_INIT, twice = TG_BUF_INIT;
	enum tg_license_verdict v;

	tg_buf_add(&expr, data, size);
	if (strlen(expr.buf) != expr.len)
		goto out; /* a licence is a C string */
	tg_strlist_add(&allow, "MIT");
	tg_strlist_add(&allow, "Apache-2.0");
	tg_strlist_add(&deny, "GPL-3.0-only");
	v = tg_license_check(expr.buf, &allow, &deny, &why);
	if (v > TG_LICENSE_UNREADABLE || (v != TG_LICENSE_OK && !why.len))
		abort();
	if (tg_license_check(expr.buf, &none, &none, &why) != TG_LICENSE_OK)
		abort();
	/* (the bound on nesting may refuse the wrapped form of a deep one) */
	if (expr.len && v != TG_LICENSE_UNREADABLE && !memchr(expr.buf, '(', expr.len)) {
		tg_buf_addf(&twice, "(%s) OR MIT", expr.buf);
		if (tg_license_check(twice.buf, &allow, &deny, &why) != TG_LICENSE_OK)
			abort();
		tg_buf_reset(&twice);
		tg_buf_addf(&twice, "(%s) AND GPL-3.0-only", expr.buf);
		if (tg_license_check(twice.buf, &allow, &deny, &why) != TG_LICENSE_DENIED)
			abort();
	}
out:
	tg_strlist_clear(&allow);
	tg_strlist_clear(&deny);
	tg_buf_release(&expr);
	tg_buf_release(&why);
	tg_buf_release(&twice);
	return 0;
}
