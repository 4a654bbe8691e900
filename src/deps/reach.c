/*
 * The import and identifier index of reach.h. Lexical on purpose: comments
 * are skipped, strings are read only where an import names a package, and
 * every other identifier goes into one set. Good enough to say "never
 * named", which is all the matcher asks; it claims nothing stronger.
 */
#include "deps/reach.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "walk/walk.h"

struct tg_reach {
	enum tg_eco eco;
	struct tg_hashmap imports, names;
	size_t files;
	pthread_mutex_t lock;
};

static int ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int ident_char(int c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int wanted_go(const char *p)
{
	return has_suffix(p, ".go");
}

static int wanted_rust(const char *p)
{
	return has_suffix(p, ".rs");
}

static int wanted_js(const char *p)
{
	static const char *const ext[] = {".js", ".mjs", ".cjs", ".jsx",
	                                  ".ts", ".mts", ".cts", ".tsx"};
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (has_suffix(p, ext[i]))
			return 1;
	return 0;
}

/*
 * One file's findings, gathered without the lock and merged once. Each
 * import string goes to on_import (with the offset of its opening quote);
 * identifiers go into names when it is not NULL.
 */
struct scan {
	struct tg_hashmap imports, *names;
	enum tg_eco eco;
	tg_reach_import_fn on_import;
	void *arg;
};

static void add(struct tg_hashmap *m, const char *s, size_t n)
{
	if (n && n < 512)
		tg_hashmap_put(m, s, n, NULL);
}

/* The string literal starting at s[i] (a quote); its contents as [*from, *to). */
static size_t string_at(const char *s, size_t n, size_t i, size_t *from, size_t *to)
{
	char q = s[i++];

	*from = i;
	while (i < n && s[i] != q && s[i] != '\n')
		i += s[i] == '\\' ? 2 : 1;
	*to = i < n ? i : n;
	return i < n ? i + 1 : n;
}

/* An npm import names a package: "@scope/name" or "name", before any subpath. */
static void add_js_import(struct scan *sc, const char *s, size_t n)
{
	size_t len = 0, slashes = s[0] == '@' ? 2 : 1;

	if (!n || s[0] == '.' || s[0] == '/')
		return; /* relative: the project's own code */
	while (len < n && !(s[len] == '/' && --slashes == 0))
		len++;
	add(&sc->imports, s, len);
}

/* reach's own use of an import: Go's path as it is, npm's package name. */
static void index_import(const char *s, size_t n, size_t offset, void *arg)
{
	struct scan *sc = arg;

	(void)offset;
	if (sc->eco == TG_ECO_GO)
		add(&sc->imports, s, n);
	else
		add_js_import(sc, s, n);
}

/* The word before position i, skipping blanks: for "import" / "from" / "require(". */
static int preceded_by(const char *s, size_t i, const char *word)
{
	size_t n = strlen(word);

	while (i > 0 &&
	       (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '(' || s[i - 1] == '\n'))
		i--;
	return i >= n && !memcmp(s + i - n, word, n) && (i == n || !ident_char(s[i - n - 1]));
}

/*
 * Go imports: `import "x"`, `import alias "x"` and `import ( ... )` blocks.
 * go_import is 0 outside, 1 after the keyword, 2 inside a block.
 */
static void scan_text(struct scan *sc, const char *s, size_t n)
{
	size_t i = 0, from, to;
	int go_import = 0;

	while (i < n) {
		int c = (unsigned char)s[i];
		if (c == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			const char *end = strstr(s + i + 2, "*/");
			i = end ? (size_t)(end - s) + 2 : n;
		} else if (c == '"' || c == '\'' || c == '`') {
			size_t at = i;
			i = string_at(s, n, i, &from, &to);
			if (sc->eco == TG_ECO_GO && c != '\'' && go_import) {
				sc->on_import(s + from, to - from, at, sc->arg);
				go_import = go_import == 1 ? 0 : 2;
			} else if (sc->eco == TG_ECO_NPM &&
			           (preceded_by(s, at, "from") || preceded_by(s, at, "require") ||
			            preceded_by(s, at, "import")))
				sc->on_import(s + from, to - from, at, sc->arg);
		} else if (ident_start(c)) {
			size_t start = i;
			while (i < n && ident_char((unsigned char)s[i]))
				i++;
			if (sc->names)
				add(sc->names, s + start, i - start);
			if (sc->eco == TG_ECO_GO && i - start == 6 &&
			    !memcmp(s + start, "import", 6))
				go_import = 1;
			/* Rust: the first segment of a path names a crate (or a module). */
			if (sc->eco == TG_ECO_CRATES && i + 1 < n && s[i] == ':' && s[i + 1] == ':')
				add(&sc->imports, s + start, i - start);
		} else {
			if (c == '(' && go_import == 1)
				go_import = 2;
			else if (c == ')' && go_import == 2)
				go_import = 0;
			i++;
		}
	}
}

static int on_file(const struct tg_walk_file *f, void *arg)
{
	struct tg_reach *r = arg;
	struct tg_hashmap names = TG_HASHMAP_INIT;
	struct scan sc = {TG_HASHMAP_INIT, &names, r->eco, index_import, NULL};
	struct tg_hashmap_entry *e;

	sc.arg = &sc;
	scan_text(&sc, (const char *)f->data, f->len);
	pthread_mutex_lock(&r->lock);
	r->files++;
	tg_hashmap_for_each(&sc.imports, e)
		tg_hashmap_put(&r->imports, e->str, e->key.len, NULL);
	tg_hashmap_for_each(&names, e)
		tg_hashmap_put(&r->names, e->str, e->key.len, NULL);
	pthread_mutex_unlock(&r->lock);
	tg_hashmap_release(&sc.imports);
	tg_hashmap_release(&names);
	return 0;
}

void tg_reach_scan_imports(enum tg_eco eco, const char *text, size_t n, tg_reach_import_fn fn,
                           void *arg)
{
	struct scan sc = {TG_HASHMAP_INIT, NULL, eco, fn, arg};

	if (eco == TG_ECO_GO || eco == TG_ECO_NPM)
		scan_text(&sc, text, n);
}

int tg_reach_build(const struct tg_walk_opts *opts, enum tg_eco eco, struct tg_reach **out)
{
	struct tg_walk_opts o = *opts;
	struct tg_walk_stats st = {0};
	struct tg_reach *r = tg_calloc(1, sizeof(*r));
	int rc;

	r->eco = eco;
	pthread_mutex_init(&r->lock, NULL);
	o.wanted = eco == TG_ECO_GO ? wanted_go : eco == TG_ECO_CRATES ? wanted_rust : wanted_js;
	o.skip_generated = 1;
	rc = tg_walk_run(&o, on_file, r, &st);
	tg_walk_stats_release(&st);
	if (rc) {
		tg_reach_free(r);
		return rc;
	}
	*out = r;
	return TG_OK;
}

void tg_reach_free(struct tg_reach *r)
{
	if (!r)
		return;
	tg_hashmap_release(&r->imports);
	tg_hashmap_release(&r->names);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int tg_reach_imports(const struct tg_reach *r, const char *path)
{
	struct tg_hashmap_entry *e;
	size_t n = strlen(path);
	char *crate;
	int found;

	if (!r->files)
		return -1;
	if (r->eco == TG_ECO_CRATES) {
		crate = tg_strdup(path);
		for (char *p = crate; *p; p++)
			*p = *p == '-' ? '_' : *p;
		found = tg_hashmap_get(&r->imports, crate, strlen(crate)) != NULL;
		free(crate);
		return found;
	}
	if (r->eco == TG_ECO_NPM)
		return tg_hashmap_get(&r->imports, path, n) != NULL;
	/* Go: the package itself, or a package below it in the module. */
	tg_hashmap_for_each(&r->imports, e)
		if (!strncmp(e->str, path, n) && (e->str[n] == '\0' || e->str[n] == '/'))
			return 1;
	return 0;
}

int tg_reach_names(const struct tg_reach *r, const char *symbol)
{
	const char *last = symbol, *p;

	if (!r->files)
		return -1;
	for (p = symbol; *p; p++)
		if (*p == '.' || *p == ':')
			last = p + 1;
	return tg_hashmap_get(&r->names, last, strlen(last)) != NULL;
}
