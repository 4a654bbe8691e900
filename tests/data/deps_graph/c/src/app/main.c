#include "../core/engine.h"
#include "ui.h"
#include "../util/log.h"
int main(void)
{
	engine_run();
	ui_show();
	return 0;
}
