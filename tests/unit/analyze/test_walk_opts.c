/*
 * tg_walk_opts_from_config(): the one mapping from the configuration to a
 * walk's options. The source tree stands in for a repository: its root and
 * its src/ are real directories, so nothing is created.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "analyze/tree.h"

#include "util/workers.h"

#include <stdio.h>
#include <string.h>

static const char *const root = TG_SOURCE_DIR;

static void test_limits_and_workers(void **state)
{
	struct tg_config cfg;
	struct tg_walk_opts wo;

	(void)state;
	tg_config_init(&cfg);
	cfg.thresholds.max_file_bytes = 1234;
	cfg.batch_processing.max_files_per_batch = 7;
	cfg.batch_processing.memory_limit_mb = 99;
	cfg.batch_processing.parallel_workers = 5;
	tg_walk_opts_from_config(&wo, root, &cfg, root, 0, NULL);
	assert_string_equal(wo.root, root);
	assert_int_equal(wo.max_file_bytes, 1234);
	assert_int_equal(wo.max_files_per_batch, 7);
	assert_int_equal(wo.memory_limit_mb, 99);
	assert_int_equal(wo.workers, 5);
	/* a flag's number wins over the configuration's */
	tg_walk_opts_from_config(&wo, root, &cfg, root, 3, NULL);
	assert_int_equal(wo.workers, 3);
	/* neither: one per core */
	cfg.batch_processing.parallel_workers = 0;
	tg_walk_opts_from_config(&wo, root, &cfg, root, 0, NULL);
	assert_int_equal(wo.workers, tg_default_workers());
	assert_true(wo.workers >= 1);
	/* the rest as TG_WALK_OPTS_INIT leaves it, for the command to set */
	assert_int_equal(wo.no_ignore, 0);
	assert_int_equal(wo.skip_generated, 0);
	assert_null(wo.cached);
	tg_config_release(&cfg);
}

static void test_exclude_at_the_root_only(void **state)
{
	struct tg_config cfg;
	struct tg_walk_opts wo;
	struct tg_strlist own = TG_STRLIST_INIT;
	char sub[4200], dotted[4200];

	(void)state;
	tg_config_init(&cfg);
	tg_strlist_add(&cfg.exclude, "build/");
	/* the root, also by another spelling of it */
	snprintf(dotted, sizeof(dotted), "%s/src/..", root);
	tg_walk_opts_from_config(&wo, dotted, &cfg, root, 0, NULL);
	assert_ptr_equal(wo.exclude, &cfg.exclude);
	assert_non_null(wo.own_outputs);
	assert_int_equal(wo.own_outputs->nr, 1);
	assert_string_equal(wo.own_outputs->v[0], ".terragon/");
	/* the run's own outputs when it names them */
	tg_strlist_add(&own, "BACKLOG.md");
	tg_walk_opts_from_config(&wo, root, &cfg, root, 0, &own);
	assert_ptr_equal(wo.own_outputs, &own);
	/* globs relative to the root do not apply below it, nor without a root */
	snprintf(sub, sizeof(sub), "%s/src", root);
	tg_walk_opts_from_config(&wo, sub, &cfg, root, 0, &own);
	assert_null(wo.exclude);
	assert_null(wo.own_outputs);
	tg_walk_opts_from_config(&wo, root, &cfg, NULL, 0, &own);
	assert_null(wo.exclude);
	tg_strlist_clear(&own);
	tg_config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_limits_and_workers),
	        cmocka_unit_test(test_exclude_at_the_root_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
