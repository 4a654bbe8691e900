/*
 * Which branch of a C preprocessor conditional the brace scanner reads.
 * Reading every branch as written counts the braces of `#ifdef A / if (x) {
 * / #else / if (y) { / #endif` twice, and the function runs on to the end
 * of the file (curl's ossl_connect_step2 grew from 245 lines to 1,424). One
 * branch, the first that can compile, is what pmccabe and lizard's cpre
 * extension read; configurations are not evaluated, so #ifdef and #ifndef
 * are both taken.
 */
#include "functions/lex_int.h"

static void enter(struct pp_branches *pb, const struct tok *t)
{
	if (pb->depth++ != pb->live)
		return; /* inside a branch not read: only its depth matters */
	if (t->pp_zero)
		pb->waiting = 1;
	else
		pb->live++;
}

/* #elif or #else of conditional `depth`. */
static void next_branch(struct pp_branches *pb, const struct tok *t)
{
	if (!pb->depth)
		return; /* a stray #else */
	if (pb->depth == pb->live) {
		pb->live--; /* the branch read has ended: skip to #endif */
		pb->waiting = 0;
	} else if (pb->depth == pb->live + 1 && pb->waiting && !t->pp_zero) {
		pb->live++; /* #if 0 ... #else: the first branch that compiles */
		pb->waiting = 0;
	}
}

int pp_branch_step(struct pp_branches *pb, const struct tok *t)
{
	if (t->kind != T_PP || t->pp_dir == PP_OTHER)
		return pb->depth == pb->live;
	switch (t->pp_dir) {
	case PP_IF:
		enter(pb, t);
		break;
	case PP_ELIF:
	case PP_ELSE:
		next_branch(pb, t);
		break;
	case PP_ENDIF:
		if (!pb->depth)
			break; /* a stray #endif */
		if (pb->depth == pb->live)
			pb->live--;
		pb->depth--;
		break;
	default:
		break;
	}
	return 1;
}
