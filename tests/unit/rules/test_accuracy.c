/*
 * Accuracy of the default secret and card rules on a labeled corpus generated
 * here at run time: real-format credentials (valid checksums where the format
 * has one) in code, configuration and notebooks, and at least as many decoys
 * (placeholders, documented example keys, hashes, UUIDs, base64 blobs,
 * test-mode keys). Prints precision and recall per family and overall, and
 * requires recall >= 95% and precision >= 90% everywhere.
 *
 * Every credential below is a template (see tg_rules_expand_example): this
 * file holds no real-format secret, and documented example values are split
 * with {{lit:...}} so their literals match no rule either.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules/rules.h"
#include "util/error.h"
#include "util/log.h"

struct sample {
	const char *family; /* the family a positive must be reported as; NULL: a decoy */
	const char *name;   /* the variable or key it is assigned to */
	const char *value;  /* a template */
};

static const struct sample positives[] = {
        {"aws", "aws_access_key_id", "AKIA{{rand:b32:16}}"},
        {"aws", "aws_access_key_id", "ASIA{{rand:b32:16}}"},
        {"aws", "aws_secret_access_key", "{{rand:b64:40}}"},
        {"github", "github_token", "{{github:ghp}}"},
        {"github", "oauth_token", "{{github:gho}}"},
        {"github", "app_token", "{{github:ghu}}"},
        {"github", "install_token", "{{github:ghs}}"},
        {"github", "refresh_token", "{{github:ghr}}"},
        {"github", "gh_token", "github_pat_{{rand:alnum:22}}_{{rand:alnum:59}}"},
        {"gitlab", "gitlab_token", "glpat-{{rand:b64url:20}}"},
        {"slack", "slack_bot_token", "xoxb-{{rand:digit:12}}-{{rand:digit:13}}-{{rand:alnum:24}}"},
        {"slack", "slack_user_token",
         "xoxp-{{rand:digit:12}}-{{rand:digit:12}}-{{rand:digit:12}}-{{rand:hex:32}}"},
        {"slack", "slack_webhook",
         "https://hooks.slack.com/services/T{{rand:upper:8}}/B{{rand:upper:10}}/{{rand:alnum:24}}"},
        {"stripe", "stripe_key", "sk_live_{{rand:alnum:24}}"},
        {"stripe", "stripe_restricted", "rk_live_{{rand:alnum:99}}"},
        {"google", "google_maps_key", "AIza{{rand:b64url:35}}"},
        {"google", "oauth_client_secret", "GOCSPX-{{rand:b64url:28}}"},
        {"azure", "storage_connection",
         "DefaultEndpointsProtocol=https;AccountName=prod;AccountKey={{rand:b64:86}}==;"
         "EndpointSuffix=core.windows.net"},
        {"twilio", "twilio_api_key", "SK{{rand:hex:32}}"},
        {"sendgrid", "sendgrid_api_key", "SG.{{rand:b64url:22}}.{{rand:b64url:43}}"},
        {"npm", "npm_token", "npm_{{rand:alnum:36}}"},
        {"pypi", "pypi_token", "pypi-AgEIcHlwaS5vcmc{{rand:b64url:120}}"},
        {"openai", "openai_api_key", "sk-proj-{{rand:b64url:58}}T3BlbkFJ{{rand:b64url:58}}"},
        {"openai", "openai_key", "sk-{{rand:alnum:20}}T3BlbkFJ{{rand:alnum:20}}"},
        {"anthropic", "anthropic_api_key", "sk-ant-api03-{{rand:b64url:93}}AA"},
        {"huggingface", "hf_token", "hf_{{rand:alpha:34}}"},
        {"database", "database_url", "postgres://app:{{rand:alnum:24}}@db.prod.internal:5432/app"},
        {"database", "mongo_uri", "mongodb+srv://svc:{{rand:b64url:18}}@cluster0.example.net/db"},
        {"private-key", "private_key", "{{pem:RSA}}"},
        {"private-key", "ssh_key", "{{pem:OPENSSH}}"},
        {"private-key", "signing_key", "{{pem:EC}}"},
        {"jwt", "session", "eyJhbGciOiJIUzI1NiJ9.eyJ{{rand:b64url:80}}.{{rand:b64url:43}}"},
        {"generic", "db_password", "{{rand:alnum:24}}"},
        {"generic", "api_key", "{{rand:alnum:32}}"},
        {"generic", "client_secret", "{{rand:b64url:40}}"},
        {"generic", "auth_token", "{{rand:hex:40}}"},
        {"generic", "SMTP_PASSWORD", "{{rand:alnum:10}}!{{rand:alnum:6}}#"},
        {"generic", "jwtSecret", "{{rand:b64:44}}"},
        {"card", "card_number", "{{card:4539:16}}"},
        {"card", "pan", "{{card:5425:16}}"},
        {"card", "amex", "{{card:37:15}}"},
};

static const struct sample decoys[] = {
        {NULL, "aws_access_key_id", "AKIAIOSFODNN7{{lit:EXAMPLE}}"},
        {NULL, "aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCY{{lit:EXAMPLEKEY}}"},
        {NULL, "github_token", "ghp_{{rand:alnum:36}}"}, /* no valid checksum */
        {NULL, "github_token", "ghp_{{lit:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx}}"},
        {NULL, "github_token", "${GITHUB_TOKEN}"},
        {NULL, "api_key", "<your-api-key>"},
        {NULL, "api_key", "YOUR_API_KEY_HERE"},
        {NULL, "api_key", "{{ .Values.apiKey }}"},
        {NULL, "password", "changeme"},
        {NULL, "password", "xxxxxxxxxxxxxxxx"},
        {NULL, "password", "********"},
        {NULL, "secret_key", "test-secret-key-123"},
        {NULL, "stripe_key", "sk_test_{{rand:alnum:24}}"},
        {NULL, "stripe_publishable_key", "pk_live_{{rand:alnum:24}}"},
        {NULL, "stripe_secret_key", "rk_test_{{rand:alnum:24}}"},
        {NULL, "checksum", "{{rand:hex:64}}"},
        {NULL, "commit", "{{rand:hex:40}}"},
        {NULL, "password_hash", "{{rand:hex:64}}"},
        {NULL, "token_sha256", "{{rand:hex:64}}"},
        {NULL, "integrity", "sha512-{{rand:b64:86}}=="},
        {NULL, "request_id",
         "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"},
        {NULL, "image", "data:image/png;base64,{{rand:b64:240}}"},
        {NULL, "blob", "{{rand:b64:120}}"},
        {NULL, "session",
         "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9{{lit:.}}eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6"
         "IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ{{lit:.}}SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_"
         "adQssw5c"},
        {NULL, "database_url", "postgres://user:password@localhost:5432/app"},
        {NULL, "database_url", "postgres://postgres:postgres@localhost/test"},
        {NULL, "database_url", "mysql://app:${DB_PASSWORD}@db/app"},
        {NULL, "public_key",
         "-----BEGIN PUBLIC KEY-----\\n{{rand:b64:64}}\\n-----END PUBLIC KEY-----"},
        {NULL, "private_key",
         "-----BEGIN {{lit:RSA PRIVATE KEY}}-----\\n...\\n-----END RSA PRIVATE KEY-----"},
        {NULL, "storage",
         "AccountName=devstoreaccount1;AccountKey={{lit:Eby8vdM02xNOcqFl}}"
         "qUwJPLlmEtlCDXJ1OUzFT50uSRZ6"
         "IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="},
        {NULL, "slack_webhook",
         "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"},
        {NULL, "order_id", "4539123412341235"},
        {NULL, "phone", "+1 415 555 0100"},
        {NULL, "created_at", "1700000000123"},
        {NULL, "token_type", "bearer"},
        {NULL, "password_field", "password_confirmation"},
        {NULL, "secret_name", "prod-db-credentials"},
        {NULL, "api_key_env", "process.env.API_KEY"},
        {NULL, "version", "4.17.21"},
        {NULL, "hf_model", "hf_internal_testing/tiny-random-bert"},
        {NULL, "openai_key", "sk-...{{lit:}}"},
        {NULL, "npm_token", "npm_{{lit:00000000}}"},
        {NULL, "token_url", "https://oauth2.googleapis.com/token"},
        {NULL, "secret_key_path", "/etc/app/secrets/signing.key"},
        {NULL, "password_regex", "^[A-Za-z0-9]{8,64}$"},
        {NULL, "api_key_header", "X-Api-Key"},
        {NULL, "GITHUB_TOKEN", "${{ secrets.GITHUB_TOKEN }}"},
        {NULL, "auth_token", "os.getenv('AUTH_TOKEN')"},
        {NULL, "secret", "None"},
        {NULL, "password", "hunter2hunter2"},
        {NULL, "twilio_account_sid", "AC{{rand:hex:32}}"},
        {NULL, "cert_fingerprint",
         "{{rand:HEX:2}}:{{rand:HEX:2}}:{{rand:HEX:2}}:{{rand:HEX:2}}:{{rand:HEX:2}}"},
};

/* Maps a rule id onto its family. */
static const char *family_of(const char *rule)
{
	static const struct {
		const char *prefix, *family;
	} map[] = {
	        {"secrets.aws", "aws"},
	        {"secrets.github", "github"},
	        {"secrets.gitlab", "gitlab"},
	        {"secrets.slack", "slack"},
	        {"secrets.stripe", "stripe"},
	        {"secrets.google", "google"},
	        {"secrets.gcp", "google"},
	        {"secrets.azure", "azure"},
	        {"secrets.twilio", "twilio"},
	        {"secrets.sendgrid", "sendgrid"},
	        {"secrets.npm", "npm"},
	        {"secrets.pypi", "pypi"},
	        {"secrets.openai", "openai"},
	        {"secrets.anthropic", "anthropic"},
	        {"secrets.huggingface", "huggingface"},
	        {"secrets.database", "database"},
	        {"secrets.private-key", "private-key"},
	        {"secrets.jwt", "jwt"},
	        {"secrets.generic", "generic"},
	        {"compliance.card", "card"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strncmp(rule, map[i].prefix, strlen(map[i].prefix)))
			return map[i].family;
	return "other";
}

/* Where a value lives: code, configuration, notebooks. */
enum { CTX_PY, CTX_ENV, CTX_YAML, CTX_JSON, CTX_NOTEBOOK, CTX_JS, CTX_GO, CTX_NR };
static const char *const ctx_path[CTX_NR] = {
        "app/settings.py",         "deploy/.env",       "config/app.yaml",   "config/app.json",
        "notebooks/explore.ipynb", "web/src/client.js", "cmd/server/main.go"};

/* Escapes for a JSON string; `twice` for a Python string inside a notebook's JSON. */
static void add_escaped(struct tg_buf *b, const char *v, int twice)
{
	for (; *v; v++) {
		if (*v == '\n')
			tg_buf_adds(b, twice ? "\\\\n" : "\\n");
		else if (*v == '"')
			tg_buf_adds(b, twice ? "\\\\\\\"" : "\\\"");
		else
			tg_buf_addch(b, *v);
	}
}

static void wrap(struct tg_buf *b, int ctx, const char *name, const char *value)
{
	int multiline = strchr(value, '\n') != NULL;

	switch (ctx) {
	case CTX_PY:
		tg_buf_addf(b, "import os\n\n%s = %s%s%s\n", name, multiline ? "\"\"\"" : "\"",
		            value, multiline ? "\"\"\"" : "\"");
		break;
	case CTX_ENV:
		tg_buf_addf(b, "# settings\n%s=\"%s\"\n", name, value);
		break;
	case CTX_YAML:
		if (multiline) {
			const char *p;
			tg_buf_addf(b, "app:\n  %s: |\n    ", name);
			for (p = value; *p; p++)
				tg_buf_adds(b, *p == '\n' ? "\n    " : (char[]){*p, 0});
			tg_buf_addch(b, '\n');
		} else {
			tg_buf_addf(b, "app:\n  %s: %s\n", name, value);
		}
		break;
	case CTX_JSON:
		tg_buf_addf(b, "{\n  \"%s\": \"", name);
		add_escaped(b, value, 0);
		tg_buf_adds(b, "\"\n}\n");
		break;
	case CTX_NOTEBOOK:
		tg_buf_adds(
		        b,
		        "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"import os\\n\", \"");
		tg_buf_addf(b, "%s = \\\"", name);
		add_escaped(b, value, 1);
		tg_buf_adds(b, "\\\"\\n\"]}], \"nbformat\": 4}\n");
		break;
	case CTX_JS:
		tg_buf_addf(b, "const %s = `%s`;\n", name, value);
		break;
	default:
		tg_buf_addf(b, "package main\n\nconst %s = `%s`\n", name, value);
	}
}

struct tally {
	const char *family;
	int tp, fp, fn;
};

static struct tally tallies[32];
static size_t tallies_nr;

static struct tally *tally(const char *family)
{
	size_t i;

	for (i = 0; i < tallies_nr; i++)
		if (!strcmp(tallies[i].family, family))
			return &tallies[i];
	tallies[tallies_nr].family = family;
	return &tallies[tallies_nr++];
}

struct found {
	struct tg_sink sink;
	const char *families[16];
	int nr, leaked;
	const char *value;
};

static int on_item(struct tg_sink *s, struct tg_item *it)
{
	struct found *f = s->data;

	if (!strcmp(it->category, "secret") || !strcmp(it->category, "compliance")) {
		if (f->nr < 16)
			f->families[f->nr++] = family_of(it->rule_id);
		/* the value never shows, even partly beyond a quarter */
		if (strlen(f->value) >= 16 &&
		    (strstr(it->evidence, f->value + strlen(f->value) / 2) ||
		     strstr(it->message, f->value + strlen(f->value) / 2)))
			f->leaked++;
	}
	tg_item_release(it);
	return TG_OK;
}

static void run(struct tg_ruleset *rs, struct tg_rules_scratch *scr, const struct sample *s,
                int ctx, uint64_t seed, int *leaks)
{
	struct tg_buf value = TG_BUF_INIT, text = TG_BUF_INIT;
	struct found f = {{on_item, NULL}, {0}, 0, 0, NULL};
	int i, hit = 0;

	f.sink.data = &f;
	assert_int_equal(tg_rules_expand_example(&value, s->value, seed), TG_OK);
	f.value = value.buf;
	wrap(&text, ctx, s->name, value.buf);
	assert_int_equal(tg_rules_scan(rs, scr, NULL, ctx_path[ctx],
	                               (const unsigned char *)text.buf, text.len, &f.sink),
	                 TG_OK);
	for (i = 0; i < f.nr; i++) {
		if (s->family && !strcmp(f.families[i], s->family) && !hit)
			hit = 1, tally(s->family)->tp++;
		else
			tally(f.families[i])->fp++;
	}
	if (s->family && !hit) {
		tally(s->family)->fn++;
		printf("missed %s (%s) in %s\n", s->family, s->value, ctx_path[ctx]);
	}
	for (i = 0; i < f.nr; i++)
		if (!s->family || strcmp(f.families[i], s->family))
			printf("false positive %s on %s (%s) in %s\n", f.families[i], s->name,
			       s->value, ctx_path[ctx]);
	*leaks += f.leaked;
	tg_buf_release(&value), tg_buf_release(&text);
}

static void corpus_precision_and_recall(void **state)
{
	struct tg_ruleset *rs = NULL;
	struct tg_rules_scratch *scr;
	size_t i, npos = sizeof(positives) / sizeof(positives[0]);
	size_t ndec = sizeof(decoys) / sizeof(decoys[0]);
	int ctx, leaks = 0, tp = 0, fp = 0, fn = 0, rep;

	(void)state;
	assert_int_equal(tg_rules_load(&rs, NULL, NULL, NULL), TG_OK);
	tg_rules_set_cache_dir(rs, NULL);
	assert_int_equal(tg_rules_compile(rs), TG_OK);
	scr = tg_rules_scratch_new(rs);
	assert_true(ndec >= npos);
	for (rep = 0; rep < 3; rep++)
		for (ctx = 0; ctx < CTX_NR; ctx++) {
			for (i = 0; i < npos; i++)
				run(rs, scr, &positives[i], ctx,
				    (uint64_t)(rep * 1000 + ctx * 100 + i), &leaks);
			for (i = 0; i < ndec; i++)
				run(rs, scr, &decoys[i], ctx,
				    (uint64_t)(rep * 1000 + ctx * 100 + i), &leaks);
		}
	printf("%-12s %5s %5s %5s %9s %7s\n", "family", "tp", "fp", "fn", "precision", "recall");
	for (i = 0; i < tallies_nr; i++) {
		struct tally *t = &tallies[i];
		double p = t->tp + t->fp ? (double)t->tp / (t->tp + t->fp) : 1.0;
		double r = t->tp + t->fn ? (double)t->tp / (t->tp + t->fn) : 1.0;
		printf("%-12s %5d %5d %5d %8.1f%% %6.1f%%\n", t->family, t->tp, t->fp, t->fn,
		       100 * p, 100 * r);
		tp += t->tp, fp += t->fp, fn += t->fn;
		assert_true(p >= 0.90);
		assert_true(r >= 0.95);
	}
	printf("%-12s %5d %5d %5d %8.1f%% %6.1f%%  (%zu positives, %zu decoys, %d contexts)\n",
	       "overall", tp, fp, fn, 100.0 * tp / (tp + fp), 100.0 * tp / (tp + fn),
	       3 * npos * CTX_NR, 3 * ndec * CTX_NR, CTX_NR);
	assert_true(tp >= 0.95 * (tp + fn));
	assert_true(tp >= 0.90 * (tp + fp));
	assert_int_equal(leaks, 0);
	tg_rules_scratch_free(scr);
	tg_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(corpus_precision_and_recall),
	};
	tg_log_level = TG_LOG_QUIET;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
