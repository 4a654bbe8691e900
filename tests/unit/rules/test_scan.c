/*
 * The engine on inputs built here at run time: detection, redaction,
 * fingerprints, suppression, bad packs, patterns Vectorscan cannot take,
 * backtracking, huge lines, the database cache, and pickles. Real-format
 * credentials are generated, never written down.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "rules/rules.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#include "testlib.h"

struct got {
	struct tg_sink sink;
	struct tg_item items[64];
	size_t nr;
};

static int keep(struct tg_sink *s, struct tg_item *it)
{
	struct got *g = s->data;

	if (g->nr < 64)
		g->items[g->nr++] = *it;
	else
		tg_item_release(it);
	tg_item_init(it);
	return TG_OK;
}

static void got_init(struct got *g)
{
	memset(g, 0, sizeof(*g));
	g->sink.emit = keep;
	g->sink.data = g;
}

static void got_release(struct got *g)
{
	size_t i;

	for (i = 0; i < g->nr; i++)
		tg_item_release(&g->items[i]);
	g->nr = 0;
}

static struct tg_ruleset *builtin(void)
{
	struct tg_ruleset *rs = NULL;

	assert_int_equal(tg_rules_load(&rs, NULL, NULL, NULL), TG_OK);
	tg_rules_set_cache_dir(rs, NULL);
	assert_int_equal(tg_rules_compile(rs), TG_OK);
	return rs;
}

static void scan(struct tg_ruleset *rs, const char *path, const char *text, size_t len,
                 struct got *g)
{
	struct tg_rules_scratch *s = tg_rules_scratch_new(rs);

	assert_non_null(s);
	assert_int_equal(
	        tg_rules_scan(rs, s, NULL, path, (const unsigned char *)text, len, &g->sink),
	        TG_OK);
	tg_rules_scratch_free(s);
}

static const struct tg_item *find(struct got *g, const char *rule)
{
	size_t i;

	for (i = 0; i < g->nr; i++)
		if (!strcmp(g->items[i].rule_id, rule))
			return &g->items[i];
	return NULL;
}

static void expand(struct tg_buf *b, const char *tmpl, uint64_t seed)
{
	tg_buf_reset(b);
	assert_int_equal(tg_rules_expand_example(b, tmpl, seed), TG_OK);
}

/* The value never appears in what we print or store. */
static void assert_hidden(const struct tg_item *it, const char *value)
{
	assert_null(strstr(it->evidence, value));
	assert_null(strstr(it->message, value));
	assert_null(strstr(it->title, value));
}

static void github_token_found_redacted_fingerprinted_by_name(void **state)
{
	struct tg_ruleset *rs = builtin();
	struct tg_buf tok = TG_BUF_INIT, text = TG_BUF_INIT;
	struct got g;
	const struct tg_item *it;
	char fp1[17];

	(void)state;
	expand(&tok, "{{github:ghp}}", 1);
	tg_buf_addf(&text, "import os\n\nGITHUB_TOKEN = \"%s\"\n", tok.buf);
	got_init(&g);
	scan(rs, "app/settings.py", text.buf, text.len, &g);
	it = find(&g, "secrets.github-pat");
	assert_non_null(it);
	assert_string_equal(it->category, "secret");
	assert_int_equal(it->severity, TG_SEV_CRITICAL);
	assert_int_equal(it->start_line, 3);
	assert_int_equal(it->start_column, 17);
	assert_int_equal(it->job_size, 1);
	assert_true(it->inputs.time_criticality >= 8 && it->inputs.risk_reduction >= 8);
	assert_string_equal(it->links.cwe, "CWE-798");
	assert_non_null(strstr(it->evidence, "GITHUB_TOKEN = ghp_"));
	assert_non_null(strstr(it->evidence, "[redacted, 40 chars]"));
	assert_hidden(it, tok.buf + 4);
	memcpy(fp1, it->fingerprint, 17);
	got_release(&g);

	/* Another token in the same variable: the same item (identity is not the value). */
	expand(&tok, "{{github:ghp}}", 2);
	tg_buf_reset(&text);
	tg_buf_addf(&text, "import os\n\n\nGITHUB_TOKEN = \"%s\"\n", tok.buf);
	scan(rs, "app/settings.py", text.buf, text.len, &g);
	it = find(&g, "secrets.github-pat");
	assert_non_null(it);
	assert_string_equal(it->fingerprint, fp1);
	got_release(&g);

	/* A wrong checksum is not a GitHub token. */
	tok.buf[tok.len - 1] = tok.buf[tok.len - 1] == 'A' ? 'B' : 'A';
	tg_buf_reset(&text);
	tg_buf_addf(&text, "GITHUB_TOKEN = \"%s\"\n", tok.buf);
	scan(rs, "app/settings.py", text.buf, text.len, &g);
	assert_null(find(&g, "secrets.github-pat"));
	got_release(&g);
	tg_buf_release(&tok), tg_buf_release(&text);
	tg_ruleset_free(rs);
}

static void message_interpolation_is_redacted(void **state)
{
	struct tg_ruleset *rs = builtin();
	struct tg_buf key = TG_BUF_INIT, text = TG_BUF_INIT;
	struct got g;
	const struct tg_item *it;

	(void)state;
	expand(&key, "AKIA{{rand:b32:16}}", 7);
	tg_buf_addf(&text, "[default]\naws_access_key_id = %s\n", key.buf);
	got_init(&g);
	scan(rs, "config/credentials", text.buf, text.len, &g);
	it = find(&g, "secrets.aws-access-key-id");
	assert_non_null(it);
	assert_hidden(it, key.buf + 4);
	assert_non_null(strstr(it->message, "AKIA"));
	assert_non_null(strstr(it->message, "[redacted, 20 chars]"));
	got_release(&g);
	tg_buf_release(&key), tg_buf_release(&text);
	tg_ruleset_free(rs);
}

static void inline_suppression(void **state)
{
	struct tg_ruleset *rs = builtin();
	struct tg_buf tok = TG_BUF_INIT, text = TG_BUF_INIT;
	struct got g;

	(void)state;
	expand(&tok, "{{github:ghp}}", 3);
	tg_buf_addf(&text,
	            "# terragon:ignore[secrets.github-pat]\nA = \"%s\"\nB = \"%s\"  # "
	            "terragon:ignore\n\nC = \"%s\"\n",
	            tok.buf, tok.buf, tok.buf);
	got_init(&g);
	scan(rs, "x.py", text.buf, text.len, &g);
	assert_int_equal(g.nr, 3);
	assert_int_equal(g.items[0].status, TG_STATUS_SUPPRESSED);
	assert_int_equal(g.items[1].status, TG_STATUS_SUPPRESSED);
	assert_int_equal(g.items[2].status, TG_STATUS_OPEN);
	got_release(&g);
	tg_buf_release(&tok), tg_buf_release(&text);
	tg_ruleset_free(rs);
}

static const char bad_pack[] = "rules:\n"
                               "  - id: good-one\n"
                               "    message: found a marker\n"
                               "    severity: WARNING\n"
                               "    languages: [generic]\n"
                               "    pattern-regex: 'MARKER_[0-9]+'\n"
                               "  - id: broken-one\n"
                               "    message: bad regex\n"
                               "    severity: ERROR\n"
                               "    languages: [generic]\n"
                               "    pattern-regex: 'abc(def'\n"
                               "  - id: backref\n"
                               "    message: repeated word $1\n"
                               "    severity: INFO\n"
                               "    languages: [generic]\n"
                               "    pattern-regex: '\\b(\\w{3,})\\s+\\1\\b'\n"
                               "  - id: lookbehind\n"
                               "    message: price without a currency\n"
                               "    severity: INFO\n"
                               "    languages: [generic]\n"
                               "    pattern-regex: '(?<!\\$)\\b[0-9]+\\.[0-9]{2}\\b'\n"
                               "  - id: catastrophic\n"
                               "    message: backtracking\n"
                               "    severity: INFO\n"
                               "    languages: [generic]\n"
                               "    pattern--regex: x\n";

static void bad_pack_reports_and_the_rest_runs(void **state)
{
	struct tg_ruleset *rs = tg_ruleset_new();
	struct got g;
	const char *text = "MARKER_42 the the cost 12.50\n";
	const struct tg_strlist *p;
	size_t i;
	int named = 0;

	(void)state;
	assert_int_equal(tg_rules_add_pack(rs, "user.yaml", bad_pack, sizeof(bad_pack) - 1), TG_OK);
	tg_rules_set_cache_dir(rs, NULL);
	assert_int_equal(tg_rules_compile(rs), TG_OK);
	p = tg_rules_problems(rs);
	for (i = 0; i < p->nr; i++)
		named |= strstr(p->v[i], "user.yaml:11: rule broken-one: invalid pattern-regex") !=
		         NULL;
	assert_true(named);
	got_init(&g);
	scan(rs, "notes.txt", text, strlen(text), &g);
	assert_non_null(find(&g, "good-one"));
	assert_null(find(&g, "broken-one"));
	assert_non_null(find(&g, "backref"));    /* PCRE2 alone, with a warning */
	assert_non_null(find(&g, "lookbehind")); /* a prefilter or PCRE2 alone */
	assert_non_null(strstr(find(&g, "backref")->message, "repeated word the"));
	got_release(&g);
	tg_ruleset_free(rs);
}

static void backtracking_and_huge_lines_are_bounded(void **state)
{
	static const char pack[] = "rules:\n"
	                           "  - id: evil\n"
	                           "    message: evil\n"
	                           "    severity: INFO\n"
	                           "    languages: [generic]\n"
	                           "    pattern-regex: '(a+)+(?1)$'\n";
	struct tg_ruleset *rs = tg_ruleset_new(), *def = builtin();
	size_t n = 4u << 20, i;
	char *big = tg_malloc(n + 1);
	struct tg_buf tok = TG_BUF_INIT;
	struct got g;

	(void)state;
	assert_int_equal(tg_rules_add_pack(rs, "evil.yaml", pack, sizeof(pack) - 1), TG_OK);
	tg_rules_set_cache_dir(rs, NULL);
	assert_int_equal(tg_rules_compile(rs), TG_OK);
	/* a recursion Vectorscan cannot take: PCRE2 alone, with a warning */
	assert_non_null(strstr(tg_rules_problems(rs)->v[0], "PCRE2 alone scans it"));
	memset(big, 'a', n);
	big[n - 1] = '!';
	big[n] = '\0';
	got_init(&g);
	scan(rs, "big.txt", big, n, &g); /* returns: PCRE2's limits stop the backtracking */
	assert_int_equal(g.nr, 0);
	got_release(&g);

	/* One 4 MB line of base64-ish noise with a token at each end. */
	for (i = 0; i < n; i++)
		big[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"[i *
		                                                                            7919 %
		                                                                            64];
	expand(&tok, "{{github:ghp}}", 9);
	memcpy(big + 10, " t=", 3), memcpy(big + 13, tok.buf, 40), big[53] = ' ';
	memcpy(big + n - 60, " t=", 3), memcpy(big + n - 57, tok.buf, 40), big[n - 17] = ' ';
	scan(def, "blob.txt", big, n, &g);
	assert_int_equal(g.nr, 2);
	assert_int_equal(g.items[0].start_column, 14);
	got_release(&g);
	free(big);
	tg_buf_release(&tok);
	tg_ruleset_free(rs);
	tg_ruleset_free(def);
}

static void languages_and_paths_filter(void **state)
{
	struct tg_ruleset *rs = builtin();
	struct got g;
	const char *py = "state = torch.load(path)\n";

	(void)state;
	got_init(&g);
	scan(rs, "train.py", py, strlen(py), &g);
	assert_non_null(find(&g, "ai-ml.torch-load-unsafe"));
	got_release(&g);
	scan(rs, "train.go", py, strlen(py), &g);
	assert_null(find(&g, "ai-ml.torch-load-unsafe"));
	got_release(&g);
	tg_ruleset_free(rs);
}

/* Documentation shows code patterns as examples; a secret in it is still a leak. */
static void prose_gets_secret_rules_only(void **state)
{
	struct tg_ruleset *rs = builtin();
	struct tg_buf tok = TG_BUF_INIT, text = TG_BUF_INIT;
	struct got g;
	static const char *const paths[] = {"README.md", "docs/guide.rst", "client.py"};

	(void)state;
	expand(&tok, "{{github:ghp}}", 3);
	tg_buf_addf(&text, "r = requests.get(url, verify=False)\ntoken = \"%s\"\n", tok.buf);
	got_init(&g);
	for (size_t i = 0; i < 3; i++) {
		scan(rs, paths[i], text.buf, text.len, &g);
		assert_non_null(find(&g, "secrets.github-pat"));
		if (i < 2)
			assert_null(find(&g, "crypto.tls-verification-disabled"));
		else
			assert_non_null(find(&g, "crypto.tls-verification-disabled"));
		got_release(&g);
	}
	tg_buf_release(&tok);
	tg_buf_release(&text);
	tg_ruleset_free(rs);
}

static void semgrep_rule_loads_unchanged(void **state)
{
	static const char pack[] =
	        "rules:\n"
	        "  - id: demo-stripe-live-key\n"
	        "    message: Stripe live secret key committed ($1)\n"
	        "    severity: ERROR\n"
	        "    languages: [generic]\n"
	        "    patterns:\n"
	        "      - pattern-either:\n"
	        "          - pattern-regex: '\\b(sk_live_[0-9A-Za-z]{24,99})\\b'\n"
	        "          - pattern-regex: '\\b(rk_live_[0-9A-Za-z]{24,99})\\b'\n"
	        "      - pattern-not-regex: 'sk_live_0+\\b'\n"
	        "    paths:\n"
	        "      include: ['*.py', 'config/**']\n"
	        "      exclude: ['tests/**']\n"
	        "    metadata:\n"
	        "      cwe: ['CWE-798: Use of Hard-coded Credentials']\n"
	        "      category: security\n"
	        "      confidence: HIGH\n"
	        "      references: ['https://docs.stripe.com/keys']\n";
	struct tg_ruleset *rs = tg_ruleset_new();
	struct tg_buf key = TG_BUF_INIT, text = TG_BUF_INIT;
	struct got g;

	(void)state;
	assert_int_equal(tg_rules_add_pack(rs, "semgrep.yaml", pack, sizeof(pack) - 1), TG_OK);
	assert_int_equal(tg_rules_problems(rs)->nr, 0);
	tg_rules_set_cache_dir(rs, NULL);
	assert_int_equal(tg_rules_compile(rs), TG_OK);
	expand(&key, "rk_live_{{rand:alnum:30}}", 4);
	tg_buf_addf(&text, "KEY = '%s'\n", key.buf);
	got_init(&g);
	scan(rs, "app/pay.py", text.buf, text.len, &g);
	assert_int_equal(g.nr, 1);
	assert_string_equal(g.items[0].links.cwe, "CWE-798");
	assert_int_equal(g.items[0].severity, TG_SEV_HIGH);
	assert_non_null(strstr(g.items[0].message, key.buf)); /* not a secret-category rule */
	got_release(&g);
	scan(rs, "tests/test_pay.py", text.buf, text.len, &g);
	assert_int_equal(g.nr, 0);
	scan(rs, "app/pay.js", text.buf, text.len, &g);
	assert_int_equal(g.nr, 0);
	tg_buf_release(&key), tg_buf_release(&text);
	tg_ruleset_free(rs);
}

static void database_cache(void **state)
{
	char *dir = tl_tmpdir();
	struct tg_ruleset *a = NULL, *b = NULL;
	struct tg_buf text = TG_BUF_INIT, tok = TG_BUF_INIT;
	struct got g;

	(void)state;
	assert_int_equal(tg_rules_load(&a, NULL, NULL, NULL), TG_OK);
	tg_rules_set_cache_dir(a, dir);
	assert_int_equal(tg_rules_compile(a), TG_OK);
	assert_int_equal(tg_rules_load(&b, NULL, NULL, NULL), TG_OK);
	assert_string_equal(tg_rules_hash(a), tg_rules_hash(b));
	tg_rules_set_cache_dir(b, dir);
	assert_int_equal(tg_rules_compile(b), TG_OK);
	expand(&tok, "{{github:gho}}", 5);
	tg_buf_addf(&text, "x: %s\n", tok.buf);
	got_init(&g);
	scan(b, "c.yaml", text.buf, text.len, &g);
	assert_int_equal(g.nr, 1);
	got_release(&g);
	tl_rmtree(dir);
	tg_buf_release(&text), tg_buf_release(&tok);
	tg_ruleset_free(a);
	tg_ruleset_free(b);
}

static void entropy_luhn_redaction(void **state)
{
	struct tg_buf b = TG_BUF_INIT;
	char sum[7];

	(void)state;
	assert_true(tg_entropy("aaaaaaaa", 8) == 0.0);
	assert_true(tg_entropy("abcdefgh", 8) > 2.999 && tg_entropy("abcdefgh", 8) < 3.001);
	assert_true(tg_entropy("password", 8) > 2.74 && tg_entropy("password", 8) < 2.76);
	assert_true(tg_luhn_valid("79927398713", 11) == 0); /* fewer than 12 digits */
	/* a card number is generated, never written down */
	assert_int_equal(tg_rules_expand_example(&b, "{{card:4539:16}}", 11), TG_OK);
	assert_true(tg_luhn_valid(b.buf, b.len));
	b.buf[15] = b.buf[15] == '9' ? '0' : (char)(b.buf[15] + 1);
	assert_false(tg_luhn_valid(b.buf, b.len));
	tg_buf_reset(&b);
	tg_redact(&b, "ghp_abcdefghijklmnopqrstuvwxyz0123456789", 40, 4);
	assert_string_equal(b.buf, "ghp_…[redacted, 40 chars]");
	tg_buf_reset(&b);
	tg_redact(&b, "sk_live_abc", 11, 8); /* a prefix longer than a quarter is cut */
	assert_string_equal(b.buf, "sk…[redacted, 11 chars]");
	tg_buf_release(&b);
	/* CRC-32 of the 30 characters (0x806d9a54, as Python's zlib.crc32), in base 62 */
	tg_github_checksum("abcdefghijklmnopqrstuvwxyz0123", sum);
	assert_string_equal(sum, "2LolCm");
	tg_github_checksum("000000000000000000000000000000", sum);
	assert_string_equal(sum, "2C8GjS");
}

/* Pickle streams assembled opcode by opcode. */
struct globals {
	char seen[8][64];
	int nr;
};

static int on_global(void *ctx, const char *module, const char *name, size_t off)
{
	struct globals *g = ctx;

	(void)off;
	if (g->nr < 8)
		snprintf(g->seen[g->nr++], 64, "%s.%s", module, name);
	return 0;
}

static void pickles(void **state)
{
	/* protocol 2: GLOBAL 'os system', then a tuple and REDUCE. */
	static const unsigned char p2[] = "\x80\x02"
	                                  "cos\nsystem\n"
	                                  "X\x02\x00\x00\x00id"
	                                  "\x85R.";
	/* protocol 4: STACK_GLOBAL from memoized strings, the module reused through BINGET. */
	static const unsigned char p4[] = "\x80\x04\x95\x30\x00\x00\x00\x00\x00\x00\x00"
	                                  "\x8c\x0b"
	                                  "collections\x94"
	                                  "\x8c\x0b"
	                                  "OrderedDict\x94"
	                                  "\x93\x94"
	                                  ")R\x94"
	                                  "\x8c\x08"
	                                  "builtins\x94"
	                                  "\x8c\x04"
	                                  "eval\x94\x93"
	                                  "h\x00\x8c\x05"
	                                  "deque\x93"
	                                  ".";
	struct globals g = {{{0}}, 0};
	struct tg_ruleset *rs = builtin();
	struct got got;
	size_t i;

	(void)state;
	assert_int_equal(tg_pickle_scan(p2, sizeof(p2) - 1, on_global, &g), TG_OK);
	assert_int_equal(g.nr, 1);
	assert_string_equal(g.seen[0], "os.system");
	g.nr = 0;
	assert_int_equal(tg_pickle_scan(p4, sizeof(p4) - 1, on_global, &g), TG_OK);
	assert_int_equal(g.nr, 3);
	assert_string_equal(g.seen[0], "collections.OrderedDict");
	assert_string_equal(g.seen[1], "builtins.eval");
	assert_string_equal(g.seen[2], "collections.deque");
	assert_true(tg_pickle_dangerous("os", "system"));
	assert_true(tg_pickle_dangerous("subprocess", "Popen"));
	assert_false(tg_pickle_dangerous("collections", "OrderedDict"));
	assert_false(tg_pickle_dangerous("torch._utils", "_rebuild_tensor_v2"));
	/* every truncation of a stream ends cleanly */
	for (i = 0; i < sizeof(p4) - 1; i++) {
		g.nr = 0;
		tg_pickle_scan(p4, i, on_global, &g);
	}
	/* as a model file: one critical ai-ml item, evidence names the import */
	got_init(&got);
	scan(rs, "models/clf.pkl", (const char *)p2, sizeof(p2) - 1, &got);
	assert_int_equal(got.nr, 1);
	assert_string_equal(got.items[0].rule_id, "ai-ml.pickle-code-execution");
	assert_string_equal(got.items[0].category, "ai-ml");
	assert_int_equal(got.items[0].severity, TG_SEV_CRITICAL);
	assert_string_equal(got.items[0].evidence, "os.system");
	got_release(&got);
	tg_ruleset_free(rs);
}

static void torch_zip(void **state)
{
	static const unsigned char body[] = "\x80\x02"
	                                    "csubprocess\ncheck_output\n"
	                                    "N\x85R.";
	struct tg_buf z = TG_BUF_INIT;
	unsigned char hdr[30] = {'P', 'K', 3, 4};
	const char *name = "archive/data.pkl";
	size_t bl = sizeof(body) - 1;
	struct globals g = {{{0}}, 0};

	(void)state;
	hdr[18] = (unsigned char)bl; /* compressed size, method 0 (stored) */
	hdr[22] = (unsigned char)bl;
	hdr[26] = (unsigned char)strlen(name);
	tg_buf_add(&z, hdr, 30);
	tg_buf_adds(&z, name);
	tg_buf_add(&z, body, bl);
	tg_buf_adds(&z, "PK\x01\x02 central directory follows");
	assert_int_equal(tg_pickle_scan((const unsigned char *)z.buf, z.len, on_global, &g), TG_OK);
	assert_int_equal(g.nr, 1);
	assert_string_equal(g.seen[0], "subprocess.check_output");
	tg_buf_release(&z);
}

/* A stored zip member named name holding body, as PyTorch writes them. */
static void add_member(struct tg_buf *z, const char *name, const char *body)
{
	unsigned char hdr[30] = {'P', 'K', 3, 4};
	size_t bl = strlen(body);

	hdr[18] = (unsigned char)bl; /* compressed size, method 0 (stored) */
	hdr[22] = (unsigned char)bl;
	hdr[26] = (unsigned char)strlen(name);
	tg_buf_add(z, hdr, 30);
	tg_buf_adds(z, name);
	tg_buf_adds(z, body);
}

/*
 * 50,000 pickles in one zip, each importing os.system: one item that says
 * how often, not 50,000; 40 different callables: the first 32 are items.
 */
static void model_items_one_per_callable_and_bounded(void **state)
{
	struct tg_buf z = TG_BUF_INIT, name = TG_BUF_INIT, body = TG_BUF_INIT;
	struct got got;
	int i;

	(void)state;
	for (i = 0; i < 50000; i++) {
		tg_buf_reset(&name);
		tg_buf_addf(&name, "archive/data%d.pkl", i);
		add_member(&z, name.buf,
		           "\x80\x02"
		           "cos\nsystem\n.");
	}
	got_init(&got);
	assert_int_equal(tg_rules_model_scan("models", "model.pt", (const unsigned char *)z.buf,
	                                     z.len, &got.sink),
	                 TG_OK);
	assert_int_equal(got.nr, 1);
	assert_string_equal(got.items[0].evidence, "os.system");
	assert_non_null(strstr(got.items[0].message, "(at byte 49, and 49999 more times)"));
	got_release(&got);

	tg_buf_reset(&z);
	for (i = 0; i < 40; i++) {
		tg_buf_reset(&body);
		tg_buf_addf(&body,
		            "\x80\x02"
		            "cos\nf%d\n.",
		            i);
		add_member(&z, "archive/data.pkl", body.buf);
	}
	got_init(&got);
	assert_int_equal(tg_rules_model_scan("models", "model.pt", (const unsigned char *)z.buf,
	                                     z.len, &got.sink),
	                 TG_OK);
	assert_int_equal(got.nr, 32);
	assert_string_equal(got.items[31].evidence, "os.f31");
	got_release(&got);
	tg_buf_release(&z), tg_buf_release(&name), tg_buf_release(&body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(github_token_found_redacted_fingerprinted_by_name),
	        cmocka_unit_test(prose_gets_secret_rules_only),
	        cmocka_unit_test(message_interpolation_is_redacted),
	        cmocka_unit_test(inline_suppression),
	        cmocka_unit_test(bad_pack_reports_and_the_rest_runs),
	        cmocka_unit_test(backtracking_and_huge_lines_are_bounded),
	        cmocka_unit_test(languages_and_paths_filter),
	        cmocka_unit_test(semgrep_rule_loads_unchanged),
	        cmocka_unit_test(database_cache),
	        cmocka_unit_test(entropy_luhn_redaction),
	        cmocka_unit_test(pickles),
	        cmocka_unit_test(torch_zip),
	        cmocka_unit_test(model_items_one_per_callable_and_bounded),
	};
	tg_log_level = TG_LOG_QUIET;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
