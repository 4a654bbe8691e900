/* SLSA Provenance v1 in an in-toto Statement v1 (supply/provenance.h). */
#include "supply/provenance.h"

#include <stdlib.h>
#include <string.h>

#include "supply/sign.h"
#include "util/clock.h"
#include "util/error.h"
#include "version.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static void member(struct tg_buf *o, const char *key, const char *value, int *first)
{
	if (!value)
		return;
	tg_buf_adds(o, *first ? "" : ",");
	tg_buf_add_jsons(o, key);
	tg_buf_addch(o, ':');
	tg_buf_add_jsons(o, value);
	*first = 0;
}

static int subjects(struct tg_buf *o, const char *const *artifacts, size_t n)
{
	tg_buf_adds(o, "\"subject\":[");
	for (size_t i = 0; i < n; i++) {
		unsigned char dg[32];
		char hex[65];
		int rc = tg_sha256_file(artifacts[i], dg);

		if (rc)
			return rc;
		tg_hex(dg, 32, hex);
		tg_buf_adds(o, i ? ",{\"name\":" : "{\"name\":");
		tg_buf_add_jsons(o, artifacts[i]);
		tg_buf_addf(o, ",\"digest\":{\"sha256\":\"%s\"}}", hex);
	}
	tg_buf_adds(o, "],");
	return TG_OK;
}

/* In GitHub Actions, what the run says; else what the repository says. */
static void build_definition(struct tg_buf *o, const struct tg_prov_source *src, int gha)
{
	struct tg_buf repo = TG_BUF_INIT;
	const char *ref = gha && env("GITHUB_REF") ? env("GITHUB_REF") : src->ref;
	const char *commit = gha && env("GITHUB_SHA") ? env("GITHUB_SHA") : src->commit;
	int first = 1;

	if (gha && env("GITHUB_REPOSITORY"))
		tg_buf_addf(&repo, "%s/%s",
		            env("GITHUB_SERVER_URL") ? env("GITHUB_SERVER_URL")
		                                     : "https://github.com",
		            env("GITHUB_REPOSITORY"));
	else if (src->repository)
		tg_buf_adds(&repo, src->repository);
	tg_buf_adds(o, "\"buildDefinition\":{\"buildType\":\"" TG_PROVENANCE_BUILD_TYPE
	               "\",\"externalParameters\":{");
	member(o, "repository", repo.len ? repo.buf : NULL, &first);
	member(o, "ref", ref, &first);
	if (gha && env("GITHUB_WORKFLOW_REF")) {
		tg_buf_adds(o, first ? "\"workflow\":{" : ",\"workflow\":{");
		first = 1;
		member(o, "ref", env("GITHUB_WORKFLOW_REF"), &first);
		member(o, "event", env("GITHUB_EVENT_NAME"), &first);
		tg_buf_addch(o, '}');
	}
	tg_buf_adds(o, "},\"internalParameters\":{\"terragon_version\":\"" TG_VERSION "\"}");
	if (commit) {
		tg_buf_adds(o, ",\"resolvedDependencies\":[{");
		if (repo.len) {
			struct tg_buf uri = TG_BUF_INIT;

			tg_buf_addf(&uri, "%s%s%s%s", strncmp(repo.buf, "git+", 4) ? "git+" : "",
			            repo.buf, ref ? "@" : "", ref ? ref : "");
			tg_buf_adds(o, "\"uri\":");
			tg_buf_add_jsons(o, uri.buf);
			tg_buf_addch(o, ',');
			tg_buf_release(&uri);
		}
		tg_buf_adds(o, "\"digest\":{\"gitCommit\":");
		tg_buf_add_jsons(o, commit);
		tg_buf_adds(o, "}}]");
	}
	tg_buf_adds(o, "},");
	tg_buf_release(&repo);
}

/* builder.id and invocationId: GitHub Actions' runner when there, else this host. */
static void run_details(struct tg_buf *o, const struct tg_prov_source *src, int gha, time_t started,
                        time_t finished)
{
	char t0[32], t1[32];

	tg_time_format(started, t0, sizeof(t0));
	tg_time_format(finished, t1, sizeof(t1));
	tg_buf_adds(o, "\"runDetails\":{\"builder\":{\"id\":");
	if (gha) {
		const char *renv = env("RUNNER_ENVIRONMENT");

		tg_buf_adds(o, renv && !strcmp(renv, "github-hosted")
		                       ? "\"https://github.com/actions/runner/github-hosted\""
		                       : "\"https://github.com/actions/runner/self-hosted\"");
	} else {
		struct tg_buf id = TG_BUF_INIT;

		tg_buf_addf(&id, "urn:terragon:local-host:%s", src->host ? src->host : "unknown");
		tg_buf_add_jsons(o, id.buf);
		tg_buf_release(&id);
	}
	tg_buf_adds(o, ",\"version\":{\"terragon\":\"" TG_VERSION "\"}},\"metadata\":{");
	if (gha && env("GITHUB_RUN_ID") && env("GITHUB_REPOSITORY")) {
		struct tg_buf inv = TG_BUF_INIT;

		tg_buf_addf(&inv, "%s/%s/actions/runs/%s/attempts/%s",
		            env("GITHUB_SERVER_URL") ? env("GITHUB_SERVER_URL")
		                                     : "https://github.com",
		            env("GITHUB_REPOSITORY"), env("GITHUB_RUN_ID"),
		            env("GITHUB_RUN_ATTEMPT") ? env("GITHUB_RUN_ATTEMPT") : "1");
		tg_buf_adds(o, "\"invocationId\":");
		tg_buf_add_jsons(o, inv.buf);
		tg_buf_addch(o, ',');
		tg_buf_release(&inv);
	}
	tg_buf_addf(o, "\"startedOn\":\"%s\",\"finishedOn\":\"%s\"}}", t0, t1);
}

int tg_provenance_statement(const char *const *artifacts, size_t n,
                            const struct tg_prov_source *src, time_t started, time_t finished,
                            struct tg_buf *out)
{
	const char *ga = env("GITHUB_ACTIONS");
	int gha = ga && !strcmp(ga, "true"), rc;

	tg_buf_adds(out, "{\"_type\":\"https://in-toto.io/Statement/v1\",");
	if ((rc = subjects(out, artifacts, n)))
		return rc;
	tg_buf_adds(out, "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{");
	build_definition(out, src, gha);
	run_details(out, src, gha, started, finished);
	tg_buf_adds(out, "}}");
	return TG_OK;
}
