/*
 * A project's own complexity limit (limit.h): which files say it, in which
 * order, and how each is read: INI and command lines by limit_text.c, TOML
 * by util/toml.h, YAML (and golangci's JSON) by util/yaml.h.
 */
#include "functions/limit.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/strlist.h"
#include "util/toml.h"
#include "util/yaml.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { LIMIT_FILE_MAX = 1 << 20 };

/* The files read, best first: each tool's own configuration, then CI and Makefiles. */
static const char *const limit_files[] = {
        "pyproject.toml",
        "ruff.toml",
        ".ruff.toml",
        "setup.cfg",
        "tox.ini",
        ".flake8",
        ".golangci.yml",
        ".golangci.yaml",
        ".golangci.toml",
        ".golangci.json",
        ".eslintrc.js",
        ".eslintrc.cjs",
        ".eslintrc.yaml",
        ".eslintrc.yml",
        ".eslintrc.json",
        ".eslintrc",
        "eslint.config.js",
        "eslint.config.mjs",
        "eslint.config.cjs",
        "eslint.config.ts",
        "package.json",
        "Makefile",
        "makefile",
        "GNUmakefile",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        "azure-pipelines.yml",
        ".circleci/config.yml",
        "Jenkinsfile",
};

const char *tg_limit_family_name(enum tg_limit_family f)
{
	static const char *const names[] = {"every language", "Python", "Go",
	                                    "JavaScript and TypeScript"};

	return (unsigned)f < TG_LIMIT_FAMILIES ? names[f] : "?";
}

static int set_limit(struct tg_ccn_limits *l, enum tg_limit_family f, int v, const char *path,
                     int line, const char *what)
{
	struct tg_ccn_limit *c = &l->of[f];
	struct tg_buf b = TG_BUF_INIT;

	if (c->value || v <= 0 || v > 100000)
		return 0;
	c->value = v;
	tg_buf_addf(&b, "%s:%d", path, line);
	c->where = tg_buf_detach(&b, NULL);
	c->what = tg_strdup(what);
	return 1;
}

static int name_is(const char *path, const char *name)
{
	return !strcmp(path, name);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !memcmp(s + n - k, suffix, k);
}

/* Ruff and flake8 (the Flake8-pyproject plugin) in pyproject.toml, ruff in ruff.toml. */
static int from_toml(struct tg_ccn_limits *l, const char *path, const char *text, size_t len)
{
	static const struct {
		const char *file, *key, *what;
		enum tg_limit_family f;
	} keys[] = {
	        {"pyproject.toml", "tool.ruff.lint.mccabe.max-complexity", "ruff max-complexity",
	         TG_LIMIT_PYTHON},
	        {"pyproject.toml", "tool.ruff.mccabe.max-complexity", "ruff max-complexity",
	         TG_LIMIT_PYTHON},
	        {"pyproject.toml", "tool.flake8.max-complexity", "flake8 max-complexity",
	         TG_LIMIT_PYTHON},
	        {"ruff.toml", "lint.mccabe.max-complexity", "ruff max-complexity", TG_LIMIT_PYTHON},
	        {"ruff.toml", "mccabe.max-complexity", "ruff max-complexity", TG_LIMIT_PYTHON},
	        {".golangci.toml", "linters-settings.gocyclo.min-complexity",
	         "gocyclo min-complexity", TG_LIMIT_GO},
	        {".golangci.toml", "linters.settings.gocyclo.min-complexity",
	         "gocyclo min-complexity", TG_LIMIT_GO},
	        {".golangci.toml", "linters-settings.cyclop.max-complexity",
	         "cyclop max-complexity", TG_LIMIT_GO},
	        {".golangci.toml", "linters.settings.cyclop.max-complexity",
	         "cyclop max-complexity", TG_LIMIT_GO},
	};
	struct tg_toml *doc = NULL;
	const char *file = name_is(path, ".ruff.toml") ? "ruff.toml" : path;
	int n = 0;

	if (tg_toml_parse(text, len, path, &doc)) {
		tg_debug("complexity limit: %s", tg_error_message());
		tg_error_clear();
		return 0;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct tg_toml *v = tg_toml_path(doc, keys[i].key);

		if (strcmp(keys[i].file, file) || !v || tg_toml_type(v) != TG_TOML_INTEGER)
			continue;
		n += set_limit(l, keys[i].f, (int)tg_toml_int(v, 0), path, tg_toml_line(v),
		               keys[i].what);
	}
	tg_toml_free(doc);
	return n;
}

static yaml_node_t *ymap(yaml_document_t *d, yaml_node_t *n, const char *key)
{
	yaml_node_pair_t *p;

	if (!n || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);

		if (k && k->type == YAML_SCALAR_NODE && strlen(key) == k->data.scalar.length &&
		    !memcmp(k->data.scalar.value, key, k->data.scalar.length))
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

/* A path of keys separated by '/' (golangci's keys hold '-' and no '/'). */
static yaml_node_t *ypath(yaml_document_t *d, const char *path)
{
	yaml_node_t *n = yaml_document_get_root_node(d);
	char key[64];

	while (n && *path) {
		size_t k = strcspn(path, "/");

		if (k >= sizeof(key))
			return NULL;
		memcpy(key, path, k);
		key[k] = 0;
		n = ymap(d, n, key);
		path += k + (path[k] == '/');
	}
	return n;
}

/* A scalar that is a whole number, or 0. */
static int yint(yaml_node_t *n)
{
	char *end;
	long v;

	if (!n || n->type != YAML_SCALAR_NODE || !n->data.scalar.length ||
	    n->data.scalar.length > 9)
		return 0;
	v = strtol((const char *)n->data.scalar.value, &end, 10);
	return *end || v <= 0 ? 0 : (int)v;
}

/* ESLint's rule in a YAML .eslintrc: `complexity: [error, 10]`, a block list, or `warn`. */
static int eslint_yaml(yaml_document_t *d, yaml_node_t *rule)
{
	yaml_node_t *sev, *opt;
	const char *s;

	if (!rule)
		return 0;
	sev = rule->type == YAML_SEQUENCE_NODE &&
	                      rule->data.sequence.items.top > rule->data.sequence.items.start
	              ? yaml_document_get_node(d, rule->data.sequence.items.start[0])
	              : rule;
	if (!sev || sev->type != YAML_SCALAR_NODE)
		return 0;
	s = (const char *)sev->data.scalar.value;
	if (strcmp(s, "error") && strcmp(s, "warn") && strcmp(s, "2") && strcmp(s, "1"))
		return 0;
	if (rule->type != YAML_SEQUENCE_NODE ||
	    rule->data.sequence.items.top - rule->data.sequence.items.start < 2)
		return 20; /* ESLint's default */
	opt = yaml_document_get_node(d, rule->data.sequence.items.start[1]);
	return opt && opt->type == YAML_MAPPING_NODE ? yint(ymap(d, opt, "max")) : yint(opt);
}

static int from_yaml(struct tg_ccn_limits *l, const char *path, const char *text, size_t len)
{
	static const struct {
		const char *key, *what;
	} go[] = {
	        {"linters-settings/gocyclo/min-complexity", "gocyclo min-complexity"},
	        {"linters/settings/gocyclo/min-complexity", "gocyclo min-complexity"},
	        {"linters-settings/cyclop/max-complexity", "cyclop max-complexity"},
	        {"linters/settings/cyclop/max-complexity", "cyclop max-complexity"},
	};
	yaml_document_t doc;
	yaml_node_t *n;
	int got = 0;

	if (tg_yaml_load(path, text, len, TG_ERR_INPUT, &doc)) {
		tg_debug("complexity limit: %s", tg_error_message());
		tg_error_clear();
		return 0;
	}
	if (!strncmp(path, ".golangci.", 10)) {
		for (size_t i = 0; i < sizeof(go) / sizeof(go[0]); i++)
			if ((n = ypath(&doc, go[i].key)))
				got += set_limit(l, TG_LIMIT_GO, yint(n), path,
				                 (int)n->start_mark.line + 1, go[i].what);
	} else if ((n = ypath(&doc, "rules/complexity"))) {
		got += set_limit(l, TG_LIMIT_JS, eslint_yaml(&doc, n), path,
		                 (int)n->start_mark.line + 1, "ESLint complexity");
	}
	yaml_document_delete(&doc);
	return got;
}

static int is_ci_file(const char *path)
{
	static const char *const ci[] = {"Makefile",
	                                 "makefile",
	                                 "GNUmakefile",
	                                 "tox.ini",
	                                 ".gitlab-ci.yml",
	                                 ".pre-commit-config.yaml",
	                                 "azure-pipelines.yml",
	                                 ".circleci/config.yml",
	                                 "Jenkinsfile"};

	for (size_t i = 0; i < sizeof(ci) / sizeof(ci[0]); i++)
		if (name_is(path, ci[i]))
			return 1;
	return !strncmp(path, ".github/workflows/", 18) &&
	       (ends_with(path, ".yml") || ends_with(path, ".yaml"));
}

/* lizard -C N, flake8 --max-complexity N and gocyclo -over N where CI runs them. */
static int from_command_lines(struct tg_ccn_limits *l, const char *path, const char *text,
                              size_t len)
{
	static const char *const lizard[] = {"-C", "--CCN", NULL};
	static const char *const flake8[] = {"--max-complexity", NULL};
	static const char *const gocyclo[] = {"-over", NULL};
	int line = 0, got = 0, v;

	if ((v = tg_limit_cli(text, len, "lizard", lizard, &line)))
		got += set_limit(l, TG_LIMIT_ANY, v, path, line, "lizard -C");
	if ((v = tg_limit_cli(text, len, "flake8", flake8, &line)))
		got += set_limit(l, TG_LIMIT_PYTHON, v, path, line, "flake8 --max-complexity");
	if ((v = tg_limit_cli(text, len, "gocyclo", gocyclo, &line)))
		got += set_limit(l, TG_LIMIT_GO, v, path, line, "gocyclo -over");
	return got;
}

int tg_ccn_limits_from_text(struct tg_ccn_limits *l, const char *path, const char *text, size_t len)
{
	int line = 0, got = 0, v;

	if (ends_with(path, ".toml"))
		got += from_toml(l, path, text, len);
	if (name_is(path, "setup.cfg") || name_is(path, "tox.ini") || name_is(path, ".flake8")) {
		v = tg_limit_ini(text, len, "flake8", "max-complexity", &line);
		got += set_limit(l, TG_LIMIT_PYTHON, v, path, line, "flake8 max-complexity");
	}
	if (!strncmp(path, ".golangci.", 10) && !ends_with(path, ".toml"))
		got += from_yaml(l, path, text, len);
	if (!strncmp(path, ".eslintrc", 9) || !strncmp(path, "eslint.config.", 14) ||
	    name_is(path, "package.json")) {
		if ((v = tg_limit_eslint_text(text, len, &line)))
			got += set_limit(l, TG_LIMIT_JS, v, path, line, "ESLint complexity");
		else if (ends_with(path, ".yml") || ends_with(path, ".yaml") ||
		         name_is(path, ".eslintrc"))
			got += from_yaml(l, path, text, len);
	}
	if (is_ci_file(path))
		got += from_command_lines(l, path, text, len);
	return got;
}

static void read_one(const char *root, const char *path, struct tg_ccn_limits *l)
{
	struct tg_buf text = TG_BUF_INIT;
	struct stat st;

	if (tg_beneath_lstat(root, path, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > LIMIT_FILE_MAX || tg_beneath_read_file(&text, root, path)) {
		tg_error_clear();
		tg_buf_release(&text);
		return;
	}
	tg_ccn_limits_from_text(l, path, text.buf, text.len);
	tg_buf_release(&text);
}

static void workflow_names(const char *root, struct tg_strlist *names)
{
	struct tg_buf dir = TG_BUF_INIT;
	struct dirent *e;
	DIR *d;

	tg_buf_addf(&dir, "%s/.github/workflows", root);
	d = opendir(dir.buf);
	tg_buf_release(&dir);
	if (!d)
		return;
	while ((e = readdir(d)))
		if (ends_with(e->d_name, ".yml") || ends_with(e->d_name, ".yaml"))
			tg_strlist_add(names, e->d_name);
	closedir(d);
	tg_strlist_sort(names);
}

void tg_ccn_limits_read(const char *root, struct tg_ccn_limits *out)
{
	struct tg_strlist names = TG_STRLIST_INIT;
	struct tg_buf rel = TG_BUF_INIT;

	for (size_t i = 0; i < sizeof(limit_files) / sizeof(limit_files[0]); i++)
		read_one(root, limit_files[i], out);
	workflow_names(root, &names);
	for (size_t i = 0; i < names.nr; i++) {
		tg_buf_reset(&rel);
		tg_buf_addf(&rel, ".github/workflows/%s", names.v[i]);
		read_one(root, rel.buf, out);
	}
	tg_strlist_clear(&names);
	tg_buf_release(&rel);
}

void tg_ccn_limits_release(struct tg_ccn_limits *l)
{
	for (int f = 0; f < TG_LIMIT_FAMILIES; f++) {
		free(l->of[f].where);
		free(l->of[f].what);
		memset(&l->of[f], 0, sizeof(l->of[f]));
	}
}

const struct tg_ccn_limit *tg_ccn_limit_for(const struct tg_ccn_limits *l, const char *lang_name)
{
	enum tg_limit_family f = TG_LIMIT_ANY;

	if (!lang_name)
		lang_name = "";
	if (!strcmp(lang_name, "Python"))
		f = TG_LIMIT_PYTHON;
	else if (!strcmp(lang_name, "Go"))
		f = TG_LIMIT_GO;
	else if (!strcmp(lang_name, "JavaScript") || !strcmp(lang_name, "JSX") ||
	         !strcmp(lang_name, "TypeScript") || !strcmp(lang_name, "TSX"))
		f = TG_LIMIT_JS;
	if (l->of[f].value)
		return &l->of[f];
	return l->of[TG_LIMIT_ANY].value ? &l->of[TG_LIMIT_ANY] : NULL;
}
