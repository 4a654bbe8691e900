#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "backlog/backlog.h"
#include "backlog/score.h"
#include "config/config.h"
#include "util/alloc.h"
#include "util/error.h"

#include <stdlib.h>

#include <math.h>
#include <string.h>

/* The worked example of the scoring reference, item A: WSJF 16/5, ICE 336, debt 600. */
static void test_worked_example(void **state)
{
	struct tg_score_model m;
	struct tg_item it;

	tg_score_model_default(&m);
	tg_item_init(&it);
	it.category = tg_strdup("complexity");
	it.severity = TG_SEV_MEDIUM;
	it.inputs = (struct tg_item_inputs){8, 5, 3, 7, 6, 8};
	it.job_size = 5;
	it.remediation_minutes = 600;
	tg_score_item(&m, &it, -1, NULL);
	assert_true(fabs(it.scores.wsjf - 3.2) < 1e-9);
	assert_true(fabs(it.scores.ice - 336) < 1e-9);
	assert_true(fabs(it.scores.debt - 600) < 1e-9);
	/* 0.5 x 51.08 + 0.1 x 84.22 + 0.3 x 84.17 + 0.1 x 50 */
	assert_true(fabs(it.scores.base - 64.21) < 0.05);
	assert_true(it.scores.boost == 1.0);
	tg_item_release(&it);
}

static void test_boosts_do_not_multiply(void **state)
{
	struct tg_score_model m;
	struct tg_item it;

	tg_score_model_default(&m);
	tg_item_init(&it);
	it.category = tg_strdup("secret");
	it.severity = TG_SEV_CRITICAL;
	tg_score_defaults(&m, &it);
	tg_score_item(&m, &it, -1, NULL);
	assert_true(it.scores.boost == 2.0);
	assert_true(fabs(it.scores.composite - 2 * it.scores.base) < 1e-9);
	free(it.category);
	it.category = tg_strdup("compliance");
	tg_score_item(&m, &it, -1, NULL);
	assert_true(it.scores.boost == 1.8);
	tg_item_release(&it);
}

static void test_interest_and_focus(void **state)
{
	struct tg_score_model m;
	struct tg_item a, b;
	struct tg_buf steps = TG_BUF_INIT;

	tg_score_model_default(&m);
	tg_item_init(&a);
	a.category = tg_strdup("complexity");
	tg_score_defaults(&m, &a);
	tg_item_copy(&b, &a);
	tg_score_item(&m, &a, -1, NULL);
	tg_score_item(&m, &b, 8, &steps); /* 8 revisions a month: interest 2 */
	assert_true(fabs(b.scores.debt - 3 * a.scores.debt) < 1e-9);
	assert_true(b.scores.base > a.scores.base);
	assert_non_null(strstr(steps.buf, "composite = base"));
	tg_item_release(&a);
	tg_item_release(&b);
	tg_item_init(&a);
	a.category = tg_strdup("security");
	tg_score_defaults(&m, &a);
	m.focus = TG_FOCUS_SECURITY;
	tg_item_init(&b);
	b.category = tg_strdup("security");
	tg_score_defaults(&m, &b);
	assert_true(b.inputs.business_value > a.inputs.business_value);
	tg_item_release(&a);
	tg_item_release(&b);
	tg_buf_release(&steps);
}

/* An item as the sources make them: category, severity, context and controls. */
static void make(struct tg_item *it, const char *category, enum tg_severity sev,
                 enum tg_context ctx, const char *controls)
{
	tg_item_init(it);
	it->category = tg_strdup(category);
	it->severity = sev;
	it->context = ctx;
	if (controls)
		it->controls = tg_strdup(controls);
}

/* What the compliance source sets: cost of delay by severity (source_compliance.c). */
static void hygiene(struct tg_item *it, enum tg_severity sev)
{
	static const double cod[] = {1, 2, 3, 8, 13};

	make(it, "compliance", sev, TG_CONTEXT_CODE, NULL);
	it->inputs.business_value = it->inputs.time_criticality = cod[sev];
}

static double boost(const struct tg_score_model *m, struct tg_item *it, struct tg_buf *steps)
{
	tg_score_defaults(m, it);
	tg_score_item(m, it, -1, steps);
	return it->scores.boost;
}

static void test_security_boost_only_for_critical_in_code(void **state)
{
	struct tg_score_model m;
	struct tg_item code, test, high;
	struct tg_buf steps = TG_BUF_INIT;

	tg_score_model_default(&m);
	make(&code, "secret", TG_SEV_CRITICAL, TG_CONTEXT_CODE, NULL);
	make(&test, "secret", TG_SEV_CRITICAL, TG_CONTEXT_TEST, NULL);
	make(&high, "security", TG_SEV_HIGH, TG_CONTEXT_CODE, NULL);
	assert_true(boost(&m, &code, NULL) == 2.0);
	assert_true(boost(&m, &test, &steps) == 1.0);
	assert_non_null(
	        strstr(steps.buf, "boost = 1.00 (none: critical secret in test, not code)"));
	assert_true(boost(&m, &high, NULL) == 1.0);
	/* Reported, but below the same secret in code: confidence halved, base x 0.6. */
	assert_true(test.inputs.confidence == code.inputs.confidence / 2);
	assert_true(test.scores.base < 0.6 * code.scores.base + 1e-9);
	tg_item_release(&code);
	tg_item_release(&test);
	tg_item_release(&high);
	tg_buf_release(&steps);
}

static void test_compliance_boost_only_for_audit_requirements(void **state)
{
	struct tg_score_model m;
	struct tg_item it;
	struct tg_buf steps = TG_BUF_INIT;
	unsigned f = 0;

	tg_score_model_default(&m);
	hygiene(&it, TG_SEV_MEDIUM);
	assert_true(boost(&m, &it, &steps) == 1.0);
	assert_non_null(
	        strstr(steps.buf, "boost = 1.00 (none: compliance hygiene, no audit control)"));
	tg_item_release(&it);
	/* A PCI DSS control: an audit requirement only where PCI DSS is configured. */
	assert_int_equal(tg_score_framework_parse("PCI-DSS", &f), 0);
	assert_int_equal(f, TG_FRAMEWORK_PCI_DSS);
	assert_int_not_equal(tg_score_framework_parse("hipaa", &f), 0);
	make(&it, "compliance", TG_SEV_MEDIUM, TG_CONTEXT_CODE, "SOX:ITGC-CM PCI-DSS:3.5.1");
	assert_true(boost(&m, &it, NULL) == 1.0);
	m.frameworks = TG_FRAMEWORK_CIS;
	assert_true(boost(&m, &it, NULL) == 1.0);
	m.frameworks = TG_FRAMEWORK_PCI_DSS;
	tg_buf_reset(&steps);
	assert_true(boost(&m, &it, &steps) == 1.8);
	assert_non_null(strstr(steps.buf, "control PCI-DSS:3.5.1"));
	tg_item_release(&it);
	/* High severity is an audit requirement by itself; not in documentation. */
	m.frameworks = 0;
	make(&it, "compliance", TG_SEV_HIGH, TG_CONTEXT_CODE, NULL);
	assert_true(boost(&m, &it, NULL) == 1.8);
	tg_item_release(&it);
	make(&it, "compliance", TG_SEV_CRITICAL, TG_CONTEXT_DOCS, "PCI-DSS:3.5.1");
	m.frameworks = TG_FRAMEWORK_PCI_DSS;
	assert_true(boost(&m, &it, NULL) == 1.0);
	tg_item_release(&it);
	tg_buf_release(&steps);
}

/* Risk reduction is halved (to the scale) in documentation, not in tests. */
static void test_context_lowers_inputs(void **state)
{
	struct tg_score_model m;
	struct tg_item code, docs, test;

	tg_score_model_default(&m);
	make(&code, "security", TG_SEV_MEDIUM, TG_CONTEXT_CODE, NULL);
	make(&docs, "security", TG_SEV_MEDIUM, TG_CONTEXT_DOCS, NULL);
	make(&test, "security", TG_SEV_MEDIUM, TG_CONTEXT_TEST, NULL);
	docs.inputs.confidence = 1; /* the floor */
	boost(&m, &code, NULL);
	boost(&m, &docs, NULL);
	boost(&m, &test, NULL);
	assert_true(code.inputs.risk_reduction == 13 && docs.inputs.risk_reduction == 8);
	assert_true(test.inputs.risk_reduction == 13);
	assert_true(docs.inputs.confidence == 1);
	assert_true(docs.scores.composite < test.scores.composite);
	assert_true(test.scores.composite < code.scores.composite);
	tg_item_release(&code);
	tg_item_release(&docs);
	tg_item_release(&test);
}

/*
 * The goal: no unboosted hygiene item outranks a high-severity
 * finding of similar effort (the same job size, each its own typical minutes).
 */
static void test_hygiene_below_high_findings(void **state)
{
	static const char *const categories[] = {
	        "security",   "secret",  "vulnerability", "ai-ml",        "dependency",
	        "complexity", "hotspot", "performance",   "architecture", "coverage"};
	static const int sizes[] = {1, 2, 3, 5, 8, 13, 20};
	struct tg_score_model m;

	tg_score_model_default(&m);
	for (size_t c = 0; c < sizeof(categories) / sizeof(categories[0]); c++)
		for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++)
			for (int sev = TG_SEV_LOW; sev <= TG_SEV_MEDIUM; sev++) {
				struct tg_item h, f;
				hygiene(&h, sev);
				make(&f, categories[c], TG_SEV_HIGH, TG_CONTEXT_CODE, NULL);
				h.job_size = f.job_size = sizes[z];
				assert_true(boost(&m, &h, NULL) == 1.0);
				boost(&m, &f, NULL);
				if (h.scores.composite >= f.scores.composite)
					fail_msg("%s hygiene %.2f >= high %s %.2f at job size %d",
					         tg_severity_name(h.severity), h.scores.composite,
					         categories[c], f.scores.composite, sizes[z]);
				tg_item_release(&h);
				tg_item_release(&f);
			}
}

/* compliance.frameworks reaches the model: pci-dss and sox, not cis. */
static void test_frameworks_from_config(void **state)
{
	static const char yaml[] = "compliance:\n  frameworks: [pci-dss, sox]\n";
	struct tg_config cfg;
	struct tg_score_model m;

	tg_config_init(&cfg);
	assert_int_equal(tg_config_parse(&cfg, "config.yaml", yaml, sizeof(yaml) - 1), 0);
	tg_score_model_from_config(&cfg, &m);
	assert_int_equal(m.frameworks, TG_FRAMEWORK_PCI_DSS | TG_FRAMEWORK_SOX);
	tg_config_release(&cfg);
}

static void test_fibonacci(void **state)
{
	assert_int_equal(tg_fibonacci_ceil(4), 5);
	assert_int_equal(tg_fibonacci_ceil(13), 13);
	assert_int_equal(tg_fibonacci_ceil(100), 20);
	assert_int_equal(tg_fibonacci_ceil(0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_worked_example),
	        cmocka_unit_test(test_boosts_do_not_multiply),
	        cmocka_unit_test(test_interest_and_focus),
	        cmocka_unit_test(test_security_boost_only_for_critical_in_code),
	        cmocka_unit_test(test_compliance_boost_only_for_audit_requirements),
	        cmocka_unit_test(test_context_lowers_inputs),
	        cmocka_unit_test(test_hygiene_below_high_findings),
	        cmocka_unit_test(test_frameworks_from_config),
	        cmocka_unit_test(test_fibonacci),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
