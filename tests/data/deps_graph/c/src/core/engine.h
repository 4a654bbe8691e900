#ifndef ENGINE_H
#define ENGINE_H
#include "../app/ui.h" /* the layering violation: core reaches up */
void engine_run(void);
#endif
