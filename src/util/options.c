#include "util/options.h"

#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int tg_strict;

static int set_verbose(const struct tg_option *opt, const char *arg)
{
	if (tg_log_level < TG_LOG_VERBOSE)
		tg_log_level = TG_LOG_VERBOSE;
	return TG_OK;
}

static int set_quiet(const struct tg_option *opt, const char *arg)
{
	tg_log_level = TG_LOG_QUIET;
	return TG_OK;
}

static int set_debug(const struct tg_option *opt, const char *arg)
{
	tg_log_level = TG_LOG_DEBUG;
	return TG_OK;
}

static int set_now(const struct tg_option *opt, const char *arg)
{
	return tg_clock_set(arg);
}

const struct tg_option tg_common_options[] = {
        TG_OPT_GROUP("Common options"),
        TG_OPT_CALLBACK('v', "verbose", NULL, "say more: notes on defaults and skipped inputs",
                        TG_OPTF_NOARG, set_verbose),
        TG_OPT_CALLBACK('q', "quiet", NULL, "print errors only", TG_OPTF_NOARG, set_quiet),
        TG_OPT_CALLBACK(0, "debug", NULL, "print per-input decisions and timings", TG_OPTF_NOARG,
                        set_debug),
        TG_OPT_BOOL(0, "strict", &tg_strict, "exit 3 when any input was skipped"),
        TG_OPT_CALLBACK(0, "now", "RFC3339", "fix the clock (for tests)", TG_OPTF_HIDDEN, set_now),
        TG_OPT_END(),
};

int tg_parse_bool(const char *s)
{
	static const char *yes[] = {"true", "yes", "on", "1"};
	static const char *no[] = {"false", "no", "off", "0"};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i]))
			return 1;
		if (!strcasecmp(s, no[i]))
			return 0;
	}
	return -1;
}

const char *const tg_formats_table_json[] = {"table", "json", NULL};
const char *const tg_formats_table_json_csv[] = {"table", "json", "csv", NULL};

static int is_named(const struct tg_option *o, const char *name, size_t len)
{
	return o->long_name && strlen(o->long_name) == len && !strncmp(o->long_name, name, len);
}

/*
 * The option --name names, and whether it is a BOOL's negation: --no-x for
 * "x", and --x for "no-x" (git's rule). An exact name wins over a negation.
 */
static const struct tg_option *find_long(const struct tg_option *const *tables, const char *name,
                                         size_t len, int *negated)
{
	const struct tg_option *o;
	int t;

	*negated = 0;
	for (t = 0; tables[t]; t++)
		for (o = tables[t]; o->type != TG_OPTION_END; o++)
			if (is_named(o, name, len))
				return o;
	*negated = 1;
	for (t = 0; tables[t]; t++)
		for (o = tables[t]; o->type != TG_OPTION_END; o++) {
			if (o->type != TG_OPTION_BOOL || !o->long_name)
				continue;
			if (len > 3 && !strncmp(name, "no-", 3) && is_named(o, name + 3, len - 3))
				return o;
			if (!strncmp(o->long_name, "no-", 3) && strlen(o->long_name) == len + 3 &&
			    !strncmp(o->long_name + 3, name, len))
				return o;
		}
	return NULL;
}

static const struct tg_option *find_short(const struct tg_option *opts, int c)
{
	const struct tg_option *o;

	for (o = opts; o->type != TG_OPTION_END; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

static int takes_value(const struct tg_option *o)
{
	switch (o->type) {
	case TG_OPTION_STRING:
	case TG_OPTION_CHOICE:
	case TG_OPTION_INT:
	case TG_OPTION_DOUBLE:
	case TG_OPTION_LIST:
		return 1;
	case TG_OPTION_CALLBACK:
		return !(o->flags & TG_OPTF_NOARG);
	default:
		return 0;
	}
}

static void name_of(const struct tg_option *o, char *out, size_t size)
{
	if (o->long_name)
		snprintf(out, size, "--%s", o->long_name);
	else
		snprintf(out, size, "-%c", o->short_name);
}

/* The choices joined: "a, b or c" for an error, "a|b|c" for --help. */
static void choices_text(struct tg_buf *out, const char *const *choices, const char *sep,
                         const char *last_sep)
{
	size_t i;

	for (i = 0; choices[i]; i++) {
		if (i)
			tg_buf_adds(out, choices[i + 1] ? sep : last_sep);
		tg_buf_adds(out, choices[i]);
	}
}

static int apply_choice(const struct tg_option *o, const char *name, const char *arg)
{
	struct tg_buf list = TG_BUF_INIT;
	size_t i;
	int rc;

	for (i = 0; o->choices[i]; i++)
		if (!strcmp(o->choices[i], arg)) {
			*(const char **)o->value = o->choices[i];
			return TG_OK;
		}
	choices_text(&list, o->choices, ", ", " or ");
	rc = tg_error_set(TG_ERR_USAGE, "%s: expected %s, got \"%s\"", name, list.buf, arg);
	tg_buf_release(&list);
	return rc;
}

/* Stores arg (NULL for a flag) into o's variable. */
static int apply(const struct tg_option *o, const char *arg, int negated)
{
	char name[64];
	char *end;
	long n;
	int b;

	name_of(o, name, sizeof(name));
	switch (o->type) {
	case TG_OPTION_BOOL:
		b = arg ? tg_parse_bool(arg) : !negated;
		if (b < 0)
			return tg_error_set(TG_ERR_USAGE, "%s: expected true or false, got \"%s\"",
			                    name, arg);
		*(int *)o->value = b;
		return TG_OK;
	case TG_OPTION_STRING:
		*(const char **)o->value = arg ? arg : o->defval;
		return TG_OK;
	case TG_OPTION_CHOICE:
		return apply_choice(o, name, arg);
	case TG_OPTION_INT:
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno || end == arg || *end || n < INT_MIN || n > INT_MAX)
			return tg_error_set(TG_ERR_USAGE, "%s: expected an integer, got \"%s\"",
			                    name, arg);
		*(int *)o->value = (int)n;
		return TG_OK;
	case TG_OPTION_DOUBLE: {
		double d = strtod(arg, &end);
		if (end == arg || *end)
			return tg_error_set(TG_ERR_USAGE, "%s: expected a number, got \"%s\"", name,
			                    arg);
		*(double *)o->value = d;
		return TG_OK;
	}
	case TG_OPTION_LIST:
		tg_strlist_add(o->value, arg);
		return TG_OK;
	case TG_OPTION_CALLBACK: {
		int rc = o->cb(o, arg);
		return rc ? tg_error_prefix(rc, "%s", name) : TG_OK;
	}
	default:
		return TG_OK;
	}
}

static int parse_long(const struct tg_option *const *tables, const char *arg, int argc,
                      const char **argv, int *i)
{
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	int negated;
	const struct tg_option *o = find_long(tables, arg, len, &negated);

	if (!o)
		return tg_error_set(TG_ERR_USAGE, "unknown option --%.*s", (int)len, arg);
	if (eq) {
		if (!takes_value(o) && o->type != TG_OPTION_BOOL)
			return tg_error_set(TG_ERR_USAGE, "--%s takes no value", o->long_name);
		if (negated)
			return tg_error_set(TG_ERR_USAGE, "--%.*s takes no value", (int)len, arg);
		return apply(o, eq + 1, 0);
	}
	if (!takes_value(o) || (o->flags & TG_OPTF_OPTARG))
		return apply(o, NULL, negated);
	if (*i + 1 >= argc)
		return tg_error_set(TG_ERR_USAGE, "--%s needs a value", o->long_name);
	return apply(o, argv[++*i], 0);
}

static int parse_short(const struct tg_option *const *tables, const char *arg, int argc,
                       const char **argv, int *i)
{
	for (; *arg; arg++) {
		const struct tg_option *o = NULL;
		int t;

		for (t = 0; tables[t] && !o; t++)
			o = find_short(tables[t], *arg);
		if (!o)
			return tg_error_set(TG_ERR_USAGE, "unknown option -%c", *arg);
		if (!takes_value(o)) {
			int rc = apply(o, NULL, 0);
			if (rc)
				return rc;
			continue;
		}
		if (arg[1])
			return apply(o, arg + 1, 0);
		if (*i + 1 >= argc)
			return tg_error_set(TG_ERR_USAGE, "-%c needs a value", *arg);
		return apply(o, argv[++*i], 0);
	}
	return TG_OK;
}

int tg_options_parse(int argc, const char **argv, const struct tg_option *opts,
                     const char *const *usage)
{
	const struct tg_option *tables[] = {opts, tg_common_options, NULL};
	const char *command = argv[0]; /* argv[0] is soon the first positional */
	int i, n = 0, only_args = 0;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int rc = TG_OK;

		if (only_args || arg[0] != '-' || !arg[1]) {
			argv[n++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			only_args = 1;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			tg_options_usage(opts, usage, 0);
			return TG_OPTIONS_HELP;
		}
		if (arg[1] == '-')
			rc = parse_long(tables, arg + 2, argc, argv, &i);
		else
			rc = parse_short(tables, arg + 1, argc, argv, &i);
		if (rc) {
			fprintf(stderr, "terragon %s: %s\n", command, tg_error_message());
			tg_options_usage(opts, usage, 1);
			return TG_ERR_USAGE;
		}
	}
	argv[n] = NULL;
	return n;
}

/* The left column of o's --help line: "-c, --config FILE". */
static void describe_names(struct tg_buf *left, const struct tg_option *o)
{
	tg_buf_adds(left, "  ");
	if (o->short_name)
		tg_buf_addf(left, "-%c%s", o->short_name, o->long_name ? ", " : "");
	else
		tg_buf_adds(left, "    ");
	if (o->long_name)
		tg_buf_addf(left, "--%s%s",
		            o->type == TG_OPTION_BOOL && strncmp(o->long_name, "no-", 3) ? "[no-]"
		                                                                         : "",
		            o->long_name);
	if (o->type == TG_OPTION_CHOICE) {
		tg_buf_addch(left, ' ');
		choices_text(left, o->choices, "|", "|");
	} else if (takes_value(o)) {
		tg_buf_addf(left, (o->flags & TG_OPTF_OPTARG) ? "[=%s]" : " %s",
		            o->argh ? o->argh : "VALUE");
	}
}

static void describe(struct tg_buf *out, const struct tg_option *o)
{
	struct tg_buf left = TG_BUF_INIT;

	if (o->type == TG_OPTION_GROUP) {
		tg_buf_addf(out, "\n%s:\n", o->help);
		return;
	}
	if (o->flags & TG_OPTF_HIDDEN)
		return;
	describe_names(&left, o);
	if (left.len < 29) /* two spaces at least between the columns */
		tg_buf_addf(out, "%-30s%s\n", left.buf, o->help);
	else
		tg_buf_addf(out, "%s\n%30s%s\n", left.buf, "", o->help);
	tg_buf_release(&left);
}

/* The synopses ("usage:", "   or:"), then with prose the lines after the first "". */
static void describe_usage(struct tg_buf *out, const char *const *usage, int prose)
{
	size_t i;

	for (i = 0; usage && usage[i] && *usage[i]; i++)
		tg_buf_addf(out, "%s%s\n", i ? "   or: " : "usage: ", usage[i]);
	if (!prose || !usage || !usage[i])
		return;
	for (; usage[i]; i++)
		tg_buf_addf(out, *usage[i] ? "    %s\n" : "\n", usage[i]);
}

void tg_options_usage(const struct tg_option *opts, const char *const *usage, int to_stderr)
{
	struct tg_buf out = TG_BUF_INIT;
	const struct tg_option *o;

	describe_usage(&out, usage, !to_stderr);
	if (!to_stderr) {
		if (opts->type != TG_OPTION_END && opts->type != TG_OPTION_GROUP)
			tg_buf_addch(&out, '\n');
		for (o = opts; o->type != TG_OPTION_END; o++)
			describe(&out, o);
		for (o = tg_common_options; o->type != TG_OPTION_END; o++)
			describe(&out, o);
	}
	fputs(out.buf, to_stderr ? stderr : stdout);
	tg_buf_release(&out);
}

static void expected(struct tg_buf *b, int min, int max)
{
	if (max == min)
		tg_buf_addf(b, "%d argument%s", min, min == 1 ? "" : "s");
	else if (max < 0)
		tg_buf_addf(b, "at least %d argument%s", min, min == 1 ? "" : "s");
	else
		tg_buf_addf(b, "%d to %d arguments", min, max);
}

int tg_options_parse_args(int argc, const char **argv, const struct tg_option *opts,
                          const char *const *usage, int min, int max)
{
	const char *command = argv[0];
	struct tg_buf what = TG_BUF_INIT;
	int n = tg_options_parse(argc, argv, opts, usage);

	if (n < 0 || (n >= min && (max < 0 || n <= max)))
		return n;
	if (max == 0)
		fprintf(stderr, "terragon %s: unexpected argument '%s'\n", command, argv[0]);
	else {
		expected(&what, min, max);
		fprintf(stderr, "terragon %s: expected %s, got %d\n", command, what.buf, n);
	}
	tg_buf_release(&what);
	tg_options_usage(opts, usage, 1);
	return TG_ERR_USAGE;
}
