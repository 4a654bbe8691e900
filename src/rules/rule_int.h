#ifndef TG_RULES_RULE_H
#define TG_RULES_RULE_H

/* The rules module's private structures, shared by its .c files. */

#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules/rules.h"

#include <hs/hs.h>
#include <pcre2.h>

/*
 * Vectorscan (hyperscan's API), opened by tg_rules_compile on first use
 * (util/dl.h says why); every other call goes through this table, and only
 * ever for a compiled ruleset.
 */
struct rules_hs {
	__typeof__(hs_expression_info) *expression_info;
	__typeof__(hs_free_compile_error) *free_compile_error;
	__typeof__(hs_version) *version;
	__typeof__(hs_deserialize_database) *deserialize_database;
	__typeof__(hs_serialize_database) *serialize_database;
	__typeof__(hs_compile_multi) *compile_multi;
	__typeof__(hs_free_database) *free_database;
	__typeof__(hs_alloc_scratch) *alloc_scratch;
	__typeof__(hs_free_scratch) *free_scratch;
	__typeof__(hs_scan) *scan;
};
extern struct rules_hs rules_hs;

enum tg_rule_engine {
	TG_ENGINE_HS = 0,    /* Vectorscan reports exactly; PCRE2 extracts the capture */
	TG_ENGINE_PREFILTER, /* Vectorscan reports a superset; PCRE2 decides */
	TG_ENGINE_PCRE2,     /* Vectorscan cannot take it: PCRE2 alone over the file */
};

enum tg_validate {
	TG_VALIDATE_NONE = 0,
	TG_VALIDATE_LUHN,
	TG_VALIDATE_GITHUB,        /* the CRC32 checksum in the token's last 6 characters */
	TG_VALIDATE_CARD,          /* issuer, length, grouping, Luhn, not in a list (card.c) */
	TG_VALIDATE_NOT_ROUNDTRIP, /* not loads(x) of an x = dumps(...) just before (pickle.c) */
	TG_VALIDATE_NOT_LITERAL, /* the call's argument is not a name holding a literal (literal.c)
	                          */
};

struct tg_regex {
	char *src;
	int line; /* in the pack */
	pcre2_code *re;
};

/* One primary pattern: one Vectorscan expression. */
struct tg_pattern {
	struct tg_regex rx;
	size_t rule; /* index into the ruleset's rules */
	enum tg_rule_engine engine;
	unsigned long long max_width; /* from hs_expression_info; 0 = unbounded/unknown */
	int multiline;                /* may span lines */
};

struct tg_rule {
	char *id, *pack, *message, *category, *cwe, *owasp, *doc, *confidence;
	int line; /* where the rule starts in its pack */
	enum tg_severity severity;
	int critical, redact, secret_group;
	int fallback; /* generic: reported only where no other secret rule found the value */
	enum tg_grouping grouping; /* `grouping:` file|rule|none; default: the configuration's */
	double entropy_min;
	size_t min_len;
	enum tg_validate validate;
	char *prefix; /* a known literal prefix shown in redacted evidence ("ghp_") */
	struct tg_strlist languages, include, exclude, keywords, stopwords, test_values;
	struct tg_strlist match, no_match;
	struct tg_strlist fix_before, fix_after; /* examples.fix: what fix-regex makes of a line */
	struct tg_regex *also, *not ; /* extra positive / negative regexes of `patterns:` */
	size_t also_nr, also_alloc, not_nr, not_alloc;
	struct tg_regex *allow; /* allow-list regexes, tested on the secret */
	size_t allow_nr, allow_alloc;
	size_t first_pattern, patterns_nr;
	struct {
		char *regex, *replacement;
		int count;
	} fix;
	int disabled;
	int dead; /* failed to compile: reported, never scanned */
};

struct tg_ruleset {
	struct tg_rule *rules;
	size_t nr, alloc;
	struct tg_pattern *pats;
	size_t pats_nr, pats_alloc;
	struct tg_strlist problems;
	struct tg_strlist stopwords; /* global: EXAMPLE, dummy, placeholder, ... */
	void *hasher_state;          /* running hash of pack texts */
	char hash[17];
	char *cache_dir;
	int cache_dir_set;
	hs_database_t *db;
	size_t *hs_pats; /* hs id -> pattern index */
	size_t hs_nr;
	size_t *pcre_only; /* pattern indexes scanned by PCRE2 alone */
	size_t pcre_only_nr;
	int compiled;
};

struct tg_rules_scratch {
	hs_scratch_t *hs;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	/* per scan */
	size_t *searched_to;    /* per pattern: offset up to which windows were searched */
	unsigned char *applies; /* per rule: 0 unknown, 1 yes, 2 no */
	size_t cap;
};

/* Internal helpers across files. */
int tg_rules_lang_applies(const struct tg_strlist *languages, const char *lang_name,
                          const char *path);
int tg_rules_compile_regex(struct tg_regex *rx, const struct tg_rule *r, const char *what);
/* The name of the variable or key the value at data[off] is assigned to, or "". */
void tg_rules_assigned_to(struct tg_buf *out, const unsigned char *data, size_t len, size_t off);
/* Is the secret a placeholder, a documented example, a variable reference? */
int tg_rules_stopword(const struct tg_ruleset *rs, const struct tg_rule *r, const char *s,
                      size_t n);

/* Is data[so, se) a card number where it stands: issuer prefix and length, one
 * separator kind in a printed grouping, Luhn, no number beside it (card.c)? */
int tg_rules_card_valid(const unsigned char *data, size_t len, size_t so, size_t se);
/* Is a card word (card, pan, cc, credit, payment) on the line or the one before or after? */
int tg_rules_card_keyword(const unsigned char *data, size_t len, size_t so, size_t se);
/* Does the call whose '(' ends at me load a name that dumps() made in the 30 lines before? */
int tg_rules_pickle_roundtrip(const unsigned char *data, size_t len, size_t me);
/* Is the argument after the last "(" in data[ms, me) a name that only string literals were
 * assigned to, in the lines just before? */
int tg_rules_literal_arg(const unsigned char *data, size_t len, size_t ms, size_t me);

#endif
