#include "cmd/cmd.h"

#include "cmd/setup.h"
#include "deps/inventory.h"
#include "repo/repo.h"
#include "supply/sbom.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
        "terragon sbom [PATH] [-C DIR] [-c FILE] [-o FILE] [--format json|xml|spdx] [--spec "
        "1.6|1.5]",
        "",
        "A software bill of materials of the dependencies the lockfiles and manifests under PATH",
        "(default .) declare, as `terragon deps` reads them (README: Supply chain): CycloneDX",
        "JSON (--format json, the default) or XML (--format xml), or SPDX 2.3 JSON (--format",
        "spdx: scope as DEV_DEPENDENCY_OF and OPTIONAL_DEPENDENCY_OF relationships, evidence",
        "in each package's comment).",
        "Each component: its purl (also its bom-ref), version, scope, the lockfile's hashes and",
        "licence, and evidence naming each file:line it was found at; the dependency graph.",
        "The timestamp is --now, else SOURCE_DATE_EPOCH, else the clock: the same inventory and",
        "time give the same bytes. The root component is the repository, from its origin remote.",
        "Exit status 1 when a lockfile or manifest could not be read (the SBOM is still written),",
        "2 on bad usage.",
        NULL};

static const char *const spec_choices[] = {"1.6", "1.5", NULL};
static const char *const format_choices[] = {"json", "xml", "spdx", NULL};

/* --now, else SOURCE_DATE_EPOCH (seconds), else the clock. */
static int sbom_time(time_t *when)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	*when = tg_clock_now();
	if (tg_clock_fixed() || !sde || !*sde)
		return TG_OK;
	errno = 0;
	v = strtoll(sde, &end, 10);
	if (errno || *end || v < 0)
		return tg_error_set(TG_ERR_USAGE, "SOURCE_DATE_EPOCH: expected seconds, got \"%s\"",
		                    sde);
	*when = (time_t)v;
	return TG_OK;
}

static void root_of(const char *root, struct tg_sbom_root *r, char **name, char **purl, char *oid)
{
	char *url = NULL, *branch = NULL;
	const char *base = strrchr(root, '/');

	if (tg_repo_head(root, &branch, oid))
		oid[0] = 0;
	if (tg_repo_remote_url(root, "origin", &url))
		url = NULL;
	tg_error_clear();
	tg_sbom_root_from_remote(url, base ? base + 1 : root, oid[0] ? oid : NULL, name, purl);
	r->name = *name;
	r->version = oid[0] ? oid : NULL;
	r->purl = *purl;
	free(url);
	free(branch);
}

static int write_out(const char *path, const struct tg_buf *b)
{
	FILE *f = path ? fopen(path, "wb") : stdout;

	if (!f)
		return tg_error_set(TG_ERR_RUN, "%s: %s", path, strerror(errno));
	if (fwrite(b->buf, 1, b->len, f) != b->len || (path ? fclose(f) : fflush(f))) {
		if (path)
			remove(path);
		return tg_error_set(TG_ERR_RUN, "%s: write failed", path ? path : "stdout");
	}
	return TG_OK;
}

int cmd_sbom(int argc, const char **argv)
{
	int no_ignore = 0;
	const char *spec = NULL, *format = format_choices[0], *repo = NULL, *config = NULL,
	           *output = NULL;
	const struct tg_option opts[] = {
	        TG_OPT_REPO(&repo, &config),
	        TG_OPT_STRING('o', "output", &output, "FILE",
	                      "write the SBOM to FILE (default: stdout)"),
	        TG_OPT_CHOICE(0, "format", &format, format_choices,
	                      "CycloneDX JSON or XML, or SPDX 2.3 JSON (default: json)"),
	        TG_OPT_CHOICE(0, "spec", &spec, spec_choices, "CycloneDX version (default: 1.6)"),
	        TG_OPT_BOOL(
	                0, "no-ignore", &no_ignore,
	                "also read files .gitignore, .terragonignore and .git/info/exclude skip"),
	        TG_OPT_END()};
	int n = tg_options_parse_args(argc, argv, opts, usage, 0, 1);
	struct tg_dep_list deps = TG_DEP_LIST_INIT;
	struct tg_setup_tree st;
	struct tg_sbom_root root;
	struct tg_buf out = TG_BUF_INIT;
	char *name = NULL, *purl = NULL, oid[41];
	size_t failed = 0;
	time_t when;
	int rc;

	if (n < 0)
		return tg_cmd_parse_exit(n);
	if (spec && !strcmp(format, "spdx")) {
		tg_error("sbom: --spec is the CycloneDX version; --format spdx writes SPDX 2.3");
		return TG_EXIT_USAGE;
	}
	if ((rc = sbom_time(&when)) ||
	    (rc = tg_setup_tree_open(&st, repo, n ? argv[0] : NULL, config, 0))) {
		tg_error_report();
		return tg_status_exit(rc);
	}
	st.wo.no_ignore = no_ignore;
	rc = tg_deps_scan(&st.wo, &deps, &failed);
	if (!rc)
		root_of(st.root, &root, &name, &purl, oid);
	tg_setup_tree_close(&st);
	if (!rc) {
		for (size_t i = 0; i < deps.warnings.nr; i++)
			tg_warn("sbom: %s", deps.warnings.v[i]);
		enum tg_sbom_spec v =
		        spec && !strcmp(spec, "1.5") ? TG_SBOM_CDX_15 : TG_SBOM_CDX_16;

		if (!strcmp(format, "xml"))
			tg_sbom_cyclonedx_xml(&deps, &root, v, when, &out);
		else if (!strcmp(format, "spdx"))
			tg_sbom_spdx(&deps, &root, when, &out);
		else
			tg_sbom_cyclonedx(&deps, &root, v, when, &out);
		rc = write_out(output, &out);
	}
	if (rc)
		tg_error_report();
	free(name);
	free(purl);
	tg_buf_release(&out);
	tg_dep_list_clear(&deps);
	return rc ? tg_status_exit(rc) : failed ? TG_EXIT_FAIL : TG_EXIT_OK;
}
