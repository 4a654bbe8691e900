#include "util/workers.h"

#include <unistd.h>

int tg_default_workers(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	return cores > 0 ? (int)cores : 1;
}
