#ifndef TG_CMD_H
#define TG_CMD_H

/*
 * One file per command under src/cmd/, each small and alike: parse options
 * with tg_options_parse(), call the library, print, return an exit code
 * (enum tg_exit). The command table is in commands.h.
 */

#include "util/error.h"
#include "util/options.h"

#define TG_CMD(name, fn, summary) int fn(int argc, const char **argv);
#include "cmd/commands.h"
#undef TG_CMD

/* Maps tg_options_parse()'s return onto "go on" (>= 0) or an exit code (< 0). */
static inline int tg_cmd_parse_exit(int n)
{
	return n == TG_OPTIONS_HELP ? TG_EXIT_OK : TG_EXIT_USAGE;
}

#endif
