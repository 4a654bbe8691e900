#ifndef TG_COMPLIANCE_ABSENCE_H
#define TG_COMPLIANCE_ABSENCE_H

/*
 * Security configuration that a file lacks, which a line pattern cannot see
 * (the rule packs' config.* rules find what is there): Checkov's
 * CKV_DOCKER_2 and _3, CKV_K8S_11/13 and CKV_K8S_23 by their wording.
 *   - A Dockerfile whose final stage has no USER: the container runs as root.
 *   - A Dockerfile whose final stage has no HEALTHCHECK.
 *   - A Kubernetes manifest of a workload (Pod, Deployment, StatefulSet,
 *     DaemonSet, ReplicaSet, Job, CronJob) with containers and no
 *     `limits:`, or no `runAsNonRoot: true`.
 * Read as text, line by line: a manifest that sets these through a Helm
 * template or a kustomize patch elsewhere is not followed.
 */

#include "util/severity.h"

#include <stddef.h>

struct tg_absence_rule {
	unsigned bit;
	const char *rule_id;
	enum tg_severity severity;
	const char *title, *message, *evidence;
};

extern const struct tg_absence_rule tg_absence_rules[];
extern const size_t tg_absence_rules_nr;

/* The bits of tg_absence_rules that the file at path (its name decides what it is) lacks. */
unsigned tg_config_absent(const char *path, const unsigned char *data, size_t len);

#endif
