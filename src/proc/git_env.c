/*
 * How git runs for terragon, set here once for every git process (history,
 * hotspots, the history-secrets scan, the repository's writes), through its
 * environment, so that git's own children get it too, and a user's own
 * settings of the same names win:
 * - glibc's malloc hands memory back to the kernel after each diff and takes
 *   it again for the next (brk up and down, page faults): on `git log
 *   --numstat` that is a third of git's time. A larger top pad and trim
 *   threshold keep the pages; peak resident memory stays the same.
 * - git keeps up to 96 MB of inflated delta bases and maps whole packs: with
 *   two git log processes on a 100,000-commit history that was over 1 GB
 *   resident. 16 MB of delta bases costs no measurable time on long delta
 *   chains (4 MB does); smaller pack windows bound the mapped pages.
 */
#include "proc/proc.h"

#include "util/alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static const char *const git_env_add[] = {
        "GLIBC_TUNABLES=glibc.malloc.top_pad=33554432:glibc.malloc.trim_threshold=134217728",
        "GIT_CONFIG_COUNT=3",
        "GIT_CONFIG_KEY_0=core.deltaBaseCacheLimit",
        "GIT_CONFIG_VALUE_0=16m",
        "GIT_CONFIG_KEY_1=core.packedGitWindowSize",
        "GIT_CONFIG_VALUE_1=16m",
        "GIT_CONFIG_KEY_2=core.packedGitLimit",
        "GIT_CONFIG_VALUE_2=64m",
};

/* The entries of git_env_add the user does not set, NULL-terminated. */
static const char *git_env[TG_ARRAY_SIZE(git_env_add) + 1];
static pthread_once_t git_env_once = PTHREAD_ONCE_INIT;

/*
 * 1 when our environment already sets the entry's variable; for the
 * GIT_CONFIG_KEY/VALUE pairs, when it has its own GIT_CONFIG_COUNT (whose
 * pairs ours would replace).
 */
static int env_has(const char *entry)
{
	size_t n = strcspn(entry, "=") + 1;
	size_t i;

	if (!strncmp(entry, "GIT_CONFIG_KEY_", 15) || !strncmp(entry, "GIT_CONFIG_VALUE_", 17)) {
		entry = "GIT_CONFIG_COUNT=";
		n = 17;
	}
	for (i = 0; environ[i]; i++)
		if (!strncmp(environ[i], entry, n))
			return 1;
	return 0;
}

static void git_env_build(void)
{
	size_t i, k = 0;

	for (i = 0; i < TG_ARRAY_SIZE(git_env_add); i++)
		if (!env_has(git_env_add[i]))
			git_env[k++] = git_env_add[i];
}

void tg_proc_git(struct tg_child *c, const char *const *argv)
{
	pthread_once(&git_env_once, git_env_build);
	tg_child_init(c, argv);
	c->env = git_env;
}
