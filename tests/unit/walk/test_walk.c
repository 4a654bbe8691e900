#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "walk/walk.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/strlist.h"

#include "testlib.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the callback saw, shared by the worker threads. */
struct seen {
	pthread_mutex_t mu;
	struct tg_strlist paths;
	const char *root;
	int (*hook)(struct seen *s, const struct tg_walk_file *f);
	atomic_long inflight, max_inflight;
	atomic_int calls;
	int bad_nul;
};

static char *root;

static void put(const char *rel, const void *data, size_t len)
{
	char path[4096], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void puts_(const char *rel, const char *text)
{
	put(rel, text, strlen(text));
}

static int collect(const struct tg_walk_file *f, void *arg)
{
	struct seen *s = arg;
	long now = atomic_fetch_add(&s->inflight, (long)f->len) + (long)f->len, max;
	int rc = 0;

	max = atomic_load(&s->max_inflight);
	while (now > max && !atomic_compare_exchange_weak(&s->max_inflight, &max, now))
		;
	if (f->data[f->len] != '\0')
		s->bad_nul = 1;
	atomic_fetch_add(&s->calls, 1);
	if (s->hook)
		rc = s->hook(s, f);
	pthread_mutex_lock(&s->mu);
	tg_strlist_add(&s->paths, f->path);
	pthread_mutex_unlock(&s->mu);
	atomic_fetch_sub(&s->inflight, (long)f->len);
	return rc;
}

static void seen_init(struct seen *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	s->root = root;
}

static void seen_release(struct seen *s)
{
	tg_strlist_clear(&s->paths);
	pthread_mutex_destroy(&s->mu);
}

/* The sorted paths seen, joined by spaces: easy to compare and to read on failure. */
static char *joined(struct seen *s)
{
	struct tg_buf b = TG_BUF_INIT;
	size_t i;

	tg_strlist_sort(&s->paths);
	for (i = 0; i < s->paths.nr; i++)
		tg_buf_addf(&b, "%s%s", i ? " " : "", s->paths.v[i]);
	return tg_buf_detach(&b, NULL);
}

static int run(struct seen *s, struct tg_walk_opts *o, struct tg_walk_stats *st)
{
	seen_init(s);
	if (!o->root)
		o->root = root;
	return tg_walk_run(o, collect, s, st);
}

static const struct tg_walk_skip *find_skip(const struct tg_walk_stats *st, const char *path)
{
	size_t i;

	for (i = 0; i < st->skipped_nr; i++)
		if (!strcmp(st->skipped[i].path, path))
			return &st->skipped[i];
	return NULL;
}

static size_t count_skips(const struct tg_walk_stats *st, const char *path)
{
	size_t i, n = 0;

	for (i = 0; i < st->skipped_nr; i++)
		n += !strcmp(st->skipped[i].path, path);
	return n;
}

static int setup(void **state)
{
	root = tl_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	tl_rmtree(root);
	root = NULL;
	return 0;
}

static void test_gitignore_levels(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	char *got;

	puts_(".gitignore", "*.log\nbuild/\n/top.txt\n!keep.log\n");
	puts_("a.c", "int a;\n");
	puts_("x.log", "log\n");
	puts_("keep.log", "kept\n");
	puts_("top.txt", "top\n");
	puts_("sub/top.txt", "not anchored here\n");
	puts_("build/out.c", "ignored dir\n");
	puts_("sub/build/out.c", "ignored dir at any level\n");
	puts_("sub/.gitignore", "!*.log\n/local\n");
	puts_("sub/y.log", "re-included by the deeper file\n");
	puts_("sub/local", "anchored in sub\n");
	puts_("sub/deep/local", "not anchored\n");
	puts_(".terragonignore", "secret/\n");
	puts_("secret/s.c", "x\n");
	puts_(".git/info/exclude", "*.tmp\n");
	puts_(".git/HEAD", "ref: refs/heads/main\n");
	puts_("t.tmp", "excluded by info/exclude\n");
	assert_int_equal(run(&s, &o, &st), TG_OK);
	got = joined(&s);
	assert_string_equal(got, ".gitignore .terragonignore a.c keep.log sub/.gitignore "
	                         "sub/deep/local sub/top.txt sub/y.log");
	free(got);
	tg_walk_stats_release(&st);
	seen_release(&s);

	/* no_ignore reads everything but .git */
	o.no_ignore = 1;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	assert_int_equal(s.paths.nr, 17 - 2);
	assert_int_equal(tg_strlist_find(&s.paths, ".git/HEAD"), -1);
	tg_walk_stats_release(&st);
	seen_release(&s);
}

static void test_parent_gitignore(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	char sub[4096], *got;

	mkdir(root, 0755);
	puts_(".git/info/exclude", "*.tmp\n");
	puts_(".gitignore", "*.o\ninner/skip/\n");
	puts_("inner/a.c", "a\n");
	puts_("inner/a.o", "o\n");
	puts_("inner/b.tmp", "t\n");
	puts_("inner/skip/c.c", "c\n");
	snprintf(sub, sizeof(sub), "%s/inner", root);
	o.root = sub;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	got = joined(&s);
	assert_string_equal(got, "a.c");
	free(got);
	tg_walk_stats_release(&st);
	seen_release(&s);
}

static void test_binary_and_size(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	static char big[700 * 1024];
	const struct tg_walk_skip *k;
	char bin[100] = "text then";
	char *got;

	bin[50] = '\0';
	memset(bin + 51, 'x', 49);
	put("bin.dat", bin, sizeof(bin));
	memset(big, 'y', sizeof(big));
	put("big.txt", big, sizeof(big)); /* over the limit below */
	put("limit.txt", big, 1000);      /* exactly at the limit */
	put("over.txt", big, 1001);       /* one byte over */
	put("empty.txt", bin, 0);         /* empty */
	big[9000] = '\0';
	put("nul-after-8k.txt", big, 10000); /* a NUL past 8 KiB is text */
	o.max_file_bytes = 1000;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	got = joined(&s);
	assert_string_equal(got, "empty.txt limit.txt");
	free(got);
	assert_non_null(k = find_skip(&st, "bin.dat"));
	assert_int_equal(k->reason, TG_SKIP_BINARY);
	assert_non_null(k = find_skip(&st, "big.txt"));
	assert_int_equal(k->reason, TG_SKIP_TOO_LARGE);
	assert_non_null(k = find_skip(&st, "over.txt"));
	assert_int_equal(k->reason, TG_SKIP_TOO_LARGE);
	assert_non_null(k = find_skip(&st, "nul-after-8k.txt"));
	assert_int_equal(k->reason, TG_SKIP_TOO_LARGE);
	assert_int_equal(st.skipped_nr, 4);
	tg_walk_stats_release(&st);
	seen_release(&s);

	/* larger than a worker's base buffer, under the limit: read whole */
	o.max_file_bytes = 0;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	assert_int_not_equal(tg_strlist_find(&s.paths, "big.txt"), -1);
	assert_int_not_equal(tg_strlist_find(&s.paths, "nul-after-8k.txt"), -1);
	assert_int_equal(s.bad_nul, 0);
	assert_int_equal(st.bytes, 700 * 1024 + 1000 + 1001 + 10000);
	tg_walk_stats_release(&st);
	seen_release(&s);
}

static int only_pkl(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && !strcmp(path + n - 4, ".pkl");
}

/* opts.wanted passes files over unread and uncounted; keep_binary hands binaries over. */
static void test_wanted_and_keep_binary(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	char bin[64] = "\x80\x04pickle";
	char *got;

	(void)state;
	bin[20] = '\0';
	put("m/model.pkl", bin, sizeof(bin));
	put("data.bin", bin, sizeof(bin));
	puts_("a.c", "int a;\n");
	o.wanted = only_pkl;
	o.keep_binary = 1;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	got = joined(&s);
	assert_string_equal(got, "m/model.pkl");
	free(got);
	assert_int_equal(st.files, 1);
	assert_int_equal(st.skipped_nr, 0);
	tg_walk_stats_release(&st);
	seen_release(&s);
	/* without keep_binary the same file is a binary skip */
	o.keep_binary = 0;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	assert_int_equal(s.paths.nr, 0);
	assert_int_equal(find_skip(&st, "m/model.pkl")->reason, TG_SKIP_BINARY);
	tg_walk_stats_release(&st);
	seen_release(&s);
}

static void test_symlinks(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	char a[4096], b[4096], *got;
	const struct tg_walk_skip *k;

	puts_("real/f.c", "int f;\n");
	snprintf(a, sizeof(a), "%s/link-file", root);
	assert_int_equal(symlink("real/f.c", a), 0);
	snprintf(a, sizeof(a), "%s/link-dir", root);
	assert_int_equal(symlink("real", a), 0);
	snprintf(a, sizeof(a), "%s/up", root);
	assert_int_equal(symlink(".", a), 0);
	snprintf(a, sizeof(a), "%s/loop-a", root);
	snprintf(b, sizeof(b), "%s/loop-b", root);
	assert_int_equal(symlink("loop-b", a), 0);
	assert_int_equal(symlink("loop-a", b), 0);
	assert_int_equal(run(&s, &o, &st), TG_OK);
	got = joined(&s);
	assert_string_equal(got, "real/f.c");
	free(got);
	assert_non_null(k = find_skip(&st, "link-file"));
	assert_int_equal(k->reason, TG_SKIP_SYMLINK);
	assert_non_null(k = find_skip(&st, "link-dir"));
	assert_int_equal(k->reason, TG_SKIP_SYMLINK);
	assert_non_null(k = find_skip(&st, "up"));
	assert_int_equal(k->reason, TG_SKIP_SYMLINK);
	assert_non_null(k = find_skip(&st, "loop-a"));
	assert_int_equal(k->reason, TG_SKIP_SYMLINK_LOOP);
	assert_int_equal(count_skips(&st, "loop-a"), 1);
	assert_int_equal(st.skipped_nr, 5);
	tg_walk_stats_release(&st);
	seen_release(&s);
}

/* 0 when a directory and a file without read permission are skipped, each once. */
static int unreadable_walk(void)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	const struct tg_walk_skip *k;
	int bad = 0;

	if (run(&s, &o, &st) != TG_OK)
		bad |= 1;
	if (s.paths.nr != 1 || strcmp(s.paths.v[0], "ok.c"))
		bad |= 2;
	if (!(k = find_skip(&st, "locked/")) || k->reason != TG_SKIP_UNREADABLE)
		bad |= 4;
	if (!(k = find_skip(&st, "noread.c")) || k->reason != TG_SKIP_UNREADABLE)
		bad |= 8;
	if (st.skipped_nr != 2)
		bad |= 16;
	tg_walk_stats_release(&st);
	seen_release(&s);
	return bad;
}

static void test_unreadable_dir(void **state)
{
	char d[4096];
	pid_t pid;
	int status;

	puts_("ok.c", "ok\n");
	puts_("locked/hidden.c", "hidden\n");
	puts_("noread.c", "x\n");
	snprintf(d, sizeof(d), "%s/locked", root);
	assert_int_equal(chmod(d, 0), 0);
	snprintf(d, sizeof(d), "%s/noread.c", root);
	assert_int_equal(chmod(d, 0), 0);
	if (access(d, R_OK) != 0) {
		assert_int_equal(unreadable_walk(), 0);
		return;
	}
	/* root reads through permissions: walk as nobody in a child, if we may */
	if (geteuid() != 0 || chmod(root, 0755))
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(77);
		if (access(d, R_OK) == 0)
			_exit(77);
		_exit(unreadable_walk());
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* The first file read unlinks every other file, and truncates or grows the kept ones. */
static int vandal(struct seen *s, const struct tg_walk_file *f)
{
	char path[4096];
	FILE *grow;
	int i;

	if (atomic_load(&s->calls) != 1)
		return 0;
	for (i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "%s/f%02d.c", s->root, i);
		if (strcmp(path + strlen(s->root) + 1, f->path))
			unlink(path);
	}
	snprintf(path, sizeof(path), "%s/keep/shrinks.c", s->root);
	if (truncate(path, 3))
		s->bad_nul = 2;
	snprintf(path, sizeof(path), "%s/keep/grows.c", s->root);
	grow = fopen(path, "a");
	for (i = 0; grow && i < 5000; i++)
		fputs("// more\n", grow);
	if (grow)
		fclose(grow);
	return 0;
}

static void test_vanishing_files(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	char name[64];
	size_t i, vanished = 0;

	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "f%02zu.c", i);
		puts_(name, "int x;\n");
	}
	puts_("keep/shrinks.c", "0123456789\n");
	puts_("keep/grows.c", "01\n");
	o.workers = 1;
	seen_init(&s);
	s.hook = vandal;
	o.root = root;
	assert_int_equal(tg_walk_run(&o, collect, &s, &st), TG_OK);
	for (i = 0; i < st.skipped_nr; i++) {
		assert_int_equal(st.skipped[i].reason, TG_SKIP_VANISHED);
		assert_int_equal(count_skips(&st, st.skipped[i].path), 1);
		vanished++;
	}
	/* the first file, and the two kept ones as they then were */
	assert_int_equal(vanished + s.paths.nr, 42);
	assert_int_equal(s.paths.nr, 3);
	assert_int_not_equal(tg_strlist_find(&s.paths, "keep/shrinks.c"), -1);
	assert_int_not_equal(tg_strlist_find(&s.paths, "keep/grows.c"), -1);
	tg_walk_stats_release(&st);
	seen_release(&s);
}

static void make_tree(int ndirs, int nfiles)
{
	char name[128];
	int d, f;

	for (d = 0; d < ndirs; d++)
		for (f = 0; f < nfiles; f++) {
			snprintf(name, sizeof(name), "d%d/e%d/f%d.c", d % 7, d, f);
			puts_(name, name);
		}
	puts_("d0/.gitignore", "f1*.c\n");
}

static void test_threads_same_set(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st1, st4;
	struct seen s1, s4;
	char *a, *b;

	make_tree(30, 40);
	o.workers = 1;
	o.max_files_per_batch = 7;
	assert_int_equal(run(&s1, &o, &st1), TG_OK);
	o.workers = 4;
	assert_int_equal(run(&s4, &o, &st4), TG_OK);
	a = joined(&s1);
	b = joined(&s4);
	assert_true(s1.paths.nr > 1000);
	assert_int_equal(s1.paths.nr, s4.paths.nr);
	assert_string_equal(a, b);
	assert_int_equal(st1.files, st4.files);
	assert_int_equal(st1.bytes, st4.bytes);
	assert_int_equal(st1.dirs, st4.dirs);
	free(a);
	free(b);
	tg_walk_stats_release(&st1);
	tg_walk_stats_release(&st4);
	seen_release(&s1);
	seen_release(&s4);
}

static void test_memory_bounded(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	static char big[600 * 1024];
	char name[64];
	int i;

	memset(big, 'm', sizeof(big));
	for (i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "d%d/big%d.txt", i % 4, i);
		put(name, big, sizeof(big));
	}
	o.workers = 4;
	o.max_files_per_batch = 1;
	o.memory_limit_mb = 1;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	assert_int_equal(s.paths.nr, 12);
	/* two 600 KiB files at once would already be over the 1 MiB bound */
	assert_true(atomic_load(&s.max_inflight) <= 1024 * 1024);
	tg_walk_stats_release(&st);
	seen_release(&s);
}

static void test_generated_and_own_outputs(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	struct tg_strlist own = TG_STRLIST_INIT, excl = TG_STRLIST_INIT;
	const struct tg_walk_skip *k;
	char *got;

	puts_("app.js", "let a = 1;\n");
	puts_("app.min.js", "let a=1;\n");
	puts_("node_modules/x/index.js", "module.exports = 1;\n");
	puts_("gen.go", "// Code generated by stringer. DO NOT EDIT.\n\npackage x\n");
	puts_("BACKLOG.md", "# backlog\n");
	puts_("docs/BACKLOG.md", "# not ours\n");
	puts_(".terragon/cache", "c\n");
	puts_("drop/me.c", "x\n");
	tg_strlist_add(&own, "BACKLOG.md");
	tg_strlist_add(&own, ".terragon/");
	tg_strlist_add(&excl, "drop/");
	o.own_outputs = &own;
	o.exclude = &excl;
	o.no_ignore = 1;
	o.skip_generated = 1;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	got = joined(&s);
	assert_string_equal(got, "app.js docs/BACKLOG.md");
	free(got);
	assert_non_null(k = find_skip(&st, "node_modules/"));
	assert_int_equal(k->reason, TG_SKIP_VENDORED);
	assert_non_null(k = find_skip(&st, "app.min.js"));
	assert_int_equal(k->reason, TG_SKIP_GENERATED);
	assert_non_null(k = find_skip(&st, "gen.go"));
	assert_int_equal(k->reason, TG_SKIP_GENERATED);
	assert_int_equal(st.skipped_nr, 3);
	tg_walk_stats_release(&st);
	seen_release(&s);

	o.skip_generated = 0;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	assert_int_equal(s.paths.nr, 5);
	assert_int_equal(st.skipped_nr, 0);
	tg_walk_stats_release(&st);
	seen_release(&s);
	tg_strlist_clear(&own);
	tg_strlist_clear(&excl);
}

static int stop_at_third(struct seen *s, const struct tg_walk_file *f)
{
	if (atomic_load(&s->calls) == 3)
		return tg_error_set(TG_ERR_RUN, "%s: stop here", f->path);
	return 0;
}

static void test_abort_and_single_file(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct seen s;
	char file[4096];

	make_tree(10, 20);
	seen_init(&s);
	s.hook = stop_at_third;
	o.root = root;
	o.workers = 2;
	assert_int_equal(tg_walk_run(&o, collect, &s, &st), TG_ERR_RUN);
	assert_non_null(strstr(tg_error_message(), "stop here"));
	assert_true(s.paths.nr < 200);
	tg_walk_stats_release(&st);
	seen_release(&s);

	snprintf(file, sizeof(file), "%s/d0/e0/f3.c", root);
	o.root = file;
	assert_int_equal(run(&s, &o, &st), TG_OK);
	assert_int_equal(s.paths.nr, 1);
	assert_string_equal(s.paths.v[0], "f3.c");
	tg_walk_stats_release(&st);
	seen_release(&s);

	o.root = "/nonexistent/tg-walk";
	assert_int_equal(run(&s, &o, &st), TG_ERR_USAGE);
	tg_walk_stats_release(&st);
	seen_release(&s);
}

struct oids {
	pthread_mutex_t mu;
	char tracked[41], modified[41], untracked[41];
};

static void hex(const unsigned char *oid, char out[41])
{
	int i;

	if (!oid) {
		strcpy(out, "none");
		return;
	}
	for (i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02x", oid[i]);
}

static int keep_oid(const struct tg_walk_file *f, void *arg)
{
	struct oids *o = arg;

	pthread_mutex_lock(&o->mu);
	if (!strcmp(f->path, "tracked.c"))
		hex(f->oid, o->tracked);
	else if (!strcmp(f->path, "modified.c"))
		hex(f->oid, o->modified);
	else if (!strcmp(f->path, "untracked.c"))
		hex(f->oid, o->untracked);
	pthread_mutex_unlock(&o->mu);
	return 0;
}

/* Blob ids come from the index only for tracked files whose stat data still matches. */
static void test_blob_ids(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st;
	struct oids ids;
	char cmd[8192];
	FILE *p;
	char want[64] = "";

	puts_("tracked.c", "int tracked;\n");
	puts_("modified.c", "int modified;\n");
	/* old mtimes: an entry as new as the index itself would be racily clean */
	snprintf(cmd, sizeof(cmd),
	         "cd %s && touch -d '2020-01-01' tracked.c modified.c && git init -q . && "
	         "git -c user.name=t -c user.email=t@t add tracked.c modified.c && "
	         "git hash-object tracked.c",
	         root);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(want, sizeof(want), p));
	assert_int_equal(pclose(p), 0);
	want[40] = '\0';
	puts_("modified.c", "int modified_again;\n");
	puts_("untracked.c", "int untracked;\n");
	memset(&ids, 0, sizeof(ids));
	pthread_mutex_init(&ids.mu, NULL);
	o.root = root;
	assert_int_equal(tg_walk_run(&o, keep_oid, &ids, &st), TG_OK);
	assert_string_equal(ids.tracked, want);
	assert_string_equal(ids.modified, "none");
	assert_string_equal(ids.untracked, "none");
	tg_walk_stats_release(&st);
	pthread_mutex_destroy(&ids.mu);
}

/* opts.cached: files it claims are never read nor handed over, but still counted. */
static int claim_all(const struct tg_walk_entry *e, void *arg)
{
	struct seen *s = arg;

	if (e->size != 2 || e->mtime_ns <= 0 || !e->ino)
		s->bad_nul = 1; /* stat data missing: reported through the same flag */
	return 1;
}

static int claim_a(const struct tg_walk_entry *e, void *arg)
{
	(void)arg;
	return !strcmp(e->path, "a.c");
}

static int check_stat(struct seen *s, const struct tg_walk_file *f)
{
	if (f->mtime_ns <= 0 || !f->ino)
		s->bad_nul = 1;
	return 0;
}

static void test_cached_hook(void **state)
{
	struct tg_walk_opts o = TG_WALK_OPTS_INIT;
	struct tg_walk_stats st = TG_WALK_STATS_INIT;
	struct seen s;
	char *got;

	(void)state;
	puts_("a.c", "a\n");
	puts_("d/b.c", "b\n");
	o.cached = claim_all;
	assert_int_equal(run(&s, &o, &st), 0);
	assert_int_equal(atomic_load(&s.calls), 0);
	assert_int_equal(s.bad_nul, 0);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.bytes, 0);
	seen_release(&s);
	tg_walk_stats_release(&st);

	o.cached = claim_a;
	seen_init(&s);
	s.hook = check_stat;
	assert_int_equal(tg_walk_run(&o, collect, &s, &st), 0);
	got = joined(&s);
	assert_string_equal(got, "d/b.c");
	assert_int_equal(s.bad_nul, 0);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.bytes, 2);
	free(got);
	seen_release(&s);
	tg_walk_stats_release(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_gitignore_levels, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_parent_gitignore, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_binary_and_size, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_symlinks, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_unreadable_dir, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_vanishing_files, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_threads_same_set, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_memory_bounded, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_generated_and_own_outputs, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_abort_and_single_file, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_blob_ids, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_cached_hook, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_wanted_and_keep_binary, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
