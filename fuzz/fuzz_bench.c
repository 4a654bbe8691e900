// module: gate
/* The benchmark readers on arbitrary bytes: pytest-benchmark, Google
 * Benchmark and hyperfine JSON, and a comparison of the run with itself. */
#include "gate/bench.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_bench_set s;
	struct tg_bench_report r;

	if (tg_bench_parse("fuzz", (const char *)data, size, &s))
		return 0;
	if (!tg_bench_compare(&s, &s, 5, &r))
		tg_bench_report_release(&r);
	tg_bench_set_release(&s);
	return 0;
}
