/*
 * Semgrep's language names mapped onto the analyzer's (cloc-style) language
 * names, with file extensions for when no language name is given (`rules
 * test`, the bench) or the analyzer names a language we do not list.
 */
#include "rules/rule_int.h"

#include "util/alloc.h"
#include "util/wildmatch.h"

#include <string.h>
#include <strings.h>

struct lang_map {
	const char *semgrep; /* one of Semgrep's names for it, '|'-separated */
	const char *cloc;    /* the analyzer's names, '|'-separated */
	const char *exts;    /* '|'-separated, with the dot */
};

static const struct lang_map langs[] = {
        {"python|py|python3", "Python", ".py|.pyi|.pyw|.ipynb"},
        {"js|javascript", "JavaScript|JSX", ".js|.mjs|.cjs|.jsx"},
        {"ts|typescript", "TypeScript", ".ts|.tsx|.mts|.cts"},
        {"go|golang", "Go", ".go"},
        {"java", "Java", ".java"},
        {"kotlin|kt", "Kotlin", ".kt|.kts"},
        {"scala", "Scala", ".scala"},
        {"c", "C|C/C++ Header", ".c|.h"},
        {"cpp|c++", "C++|C/C++ Header", ".cc|.cpp|.cxx|.hpp|.hh|.hxx|.h"},
        {"csharp|c#", "C#", ".cs"},
        {"ruby|rb", "Ruby", ".rb"},
        {"php", "PHP", ".php"},
        {"rust", "Rust", ".rs"},
        {"swift", "Swift", ".swift"},
        {"bash|sh", "Bourne Shell|Bourne Again Shell", ".sh|.bash"},
        {"yaml", "YAML", ".yaml|.yml"},
        {"json", "JSON", ".json|.ipynb"},
        {"html", "HTML", ".html|.htm"},
        {"dockerfile|docker", "Dockerfile", "Dockerfile"},
        {"terraform|hcl", "HCL", ".tf|.hcl"},
        {"lua", "Lua", ".lua"},
        {"r", "R", ".r|.R"},
        {"sql", "SQL", ".sql"},
        {"elixir|ex", "Elixir", ".ex|.exs"},
};

static int in_list(const char *list, const char *s, size_t n, int ci)
{
	const char *p = list;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t m = bar ? (size_t)(bar - p) : strlen(p);
		if (m == n && (ci ? !strncasecmp(p, s, n) : !strncmp(p, s, n)))
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

static int ext_matches(const char *exts, const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	if (in_list(exts, base, strlen(base), 0))
		return 1;
	dot = strrchr(base, '.');
	return dot && in_list(exts, dot, strlen(dot), 0);
}

static int one_applies(const char *name, const char *lang_name, const char *path)
{
	size_t i;

	if (!strcasecmp(name, "generic") || !strcasecmp(name, "regex") || !strcasecmp(name, "none"))
		return 1;
	for (i = 0; i < TG_ARRAY_SIZE(langs); i++) {
		if (!in_list(langs[i].semgrep, name, strlen(name), 1))
			continue;
		if (lang_name && in_list(langs[i].cloc, lang_name, strlen(lang_name), 1))
			return 1;
		if (path && ext_matches(langs[i].exts, path))
			return 1;
	}
	/* A name we do not map: compare with the analyzer's name directly. */
	return lang_name && !strcasecmp(name, lang_name);
}

int tg_rules_lang_applies(const struct tg_strlist *languages, const char *lang_name,
                          const char *path)
{
	size_t i;

	if (!languages->nr)
		return 1;
	for (i = 0; i < languages->nr; i++)
		if (one_applies(languages->v[i], lang_name, path))
			return 1;
	return 0;
}

/*
 * Semgrep's paths: a pattern matches at any depth, as if it began with a
 * double star and '/' ("*.py" is every Python file, "config/" followed by a
 * double star the content of every config directory), and a pattern ending
 * in '/' matches everything under a directory of that name.
 */
static int path_matches(const char *pattern, const char *path)
{
	size_t n = strlen(pattern);
	int dir = n && pattern[n - 1] == '/';
	const char *s, *e;

	for (s = path;; s++) {
		if (!dir && tg_wildmatch(pattern, s, TG_WM_PATHNAME))
			return 1;
		for (e = strchr(s, '/'); dir && e; e = strchr(e + 1, '/'))
			if (tg_wildmatch_mem(pattern, n - 1, s, (size_t)(e - s), TG_WM_PATHNAME))
				return 1;
		s = strchr(s, '/');
		if (!s)
			return 0;
	}
}

/* Documentation: Markdown, TeX, reStructuredText, AsciiDoc (not .txt: rules test their examples as
 * example.txt, and a .txt can hold anything). */
static int prose(const char *lang_name, const char *path)
{
	if (lang_name && (!strcmp(lang_name, "Markdown") || !strcmp(lang_name, "TeX")))
		return 1;
	return path && ext_matches(".md|.markdown|.rst|.adoc|.asciidoc", path);
}

static int generic_only(const struct tg_strlist *languages)
{
	for (size_t i = 0; i < languages->nr; i++)
		if (strcasecmp(languages->v[i], "generic") &&
		    strcasecmp(languages->v[i], "regex") && strcasecmp(languages->v[i], "none"))
			return 0;
	return 1;
}

int tg_rules_applies(const struct tg_ruleset *rs, size_t i, const char *lang_name, const char *path)
{
	const struct tg_rule *r = &rs->rules[i];
	size_t j;
	int inc = !r->include.nr;

	if (r->dead || r->disabled || !tg_rules_lang_applies(&r->languages, lang_name, path))
		return 0;
	/*
	 * A code pattern in documentation is an example, not a defect (a README
	 * showing how to turn TLS checks off); a secret is leaked wherever it is
	 * written. A rule that names a prose language still reaches it.
	 */
	if (prose(lang_name, path) && generic_only(&r->languages) &&
	    (!r->category || strcmp(r->category, "secret")))
		return 0;
	for (j = 0; path && j < r->include.nr && !inc; j++)
		inc = path_matches(r->include.v[j], path);
	if (!inc)
		return 0;
	for (j = 0; path && j < r->exclude.nr; j++)
		if (path_matches(r->exclude.v[j], path))
			return 0;
	return 1;
}

const char *tg_rules_example_path(const struct tg_strlist *languages)
{
	static const struct {
		const char *semgrep, *path;
	} paths[] = {{"python", "example.py"}, {"py", "example.py"},
	             {"js", "example.js"},     {"javascript", "example.js"},
	             {"ts", "example.ts"},     {"typescript", "example.ts"},
	             {"go", "example.go"},     {"java", "Example.java"},
	             {"c", "example.c"},       {"cpp", "example.cpp"},
	             {"ruby", "example.rb"},   {"php", "example.php"},
	             {"bash", "example.sh"},   {"sh", "example.sh"},
	             {"yaml", "example.yaml"}, {"json", "example.json"},
	             {"html", "example.html"}, {"csharp", "Example.cs"},
	             {"kotlin", "Example.kt"}, {"rust", "example.rs"}};
	size_t i, j;

	for (i = 0; i < languages->nr; i++)
		for (j = 0; j < TG_ARRAY_SIZE(paths); j++)
			if (!strcasecmp(languages->v[i], paths[j].semgrep))
				return paths[j].path;
	return "example.txt";
}
