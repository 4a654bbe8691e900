/*
 * The git hooks `terragon hooks install` writes (scaffold.h). Each runs
 * `terragon hooks run NAME`, then the hook that was there before it, kept as
 * NAME.local, with the same arguments and (for pre-push) the same input.
 */
#include "scaffold/scaffold.h"

static const char *const names[TG_HOOK_COUNT] = {"pre-commit", "pre-push"};

const char *tg_hook_name(enum tg_hook h)
{
	return names[h];
}

/* pre-commit reads nothing on stdin; pre-push gets the refs being pushed, which the
 * chained hook must see too. */
static const char pre_commit[] = "terragon hooks run pre-commit || exit $?\n"
                                 "if [ -x \"$hook_dir/pre-commit" TG_HOOK_CHAINED "\" ]; then\n"
                                 "  exec \"$hook_dir/pre-commit" TG_HOOK_CHAINED "\" \"$@\"\n"
                                 "fi\n";

static const char pre_push[] =
        "refs=$(cat)\n"
        "terragon hooks run pre-push </dev/null || exit $?\n"
        "if [ -x \"$hook_dir/pre-push" TG_HOOK_CHAINED "\" ]; then\n"
        "  if [ -n \"$refs\" ]; then\n"
        "    printf '%s\\n' \"$refs\" | \"$hook_dir/pre-push" TG_HOOK_CHAINED "\" \"$@\"\n"
        "  else\n"
        "    \"$hook_dir/pre-push" TG_HOOK_CHAINED "\" \"$@\" </dev/null\n"
        "  fi\n"
        "fi\n";

void tg_hook_script(enum tg_hook h, struct tg_buf *out)
{
	tg_buf_addf(
	        out,
	        "#!/bin/sh\n" TG_HOOK_MARKER " %s, written by `terragon hooks install`.\n"
	        "# TERRAGON_SKIP_HOOK=\"reason\" skips it; the reason goes to the audit trail.\n"
	        "# The hook that was here before runs after it, as %s" TG_HOOK_CHAINED ".\n"
	        "hook_dir=$(dirname \"$0\")\n",
	        names[h], names[h]);
	tg_buf_adds(out, h == TG_HOOK_PRE_COMMIT ? pre_commit : pre_push);
}
