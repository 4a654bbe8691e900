#include "cmd/cmd.h"

#include "config/config.h"
#include "util/buf.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon config show [-C DIR] [-c FILE] [--format table|yaml|json]",
        "terragon config validate [-C DIR] [-c FILE]", NULL};

static const char *const formats[] = {"table", "yaml", "json", NULL};

static int config_show(int argc, const char **argv)
{
	const char *repo = NULL, *file = NULL, *format = "table";
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &file),
	        TG_OPT_CHOICE(0, "format", &format, formats,
	                      "output format (default: table; yaml reads back as a configuration)"),
	        TG_OPT_END(),
	};
	enum tg_config_format f = TG_CONFIG_TABLE;
	struct tg_buf out = TG_BUF_INIT;
	struct tg_config cfg;
	char *root;
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 1), rc;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (!strcmp(format, "yaml"))
		f = TG_CONFIG_YAML;
	else if (!strcmp(format, "json"))
		f = TG_CONFIG_JSON;
	rc = tg_config_load_for(&cfg, n > 0 && !repo ? argv[0] : repo, file, &root);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	tg_config_show(&out, &cfg, f);
	tg_cmd_print_text(&out, f == TG_CONFIG_JSON); /* a value may hold a token */
	tg_buf_release(&out);
	tg_config_release(&cfg);
	free(root);
	return TG_EXIT_OK;
}

static int config_validate(int argc, const char **argv)
{
	const char *repo = NULL, *file = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &file),
	        TG_OPT_END(),
	};
	struct tg_config cfg;
	char *root;
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 1), rc;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	rc = tg_config_load_for(&cfg, n > 0 && !repo ? argv[0] : repo, file, &root);
	if (rc) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	if (tg_log_level > TG_LOG_QUIET)
		printf("%s: valid%s\n", *cfg.file ? cfg.file : "built-in defaults",
		       cfg.warnings.nr ? " (with warnings)" : "");
	tg_config_release(&cfg);
	free(root);
	return TG_EXIT_OK;
}

int cmd_config(int argc, const char **argv)
{
	const struct tg_option opts[] = {TG_OPT_END()};

	/* argv[1] becomes the sub-command's argv[0], which messages name. */
	if (argc >= 2 && !strcmp(argv[1], "show")) {
		argv[1] = "config show";
		return config_show(argc - 1, argv + 1);
	}
	if (argc >= 2 && !strcmp(argv[1], "validate")) {
		argv[1] = "config validate";
		return config_validate(argc - 1, argv + 1);
	}
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		tg_options_usage(opts, usage, 0);
		return TG_EXIT_OK;
	}
	if (argc >= 2)
		tg_error("config: '%s' is not a subcommand (show, validate)", argv[1]);
	tg_options_usage(opts, usage, 1);
	return TG_EXIT_USAGE;
}
