#include "cmd/cmd.h"

#include "version.h"

#include <stdio.h>

static const char *const usage[] = {"terragon version", NULL};

int cmd_version(int argc, const char **argv)
{
	const struct tg_option opts[] = {TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 0);

	if (n < 0)
		return tg_cmd_parse_exit(n);
	printf("terragon %s\n", TG_VERSION);
	return TG_EXIT_OK;
}
