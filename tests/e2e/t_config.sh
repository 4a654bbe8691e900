#!/usr/bin/env bash
# terragon config show / validate: origins, precedence, and each bad input of issue 2.
. "$(dirname "$0")/lib.sh"

R="$T/repo"
make_repo "$R"
C="$R/.terragon/config.yaml"
mkdir -p "$R/.terragon"

# No configuration: the defaults, with a note in -v.
test_case 'no configuration: the defaults, with a note in -v' <<'CASE'
expect_exit 0 "$TERRAGON" config show --repo-path "$R" -v
expect_grep '^execution\.dry_run +default +true$' "$T/out"
expect_grep 'built-in defaults' "$T/err"
CASE

# Origins: file, env, default; env beats file.
test_case 'origins: file, env, default; env beats file' <<'CASE'
printf 'execution:\n  max_prs: 3\n  dry_run: true\nthresholds:\n  ccn: 9\n' >"$C"
(cd "$R" && TERRAGON_EXECUTION__DRY_RUN=false TERRAGON_GITHUB_TOKEN=x \
  expect_exit 0 "$TERRAGON" config show)
expect_grep '^execution\.dry_run +env +false$' "$T/out"
expect_grep '^execution\.max_prs +file +3$' "$T/out"
expect_grep '^thresholds\.ccn +file +9$' "$T/out"
expect_grep '^execution\.remote +default +"origin"$' "$T/out"
expect_no_grep 'GITHUB_TOKEN' "$T/err"
CASE
test_case 'config show --format json and yaml; the YAML reads back' <<'CASE'
TERRAGON_THRESHOLDS__CCN=20 expect_exit 0 "$TERRAGON" config show --repo-path "$R" --format json
expect_grep '"thresholds.ccn": "env"' "$T/out"
expect_grep '"ccn": 20' "$T/out"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" || fail "show --format json is not JSON"; ok
expect_exit 0 "$TERRAGON" config show --repo-path "$R" --format yaml
expect_grep '^  max_prs: 3  # file$' "$T/out"
# The YAML output reads back as a configuration.
cp "$T/out" "$T/shown.yaml"
expect_exit 0 "$TERRAGON" config validate --repo-path "$R" --config "$T/shown.yaml"
expect_exit 2 "$TERRAGON" config show --repo-path "$R" --format xml
CASE

# A bad environment value is a configuration error naming the variable.
test_case 'a bad environment value is an error naming the variable' <<'CASE'
TERRAGON_THRESHOLDS__CCN=lots expect_exit 2 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'TERRAGON_THRESHOLDS__CCN: thresholds.ccn: expected an integer, got "lots"' "$T/err"
CASE

# Unknown key: a warning with a suggestion, still valid.
test_case 'an unknown key is a warning with a suggestion' <<'CASE'
printf 'thresholds:\n  cnn: 20\n' >"$C"
expect_exit 0 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'config.yaml:2:3: thresholds.cnn: unknown key.*did you mean thresholds.ccn' "$T/err"
CASE

# Each bad input: exit 2 and a message naming the file (and the place).
test_case 'an empty file gives the defaults' <<'CASE'
: >"$C"
expect_exit 0 "$TERRAGON" config validate --repo-path "$R" # empty file: the defaults
CASE

test_case 'invalid YAML is an error at its place' <<'CASE'
printf 'thresholds:\n  ccn: [1, 2\n' >"$C"
expect_exit 2 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'config\.yaml:3:1: invalid YAML' "$T/err"
CASE

test_case 'a value of the wrong type is an error at its place' <<'CASE'
printf 'repository:\n  maturity_level: advanced\nvalue_discovery:\n  scoring_weights:\n    wsjf: high\n' >"$C"
(cd "$R" && expect_exit 2 "$TERRAGON" config validate)
expect_grep '^terragon: error: \.terragon/config\.yaml:5:11: value_discovery\.scoring_weights\.wsjf: expected a number, got "high"$' "$T/err"
CASE

test_case 'a boolean that is neither is an error' <<'CASE'
printf 'execution:\n  dry_run: "maybe"\n' >"$C"
expect_exit 2 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'config\.yaml:2:12: execution\.dry_run: expected true or false' "$T/err"
CASE

test_case 'scoring weights must sum to 1' <<'CASE'
printf 'value_discovery:\n  scoring_weights: {wsjf: 0.9, ice: 0.1, technical_debt: 0.3, security: 0.1}\n' >"$C"
expect_exit 2 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'config\.yaml: value_discovery\.scoring_weights: .*sum to 1\.4, expected 1' "$T/err"
CASE

test_case 'an unknown discovery source is an error listing the known ones' <<'CASE'
printf 'value_discovery:\n  discovery_sources: [telepathy]\n' >"$C"
expect_exit 2 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'unknown discovery source "telepathy"; known: advanced_static_analysis, .*ai_ml_model_analysis' "$T/err"
CASE

test_case 'random bytes and a 17 MB file are refused' <<'CASE'
head -c 10485760 /dev/urandom >"$C"
expect_exit 2 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'config\.yaml:[0-9]+:[0-9]+: invalid YAML' "$T/err"
head -c 17000000 /dev/zero >"$C"
expect_exit 2 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'config\.yaml: 17000000 bytes; a configuration file over 16 MiB is refused' "$T/err"
CASE

test_case 'a directory in place of the file is refused' <<'CASE'
rm -f "$C"
mkdir "$C"
expect_exit 2 "$TERRAGON" config validate --repo-path "$R"
expect_grep 'config\.yaml: is a directory' "$T/err"
rmdir "$C"
CASE

# --config names another file; a missing one is an error.
test_case '--config names another file; a missing one is an error' <<'CASE'
printf 'thresholds: {ccn: 7}\n' >"$T/other.yaml"
expect_exit 0 "$TERRAGON" config show --repo-path "$R" --config "$T/other.yaml"
expect_grep '^thresholds\.ccn +file +7$' "$T/out"
expect_exit 2 "$TERRAGON" config validate --repo-path "$R" --config "$T/missing.yaml"
expect_grep 'missing\.yaml: No such file' "$T/err"
CASE

test_case 'config without a known subcommand is bad usage' <<'CASE'
expect_exit 2 "$TERRAGON" config
expect_exit 2 "$TERRAGON" config frobnicate
expect_grep 'not a subcommand' "$T/err"
CASE
done_testing
