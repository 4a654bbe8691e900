/*
 * What a Dockerfile or a Kubernetes manifest lacks (compliance/absence.h).
 * Line by line, with no YAML parse: manifests are often templates that no
 * YAML parser reads, and a key's presence is all that is asked.
 */
#include "compliance/absence.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

enum {
	DOCKER_USER = 1,
	DOCKER_HEALTHCHECK = 2,
	K8S_LIMITS = 4,
	K8S_NON_ROOT = 8,
};

const struct tg_absence_rule tg_absence_rules[] = {
        {DOCKER_USER, "config.docker-no-user", TG_SEV_MEDIUM,
         "The container runs as root: no USER in the final stage",
         "without a USER instruction the process runs as root, so a compromise of it is "
         "root in the container; add a USER with an unprivileged account",
         "the final stage (after the last FROM) has no USER instruction (Checkov CKV_DOCKER_3)"},
        {DOCKER_HEALTHCHECK, "config.docker-no-healthcheck", TG_SEV_LOW,
         "No HEALTHCHECK in the final stage",
         "without a HEALTHCHECK the runtime cannot tell a hung service from a healthy one",
         "the final stage (after the last FROM) has no HEALTHCHECK instruction (Checkov "
         "CKV_DOCKER_2)"},
        {K8S_LIMITS, "config.k8s-no-resource-limits", TG_SEV_MEDIUM,
         "A workload without resource limits",
         "a container without CPU and memory limits can starve the node's other workloads; "
         "set resources.limits",
         "a workload with containers and no `limits:` key (Checkov CKV_K8S_11, CKV_K8S_13)"},
        {K8S_NON_ROOT, "config.k8s-run-as-non-root-missing", TG_SEV_MEDIUM,
         "A workload that may run as root",
         "without securityContext.runAsNonRoot: true the image's user decides, often root; "
         "set it in the pod's or each container's securityContext",
         "a workload with containers and no `runAsNonRoot: true` (Checkov CKV_K8S_23)"},
};
const size_t tg_absence_rules_nr = sizeof(tg_absence_rules) / sizeof(tg_absence_rules[0]);

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Dockerfile, Dockerfile.prod, app.Dockerfile, Containerfile; not Dockerfile.md. */
static int is_dockerfile(const char *name)
{
	static const char *const docs[] = {".md", ".txt", ".rst", ".adoc"};
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		size_t d = strlen(docs[i]);
		if (n > d && !strcasecmp(name + n - d, docs[i]))
			return 0;
	}
	return !strcmp(name, "Dockerfile") || !strncmp(name, "Dockerfile.", 11) ||
	       !strcmp(name, "Containerfile") || (n > 11 && !strcmp(name + n - 11, ".Dockerfile"));
}

static int is_yaml(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && !strcasecmp(name + n - 4, ".yml")) ||
	       (n > 5 && !strcasecmp(name + n - 5, ".yaml"));
}

/* Calls fn on each line, without its end of line; stops when fn returns nonzero. */
static void each_line(const unsigned char *data, size_t len,
                      void (*fn)(const char *s, size_t n, void *arg), void *arg)
{
	size_t at = 0;

	while (at < len) {
		const unsigned char *nl = memchr(data + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (data + at)) : len - at;
		fn((const char *)data + at, n, arg);
		at += n + 1;
	}
}

/* s (n bytes) with leading blanks skipped starts with word, then a blank or the end. */
static int starts_word(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	return n >= w && !strncasecmp(s, word, w) && (n == w || isspace((unsigned char)s[w]));
}

struct docker {
	int from, user, healthcheck, continued;
};

static void docker_line(const char *s, size_t n, void *arg)
{
	struct docker *d = arg;
	int continued = d->continued;

	d->continued = n && (s[n - 1] == '\\' || (n > 1 && s[n - 1] == '\r' && s[n - 2] == '\\'));
	if (continued) /* inside a RUN's continuation: not an instruction */
		return;
	if (starts_word(s, n, "FROM")) {
		d->from = 1;
		d->user = d->healthcheck = 0; /* each stage is its own image */
	} else if (starts_word(s, n, "USER")) {
		d->user = 1;
	} else if (starts_word(s, n, "HEALTHCHECK")) {
		d->healthcheck = 1;
	}
}

/* A key at any indent, after an optional "- ", followed by ':' (and value, when given). */
static int has_key(const char *s, size_t n, const char *key, const char *value)
{
	size_t k = strlen(key), v;

	while (n && (*s == ' ' || *s == '\t' || *s == '-'))
		s++, n--;
	if (n <= k || strncmp(s, key, k) || s[k] != ':')
		return 0;
	if (!value)
		return 1;
	s += k + 1, n -= k + 1;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	v = strlen(value);
	return n >= v && !strncmp(s, value, v) && (n == v || isspace((unsigned char)s[v]));
}

struct k8s {
	int workload, containers, limits, non_root;
};

static void k8s_line(const char *s, size_t n, void *arg)
{
	static const char *const kinds[] = {"Pod",        "Deployment", "StatefulSet", "DaemonSet",
	                                    "ReplicaSet", "Job",        "CronJob"};
	struct k8s *k = arg;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		k->workload |= n > 0 && s[0] == 'k' && has_key(s, n, "kind", kinds[i]);
	k->containers |= has_key(s, n, "containers", NULL);
	k->limits |= has_key(s, n, "limits", NULL);
	k->non_root |= has_key(s, n, "runAsNonRoot", "true");
}

unsigned tg_config_absent(const char *path, const unsigned char *data, size_t len)
{
	const char *name = base_name(path);
	unsigned bits = 0;

	if (is_dockerfile(name)) {
		struct docker d = {0, 0, 0, 0};
		each_line(data, len, docker_line, &d);
		if (d.from && !d.user)
			bits |= DOCKER_USER;
		if (d.from && !d.healthcheck)
			bits |= DOCKER_HEALTHCHECK;
	} else if (is_yaml(name)) {
		struct k8s k = {0, 0, 0, 0};
		each_line(data, len, k8s_line, &k);
		if (k.workload && k.containers && !k.limits)
			bits |= K8S_LIMITS;
		if (k.workload && k.containers && !k.non_root)
			bits |= K8S_NON_ROOT;
	}
	return bits;
}
