/*
 * The one table of rules of other tools that are the same weakness as one of
 * ours, for merging findings across sources (merge.c; README.md, "One
 * finding reported by several tools"). A row is there only when the other
 * tool's rule flags the construct our rule flags; a rule that flags a wider
 * or another thing (Bandit's B502, an old SSL/TLS protocol version, is not
 * certificate verification) has no row, and the CWE decides alone.
 *
 * Ids as each tool writes them in its SARIF `ruleId`: Semgrep's registry id
 * (its path in semgrep-rules with '.', then the rule; a prefix a local
 * configuration adds is ignored), Bandit's test id, Ruff's flake8-bandit
 * code (Bandit's number), CodeQL's query @id, gitleaks' rule id in its
 * default configuration and Trivy's built-in secret rule id.
 */
#include "backlog/merge.h"

#include "util/alloc.h"

#include <string.h>
#include <strings.h>

#define SG(id)   "semgrep", id
#define EVAL     "injection.python-eval-exec"
#define EVAL_LLM "ai-ml.eval-model-output"
#define PICKLE   "ai-ml.pickle-load"
#define DESER    "injection.unsafe-deserialization"
#define HASH     "crypto.weak-hash"
#define TLS      "crypto.tls-verification-disabled"
#define SQL      "injection.sql-string-building"
#define SHELL    "injection.subprocess-shell-true"
#define SYSTEM   "injection.os-system"
#define YAML     "ai-ml.yaml-unsafe-load"

/* clang-format off */
static const struct tg_rule_map_row rows[] = {
	/* Semgrep registry */
	{SG("python.lang.security.audit.eval-detected.eval-detected"), EVAL},
	{SG("python.lang.security.audit.eval-detected.eval-detected"), EVAL_LLM},
	{SG("python.lang.security.audit.exec-detected.exec-detected"), EVAL},
	{SG("python.lang.security.audit.exec-detected.exec-detected"), EVAL_LLM},
	{SG("javascript.browser.security.eval-detected.eval-detected"), "injection.js-eval"},
	{SG("python.lang.security.dangerous-system-call.dangerous-system-call"), SYSTEM},
	{SG("python.lang.security.audit.dangerous-system-call-audit.dangerous-system-call-audit"), SYSTEM},
	{SG("python.lang.security.audit.subprocess-shell-true.subprocess-shell-true"), SHELL},
	{SG("javascript.lang.security.detect-child-process.detect-child-process"), "injection.node-child-process"},
	{SG("python.lang.security.audit.formatted-sql-query.formatted-sql-query"), SQL},
	{SG("python.lang.security.deserialization.pickle.avoid-pickle"), PICKLE},
	{SG("python.lang.security.deserialization.pickle.avoid-cPickle"), PICKLE},
	{SG("python.lang.security.deserialization.pickle.avoid-dill"), PICKLE},
	{SG("python.lang.security.deserialization.pickle.avoid-shelve"), DESER},
	{SG("python.lang.security.deserialization.avoid-jsonpickle.avoid-jsonpickle"), DESER},
	{SG("python.lang.security.audit.marshal.marshal-usage"), DESER},
	{SG("python.lang.security.deserialization.avoid-pyyaml-load.avoid-pyyaml-load"), YAML},
	{SG("python.lang.security.insecure-hash-algorithms-md5.insecure-hash-algorithm-md5"), HASH},
	{SG("python.lang.security.insecure-hash-algorithms.insecure-hash-algorithm-sha1"), HASH},
	{SG("python.cryptography.security.insecure-hash-algorithms-md5.insecure-hash-algorithm-md5"), HASH},
	{SG("python.cryptography.security.insecure-hash-algorithms.insecure-hash-algorithm-sha1"), HASH},
	{SG("python.cryptography.security.insecure-cipher-algorithms-arc4.insecure-cipher-algorithm-arc4"), "crypto.rc4"},
	{SG("python.cryptography.security.insecure-cipher-mode-ecb.insecure-cipher-mode-ecb"), "crypto.ecb-mode"},
	{SG("python.pycryptodome.security.insecure-cipher-algorithm-des.insecure-cipher-algorithm-des"), "crypto.des"},
	{SG("python.pycryptodome.security.insecure-cipher-algorithm-rc4.insecure-cipher-algorithm-rc4"), "crypto.rc4"},
	{SG("python.requests.security.disabled-cert-validation.disabled-cert-validation"), TLS},
	{SG("python.lang.security.unverified-ssl-context.unverified-ssl-context"), TLS},
	{SG("generic.secrets.security.detected-aws-access-key-id-value.detected-aws-access-key-id-value"), "secrets.aws-access-key-id"},
	{SG("generic.secrets.security.detected-aws-secret-access-key.detected-aws-secret-access-key"), "secrets.aws-secret-access-key"},
	{SG("generic.secrets.security.detected-github-token.detected-github-token"), "secrets.github-pat"},
	{SG("generic.secrets.security.detected-private-key.detected-private-key"), "secrets.private-key"},
	{SG("generic.secrets.security.detected-slack-webhook.detected-slack-webhook"), "secrets.slack-webhook"},
	{SG("generic.secrets.security.detected-jwt-token.detected-jwt-token"), "secrets.jwt"},
	{SG("generic.secrets.security.detected-sendgrid-api-key.detected-sendgrid-api-key"), "secrets.sendgrid-api-key"},

	/* Bandit, and Ruff's flake8-bandit port of the same checks */
	{"bandit", "B102", EVAL}, {"bandit", "B102", EVAL_LLM},
	{"bandit", "B307", EVAL}, {"bandit", "B307", EVAL_LLM},
	{"bandit", "B301", PICKLE}, {"bandit", "B403", PICKLE},
	{"bandit", "B302", DESER},
	{"bandit", "B303", HASH}, {"bandit", "B324", HASH},
	{"bandit", "B304", "crypto.des"}, {"bandit", "B304", "crypto.rc4"},
	{"bandit", "B305", "crypto.ecb-mode"},
	{"bandit", "B323", TLS}, {"bandit", "B501", TLS},
	{"bandit", "B506", YAML},
	{"bandit", "B602", SHELL}, {"bandit", "B605", SYSTEM},
	{"bandit", "B608", SQL},
	{"bandit", "B614", "ai-ml.torch-load-unsafe"},
	{"bandit", "B615", "ai-ml.hf-unpinned-download"},
	{"bandit", "B105", "secrets.generic-assignment"},
	{"bandit", "B106", "secrets.generic-assignment"},
	{"ruff", "S102", EVAL}, {"ruff", "S307", EVAL},
	{"ruff", "S301", PICKLE}, {"ruff", "S302", DESER},
	{"ruff", "S303", HASH}, {"ruff", "S324", HASH},
	{"ruff", "S304", "crypto.des"}, {"ruff", "S304", "crypto.rc4"},
	{"ruff", "S305", "crypto.ecb-mode"},
	{"ruff", "S323", TLS}, {"ruff", "S501", TLS},
	{"ruff", "S506", YAML},
	{"ruff", "S602", SHELL}, {"ruff", "S605", SYSTEM},
	{"ruff", "S608", SQL},
	{"ruff", "S105", "secrets.generic-assignment"},
	{"ruff", "S106", "secrets.generic-assignment"},

	/* CodeQL: taint-tracked, so narrower than our rules, never wider */
	{"codeql", "py/code-injection", EVAL}, {"codeql", "py/code-injection", EVAL_LLM},
	{"codeql", "js/code-injection", "injection.js-eval"},
	{"codeql", "py/command-line-injection", SYSTEM},
	{"codeql", "py/command-line-injection", SHELL},
	{"codeql", "py/shell-command-constructed-from-input", SYSTEM},
	{"codeql", "py/shell-command-constructed-from-input", SHELL},
	{"codeql", "js/command-line-injection", "injection.node-child-process"},
	{"codeql", "js/shell-command-constructed-from-input", "injection.node-child-process"},
	{"codeql", "cpp/command-line-injection", "injection.c-system"},
	{"codeql", "py/sql-injection", SQL}, {"codeql", "js/sql-injection", SQL},
	{"codeql", "java/sql-injection", SQL}, {"codeql", "java/concatenated-sql-query", SQL},
	{"codeql", "go/sql-injection", SQL}, {"codeql", "rb/sql-injection", SQL},
	{"codeql", "cs/sql-injection", SQL},
	{"codeql", "py/unsafe-deserialization", PICKLE},
	{"codeql", "py/unsafe-deserialization", DESER},
	{"codeql", "py/unsafe-deserialization", YAML},
	{"codeql", "java/unsafe-deserialization", DESER},
	{"codeql", "js/unsafe-deserialization", DESER},
	{"codeql", "rb/unsafe-deserialization", DESER},
	{"codeql", "cs/unsafe-deserialization", DESER},
	{"codeql", "py/weak-sensitive-data-hashing", HASH},
	{"codeql", "js/weak-sensitive-data-hashing", HASH},
	{"codeql", "py/weak-cryptographic-algorithm", "crypto.des"},
	{"codeql", "py/weak-cryptographic-algorithm", "crypto.rc4"},
	{"codeql", "js/weak-cryptographic-algorithm", "crypto.des"},
	{"codeql", "js/weak-cryptographic-algorithm", "crypto.rc4"},
	{"codeql", "java/weak-cryptographic-algorithm", "crypto.des"},
	{"codeql", "java/weak-cryptographic-algorithm", "crypto.rc4"},
	{"codeql", "py/request-without-cert-validation", TLS},
	{"codeql", "js/disabling-certificate-validation", TLS},
	{"codeql", "go/disabled-certificate-check", TLS},

	/* gitleaks (config/gitleaks.toml) */
	{"gitleaks", "aws-access-token", "secrets.aws-access-key-id"},
	{"gitleaks", "generic-api-key", "secrets.generic-assignment"},
	{"gitleaks", "private-key", "secrets.private-key"},
	{"gitleaks", "github-pat", "secrets.github-pat"},
	{"gitleaks", "github-oauth", "secrets.github-oauth"},
	{"gitleaks", "github-app-token", "secrets.github-app-user"},
	{"gitleaks", "github-app-token", "secrets.github-app-server"},
	{"gitleaks", "github-refresh-token", "secrets.github-refresh"},
	{"gitleaks", "github-fine-grained-pat", "secrets.github-fine-grained-pat"},
	{"gitleaks", "gitlab-pat", "secrets.gitlab-pat"},
	{"gitleaks", "slack-bot-token", "secrets.slack-bot-token"},
	{"gitleaks", "slack-user-token", "secrets.slack-user-token"},
	{"gitleaks", "slack-app-token", "secrets.slack-app-token"},
	{"gitleaks", "slack-webhook-url", "secrets.slack-webhook"},
	{"gitleaks", "stripe-access-token", "secrets.stripe-live-key"},
	{"gitleaks", "gcp-api-key", "secrets.google-api-key"},
	{"gitleaks", "twilio-api-key", "secrets.twilio-api-key"},
	{"gitleaks", "sendgrid-api-token", "secrets.sendgrid-api-key"},
	{"gitleaks", "npm-access-token", "secrets.npm-token"},
	{"gitleaks", "pypi-upload-token", "secrets.pypi-token"},
	{"gitleaks", "openai-api-key", "secrets.openai-api-key"},
	{"gitleaks", "anthropic-api-key", "secrets.anthropic-api-key"},
	{"gitleaks", "huggingface-access-token", "secrets.huggingface-token"},
	{"gitleaks", "digitalocean-pat", "secrets.digitalocean-token"},
	{"gitleaks", "shopify-access-token", "secrets.shopify-token"},
	{"gitleaks", "telegram-bot-api-token", "secrets.telegram-bot-token"},
	{"gitleaks", "jwt", "secrets.jwt"},

	/* Trivy's built-in secret rules (pkg/fanal/secret/builtin-rules.go) */
	{"trivy", "aws-access-key-id", "secrets.aws-access-key-id"},
	{"trivy", "aws-secret-access-key", "secrets.aws-secret-access-key"},
	{"trivy", "github-pat", "secrets.github-pat"},
	{"trivy", "github-oauth", "secrets.github-oauth"},
	{"trivy", "github-app-token", "secrets.github-app-user"},
	{"trivy", "github-app-token", "secrets.github-app-server"},
	{"trivy", "github-refresh-token", "secrets.github-refresh"},
	{"trivy", "github-fine-grained-pat", "secrets.github-fine-grained-pat"},
	{"trivy", "gitlab-pat", "secrets.gitlab-pat"},
	{"trivy", "hugging-face-access-token", "secrets.huggingface-token"},
	{"trivy", "private-key", "secrets.private-key"},
	{"trivy", "shopify-token", "secrets.shopify-token"},
	{"trivy", "slack-access-token", "secrets.slack-bot-token"},
	{"trivy", "slack-access-token", "secrets.slack-user-token"},
	{"trivy", "slack-web-hook", "secrets.slack-webhook"},
	{"trivy", "stripe-secret-token", "secrets.stripe-live-key"},
	{"trivy", "pypi-upload-token", "secrets.pypi-token"},
	{"trivy", "gcp-service-account", "secrets.gcp-service-account-key"},
	{"trivy", "twilio-api-key", "secrets.twilio-api-key"},
	{"trivy", "npm-access-token", "secrets.npm-token"},
	{"trivy", "sendgrid-api-token", "secrets.sendgrid-api-key"},
	{"trivy", "jwt-token", "secrets.jwt"},
};
/* clang-format on */

const struct tg_rule_map_row *tg_rule_map_rows(size_t *nr)
{
	*nr = TG_ARRAY_SIZE(rows);
	return rows;
}

const char *tg_rule_map_tool(const char *source)
{
	static const char *const tools[] = {"semgrep", "bandit",   "ruff",
	                                    "codeql",  "gitleaks", "trivy"};

	if (!source || strncmp(source, "sarif:", 6))
		return NULL;
	for (size_t i = 0; i < TG_ARRAY_SIZE(tools); i++)
		if (strcasestr(source + 6, tools[i]))
			return tools[i];
	return NULL;
}
