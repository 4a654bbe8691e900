#include "cmd/cmd.h"

#include "config/config.h"
#include "repo/repo.h"
#include "supply/dsse.h"
#include "supply/provenance.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {
        "terragon provenance ARTIFACT... [-C DIR] [--key KEY] [-o FILE.intoto.jsonl] "
        "[--started-on TIME]",
        "",
        "SLSA Provenance v1 for the ARTIFACTs (subjects by SHA-256), in an in-toto Statement v1,",
        "in a DSSE envelope signed with KEY as `terragon sign` signs (--key, else",
        "TERRAGON_SIGNING_KEY; the password from TERRAGON_KEY_PASSWORD or COSIGN_PASSWORD).",
        "One envelope on one line, to FILE or stdout. The source is the repository at DIR",
        "(origin, HEAD), or GitHub Actions' GITHUB_* variables when they are set.",
        "What it proves: run as a step of your own job, with a key that job holds, this is SLSA",
        "Build L1 with signed provenance, not L2: L2 needs provenance the build platform makes",
        "and signs out of the job's reach. For L3, use a reusable workflow isolated from the",
        "build (slsa-github-generator) or GitHub's actions/attest-build-provenance.",
        "No transparency log is written to. Exit status 2 when an artifact or the key cannot",
        "be read.",
        NULL};

static void source_of(const char *repo, struct tg_prov_source *s, char **root, char **url,
                      char **branch, char *oid, struct tg_buf *ref, char *host, size_t hsize)
{
	memset(s, 0, sizeof(*s));
	*url = *branch = NULL;
	oid[0] = 0;
	if (!tg_config_find_root(repo, root)) {
		if (tg_repo_head(*root, branch, oid))
			oid[0] = 0;
		if (tg_repo_remote_url(*root, "origin", url))
			*url = NULL;
	}
	tg_error_clear();
	if (*branch)
		tg_buf_addf(ref, "refs/heads/%s", *branch);
	s->repository = *url;
	s->ref = ref->len ? ref->buf : NULL;
	s->commit = oid[0] ? oid : NULL;
	if (gethostname(host, hsize - 1) == 0) {
		host[hsize - 1] = 0;
		s->host = host;
	}
}

static int write_line(const char *path, const struct tg_buf *b)
{
	FILE *f = path ? fopen(path, "wb") : stdout;

	if (!f)
		return tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
	if (fwrite(b->buf, 1, b->len, f) != b->len || fputc('\n', f) == EOF ||
	    (path ? fclose(f) : fflush(f))) {
		if (path)
			remove(path);
		return tg_error_set(TG_ERR_RUN, "%s: write failed", path ? path : "stdout");
	}
	return TG_OK;
}

int cmd_provenance(int argc, const char **argv)
{
	const char *repo = NULL, *key_path = NULL, *output = NULL, *started_on = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_REPO_PATH(&repo),
	        TG_OPT_STRING(0, "key", &key_path, "KEY",
	                      "the private key (default: $" TG_KEY_ENV_PRIVATE ")"),
	        TG_OPT_STRING('o', "output", &output, "FILE",
	                      "write the envelope to FILE (default: stdout)"),
	        TG_OPT_STRING(0, "started-on", &started_on, "TIME",
	                      "when the build started, RFC 3339 (default: now)"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 1, -1), rc;
	struct tg_prov_source src;
	struct tg_buf ref = TG_BUF_INIT, st = TG_BUF_INIT, env = TG_BUF_INIT;
	char *root = NULL, *url = NULL, *branch = NULL, oid[41], host[256];
	time_t started = tg_clock_now();
	struct tg_key key;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (started_on && (rc = tg_time_parse(started_on, &started))) {
		tg_error_report();
		return TG_EXIT_USAGE;
	}
	/* the key first: a wrong password writes nothing */
	if ((rc = tg_key_load_private(&key, key_path))) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	source_of(repo, &src, &root, &url, &branch, oid, &ref, host, sizeof(host));
	rc = tg_provenance_statement(argv, (size_t)n, &src, started, tg_clock_now(), &st);
	if (!rc && !(rc = tg_dsse_sign(&key, TG_DSSE_INTOTO, st.buf, st.len, &env)))
		rc = write_line(output, &env);
	if (rc)
		tg_error_report();
	tg_key_release(&key);
	free(root);
	free(url);
	free(branch);
	tg_buf_release(&ref);
	tg_buf_release(&st);
	tg_buf_release(&env);
	return tg_status_exit(rc);
}
