/*
 * The command table: one line a command, in the order `terragon help` lists
 * them. Only commands that work are listed. Included by main.c and cmd.h
 * with TG_CMD defined.
 */
TG_CMD("init", cmd_init, "write .terragon/config.yaml and ignore the store in .gitignore")
TG_CMD("config", cmd_config, "show the effective configuration, or validate it")
TG_CMD("health", cmd_health, "check the configuration, the repository, the store and the tools")
TG_CMD("discover", cmd_discover,
       "find, score and store the work most worth doing; write the backlog")
TG_CMD("backlog", cmd_backlog, "list the open items, ranked by value")
TG_CMD("explain", cmd_explain, "show every input and step of an item's score")
TG_CMD("history", cmd_history, "show an item's state changes across runs")
TG_CMD("report", cmd_report,
       "write the backlog, trends, hotspots and benchmarks as one self-contained HTML page")
TG_CMD("predict", cmd_predict,
       "forecast the debt, the benchmarks and the backlog from the store's history")
TG_CMD("runs", cmd_runs, "list the runs kept in the store")
TG_CMD("store", cmd_store,
       "export or import the store's history (NDJSON), or copy it into PostgreSQL")
TG_CMD("fleet", cmd_fleet,
       "run a shard of a fleet of repositories into a shared store; the fleet's report")
TG_CMD("metrics", cmd_metrics,
       "Prometheus metrics from the store: printed, a node_exporter textfile, or pushed")
TG_CMD("slo", cmd_slo,
       "service level objectives from the store: SLIs, error budgets and burn rates")
TG_CMD("export", cmd_export,
       "Prometheus alert and recording rules (with promtool tests), a Grafana dashboard")
TG_CMD("serve", cmd_serve, "serve /metrics and health endpoints over HTTP from the store")
TG_CMD("audit", cmd_audit,
       "the audit trail: list it, verify its hash chain, export it for an auditor")
TG_CMD("classify", cmd_classify,
       "which files hold regulated data (IBAN, SSN, e-mails, phones in bulk), for PCI scoping")
TG_CMD("posture", cmd_posture,
       "the security posture, Scorecard-style checks scored 0-10 offline, and their weighted score")
TG_CMD("hooks", cmd_hooks,
       "install git hooks: secrets in staged files (pre-commit), the quality gates (pre-push)")
TG_CMD("version", cmd_version, "print terragon's version")
TG_CMD("hotspots", cmd_hotspots, "files both complex and changed often, ranked")
TG_CMD("coupling", cmd_coupling, "files that change together (logical coupling)")
TG_CMD("owners", cmd_owners, "who wrote a file: shares, bus factor, knowledge at risk")
TG_CMD("rules", cmd_rules,
       "list, check, test and run the rule packs (secrets, injection, AI/ML, crypto, card data)")
TG_CMD("count", cmd_count, "blank, comment and code lines and complexity per language")
TG_CMD("deps", cmd_deps,
       "the dependencies lockfiles and manifests declare, without running a package manager")
TG_CMD("sbom", cmd_sbom, "a CycloneDX SBOM of the dependencies, reproducible byte for byte")
TG_CMD("keys", cmd_keys, "the public key of a private key, cosign's encrypted files included")
TG_CMD("sign", cmd_sign, "sign a file as cosign sign-blob --key does (ECDSA P-256, no log)")
TG_CMD("verify", cmd_verify, "check a cosign-style signature of a file with a public key")
TG_CMD("provenance", cmd_provenance,
       "SLSA provenance of artifacts, in a signed DSSE envelope (Build L1, signed)")
TG_CMD("verify-attestation", cmd_verify_attestation,
       "check DSSE envelopes (.intoto.jsonl) and that artifacts are their subjects")
TG_CMD("deps-graph", cmd_deps_graph,
       "the module graph from imports: cycles, layering, fan-in/out, instability")
TG_CMD("review", cmd_review,
       "optional LLM review of the top hotspots and architecture findings (off by default)")
TG_CMD("functions", cmd_functions,
       "every function with its cyclomatic complexity, length and parameters")
TG_CMD("execute", cmd_execute,
       "fix the best items in a separate worktree, run the gates, open pull requests")
TG_CMD("gate", cmd_gate,
       "evaluate the quality gates: commands, coverage, critical vulnerabilities, performance")
TG_CMD("bench", cmd_bench,
       "compare two benchmark runs (pytest-benchmark, Google Benchmark, hyperfine)")
TG_CMD("vulndb", cmd_vulndb,
       "the offline OSV vulnerability database: import records, show its status, update it")
