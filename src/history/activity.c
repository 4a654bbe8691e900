/*
 * Recent activity: what ranks hotspots. bench/backtest.sh measured which
 * history best names the files that the next year's bug fixes touch (README,
 * "How well the backlog predicts"): revisions weighted by how recent they are,
 * with a bug-fix commit counting twice, beat all-time revisions. Each commit
 * of the last HALF_LIFE * 6 months before the newest one adds, to every file
 * it changed, 2^(-age / HALF_LIFE months), twice when its subject says fix,
 * bug, crash, regression, leak, overflow, race, segfault, oops or CVE.
 */
#include "history/gitlog.h"
#include "history/model_int.h"

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "util/log.h"
#include "util/strlist.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HALF_LIFE_MONTHS 6.0

/* Whole words only: "fixes" and "bugfix" count, "prefix", "fixture" and "trace" do not. */
int tg_history_fix_subject(const char *s)
{
	static const char *const words[] = {
	        "fix",      "fixes",      "fixed",       "fixing", "fixup",    "bug",
	        "bugs",     "bugfix",     "bugfixes",    "crash",  "crashes",  "crashed",
	        "crashing", "regression", "regressions", "leak",   "leaks",    "leaking",
	        "overflow", "overflows",  "race",        "races",  "segfault", "segfaults",
	        "oops",     "cve"};
	char w[16];
	size_t i, n;

	while (*s) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		for (n = 0; isalnum((unsigned char)s[n]); n++)
			if (n < sizeof(w) - 1)
				w[n] = (char)tolower((unsigned char)s[n]);
		if (n && n < sizeof(w)) {
			w[n] = '\0';
			for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
				if (!strcmp(w, words[i]))
					return 1;
		}
		s += n;
	}
	return 0;
}

struct activity {
	const struct tg_history *h;
	double *weight;
	unsigned char *born;       /* by file id: its adding commit was read */
	struct tg_hashmap current; /* current name -> file id */
};

/*
 * Which file a path of a commit belongs to, reading newest first. A path that
 * is some file's current name is that file until the commit that added it;
 * before that (or for a name no file has now) it is whichever file the
 * history says had that name, through renames: flask's app.py, re-created the
 * day after the old one moved to sansio/app.py, gets none of the old one's
 * activity.
 */
static long file_of(struct activity *a, const char *path, char status)
{
	const struct tg_hashmap_entry *e = tg_hashmap_get(&a->current, path, strlen(path));
	long id;

	if (e && !a->born[e->val.u64]) {
		if (status == 'A')
			a->born[e->val.u64] = 1; /* older commits name another file, if any */
		return (long)e->val.u64;
	}
	id = model_path_id(a->h, path);
	return e && id == (long)e->val.u64 ? -1 : id;
}

/* Adds weight w to each file of the "STATUS\0PATH\0" pairs from s; returns the rest. */
static const char *add_files(struct activity *a, double w, const char *s, const char *end)
{
	while (s < end && *s != '\x01') {
		const char *z1, *z2;
		long id;

		if (*s == '\n') {
			s++;
			continue;
		}
		z1 = memchr(s, '\0', (size_t)(end - s));
		z2 = z1 ? memchr(z1 + 1, '\0', (size_t)(end - z1 - 1)) : NULL;
		if (!z2)
			return end;
		id = file_of(a, z1 + 1, *s);
		if (id >= 0)
			a->weight[id] += w;
		s = z2 + 1;
	}
	return s;
}

/*
 * `git log -z --name-status --no-renames --format=%x01%at%x00%s`, newest first:
 * per commit "\x01TIME\0SUBJECT\0" then "\nSTATUS\0PATH\0...". A path that
 * begins with \x01 would start a commit early: its commit's other files are
 * then miscounted, nothing worse.
 */
void tg_history_activity_parse(const struct tg_history *h, const char *s, size_t len,
                               int64_t newest, double *weight)
{
	struct activity a = {h, weight, tg_calloc(h->files_nr + 1, 1), TG_HASHMAP_INIT};
	const char *end = s + len;
	size_t i;

	for (i = 0; i < h->files_nr; i++)
		tg_hashmap_put(&a.current, h->files[i].path, strlen(h->files[i].path), NULL)
		        ->val.u64 = i;
	while (s < end) {
		const char *z1, *z2;
		double age, w;

		if (*s != '\x01') {
			s++;
			continue;
		}
		z1 = memchr(s, '\0', (size_t)(end - s));
		z2 = z1 ? memchr(z1 + 1, '\0', (size_t)(end - z1 - 1)) : NULL;
		if (!z2)
			break;
		/* in doubles: a commit date is the committer's word, and may be any number */
		age = ((double)newest - (double)strtoll(s + 1, NULL, 10)) / TG_MONTH_SECONDS;
		w = pow(2.0, -(age > 0 ? age : 0) / HALF_LIFE_MONTHS);
		if (tg_history_fix_subject(z1 + 1))
			w *= 2;
		s = add_files(&a, w, z2 + 1, end);
	}
	free(a.born);
	tg_hashmap_release(&a.current);
}

double *tg_history_activity(const struct tg_history *h)
{
	double *weight = tg_calloc(h->files_nr + 1, sizeof(double));
	struct tg_buf since = TG_BUF_INIT, out = TG_BUF_INIT;
	struct tg_strlist args = TG_STRLIST_INIT;
	int64_t newest = INT64_MIN;
	size_t i;

	/* Weights are relative to the newest commit: a snapshot's ranking is its own. */
	for (i = 0; i < h->files_nr; i++)
		if (h->files[i].pub.revisions && h->files[i].pub.last_time > newest)
			newest = h->files[i].pub.last_time;
	if (newest == INT64_MIN || !h->head[0])
		return weight;
	tg_strlist_add(&args, "log");
	tg_strlist_add(&args, "-z");
	/* names and status only: the diffs' line counts would cost ten times as much */
	tg_strlist_add(&args, "--name-status");
	tg_strlist_add(&args, "--no-renames");
	tg_strlist_add(&args, "--format=%x01%at%x00%s");
	tg_strlist_add(&args, h->opts.first_parent ? "--first-parent" : "--no-merges");
	/* Older commits would add less than a 64th each: not worth reading. */
	tg_buf_addf(&since, "--max-age=%lld",
	            (long long)(newest - (int64_t)(6 * HALF_LIFE_MONTHS * TG_MONTH_SECONDS)));
	tg_strlist_add(&args, since.buf);
	tg_strlist_add(&args, h->head);
	tg_strlist_add(&args, "--");
	TG_ALLOC_GROW(args.v, args.nr + 1, args.alloc);
	args.v[args.nr] = NULL;
	if (tg_git_capture(h->root, (const char *const *)args.v, &out) != 0) {
		/* Ranked without it, every score 0: still listed, by revisions. */
		tg_warn("hotspots: recent activity not read: %s",
		        tg_error_message()[0] ? tg_error_message() : "git log failed");
		tg_error_clear();
	} else {
		tg_history_activity_parse(h, out.buf, out.len, newest, weight);
	}
	tg_debug("hotspots: %zu bytes of recent activity", out.len);
	tg_strlist_clear(&args);
	tg_buf_release(&out);
	tg_buf_release(&since);
	return weight;
}
