#ifndef TG_OPTIONS_H
#define TG_OPTIONS_H

/*
 * Command-line options, parsed in one place from a table (as git's
 * parse-options). Each command declares a NULL-terminated array of
 * tg_option; tg_options_parse() fills the variables, leaves the positional
 * arguments in argv[0..n) and prints --help from the same table, so an
 * option cannot exist undocumented.
 */

#include "util/strlist.h"

enum tg_option_type {
	TG_OPTION_END = 0,
	TG_OPTION_GROUP,    /* a heading in --help */
	TG_OPTION_BOOL,     /* int*: --x, --no-x, --x=true|false */
	TG_OPTION_STRING,   /* const char**: --x V, --x=V, -x V */
	TG_OPTION_INT,      /* int*: a decimal integer */
	TG_OPTION_DOUBLE,   /* double*: a number */
	TG_OPTION_LIST,     /* struct tg_strlist*: repeatable, each value appended */
	TG_OPTION_CALLBACK, /* cb(opt, arg): arg NULL for a flag without value */
};

enum {
	TG_OPTF_HIDDEN = 1, /* not shown in --help */
	TG_OPTF_NOARG = 2,  /* CALLBACK: takes no value */
	TG_OPTF_OPTARG = 4, /* STRING: the value may be omitted (only --x=V then) */
};

struct tg_option;
typedef int (*tg_option_cb)(const struct tg_option *opt, const char *arg);

struct tg_option {
	enum tg_option_type type;
	int short_name;
	const char *long_name;
	void *value;
	const char *argh; /* the value's placeholder in --help: FILE, N, ... */
	const char *help;
	int flags;
	tg_option_cb cb;
	const char *defval; /* STRING with OPTARG: the value when none is given */
};

#define TG_OPT_END()                                                                               \
	{                                                                                          \
		TG_OPTION_END, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL                            \
	}
#define TG_OPT_GROUP(h)                                                                            \
	{                                                                                          \
		TG_OPTION_GROUP, 0, NULL, NULL, NULL, (h), 0, NULL, NULL                           \
	}
#define TG_OPT_BOOL(s, l, v, h)                                                                    \
	{                                                                                          \
		TG_OPTION_BOOL, (s), (l), (v), NULL, (h), 0, NULL, NULL                            \
	}
#define TG_OPT_STRING(s, l, v, a, h)                                                               \
	{                                                                                          \
		TG_OPTION_STRING, (s), (l), (v), (a), (h), 0, NULL, NULL                           \
	}
#define TG_OPT_INT(s, l, v, a, h)                                                                  \
	{                                                                                          \
		TG_OPTION_INT, (s), (l), (v), (a), (h), 0, NULL, NULL                              \
	}
#define TG_OPT_DOUBLE(s, l, v, a, h)                                                               \
	{                                                                                          \
		TG_OPTION_DOUBLE, (s), (l), (v), (a), (h), 0, NULL, NULL                           \
	}
#define TG_OPT_LIST(s, l, v, a, h)                                                                 \
	{                                                                                          \
		TG_OPTION_LIST, (s), (l), (v), (a), (h), 0, NULL, NULL                             \
	}
#define TG_OPT_CALLBACK(s, l, a, h, f, cb)                                                         \
	{                                                                                          \
		TG_OPTION_CALLBACK, (s), (l), NULL, (a), (h), (f), (cb), NULL                      \
	}

/*
 * The options every command takes: -v, -q, --debug, --verbose, --strict and
 * the hidden --now. They set tg_log_level, the clock and tg_strict.
 */
extern int tg_strict;
extern const struct tg_option tg_common_options[];

enum { TG_OPTIONS_HELP = -100 };

/*
 * Parses argv[1..argc) (argv[0] is the command's name). Returns the number of
 * positional arguments, now in argv[0..n); TG_OPTIONS_HELP when --help or -h
 * was given and help was printed to stdout; TG_ERR_USAGE after printing the
 * error and the usage to stderr. Options may follow positionals; "--" ends
 * options. The common options are accepted by every command.
 */
int tg_options_parse(int argc, const char **argv, const struct tg_option *opts,
                     const char *const *usage);
void tg_options_usage(const struct tg_option *opts, const char *const *usage, int to_stderr);
/* Parses "true|false|yes|no|on|off|1|0"; -1 when it is none of those. */
int tg_parse_bool(const char *s);

#endif
