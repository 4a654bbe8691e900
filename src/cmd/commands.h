/*
 * The command table: one line a command, in the order `terragon help` lists
 * them. Only commands that work are listed. Included by main.c and cmd.h
 * with TG_CMD defined.
 */
TG_CMD("init", cmd_init, "write .terragon/config.yaml and ignore the store in .gitignore")
TG_CMD("config", cmd_config, "show the effective configuration, or validate it")
TG_CMD("health", cmd_health, "check the configuration, the repository, the store and the tools")
TG_CMD("version", cmd_version, "print terragon's version")
TG_CMD("hotspots", cmd_hotspots, "files both complex and changed often, ranked")
TG_CMD("coupling", cmd_coupling, "files that change together (logical coupling)")
TG_CMD("owners", cmd_owners, "who wrote a file: shares, bus factor, knowledge at risk")
