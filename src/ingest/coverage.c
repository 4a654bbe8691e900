/*
 * Coverage reports: format detection, paths into the repository, and the
 * merged per-line and per-branch records (a file can appear in several
 * sections or classes; counts add up, a branch taken anywhere is taken).
 */

#include "ingest/coverage_int.h"

#include "util/alloc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void tg_coverage_init(struct tg_coverage *c)
{
	memset(c, 0, sizeof(*c));
	c->percent = c->branch_percent = -1;
}

void tg_coverage_release(struct tg_coverage *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		free(c->files[i].path);
		free(c->files[i].lines);
		free(c->files[i].branch_keys);
	}
	free(c->files);
	tg_strlist_clear(&c->missing);
	tg_coverage_init(c);
}

static int is_file(struct cov_builder *b, const char *rel)
{
	struct stat st;

	tg_buf_reset(&b->tmp);
	tg_buf_addf(&b->tmp, "%s/%s", b->root.lexical, rel);
	return !stat(b->tmp.buf, &st) && S_ISREG(st.st_mode);
}

/* rel = path made relative to the root, if that names a file. */
static int try_path(struct cov_builder *b, const char *path)
{
	return !tg_ingest_relative(&b->root, path, &b->rel) && is_file(b, b->rel.buf);
}

/* Drops leading components until what is left names a file; remembers the part dropped. */
static int try_strip(struct cov_builder *b, const char *raw)
{
	size_t n;

	if (b->strip && !strncmp(raw, b->strip, (n = strlen(b->strip))) && try_path(b, raw + n))
		return 1;
	for (const char *p = strchr(raw, '/'); p; p = strchr(p + 1, '/')) {
		if (!p[1] || p[1] == '/')
			continue;
		if (try_path(b, p + 1)) {
			free(b->strip);
			b->strip = tg_strndup(raw, (size_t)(p + 1 - raw));
			return 1;
		}
	}
	return 0;
}

static int map_path(struct cov_builder *b, const char *raw)
{
	for (size_t i = 0; raw[0] != '/' && i < b->sources.nr; i++) {
		struct tg_buf joined = TG_BUF_INIT;
		int ok;
		tg_buf_addf(&joined, "%s/%s", b->sources.v[i], raw);
		ok = try_path(b, joined.buf);
		tg_buf_release(&joined);
		if (ok)
			return 1;
	}
	return try_path(b, raw) || try_strip(b, raw);
}

int cov_file(struct cov_builder *b, const char *raw, struct tg_coverage_file **out)
{
	struct tg_coverage *c = b->cov;
	struct tg_hashmap_entry *e = tg_hashmap_get(&b->raw, raw, strlen(raw));
	size_t idx;

	if (e) {
		*out = e->val.u64 ? &c->files[e->val.u64 - 1] : NULL;
		return e->val.u64 ? 0 : 1;
	}
	if (!map_path(b, raw)) {
		tg_hashmap_put(&b->raw, raw, strlen(raw), NULL)->val.u64 = 0;
		tg_strlist_add(&c->missing, raw);
		tg_note("%s: %s is not in the repository; skipped", b->file, raw);
		*out = NULL;
		return 1;
	}
	e = tg_hashmap_get(&b->by_path, b->rel.buf, b->rel.len);
	if (e) {
		idx = e->val.u64;
	} else {
		TG_ALLOC_GROW(c->files, c->nr + 1, c->alloc);
		idx = c->nr++;
		memset(&c->files[idx], 0, sizeof(c->files[idx]));
		c->files[idx].path = tg_strdup(b->rel.buf);
		tg_hashmap_put(&b->by_path, b->rel.buf, b->rel.len, NULL)->val.u64 = idx;
	}
	tg_hashmap_put(&b->raw, raw, strlen(raw), NULL)->val.u64 = idx + 1;
	*out = &c->files[idx];
	return 0;
}

void cov_line(struct tg_coverage_file *f, int line, long long hits)
{
	if (line < 1)
		return;
	TG_ALLOC_GROW(f->lines, f->lines_nr + 1, f->lines_alloc);
	f->lines[f->lines_nr].line = line;
	f->lines[f->lines_nr].hits = hits < 0 ? 0 : hits;
	f->lines_nr++;
}

void cov_branch(struct tg_coverage_file *f, int line, const char *key, size_t len, int taken)
{
	struct tg_hasher h;
	char lbuf[16];
	unsigned long long k;

	snprintf(lbuf, sizeof(lbuf), "%d", line);
	tg_hasher_init(&h);
	tg_hasher_adds(&h, lbuf);
	tg_hasher_add(&h, key, len);
	k = tg_hasher_finish(&h) & ~1ull;
	TG_ALLOC_GROW(f->branch_keys, f->branch_nr + 1, f->branch_alloc);
	f->branch_keys[f->branch_nr++] = k | (taken ? 1 : 0);
}

static int cmp_line(const void *a, const void *b)
{
	const struct tg_coverage_line *x = a, *y = b;
	return (x->line > y->line) - (x->line < y->line);
}

static int cmp_u64(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return (x > y) - (x < y);
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct tg_coverage_file *)a)->path,
	              ((const struct tg_coverage_file *)b)->path);
}

static void total_file(struct tg_coverage_file *f)
{
	size_t n = 0;

	if (f->lines_nr > 1)
		qsort(f->lines, f->lines_nr, sizeof(*f->lines), cmp_line);
	for (size_t i = 0; i < f->lines_nr; i++) {
		if (n && f->lines[n - 1].line == f->lines[i].line)
			f->lines[n - 1].hits += f->lines[i].hits;
		else
			f->lines[n++] = f->lines[i];
	}
	f->lines_nr = n;
	f->lines_found = n;
	f->lines_hit = 0;
	for (size_t i = 0; i < n; i++)
		f->lines_hit += f->lines[i].hits > 0;

	if (f->branch_nr > 1)
		qsort(f->branch_keys, f->branch_nr, sizeof(*f->branch_keys), cmp_u64);
	f->branches_found = f->branches_hit = 0;
	for (size_t i = 0; i < f->branch_nr;) {
		unsigned long long k = f->branch_keys[i] & ~1ull;
		int taken = 0;
		for (; i < f->branch_nr && (f->branch_keys[i] & ~1ull) == k; i++)
			taken |= (int)(f->branch_keys[i] & 1);
		f->branches_found++;
		f->branches_hit += taken;
	}
	free(f->branch_keys);
	f->branch_keys = NULL;
	f->branch_nr = f->branch_alloc = 0;
}

static void total(struct tg_coverage *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		struct tg_coverage_file *f = &c->files[i];
		total_file(f);
		c->lines_found += f->lines_found;
		c->lines_hit += f->lines_hit;
		c->branches_found += f->branches_found;
		c->branches_hit += f->branches_hit;
	}
	if (c->nr > 1)
		qsort(c->files, c->nr, sizeof(*c->files), cmp_file);
	tg_strlist_sort(&c->missing);
	c->percent = c->lines_found ? 100.0 * (double)c->lines_hit / (double)c->lines_found : -1;
	c->branch_percent = c->branches_found
	                            ? 100.0 * (double)c->branches_hit / (double)c->branches_found
	                            : -1;
}

int tg_ingest_coverage(const char *file, const char *repo_root, struct tg_coverage *out)
{
	struct tg_buf text = TG_BUF_INIT;
	struct cov_builder b;
	const char *p;
	int rc;

	rc = tg_buf_read_file(&text, file);
	if (rc)
		return rc;
	memset(&b, 0, sizeof(b));
	b.cov = out;
	b.file = file;
	b.tmp = (struct tg_buf)TG_BUF_INIT;
	b.rel = (struct tg_buf)TG_BUF_INIT;
	rc = tg_ingest_root_init(&b.root, repo_root);
	if (rc)
		goto done;
	p = text.buf;
	if (text.len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '<') {
		out->format = "cobertura";
		rc = tg_ingest_cobertura(&b, text.buf, text.len);
	} else if (*p == '{') {
		out->format = "coverage.py";
		rc = tg_ingest_coveragepy(&b, text.buf, text.len);
	} else {
		out->format = "lcov";
		rc = tg_ingest_lcov(&b, text.buf, text.len);
	}
	if (!rc)
		total(out);
done:
	if (rc) {
		tg_coverage_release(out);
		tg_coverage_init(out);
	}
	tg_ingest_root_release(&b.root);
	tg_strlist_clear(&b.sources);
	tg_hashmap_release(&b.raw);
	tg_hashmap_release(&b.by_path);
	free(b.strip);
	tg_buf_release(&b.tmp);
	tg_buf_release(&b.rel);
	tg_buf_release(&text);
	return rc;
}

const struct tg_coverage_file *tg_coverage_find(const struct tg_coverage *c, const char *path)
{
	size_t lo = 0, hi = c->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->files[mid].path, path);
		if (!d)
			return &c->files[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

long long tg_coverage_line_hits(const struct tg_coverage_file *f, int line)
{
	size_t lo = 0, hi = f->lines_nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->lines[mid].line == line)
			return f->lines[mid].hits;
		if (f->lines[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
