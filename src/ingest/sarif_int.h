#ifndef TG_INGEST_SARIF_MODEL_H
#define TG_INGEST_SARIF_MODEL_H

/*
 * The part of the SARIF 2.1.0 object tree terragon reads (sarif_nodes.c) and
 * what it does with it (sarif_result.c). Private to the ingest module.
 */

#include "ingest/ingest.h"
#include "ingest/location_int.h"
#include "util/buf.h"
#include "util/hashmap.h"

/* Node types: the containers we look into. N_SKIP is everything else. */
enum {
	N_SKIP = 0,
	N_ROOT,
	N_RUNS, /* arrays are marked in sarif_nodes.c */
	N_RUN,
	N_TOOL,
	N_EXTS,
	N_COMP,
	N_RULES,
	N_RULE,
	N_RULE_TEXT,
	N_RULE_DEFCONF,
	N_RULE_PROPS,
	N_RULE_TAGS,
	N_BASES,
	N_BASE,
	N_RESULTS,
	N_RESULT,
	N_RES_RULE,
	N_RES_RULE_TC,
	N_MESSAGE,
	N_LOCS,
	N_LOC,
	N_PHYS,
	N_ARTLOC,
	N_REGION,
	N_SNIPPET,
	N_PFP,
	N_FP,
	N_SUPPS,
	N_SUPP,
	N_RES_PROPS,
	N_RES_TAGS,
	N_FIXES,
	N_FIX,
	N_FIX_DESC,
	N_CHANGES,
	N_CHANGE,
	N_CH_ARTLOC,
	N_REPLS,
	N_REPL,
	N_DELREG,
	N_INSERTED,
	N_DELSNIP,
	N__COUNT
};

/* Keys we know; K_NONE is any other. */
enum {
	K_NONE = 0,
	K_VERSION,
	K_RUNS,
	K_TOOL,
	K_RESULTS,
	K_BASES,
	K_DRIVER,
	K_EXTENSIONS,
	K_NAME,
	K_RULES,
	K_ID,
	K_HELPURI,
	K_SHORTDESC,
	K_FULLDESC,
	K_TEXT,
	K_DEFCONF,
	K_LEVEL,
	K_PROPS,
	K_TAGS,
	K_SECSEV,
	K_PROBLEM_SEVERITY,
	K_CWE,
	K_URI,
	K_URIBASEID,
	K_RULEID,
	K_RULEINDEX,
	K_RULE,
	K_INDEX,
	K_TOOLCOMP,
	K_KIND,
	K_MESSAGE,
	K_LOCATIONS,
	K_PHYS,
	K_ARTLOC,
	K_REGION,
	K_STARTLINE,
	K_STARTCOL,
	K_ENDLINE,
	K_ENDCOL,
	K_CHAROFF,
	K_CHARLEN,
	K_BYTEOFF,
	K_BYTELEN,
	K_SNIPPET,
	K_PFP,
	K_FP,
	K_SUPPS,
	K_STATUS,
	K_FIXES,
	K_DESCRIPTION,
	K_CHANGES,
	K_REPLS,
	K_DELREG,
	K_INSERTED,
	K_COLUMNKIND,
};

/* What a scalar is. */
enum { V_NULL, V_BOOL, V_NUMBER, V_STRING };

int sarif_node_child(int type, int key, int index);
int sarif_node_is_array(int type);
int sarif_node_key(int type, const char *s, size_t len);
/* Maps whose keys are names chosen by the producer (base ids, fingerprints). */
int sarif_node_free_keys(int type);

struct sarif_state; /* sarif_result.c */

struct sarif_state {
	const char *file;
	struct tg_ingest_root root;
	struct tg_sink *sink;
	struct tg_ingest_stats *stats;
	int status;       /* why a callback stopped the parse */
	int version_seen; /* "2.1.0" was read */
	struct sarif_run **runs;
	size_t runs_nr, runs_alloc;
	struct sarif_run *run;       /* the run being read */
	struct sarif_result *result; /* the result being read */
	struct sarif_rule *rule;     /* the rule being read */
	struct sarif_result **queue; /* results waiting for the tool, version or base ids */
	size_t queue_nr, queue_alloc;
	struct tg_hashmap seen;        /* fingerprints emitted */
	struct tg_hashmap exact;       /* results without a tool fingerprint, position included */
	struct tg_hashmap occurrences; /* of each such result's text in its file: a count */
	struct tg_buf scratch, path;
};

int sarif_state_init(struct sarif_state *st, const char *file, const char *repo_root,
                     struct tg_sink *sink, struct tg_ingest_stats *stats);
void sarif_state_release(struct sarif_state *st);
int sarif_open(struct sarif_state *st, int type, int parent_type, int parent_key, int index,
               const char *free_key);
int sarif_close(struct sarif_state *st, int type, int parent_key);
int sarif_value(struct sarif_state *st, int type, int key, const char *free_key, int kind,
                const char *s, size_t len);
int sarif_element(struct sarif_state *st, int type, int kind, const char *s, size_t len);
/* At the end of the file: emits what waited, or says why the file is not SARIF. */
int sarif_finish(struct sarif_state *st);

/* What is being built while the parser walks the tree (sarif_result.c). */
/* Category hints from tags, tool names and rule metadata. */
enum {
	TAG_SECURITY = 1,
	TAG_SECRET = 2,
	TAG_VULN = 4,
	TAG_LICENSE = 8,
	TAG_PERF = 16,
};

struct sarif_rule {
	char *id, *name, *short_text, *help_uri, *level, *cwe;
	double sec_sev; /* < 0: none */
	unsigned tags;
};

struct sarif_comp {
	struct sarif_rule *rules;
	size_t nr, alloc;
	struct tg_hashmap by_id; /* rule id -> position in rules */
};

struct sarif_run {
	char *tool;
	struct sarif_comp *comps; /* [0] the driver, [1 + i] extension i */
	size_t comps_nr, comps_alloc;
	int tool_seen, bases_seen;
	int cur_comp;    /* being read, or -1 */
	long cur_rule;   /* being read, or -1 */
	int text_kind;   /* K_SHORTDESC or K_FULLDESC while in one */
	int code_points; /* columnKind "unicodeCodePoints" (seen before the result) */
	struct tg_strlist base_names, base_uris, base_parents;
};

struct sarif_change {
	char *uri, *base;
};

struct sarif_repl {
	int fix, change;
	int sl, sc, el, ec;
	long co, cl, bo, bl;
	char *inserted, *deleted;
};

struct sarif_result {
	size_t run;
	char *rule_id, *level, *kind, *message, *uri, *base, *snippet, *cwe;
	long rule_index, comp_index;
	int sl, sc, el, ec;
	struct tg_strlist pfp, fp;
	int suppressed, supp_status; /* supp_status: 0 none, 1 accepted, 2 other */
	double sec_sev;
	unsigned tags;
	struct tg_strlist fix_desc;
	struct sarif_change *changes;
	size_t changes_nr, changes_alloc;
	struct sarif_repl *repls;
	size_t repls_nr, repls_alloc;
};

/* The rule being read, or NULL. */
struct sarif_rule *sarif_cur_rule(struct sarif_state *st);
/* Emits the waiting results that can now be resolved (all of them when force). */
int sarif_flush_queue(struct sarif_state *st, int force);

#endif
