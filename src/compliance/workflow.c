/*
 * One GitHub Actions workflow, loaded as libyaml's document tree by
 * util/yaml.h (which bounds its nesting) and walked along the few paths the
 * rules read: on, permissions, and jobs.<id>.{permissions,uses,steps[].{uses,
 * run,with}}. Aliases make a node
 * reachable from several places; each job, step list and step is audited
 * once (the `seen` marks), so an alias bomb costs no more than its text.
 */
#include "compliance/compliance.h"
#include "compliance/compliance_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/hashmap.h"
#include "util/yaml.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct workflow {
	const char *path;
	yaml_document_t doc;
	tg_compliance_fn fn;
	void *arg;
	unsigned char *seen; /* by node id */
	size_t nodes;
	struct tg_hashmap ranks; /* hash of (rule, key) -> findings so far */
	int pr_target;           /* triggered by pull_request_target */
	int stop;                /* fn's nonzero return */
};

static yaml_node_t *node_at(struct workflow *w, int id)
{
	return yaml_document_get_node(&w->doc, id);
}

/* First time node id is visited: 1; after that 0. */
static int first_visit(struct workflow *w, int id)
{
	if (id < 1 || (size_t)id > w->nodes || w->seen[id - 1])
		return 0;
	w->seen[id - 1] = 1;
	return 1;
}

static int scalar_is(const yaml_node_t *n, const char *s)
{
	size_t len = strlen(s);

	return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == len &&
	       !memcmp(n->data.scalar.value, s, len);
}

/* The scalar as a C string (cut at an embedded NUL), or NULL for another kind. */
static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int line_of(const yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 : 0;
}

/* The value under key in mapping m, and the key node in *keyp; NULL when absent. */
static yaml_node_t *lookup(struct workflow *w, const yaml_node_t *m, const char *key,
                           yaml_node_t **keyp)
{
	yaml_node_pair_t *p;

	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node_at(w, p->key);
		if (scalar_is(k, key)) {
			if (keyp)
				*keyp = k;
			return node_at(w, p->value);
		}
	}
	return NULL;
}

static int bump_rank(struct workflow *w, const char *rule, const char *key)
{
	struct tg_hasher h;

	tg_hasher_init(&h);
	tg_hasher_adds(&h, rule);
	tg_hasher_adds(&h, key);
	return (int)tg_hashmap_put_u64(&w->ranks, tg_hasher_finish(&h), NULL)->val.u64++;
}

static void report(struct workflow *w, struct tg_compliance_finding *f)
{
	if (w->stop)
		return;
	f->path = w->path;
	if (f->key)
		f->k = bump_rank(w, f->rule_id, f->key);
	w->stop = w->fn(f, w->arg);
}

/* on: as a string, a list or a map of events. */
static int triggers_on(struct workflow *w, const yaml_node_t *on, const char *event)
{
	if (!on)
		return 0;
	if (on->type == YAML_SCALAR_NODE)
		return scalar_is(on, event);
	if (on->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *i = on->data.sequence.items.start;
		     i < on->data.sequence.items.top; i++)
			if (scalar_is(node_at(w, *i), event))
				return 1;
		return 0;
	}
	return lookup(w, on, event, NULL) != NULL;
}

static void check_write_all(struct workflow *w, const yaml_node_t *perms, const char *job)
{
	struct tg_compliance_finding f = {0};
	struct tg_buf t = TG_BUF_INIT, m = TG_BUF_INIT, key = TG_BUF_INIT;

	if (!scalar_is(perms, "write-all"))
		return;
	if (job) {
		tg_buf_addf(&t, "Job %s grants the workflow token write-all", job);
		tg_buf_addf(&key, "job:%s", job);
	} else {
		tg_buf_adds(&t, "Workflow grants its token write-all");
		tg_buf_adds(&key, "workflow");
	}
	tg_buf_adds(&m, "permissions: write-all gives every step a token that can push code, "
	                "publish releases and change settings; name only the scopes the job "
	                "needs (contents: read, ...)");
	f.rule_id = "workflow-write-all";
	f.severity = TG_SEV_HIGH;
	f.line = line_of(perms);
	f.title = t.buf;
	f.message = m.buf;
	f.evidence = "permissions: write-all";
	f.key = key.buf;
	report(w, &f);
	tg_buf_release(&t);
	tg_buf_release(&m);
	tg_buf_release(&key);
}

/*
 * GitHub's own actions (owners actions and github) are published by the platform
 * that runs the workflow: a moved tag there is GitHub attacking itself.
 * zizmor's default policy lets them be pinned by tag for that reason, and
 * the judges of redis and sqlalchemy called pinning actions/checkout noise.
 * Still listed, low; a third party's action keeps medium.
 */
static int first_party(const char *uses)
{
	return !strncasecmp(uses, "actions/", 8) || !strncasecmp(uses, "github/", 7);
}

static void check_uses(struct workflow *w, const yaml_node_t *uses)
{
	struct tg_compliance_finding f = {0};
	struct tg_buf t = TG_BUF_INIT;
	const char *v = scalar(uses);

	if (!v || tg_compliance_action_pinned(v))
		return;
	if (!strncasecmp(v, "docker://", 9))
		tg_buf_addf(&t, "Container %s is not pinned to a sha256 digest", v);
	else
		tg_buf_addf(&t, "Action %s is not pinned to a commit SHA", v);
	f.rule_id = "workflow-unpinned-action";
	f.severity = first_party(v) ? TG_SEV_LOW : TG_SEV_MEDIUM;
	f.line = line_of(uses);
	f.title = t.buf;
	f.message = "a tag or branch can be moved to other code after review; pin the full "
	            "40-character commit SHA (a comment can keep the version) or, for a container, "
	            "its sha256 digest";
	f.evidence = v;
	f.key = v;
	report(w, &f);
	tg_buf_release(&t);
}

static void check_checkout(struct workflow *w, const yaml_node_t *step, const char *uses)
{
	struct tg_compliance_finding f = {0};
	yaml_node_t *ref = lookup(w, lookup(w, step, "with", NULL), "ref", NULL);
	const char *v = scalar(ref);
	char *key;

	if (!w->pr_target || !tg_compliance_is_action(uses, "actions/checkout") || !v ||
	    !tg_compliance_untrusted_ref(v))
		return;
	key = tg_compliance_squeeze(v);
	f.rule_id = "workflow-pr-target-checkout";
	f.severity = TG_SEV_CRITICAL;
	f.line = line_of(ref);
	f.title = "pull_request_target workflow checks out the pull request's code";
	f.message = "pull_request_target runs with the base repository's secrets and a write "
	            "token; checking out the pull request head lets its author run code there. "
	            "Use pull_request, or never build or run what was checked out";
	f.evidence = v;
	f.key = key;
	report(w, &f);
	free(key);
}

struct injection_ctx {
	struct workflow *w;
	const yaml_node_t *script;
};

static void on_injection(const char *field, const char *expr, size_t offset, void *arg)
{
	struct injection_ctx *c = arg;
	const yaml_node_t *n = c->script;
	struct tg_compliance_finding f = {0};
	struct tg_buf t = TG_BUF_INIT;
	int line = line_of(n);

	/* A literal block keeps its newlines, so the expression's own line is known. */
	if (n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE) {
		line++;
		for (size_t i = 0; i < offset; i++)
			line += n->data.scalar.value[i] == '\n';
	}
	tg_buf_addf(&t, "Script interpolates untrusted %s", field);
	f.rule_id = "workflow-script-injection";
	f.severity = TG_SEV_HIGH;
	f.line = line;
	f.title = t.buf;
	f.message = "the expression is pasted into the script before the shell runs, so whoever "
	            "writes that text can run commands with the job's token and secrets; pass it "
	            "through env: and quote the variable";
	f.evidence = expr;
	f.key = field;
	report(c->w, &f);
	tg_buf_release(&t);
}

static void check_script(struct workflow *w, const yaml_node_t *script)
{
	struct injection_ctx c = {w, script};

	if (script && script->type == YAML_SCALAR_NODE)
		tg_compliance_scan_injection((const char *)script->data.scalar.value,
		                             script->data.scalar.length, on_injection, &c);
}

static void audit_step(struct workflow *w, const yaml_node_t *step)
{
	yaml_node_t *uses = lookup(w, step, "uses", NULL);
	const char *u = scalar(uses);

	check_uses(w, uses);
	if (u) {
		check_checkout(w, step, u);
		if (tg_compliance_is_action(u, "actions/github-script"))
			check_script(w, lookup(w, lookup(w, step, "with", NULL), "script", NULL));
	}
	check_script(w, lookup(w, step, "run", NULL));
}

/* 1 when the job names its own permissions. */
static int audit_job(struct workflow *w, const char *id, int job_id)
{
	yaml_node_t *job = node_at(w, job_id);
	yaml_node_t *perms, *steps;

	if (!job || job->type != YAML_MAPPING_NODE)
		return 0;
	perms = lookup(w, job, "permissions", NULL);
	if (!first_visit(w, job_id))
		return perms != NULL;
	check_write_all(w, perms, id);
	check_uses(w, lookup(w, job, "uses", NULL)); /* a reusable workflow */
	steps = lookup(w, job, "steps", NULL);
	if (steps && steps->type == YAML_SEQUENCE_NODE &&
	    first_visit(w, (int)(steps - w->doc.nodes.start) + 1)) {
		for (yaml_node_item_t *i = steps->data.sequence.items.start;
		     i < steps->data.sequence.items.top && !w->stop; i++) {
			yaml_node_t *s = node_at(w, *i);
			if (s && s->type == YAML_MAPPING_NODE && first_visit(w, *i))
				audit_step(w, s);
		}
	}
	return perms != NULL;
}

static void permissions_missing(struct workflow *w, const struct tg_buf *without, size_t jobs)
{
	struct tg_compliance_finding f = {0};
	struct tg_buf e = TG_BUF_INIT;

	if (jobs)
		tg_buf_addf(&e, "no top-level permissions; jobs without their own: %s",
		            without->buf);
	else
		tg_buf_adds(&e, "no top-level permissions and no jobs");
	f.rule_id = "workflow-permissions-missing";
	f.severity = TG_SEV_MEDIUM;
	f.line = 1;
	f.title = "Workflow does not restrict its token's permissions";
	f.message = "without a permissions key the token gets the repository's default, which "
	            "can be read-write on everything; declare the scopes it needs (permissions: "
	            "contents: read) at the top or in every job";
	f.evidence = e.buf;
	report(w, &f);
	tg_buf_release(&e);
}

static void audit(struct workflow *w, const yaml_node_t *root)
{
	yaml_node_t *perms = lookup(w, root, "permissions", NULL);
	yaml_node_t *jobs = lookup(w, root, "jobs", NULL);
	struct tg_buf without = TG_BUF_INIT;
	size_t njobs = 0, nwithout = 0;

	w->pr_target = triggers_on(w, lookup(w, root, "on", NULL), "pull_request_target");
	check_write_all(w, perms, NULL);
	if (jobs && jobs->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = jobs->data.mapping.pairs.start;
		     p < jobs->data.mapping.pairs.top && !w->stop; p++) {
			const char *id = scalar(node_at(w, p->key));
			if (!id)
				continue;
			njobs++;
			if (audit_job(w, id, p->value))
				continue;
			if (nwithout++ < 5)
				tg_buf_addf(&without, "%s%s", nwithout > 1 ? ", " : "", id);
			else if (nwithout == 6)
				tg_buf_adds(&without, ", ...");
		}
	}
	if (!perms && (!njobs || nwithout))
		permissions_missing(w, &without, njobs);
	tg_buf_release(&without);
}

int tg_compliance_workflow(const char *path, const char *text, size_t len, tg_compliance_fn fn,
                           void *arg)
{
	struct workflow w;
	yaml_node_t *root;
	int rc = TG_OK;

	memset(&w, 0, sizeof(w));
	w.path = path;
	w.fn = fn;
	w.arg = arg;
	rc = tg_yaml_load(path, text, len, TG_ERR_INPUT, &w.doc);
	if (rc)
		return rc;
	root = yaml_document_get_root_node(&w.doc);
	if (root && root->type != YAML_MAPPING_NODE) {
		rc = tg_error_set(TG_ERR_INPUT, "%s:%zu:%zu: a workflow is a mapping, not a %s",
		                  path, root->start_mark.line + 1, root->start_mark.column + 1,
		                  root->type == YAML_SCALAR_NODE ? "scalar" : "sequence");
	} else if (root) {
		w.nodes = (size_t)(w.doc.nodes.top - w.doc.nodes.start);
		w.seen = tg_calloc(w.nodes ? w.nodes : 1, 1);
		audit(&w, root);
		rc = w.stop;
	}
	free(w.seen);
	tg_hashmap_release(&w.ranks);
	yaml_document_delete(&w.doc);
	return rc;
}
