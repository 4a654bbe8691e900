/* The shape of the SARIF 2.1.0 tree as far as terragon reads it. */

#include "ingest/sarif_int.h"

#include <pthread.h>
#include <string.h>

struct edge {
	unsigned char parent;
	const char *name;
	unsigned char key;
	unsigned char child; /* N_SKIP for a scalar */
};

static const struct edge edges[] = {
        {N_ROOT, "version", K_VERSION, N_SKIP},
        {N_ROOT, "runs", K_RUNS, N_RUNS},
        {N_RUN, "tool", K_TOOL, N_TOOL},
        {N_RUN, "results", K_RESULTS, N_RESULTS},
        {N_RUN, "originalUriBaseIds", K_BASES, N_BASES},
        {N_RUN, "columnKind", K_COLUMNKIND, N_SKIP},
        {N_TOOL, "driver", K_DRIVER, N_COMP},
        {N_TOOL, "extensions", K_EXTENSIONS, N_EXTS},
        {N_COMP, "name", K_NAME, N_SKIP},
        {N_COMP, "rules", K_RULES, N_RULES},
        {N_RULE, "id", K_ID, N_SKIP},
        {N_RULE, "name", K_NAME, N_SKIP},
        {N_RULE, "helpUri", K_HELPURI, N_SKIP},
        {N_RULE, "shortDescription", K_SHORTDESC, N_RULE_TEXT},
        {N_RULE, "fullDescription", K_FULLDESC, N_RULE_TEXT},
        {N_RULE, "defaultConfiguration", K_DEFCONF, N_RULE_DEFCONF},
        {N_RULE, "properties", K_PROPS, N_RULE_PROPS},
        {N_RULE_TEXT, "text", K_TEXT, N_SKIP},
        {N_RULE_DEFCONF, "level", K_LEVEL, N_SKIP},
        {N_RULE_PROPS, "tags", K_TAGS, N_RULE_TAGS},
        {N_RULE_PROPS, "security-severity", K_SECSEV, N_SKIP},
        {N_RULE_PROPS, "problem.severity", K_PROBLEM_SEVERITY, N_SKIP},
        {N_RULE_PROPS, "cwe", K_CWE, N_SKIP},
        {N_BASE, "uri", K_URI, N_SKIP},
        {N_BASE, "uriBaseId", K_URIBASEID, N_SKIP},
        {N_RESULT, "ruleId", K_RULEID, N_SKIP},
        {N_RESULT, "ruleIndex", K_RULEINDEX, N_SKIP},
        {N_RESULT, "rule", K_RULE, N_RES_RULE},
        {N_RESULT, "level", K_LEVEL, N_SKIP},
        {N_RESULT, "kind", K_KIND, N_SKIP},
        {N_RESULT, "message", K_MESSAGE, N_MESSAGE},
        {N_RESULT, "locations", K_LOCATIONS, N_LOCS},
        {N_RESULT, "partialFingerprints", K_PFP, N_PFP},
        {N_RESULT, "fingerprints", K_FP, N_FP},
        {N_RESULT, "suppressions", K_SUPPS, N_SUPPS},
        {N_RESULT, "properties", K_PROPS, N_RES_PROPS},
        {N_RESULT, "fixes", K_FIXES, N_FIXES},
        {N_RES_RULE, "id", K_ID, N_SKIP},
        {N_RES_RULE, "index", K_INDEX, N_SKIP},
        {N_RES_RULE, "toolComponent", K_TOOLCOMP, N_RES_RULE_TC},
        {N_RES_RULE_TC, "index", K_INDEX, N_SKIP},
        {N_MESSAGE, "text", K_TEXT, N_SKIP},
        {N_LOC, "physicalLocation", K_PHYS, N_PHYS},
        {N_PHYS, "artifactLocation", K_ARTLOC, N_ARTLOC},
        {N_PHYS, "region", K_REGION, N_REGION},
        {N_ARTLOC, "uri", K_URI, N_SKIP},
        {N_ARTLOC, "uriBaseId", K_URIBASEID, N_SKIP},
        {N_REGION, "startLine", K_STARTLINE, N_SKIP},
        {N_REGION, "startColumn", K_STARTCOL, N_SKIP},
        {N_REGION, "endLine", K_ENDLINE, N_SKIP},
        {N_REGION, "endColumn", K_ENDCOL, N_SKIP},
        {N_REGION, "snippet", K_SNIPPET, N_SNIPPET},
        {N_SNIPPET, "text", K_TEXT, N_SKIP},
        {N_SUPP, "kind", K_KIND, N_SKIP},
        {N_SUPP, "status", K_STATUS, N_SKIP},
        {N_RES_PROPS, "tags", K_TAGS, N_RES_TAGS},
        {N_RES_PROPS, "security-severity", K_SECSEV, N_SKIP},
        {N_FIX, "description", K_DESCRIPTION, N_FIX_DESC},
        {N_FIX, "artifactChanges", K_CHANGES, N_CHANGES},
        {N_FIX_DESC, "text", K_TEXT, N_SKIP},
        {N_CHANGE, "artifactLocation", K_ARTLOC, N_CH_ARTLOC},
        {N_CHANGE, "replacements", K_REPLS, N_REPLS},
        {N_CH_ARTLOC, "uri", K_URI, N_SKIP},
        {N_CH_ARTLOC, "uriBaseId", K_URIBASEID, N_SKIP},
        {N_REPL, "deletedRegion", K_DELREG, N_DELREG},
        {N_REPL, "insertedContent", K_INSERTED, N_INSERTED},
        {N_DELREG, "startLine", K_STARTLINE, N_SKIP},
        {N_DELREG, "startColumn", K_STARTCOL, N_SKIP},
        {N_DELREG, "endLine", K_ENDLINE, N_SKIP},
        {N_DELREG, "endColumn", K_ENDCOL, N_SKIP},
        {N_DELREG, "charOffset", K_CHAROFF, N_SKIP},
        {N_DELREG, "charLength", K_CHARLEN, N_SKIP},
        {N_DELREG, "byteOffset", K_BYTEOFF, N_SKIP},
        {N_DELREG, "byteLength", K_BYTELEN, N_SKIP},
        {N_DELREG, "snippet", K_SNIPPET, N_DELSNIP},
        {N_INSERTED, "text", K_TEXT, N_SKIP},
        {N_DELSNIP, "text", K_TEXT, N_SKIP},
};

/* Arrays and the type of their elements. */
static const unsigned char element_of[N__COUNT] = {
        [N_RUNS] = N_RUN,       [N_EXTS] = N_COMP,      [N_RULES] = N_RULE, [N_RULE_TAGS] = N_SKIP,
        [N_RESULTS] = N_RESULT, [N_LOCS] = N_LOC,       [N_SUPPS] = N_SUPP, [N_RES_TAGS] = N_SKIP,
        [N_FIXES] = N_FIX,      [N_CHANGES] = N_CHANGE, [N_REPLS] = N_REPL,
};

int sarif_node_is_array(int type)
{
	switch (type) {
	case N_RUNS:
	case N_EXTS:
	case N_RULES:
	case N_RULE_TAGS:
	case N_RESULTS:
	case N_LOCS:
	case N_SUPPS:
	case N_RES_TAGS:
	case N_FIXES:
	case N_CHANGES:
	case N_REPLS:
		return 1;
	default:
		return 0;
	}
}

int sarif_node_free_keys(int type)
{
	return type == N_BASES || type == N_PFP || type == N_FP;
}

/* The first edge of each parent type, built on first use (edges are grouped by parent),
 * and each edge's name length. */
static int first_edge[N__COUNT + 1];
static size_t name_len[sizeof(edges) / sizeof(edges[0])];

static void index_edges(void)
{
	int n = (int)(sizeof(edges) / sizeof(edges[0]));

	for (int t = 0; t <= N__COUNT; t++)
		first_edge[t] = -1;
	for (int i = n - 1; i >= 0; i--) {
		first_edge[edges[i].parent] = i;
		name_len[i] = strlen(edges[i].name);
	}
	first_edge[N__COUNT] = n;
}

static const struct edge *find_edge(int type, int key)
{
	int n = (int)(sizeof(edges) / sizeof(edges[0]));

	for (int i = 0; i < n; i++)
		if (edges[i].parent == type && edges[i].key == key)
			return &edges[i];
	return NULL;
}

int sarif_node_key(int type, const char *s, size_t len)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	int n = (int)(sizeof(edges) / sizeof(edges[0]));

	pthread_once(&once, index_edges);
	if (first_edge[type] < 0)
		return K_NONE;
	for (int i = first_edge[type]; i < n && edges[i].parent == type; i++)
		if (name_len[i] == len && !memcmp(edges[i].name, s, len))
			return edges[i].key;
	return K_NONE;
}

int sarif_node_child(int type, int key, int index)
{
	const struct edge *e;

	if (sarif_node_is_array(type)) {
		/* Only the first location is the result's location. */
		if (type == N_LOCS && index > 0)
			return N_SKIP;
		return element_of[type];
	}
	if (type == N_BASES)
		return N_BASE;
	if (key == K_NONE)
		return N_SKIP;
	e = find_edge(type, key);
	return e ? e->child : N_SKIP;
}
