#ifndef TG_CONSTRAINT_INT_H
#define TG_CONSTRAINT_INT_H

/*
 * What the constraint syntaxes share (constraint.c): sets of intervals, and
 * the terms a parse records with their places in the text so that
 * tg_constraint_bump can edit the text in its own style.
 */

#include <stddef.h>

#include "version/version.h"

/* A union of intervals. */
struct cset {
	struct tg_version_interval *v;
	size_t nr, alloc;
};

enum term_kind {
	TERM_EXACT, /* ==1.2, =1.2, a bare npm version, Maven [1.2] or a soft "1.2" */
	TERM_LOWER, /* >=, >, ^, ~, ~>, ~=, a wildcard, a bare Cargo version, NuGet's "1.0" */
	TERM_UPPER, /* <, <= */
	TERM_NE,    /* != */
	TERM_ALL,   /* *, "", latest */
	TERM_RANGE, /* a Maven or NuGet interval; ver is its lower end (maybe empty) */
};

struct cterm {
	size_t alt;
	enum term_kind kind;
	size_t op_at, op_len;   /* the operator as written */
	size_t ver_at, ver_len; /* its version */
	size_t end;             /* just past the term */
	int carries_upper;      /* ^ ~ ~> ~= x-ranges: the operator implies an upper bound */
};

struct calt {
	size_t start, end;
};

struct cparse {
	enum tg_eco eco;
	const char *text;
	struct cset set;
	struct cterm *term;
	size_t nterm, aterm;
	struct calt *alt;
	size_t nalt, aalt;
	char *exact;
};

void cset_release(struct cset *s);
/* Adds [lo, hi] (NULL: unbounded), copying the strings. */
void cset_add(struct cset *s, const char *lo, int lo_inc, const char *hi, int hi_inc);
void cset_all(struct cset *s);
/* The set of one comparator: "<", "<=", ">", ">=", "=", "!=". */
void cset_op(struct cset *s, const char *op, const char *v);
/* a = a AND b; a = a OR b (b emptied). */
void cset_and(enum tg_eco eco, struct cset *a, const struct cset *b);
void cset_or(struct cset *a, struct cset *b);

/* Records a term and an alternative (their spans in p->text). */
struct cterm *cparse_term(struct cparse *p, enum term_kind kind, size_t op_at, size_t op_len,
                          size_t ver_at, size_t ver_len, size_t end);
void cparse_alt(struct cparse *p, size_t start, size_t end);

/* 1 when v (n bytes) is a version of p->eco; else sets the error. */
int cparse_version(const struct cparse *p, const char *v, size_t n);

/* Decimal s[0..n) plus one, appended to out. */
void tg_vnum_inc(const char *s, size_t n, struct tg_buf *out);

/* A partial dotted version: numbers up to the first x, X or * (wild). */
struct partial {
	const char *num[4];
	size_t len[4];
	int nr;           /* numbers given */
	int wild;         /* ended in x, X or * */
	const char *rest; /* what follows the numbers: "-pre+build" */
	size_t rest_len;
};
/* Parses v (after any "v"/"=" prefix); -1 when it is no partial version. */
int partial_parse(const char *v, size_t n, int maxnum, struct partial *out);
/* The first k numbers, then ".0" to `width` numbers, appended to out (+ suffix). */
void partial_fmt(const struct partial *pv, int k, int bump_last, int width, const char *suffix,
                 struct tg_buf *out);

int constraint_parse_pep440(struct cparse *p);
int constraint_parse_npm(struct cparse *p);
int constraint_parse_cargo(struct cparse *p);
int constraint_parse_go(struct cparse *p);
int constraint_parse_maven(struct cparse *p);
int constraint_parse_nuget(struct cparse *p);
int constraint_parse_rubygems(struct cparse *p);
int constraint_parse_composer(struct cparse *p);

int cparse_run(enum tg_eco eco, const char *text, struct cparse *p);
void cparse_release(struct cparse *p);

#endif
