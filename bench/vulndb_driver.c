/*
 * bench/vulndb.sh's lookup driver: opens an OSV database and looks up every
 * "ECOSYSTEM<TAB>NAME" line of a file, parsing each record handed back with
 * jansson as a matcher would (the matcher's own range evaluation is not
 * here). Prints the lookups, the records seen and the time.
 */
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "vulndb/vulndb.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse = 1;

static int each(void *arg, const char *json, size_t len)
{
	json_t *v = parse ? json_loadb(json, len, 0, NULL) : NULL;

	if (parse && !v)
		return 1;
	++*(long *)arg;
	json_decref(v);
	return 0;
}

int main(int argc, char **argv)
{
	struct tg_buf names = TG_BUF_INIT;
	struct tg_vulndb *db;
	long lookups = 0, records = 0;
	double t0;
	char *line, *save = NULL;

	if (argc != 3 || tg_buf_read_file(&names, argv[2]) ||
	    tg_vulndb_open(argv[1], TG_VULNDB_READ, &db)) {
		fprintf(stderr, "usage: vulndb_driver DB NAMES (%s)\n", tg_error_message());
		return 2;
	}
	parse = !getenv("NOPARSE");
	t0 = tg_clock_mono();
	for (line = strtok_r(names.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		enum tg_eco eco;

		if (!tab)
			continue;
		*tab = '\0';
		if (tg_eco_parse(line, &eco))
			continue;
		if (tg_vulndb_lookup(db, eco, tab + 1, each, &records))
			return 3;
		lookups++;
	}
	printf("%ld lookups, %ld records parsed, %.3f s\n", lookups, records, tg_clock_mono() - t0);
	tg_vulndb_close(db);
	tg_buf_release(&names);
	return 0;
}
