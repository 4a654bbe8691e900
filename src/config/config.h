#ifndef TG_CONFIG_H
#define TG_CONFIG_H

/*
 * The effective configuration: built-in defaults, overlaid by
 * .terragon/config.yaml, by TERRAGON_* environment variables and by flags
 * (in that order of precedence, lowest first). Every key of the file has a
 * field here, named as its YAML path; tg_config_origin() tells where a value
 * came from. docs/config.yaml.example documents every key.
 */

#include "util/buf.h"
#include "util/strlist.h"

#include <stddef.h>

enum tg_origin {
	TG_ORIGIN_DEFAULT = 0,
	TG_ORIGIN_FILE,
	TG_ORIGIN_ENV,
	TG_ORIGIN_FLAG,
};

struct tg_analyzer {
	char *name;
	char *run;   /* a shell command */
	char *sarif; /* the SARIF file it writes, relative to the repository root */
	int timeout_s;
};

struct tg_ignore_rule {
	char *fingerprint; /* one of these three is set */
	char *rule;
	char *path; /* a glob */
	char *reason;
	char *expires; /* YYYY-MM-DD or NULL */
};

struct tg_gate_command {
	char *name;
	char *run;
	int timeout_s;
};

/* A layer of architecture.layers, bottom first: its name and path globs, one a line. */
struct tg_layer_config {
	char *name;
	char *paths;
};

/*
 * A service level objective (slos:, `terragon slo`), as written and as read:
 * objective "95%" or 0.95, durations as 30m, 4h, 7d or 2w.
 */
struct tg_slo_config {
	char *name;      /* lowercase letters, digits and '-' (an alert and label name) */
	char *sli;       /* one of tg_config_sli_names */
	char *objective; /* as written */
	char *window;
	char *threshold; /* the latency SLIs only; NULL for execution_success */
	double ratio;    /* the objective, 0 < ratio < 1 */
	long window_s, threshold_s;
};

/* The SLIs an SLO may measure, NULL-terminated: execution_success, time_to_value,
 * vulnerability_resolution (observe/slo.h says what each counts). */
extern const char *const tg_config_sli_names[];
#define TG_CONFIG_SLOS_MAX 16

struct tg_config {
	struct {
		char *maturity_level; /* nascent|developing|maturing|advanced */
		struct tg_strlist focus_areas;
	} repository;
	struct {
		struct {
			double wsjf, ice, technical_debt, security;
		} scoring_weights;
		struct {
			double security_critical, compliance;
		} boosts;
		struct tg_strlist discovery_sources;
		/* The scanner source's passes: large_files, markers, functions, rules. */
		struct tg_strlist scanner;
		struct tg_analyzer *analyzers;
		size_t analyzers_nr;
		struct tg_strlist imports;
		struct tg_ignore_rule *ignore;
		size_t ignore_nr;
		char *grouping; /* file|rule|none: one item per file, per repository, per finding */
		int include_vendored; /* vendored code's items go into the backlog too */
		/* Globs (git's wildmatch on the whole path) that class a path. */
		struct {
			struct tg_strlist test, fixture, example, docs, vendored;
		} contexts;
	} value_discovery;
	struct {
		int ccn;
		int function_nloc;
		int file_lines;
		long max_file_bytes;
	} thresholds;
	struct tg_strlist exclude;
	struct {
		/* The frameworks whose controls make a compliance item an audit requirement. */
		struct tg_strlist frameworks; /* sox, pci-dss, cis */
		/* Change approval (`terragon audit changes`, history/approvals.h). */
		struct {
			int min;              /* approvals by someone other than the author */
			int no_self_approval; /* the author may not be the only approver */
			struct tg_strlist regulated_paths; /* globs: financial impact */
			struct tg_strlist approvers; /* who may approve them; empty: CODEOWNERS */
		} approvals;
	} compliance;
	struct {
		struct tg_strlist packs;
		struct tg_strlist disable;
	} rules;
	struct {
		char *since;
		int first_parent;
		int min_revs, min_shared_revs, min_coupling, inactive_months;
		int knowledge_min_lines; /* code lines a source file needs for knowledge risk */
		struct tg_strlist bots;
	} history;
	struct {
		double coverage_min;
		char *coverage_file;
		int max_critical_vulns;
		double perf_regression_max_pct;
		char *bench_baseline;
		char *bench_current;
		struct tg_gate_command *commands;
		size_t commands_nr;
	} quality_gates;
	struct {
		double horizon_days;
		double debt_growth_pct; /* forecast growth over the horizon that makes an item */
		double debt_threshold_minutes; /* 0: none */
	} foresight;
	struct {
		int dry_run;
		double min_score;
		int include_watch; /* take watch-list items too (backlog/tier.h) */
		char *branch_prefix;
		int max_prs, max_open_prs;
		char *remote;
		char *base_branch;
		struct tg_strlist labels;
		struct tg_strlist exclude_rules; /* globs: rules a person decides */
		struct {
			char *command;
			int timeout_s;
		} executor;
		/* Regenerates an ecosystem's lockfile after a dependency bump; empty: none. */
		struct {
			char *pypi, *npm, *go, *cargo, *maven, *rubygems, *composer, *nuget;
		} lockfile_commands;
		struct {
			char *api_url;
			char *repository;
		} github;
	} execution;
	struct {
		struct tg_layer_config *layers;
		size_t layers_nr;
	} architecture;
	struct {
		int max_files_per_batch;
		int parallel_workers; /* 0 = the number of cores */
		int memory_limit_mb;
	} batch_processing;
	struct {
		char *path; /* relative to the repository root */
		char *url;  /* a fleet's shared store (postgres://), for fleet commands; "" none */
	} store;
	struct {
		char *path;       /* the OSV database; "": $XDG_CACHE_HOME/terragon/osv.db */
		int max_age_days; /* discover warns when the database is older */
		char *url;        /* the base URL of <Ecosystem>/all.zip */
	} vulndb;
	/* The optional LLM review (review/review.h): off while base_url or model is empty. */
	struct {
		char *base_url, *model;
		char *api_key_env; /* the environment variable holding the key */
		int timeout_s, retries;
		int max_prompt_bytes, max_tokens_per_run, max_answer_tokens;
	} review;
	struct {
		struct {
			/* SPDX ids (or "id WITH exception"); empty: no policy (deps/license.h) */
			struct tg_strlist allow, deny;
		} licenses;
	} supply_chain;

	/* The service level objectives; the default is the workflow guide's three. */
	struct tg_slo_config *slos;
	size_t slos_nr;

	/* Where the file came from ("" when none was read), and each key's origin. */
	char *file;
	void *origins; /* private: key path -> origin */
	/* The warnings given while loading (also printed with tg_warn()), for tests and tools. */
	struct tg_strlist warnings;
};

/* Fills cfg with the built-in defaults. */
void tg_config_init(struct tg_config *cfg);
/* Frees everything and zeroes cfg, so releasing twice is harmless. */
void tg_config_release(struct tg_config *cfg);

/*
 * What every command calls first. Finds the repository root from
 * repo_path (NULL: the current directory) by walking up to a directory that
 * holds `.git`; when there is none, the directory itself is the root. Then
 * initialises cfg and loads it as tg_config_load() does, from config_file
 * (relative to the current directory; NULL: <root>/.terragon/config.yaml,
 * which may be missing) and the environment, and validates it. On success
 * *root_out is the root's absolute path (the caller frees it) and cfg must
 * be released; on failure cfg is already released, *root_out is NULL and the
 * status is TG_ERR_USAGE (bad path or configuration) or TG_ERR_RUN.
 * Flags are applied afterwards by the caller with tg_config_set(...,
 * TG_ORIGIN_FLAG), followed by tg_config_validate().
 */
int tg_config_load_for(struct tg_config *cfg, const char *repo_path, const char *config_file,
                       char **root_out);
/*
 * As tg_config_load_for(), for the repository holding `path`: a directory, or
 * a file (then its directory's), as the commands that read a tree take it.
 */
int tg_config_load_for_path(struct tg_config *cfg, const char *path, const char *config_file,
                            char **root_out);
/*
 * The root-finding half of tg_config_load_for(), for commands (init) that
 * need no configuration: the nearest directory holding .git, else the
 * directory itself (a tree outside git). TG_ERR_USAGE when a git directory
 * comes first (a bare repository, or inside a .git): there is no working
 * tree to read, and terragon's outputs would land in git's own files.
 */
int tg_config_find_root(const char *repo_path, char **root_out);

/*
 * Initialises cfg and loads the configuration of the repository at repo_root: defaults, then
 * `path` (NULL: <repo_root>/.terragon/config.yaml, which may be missing),
 * then the environment. Returns TG_ERR_USAGE with a message of the form
 * "FILE:LINE:COL: key.path: what is wrong" on a bad file; warnings (unknown
 * keys with a "did you mean") go to tg_warn(). The result is validated; on
 * failure cfg is already released, as with tg_config_load_for().
 */
int tg_config_load(struct tg_config *cfg, const char *repo_root, const char *path);
/* Parses YAML text already in memory; `name` is used in messages. */
int tg_config_parse(struct tg_config *cfg, const char *name, const char *text, size_t len);
/* Applies TERRAGON_* variables from envp (NULL: the process environment). */
int tg_config_apply_env(struct tg_config *cfg, char *const *envp);
/* Sets one key from a string, as a flag does ("execution.dry_run", "false"). */
int tg_config_set(struct tg_config *cfg, const char *key, const char *value, enum tg_origin origin);
/* Checks cross-key rules (weights sum to 1 ± 0.001, enums, ranges). */
int tg_config_validate(const struct tg_config *cfg);
/* A key's origin; for a section ("execution") the highest origin of its keys. */
enum tg_origin tg_config_origin(const struct tg_config *cfg, const char *key);
const char *tg_origin_name(enum tg_origin o); /* "default", "file", "env", "flag" */

/* The names value_discovery.discovery_sources accepts, NULL-terminated. */
extern const char *const tg_config_source_names[];

enum tg_config_format { TG_CONFIG_TABLE, TG_CONFIG_YAML, TG_CONFIG_JSON };
/*
 * Appends the effective configuration with each value's origin: a table
 * (key, value, origin), YAML that parses back to the same configuration
 * (origins as comments), or JSON {"file", "config": {...}, "origins": {...}}.
 */
void tg_config_show(struct tg_buf *out, const struct tg_config *cfg, enum tg_config_format f);

/* The commented example that `terragon init` writes. */
extern const char tg_config_example[];

#endif
