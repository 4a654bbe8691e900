#ifndef TG_SCORE_H
#define TG_SCORE_H

/*
 * Scoring model (README.md, "Scoring model"). Every constant is fixed, never relative to
 * the run, so one item with the same inputs gets the same score in every run
 * and repository. TG_SCORING_MODEL names this model in every output; change
 * it whenever a constant or formula changes.
 */

#include "backlog/item.h"
#include "util/buf.h"

#define TG_SCORING_MODEL "terragon-score/2"

/* The anchors of the fixed 0-100 scales. */
#define TG_WSJF_MIN     0.15   /* 3 / 20: the smallest possible WSJF */
#define TG_WSJF_MAX     60.0   /* 60 / 1: the largest */
#define TG_ICE_MAX      1000.0 /* 10 x 10 x 10 */
#define TG_DEBT_REF     2000.0 /* minutes of debt (with interest) that score 100 */
#define TG_INTEREST_MAX 2.0    /* interest never more than doubles... then triples the principal */
#define TG_INTEREST_K   4.0    /* revisions a month at which interest is 1 */

struct tg_score_weights {
	double wsjf, ice, technical_debt, security;
};

struct tg_score_boosts {
	double security_critical, compliance;
};

/* The focus areas of the configuration, as flags. */
enum {
	TG_FOCUS_SECURITY = 1,    /* security_excellence */
	TG_FOCUS_PERFORMANCE = 2, /* performance_optimization */
	TG_FOCUS_AI = 4,          /* ai_safety */
	TG_FOCUS_COMPLIANCE = 8,  /* enterprise_compliance */
};

/* The compliance frameworks of the configuration (compliance.frameworks), as flags. */
enum {
	TG_FRAMEWORK_SOX = 1,     /* sox: controls "SOX:..." */
	TG_FRAMEWORK_PCI_DSS = 2, /* pci-dss: controls "PCI-DSS:..." */
	TG_FRAMEWORK_CIS = 4,     /* cis: controls "CIS:..." */
};

struct tg_score_model {
	struct tg_score_weights weights;
	struct tg_score_boosts boosts;
	unsigned focus;      /* TG_FOCUS_* */
	unsigned frameworks; /* TG_FRAMEWORK_*: whose controls make an audit requirement */
};

/* The defaults of the configuration: weights 0.5/0.1/0.3/0.1, boosts 2.0 and 1.8, no
 * framework. */
void tg_score_model_default(struct tg_score_model *m);
/* Parses focus area names; TG_ERR_USAGE on an unknown one. */
int tg_score_focus_parse(const char *name, unsigned *flag);
/* Parses a framework name (sox, pci-dss, cis; any case); TG_ERR_USAGE on another. */
int tg_score_framework_parse(const char *name, unsigned *flag);

/*
 * How much a finding's context lowers it (README.md, "Scoring model"): its
 * confidence and, in examples and documentation, its risk reduction (applied
 * by tg_score_defaults), and the factor its base is multiplied by (1 in code
 * and vendored code). An item outside code is never boosted.
 */
struct tg_context_factors {
	double confidence, risk_reduction, base;
};
const struct tg_context_factors *tg_score_context_factors(enum tg_context c);

/*
 * Fills the value inputs, job size and remediation minutes an item's source
 * left at zero from the documented defaults of its category and severity,
 * then applies the focus areas' raise to business value and its context's
 * lowering of confidence and risk reduction. Call it once per item found.
 */
void tg_score_defaults(const struct tg_score_model *m, struct tg_item *it);

/*
 * The job size and remediation minutes alone, filled as tg_score_defaults
 * does: for a step that scales an item's effort before scoring (grouping).
 */
void tg_score_effort_defaults(struct tg_item *it);

/*
 * Computes it->scores. change_rate is the item's file's revisions a month from
 * git history (negative: history unknown, so no interest). When steps is not
 * NULL, each formula with its numbers is appended, one a line.
 */
void tg_score_item(const struct tg_score_model *m, struct tg_item *it, double change_rate,
                   struct tg_buf *steps);

/* Orders items by composite, then base, then fingerprint (descending score). */
int tg_score_compare(const void *a, const void *b);

/* The modified Fibonacci scale: the nearest value of 1 2 3 5 8 13 20 at or above x. */
int tg_fibonacci_ceil(double x);

#endif
