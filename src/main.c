/*
 * terragon: turns a git repository into a ranked, evidence-backed backlog.
 * This file is the command table and dispatch; each command lives in
 * src/cmd/<name>.c.
 */
#include "cmd/cmd.h"
#include "util/log.h"
#include "version.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *summary;
};

static const struct command commands[] = {
#define TG_CMD(name, fn, summary) {name, fn, summary},
#include "cmd/commands.h"
#undef TG_CMD
};

static const struct command *find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void list_commands(FILE *out)
{
	size_t i;

	fprintf(out, "usage: terragon COMMAND [options]\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		/* a name as long as the column still gets a space before its summary */
		fprintf(out, "  %-*s%s\n",
		        strlen(commands[i].name) < 12 ? 12 : (int)strlen(commands[i].name) + 1,
		        commands[i].name, commands[i].summary);
	fprintf(out, "\nterragon help COMMAND (or terragon COMMAND --help) describes one.\n");
}

static int help(int argc, const char **argv)
{
	const struct command *c;
	const char *args[] = {NULL, "--help", NULL};

	if (argc < 2) {
		list_commands(stdout);
		return TG_EXIT_OK;
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "terragon: no command '%s'\n", argv[1]);
		return TG_EXIT_USAGE;
	}
	args[0] = c->name;
	return c->fn(2, args);
}

int main(int argc, const char **argv)
{
	const struct command *c;

	if (argc < 2) {
		list_commands(stderr);
		return TG_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return help(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--version")) {
		printf("terragon %s\n", TG_VERSION);
		return TG_EXIT_OK;
	}
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "terragon: '%s' is not a command; see 'terragon help'\n", argv[1]);
		return TG_EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
