/*
 * bench/deps_py.sh's driver: one PyPI lockfile read by its reader alone (no
 * walk, no join, no output), the best of 5 runs in wall and CPU time, so a
 * busy machine's scheduling shows apart from the work.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "deps/deps.h"
#include "util/buf.h"
#include "util/error.h"

static double now(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct tg_buf data = TG_BUF_INIT;
	const struct tg_deps_reader *r;
	double best_wall = 1e9, best_cpu = 1e9;
	size_t nr = 0;
	int fd;

	if (argc != 3 || chdir(argv[1]) || tg_buf_read_file(&data, argv[2]) ||
	    !(r = tg_deps_reader_for(argv[2])) || (fd = open(".", O_RDONLY | O_DIRECTORY)) < 0) {
		fprintf(stderr, "usage: deps_py_driver DIR LOCKFILE\n");
		return 2;
	}
	for (int i = 0; i < 5; i++) {
		struct tg_dep_list l = TG_DEP_LIST_INIT;
		struct tg_deps_file f = {fd, argv[2], data.buf, data.len};
		double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		if (r->read(&f, &l)) {
			fprintf(stderr, "%s\n", tg_error_message());
			return 1;
		}
		double w = now(CLOCK_MONOTONIC) - w0, c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		best_wall = w < best_wall ? w : best_wall;
		best_cpu = c < best_cpu ? c : best_cpu;
		nr = l.nr;
		tg_dep_list_clear(&l);
	}
	printf("%zu %.1f %.1f\n", nr, best_wall * 1000, best_cpu * 1000);
	tg_buf_release(&data);
	return 0;
}
