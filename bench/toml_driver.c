/*
 * The TOML reader's benchmark driver (built by bench/toml.sh against
 * build/release's libraries):
 *   toml_driver uv FILE MB      writes a uv.lock-like file of about MB megabytes
 *   toml_driver cargo FILE MB   writes a Cargo.lock-like one, with its
 *                               [metadata] table of one checksum key per package
 *   toml_driver parse FILE      parses it: the first parse, the best of 10 (wall
 *                               and CPU time) and peak resident memory
 * The generated packages look like real ones: inline tables for sources,
 * sdists and wheels with hashes and sizes, dependency lists, date-times.
 */

#include "util/buf.h"
#include "util/error.h"
#include "util/toml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static unsigned long long rng = 88172645463325252ull;

static unsigned long long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void hash(FILE *f)
{
	fprintf(f, "%016llx%016llx%016llx%016llx", next(), next(), next(), next());
}

static void uv_package(FILE *f, long i)
{
	int k, n = (int)(next() % 7), w = 1 + (int)(next() % 4);
	unsigned v = (unsigned)(next() % 100);

	fprintf(f, "[[package]]\nname = \"pkg-%ld\"\nversion = \"1.%u.0\"\n", i, v);
	fprintf(f, "source = { registry = \"https://pypi.org/simple\" }\ndependencies = [\n");
	for (k = 0; k < n; k++)
		fprintf(f, "    { name = \"pkg-%llu\" },\n", next() % 5000);
	fprintf(f,
	        "]\nsdist = { url = "
	        "\"https://files.pythonhosted.org/packages/pkg-%ld-1.%u.0.tar.gz\", "
	        "hash = \"sha256:",
	        i, v);
	hash(f);
	fprintf(f, "\", size = %llu, upload-time = 2024-01-01T00:00:00.123Z }\nwheels = [\n",
	        next() % 10000000);
	for (k = 0; k < w; k++) {
		fprintf(f,
		        "    { url = "
		        "\"https://files.pythonhosted.org/packages/"
		        "pkg-%ld-1.%u.0-py3-none-any.whl\", hash = \"sha256:",
		        i, v);
		hash(f);
		fprintf(f, "\", size = %llu },\n", next() % 10000000);
	}
	fprintf(f, "]\n\n");
}

static void cargo_package(FILE *f, long i)
{
	int k, n = (int)(next() % 5);

	fprintf(f, "[[package]]\nname = \"crate-%ld\"\nversion = \"0.%llu.1\"\n", i, next() % 50);
	fprintf(f, "source = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = "
	           "\"");
	hash(f);
	fprintf(f, "\"\ndependencies = [\n");
	for (k = 0; k < n; k++)
		fprintf(f, " \"crate-%llu\",\n", next() % 5000);
	fprintf(f, "]\n\n");
}

static int generate(const char *kind, const char *path, long mb)
{
	FILE *f = fopen(path, "w");
	long i, n = 0;

	if (!f)
		return 1;
	fprintf(f, "version = 1\nrequires-python = \">=3.9\"\n\n");
	/* Cargo's [metadata] adds about 2/3 of the packages' size. */
	for (i = 0; ftell(f) < mb * (kind[0] == 'u' ? 1000000L : 600000L); i++, n++)
		(kind[0] == 'u' ? uv_package : cargo_package)(f, i);
	if (kind[0] == 'c') {
		fprintf(f, "[metadata]\n");
		for (i = 0; i < n; i++) {
			fprintf(f,
			        "\"checksum crate-%ld "
			        "(registry+https://github.com/rust-lang/crates.io-index)\" = \"",
			        i);
			hash(f);
			fprintf(f, "\"\n");
		}
	}
	fclose(f);
	printf("%s: %ld packages\n", path, n);
	return 0;
}

static double now(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int parse(const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	struct tg_toml *root;
	double t, c, e, first = 0, best = 1e9, cpu = 1e9;
	struct rusage ru;
	int k;

	if (tg_buf_read_file(&b, path))
		return 1;
	for (k = 0; k < 10; k++) {
		t = now(CLOCK_MONOTONIC);
		c = now(CLOCK_PROCESS_CPUTIME_ID);
		if (tg_toml_parse(b.buf, b.len, path, &root)) {
			fprintf(stderr, "%s\n", tg_error_message());
			return 1;
		}
		e = now(CLOCK_MONOTONIC) - t;
		c = now(CLOCK_PROCESS_CPUTIME_ID) - c;
		if (!k) {
			first = e;
			printf("packages: %zu\n", tg_toml_len(tg_toml_get(root, "package")));
		}
		best = e < best ? e : best;
		cpu = c < cpu ? c : cpu;
		tg_toml_free(root);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("%.1f MB: first parse %.1f ms, best of 10 %.1f ms wall (%.0f MB/s), %.1f ms CPU; "
	       "peak RSS %ld MB\n",
	       (double)b.len / 1e6, first * 1e3, best * 1e3, (double)b.len / 1e6 / best, cpu * 1e3,
	       ru.ru_maxrss / 1024);
	tg_buf_release(&b);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && (!strcmp(argv[1], "uv") || !strcmp(argv[1], "cargo")))
		return generate(argv[1], argv[2], atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "parse"))
		return parse(argv[2]);
	fprintf(stderr, "usage: toml_driver uv|cargo FILE MB | parse FILE\n");
	return 2;
}
