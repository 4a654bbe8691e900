// module: history
/*
 * The recent-activity reader (`git log -z --name-status` output, git's answer
 * about a repository whose content is not ours) on arbitrary bytes, against a
 * small history with a renamed file and a re-created path: nothing may crash,
 * and every weight must stay a finite number that is not negative.
 */
#include "history/model_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_history h;
	double *w;
	size_t i;

	memset(&h, 0, sizeof(h));
	tg_history_opts_init(&h.opts);
	model_file(&h, "a.c");
	model_file(&h, "core/app.c");
	model_path_set(&h, "app.c", 1); /* core/app.c was app.c */
	model_file(&h, "app.c");        /* and app.c exists again */
	w = calloc(h.files_nr + 1, sizeof(*w));
	tg_history_activity_parse(&h, (const char *)data, size, 1700000000, w);
	for (i = 0; i < h.files_nr; i++)
		if (!isfinite(w[i]) || w[i] < 0)
			abort();
	free(w);
	model_release(&h);
	return 0;
}
