#include "ui.h"
#include "../core/engine.h"
void ui_show(void)
{
	engine_run();
}
