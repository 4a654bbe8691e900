#include "engine.h"
#include "../util/log.h"
void engine_run(void)
{
	log_line("run");
}
