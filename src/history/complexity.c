/* Interim complexity until the analyze module lands: counts C-family decision keywords. */
#include "history/history.h"

#include <ctype.h>
#include <string.h>

long tg_history_complexity(const char *path, const char *data, size_t len, void *ctx)
{
	static const char *const kw[] = {"if", "for", "while", "case", "catch", NULL};
	const char *dot = strrchr(path, '.');
	long n = 0;
	size_t i;

	if (!dot || (strcmp(dot, ".c") && strcmp(dot, ".h") && strcmp(dot, ".py") &&
	             strcmp(dot, ".js") && strcmp(dot, ".go") && strcmp(dot, ".sh")))
		return -1;
	for (i = 0; i < len; i++) {
		int j;

		if (i && (isalnum((unsigned char)data[i - 1]) || data[i - 1] == '_'))
			continue;
		for (j = 0; kw[j]; j++) {
			size_t k = strlen(kw[j]);
			if (i + k <= len && !memcmp(data + i, kw[j], k) &&
			    (i + k == len ||
			     !(isalnum((unsigned char)data[i + k]) || data[i + k] == '_')))
				n++;
		}
		if (i + 1 < len && ((data[i] == '&' && data[i + 1] == '&') ||
		                    (data[i] == '|' && data[i + 1] == '|')))
			n++;
	}
	return n;
}
