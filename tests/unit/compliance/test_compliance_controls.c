#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "compliance/compliance.h"

#include <string.h>

static void test_audit_rules_map_to_their_controls(void **state)
{
	assert_string_equal(tg_compliance_controls("workflow-write-all"),
	                    "SOX:ITGC-AC PCI-DSS:7.2.5");
	assert_non_null(strstr(tg_compliance_controls("workflow-script-injection"), "SOX:ITGC-CM"));
	assert_string_equal(tg_compliance_controls("security-policy-missing"), "CIS:16.2");
}

/* Hygiene no framework requires stays unmapped, so it is never boosted. */
static void test_hygiene_maps_to_nothing(void **state)
{
	assert_null(tg_compliance_controls("codeowners-missing"));
	assert_null(tg_compliance_controls("license-missing"));
	assert_null(tg_compliance_controls("workflow-unpinned-action"));
	assert_null(tg_compliance_controls("workflow-permissions-missing"));
	assert_null(tg_compliance_controls(NULL));
	assert_null(tg_compliance_controls("complex-function"));
}

/* A pack's prefix covers its rules; an exact id refines it; no partial word. */
static void test_pack_prefixes(void **state)
{
	assert_non_null(strstr(tg_compliance_controls("secrets.github-pat"), "PCI-DSS:8.6.2"));
	assert_non_null(strstr(tg_compliance_controls("compliance.card-number"), "PCI-DSS:3.5.1"));
	assert_non_null(strstr(tg_compliance_controls("crypto.tls-verification-disabled"),
	                       "PCI-DSS:4.2.1"));
	assert_string_equal(tg_compliance_controls("crypto.des"), "PCI-DSS:6.2.4");
	assert_string_equal(tg_compliance_controls("crypto.weak-tls-version"),
	                    "PCI-DSS:4.2.1 CIS:3.10");
	assert_string_equal(tg_compliance_controls("crypto.unsalted-password-hash"),
	                    "PCI-DSS:8.3.2");
	assert_non_null(
	        strstr(tg_compliance_controls("config.k8s-host-namespace"), "PCI-DSS:2.2.1"));
	assert_non_null(
	        strstr(tg_compliance_controls("config.docker-secret-env"), "PCI-DSS:8.6.2"));
	assert_null(tg_compliance_controls("secretsX.github-pat"));
	assert_null(tg_compliance_controls("secrets"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_audit_rules_map_to_their_controls),
	        cmocka_unit_test(test_hygiene_maps_to_nothing),
	        cmocka_unit_test(test_pack_prefixes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
