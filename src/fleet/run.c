/*
 * fleet run: each repository of the shard gets a bare mirror in the workdir
 * (git clone --mirror once, git fetch after; credentials come from git's own
 * helpers), a worktree of its default branch's head, a `terragon discover`
 * there with a store of its own in the workdir, and its open items published
 * to the shared store. A failure is reported and the shard goes on.
 */
#include "fleet/fleet.h"

#include "backlog/backlog.h"
#include "backlog/persist.h"
#include "proc/proc.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* git with argv in dir (NULL: ours); its stdout into out (may be NULL). */
static int git(const char *dir, const char *const *argv, struct tg_buf *out)
{
	struct tg_buf err = TG_BUF_INIT, sink = TG_BUF_INIT;
	struct tg_child c;
	int rc;

	tg_proc_git(&c, argv);
	c.dir = dir;
	c.in.how = TG_CHILD_NULL;
	rc = tg_child_capture(&c, NULL, 0, out ? out : &sink, &err);
	if (!rc) {
		char *nl = strchr(err.buf, '\n');
		if (nl)
			*nl = '\0';
		rc = tg_child_check(&c, err.len ? err.buf : NULL);
	}
	tg_buf_release(&err);
	tg_buf_release(&sink);
	return rc;
}

static int mkdirs(const char *path)
{
	if (mkdir(path, 0777) && errno != EEXIST)
		return tg_error_set(TG_ERR_RUN, "fleet: cannot create %s: %s", path,
		                    strerror(errno));
	return TG_OK;
}

/* The repository's name in the workdir: its base name, safe, and a hash for uniqueness. */
static void slot_name(struct tg_buf *out, const char *url)
{
	const char *e = url + strlen(url), *s;
	char hex[17];

	while (e > url && e[-1] == '/')
		e--;
	if (e - url > 4 && !strncmp(e - 4, ".git", 4))
		e -= 4;
	for (s = e; s > url && s[-1] != '/' && s[-1] != ':'; s--)
		;
	for (; s < e && out->len < 40; s++)
		tg_buf_addch(out, isalnum((unsigned char)*s) || *s == '-' || *s == '_' ? *s : '_');
	tg_hash_hex(tg_hash64(url, strlen(url)), hex);
	tg_buf_addf(out, "-%.8s", hex);
}

static int mirror(const char *url, const char *dir)
{
	struct stat sb;

	if (stat(dir, &sb) == 0) {
		const char *argv[] = {"git", "-C", dir, "fetch", "-q", "--prune", "origin", NULL};
		return git(NULL, argv, NULL);
	}
	{
		/* "--": a URL from the list is never an option of git clone. */
		const char *argv[] = {"git", "clone", "-q", "--mirror", "--", url, dir, NULL};
		return git(NULL, argv, NULL);
	}
}

/* A worktree of the mirror at head, reused when a previous run left one. */
static int worktree(const char *mirror_dir, const char *tree, const char *head)
{
	struct stat sb;

	if (stat(tree, &sb) == 0) {
		const char *co[] = {"git", "-C",       tree, "checkout", "-q",
		                    "-f",  "--detach", head, NULL};
		const char *clean[] = {"git", "-C", tree, "clean", "-q", "-f", "-d", "-x", NULL};
		const char *rm[] = {"git", "-C", mirror_dir, "worktree", "remove",
		                    "-f",  "-f", tree,       NULL};
		if (!git(NULL, co, NULL) && !git(NULL, clean, NULL))
			return TG_OK;
		/* Half made by a run that was killed: made again. */
		tg_error_clear();
		git(NULL, rm, NULL);
		tg_error_clear();
	}
	{
		const char *prune[] = {"git", "-C", mirror_dir, "worktree", "prune", NULL};
		const char *add[] = {"git",      "-C", mirror_dir, "worktree", "add", "-q",
		                     "--detach", "-f", tree,       head,       NULL};
		git(NULL, prune, NULL);
		tg_error_clear();
		return git(NULL, add, NULL);
	}
}

/* key.path=value -> TERRAGON_KEY__PATH=value, as the configuration reads the environment. */
static char *override_env(const char *kv)
{
	struct tg_buf e = TG_BUF_INIT;
	const char *p;

	tg_buf_adds(&e, "TERRAGON_");
	for (p = kv; *p && *p != '='; p++)
		if (*p == '.')
			tg_buf_adds(&e, "__");
		else
			tg_buf_addch(&e, (char)toupper((unsigned char)*p));
	tg_buf_adds(&e, p);
	return tg_buf_detach(&e, NULL);
}

static int discover(const struct tg_fleet_run_opts *o, const struct tg_fleet_repo *r,
                    const char *tree, const char *store)
{
	const char *argv[] = {o->exe, "discover", "-C", tree, "-q", "--format", "json", NULL};
	const char **env = tg_calloc(r->overrides.nr + 2, sizeof(*env));
	struct tg_buf err = TG_BUF_INIT, out = TG_BUF_INIT, sp = TG_BUF_INIT;
	struct tg_child c;
	size_t i;
	int rc;

	tg_buf_addf(&sp, "TERRAGON_STORE__PATH=%s", store);
	for (i = 0; i < r->overrides.nr; i++)
		env[i] = override_env(r->overrides.v[i]);
	env[i] = sp.buf; /* last: a per-repository override cannot move the store */
	tg_child_init(&c, argv);
	c.name = "terragon discover";
	c.env = env;
	c.in.how = TG_CHILD_NULL;
	rc = tg_child_capture(&c, NULL, 0, &out, &err);
	if (!rc) {
		/* Its last line on stderr says why it failed. */
		while (err.len && err.buf[err.len - 1] == '\n')
			err.buf[--err.len] = '\0';
		char *last = strrchr(err.buf, '\n');
		rc = tg_child_check(&c, err.len ? (last ? last + 1 : err.buf) : NULL);
	}
	for (i = 0; i < r->overrides.nr; i++)
		free((char *)env[i]);
	free(env);
	tg_buf_release(&err);
	tg_buf_release(&out);
	tg_buf_release(&sp);
	return rc;
}

/* The open items discover left in the repository's own store. */
static int load(const char *store, struct tg_backlog *b)
{
	struct tg_store *st;
	int rc = tg_store_open(&st, store, TG_STORE_READONLY);

	if (rc)
		return rc;
	rc = tg_persist_load(tg_store_sql(st), b, 1);
	tg_store_close(st);
	return rc;
}

struct slot {
	struct tg_buf name, mirror, tree, store;
};

static int run_one(const struct tg_fleet_run_opts *o, const struct tg_fleet_repo *r,
                   struct tg_sql *db, const char *shard, struct slot *s, const char **what)
{
	struct tg_buf head = TG_BUF_INIT;
	struct tg_backlog b;
	time_t started = time(NULL);
	int rc, done = 0, skipped = 0;
	const char *rev[] = {"git",      "-C", s->mirror.buf,   "rev-parse",
	                     "--verify", "-q", "HEAD^{commit}", NULL};

	*what = "ok";
	tg_backlog_init(&b);
	rc = mirror(r->url, s->mirror.buf);
	if (!rc)
		rc = git(NULL, rev, &head);
	if (!rc) {
		tg_buf_trim(&head);
		rc = tg_fleet_done(db, r->url, head.buf, &done);
	}
	if (!rc && done) {
		*what = "skipped: its head was run already";
		goto out;
	}
	if (!rc)
		rc = worktree(s->mirror.buf, s->tree.buf, head.buf);
	if (!rc)
		rc = discover(o, r, s->tree.buf, s->store.buf);
	if (!rc)
		rc = load(s->store.buf, &b);
	if (!rc)
		rc = tg_fleet_publish(db, r->url, head.buf, shard, &b, started, &skipped);
	if (!rc && skipped)
		*what = "skipped: another shard published its head";
out:
	tg_backlog_release(&b);
	tg_buf_release(&head);
	return rc;
}

int tg_fleet_run(const struct tg_fleet_list *l, const struct tg_fleet_run_opts *o)
{
	struct tg_sql *db;
	struct tg_buf dir = TG_BUF_INIT, shard = TG_BUF_INIT;
	size_t i, mine = 0, k = 0, failed = 0;
	int rc;

	for (i = 0; i < l->nr; i++)
		mine += tg_fleet_shard_of(l->v[i].url, o->shards) == o->shard;
	tg_buf_addf(&shard, "%u/%u", o->shard, o->shards);
	static const char *const sub[] = {"", "/mirrors", "/trees", "/stores"};
	for (i = 0, rc = TG_OK; !rc && i < 4; i++) {
		tg_buf_reset(&dir);
		tg_buf_addf(&dir, "%s%s", o->workdir, sub[i]);
		rc = mkdirs(dir.buf);
	}
	tg_buf_release(&dir);
	if (!rc)
		rc = tg_sql_open(&db, o->store, 1);
	if (rc) {
		tg_buf_release(&shard);
		return rc;
	}
	tg_note("fleet: shard %s: %zu of %zu repositories, store %s", shard.buf, mine, l->nr,
	        tg_sql_name(db));
	for (i = 0; i < l->nr; i++) {
		const struct tg_fleet_repo *r = &l->v[i];
		struct slot s = {TG_BUF_INIT, TG_BUF_INIT, TG_BUF_INIT, TG_BUF_INIT};
		const char *what;
		double t0 = now_s();

		if (tg_fleet_shard_of(r->url, o->shards) != o->shard)
			continue;
		k++;
		slot_name(&s.name, r->url);
		tg_buf_addf(&s.mirror, "%s/mirrors/%s.git", o->workdir, s.name.buf);
		tg_buf_addf(&s.tree, "%s/trees/%s", o->workdir, s.name.buf);
		tg_buf_addf(&s.store, "%s/stores/%s.db", o->workdir, s.name.buf);
		if (run_one(o, r, db, shard.buf, &s, &what)) {
			char *msg = tg_strdup(tg_error_message());
			failed++;
			fprintf(stderr, "fleet: [%zu/%zu] %s: FAILED after %.1f s: %s\n", k, mine,
			        r->url, now_s() - t0, msg);
			if (tg_fleet_failed(db, r->url, msg))
				tg_error_report();
			free(msg);
		} else {
			fprintf(stderr, "fleet: [%zu/%zu] %s: %s, %.1f s\n", k, mine, r->url, what,
			        now_s() - t0);
		}
		tg_buf_release(&s.name);
		tg_buf_release(&s.mirror);
		tg_buf_release(&s.tree);
		tg_buf_release(&s.store);
	}
	tg_sql_close(db);
	tg_buf_release(&shard);
	if (failed)
		return tg_error_set(TG_ERR_RUN, "fleet: %zu of %zu repositories failed", failed,
		                    mine);
	return TG_OK;
}
