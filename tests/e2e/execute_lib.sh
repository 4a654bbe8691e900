# Shared by t_execute_verify.sh, t_execute_imported.sh and t_execute_sandbox.sh
# (sourced after lib.sh): a rule pack, a fake SARIF analyzer, and setup() for a
# repository with a TODO item, a bare origin and an executor.
NOW=--now=2026-11-20T10:00:00Z

cat > "$T/pack.yaml" <<'YAML'
rules:
  - id: test.danger
    message: DANGER_CALL runs anything
    severity: critical
    languages: [python]
    pattern-regex: 'DANGER_CALL\('
    metadata: {category: security}
YAML

# A fake analyzer: reports BAD_CALL in a.py while it is there (SARIF to fakelint.sarif).
cat > "$T/fakelint.sh" <<'SH'
if grep -q BAD_CALL a.py; then
  res='{"ruleId": "FL001", "level": "error", "message": {"text": "bad call"},
   "partialFingerprints": {"primaryLocationLineHash": "fl001-a"},
   "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.py"}, "region": {"startLine": 3}}}]}'
else
  res=''
fi
printf '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "fakelint"}}, "results": [%s]}]}\n' "$res" > fakelint.sarif
SH

# setup NAME EXECUTOR [EXTRA_CONFIG]: repo $T/NAME (a TODO item), origin $T/NAME.git.
setup() {
  R="$T/$1"
  mkdir -p "$R"
  printf 'def f():\n    pass  # TODO: fix this\n    BAD_CALL()\n' > "$R/a.py"
  printf 'notes\n' > "$R/notes.txt"
  printf 'value-metrics.json\nBACKLOG.md\n' > "$R/.gitignore"
  [ -n "${BASE_EXTRA:-}" ] && printf '%s\n' "$BASE_EXTRA" >> "$R/a.py"
  make_repo "$R"
  git init -q --bare "$T/$1.git"
  git -C "$R" remote add origin "$T/$1.git"
  git -C "$R" push -q -u origin main
  mkdir -p "$R/.terragon"
  {
    echo "execution:"
    echo "  include_watch: true"
    echo "  executor:"
    echo "    command: \"$2\""
    echo "    timeout_s: 10"
    echo "  github:"
    echo "    repository: acme/widgets"
    echo "  labels: [terragon]"
    echo "rules:"
    echo "  packs: [$T/pack.yaml]"
    printf '%s\n' "${3:-}"
  } > "$R/.terragon/config.yaml"
  expect_exit 0 "$TERRAGON" discover --repo-path "$R" $NOW ${IMPORT:-}
}
fp_of() { sqlite3 "$R/.terragon/terragon.db" "SELECT fingerprint FROM item_json WHERE json_extract(json, '$.rule_id') = '$1'"; }
# The audit trail's executions, one JSON object a line (terragon audit export).
audit_jsonl() { "$TERRAGON" audit export -C "$R" | grep '"action": "execution"' > "$T/audit.jsonl"; }
record() { sqlite3 "$R/.terragon/terragon.db" "SELECT $1 FROM executions ORDER BY id DESC LIMIT 1"; }
SED="sed -i 's/TODO: fix this/fixed/' a.py"
FIXBAD="sed -i 's/BAD_CALL()/pass/' a.py"
