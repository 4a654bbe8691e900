/*
 * The command table: one line a command, in the order `terragon help` lists
 * them. Only commands that work are listed. Included by main.c and cmd.h
 * with TG_CMD defined.
 */
TG_CMD("version", cmd_version, "print terragon's version")
