// module: predict
/* The benchmark name's input size on arbitrary bytes, and the statistics on
 * the bytes read as a series (any doubles, NaN and infinities among them). */
#include "predict/predict.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = malloc(size + 1), base[64];
	size_t n = size / sizeof(double) > 64 ? 64 : size / sizeof(double), i;
	double y[64], x[64], k;
	struct tg_changepoint *cp;
	struct tg_trend t;
	struct tg_changepoint_opts o;

	memcpy(name, data, size);
	name[size] = 0;
	tg_bench_size(name, base, sizeof(base));
	free(name);
	memcpy(y, data, n * sizeof(double));
	for (i = 0; i < n; i++)
		x[i] = (double)i;
	tg_trend_fit(x, y, n, &t);
	tg_power_law(x, y, n, &k, NULL);
	tg_changepoint_defaults(&o);
	o.permutations = 9;
	tg_changepoints(y, n, &o, &cp);
	free(cp);
	return 0;
}
