#ifndef TG_FUNCTIONS_H
#define TG_FUNCTIONS_H

/*
 * Functions and their cyclomatic complexity, found by a hand-written
 * tokenizer and a token state machine per language family (C-like with
 * braces, Python by indentation, Ruby by `end`), named and counted as
 * lizard does (see README "Functions and complexity (CCN)" for where we
 * knowingly differ). Memory and stack use do not grow with nesting depth
 * beyond heap arrays; every input terminates in time linear in its size.
 */

#include <stddef.h>
#include <stdint.h>

struct tg_lang;

struct tg_function {
	char *name;          /* qualified as lizard does: ns::Class::method, outer.inner */
	uint32_t start_line; /* the line of the name (1-based) */
	uint32_t end_line;   /* the line of the closing brace, `end` or last body token */
	uint32_t nloc;       /* lines holding a token, from the name to the end */
	uint32_t ccn;        /* 1 + decisions */
	/* ccn with each switch or else-if chain counted once (lizard -m for switches): the
	 * paths a reader holds in mind; a dispatcher's ccn is high and this is low */
	uint32_t ccn_structural;
	/* else-if arms whose condition names a string literal (`else if (!strcasecmp(arg,
	 * "flush"))`): many of them make the function a table of named commands */
	uint32_t keyed_arms;
	uint32_t tokens; /* tokens from the name to the end */
	uint32_t params; /* parameter slots */
	uint64_t order;  /* rank of its start in the file: orders functions on one line */
};

struct tg_function_list {
	struct tg_function *v;
	size_t nr, alloc;
};

#define TG_FUNCTION_LIST_INIT                                                                      \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/*
 * Appends the functions in data (len bytes of a file in language lang) to
 * out, ordered by start line. A language without function rules adds
 * nothing and returns TG_OK. Never fails on malformed input.
 */
int tg_functions_scan(const struct tg_lang *lang, const unsigned char *data, size_t len,
                      struct tg_function_list *out);
/* The same by the language's name as cloc names it ("C++", "Python", ...). */
int tg_functions_scan_named(const char *lang_name, const unsigned char *data, size_t len,
                            struct tg_function_list *out);
/* Whether tg_functions_scan knows the functions of the language called name. */
int tg_functions_supported(const char *lang_name);
void tg_function_list_clear(struct tg_function_list *l);

#endif
