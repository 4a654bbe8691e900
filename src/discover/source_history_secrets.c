/*
 * The history-secrets source (`discover --history-secrets`): secrets that
 * were committed and later removed still sit in git history, so they must be
 * rotated. Every blob reachable from any ref is scanned once (rev-list
 * --objects lists each object once, with the first path it was seen at),
 * through one long-running `git cat-file --batch`. Blobs that are in HEAD's
 * tree are skipped: the scanner reports those. Only the rules' secret
 * findings are kept; their evidence is already redacted by the rules engine.
 */
#include "discover/discover.h"

#include "history/gitlog.h"
#include "proc/proc.h"
#include "rules/rules.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct blob {
	char oid[41];
	char *path;
};

struct blob_list {
	struct blob *v;
	size_t nr, alloc;
};

/* Items a scan of one blob emitted, before they are filtered. */
struct found {
	struct tg_item *v;
	size_t nr, alloc;
};

struct hist {
	const struct tg_discover_ctx *ctx;
	struct tg_sink *sink;
	struct tg_ruleset *rules;
	struct tg_rules_scratch *scratch;
	struct tg_strlist emitted; /* fingerprints already reported (a secret across versions) */
	size_t blobs;
};

static int collect_emit(struct tg_sink *sink, struct tg_item *it)
{
	struct found *f = sink->data;

	TG_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	f->v[f->nr++] = *it;
	tg_item_init(it);
	return TG_OK;
}

/* A `git -C repo ARGS` reading a file, whose output we read as a stream. */
struct git_pipe {
	struct tg_child child;
	const char *argv[16];
	FILE *out;
};

/* Starts git on args (name: for messages) with stdin from in_fd. */
static int git_open(struct git_pipe *g, const char *repo, const char *const *args, const char *name,
                    int in_fd)
{
	const char *const head[] = {"git", "-C", repo, "-c", "core.quotepath=off"};
	size_t n;

	for (n = 0; n < TG_ARRAY_SIZE(head); n++)
		g->argv[n] = head[n];
	while (*args && n < TG_ARRAY_SIZE(g->argv) - 1)
		g->argv[n++] = *args++;
	g->argv[n] = NULL;
	g->out = NULL;
	tg_proc_git_reader(&g->child, g->argv, repo);
	g->child.name = name;
	g->child.in.how = TG_CHILD_FD;
	g->child.in.fd = in_fd;
	g->child.out.how = TG_CHILD_PIPE;
	g->child.err.how = TG_CHILD_NULL;
	if (tg_child_start(&g->child))
		return TG_ERR_RUN;
	g->out = fdopen(g->child.out.fd, "r");
	if (!g->out) {
		tg_child_finish(&g->child);
		return tg_error_set(TG_ERR_RUN, "fdopen: %s", strerror(errno));
	}
	g->child.out.fd = -1; /* the stream's now */
	return TG_OK;
}

static int git_close(struct git_pipe *g)
{
	char drain[4096];

	while (fread(drain, 1, sizeof(drain), g->out) > 0) /* no SIGPIPE for git after an error */
		;
	fclose(g->out);
	if (tg_child_finish(&g->child))
		return TG_ERR_RUN;
	return tg_child_check(&g->child, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* HEAD's blob ids, sorted. An unborn HEAD has none. */
static void head_blobs(const char *root, struct tg_strlist *out)
{
	const char *args[] = {"ls-tree", "-r", "HEAD", NULL};
	struct tg_buf b = TG_BUF_INIT;
	char *line, *save = NULL;

	if (tg_git_capture(root, args, &b) == 0 && b.len) {
		for (line = strtok_r(b.buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			/* "<mode> blob <oid>\t<path>" */
			char *p = strstr(line, " blob ");
			if (p && strlen(p + 6) > 40)
				tg_strlist_addn(out, p + 6, 40);
		}
	}
	tg_buf_release(&b);
	tg_strlist_sort(out);
}

/* Objects with a path from rev-list --objects --all, minus HEAD's blobs, into f. */
static int list_objects(const char *root, const struct tg_strlist *head, struct blob_list *l,
                        FILE *f)
{
	const char *args[] = {"rev-list", "--objects", "--all", NULL};
	struct tg_buf b = TG_BUF_INIT;
	char *line, *save = NULL;
	int rc = tg_git_capture(root, args, &b);

	if (rc) {
		tg_buf_release(&b);
		return rc < 0 ? rc : tg_error_set(TG_ERR_RUN, "git rev-list --objects failed");
	}
	for (line = strtok_r(b.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *key = line;
		const char *path = tg_git_rev_object(line);
		if (!path)
			continue; /* a commit, or the root tree */
		if (head->nr && bsearch(&key, head->v, head->nr, sizeof(char *), cmp_str))
			continue;
		TG_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
		memcpy(l->v[l->nr].oid, line, 41);
		l->v[l->nr++].path = tg_strdup(path);
		fprintf(f, "%s\n", line);
	}
	tg_buf_release(&b);
	return TG_OK;
}

/* Keeps the blobs (not trees) of l at most max bytes, in order; their ids into f. */
static int keep_small_blobs(const char *root, struct blob_list *l, FILE *in, long max, FILE *f)
{
	const char *args[] = {"cat-file", "--batch-check", NULL};
	char line[256];
	size_t i = 0, kept = 0;
	struct git_pipe git;
	int rc;

	rewind(in);
	rc = git_open(&git, root, args, "git cat-file --batch-check", fileno(in));
	if (rc)
		return rc;
	while (i < l->nr && fgets(line, sizeof(line), git.out)) {
		char type[16];
		uint64_t size = 0;
		struct blob *bl = &l->v[i++];
		if (!tg_git_batch_header(line, type, max > 0 ? (uint64_t)max : UINT64_MAX, &size) &&
		    !strcmp(type, "blob")) {
			l->v[kept++] = *bl;
			fprintf(f, "%s\n", bl->oid);
		} else {
			free(bl->path);
		}
	}
	while (i < l->nr)
		free(l->v[i++].path);
	l->nr = kept;
	return git_close(&git);
}

/* The commit that added the blob: the oldest commit whose diff adds or removes it. */
static char *blob_commit(const char *root, const char *oid)
{
	char arg[64];
	const char *args[] = {"log", "--all", "--format=%H", arg, NULL};
	struct tg_buf b = TG_BUF_INIT;
	char *last, *commit = NULL;

	snprintf(arg, sizeof(arg), "--find-object=%s", oid);
	if (tg_git_capture(root, args, &b) == 0 && b.len) {
		last = strrchr(b.buf, '\n');
		commit = tg_strdup(last ? last + 1 : b.buf);
	}
	tg_buf_release(&b);
	return commit;
}

/*
 * A finding of an old blob becomes a history item. Its fingerprint hashes the
 * scanner's fingerprint of the same finding (rule, path, assigned-to name, k:
 * never the value) under the rule "history:<rule>", so it is stable across
 * runs and never collides with the item the scanner reports for a secret in
 * the current tree.
 */
static int history_item(struct hist *h, struct tg_item *it, const char *commit)
{
	struct tg_buf b = TG_BUF_INIT;
	char fp[17];

	tg_buf_addf(&b, "history:%s", it->rule_id);
	tg_fingerprint_match(fp, b.buf, it->path, it->fingerprint, 1);
	if (tg_strlist_find(&h->emitted, fp) >= 0) {
		tg_buf_release(&b);
		tg_item_release(it);
		return TG_OK;
	}
	tg_strlist_add(&h->emitted, fp);
	memcpy(it->fingerprint, fp, sizeof(fp));
	free(it->source);
	it->source = tg_strdup("history-secrets");
	tg_buf_reset(&b);
	tg_buf_addf(&b, "In history: %s", it->title ? it->title : it->rule_id);
	free(it->title);
	it->title = tg_buf_detach(&b, NULL);
	tg_buf_addf(&b,
	            "%s was committed in %.12s and is still in git history although the "
	            "file no longer holds it: rotate the credential (removing it from the tree "
	            "does not revoke it)",
	            it->message ? it->message : it->rule_id, commit ? commit : "an unknown commit");
	free(it->message);
	it->message = tg_buf_detach(&b, NULL);
	free(it->links.commit);
	it->links.commit = commit ? tg_strdup(commit) : NULL;
	return h->sink->emit(h->sink, it);
}

static int scan_blob(struct hist *h, const struct blob *bl, const unsigned char *data, size_t len)
{
	struct found f = {NULL, 0, 0};
	struct tg_sink collect = {collect_emit, &f};
	char *commit = NULL;
	size_t i;
	int rc = tg_rules_scan(h->rules, h->scratch, NULL, bl->path, data, len, &collect);

	h->blobs++;
	for (i = 0; i < f.nr; i++) {
		struct tg_item *it = &f.v[i];
		if (rc || !it->category || strcmp(it->category, "secret")) {
			tg_item_release(it);
			continue;
		}
		if (!commit)
			commit = blob_commit(h->ctx->root, bl->oid);
		rc = history_item(h, it, commit);
	}
	free(commit);
	free(f.v);
	return rc;
}

/* Streams the blobs of l (whose ids are in in) through one `git cat-file --batch`. */
static int scan_blobs(struct hist *h, const struct blob_list *l, FILE *in)
{
	const char *args[] = {"cat-file", "--batch", NULL};
	unsigned char *data = NULL;
	size_t cap = 0, i;
	char line[256];
	struct git_pipe git;
	int rc, rc2;

	rewind(in);
	rc = git_open(&git, h->ctx->root, args, "git cat-file --batch", fileno(in));
	for (i = 0; !rc && i < l->nr && fgets(line, sizeof(line), git.out); i++) {
		char type[16];
		uint64_t size;
		/* below SIZE_MAX: size + 1 bytes are read */
		if (tg_git_batch_header(line, type, SIZE_MAX - 1, &size) || strcmp(type, "blob")) {
			rc = tg_error_set(TG_ERR_RUN, "git cat-file --batch: unexpected \"%.60s\"",
			                  line);
			break;
		}
		if (size + 1 > cap) {
			cap = size + 1;
			data = tg_realloc(data, cap);
		}
		if (fread(data, 1, size + 1, git.out) != size + 1) {
			rc = tg_error_set(TG_ERR_RUN, "git cat-file --batch: short read of %s",
			                  l->v[i].oid);
			break;
		}
		rc = scan_blob(h, &l->v[i], data, size);
	}
	free(data);
	if (!git.out)
		return rc;
	rc2 = git_close(&git);
	return rc ? rc : rc2;
}

static int run(struct hist *h)
{
	struct tg_strlist head = TG_STRLIST_INIT;
	struct blob_list objects = {NULL, 0, 0};
	FILE *all = tmpfile(), *small = tmpfile();
	size_t i;
	int rc = TG_OK;

	if (!all || !small)
		rc = tg_error_set(TG_ERR_RUN, "tmpfile: %s", strerror(errno));
	head_blobs(h->ctx->root, &head);
	if (!rc)
		rc = list_objects(h->ctx->root, &head, &objects, all);
	if (!rc && fflush(all) == 0)
		rc = keep_small_blobs(h->ctx->root, &objects, all,
		                      h->ctx->cfg->thresholds.max_file_bytes, small);
	if (!rc && fflush(small) == 0)
		rc = scan_blobs(h, &objects, small);
	for (i = 0; i < objects.nr; i++)
		free(objects.v[i].path);
	free(objects.v);
	tg_strlist_clear(&head);
	if (all)
		fclose(all);
	if (small)
		fclose(small);
	return rc;
}

static int collect(const struct tg_discover_ctx *ctx, struct tg_sink *sink,
                   struct tg_source_run *srun, struct tg_strlist *skipped)
{
	const struct tg_config *cfg = ctx->cfg;
	struct hist h = {ctx, sink, NULL, NULL, TG_STRLIST_INIT, 0};
	int rc;

	(void)skipped;
	/* Off: nothing scanned, so nothing covered and nothing resolved. */
	if (!ctx->history_secrets)
		return TG_OK;
	rc = tg_rules_load(&h.rules, ctx->root, &cfg->rules.packs, &cfg->rules.disable);
	if (!rc)
		rc = tg_rules_compile(h.rules);
	if (!rc) {
		h.scratch = tg_rules_scratch_new(h.rules);
		rc = run(&h);
	}
	if (!rc)
		tg_strlist_add(&srun->covered, "");
	tg_debug("history secrets: %zu blobs scanned", h.blobs);
	if (h.scratch)
		tg_rules_scratch_free(h.scratch);
	if (h.rules)
		tg_ruleset_free(h.rules);
	tg_strlist_clear(&h.emitted);
	return rc ? tg_error_prefix(rc, "history secrets") : TG_OK;
}

const struct tg_source tg_source_history_secrets = {
        "history-secrets", "security_vulnerability_scans", collect, 0, NULL};
