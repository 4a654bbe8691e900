/*
 * tg_osv_match's speed: 10,000 dependencies against an in-memory database
 * of about 200,000 records, made by replicating real records under new
 * package names ("django" -> "django-r7"), each package keeping the records
 * it really has. The lookup renders a record with its new name on each
 * call, as a database reads a row, and that cost is counted.
 *
 *	osv_match DIR... [--records N] [--deps N] [--latest] [--db FILE] [--dump FILE]
 *
 * --db FILE: the lookups go to that terragon OSV database instead (made by
 * bench/vulns.sh from the same records, replicated with the same names), so
 * the figure is the product's: SQLite, the stored JSON, the matcher.
 * --jobs N (1 to 8, with --db): the match on N threads, each with its own
 * handle, as discover's deps source runs it (tg_osv_match_parallel).
 * --dump FILE: the dependencies, one "ecosystem<TAB>name<TAB>version" a line,
 * for a peer to match the same list.
 *
 * Each dependency is at a version one of its package's records names
 * (most are affected: the worst case), or with --latest at the highest
 * such version (fewer are: the last listed or introduced versions of open
 * ranges still are).
 *
 * DIR holds OSV JSON records (the Go and crates.io data of ../shared/osv
 * unpacked, and the PyPI YAML converted to JSON). Built by hand, not by
 * CMake, against a Release build's libraries (B=build/release):
 *
 *	cc -O2 -D_GNU_SOURCE -Isrc -I$B/gen bench/osv_match.c $B/src/osv/libtg_osv.a \
 *	   $B/src/deps/libtg_deps.a $B/src/walk/libtg_walk.a $B/src/version/libtg_version.a \
 *	   $B/src/util/libtg_util.a $(pkg-config --libs jansson yaml-0.1 libxml-2.0 libxxhash) \
 *	   -lpthread -lm -ldl -o osv_match
 *
 * Prints the match's wall and CPU time alone, the findings, and the peak RSS.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "deps/deps.h"
#include "osv/osv.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hashmap.h"
#include "util/json.h"
#include "version/version.h"
#include "vulndb/vulndb.h"

struct original {
	char *text;
	struct tg_strlist names; /* the affected packages' names as written */
	enum tg_eco eco;
	struct tg_strlist versions; /* versions worth asking about: events and lists */
	size_t *at, *which, nat;    /* where each quoted name sits in text, and which name */
};

static struct original *orig;
static size_t norig;
static struct tg_hashmap index_; /* "eco:normalised name" -> struct hits * */

struct hits {
	size_t *rec, nr, alloc; /* (original << 8) | replica */
};

static void add_version(struct original *o, const char *v)
{
	if (v && strcmp(v, "0") && tg_strlist_find(&o->versions, v) < 0)
		tg_strlist_add(&o->versions, v);
}

/* The offsets of the quoted package names in the text, in order, so rendering is copying. */
static void find_names(struct original *o)
{
	const char *p = o->text;

	for (;;) {
		size_t j, best = 0, at = (size_t)-1;

		for (j = 0; j < o->names.nr; j++) {
			char q[512];
			const char *hit;

			snprintf(q, sizeof(q), "\"%s\"", o->names.v[j]);
			hit = strstr(p, q);
			if (hit && (size_t)(hit - p) < at) {
				at = (size_t)(hit - p);
				best = j;
			}
		}
		if (at == (size_t)-1)
			return;
		o->at = tg_realloc(o->at, (o->nat + 1) * sizeof(*o->at));
		o->which = tg_realloc(o->which, (o->nat + 1) * sizeof(*o->which));
		o->at[o->nat] = (size_t)(p - o->text) + at + 1;
		o->which[o->nat++] = best;
		p += at + strlen(o->names.v[best]) + 2;
	}
}

static void load_file(const char *path)
{
	struct tg_buf b = TG_BUF_INIT;
	struct original o = {0};
	json_t *rec, *aff, *r, *e, *v;
	size_t i, j, k;

	if (tg_buf_read_file(&b, path))
		return;
	rec = tg_json_loadb(b.buf, b.len, 0, NULL);
	json_array_foreach(json_object_get(rec, "affected"), i, aff)
	{
		json_t *pkg = json_object_get(aff, "package");
		const char *n = json_string_value(json_object_get(pkg, "name"));
		const char *eco = json_string_value(json_object_get(pkg, "ecosystem"));

		if (!n || !eco || tg_eco_parse(eco, &o.eco))
			continue;
		if (tg_strlist_find(&o.names, n) < 0)
			tg_strlist_add(&o.names, n);
		json_array_foreach(json_object_get(aff, "ranges"), j, r)
		        json_array_foreach(json_object_get(r, "events"), k, e)
		{
			add_version(&o, json_string_value(json_object_get(e, "introduced")));
			add_version(&o, json_string_value(json_object_get(e, "fixed")));
		}
		json_array_foreach(json_object_get(aff, "versions"), j, v)
		        add_version(&o, json_string_value(v));
	}
	json_decref(rec);
	if (!o.names.nr) {
		tg_buf_release(&b);
		return;
	}
	o.text = tg_strdup(b.buf); /* not the read buffer: it is sized for any file */
	tg_buf_release(&b);
	find_names(&o);
	orig = tg_realloc(orig, (norig + 1) * sizeof(*orig));
	orig[norig++] = o;
}

static void load_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		perror(dir);
		exit(2);
	}
	while ((de = readdir(d))) {
		char path[4096];

		if (!strstr(de->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		load_file(path);
	}
	closedir(d);
}

/* Replica k of a package: "name-k", as bench/vulns.sh names them in its database. */
static void replica_name(const char *name, size_t k, struct tg_buf *out)
{
	tg_buf_adds(out, name);
	if (k)
		tg_buf_addf(out, "-%zu", k);
}

static void index_key(enum tg_eco eco, const char *name, size_t k, struct tg_buf *out)
{
	struct tg_buf n = TG_BUF_INIT;

	replica_name(name, k, &n);
	tg_buf_addf(out, "%d:", (int)eco);
	tg_eco_normalize_name(eco, n.buf, out);
	tg_buf_release(&n);
}

static void build_index(size_t replicas)
{
	size_t k, i, j;

	for (k = 0; k < replicas; k++)
		for (i = 0; i < norig; i++)
			for (j = 0; j < orig[i].names.nr; j++) {
				struct tg_buf key = TG_BUF_INIT;
				struct tg_hashmap_entry *e;
				struct hits *h;

				index_key(orig[i].eco, orig[i].names.v[j], k, &key);
				e = tg_hashmap_put(&index_, key.buf, key.len, NULL);
				if (!e->val.ptr)
					e->val.ptr = tg_calloc(1, sizeof(struct hits));
				h = e->val.ptr;
				if (h->nr == h->alloc) {
					h->alloc = h->alloc ? 2 * h->alloc : 2;
					h->rec = tg_realloc(h->rec, h->alloc * sizeof(*h->rec));
				}
				if (!h->nr || h->rec[h->nr - 1] != (i << 8 | k))
					h->rec[h->nr++] = i << 8 | k;
				tg_buf_release(&key);
			}
}

/* The record's text with each of its package names, quoted, given replica k's suffix. */
static void render(const struct original *o, size_t k, struct tg_buf *out)
{
	size_t from = 0, i;

	tg_buf_reset(out);
	for (i = 0; i < o->nat; i++) {
		const char *name = o->names.v[o->which[i]];

		tg_buf_add(out, o->text + from, o->at[i] - from);
		replica_name(name, k, out);
		from = o->at[i] + strlen(name);
	}
	tg_buf_adds(out, o->text + from);
}

static int lookup(void *db, enum tg_eco eco, const char *name, tg_osv_each_fn each, void *arg)
{
	struct tg_buf key = TG_BUF_INIT, *text = db;
	struct tg_hashmap_entry *e;
	struct hits *h;
	size_t i;

	tg_buf_addf(&key, "%d:%s", (int)eco, name);
	e = tg_hashmap_get(&index_, key.buf, key.len);
	tg_buf_release(&key);
	h = e ? e->val.ptr : NULL;
	for (i = 0; h && i < h->nr; i++) {
		render(&orig[h->rec[i] >> 8], h->rec[i] & 0xff, text);
		if (each(arg, text->buf, text->len))
			return -1;
	}
	return 0;
}

/* This process's CPU time: on a shared machine the wall time measures the neighbours too. */
static double cpu(void)
{
	struct rusage r;

	getrusage(RUSAGE_SELF, &r);
	return (double)r.ru_utime.tv_sec + (double)r.ru_utime.tv_usec / 1e6 +
	       (double)r.ru_stime.tv_sec + (double)r.ru_stime.tv_usec / 1e6;
}

static const char *pick_version(const struct original *o, int latest)
{
	const char *best;
	size_t j;

	if (!o->versions.nr)
		return "1.0.0";
	if (!latest)
		return o->versions.v[(size_t)rand() % o->versions.nr];
	best = o->versions.v[0];
	for (j = 1; j < o->versions.nr; j++) {
		int c;

		if (!tg_version_cmp(o->eco, o->versions.v[j], best, &c) && c > 0)
			best = o->versions.v[j];
	}
	return best;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t want_records = 200000, want_deps = 10000, replicas, i, total = 0, affected = 0;
	int latest = 0;
	const char *dbfile = NULL, *dump = NULL;
	struct tg_vulndb *vdb[8] = {NULL};
	size_t jobs = 1;
	struct tg_dep_list deps = TG_DEP_LIST_INIT;
	struct tg_vuln_list out = {0};
	struct tg_buf text = TG_BUF_INIT;
	struct rusage ru;
	double t0, t1, c0, c1;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--records") && a + 1 < argc)
			want_records = strtoul(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "--latest"))
			latest = 1;
		else if (!strcmp(argv[a], "--deps") && a + 1 < argc)
			want_deps = strtoul(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "--db") && a + 1 < argc)
			dbfile = argv[++a];
		else if (!strcmp(argv[a], "--dump") && a + 1 < argc)
			dump = argv[++a];
		else if (!strcmp(argv[a], "--jobs") && a + 1 < argc)
			jobs = strtoul(argv[++a], NULL, 10);
		else
			load_dir(argv[a]);
	}
	if (jobs < 1 || jobs > 8)
		jobs = 1;
	if (!norig) {
		fprintf(stderr, "usage: osv_match DIR... [--records N] [--deps N]\n");
		return 2;
	}
	replicas = (want_records + norig - 1) / norig;
	if (replicas > 255)
		replicas = 255;
	build_index(replicas);
	srand(14);
	/* Packages uniformly (not records: Go's "stdlib" alone is named by hundreds), each at a
	 * version one of its records names, so that many are affected. */
	for (i = 0; i < want_deps; i++) {
		struct tg_hashmap_entry *e = &index_.entries[(size_t)rand() % index_.nr];
		const struct hits *h = e->val.ptr;
		const struct original *o = &orig[h->rec[(size_t)rand() % h->nr] >> 8];
		struct tg_dep *d = tg_dep_list_add(&deps);
		struct tg_buf n = TG_BUF_INIT, v = TG_BUF_INIT;

		d->eco = o->eco;
		if (o->eco == TG_ECO_GO)
			tg_buf_addch(&v, 'v');
		tg_buf_adds(&v, pick_version(o, latest));
		d->version = tg_buf_detach(&v, NULL);
		tg_buf_adds(&n, strchr(e->str, ':') + 1); /* the package's normalised name */
		tg_dep_set_name(d, n.buf);
		tg_buf_release(&n);
	}
	if (dump) {
		FILE *f = fopen(dump, "w");
		for (i = 0; f && i < deps.nr; i++)
			fprintf(f, "%s\t%s\t%s\n", tg_eco_name(deps.v[i].eco), deps.v[i].name,
			        deps.v[i].version);
		if (f)
			fclose(f);
	}
	for (i = 0; dbfile && i < jobs; i++)
		if (tg_vulndb_open(dbfile, TG_VULNDB_READ, &vdb[i])) {
			fprintf(stderr, "%s\n", tg_error_message());
			return 1;
		}
	t0 = now();
	c0 = cpu();
	if (dbfile ? tg_osv_match_parallel(tg_vulndb_lookup, (void *const *)vdb, jobs, &deps, &out)
	           : tg_osv_match(lookup, &text, &deps, &out))
		return 1;
	c1 = cpu();
	t1 = now();
	for (i = 0; i < out.nr; i++)
		affected += out.v[i].verdict == TG_OSV_AFFECTED;
	getrusage(RUSAGE_SELF, &ru);
	for (i = 0; i < norig; i++)
		total += replicas;
	printf("records: %zu (%zu real x %zu), dependencies: %zu\n", total, norig, replicas,
	       deps.nr);
	printf("match: %.3f s wall, %.3f s CPU; records seen %zu, skipped %zu, findings %zu "
	       "(affected %zu)\n",
	       t1 - t0, c1 - c0, out.records_seen, out.records_skipped, out.nr, affected);
	printf("peak RSS: %ld MB\n", ru.ru_maxrss / 1024);
	tg_vuln_list_clear(&out);
	tg_dep_list_clear(&deps);
	tg_buf_release(&text);
	for (i = 0; i < jobs; i++)
		tg_vulndb_close(vdb[i]);
	return 0;
}
