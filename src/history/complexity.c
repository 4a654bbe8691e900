/* A file's complexity for hotspots: the analyze module's decision points. */
#include "history/history.h"

#include "analyze/count.h"
#include "analyze/lang.h"
#include "util/error.h"

long tg_history_complexity(const char *path, const char *data, size_t len, void *ctx)
{
	const struct tg_lang *lang = tg_lang_detect(path, (const unsigned char *)data, len);
	struct tg_file_counts counts;

	if (!lang || tg_analyze_count(lang, (const unsigned char *)data, len, &counts, NULL))
		return -1;
	return (long)counts.complexity;
}
