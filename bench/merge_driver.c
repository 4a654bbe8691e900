/*
 * The cross-source merge benchmark's driver (built by bench/merge.sh against
 * build/release's libraries):
 *   merge_driver ITEMS FILES   builds a backlog of about ITEMS items over FILES
 *                              paths and prints the time of
 *                              tg_backlog_merge_findings (best of 5, wall
 *                              and this thread's CPU), and of
 *                              tg_backlog_sort after it, for scale
 * Each finding line holds our rule's item, a Semgrep result with the same
 * CWE and a Bandit result the table maps (so two of three merge), and every
 * fourth line an unrelated Bandit result (a different weakness) that stays.
 */
#include "backlog/merge.h"
#include "util/alloc.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void add(struct tg_backlog *b, unsigned long long *n, const char *source, const char *rule,
                const char *path, int line, const char *cwe)
{
	struct tg_item it;

	tg_item_init(&it);
	snprintf(it.fingerprint, sizeof(it.fingerprint), "%016llx", (*n)++);
	it.source = tg_strdup(source);
	it.rule_id = tg_strdup(rule);
	it.category = tg_strdup("security");
	it.path = tg_strdup(path);
	it.start_line = it.end_line = line;
	it.severity = TG_SEV_MEDIUM;
	it.title = tg_strdup(rule);
	it.links.cwe = cwe ? tg_strdup(cwe) : NULL;
	tg_backlog_add(b, &it);
}

/* This thread's CPU seconds: the machine may be shared, and wall time with it. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void build(struct tg_backlog *b, long items, long files)
{
	unsigned long long n = 0;
	long lines = items * 4 / 13 / files + 1; /* 3 items a line, 1 more every 4th */
	char path[64];

	for (long f = 0; f < files; f++) {
		snprintf(path, sizeof(path), "src/pkg%ld/mod%ld.py", f % 50, f);
		for (long l = 1; l <= lines; l++) {
			int line = (int)(l * 3);
			add(b, &n, "rules", "injection.python-eval-exec", path, line, "CWE-95");
			add(b, &n, "sarif:Semgrep OSS",
			    "python.lang.security.audit.eval-detected.eval-detected", path, line,
			    "CWE-95");
			add(b, &n, "sarif:Bandit", "B307", path, line, "CWE-78");
			if (l % 4 == 0)
				add(b, &n, "sarif:Bandit", "B311", path, line, "CWE-330");
		}
	}
}

int main(int argc, char **argv)
{
	long items = argc > 1 ? atol(argv[1]) : 100000, files = argc > 2 ? atol(argv[2]) : 2000;
	double best = 1e9, best_cpu = 1e9, sort_cpu = 1e9;
	size_t before = 0, merged = 0;

	if (items <= 0 || files <= 0)
		return 2;
	for (int run = 0; run < 5; run++) {
		struct tg_backlog b;
		double t0, c0;

		tg_backlog_init(&b);
		build(&b, items, files);
		before = b.nr;
		t0 = tg_clock_mono();
		c0 = cpu_now();
		merged = tg_backlog_merge_findings(&b);
		c0 = cpu_now() - c0;
		t0 = tg_clock_mono() - t0;
		if (t0 < best)
			best = t0;
		if (c0 < best_cpu)
			best_cpu = c0;
		/* The reference on the same machine: the sort by score every run does. */
		c0 = cpu_now();
		tg_backlog_sort(&b);
		c0 = cpu_now() - c0;
		if (c0 < sort_cpu)
			sort_cpu = c0;
		tg_backlog_release(&b);
	}
	printf("%zu items over %ld files: %zu merged, %.1f ms wall, %.1f ms CPU (best of 5); "
	       "sorting the %zu left: %.1f ms CPU\n",
	       before, files, merged, best * 1e3, best_cpu * 1e3, before - merged, sort_cpu * 1e3);
	return 0;
}
