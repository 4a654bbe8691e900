/*
 * How git runs for terragon, set here once for every git process (history,
 * hotspots, the history-secrets scan, the repository's writes), through its
 * environment, so that git's own children get it too, and a user's own
 * settings of the same names win:
 * - glibc's malloc hands memory back to the kernel after each diff and takes
 *   it again for the next (brk up and down, page faults): on `git log
 *   --numstat` that is a third of git's time. A larger top pad and trim
 *   threshold keep the pages; peak resident memory stays the same.
 * - git keeps up to 96 MB of inflated delta bases and maps whole packs: with
 *   two git log processes on a 100,000-commit history that was over 1 GB
 *   resident. 16 MB of delta bases costs no measurable time on long delta
 *   chains (4 MB does); smaller pack windows bound the mapped pages.
 *
 * A git that only reads (tg_proc_git_reader) runs no program but git: the
 * repository's content is not ours to trust, and git runs programs because
 * of it (a .gitattributes names a filter or diff driver that some
 * configuration defines; a core.hooksPath inside the tree). Its overrides
 * come after the user's GIT_CONFIG_COUNT pairs, so they win over every
 * configuration file and those pairs; the user's GIT_CONFIG_PARAMETERS (git
 * -c) still come later, as the user's own word.
 */
#include "proc/proc.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/strlist.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static const char *const git_env_add[] = {
        "GLIBC_TUNABLES=glibc.malloc.top_pad=33554432:glibc.malloc.trim_threshold=134217728",
        "GIT_CONFIG_COUNT=3",
        "GIT_CONFIG_KEY_0=core.deltaBaseCacheLimit",
        "GIT_CONFIG_VALUE_0=16m",
        "GIT_CONFIG_KEY_1=core.packedGitWindowSize",
        "GIT_CONFIG_VALUE_1=16m",
        "GIT_CONFIG_KEY_2=core.packedGitLimit",
        "GIT_CONFIG_VALUE_2=64m",
};

/* The entries of git_env_add the user does not set, NULL-terminated. */
static const char *git_env[TG_ARRAY_SIZE(git_env_add) + 1];
static pthread_once_t git_env_once = PTHREAD_ONCE_INIT;

/*
 * A reader's configuration, whatever the repository: each key that makes git
 * run a program, set so that it runs none (an empty external diff or ssh
 * command fails closed: git reports that it cannot run "", it runs nothing).
 */
static const char *const reader_config[][2] = {
        {"core.fsmonitor", "false"},
        {"core.hooksPath", "/dev/null"},
        {"core.sshCommand", ""},
        {"diff.external", ""},
        /* No network: the only transport is a local repository's, which is git itself. */
        {"protocol.allow", "never"},
        {"protocol.file.allow", "always"},
        {"commit.gpgSign", "false"},
        {"tag.gpgSign", "false"},
        {"log.showSignature", "false"},
        {"gpg.program", ""},
        {"gpg.openpgp.program", ""},
        {"gpg.x509.program", ""},
        {"gpg.ssh.program", ""},
        {"submodule.recurse", "false"},
        {"gc.auto", "0"},
        {"maintenance.auto", "false"},
};

/* Variables of the user's that would make a reader run a program: unset. */
static const char *const reader_unset[] = {"GIT_SSH_COMMAND", "GIT_SSH",     "GIT_EXTERNAL_DIFF",
                                           "GIT_ASKPASS",     "SSH_ASKPASS", "GIT_PROXY_COMMAND"};

/* The entries of a reader's environment for one repository, built once. */
struct reader_env {
	char *repo;
	struct tg_strlist owned;
	const char **env; /* NULL-terminated, into owned */
	struct reader_env *next;
};

static struct reader_env *readers; /* a few: the repository, execute's worktrees */
static pthread_mutex_t readers_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * 1 when our environment already sets the entry's variable; for the
 * GIT_CONFIG_KEY/VALUE pairs, when it has its own GIT_CONFIG_COUNT (whose
 * pairs ours would replace).
 */
static int env_has(const char *entry)
{
	size_t n = strcspn(entry, "=") + 1;
	size_t i;

	if (!strncmp(entry, "GIT_CONFIG_KEY_", 15) || !strncmp(entry, "GIT_CONFIG_VALUE_", 17)) {
		entry = "GIT_CONFIG_COUNT=";
		n = 17;
	}
	for (i = 0; environ[i]; i++)
		if (!strncmp(environ[i], entry, n))
			return 1;
	return 0;
}

static void git_env_build(void)
{
	size_t i, k = 0;

	for (i = 0; i < TG_ARRAY_SIZE(git_env_add); i++)
		if (!env_has(git_env_add[i]))
			git_env[k++] = git_env_add[i];
}

void tg_proc_git(struct tg_child *c, const char *const *argv)
{
	pthread_once(&git_env_once, git_env_build);
	tg_child_init(c, argv);
	c->env = git_env;
}

/* Appends the configuration pair key=value as GIT_CONFIG_KEY_n/VALUE_n, n counting up. */
static void add_pair(struct tg_strlist *env, size_t *n, const char *key, const char *value)
{
	struct tg_buf b = TG_BUF_INIT;

	tg_buf_addf(&b, "GIT_CONFIG_KEY_%zu=%s", *n, key);
	tg_strlist_add(env, b.buf);
	tg_buf_reset(&b);
	tg_buf_addf(&b, "GIT_CONFIG_VALUE_%zu=%s", *n, value);
	tg_strlist_add(env, b.buf);
	tg_buf_release(&b);
	(*n)++;
}

static const char *const filter_keys[][2] = {
        {"clean", ""}, {"smudge", ""}, {"process", ""}, {"required", "false"}};
static const char *const remote_keys[][2] = {{"uploadpack", "git-upload-pack"},
                                             {"receivepack", "git-receive-pack"}};

/*
 * Each configured driver that a .gitattributes may name, made to run
 * nothing: a filter's commands emptied (git then leaves the content as it
 * is) and not required, a remote's pack programs git's own. The keys come
 * from every configuration file git reads for repo, included ones too.
 * Diff drivers (textconv, command) cannot be emptied without failing every
 * diff: a reader's diff passes --no-ext-diff --no-textconv instead.
 */
static void add_drivers(struct tg_strlist *env, size_t *n, const char *repo,
                        const char *const *base)
{
	const char *argv[] = {
	        "git", "-C", repo, "config", "-z", "--get-regexp", "^(filter|remote)\\..", NULL};
	struct tg_buf out = TG_BUF_INIT, name = TG_BUF_INIT, key = TG_BUF_INIT;
	struct tg_strlist done = TG_STRLIST_INIT;
	struct tg_child c;
	const char *p, *end, *dot;

	tg_child_init(&c, argv);
	c.env = base;
	c.in.how = TG_CHILD_NULL;
	c.err.how = TG_CHILD_NULL;
	if (tg_child_capture(&c, NULL, 0, &out, NULL))
		tg_error_clear(); /* then the command itself fails, and says why */
	for (p = out.buf, end = out.buf + out.len; p < end; p += strlen(p) + 1) {
		/* "section.name.variable\nvalue": the name is all between the first and last dot */
		size_t klen = strcspn(p, "\n");
		const char *first = memchr(p, '.', klen);
		int filter = !strncmp(p, "filter.", 7);

		if (!first)
			continue;
		for (dot = p + klen; dot > first && *dot != '.'; dot--)
			;
		if (dot == first)
			continue; /* "section.variable": no driver named */
		tg_buf_reset(&name);
		tg_buf_add(&name, p, (size_t)(dot - p)); /* "filter.x" */
		if (tg_strlist_find(&done, name.buf) >= 0)
			continue;
		tg_strlist_add(&done, name.buf);
		const char *const(*keys)[2] = filter ? filter_keys : remote_keys;
		size_t nkeys = filter ? TG_ARRAY_SIZE(filter_keys) : TG_ARRAY_SIZE(remote_keys);
		for (size_t i = 0; i < nkeys; i++) {
			tg_buf_reset(&key);
			tg_buf_addf(&key, "%s.%s", name.buf, keys[i][0]);
			add_pair(env, n, key.buf, keys[i][1]);
		}
	}
	tg_strlist_clear(&done);
	tg_buf_release(&out);
	tg_buf_release(&name);
	tg_buf_release(&key);
}

/* The user's GIT_CONFIG_COUNT, 0 when not set (or not a number, which git refuses anyway). */
static size_t user_config_count(void)
{
	const char *v = getenv("GIT_CONFIG_COUNT");
	char *end;
	unsigned long n;

	if (!v || !*v)
		return 0;
	n = strtoul(v, &end, 10);
	return *end ? 0 : (size_t)n;
}

/* The fixed part (repo NULL) or the whole of a reader's environment for repo. */
static void reader_env_build(struct reader_env *r, const char *repo, const char *const *base)
{
	size_t first = user_config_count(), n = first, i, count_at;
	struct tg_buf b = TG_BUF_INIT;

	if (!env_has(git_env_add[0]))
		tg_strlist_add(&r->owned, git_env_add[0]);
	tg_strlist_add(&r->owned, "GIT_TERMINAL_PROMPT=0");
	for (i = 0; i < TG_ARRAY_SIZE(reader_unset); i++)
		tg_strlist_add(&r->owned, reader_unset[i]);
	count_at = r->owned.nr;
	tg_strlist_add(&r->owned, "GIT_CONFIG_COUNT="); /* set below */
	/* The memory tuning as tg_proc_git's, unless the user has pairs of their own. */
	for (i = 2; !first && i + 1 < TG_ARRAY_SIZE(git_env_add); i += 2)
		add_pair(&r->owned, &n, strchr(git_env_add[i], '=') + 1,
		         strchr(git_env_add[i + 1], '=') + 1);
	for (i = 0; i < TG_ARRAY_SIZE(reader_config); i++)
		add_pair(&r->owned, &n, reader_config[i][0], reader_config[i][1]);
	if (repo)
		add_drivers(&r->owned, &n, repo, base);
	tg_buf_reset(&b);
	tg_buf_addf(&b, "GIT_CONFIG_COUNT=%zu", n);
	free(r->owned.v[count_at]);
	r->owned.v[count_at] = tg_buf_detach(&b, NULL);
	r->env = tg_calloc(r->owned.nr + 1, sizeof(*r->env));
	for (i = 0; i < r->owned.nr; i++)
		r->env[i] = r->owned.v[i];
	tg_buf_release(&b);
}

/* What a reader's git needs before its repository is known: to list the drivers. */
static struct reader_env fixed;
static pthread_once_t fixed_once = PTHREAD_ONCE_INIT;

static void fixed_build(void)
{
	reader_env_build(&fixed, NULL, NULL);
}

const char *const *tg_proc_git_reader_env(const char *repo)
{
	struct reader_env *r;

	if (!repo)
		repo = ".";
	pthread_once(&fixed_once, fixed_build);
	pthread_mutex_lock(&readers_lock);
	for (r = readers; r && strcmp(r->repo, repo); r = r->next)
		;
	if (!r) {
		/* Built under the lock: a second thread on the same repository waits for it. */
		r = tg_calloc(1, sizeof(*r));
		r->repo = tg_strdup(repo);
		reader_env_build(r, repo, fixed.env);
		r->next = readers;
		readers = r;
	}
	pthread_mutex_unlock(&readers_lock);
	return r->env;
}

void tg_proc_git_reader(struct tg_child *c, const char *const *argv, const char *repo)
{
	tg_child_init(c, argv);
	c->env = tg_proc_git_reader_env(repo);
}

/* git's first line on stderr (kept in err), for the message of a failed run. */
static void first_line(FILE *err, char *line, size_t size)
{
	line[0] = '\0';
	if (!err)
		return;
	rewind(err);
	if (!fgets(line, (int)size, err))
		line[0] = '\0';
	line[strcspn(line, "\n")] = '\0';
}

int tg_proc_git_stream(const char *repo, const char *const *argv, const char *name,
                       int (*feed)(void *arg, const char *buf, size_t len), void *arg)
{
	struct tg_child c;
	FILE *err = tmpfile();
	char line[512];
	int rc, rc2;

	tg_proc_git_reader(&c, argv, repo);
	c.name = name;
	c.in.how = TG_CHILD_NULL;
	c.out.how = TG_CHILD_PIPE;
	if (err) {
		c.err.how = TG_CHILD_FD;
		c.err.fd = fileno(err);
	}
	rc = tg_child_start(&c);
	if (!rc) {
		rc = tg_child_stream_out(&c, feed, arg, name);
		rc2 = tg_child_finish(&c);
		if (!rc2 && tg_child_code(&c)) {
			first_line(err, line, sizeof(line));
			rc2 = tg_child_check(&c, line[0] ? line : "(no message)");
		}
		if (rc == TG_OK)
			rc = rc2;
	}
	if (err)
		fclose(err);
	return rc;
}
