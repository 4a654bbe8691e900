/*
 * PEP 440 against python-packaging: every version of the PyPI vector files
 * and the edge cases below go to packaging.version.Version (pep440_rank.py)
 * and to tg_version_valid/tg_version_cmp. Which strings are invalid and the
 * order of the valid ones must agree; each disagreement is printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "version/version.h"

/* Spellings, separators, case, whitespace and invalid forms. */
static const char *const edge[] = {
        "1.0",
        "v1.0",
        "V1.0",
        "  1.0  ",
        "\t1.0",
        "1.0\t",
        "\v1.0\f",
        "\x1c"
        "1.0\x1f",
        "1!1.0",
        "0!1.0",
        "1.0a",
        "1.0a-",
        "1.0a.",
        "1.0-a",
        "1.0_a_1",
        "1.0.alpha.1",
        "1.0ALPHA1",
        "1.0b",
        "1.0beta2",
        "1.0c1",
        "1.0pre1",
        "1.0preview",
        "1.0rc",
        "1.0.RC.1",
        "1.0-1",
        "1.0-0",
        "1.0--1",
        "1.0-r",
        "1.0.rev3",
        "1.0post",
        "1.0.post.1",
        "1.0-post-1",
        "1.0_post_1",
        "1.0.post1.dev2",
        "1.0.dev",
        "1.0dev1",
        "1.0-dev-1",
        "1.0a1.dev1",
        "1.0a1.post1.dev1",
        "1.0+abc",
        "1.0+ABC.1",
        "1.0+abc-1_2.3",
        "1.0+",
        "1.0+abc.",
        "1.0+.abc",
        "1.0+abc..1",
        "1.0.",
        ".1.0",
        "1..0",
        "1.0..a1",
        "01.0",
        "1.01",
        "1.0.0.0.0",
        "1!",
        "!1.0",
        "1!1!1.0",
        "1.0a1b1",
        "1.0a1a1",
        "1.0rc1post1",
        "1.0.post1-1",
        "1.0-1.post1",
        "1.0abc",
        "1.0 a1",
        "1.0-",
        "1.0_",
        "1.0.dev-",
        "1.0.post-",
        "1.0++1",
        "v",
        "vv1.0",
        "1.0v",
        "99999999999999999999999999.0",
        "1.0a99999999999999999999999",
        "1.0-1-1",
        "1.0.0a0",
        "1.0.0rc0",
        "1.0.dev0",
        "1.0a0.dev0",
        "1.0.post0.dev0",
        "1.0.0-0",
        "1.0-01",
        "1.0.0.0.1",
        "0",
        "00",
        "0.0.0",
        "1.0+0",
        "1.0+00",
        "1.0+a0",
        "1.0+0a",
        "2012.10.02",
        "1.0_rc_1",
        "1.0-RC-1",
        "1.0.POST.1",
        "1.0.DEV1",
        "1.0.Dev1",
        "",
        " ",
        "random",
        "foo-1.0",
        "1.0-foo",
        "1.0.alpha-beta",
        "1.0a.1",
        "1.0-a-1",
        "1.0a-1",
        "1.0r1",
        "1.0pre.1",
        "1.0alpha.post",
        "1.0.c",
        "1.0c",
        "1.0a1-1",
        "1.0a.-1",
        "1.0.post.dev",
        "1.0a..dev",
        "1.0.dev.+abc",
        "1.0-1.dev1",
        "1.0-1dev1",
        "1!1.0a1.post2.dev3+x.4",
        "1.0+x-y_z",
        "1.0+X",
        "1.0+x",
        "1.0rev",
        "1.0-rev-2",
        "1.0.r.2",
        "1.0alpha",
        "1.0alpha0",
        "1.0a0",
        "1.0preview0",
        "1.0rc0",
        "1.0pre0",
        "1.0c0",
        "1.0.0",
        "1.0.0.0",
        "1",
        "1.0-post1",
        "1.0 ",
        " 1.0",
        "1.0\n",
        "1.0\r",
        "1.0.dev1.post1",
        "1.0.post1.post2",
        "1.0a1.a2",
        "1.0+1.2.3",
        "1.0+1.2",
        "1.0+1.2.a",
        "1.0+01",
        "1.0+1",
        "1.0.0+1",
        "1.0-dev",
        "1.0_dev_3",
        "2!0",
        "1.2.3.4.5.6.7.8.9.10",
        "0.0.0.0.0.1",
        "1.0a-post",
        "1.0a--post",
        "1.0rc-1",
        "1.0rc--1",
        "1.0--post",
        "1.0..post",
        "1.0..dev",
        "1.0a__1",
        "1.0post__1",
};

static void add_line(struct tg_buf *corpus, const char *v, size_t *nr)
{
	tg_buf_adds(corpus, v);
	tg_buf_addch(corpus, '\n');
	(*nr)++;
}

/* Every version on either side of each case of a vector file. */
static void add_vectors(struct tg_buf *corpus, const char *file, size_t *nr)
{
	char path[512];
	struct tg_buf b;

	snprintf(path, sizeof(path), "%s/tests/data/versions/%s", TG_SOURCE_DIR, file);
	tg_buf_init(&b, 0);
	assert_int_equal(tg_buf_read_file(&b, path), TG_OK);
	for (char *line = strtok(b.buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *sep = strstr(line, " < ");

		if (!sep)
			sep = strstr(line, " > ");
		if (!sep)
			sep = strstr(line, " = ");
		if (!sep || !strncmp(line, "//", 2) || *line == '#')
			continue;
		*sep = '\0';
		add_line(corpus, line, nr);
		add_line(corpus, sep + 3, nr);
	}
	tg_buf_release(&b);
}

static char **versions;
static const long *py_sort;

static int by_python(const void *a, const void *b)
{
	long x = py_sort[*(const size_t *)a], y = py_sort[*(const size_t *)b];

	return (x > y) - (x < y);
}

static int by_ours(const void *a, const void *b)
{
	int c = 0;

	tg_version_cmp(TG_ECO_PYPI, versions[*(const size_t *)a], versions[*(const size_t *)b], &c);
	return c;
}

/* Dense ranks of idx[0..n) in the order of cmp (equal ones share one) into rank[]. */
static void ranks_ours(size_t *idx, size_t n, long *rank)
{
	long r = -1;

	qsort(idx, n, sizeof(*idx), by_ours);
	for (size_t i = 0; i < n; i++) {
		if (!i || by_ours(&idx[i - 1], &idx[i]))
			r++;
		rank[idx[i]] = r;
	}
}

static long *python_ranks(const char *corpus, size_t nr)
{
	char *dir = tl_tmpdir(), path[4096];
	struct tg_buf b;
	long *rank = tg_calloc(nr, sizeof(*rank));
	size_t i = 0;

	tl_write(dir, "corpus", corpus);
	snprintf(path, sizeof(path), "%s/tests/unit/version/pep440_rank.py", TG_SOURCE_DIR);
	/* the python3 first on PATH may be one without Debian's python3-packaging */
	tl_sh(dir,
	      "for p in python3 /usr/bin/python3; do "
	      "if $p -c 'import packaging.version' 2>/dev/null; then "
	      "exec $p '%s' corpus ranks; fi; done; echo 'no python3 with packaging' >&2; exit 1",
	      path);
	snprintf(path, sizeof(path), "%s/ranks", dir);
	tg_buf_init(&b, 0);
	assert_int_equal(tg_buf_read_file(&b, path), TG_OK);
	for (char *line = strtok(b.buf, "\n"); line && i < nr; line = strtok(NULL, "\n"))
		rank[i++] = strtol(line, NULL, 10);
	assert_int_equal(i, nr);
	tg_buf_release(&b);
	tl_rmtree(dir);
	return rank;
}

static void test_against_packaging(void **state)
{
	struct tg_buf corpus;
	size_t nr = 0, nvalid = 0, both = 0, bad_valid = 0, bad_order = 0, *idx;
	long *py, *ours, *py_dense;

	tg_buf_init(&corpus, 0);
	add_vectors(&corpus, "pypi-versions.txt", &nr);
	add_vectors(&corpus, "pypi-versions-generated.txt", &nr);
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		add_line(&corpus, edge[i], &nr);
	versions = tg_calloc(nr, sizeof(*versions));
	{
		char *p = corpus.buf;

		for (size_t i = 0; i < nr; i++) {
			char *nl = strchr(p, '\n');

			versions[i] = tg_strndup(p, (size_t)(nl - p));
			p = nl + 1;
		}
	}
	py = python_ranks(corpus.buf, nr);

	/* the same strings invalid */
	idx = tg_calloc(nr, sizeof(*idx));
	for (size_t i = 0; i < nr; i++) {
		int valid = tg_version_valid(TG_ECO_PYPI, versions[i]);

		nvalid += valid;
		if (valid != (py[i] >= 0)) {
			fprintf(stderr, "\"%s\": packaging says %s, we say %s\n", versions[i],
			        py[i] >= 0 ? "valid" : "invalid", valid ? "valid" : "invalid");
			bad_valid++;
		} else if (valid) {
			idx[both++] = i;
		}
	}

	/* the same order: each version's rank among those both accept */
	ours = tg_calloc(nr, sizeof(*ours));
	py_dense = tg_calloc(nr, sizeof(*py_dense));
	ranks_ours(idx, both, ours);
	{
		/* packaging's ranks made dense over the same subset, by sorting on them */
		size_t *by_py = tg_calloc(both, sizeof(*by_py));
		long r = -1, prev = -2;

		memcpy(by_py, idx, both * sizeof(*by_py));
		py_sort = py;
		qsort(by_py, both, sizeof(*by_py), by_python);
		for (size_t i = 0; i < both; i++) {
			if (py[by_py[i]] != prev)
				r++;
			prev = py[by_py[i]];
			py_dense[by_py[i]] = r;
		}
		free(by_py);
	}
	for (size_t i = 0; i < both; i++)
		if (ours[idx[i]] != py_dense[idx[i]]) {
			if (bad_order < 20)
				fprintf(stderr, "\"%s\": packaging ranks it %ld, we rank it %ld\n",
				        versions[idx[i]], py_dense[idx[i]], ours[idx[i]]);
			bad_order++;
		}
	printf("PEP 440 vs packaging: %zu versions, %zu valid for us, %zu validity "
	       "disagreements; %zu ordered by both, %zu order disagreements\n",
	       nr, nvalid, bad_valid, both, bad_order);
	assert_int_equal(bad_valid, 0);
	assert_int_equal(bad_order, 0);
	for (size_t i = 0; i < nr; i++)
		free(versions[i]);
	free(versions);
	free(idx);
	free(ours);
	free(py_dense);
	free(py);
	tg_buf_release(&corpus);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_against_packaging),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
