#ifndef TG_ANALYZE_LANG_TABLE_H
#define TG_ANALYZE_LANG_TABLE_H

/*
 * Shorthands for the language table in lang.c, kept apart so the table reads
 * as data. Only lang.c includes this.
 */

#include "analyze/lang.h"

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})
#define OPS(...)  ((const struct tg_lang_op[]){__VA_ARGS__, {NULL, 0}})

#define ESC TG_STR_ESCAPE
#define ML  TG_STR_MULTILINE
#define DBL TG_STR_DOUBLED
#define CHR TG_STR_CHAR
#define DOC TG_STR_DOC

/* Comment shapes shared by many languages. */
#define LC_SLASH                                                                                   \
	{                                                                                          \
		{                                                                                  \
			"//", TG_AT_ANY                                                            \
		}                                                                                  \
	}
#define LC_HASH                                                                                    \
	{                                                                                          \
		{                                                                                  \
			"#", TG_AT_ANY                                                             \
		}                                                                                  \
	}
#define LC_DASH                                                                                    \
	{                                                                                          \
		{                                                                                  \
			"--", TG_AT_ANY                                                            \
		}                                                                                  \
	}
#define LC_SEMI                                                                                    \
	{                                                                                          \
		{                                                                                  \
			";", TG_AT_ANY                                                             \
		}                                                                                  \
	}
#define LC_PCT                                                                                     \
	{                                                                                          \
		{                                                                                  \
			"%", TG_AT_ANY                                                             \
		}                                                                                  \
	}
#define BC_C                                                                                       \
	{                                                                                          \
		{                                                                                  \
			"/*", "*/", 0, TG_AT_ANY                                                   \
		}                                                                                  \
	}
#define BC_C_NEST                                                                                  \
	{                                                                                          \
		{                                                                                  \
			"/*", "*/", 1, TG_AT_ANY                                                   \
		}                                                                                  \
	}
#define BC_HTML                                                                                    \
	{                                                                                          \
		{                                                                                  \
			"<!--", "-->", 0, TG_AT_ANY                                                \
		}                                                                                  \
	}

/* String shapes. */
#define S_DQ                                                                                       \
	{                                                                                          \
		"\"", "\"", ESC                                                                    \
	}
#define S_SQ                                                                                       \
	{                                                                                          \
		"'", "'", ESC                                                                      \
	}
#define S_DQ_ML                                                                                    \
	{                                                                                          \
		"\"", "\"", ESC | ML                                                               \
	}
#define S_SQ_ML                                                                                    \
	{                                                                                          \
		"'", "'", ESC | ML                                                                 \
	}
#define S_CHAR                                                                                     \
	{                                                                                          \
		"'", "'", ESC | CHR                                                                \
	}
#define S_C                                                                                        \
	{                                                                                          \
		S_DQ, S_CHAR                                                                       \
	}

/* Decision points: the default (lizard's C, C++, Java, ...) set. */
#define KW_C   LIST("if", "for", "while", "case", "catch")
#define KW_CPP LIST("if", "for", "while", "case", "catch", "ifdef", "elif")
#define OP_AND_OR                                                                                  \
	{"&&", 1},                                                                                 \
	{                                                                                          \
		"||", 1                                                                            \
	}
#define OPS_C     OPS(OP_AND_OR, {"?", 1})
#define OPS_ANDOR OPS(OP_AND_OR)

#endif
