#include "analyze/tree.h"

#include "util/workers.h"

#include <stdlib.h>
#include <string.h>

/* The store and the caches: terragon's own, never read as the repository's. */
static char store_dir[] = ".terragon/";
static char *store_v[] = {store_dir};
static const struct tg_strlist store_only = {store_v, 1, 1};

/* Whether path names the directory repo_root names, through any symbolic links. */
static int is_root(const char *path, const char *repo_root)
{
	char *a, *b;
	int same;

	if (!repo_root)
		return 0;
	a = realpath(path, NULL);
	b = realpath(repo_root, NULL);
	same = a && b && !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

void tg_walk_opts_from_config(struct tg_walk_opts *wo, const char *path,
                              const struct tg_config *cfg, const char *repo_root, int jobs,
                              const struct tg_strlist *own)
{
	*wo = (struct tg_walk_opts)TG_WALK_OPTS_INIT;
	wo->root = path;
	wo->workers = jobs > 0 ? jobs : cfg->batch_processing.parallel_workers;
	if (wo->workers <= 0)
		wo->workers = tg_default_workers();
	wo->max_file_bytes = cfg->thresholds.max_file_bytes;
	wo->max_files_per_batch = cfg->batch_processing.max_files_per_batch;
	wo->memory_limit_mb = cfg->batch_processing.memory_limit_mb;
	/* exclude's globs are relative to the repository root, as are own outputs */
	if (is_root(path, repo_root)) {
		wo->exclude = &cfg->exclude;
		wo->own_outputs = own ? own : &store_only;
	}
}
