/*
 * The dependency benchmark's driver (built by bench/deps.sh against a
 * Release build's libraries):
 *   deps_driver FILE   reads FILE with the reader its name picks, five times,
 *                      and prints "<entries> <best ms wall> <best ms cpu>":
 *                      the parse alone, without the walk or the output.
 */
#include "deps/deps.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double ms(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct tg_buf text = TG_BUF_INIT;
	const char *base;
	const struct tg_deps_reader *r;
	double best = 1e9, best_cpu = 1e9;
	size_t nr = 0;

	if (argc != 2 || tg_buf_read_file(&text, argv[1]))
		return 2;
	base = strrchr(argv[1], '/') ? strrchr(argv[1], '/') + 1 : argv[1];
	if (!(r = tg_deps_reader_for(base)))
		return 2;
	for (int i = 0; i < 5; i++) {
		struct tg_dep_list l = TG_DEP_LIST_INIT;
		struct tg_deps_file f = {-1, base, text.buf, text.len};
		double t0 = ms(CLOCK_MONOTONIC), c0 = ms(CLOCK_PROCESS_CPUTIME_ID), t, c;

		if (r->read(&f, &l)) {
			fprintf(stderr, "%s\n", tg_error_message());
			return 1;
		}
		t = ms(CLOCK_MONOTONIC) - t0;
		c = ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
		best = t < best ? t : best;
		best_cpu = c < best_cpu ? c : best_cpu;
		nr = l.nr;
		tg_dep_list_clear(&l);
	}
	printf("%zu %.1f %.1f\n", nr, best, best_cpu);
	tg_buf_release(&text);
	return 0;
}
