#ifndef TG_FUNCTIONS_LIMIT_H
#define TG_FUNCTIONS_LIMIT_H

/*
 * A project's own complexity limit, where its linters' configuration or its
 * CI states one: flake8's and ruff's max-complexity for Python,
 * golangci-lint's gocyclo and cyclop and a `gocyclo -over N` for Go,
 * ESLint's `complexity` rule for JavaScript and TypeScript, and `lizard -C
 * N` (or --CCN) for every language. Each tool reports a function whose
 * complexity is above N, as terragon's thresholds.ccn does; their counts
 * differ a little from ours (mccabe ignores `and`/`or`), so a limit is an
 * input to the threshold, not a promise of the same findings.
 *
 * Files are read beneath the root (util/beneath.h) and only up to 1 MiB; a
 * file that cannot be read or parsed states no limit and the rest go on.
 */

#include <stddef.h>

enum tg_limit_family {
	TG_LIMIT_ANY, /* lizard: every language */
	TG_LIMIT_PYTHON,
	TG_LIMIT_GO,
	TG_LIMIT_JS, /* JavaScript and TypeScript */
	TG_LIMIT_FAMILIES,
};

struct tg_ccn_limit {
	int value;   /* a function above it is over; 0: no limit stated */
	char *where; /* "setup.cfg:12" */
	char *what;  /* "flake8 max-complexity" */
};

struct tg_ccn_limits {
	struct tg_ccn_limit of[TG_LIMIT_FAMILIES];
};

#define TG_CCN_LIMITS_INIT                                                                         \
	{                                                                                          \
		{                                                                                  \
			{                                                                          \
				0, NULL, NULL                                                      \
			}                                                                          \
		}                                                                                  \
	}

/* Reads the limits the files under root state; the first file of a family wins. */
void tg_ccn_limits_read(const char *root, struct tg_ccn_limits *out);
/*
 * The same from one file's text, named by its path under the root (".flake8",
 * ".github/workflows/ci.yml"): fills only families still without a limit.
 * Returns how many it filled. A name no tool reads is ignored.
 */
int tg_ccn_limits_from_text(struct tg_ccn_limits *l, const char *path, const char *text,
                            size_t len);
void tg_ccn_limits_release(struct tg_ccn_limits *l);
/* The limit that applies to a file of language lang_name (cloc's name), or NULL. */
const struct tg_ccn_limit *tg_ccn_limit_for(const struct tg_ccn_limits *l, const char *lang_name);
const char *tg_limit_family_name(enum tg_limit_family f); /* "Python", "every language" */

/*
 * The text readers (limit_text.c). Each returns the limit (> 0) and its
 * 1-based line through *line, or 0 when the text states none. Values above
 * 100000 are not limits anyone meant and are ignored.
 */
/* key (`_` and `-` alike, any case) in [section] of an INI file, as configparser reads it. */
int tg_limit_ini(const char *text, size_t len, const char *section, const char *key, int *line);
/*
 * A command line in a CI file or Makefile: on a line naming tool (a word),
 * the number after one of opts ("-C", "--CCN"): `-C 10`, `-C10`, `--CCN=10`,
 * `"-C", "10"`. A line ending in a backslash goes on.
 */
int tg_limit_cli(const char *text, size_t len, const char *tool, const char *const *opts,
                 int *line);
/*
 * ESLint's `complexity` rule in JSON, JavaScript or YAML flow text:
 * `"complexity": ["error", 10]`, `complexity: ["warn", { max: 10 }]`; a rule on
 * with no number is ESLint's default, 20; "off" or 0 states no limit.
 */
int tg_limit_eslint_text(const char *text, size_t len, int *line);

#endif
