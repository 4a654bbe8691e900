/* deps/license.h: SPDX expressions judged by an allow/deny policy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "deps/license.h"

struct policy {
	struct tg_strlist allow, deny;
};

static void policy(struct policy *p, const char *allow, const char *deny)
{
	memset(p, 0, sizeof(*p));
	for (const char *s = allow; s && *s;) {
		size_t n = strcspn(s, ",");
		char id[96];

		snprintf(id, sizeof(id), "%.*s", (int)n, s);
		tg_strlist_add(&p->allow, id);
		s += n + (s[n] == ',');
	}
	for (const char *s = deny; s && *s;) {
		size_t n = strcspn(s, ",");
		char id[96];

		snprintf(id, sizeof(id), "%.*s", (int)n, s);
		tg_strlist_add(&p->deny, id);
		s += n + (s[n] == ',');
	}
}

static void release(struct policy *p)
{
	tg_strlist_clear(&p->allow);
	tg_strlist_clear(&p->deny);
}

/* The verdict, and why in `why` (a static buffer). */
static char why[256];
static enum tg_license_verdict check(const struct policy *p, const char *license)
{
	struct tg_buf b = TG_BUF_INIT;
	enum tg_license_verdict v = tg_license_check(license, &p->allow, &p->deny, &b);

	snprintf(why, sizeof(why), "%s", b.buf);
	tg_buf_release(&b);
	return v;
}

static void test_license_or_passes_when_one_side_does(void **state)
{
	struct policy p;

	policy(&p, "MIT,Apache-2.0", NULL);
	assert_int_equal(check(&p, "MIT OR GPL-3.0-only"), TG_LICENSE_OK);
	assert_int_equal(check(&p, "(GPL-3.0-only OR Apache-2.0)"), TG_LICENSE_OK);
	assert_int_equal(check(&p, "MIT AND GPL-3.0-only"), TG_LICENSE_NOT_ALLOWED);
	assert_string_equal(why, "GPL-3.0-only");
	assert_int_equal(check(&p, "GPL-3.0-only OR LGPL-2.1-only"), TG_LICENSE_NOT_ALLOWED);
	assert_string_equal(why, "GPL-3.0-only, LGPL-2.1-only");
	/* AND binds tighter than OR: (MIT AND GPL) OR Apache passes through Apache */
	assert_int_equal(check(&p, "MIT AND GPL-3.0-only OR Apache-2.0"), TG_LICENSE_OK);
	assert_int_equal(check(&p, "MIT AND (GPL-3.0-only OR Apache-2.0)"), TG_LICENSE_OK);
	assert_int_equal(check(&p, "mit"), TG_LICENSE_OK); /* ids ignore case */
	release(&p);
}

static void test_license_deny_without_allow(void **state)
{
	struct policy p;

	policy(&p, NULL, "GPL-3.0-only,AGPL-3.0-only");
	assert_int_equal(check(&p, "BSD-3-Clause"), TG_LICENSE_OK);
	assert_int_equal(check(&p, "AGPL-3.0-only"), TG_LICENSE_DENIED);
	assert_string_equal(why, "AGPL-3.0-only");
	assert_int_equal(check(&p, "MIT OR GPL-3.0-only"), TG_LICENSE_OK);
	assert_int_equal(check(&p, "MIT AND gpl-3.0-only"), TG_LICENSE_DENIED);
	/* an unreadable licence cannot be shown denied */
	assert_int_equal(check(&p, "SEE LICENSE IN LICENSE.md"), TG_LICENSE_OK);
	release(&p);
}

static void test_license_with_exception(void **state)
{
	struct policy p;

	policy(&p, "MIT,GPL-2.0-only WITH Classpath-exception-2.0", "GPL-2.0-only");
	assert_int_equal(check(&p, "GPL-2.0-only WITH Classpath-exception-2.0"), TG_LICENSE_OK);
	assert_int_equal(check(&p, "GPL-2.0-only"), TG_LICENSE_DENIED);
	assert_int_equal(check(&p, "GPL-2.0-only WITH Bison-exception-2.2"), TG_LICENSE_DENIED);
	assert_string_equal(why, "GPL-2.0-only WITH Bison-exception-2.2");
	release(&p);
}

static void test_license_mixed_denied_and_unlisted(void **state)
{
	struct policy p;

	policy(&p, "MIT", "GPL-3.0-only");
	assert_int_equal(check(&p, "ISC AND GPL-3.0-only"), TG_LICENSE_DENIED);
	assert_string_equal(why, "ISC, GPL-3.0-only");
	assert_int_equal(check(&p, "ISC"), TG_LICENSE_NOT_ALLOWED);
	release(&p);
}

static void test_license_unreadable_and_no_policy(void **state)
{
	struct policy p, none;
	char deep[300];

	policy(&p, "MIT", NULL);
	policy(&none, NULL, NULL);
	assert_int_equal(check(&p, "SEE LICENSE IN LICENSE.md"), TG_LICENSE_UNREADABLE);
	assert_int_equal(check(&p, "MIT OR"), TG_LICENSE_UNREADABLE);
	assert_int_equal(check(&p, "(MIT"), TG_LICENSE_UNREADABLE);
	assert_int_equal(check(&p, "MIT)"), TG_LICENSE_UNREADABLE);
	assert_int_equal(check(&p, "MIT WITH"), TG_LICENSE_UNREADABLE);
	assert_int_equal(check(&p, "MIT/Apache"), TG_LICENSE_UNREADABLE);
	assert_int_equal(check(&p, NULL), TG_LICENSE_OK);
	assert_int_equal(check(&none, "GPL-3.0-only"), TG_LICENSE_OK);
	/* nesting past the bound is refused, not followed */
	memset(deep, '(', 150);
	strcpy(deep + 150, "MIT");
	memset(deep + 153, ')', 146);
	deep[299] = 0;
	assert_int_equal(check(&p, deep), TG_LICENSE_UNREADABLE);
	assert_string_equal(tg_license_verdict_name(TG_LICENSE_DENIED), "denied");
	release(&p);
	release(&none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_license_or_passes_when_one_side_does),
	        cmocka_unit_test(test_license_deny_without_allow),
	        cmocka_unit_test(test_license_with_exception),
	        cmocka_unit_test(test_license_mixed_denied_and_unlisted),
	        cmocka_unit_test(test_license_unreadable_and_no_policy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
