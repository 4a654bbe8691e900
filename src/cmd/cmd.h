#ifndef TG_CMD_H
#define TG_CMD_H

/*
 * One file per command under src/cmd/, each small and alike: parse options
 * with tg_options_parse(), call the library, print, return an exit code
 * (enum tg_exit). The command table is in commands.h.
 */

#include "util/buf.h"
#include "util/error.h"
#include "util/options.h"
#include "util/redact.h"

#include <stdio.h>

#define TG_CMD(name, fn, summary) int fn(int argc, const char **argv);
#include "cmd/commands.h"
#undef TG_CMD
/* Sub-commands in files of their own. */
int cmd_deps_verify(int argc, const char **argv); /* deps verify: cmd/deps_verify.c */

/* Maps tg_options_parse()'s return onto "go on" (>= 0) or an exit code (< 0). */
static inline int tg_cmd_parse_exit(int n)
{
	return n == TG_OPTIONS_HELP ? TG_EXIT_OK : TG_EXIT_USAGE;
}

/*
 * Prints a text a module formatted (a gate table, a health report, the
 * configuration) on stdout: secrets redacted, and, unless it is JSON (whose
 * encoder escaped its strings), every control but newline and tab escaped.
 */
static inline void tg_cmd_print_text(const struct tg_buf *text, int json)
{
	struct tg_buf red = TG_BUF_INIT, out = TG_BUF_INIT;

	tg_redact_text(&red, text->buf, text->len);
	if (json)
		fwrite(red.buf, 1, red.len, stdout);
	else
		tg_buf_add_printable_text(&out, red.buf, red.len);
	fwrite(out.buf, 1, out.len, stdout);
	tg_buf_release(&red);
	tg_buf_release(&out);
}

#endif
