#ifndef TG_RULES_H
#define TG_RULES_H

/*
 * The rules engine: packs of regex rules (Semgrep's `pattern-regex` YAML plus
 * our own fields) for secrets, injection, AI/ML risks, weak crypto and card
 * data. Every primary pattern of every pack goes into one Vectorscan database
 * scanned once over each file's bytes; PCRE2 (JIT, with match limits) then
 * confirms each candidate on a bounded window around it and extracts its
 * capture. Model files (.pkl, .pt, ...) are read as pickle opcode streams.
 *
 * Lifecycle: tg_rules_load (the built-in packs, then extra packs, minus the
 * disabled ids), tg_rules_compile once, then per thread a scratch and any
 * number of tg_rules_scan calls. The ruleset is read-only after compile.
 */

#include "backlog/item.h"
#include "util/buf.h"
#include "util/redact.h"
#include "util/strlist.h"

#include <stddef.h>
#include <stdint.h>

struct tg_ruleset;
struct tg_rules_scratch;

/*
 * Loads the default packs compiled into the binary, then each file of
 * extra_packs (a YAML pack, or a directory of *.yaml / *.yml), and drops the
 * rules whose id is in `disable`. A broken rule in a user's pack is reported
 * (pack, line, rule id) with tg_warn and skipped; the others still load.
 * extra_packs come from the repository's configuration: a relative one is a
 * file of the repository at `root`, read beneath it with no symbolic link
 * followed (util/beneath.h); an absolute one is read as given.
 * Returns TG_ERR_USAGE only when a pack cannot be read or is not YAML.
 */
int tg_rules_load(struct tg_ruleset **out, const char *root, const struct tg_strlist *extra_packs,
                  const struct tg_strlist *disable);
/* As tg_rules_load, packs read as given (the command line's: `rules validate
 * FILE`, tests), with or without the built-in packs. */
int tg_rules_load_packs(struct tg_ruleset **out, const struct tg_strlist *packs, int builtin,
                        const struct tg_strlist *disable);
/* Parses one pack held in memory; `name` appears in messages. */
int tg_rules_add_pack(struct tg_ruleset *rs, const char *name, const char *text, size_t len);
struct tg_ruleset *tg_ruleset_new(void);

/*
 * Compiles every enabled rule: PCRE2 (JIT) for each, and one Vectorscan
 * database for all primary patterns (HS_FLAG_PREFILTER for a pattern
 * Vectorscan cannot express exactly; PCRE2 alone, with a warning, for one it
 * cannot take at all). The database is cached in cache_dir (see
 * tg_rules_set_cache_dir) under the packs' hash.
 */
int tg_rules_compile(struct tg_ruleset *rs);
/* Opens Vectorscan (on first use; *soname: which); a status saying why it cannot. */
int tg_rules_library(const char **soname);
/* NULL disables the cache; the default is $XDG_CACHE_HOME/terragon (or ~/.cache/terragon). */
void tg_rules_set_cache_dir(struct tg_ruleset *rs, const char *dir);
void tg_ruleset_free(struct tg_ruleset *rs);

/* The packs' hash (hex), for the analysis cache key. Valid after load. */
const char *tg_rules_hash(const struct tg_ruleset *rs);
/* Problems found while loading (one line each: "pack:line: rule id: what"). */
const struct tg_strlist *tg_rules_problems(const struct tg_ruleset *rs);

struct tg_rules_scratch *tg_rules_scratch_new(const struct tg_ruleset *rs);
void tg_rules_scratch_free(struct tg_rules_scratch *s);

/*
 * Scans one file's bytes and emits an item per confirmed finding into sink.
 * lang_name is the analyzer's language name (cloc-style: "Python", "C++"),
 * or NULL to decide from the path's extension. path is relative to the
 * repository root. Model files are read as pickles. Inline
 * `terragon:ignore[rule-id]` on the line or the line above drops a finding.
 * Returns TG_OK, or the sink's error.
 */
int tg_rules_scan(const struct tg_ruleset *rs, struct tg_rules_scratch *scratch,
                  const char *lang_name, const char *path, const unsigned char *data, size_t len,
                  struct tg_sink *sink);

/* Introspection for `terragon rules list|test`. */
struct tg_rule_info {
	const char *id, *pack, *category, *message, *cwe, *engine; /* engine: hs|prefilter|pcre2 */
	enum tg_severity severity;
	const struct tg_strlist *languages, *match, *no_match;
	int redact;
};
size_t tg_rules_count(const struct tg_ruleset *rs);
void tg_rules_info(const struct tg_ruleset *rs, size_t i, struct tg_rule_info *out);
/* A file name whose extension fits the first of these Semgrep languages. */
const char *tg_rules_example_path(const struct tg_strlist *languages);
/* Rule i's k-th primary pattern (its regex text), or NULL after the last. */
const char *tg_rules_pattern(const struct tg_ruleset *rs, size_t i, size_t k);
/* Is rule i applicable to this path (language, paths.include/exclude)? */
int tg_rules_applies(const struct tg_ruleset *rs, size_t i, const char *lang_name,
                     const char *path);

/*
 * Example templates: rule examples are written so that the YAML text itself
 * matches no rule (this repository must not flag itself). `{{...}}`
 * directives are expanded at test time with a deterministic generator:
 *   {{rand:CLASS:N}}  N characters of CLASS (alnum, alpha, lower, upper, digit,
 *                     hex, HEX, b32 (A-Z2-7), b64, b64url)
 *   {{github:PFX}}    a GitHub token PFX_ + 30 random + 6-char CRC32 checksum
 *   {{card:PFX:N}}    an N-digit card number starting PFX with a valid Luhn digit
 *   {{pem:KIND}}      a PEM private key block of KIND ("RSA", "EC", "OPENSSH", "")
 *   {{lit:TEXT}}      TEXT as is (splits a literal so the YAML never holds it whole)
 * Returns TG_ERR_INPUT on an unknown directive. seed varies the randomness.
 */
int tg_rules_expand_example(struct tg_buf *out, const char *tmpl, uint64_t seed);

/*
 * Runs every enabled rule's examples (expanded templates) and appends one line
 * per failure to failures; *examples counts the examples run.
 */
int tg_rules_test_examples(const struct tg_ruleset *rs, struct tg_strlist *failures,
                           size_t *examples);

/* Building blocks, public for tests (entropy, Luhn and the redaction itself are
 * util/redact.h's: every output redacts the same way). */
/* A GitHub token's last 6 characters: base62 CRC32 of the 30 before them. */
void tg_github_checksum(const char *body30, char out[7]);

/*
 * Pickle opcode reader: calls on_global for each GLOBAL / STACK_GLOBAL /
 * INST import (module, name) in a pickle stream, or in every stored *.pkl
 * member of a zip (PyTorch's format). Bounded: stops at STOP, at malformed
 * input (returning TG_ERR_INPUT) or after max_ops opcodes.
 */
typedef int (*tg_pickle_global_fn)(void *ctx, const char *module, const char *name, size_t offset);
int tg_pickle_scan(const unsigned char *data, size_t len, tg_pickle_global_fn on_global, void *ctx);
/*
 * A model file's pickle (or PyTorch zip, every stored pickle in it): one
 * critical ai-ml item, of the given source, per callable that runs code when
 * loaded (however often it is imported), for at most 32 callables; more are
 * counted in a note. A hostile or truncated pickle is noted, not an error.
 */
int tg_rules_model_scan(const char *source, const char *path, const unsigned char *data, size_t len,
                        struct tg_sink *sink);
/* Does the path look like a model file that may hold a pickle? */
int tg_pickle_path(const char *path);
/* Is module.name a callable that runs code or commands when unpickled? */
int tg_pickle_dangerous(const char *module, const char *name);

/*
 * The fix-regex of the rule named rule_id: PCRE2 regex, replacement ($1 for a
 * group) and count (0: every match). TG_ERR_NOTFOUND when the rule has none.
 */
int tg_rules_fix(const struct tg_ruleset *rs, const char *rule_id, const char **regex,
                 const char **replacement, int *count);
/*
 * Applies a fix-regex to s[0..n) and appends the result to out: every match,
 * or the first when count is 1. Returns the number of substitutions, or a
 * negative TG_ERR_* with a message (the regex does not compile, PCRE2 fails).
 */
int tg_rules_fix_apply(const char *regex, const char *replacement, int count, const char *s,
                       size_t n, struct tg_buf *out);

#endif
