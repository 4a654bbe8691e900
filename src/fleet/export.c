/*
 * The fleet on schedulers that exist already: a Kubernetes Indexed Job (one
 * pod per shard, the shard from JOB_COMPLETION_INDEX) and a GitHub Actions
 * workflow with a matrix over the shards. Neither holds a secret: the Job
 * names a Secret, the workflow the repository's secrets.
 */
#include "fleet/fleet.h"

#include "util/buf.h"

/* A YAML double-quoted scalar: what the user gave (an image, a path) cannot break the document. */
static void quoted(struct tg_buf *out, const char *s)
{
	tg_buf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			tg_buf_addch(out, '\\');
		if ((unsigned char)*s < 0x20)
			tg_buf_addf(out, "\\x%02x", (unsigned char)*s);
		else
			tg_buf_addch(out, *s);
	}
	tg_buf_addch(out, '"');
}

static void env_secret(struct tg_buf *o, const char *name, const char *secret, const char *key)
{
	tg_buf_addf(o,
	            "            - name: %s\n"
	            "              valueFrom:\n"
	            "                secretKeyRef:\n"
	            "                  name: ",
	            name);
	quoted(o, secret);
	tg_buf_addf(o, "\n                  key: %s\n", key);
}

void tg_fleet_export_k8s(struct tg_buf *o, const struct tg_fleet_export *e)
{
	tg_buf_adds(o,
	            "# terragon fleet as a Kubernetes Indexed Job (terragon export k8s-job).\n"
	            "# Needs: a ConfigMap with the repository list (key repos.yaml) and a Secret\n"
	            "# with store-url (postgres://..., no password), pgpassword and\n"
	            "# git-credentials (git's credential store format), both named below.\n"
	            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ");
	quoted(o, e->name);
	tg_buf_addf(o,
	            "\n  labels:\n    app.kubernetes.io/name: terragon-fleet\n"
	            "spec:\n"
	            "  completionMode: Indexed\n"
	            "  completions: %u\n"
	            "  parallelism: %u\n"
	            "  # A failed shard is retried on its own; the others go on.\n"
	            "  backoffLimitPerIndex: 2\n"
	            "  maxFailedIndexes: %u\n"
	            "  ttlSecondsAfterFinished: 86400\n"
	            "  template:\n"
	            "    metadata:\n"
	            "      labels:\n"
	            "        app.kubernetes.io/name: terragon-fleet\n"
	            "    spec:\n"
	            "      restartPolicy: Never\n"
	            "      securityContext:\n"
	            "        runAsNonRoot: true\n"
	            "        runAsUser: 10001\n"
	            "        fsGroup: 10001\n"
	            "      containers:\n"
	            "        - name: terragon\n"
	            "          image: ",
	            e->shards, e->shards, e->shards);
	quoted(o, e->image);
	tg_buf_addf(o,
	            "\n"
	            "          args:\n"
	            "            - fleet\n"
	            "            - run\n"
	            "            - --repos\n"
	            "            - /etc/terragon-fleet/repos.yaml\n"
	            "            - --shard\n"
	            "            - \"$(JOB_COMPLETION_INDEX)/%u\"\n"
	            "            - --workdir\n"
	            "            - /work\n"
	            "          env:\n"
	            "            - name: JOB_COMPLETION_INDEX\n"
	            "              valueFrom:\n"
	            "                fieldRef:\n"
	            "                  fieldPath: "
	            "metadata.annotations['batch.kubernetes.io/job-completion-index']\n",
	            e->shards);
	env_secret(o, "TERRAGON_STORE__URL", e->secret, "store-url");
	env_secret(o, "PGPASSWORD", e->secret, "pgpassword");
	tg_buf_adds(o, "            # git's own credential helper reads the mounted Secret.\n"
	               "            - name: GIT_CONFIG_COUNT\n"
	               "              value: \"1\"\n"
	               "            - name: GIT_CONFIG_KEY_0\n"
	               "              value: credential.helper\n"
	               "            - name: GIT_CONFIG_VALUE_0\n"
	               "              value: \"store --file=/etc/terragon-git/credentials\"\n"
	               "          resources:\n"
	               "            requests:\n"
	               "              cpu: \"1\"\n"
	               "              memory: 1Gi\n"
	               "            limits:\n"
	               "              cpu: \"2\"\n"
	               "              memory: 4Gi\n"
	               "          volumeMounts:\n"
	               "            - name: repos\n"
	               "              mountPath: /etc/terragon-fleet\n"
	               "              readOnly: true\n"
	               "            - name: git-credentials\n"
	               "              mountPath: /etc/terragon-git\n"
	               "              readOnly: true\n"
	               "            - name: work\n"
	               "              mountPath: /work\n"
	               "      volumes:\n"
	               "        - name: repos\n"
	               "          configMap:\n"
	               "            name: ");
	quoted(o, e->configmap);
	tg_buf_adds(o, "\n        - name: git-credentials\n"
	               "          secret:\n"
	               "            secretName: ");
	quoted(o, e->secret);
	tg_buf_adds(o, "\n            items:\n"
	               "              - key: git-credentials\n"
	               "                path: credentials\n"
	               "        - name: work\n"
	               "          emptyDir: {}\n");
}

void tg_fleet_export_github(struct tg_buf *o, const struct tg_fleet_export *e)
{
	unsigned i;

	tg_buf_adds(
	        o, "# terragon fleet as a GitHub Actions matrix (terragon export github-matrix).\n"
	           "# Needs the repository secrets TERRAGON_STORE_URL (postgres://..., no\n"
	           "# password), PGPASSWORD and FLEET_GIT_TOKEN (reads the fleet's repositories).\n"
	           "name: terragon fleet\n"
	           "on:\n"
	           "  schedule:\n"
	           "    - cron: \"17 3 * * *\"\n"
	           "  workflow_dispatch:\n"
	           "permissions:\n"
	           "  contents: read\n"
	           "jobs:\n"
	           "  shard:\n"
	           "    name: shard ${{ matrix.shard }}\n"
	           "    runs-on: ubuntu-latest\n"
	           "    timeout-minutes: 360\n"
	           "    container:\n"
	           "      image: ");
	quoted(o, e->image);
	tg_buf_adds(o, "\n    strategy:\n"
	               "      fail-fast: false\n"
	               "      matrix:\n"
	               "        shard: [");
	for (i = 0; i < e->shards; i++)
		tg_buf_addf(o, "%s%u", i ? ", " : "", i);
	tg_buf_adds(o, "]\n"
	               "    env:\n"
	               "      TERRAGON_STORE__URL: ${{ secrets.TERRAGON_STORE_URL }}\n"
	               "      PGPASSWORD: ${{ secrets.PGPASSWORD }}\n"
	               "      FLEET_GIT_TOKEN: ${{ secrets.FLEET_GIT_TOKEN }}\n"
	               "    steps:\n"
	               "      - uses: actions/checkout@v4\n"
	               "      # The mirrors are kept between runs: later runs only fetch.\n"
	               "      - uses: actions/cache@v4\n"
	               "        with:\n"
	               "          path: .terragon-fleet/mirrors\n"
	               "          key: terragon-fleet-${{ matrix.shard }}-${{ github.run_id }}\n"
	               "          restore-keys: terragon-fleet-${{ matrix.shard }}-\n"
	               "      - name: terragon fleet run\n"
	               "        run: |\n"
	               "          git config --global credential.helper "
	               "'!f() { echo username=x-access-token; echo \"password=$FLEET_GIT_TOKEN\"; "
	               "}; f'\n");
	tg_buf_addf(o,
	            "          terragon fleet run --repos %s --shard \"${{ matrix.shard }}/%u\"\n",
	            e->repos, e->shards);
	tg_buf_adds(o, "  report:\n"
	               "    needs: shard\n"
	               "    if: always()\n"
	               "    runs-on: ubuntu-latest\n"
	               "    container:\n"
	               "      image: ");
	quoted(o, e->image);
	tg_buf_adds(o, "\n    env:\n"
	               "      TERRAGON_STORE__URL: ${{ secrets.TERRAGON_STORE_URL }}\n"
	               "      PGPASSWORD: ${{ secrets.PGPASSWORD }}\n"
	               "    steps:\n"
	               "      - name: terragon fleet report\n"
	               "        run: |\n"
	               "          terragon fleet report --format json > fleet-report.json\n"
	               "          terragon fleet report >> \"$GITHUB_STEP_SUMMARY\"\n"
	               "      - uses: actions/upload-artifact@v4\n"
	               "        with:\n"
	               "          name: fleet-report\n"
	               "          path: fleet-report.json\n");
}
