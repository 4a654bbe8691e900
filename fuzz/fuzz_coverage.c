// module: ingest
/*
 * The coverage reader on arbitrary bytes, seeded with lcov, Cobertura and
 * coverage.py reports (the format is detected from the content, so one
 * harness reaches all three readers): no crash, no leak, and totals that add
 * up.
 */

#include "ingest/ingest.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

/* A repository with src/m.c for report paths to map onto. */
static void make_root(void)
{
	struct tg_buf b = TG_BUF_INIT, p = TG_BUF_INIT;

	strcpy(root, "/tmp/tg-fuzz-coverage-XXXXXX");
	if (!mkdtemp(root))
		abort();
	tg_buf_addf(&p, "%s/src", root);
	mkdir(p.buf, 0755);
	tg_buf_adds(&p, "/m.c");
	tg_buf_adds(&b, "int x;\n");
	tg_buf_write_file(&b, p.buf);
	tg_buf_release(&b);
	tg_buf_release(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("coverage", 0);
	char path[64];
	struct tg_coverage c;
	size_t found = 0, hit = 0;

	if (!root[0])
		make_root();
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	tg_coverage_init(&c);
	if (!tg_ingest_coverage(path, root, &c)) {
		for (size_t i = 0; i < c.nr; i++) {
			found += c.files[i].lines_found;
			hit += c.files[i].lines_hit;
			if (c.files[i].lines_hit > c.files[i].lines_found ||
			    c.files[i].branches_hit > c.files[i].branches_found)
				abort();
		}
		if (found != c.lines_found || hit != c.lines_hit)
			abort();
	} else if (c.nr) {
		abort(); /* an error leaves nothing half-read */
	}
	tg_coverage_release(&c);
	close(fd);
	return 0;
}
