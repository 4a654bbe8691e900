# Shared by t_metrics.sh and t_slo.sh (sourced after lib.sh): history(), a
# repository $R whose store holds real discover and execute runs:
#   2026-11-20 10:00  discover: TODO items in a.py and b.py (debt, low), and the
#                     repository's compliance items
#   2026-11-20 11:00  execute: a.py's item gets a pull request (time to value 1 h);
#                     b.py's fails (the executor changes nothing there): exit 1
#   2026-11-21 10:00  a.py fixed on main; discover resolves its item (1 day) and
#                     opens a critical security item in c.py (rule test.danger)
export TERRAGON_NO_SANDBOX=1
unset GH_TOKEN GITHUB_TOKEN
# the Debian interpreter, which has python3-prometheus-client
PY=/usr/bin/python3

history() {
  R="$T/$1"
  mkdir -p "$R"
  printf 'def f():\n    pass  # TODO: fix this\n' >"$R/a.py"
  printf 'def g():\n    pass  # TODO: and this\n' >"$R/b.py"
  printf 'value-metrics.json\nBACKLOG.md\n' >"$R/.gitignore"
  make_repo "$R"
  git init -q --bare "$T/$1.git"
  git -C "$R" remote add origin "$T/$1.git"
  git -C "$R" push -q -u origin main
  mkdir -p "$R/.terragon"
  cat >"$R/.terragon/config.yaml" <<YAML
execution:
  include_watch: true
  executor:
    command: "sed -i 's/TODO: fix this/fixed/' a.py"
    timeout_s: 5
  github:
    repository: acme/widgets
rules:
  packs: [$T/danger.yaml]
YAML
  cat >"$T/danger.yaml" <<'YAML'
rules:
  - id: test.danger
    message: DANGER_CALL runs anything
    severity: critical
    languages: [python]
    pattern-regex: 'DANGER_CALL\('
    metadata: {category: security}
YAML
  expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-20T10:00:00Z
  start_stub
  expect_exit 1 env TERRAGON_GITHUB_TOKEN=t0ken "$TERRAGON" execute --repo-path "$R" \
    --dry-run=false --max-prs 2 --now=2026-11-20T11:00:00Z
  kill "$STUB_PID"
  sed -i 's/TODO: fix this/fixed/' "$R/a.py"
  printf 'DANGER_CALL(1)\n' >"$R/c.py"
  git -C "$R" add a.py c.py
  git -C "$R" commit -q -m fix
  expect_exit 0 "$TERRAGON" discover --repo-path "$R" --now=2026-11-21T10:00:00Z
}

# metric NAME{LABELS} FILE: the value of one sample (labels as written, repository first).
metric() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
expect_metric() {
  local got
  got=$(metric "$1" "$3")
  [ "$got" = "$2" ] || { grep -F "${1%%\{*}" "$3" >&2 || true; fail "$1 is '$got', want $2"; }
  ok
}
