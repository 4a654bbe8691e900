#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "compliance/absence.h"

#include <string.h>

static unsigned absent(const char *path, const char *text)
{
	return tg_config_absent(path, (const unsigned char *)text, strlen(text));
}

static unsigned bit(const char *rule)
{
	for (size_t i = 0; i < tg_absence_rules_nr; i++)
		if (!strcmp(tg_absence_rules[i].rule_id, rule))
			return tg_absence_rules[i].bit;
	fail_msg("no rule %s", rule);
	return 0;
}

static void test_absence_dockerfile_user_and_healthcheck_of_the_final_stage(void **state)
{
	unsigned user = bit("config.docker-no-user"), hc = bit("config.docker-no-healthcheck");

	(void)state;
	assert_int_equal(absent("Dockerfile", "FROM alpine:3.19\nRUN apk add curl\n"), user | hc);
	assert_int_equal(absent("app/Dockerfile.prod", "from alpine:3.19\nuser app\n"
	                                               "HEALTHCHECK CMD curl -f http://l/\n"),
	                 0);
	/* a USER of the build stage says nothing of the final image */
	assert_int_equal(absent("Containerfile", "FROM golang AS build\nUSER builder\n"
	                                         "HEALTHCHECK NONE\nFROM scratch\n"),
	                 user | hc);
	/* a word inside a RUN's continuation is no instruction */
	assert_int_equal(absent("x.Dockerfile", "FROM debian\nRUN echo \\\n  USER x\n"
	                                        "HEALTHCHECK CMD true\n"),
	                 user);
	/* no FROM: not a Dockerfile's content; another name: not a Dockerfile */
	assert_int_equal(absent("Dockerfile", "# empty\n"), 0);
	assert_int_equal(absent("Dockerfile.md", "FROM alpine\n"), 0);
}

static void test_absence_k8s_limits_and_run_as_non_root_of_workloads(void **state)
{
	unsigned lim = bit("config.k8s-no-resource-limits"),
	         root = bit("config.k8s-run-as-non-root-missing");
	const char *bare =
	        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n"
	        "    spec:\n      containers:\n        - name: app\n          image: a\n";
	const char *hard = "apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n"
	                   "    runAsNonRoot: true\n  containers:\n  - name: app\n"
	                   "    resources:\n      limits:\n        memory: 128Mi\n";

	(void)state;
	assert_int_equal(absent("k8s/deploy.yaml", bare), lim | root);
	assert_int_equal(absent("k8s/pod.yml", hard), 0);
	/* runAsNonRoot: false is no better than none */
	assert_int_equal(absent("pod.yaml", "kind: Pod\nspec:\n  securityContext:\n"
	                                    "    runAsNonRoot: false\n  containers:\n"
	                                    "  - resources:\n      limits: {cpu: 1}\n"),
	                 root);
	/* a Service, or a workflow with a `containers` word, is no workload */
	assert_int_equal(absent("svc.yaml", "kind: Service\nspec:\n  ports: []\n"), 0);
	assert_int_equal(absent("ci.yml", "jobs:\n  a:\n    containers: x\n"), 0);
	assert_int_equal(absent("deploy.json", bare), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_absence_dockerfile_user_and_healthcheck_of_the_final_stage),
	        cmocka_unit_test(test_absence_k8s_limits_and_run_as_non_root_of_workloads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
