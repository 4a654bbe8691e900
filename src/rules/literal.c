/*
 * Is a call's argument a name that holds a string literal? `char *cmd = "cat
 * /proc/meminfo | ..."; popen(cmd, "r")` runs a fixed command line: nothing
 * reaches the shell that the program did not write. Looked for in the lines
 * just before the call, as a reader would: every assignment to the name is a
 * literal, and no formatting or copying call writes into it.
 */
#include "rules/rule_int.h"

#include <ctype.h>
#include <string.h>

#define LINES_BACK 30

static int ident(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* Is d[i, i+n) the name as a whole word? */
static int word(const unsigned char *d, size_t lo, size_t i, size_t end, size_t n)
{
	return (i == lo || !ident(d[i - 1])) && (i + n >= end || !ident(d[i + n]));
}

/* After the name at i: "= \"" (an assignment of a literal), "=" (of something else), or neither. */
static int assigned(const unsigned char *d, size_t i, size_t end)
{
	while (i < end && (d[i] == ' ' || d[i] == '\t' || d[i] == ']' || d[i] == '['))
		i++;
	if (i >= end || d[i] != '=' || (i + 1 < end && d[i + 1] == '='))
		return 0;
	for (i++; i < end && (d[i] == ' ' || d[i] == '\t');)
		i++;
	return i < end && d[i] == '"' ? 1 : -1;
}

/* Is the name the first argument of a call that writes into it (sprintf, strcat, ...)? */
static int written(const unsigned char *d, size_t lo, size_t i)
{
	size_t j = i;

	while (j > lo && (d[j - 1] == ' ' || d[j - 1] == '&'))
		j--;
	if (j == lo || d[j - 1] != '(')
		return 0;
	j--;
	while (j > lo && ident(d[j - 1]))
		j--;
	return !strncmp((const char *)d + j, "str", 3) || !strncmp((const char *)d + j, "mem", 3) ||
	       memmem(d + j, i - j, "printf", 6) != NULL;
}

int tg_rules_literal_arg(const unsigned char *d, size_t len, size_t ms, size_t me)
{
	size_t b = me, e, lo = ms, lines = 0, i, n;
	int literal = 0;

	/* the call's own "(": the last one in the match (`CHECK(system(cmd))`) */
	while (b > ms && d[b - 1] != '(')
		b--;
	if (b == ms)
		return 0;
	for (; b < len && (d[b] == ' ' || d[b] == '\t');)
		b++;
	for (e = b; e < len && ident(d[e]);)
		e++;
	n = e - b;
	if (!n || e >= len || (d[e] != ')' && d[e] != ',' && d[e] != ' '))
		return 0;
	while (lo > 0 && lines < LINES_BACK)
		lines += d[--lo] == '\n';
	for (i = lo; i + n <= ms; i++) {
		int a;
		if (memcmp(d + i, d + b, n) || !word(d, lo, i, ms, n))
			continue;
		if (written(d, lo, i))
			return 0;
		a = assigned(d, i + n, ms);
		if (a < 0)
			return 0;
		literal |= a;
	}
	return literal;
}
