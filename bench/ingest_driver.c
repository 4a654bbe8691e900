/*
 * The SARIF ingestion benchmark's driver (built by bench/ingest.sh against
 * build/release's libraries):
 *   ingest_driver generate FILE MB   writes a SARIF file of about MB megabytes
 *   ingest_driver ingest FILE        streams it into items and prints MB/s and
 *                                    peak resident memory / file size
 * The generated results look like a real analyzer's: 60 rules with tags and
 * security-severity, 2,000 files, snippets, partial fingerprints, a few
 * suppressions and fixes, uriBaseIds and absolute file:// URIs.
 */

#include "ingest/ingest.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

static int generate(const char *path, long mb)
{
	FILE *f = fopen(path, "w");
	long long target = mb * 1000000LL;
	unsigned long long x = 88172645463325252ull;

	if (!f)
		return 1;
	fputs("{\"$schema\":\"https://json.schemastore.org/"
	      "sarif-2.1.0.json\",\"version\":\"2.1.0\","
	      "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"benchscan\",\"version\":\"1.0\","
	      "\"rules\":[",
	      f);
	for (int r = 0; r < 60; r++)
		fprintf(f,
		        "%s{\"id\":\"BENCH%03d\",\"name\":\"rule%d\",\"shortDescription\":{"
		        "\"text\":\"Rule "
		        "%d finds something\"},\"helpUri\":\"https://example.org/r/%d\","
		        "\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{\"tags\":["
		        "\"security\","
		        "\"external/cwe/"
		        "cwe-%d\"],\"precision\":\"high\",\"security-severity\":\"%d.%d\"}}",
		        r ? "," : "", r, r, r, r, r % 3 ? "warning" : "error", 20 + r, r % 10,
		        r % 7);
	fputs("]}},\"originalUriBaseIds\":{\"SRCROOT\":{\"uri\":\"file:///repo/"
	      "\"}},\"results\":[\n",
	      f);
	for (long long i = 0; ftell(f) < target; i++) {
		int rule, file, line;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		rule = (int)(x % 60);
		file = (int)((x >> 8) % 2000);
		line = (int)((x >> 24) % 5000) + 1;
		fprintf(f,
		        "%s{\"ruleId\":\"BENCH%03d\",\"ruleIndex\":%d,\"level\":\"%s\",\"message\":"
		        "{\"text\":"
		        "\"Possible problem number %lld: the value of `buf%d` reaches a sink "
		        "without "
		        "validation\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{"
		        "\"uri\":"
		        "\"%ssrc/module%d/"
		        "file%d.c\"%s},\"region\":{\"startLine\":%d,\"startColumn\":5,"
		        "\"endLine\":%d,\"endColumn\":42,\"snippet\":{\"text\":\"    memcpy(buf%d, "
		        "src, "
		        "len);\"}}}}],\"partialFingerprints\":{\"primaryLocationLineHash\":\"%"
		        "016llx:1\"}%s%s}",
		        i ? ",\n" : "", rule, rule, rule % 3 ? "warning" : "error", i, line,
		        i % 5 ? "" : "file:///repo/", file % 40, file,
		        i % 5 ? ",\"uriBaseId\":\"SRCROOT\"" : "", line, line, line, x,
		        i % 50 ? "" : ",\"suppressions\":[{\"kind\":\"inSource\"}]",
		        i % 97 ? ""
		               : ",\"fixes\":[{\"description\":{\"text\":\"bound "
		                 "it\"},\"artifactChanges\":["
		                 "{\"artifactLocation\":{\"uri\":\"src/x.c\"},\"replacements\":[{"
		                 "\"deletedRegion\":{\"startLine\":1,\"startColumn\":1,"
		                 "\"endColumn\":4},"
		                 "\"insertedContent\":{\"text\":\"abc\"}}]}]}]");
	}
	fputs("\n]}]}\n", f);
	return fclose(f) ? 1 : 0;
}

static int count_emit(struct tg_sink *sink, struct tg_item *it)
{
	(*(size_t *)sink->data)++;
	tg_item_release(it);
	tg_item_init(it);
	return TG_OK;
}

static int ingest(const char *path)
{
	struct timespec t0, t1;
	struct rusage ru;
	struct stat st;
	size_t n = 0;
	struct tg_sink sink = {count_emit, &n};
	struct tg_ingest_stats stats = {0};
	double secs, mb, rss_mb, cpu;
	int rc;

	if (stat(path, &st))
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = tg_ingest_sarif(path, "/repo", &sink, &stats);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc) {
		fprintf(stderr, "%s\n", tg_error_message());
		return 3;
	}
	getrusage(RUSAGE_SELF, &ru);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	mb = (double)st.st_size / 1e6;
	rss_mb = (double)ru.ru_maxrss * 1024 / 1e6;
	printf("terragon: %zu results, %zu items (%zu duplicates, %zu suppressed, %zu fixes)\n",
	       stats.results, stats.emitted, stats.duplicates, stats.suppressed, stats.fixes_nr);
	cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	      (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	printf("terragon: %.1f MB in %.2f s = %.1f MB/s (goal >= 50); %.2f s of CPU = %.1f MB/s "
	       "(what an idle machine would see)\n",
	       mb, secs, mb / secs, cpu, mb / cpu);
	printf("terragon: peak RSS %.1f MB = %.2fx the file (goal <= 4)\n", rss_mb, rss_mb / mb);
	tg_ingest_stats_release(&stats);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "generate"))
		return generate(argv[2], atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "ingest"))
		return ingest(argv[2]);
	fprintf(stderr, "usage: ingest_driver generate FILE MB | ingest FILE\n");
	return 2;
}
