#!/usr/bin/env bash
# The option parser across every command: one -C/--repo-path and one
# -c/--config, one message for a --format value not in its list (the list
# --help shows), prose usage lines, and negatable options shown as git does.
. "$(dirname "$0")/lib.sh"

R="$T/repo"

# Every command and sub-command with its own options, from `terragon help`.
forms() {
  local c
  for c in $("$TERRAGON" help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
    case $c in
      bench) echo "bench compare"; echo "bench record" ;;
      config) echo "config show"; echo "config validate" ;;
      *) echo "$c" ;;
    esac
  done
}
FORMS=$(forms)
[ "$(echo "$FORMS" | wc -l)" -ge 20 ] || fail "too few commands: $FORMS"
ok

test_case 'every command but version, bench compare, keys, sign, verify, verify-attestation, fleet, init and provenance takes -C and -c; prose is never an or: line' <<'CASE'
# Those that read no repository (version, bench compare, fleet, sign, verify,
# verify-attestation; export reads its SLOs) or only its remote and HEAD (provenance), or
# write its configuration (init), which take -C alone; every other one takes both
# (posture reads execution.github for branch protection).
while read -r form; do
  # shellcheck disable=SC2086
  expect_exit 0 "$TERRAGON" $form --help
  case $form in
    version | "bench compare" | fleet | sign | verify | verify-attestation | keys)
      expect_no_grep 'repo-path|--config' "$T/out" ;;
    init | provenance)
      expect_grep '^  -C, --repo-path DIR ' "$T/out"
      expect_no_grep '--config' "$T/out" ;;
    *)
      expect_grep '^  -C, --repo-path DIR ' "$T/out"
      expect_grep '^  -c, --config FILE ' "$T/out" ;;
  esac
  # Prose is prose: every "or:" line is another synopsis.
  expect_no_grep '^   or: [^t]|^   or: t[^e]' "$T/out"
  expect_no_grep '\[no-\]no-' "$T/out"
done <<<"$FORMS"

CASE

test_case 'count --help prints its description as prose and --no-x options as themselves' <<'CASE'
# `count --help`'s description is printed as prose, after a blank line.
expect_exit 0 "$TERRAGON" count --help
expect_grep '^    Blank, comment and code lines' "$T/out"
expect_grep '^      --no-ignore ' "$T/out"
expect_grep '^      --no-cache ' "$T/out"
expect_grep '^      --\[no-\]by-file ' "$T/out"

CASE

test_case '--format nope gets one message naming the command and the choices --help shows' <<'CASE'
# --format nope: one message, naming the command and the choices its help shows.
n=0
while read -r form; do
  # shellcheck disable=SC2086
  "$TERRAGON" $form --help >"$T/help"
  choices=$(sed -nE 's/^      --format ([a-z|]+)( .*)?$/\1/p' "$T/help")
  [ -n "$choices" ] || continue
  n=$((n + 1))
  # "a|b|c" -> "a, b or c"
  want=$(echo "$choices" | sed -E 's/\|([a-z]+)$/ or \1/; s/\|/, /g')
  # shellcheck disable=SC2086
  expect_exit 2 "$TERRAGON" $form --format nope
  [ "$(head -1 "$T/err")" = "terragon $form: --format: expected $want, got \"nope\"" ] ||
    { cat "$T/err" >&2; fail "$form --format nope"; }
  ok
  expect_grep "^usage: terragon ${form%% *}" "$T/err"
done <<<"$FORMS"
# backlog bench-compare config-show count coupling discover explain functions
# gate health history hotspots owners rules runs
[ "$n" -ge 15 ] || fail "only $n commands show --format"
ok

CASE

test_case 'discover -C DIR runs on a repository elsewhere' <<'CASE'
mkdir -p "$R/src"
{
  echo 'int decide(int a) {'
  for i in $(seq 1 17); do echo "  if (a > $i) a++;"; done
  echo '  return a;'
  echo '}'
} >"$R/src/decide.c"
make_repo "$R"
for i in 1 2 3; do
  echo "// $i" >>"$R/src/decide.c"
  git -C "$R" commit -qam "change $i"
done
NOW=--now=2026-11-20T10:00:00Z
expect_exit 0 "$TERRAGON" discover -C "$R" -q $NOW

CASE

test_case 'backlog -C DIR and --repo-path=DIR from another directory; --severity is a choice' <<'CASE'
# backlog -C DIR, from elsewhere.
cd "$T"
expect_exit 0 "$TERRAGON" backlog -C "$R" --format csv
expect_grep '^id,score,severity' "$T/out"
expect_grep 'decide' "$T/out"
expect_exit 0 "$TERRAGON" backlog --repo-path="$R" --severity high
expect_exit 2 "$TERRAGON" backlog -C "$R" --severity urgent
expect_grep '^terragon backlog: --severity: expected critical, high, medium, low or info, got "urgent"$' "$T/err"

CASE

test_case '-c FILE is the configuration hotspots, config show and health read' <<'CASE'
# hotspots -c FILE: the file is the one read (a bad one fails, naming it) ...
printf 'history:\n  min_revs: [\n' >"$T/bad.yaml"
expect_exit 2 "$TERRAGON" hotspots -C "$R" -c "$T/bad.yaml"
expect_grep 'bad\.yaml' "$T/err"
# ... and a good one counts: no commit is after its history.since.
expect_exit 0 "$TERRAGON" hotspots -C "$R" --format csv
expect_grep '^src/decide\.c,' "$T/out"
printf 'history:\n  since: "2099-01-01"\n' >"$T/good.yaml"
expect_exit 0 "$TERRAGON" hotspots -C "$R" -c "$T/good.yaml" --format csv
expect_no_grep 'decide' "$T/out"
expect_exit 0 "$TERRAGON" config show -C "$R" -c "$T/good.yaml" --format json
expect_grep '2099-01-01' "$T/out"
expect_exit 0 "$TERRAGON" health -C "$R" -c "$T/good.yaml"
expect_grep "^configuration +ok +.*good\.yaml" "$T/out"
expect_exit 1 "$TERRAGON" health -C "$R" -c "$T/bad.yaml"
expect_grep "^configuration +fail +.*bad\.yaml" "$T/out"

CASE

test_case 'the positive name of a no- option negates it and takes no value' <<'CASE'
# A no- option's positive name is its negation.
expect_exit 0 "$TERRAGON" count --ignore "$R"
expect_exit 0 "$TERRAGON" count --no-ignore "$R"
expect_exit 2 "$TERRAGON" count --ignore=yes "$R"
expect_grep '^terragon count: --ignore takes no value$' "$T/err"
CASE

test_case 'a wrong number of arguments gets one message and the usage' <<'CASE'
expect_exit 2 "$TERRAGON" explain
expect_grep '^terragon explain: expected 1 argument, got 0$' "$T/err"
expect_grep '^usage: terragon explain ID' "$T/err"
expect_exit 2 "$TERRAGON" backlog stray
expect_grep "^terragon backlog: unexpected argument 'stray'$" "$T/err"
expect_exit 2 "$TERRAGON" count a b
expect_grep '^terragon count: expected 0 to 1 arguments, got 2$' "$T/err"
CASE

done_testing
