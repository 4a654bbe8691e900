/* Shared by the tests of the functions module: scan a snippet, look a function up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "functions/functions.h"

#include <stdio.h>
#include <string.h>

static struct tg_function_list scan(const char *lang, const char *src)
{
	struct tg_function_list l = TG_FUNCTION_LIST_INIT;

	assert_int_equal(tg_functions_scan_named(lang, (const unsigned char *)src, strlen(src), &l),
	                 0);
	return l;
}

static const struct tg_function *find(const struct tg_function_list *l, const char *name)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i].name, name))
			return &l->v[i];
	for (size_t i = 0; i < l->nr; i++)
		fprintf(stderr, "  have %s@%u-%u ccn=%u nloc=%u params=%u\n", l->v[i].name,
		        l->v[i].start_line, l->v[i].end_line, l->v[i].ccn, l->v[i].nloc,
		        l->v[i].params);
	fail_msg("no function %s", name);
	return NULL;
}

/* name, start-end lines, NLOC, CCN, params. */
static void expect(const struct tg_function_list *l, const char *name, unsigned start, unsigned end,
                   unsigned nloc, unsigned ccn, unsigned params)
{
	const struct tg_function *f = find(l, name);

	if (f->start_line != start || f->end_line != end || f->nloc != nloc || f->ccn != ccn ||
	    f->params != params)
		fail_msg("%s: got %u-%u nloc %u ccn %u params %u, want %u-%u nloc %u ccn %u params "
		         "%u",
		         name, f->start_line, f->end_line, f->nloc, f->ccn, f->params, start, end,
		         nloc, ccn, params);
}
