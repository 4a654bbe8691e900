/*
 * The rule engine's language names (src/rules/lang.c: Semgrep's names mapped
 * onto the analyzer's) cross-checked against the analyzer's one language table
 * (src/analyze/lang.c), and the languages the default packs (the YAML files in rules/)
 * name against both. The two tables live in modules that do not link each
 * other, so this test reads the rule map and the packs as text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "analyze/lang.h"

#include "util/buf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Analyzer names the rule map may list that the analyzer does not have (none
 * now: the map's extensions cover notebooks, .tsx and .tf, under the
 * analyzer's names). A name not in the table and not here fails the test.
 */
static const char *const known_unmapped[] = {NULL};

struct row {
	char semgrep[128], cloc[256], exts[256];
};

static struct row rows[64];
static size_t rows_nr;

static void read_text(struct tg_buf *b, const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", TG_SOURCE_DIR, rel);
	tg_buf_init(b, 0);
	assert_int_equal(tg_buf_read_file(b, path), 0);
}

/* The rows of `langs[]` in src/rules/lang.c: {"semgrep", "cloc", "exts"}. */
static void load_map(void)
{
	struct tg_buf b;
	const char *p, *end;

	read_text(&b, "src/rules/lang.c");
	p = strstr(b.buf, "langs[] = {");
	assert_non_null(p);
	end = strstr(p, "\n};");
	assert_non_null(end);
	rows_nr = 0;
	while ((p = strstr(p, "{\"")) && p < end) {
		struct row *r = &rows[rows_nr];

		assert_true(rows_nr < sizeof(rows) / sizeof(rows[0]));
		assert_int_equal(sscanf(p, "{\"%127[^\"]\", \"%255[^\"]\", \"%255[^\"]\"}",
		                        r->semgrep, r->cloc, r->exts),
		                 3);
		rows_nr++;
		p++;
	}
	tg_buf_release(&b);
	assert_true(rows_nr >= 10);
}

/* s is one of the '|'-separated names of list (case-blind when ci). */
static int in_bar_list(const char *list, const char *s, int ci)
{
	size_t len = strlen(s);

	for (;;) {
		size_t n = strcspn(list, "|");

		if (n == len && !(ci ? strncasecmp(list, s, n) : strncmp(list, s, n)))
			return 1;
		if (!list[n])
			return 0;
		list += n + 1;
	}
}

static int known_unmapped_name(const char *name)
{
	for (size_t i = 0; known_unmapped[i]; i++)
		if (!strcmp(known_unmapped[i], name))
			return 1;
	return 0;
}

/* Every analyzer name in the rule map is in the analyzer's table (or listed above). */
static void test_map_names_exist(void **state)
{
	(void)state;
	load_map();
	for (size_t i = 0; i < rows_nr; i++) {
		char tmp[256], *save = NULL, *t;
		int found = 0;

		snprintf(tmp, sizeof(tmp), "%s", rows[i].cloc);
		for (t = strtok_r(tmp, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
			if (tg_lang_by_name(t)) {
				found = 1;
				continue;
			}
			if (!known_unmapped_name(t))
				fail_msg("rules map row %s names \"%s\": not in src/analyze/lang.c",
				         rows[i].semgrep, t);
		}
		if (!found)
			fail_msg("rules map row %s: none of \"%s\" is an analyzer language",
			         rows[i].semgrep, rows[i].cloc);
	}
}

/*
 * Each extension the map lists that the analyzer knows is detected as one of
 * the row's names, so a rule reaches those files by language name.
 */
static void test_map_extensions_agree(void **state)
{
	(void)state;
	load_map();
	for (size_t i = 0; i < rows_nr; i++) {
		char tmp[256], *save = NULL, *t;

		snprintf(tmp, sizeof(tmp), "%s", rows[i].exts);
		for (t = strtok_r(tmp, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
			char path[300];
			const struct tg_lang *l;

			snprintf(path, sizeof(path), "dir/%s%s", t[0] == '.' ? "file" : "", t);
			l = tg_lang_detect(path, NULL, 0);
			if (l && !in_bar_list(rows[i].cloc, l->name, 0))
				fail_msg("rules map row %s: %s is %s to the analyzer, not one of "
				         "\"%s\"",
				         rows[i].semgrep, path, l->name, rows[i].cloc);
		}
	}
}

static int semgrep_known(const char *name)
{
	if (!strcasecmp(name, "generic") || !strcasecmp(name, "regex") || !strcasecmp(name, "none"))
		return 1;
	for (size_t i = 0; i < rows_nr; i++)
		if (in_bar_list(rows[i].semgrep, name, 1))
			return 1;
	/* a name the map does not list is compared with the analyzer's names */
	for (size_t i = 0; i < tg_lang_count(); i++)
		if (!strcasecmp(tg_lang_at(i)->name, name))
			return 1;
	return 0;
}

/* Checks each name of one "languages: [a, b]" list of a pack. */
static size_t check_flow_list(const char *pack, const char *p)
{
	char name[128];
	size_t n = 0;

	while (*p && *p != ']' && *p != '\n') {
		size_t k = 0;

		while (*p == ' ' || *p == ',' || *p == '"' || *p == '\'')
			p++;
		while (*p && !strchr(" ,]\"'\n", *p) && k < sizeof(name) - 1)
			name[k++] = *p++;
		name[k] = '\0';
		while (*p == '"' || *p == '\'')
			p++;
		if (!k)
			continue;
		if (!semgrep_known(name))
			fail_msg("%s: language \"%s\" is neither in the rules map nor the "
			         "analyzer's",
			         pack, name);
		n++;
	}
	return n;
}

/* Every language the default packs name is one the engine can map. */
static void test_pack_languages_known(void **state)
{
	char dir[4096];
	struct dirent *e;
	size_t names = 0, packs = 0;
	DIR *d;

	(void)state;
	load_map();
	snprintf(dir, sizeof(dir), "%s/rules", TG_SOURCE_DIR);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char rel[600];
		struct tg_buf b;
		const char *p;

		if (n < 6 || strcmp(e->d_name + n - 5, ".yaml"))
			continue;
		snprintf(rel, sizeof(rel), "rules/%s", e->d_name);
		read_text(&b, rel);
		for (p = b.buf; (p = strstr(p, "languages:")); p += 10) {
			const char *q = p + 10;

			while (*q == ' ')
				q++;
			/* only the flow style is used by the default packs */
			if (*q != '[')
				fail_msg("%s: a languages list not in [a, b] form", rel);
			names += check_flow_list(rel, q + 1);
		}
		tg_buf_release(&b);
		packs++;
	}
	closedir(d);
	assert_true(packs >= 5);
	assert_true(names > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_map_names_exist),
	        cmocka_unit_test(test_map_extensions_agree),
	        cmocka_unit_test(test_pack_languages_known),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
