/*
 * Rule packs: Semgrep's rule YAML where it fits (id, message, severity,
 * languages, pattern-regex, pattern-either, patterns with pattern-not-regex,
 * paths, metadata, fix-regex) plus our own fields (keywords, entropy_min,
 * secret_group, validate, critical, redact, prefix, stopwords, allow,
 * test_values, min_length, examples, grouping). A broken rule is reported with its
 * pack, line and id, and skipped; the rest of the pack loads.
 */
#include "rules/rule_int.h"

#include "backlog/group.h"

#include "util/alloc.h"
#include "util/beneath.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"
#include "util/yaml.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct pack_ctx {
	struct tg_ruleset *rs;
	yaml_document_t *doc;
	const char *name;
	struct tg_rule *r;
	int bad;
};

static yaml_node_t *node(struct pack_ctx *c, int i)
{
	return yaml_document_get_node(c->doc, i);
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static void problem(struct pack_ctx *c, yaml_node_t *n, const char *fmt, const char *arg)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_addf(&b, "%s:%d: rule %s: ", c->name, n ? (int)n->start_mark.line + 1 : 0,
	            c->r && c->r->id ? c->r->id : "?");
	tg_buf_addf(&b, fmt, arg ? arg : "");
	tg_warn("%s", b.buf);
	tg_strlist_add(&c->rs->problems, b.buf);
	tg_buf_release(&b);
	c->bad = 1;
}

/* A scalar or a sequence of scalars, appended to l. */
static void add_strings(struct pack_ctx *c, yaml_node_t *n, struct tg_strlist *l, const char *key)
{
	yaml_node_item_t *it;

	if (scalar(n)) {
		tg_strlist_add(l, scalar(n));
		return;
	}
	if (!n || n->type != YAML_SEQUENCE_NODE) {
		problem(c, n, "%s: expected a string or a list of strings", key);
		return;
	}
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = node(c, *it);
		if (scalar(e))
			tg_strlist_add(l, scalar(e));
		else
			problem(c, e, "%s: expected a string", key);
	}
}

/* A key given twice: the last value wins, as in YAML. */
static void set_own(char **dst, char *s)
{
	free(*dst);
	*dst = s;
}

static void set_str(char **dst, const char *s)
{
	set_own(dst, tg_strdup(s));
}

static struct tg_regex regex_at(yaml_node_t *n)
{
	struct tg_regex rx = {tg_strdup(scalar(n)), (int)n->start_mark.line + 1, NULL};
	return rx;
}

static void add_pattern(struct pack_ctx *c, yaml_node_t *n)
{
	struct tg_ruleset *rs = c->rs;
	struct tg_pattern *p;

	if (!scalar(n)) {
		problem(c, n, "pattern-regex: expected a string%s", NULL);
		return;
	}
	TG_ALLOC_GROW(rs->pats, rs->pats_nr + 1, rs->pats_alloc);
	p = &rs->pats[rs->pats_nr++];
	memset(p, 0, sizeof(*p));
	p->rx = regex_at(n);
	p->rule = rs->nr - 1;
	c->r->patterns_nr++;
}

static void add_regex(struct pack_ctx *c, yaml_node_t *n, struct tg_regex **v, size_t *nr,
                      size_t *alloc, const char *key)
{
	if (!scalar(n)) {
		problem(c, n, "%s: expected a string", key);
		return;
	}
	TG_ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[(*nr)++] = regex_at(n);
}

#define FOR_PAIRS(c, n, k, v)                                                                      \
	for (yaml_node_pair_t *pr_ = (n)->data.mapping.pairs.start;                                \
	     pr_ < (n)->data.mapping.pairs.top &&                                                  \
	     ((k) = scalar(node((c), pr_->key)), (v) = node((c), pr_->value), 1);                  \
	     pr_++)

static void load_patterns(struct pack_ctx *c, yaml_node_t *seq, int either)
{
	yaml_node_item_t *it;
	const char *k;
	yaml_node_t *v;

	if (seq->type != YAML_SEQUENCE_NODE) {
		problem(c, seq, "%s: expected a list", either ? "pattern-either" : "patterns");
		return;
	}
	for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		yaml_node_t *e = node(c, *it);
		if (!e || e->type != YAML_MAPPING_NODE) {
			problem(c, e, "patterns: expected a mapping%s", NULL);
			continue;
		}
		FOR_PAIRS(c, e, k, v)
		{
			if (!k)
				continue;
			if (!strcmp(k, "pattern-regex") && (either || !c->r->patterns_nr))
				add_pattern(c, v);
			else if (!strcmp(k, "pattern-regex"))
				add_regex(c, v, &c->r->also, &c->r->also_nr, &c->r->also_alloc, k);
			else if (!strcmp(k, "pattern-not-regex") && !either)
				add_regex(c, v, &c->r->not, &c->r->not_nr, &c->r->not_alloc, k);
			else if (!strcmp(k, "pattern-either") && !either)
				load_patterns(c, v, 1);
			else if (!strcmp(k, "focus-metavariable") ||
			         !strcmp(k, "metavariable-regex"))
				continue; /* the capture stands in for the focus */
			else
				problem(c, e, "%s: only regex patterns are supported", k);
		}
	}
}

static int parse_severity(const char *s, enum tg_severity *out)
{
	static const struct {
		const char *name;
		enum tg_severity sev;
	} map[] = {{"ERROR", TG_SEV_HIGH},
	           {"WARNING", TG_SEV_MEDIUM},
	           {"INFO", TG_SEV_LOW},
	           {"INVENTORY", TG_SEV_INFO},
	           {"EXPERIMENT", TG_SEV_INFO}};
	size_t i;

	for (i = 0; s && i < TG_ARRAY_SIZE(map); i++)
		if (!strcasecmp(s, map[i].name)) {
			*out = map[i].sev;
			return 0;
		}
	if (s) {
		char low[16];
		size_t n = strlen(s);
		if (n < sizeof(low)) {
			for (i = 0; i <= n; i++)
				low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
			return tg_severity_parse(low, out);
		}
	}
	return -1;
}

static char *first_string(struct pack_ctx *c, yaml_node_t *v)
{
	if (scalar(v))
		return tg_strdup(scalar(v));
	if (v && v->type == YAML_SEQUENCE_NODE &&
	    v->data.sequence.items.top > v->data.sequence.items.start)
		return scalar(node(c, *v->data.sequence.items.start))
		               ? tg_strdup(scalar(node(c, *v->data.sequence.items.start)))
		               : NULL;
	return NULL;
}

/* "CWE-798: Use of Hard-coded Credentials" -> "CWE-798". */
static char *cwe_id(char *s)
{
	char *colon = s ? strchr(s, ':') : NULL;

	if (colon)
		*colon = '\0';
	return s;
}

static void load_metadata(struct pack_ctx *c, yaml_node_t *m)
{
	const char *k;
	yaml_node_t *v;

	if (m->type != YAML_MAPPING_NODE)
		return;
	FOR_PAIRS(c, m, k, v)
	{
		if (!k)
			continue;
		if (!strcmp(k, "cwe"))
			set_own(&c->r->cwe, cwe_id(first_string(c, v)));
		else if (!strcmp(k, "owasp"))
			set_own(&c->r->owasp, first_string(c, v));
		else if (!strcmp(k, "category"))
			set_own(&c->r->category, first_string(c, v));
		else if (!strcmp(k, "confidence"))
			set_own(&c->r->confidence, first_string(c, v));
		else if (!strcmp(k, "references"))
			set_own(&c->r->doc, first_string(c, v));
	}
}

/* examples.fix: a list of {before: LINE, after: LINE}, each the rule's fix-regex on LINE. */
static void add_fix_examples(struct pack_ctx *c, yaml_node_t *seq)
{
	yaml_node_item_t *it;

	if (seq->type != YAML_SEQUENCE_NODE) {
		problem(c, seq, "%s: expected a list of {before, after}", "fix");
		return;
	}
	for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
		yaml_node_t *e = node(c, *it), *v;
		const char *before = NULL, *after = NULL, *k;
		if (!e || e->type != YAML_MAPPING_NODE) {
			problem(c, e, "%s: expected {before, after}", "fix");
			continue;
		}
		FOR_PAIRS(c, e, k, v)
		{
			if (k && !strcmp(k, "before"))
				before = scalar(v);
			else if (k && !strcmp(k, "after"))
				after = scalar(v);
			else
				problem(c, v, "fix example: unknown field '%s'", k);
		}
		if (!before || !after) {
			problem(c, e, "%s: a fix example needs before and after", "fix");
			continue;
		}
		tg_strlist_add(&c->r->fix_before, before);
		tg_strlist_add(&c->r->fix_after, after);
	}
}

static void load_mapping_field(struct pack_ctx *c, const char *k, yaml_node_t *v)
{
	struct tg_rule *r = c->r;
	const char *kk;
	yaml_node_t *vv;

	if (v->type != YAML_MAPPING_NODE) {
		problem(c, v, "%s: expected a mapping", k);
		return;
	}
	FOR_PAIRS(c, v, kk, vv)
	{
		if (!kk)
			continue;
		if (!strcmp(k, "paths") && !strcmp(kk, "include"))
			add_strings(c, vv, &r->include, kk);
		else if (!strcmp(k, "paths") && !strcmp(kk, "exclude"))
			add_strings(c, vv, &r->exclude, kk);
		else if (!strcmp(k, "examples") && !strcmp(kk, "match"))
			add_strings(c, vv, &r->match, kk);
		else if (!strcmp(k, "examples") && !strcmp(kk, "no_match"))
			add_strings(c, vv, &r->no_match, kk);
		else if (!strcmp(k, "examples") && !strcmp(kk, "fix"))
			add_fix_examples(c, vv);
		else if (!strcmp(k, "fix-regex") && !strcmp(kk, "regex") && scalar(vv))
			set_str(&r->fix.regex, scalar(vv));
		else if (!strcmp(k, "fix-regex") && !strcmp(kk, "replacement") && scalar(vv))
			set_str(&r->fix.replacement, scalar(vv));
		else if (!strcmp(k, "fix-regex") && !strcmp(kk, "count") && scalar(vv))
			r->fix.count = atoi(scalar(vv));
		else if (!strcmp(k, "metadata"))
			break;
		else
			problem(c, vv, "unknown field '%s'", kk);
	}
}

static int bool_value(const char *s)
{
	return s && (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcmp(s, "1"));
}

static void load_field(struct pack_ctx *c, const char *k, yaml_node_t *v)
{
	struct tg_rule *r = c->r;
	const char *s = scalar(v);

	if (!strcmp(k, "id"))
		; /* read first */
	else if (!strcmp(k, "message") && s)
		set_str(&r->message, s);
	else if (!strcmp(k, "severity")) {
		if (parse_severity(s, &r->severity))
			problem(c, v, "severity '%s' is not ERROR, WARNING, INFO or low..critical",
			        s);
	} else if (!strcmp(k, "languages"))
		add_strings(c, v, &r->languages, k);
	else if (!strcmp(k, "pattern-regex"))
		add_pattern(c, v);
	else if (!strcmp(k, "pattern-not-regex"))
		add_regex(c, v, &r->not, &r->not_nr, &r->not_alloc, k);
	else if (!strcmp(k, "patterns"))
		load_patterns(c, v, 0);
	else if (!strcmp(k, "pattern-either"))
		load_patterns(c, v, 1);
	else if (!strcmp(k, "metadata"))
		load_metadata(c, v);
	else if (!strcmp(k, "paths") || !strcmp(k, "examples") || !strcmp(k, "fix-regex"))
		load_mapping_field(c, k, v);
	else if (!strcmp(k, "keywords"))
		add_strings(c, v, &r->keywords, k);
	else if (!strcmp(k, "stopwords"))
		add_strings(c, v, &r->stopwords, k);
	else if (!strcmp(k, "test_values"))
		add_strings(c, v, &r->test_values, k);
	else if (!strcmp(k, "allow")) {
		struct tg_strlist l = TG_STRLIST_INIT;
		add_strings(c, v, &l, k);
		for (size_t i = 0; i < l.nr; i++) {
			TG_ALLOC_GROW(r->allow, r->allow_nr + 1, r->allow_alloc);
			r->allow[r->allow_nr++] = (struct tg_regex){
			        tg_strdup(l.v[i]), (int)v->start_mark.line + 1, NULL};
		}
		tg_strlist_clear(&l);
	} else if (!strcmp(k, "entropy_min") && s)
		r->entropy_min = strtod(s, NULL);
	else if (!strcmp(k, "min_length") && s)
		r->min_len = (size_t)atoi(s);
	else if (!strcmp(k, "secret_group") && s)
		r->secret_group = atoi(s);
	else if (!strcmp(k, "critical"))
		r->critical = bool_value(s);
	else if (!strcmp(k, "fallback"))
		r->fallback = bool_value(s);
	else if (!strcmp(k, "redact"))
		r->redact = bool_value(s);
	else if (!strcmp(k, "grouping")) {
		if (!s || tg_grouping_parse(s, &r->grouping))
			problem(c, v, "grouping '%s' is not file, rule or none", s ? s : "");
	} else if (!strcmp(k, "prefix") && s)
		set_str(&r->prefix, s);
	else if (!strcmp(k, "validate") && s && !strcmp(s, "luhn"))
		r->validate = TG_VALIDATE_LUHN;
	else if (!strcmp(k, "validate") && s && !strcmp(s, "not-literal"))
		r->validate = TG_VALIDATE_NOT_LITERAL;
	else if (!strcmp(k, "validate") && s && !strcmp(s, "not-roundtrip"))
		r->validate = TG_VALIDATE_NOT_ROUNDTRIP;
	else if (!strcmp(k, "validate") && s && !strcmp(s, "card"))
		r->validate = TG_VALIDATE_CARD;
	else if (!strcmp(k, "validate") && s && !strcmp(s, "github"))
		r->validate = TG_VALIDATE_GITHUB;
	else if (!strcmp(k, "pattern") || !strcmp(k, "patterns-inside") || !strcmp(k, "mode") ||
	         !strcmp(k, "pattern-sinks") || !strcmp(k, "pattern-sources"))
		problem(c, v, "'%s': only regex patterns are supported", k);
	else if (strcmp(k, "title") && strcmp(k, "options") && strcmp(k, "min-version"))
		problem(c, v, "unknown field '%s'", k);
}

static const char *field(struct pack_ctx *c, yaml_node_t *m, const char *key)
{
	const char *k;
	yaml_node_t *v;

	FOR_PAIRS(c, m, k, v)
	if (k && !strcmp(k, key))
		return scalar(v);
	return NULL;
}

static void finish_rule(struct pack_ctx *c, yaml_node_t *m)
{
	struct tg_rule *r = c->r;

	if (!r->message)
		problem(c, m, "no message%s", NULL);
	if (!r->patterns_nr)
		problem(c, m, "no pattern-regex%s", NULL);
	if (!r->category)
		r->category = tg_strdup("security");
	if (strcmp(r->category, "secret") && strcmp(r->category, "security") &&
	    strcmp(r->category, "ai-ml") && strcmp(r->category, "compliance")) {
		free(r->category);
		r->category = tg_strdup("security");
	}
	if (!strcmp(r->category, "secret"))
		r->redact = 1;
	if (r->critical)
		r->severity = TG_SEV_CRITICAL;
	if (!r->cwe && !strcmp(r->category, "secret"))
		r->cwe = tg_strdup("CWE-798");
}

static void load_rule(struct pack_ctx *c, yaml_node_t *m)
{
	struct tg_ruleset *rs = c->rs;
	const char *id, *k;
	yaml_node_t *v;
	size_t i;

	if (m->type != YAML_MAPPING_NODE) {
		c->r = NULL;
		problem(c, m, "expected a mapping%s", NULL);
		return;
	}
	id = field(c, m, "id");
	TG_ALLOC_GROW(rs->rules, rs->nr + 1, rs->alloc);
	c->r = &rs->rules[rs->nr++];
	memset(c->r, 0, sizeof(*c->r));
	c->r->id = tg_strdup(id ? id : "?");
	c->r->pack = tg_strdup(c->name);
	c->r->line = (int)m->start_mark.line + 1;
	c->r->severity = TG_SEV_MEDIUM;
	c->r->first_pattern = rs->pats_nr;
	c->bad = 0;
	if (!id)
		problem(c, m, "no id%s", NULL);
	for (i = 0; i + 1 < rs->nr; i++)
		if (!strcmp(rs->rules[i].id, c->r->id) && !rs->rules[i].dead)
			problem(c, m, "id '%s' is already defined", c->r->id);
	FOR_PAIRS(c, m, k, v)
	if (k)
		load_field(c, k, v);
	finish_rule(c, m);
	if (c->bad)
		c->r->dead = 1;
}

static int parse_doc(struct tg_ruleset *rs, const char *name, yaml_document_t *doc)
{
	struct pack_ctx c = {rs, doc, name, NULL, 0};
	yaml_node_t *root = yaml_document_get_root_node(doc);
	yaml_node_t *rules = NULL;
	const char *k;
	yaml_node_t *v;
	yaml_node_item_t *it;

	if (!root)
		return TG_OK; /* an empty pack */
	if (root->type == YAML_MAPPING_NODE)
		FOR_PAIRS(&c, root, k, v)
	if (k && !strcmp(k, "rules"))
		rules = v;
	if (!rules || rules->type != YAML_SEQUENCE_NODE)
		return tg_error_set(TG_ERR_USAGE, "%s:%d: expected a top-level 'rules:' list", name,
		                    root ? (int)root->start_mark.line + 1 : 1);
	for (it = rules->data.sequence.items.start; it < rules->data.sequence.items.top; it++)
		load_rule(&c, node(&c, *it));
	return TG_OK;
}

int tg_rules_add_pack(struct tg_ruleset *rs, const char *name, const char *text, size_t len)
{
	yaml_document_t doc;
	int ret = tg_yaml_load(name, text, len, TG_ERR_USAGE, &doc);

	if (ret)
		return ret;
	ret = parse_doc(rs, name, &doc);
	yaml_document_delete(&doc);
	if (!ret) {
		struct tg_hasher *h = rs->hasher_state;
		tg_hasher_adds(h, name);
		tg_hasher_add(h, text, len);
	}
	return ret;
}

static const char *const default_stopwords[] = {
        "example",      "sample",    "dummy",   "placeholder", "changeme",    "change_me",
        "your_",        "your-",     "yourkey", "xxxxxx",      "XXXXXX",      "******",
        "000000000000", "123456789", "abcdef",  "redacted",    "fake",        "notreal",
        "not_real",     "insert",    "replace", "todo",        "<",           ">",
        "${",           "{{",        "%(",      "$(",          "process.env", "os.environ",
        "getenv",       NULL,
};

struct tg_ruleset *tg_ruleset_new(void)
{
	struct tg_ruleset *rs = tg_calloc(1, sizeof(*rs));
	struct tg_hasher *h = tg_malloc(sizeof(*h));
	size_t i;

	tg_hasher_init(h);
	rs->hasher_state = h;
	for (i = 0; default_stopwords[i]; i++)
		tg_strlist_add(&rs->stopwords, default_stopwords[i]);
	return rs;
}

/*
 * Where a pack is read from. Packs named by the repository's configuration
 * with a relative path are repository content: they are read beneath `root`
 * with no symbolic link followed and without blocking on a FIFO
 * (util/beneath.h). A pack named on the command line, or by an absolute path
 * (the user's explicit choice, as for store.path), is opened as given.
 */
struct pack_place {
	const char *root; /* NULL: every path as given */
};

static int beneath(const struct pack_place *at, const char *path)
{
	return at->root && path[0] != '/';
}

static int load_path(struct tg_ruleset *rs, const struct pack_place *at, const char *path);

/* The *.yaml and *.yml names in dir, sorted: a stable order keeps the hash stable. */
static int pack_names(const struct pack_place *at, const char *dir, struct tg_strlist *names)
{
	struct dirent *de;
	DIR *d = NULL;
	int fd;

	if (beneath(at, dir)) {
		if (tg_beneath_open(at->root, dir, O_RDONLY | O_DIRECTORY, 0, &fd))
			return tg_error_prefix(TG_ERR_USAGE, "rule pack");
		if (!(d = fdopendir(fd)))
			close(fd);
	} else {
		d = opendir(dir);
	}
	if (!d)
		return tg_error_set(TG_ERR_USAGE, "%s: cannot open the directory", dir);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if ((n > 5 && !strcmp(de->d_name + n - 5, ".yaml")) ||
		    (n > 4 && !strcmp(de->d_name + n - 4, ".yml")))
			tg_strlist_add(names, de->d_name);
	}
	closedir(d);
	tg_strlist_sort(names);
	return TG_OK;
}

static int load_dir(struct tg_ruleset *rs, const struct pack_place *at, const char *dir)
{
	struct tg_strlist names = TG_STRLIST_INIT;
	int ret = pack_names(at, dir, &names);
	size_t i;

	for (i = 0; i < names.nr && !ret; i++) {
		struct tg_buf p = TG_BUF_INIT;
		tg_buf_addf(&p, "%s/%s", dir, names.v[i]);
		ret = load_path(rs, at, p.buf);
		tg_buf_release(&p);
	}
	tg_strlist_clear(&names);
	return ret;
}

static int load_path(struct tg_ruleset *rs, const struct pack_place *at, const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	struct stat st;
	int ret;

	if (beneath(at, path)) {
		ret = tg_beneath_lstat(at->root, path, &st);
		if (!ret && S_ISDIR(st.st_mode))
			return load_dir(rs, at, path);
		if (!ret)
			ret = tg_beneath_read_file(&b, at->root, path);
		if (ret)
			ret = tg_error_prefix(TG_ERR_USAGE, "rule pack");
	} else {
		if (!stat(path, &st) && S_ISDIR(st.st_mode))
			return load_dir(rs, at, path);
		ret = tg_buf_read_file(&b, path);
	}
	if (!ret)
		ret = tg_rules_add_pack(rs, path, b.buf, b.len);
	tg_buf_release(&b);
	return ret;
}

/* Generated at build time from the packs in rules/ (src/rules/CMakeLists.txt). */
struct tg_builtin_pack {
	const char *name;
	const char *text;
	size_t len;
};
extern const struct tg_builtin_pack tg_builtin_packs[];

static int load_packs(struct tg_ruleset **out, const struct pack_place *at,
                      const struct tg_strlist *packs, int builtin, const struct tg_strlist *disable)
{
	struct tg_ruleset *rs = tg_ruleset_new();
	size_t i;
	int ret = TG_OK;

	for (i = 0; builtin && tg_builtin_packs[i].name && !ret; i++)
		ret = tg_rules_add_pack(rs, tg_builtin_packs[i].name, tg_builtin_packs[i].text,
		                        tg_builtin_packs[i].len);
	for (i = 0; packs && i < packs->nr && !ret; i++)
		ret = load_path(rs, at, packs->v[i]);
	if (ret) {
		tg_ruleset_free(rs);
		*out = NULL;
		return ret;
	}
	for (i = 0; i < rs->nr; i++)
		if (disable && tg_strlist_find(disable, rs->rules[i].id) >= 0)
			rs->rules[i].disabled = 1;
	tg_hash_hex(tg_hasher_finish(rs->hasher_state), rs->hash);
	free(rs->hasher_state);
	rs->hasher_state = NULL;
	*out = rs;
	return TG_OK;
}

int tg_rules_load_packs(struct tg_ruleset **out, const struct tg_strlist *packs, int builtin,
                        const struct tg_strlist *disable)
{
	const struct pack_place as_given = {NULL};

	return load_packs(out, &as_given, packs, builtin, disable);
}

int tg_rules_load(struct tg_ruleset **out, const char *root, const struct tg_strlist *extra_packs,
                  const struct tg_strlist *disable)
{
	const struct pack_place in_repo = {root};

	return load_packs(out, &in_repo, extra_packs, 1, disable);
}

static void regex_free(struct tg_regex *rx)
{
	free(rx->src);
	if (rx->re)
		pcre2_code_free(rx->re);
}

static void rule_free(struct tg_rule *r)
{
	size_t i;

	free(r->id), free(r->pack), free(r->message), free(r->category), free(r->cwe);
	free(r->owasp), free(r->doc), free(r->confidence), free(r->prefix);
	free(r->fix.regex), free(r->fix.replacement);
	tg_strlist_clear(&r->languages), tg_strlist_clear(&r->include);
	tg_strlist_clear(&r->exclude), tg_strlist_clear(&r->keywords);
	tg_strlist_clear(&r->stopwords), tg_strlist_clear(&r->test_values);
	tg_strlist_clear(&r->match), tg_strlist_clear(&r->no_match);
	tg_strlist_clear(&r->fix_before), tg_strlist_clear(&r->fix_after);
	for (i = 0; i < r->also_nr; i++)
		regex_free(&r->also[i]);
	for (i = 0; i < r->not_nr; i++)
		regex_free(&r->not [i]);
	for (i = 0; i < r->allow_nr; i++)
		regex_free(&r->allow[i]);
	free(r->also), free(r->not ), free(r->allow);
}

void tg_ruleset_free(struct tg_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->nr; i++)
		rule_free(&rs->rules[i]);
	for (i = 0; i < rs->pats_nr; i++)
		regex_free(&rs->pats[i].rx);
	free(rs->rules), free(rs->pats), free(rs->hs_pats), free(rs->pcre_only);
	tg_strlist_clear(&rs->problems), tg_strlist_clear(&rs->stopwords);
	if (rs->hasher_state) {
		tg_hasher_finish(rs->hasher_state);
		free(rs->hasher_state);
	}
	if (rs->db)
		rules_hs.free_database(rs->db);
	free(rs->cache_dir);
	free(rs);
}

const char *tg_rules_hash(const struct tg_ruleset *rs)
{
	return rs->hash;
}

const struct tg_strlist *tg_rules_problems(const struct tg_ruleset *rs)
{
	return &rs->problems;
}
