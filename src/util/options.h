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
	TG_OPTION_BOOL,     /* int*: --x, --no-x, --x=true|false (below: names "no-x") */
	TG_OPTION_STRING,   /* const char**: --x V, --x=V, -x V */
	TG_OPTION_CHOICE,   /* const char**: one of choices[], else one error listing them */
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
	const char *defval;         /* STRING with OPTARG: the value when none is given */
	const char *const *choices; /* CHOICE: the accepted values, NULL-terminated */
};

/*
 * A BOOL named "no-x" (--no-ignore) is shown as --no-x, and --x is its
 * negation (it sets 0), as in git; any other BOOL is shown as --[no-]x.
 *
 * A CHOICE stores the matching entry of choices[] (so the variable's initial
 * value is the default), and a value not in the list is the one error
 * '--format: expected table, json or csv, got "xml"'. Its --help shows the
 * choices as the placeholder: --format table|json|csv.
 */
#define TG_OPT_END()                                                                               \
	{                                                                                          \
		.type = TG_OPTION_END                                                              \
	}
#define TG_OPT_GROUP(h)                                                                            \
	{                                                                                          \
		.type = TG_OPTION_GROUP, .help = (h)                                               \
	}
#define TG_OPT_BOOL(s, l, v, h)                                                                    \
	{                                                                                          \
		.type = TG_OPTION_BOOL, .short_name = (s), .long_name = (l), .value = (v),         \
		.help = (h)                                                                        \
	}
#define TG_OPT_STRING(s, l, v, a, h)                                                               \
	{                                                                                          \
		.type = TG_OPTION_STRING, .short_name = (s), .long_name = (l), .value = (v),       \
		.argh = (a), .help = (h)                                                           \
	}
#define TG_OPT_CHOICE(s, l, v, c, h)                                                               \
	{                                                                                          \
		.type = TG_OPTION_CHOICE, .short_name = (s), .long_name = (l), .value = (v),       \
		.help = (h), .choices = (c)                                                        \
	}
#define TG_OPT_INT(s, l, v, a, h)                                                                  \
	{                                                                                          \
		.type = TG_OPTION_INT, .short_name = (s), .long_name = (l), .value = (v),          \
		.argh = (a), .help = (h)                                                           \
	}
#define TG_OPT_DOUBLE(s, l, v, a, h)                                                               \
	{                                                                                          \
		.type = TG_OPTION_DOUBLE, .short_name = (s), .long_name = (l), .value = (v),       \
		.argh = (a), .help = (h)                                                           \
	}
#define TG_OPT_LIST(s, l, v, a, h)                                                                 \
	{                                                                                          \
		.type = TG_OPTION_LIST, .short_name = (s), .long_name = (l), .value = (v),         \
		.argh = (a), .help = (h)                                                           \
	}
#define TG_OPT_CALLBACK(s, l, a, h, f, c)                                                          \
	{                                                                                          \
		.type = TG_OPTION_CALLBACK, .short_name = (s), .long_name = (l), .argh = (a),      \
		.help = (h), .flags = (f), .cb = (c)                                               \
	}

/*
 * The repository and its configuration, declared here once so that every
 * command that reads a repository spells them alike: -C/--repo-path DIR and
 * -c/--config FILE, each a const char** (NULL: the current directory, and
 * .terragon/config.yaml in the repository). A command that takes no
 * configuration (init) uses TG_OPT_REPO_PATH alone.
 */
#define TG_OPT_REPO_PATH(repo)                                                                     \
	TG_OPT_STRING('C', "repo-path", (repo), "DIR",                                             \
	              "the repository (default: the current directory)")
#define TG_OPT_CONFIG(config)                                                                      \
	TG_OPT_STRING('c', "config", (config), "FILE",                                             \
	              "configuration file (default: .terragon/config.yaml in the repository)")
#define TG_OPT_REPO(repo, config) TG_OPT_REPO_PATH(repo), TG_OPT_CONFIG(config)

/* The value lists of the usual --format choices, NULL-terminated. */
extern const char *const tg_formats_table_json[];     /* table, json */
extern const char *const tg_formats_table_json_csv[]; /* table, json, csv */

/*
 * The options every command takes: -v, -q, --debug, --verbose, --strict and
 * the hidden --now. They set tg_log_level, the clock and tg_strict.
 */
extern int tg_strict;
extern const struct tg_option tg_common_options[];

enum { TG_OPTIONS_HELP = -100 };

/*
 * usage[] is NULL-terminated and read as git reads it: usage[0] is printed
 * after "usage: ", each next line after "   or: " (another synopsis), up to
 * an empty string ""; every line after that is prose, printed indented by
 * four spaces, a further "" leaving a blank line. An error prints only the
 * synopses (to stderr); --help prints all, then the options.
 *
 * Parses argv[1..argc) (argv[0] is the command's name). Returns the number of
 * positional arguments, now in argv[0..n); TG_OPTIONS_HELP when --help or -h
 * was given and help was printed to stdout; TG_ERR_USAGE after printing the
 * error and the usage to stderr. Options may follow positionals; "--" ends
 * options. The common options are accepted by every command.
 */
int tg_options_parse(int argc, const char **argv, const struct tg_option *opts,
                     const char *const *usage);
/*
 * tg_options_parse, then the number of positional arguments checked against
 * [min, max] (max < 0: no limit). Too few or too many get one message,
 * "terragon CMD: expected ..., got N" or "unexpected argument 'X'", and the
 * usage, and return TG_ERR_USAGE.
 */
int tg_options_parse_args(int argc, const char **argv, const struct tg_option *opts,
                          const char *const *usage, int min, int max);
void tg_options_usage(const struct tg_option *opts, const char *const *usage, int to_stderr);
/* Parses "true|false|yes|no|on|off|1|0"; -1 when it is none of those. */
int tg_parse_bool(const char *s);

#endif
