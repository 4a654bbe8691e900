// module: ingest
/*
 * The streaming SARIF reader on arbitrary bytes: no crash, no leak, and
 * every item it emits is complete (a fingerprint, a source, a rule).
 */

#include "ingest/ingest.h"
#include "util/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int check_emit(struct tg_sink *sink, struct tg_item *it)
{
	if (strlen(it->fingerprint) != 16 || !it->source || !it->rule_id || !it->category)
		abort();
	(*(size_t *)sink->data)++;
	tg_item_release(it);
	tg_item_init(it);
	return TG_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("sarif", 0);
	char path[64];
	size_t n = 0;
	struct tg_sink sink = {check_emit, &n};
	struct tg_ingest_stats st = {0};

	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	tg_ingest_sarif(path, "/repo", &sink, &st);
	if (st.emitted != n)
		abort();
	tg_ingest_stats_release(&st);
	close(fd);
	return 0;
}
