#!/usr/bin/env bash
# terragon deps: a lockfile joined with its manifest, a manifest alone with
# ranges, a malformed lockfile beside a good one, the disagreement warning,
# and each --format.
source "$(dirname "$0")/lib.sh"

R="$T/repo"
mkdir -p "$R/app" "$R/ranges" "$R/broken" "$R/app/node_modules/left-pad"
cat >"$R/app/package.json" <<'JSON'
{
  "name": "app",
  "dependencies": {
    "left-pad": "^1.3.0",
    "gone": "^2.0.0"
  },
  "devDependencies": {
    "is-odd": "^4.0.0"
  }
}
JSON
cat >"$R/app/package-lock.json" <<'JSON'
{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": {
      "dependencies": {"left-pad": "^1.3.0"},
      "devDependencies": {"is-odd": "^3.0.0"}
    },
    "node_modules/is-number": {
      "version": "6.0.0",
      "dev": true,
      "integrity": "sha512-NUM"
    },
    "node_modules/is-odd": {
      "version": "3.0.1",
      "dev": true,
      "dependencies": {"is-number": "^6.0.0"}
    },
    "node_modules/left-pad": {
      "version": "1.3.0",
      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
      "integrity": "sha512-LEFT"
    }
  }
}
JSON
# an installed package's own manifest is never read
printf '{"dependencies": {"never-listed": "1"}}\n' >"$R/app/node_modules/left-pad/package.json"
printf '{"dependencies": {"express": "^4.18.0"}, "devDependencies": {"jest": "~29.1.0"}}\n' \
  >"$R/ranges/package.json"
printf '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/x": nope\n  }\n}\n' \
  >"$R/broken/package-lock.json"
make_repo "$R"

test_case 'deps --format json: locked versions, ranges, scopes, via, warnings' <<'CASE'
expect_exit 1 "$TERRAGON" deps --format json "$R"
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"dependencies", "warnings"}, d.keys()
D = {(x["name"], x["version"] or x["range"]): x for x in d["dependencies"]}
assert set(D) == {("left-pad", "1.3.0"), ("is-odd", "3.0.1"), ("is-number", "6.0.0"),
                  ("express", "^4.18.0"), ("jest", "~29.1.0")}, sorted(D)
lp = D["left-pad", "1.3.0"]
assert lp == {"ecosystem": "npm", "name": "left-pad", "version": "1.3.0", "range": None,
              "purl": "pkg:npm/left-pad@1.3.0", "direct": True, "scope": "runtime",
              "origin": "registry", "file": "app/package-lock.json", "line": 19,
              "hashes": ["sha512-LEFT"], "via": None}, lp
n = D["is-number", "6.0.0"]
assert not n["direct"] and n["scope"] == "dev" and n["via"] == "is-odd", n
e = D["express", "^4.18.0"]
assert e["version"] is None and e["purl"] == "pkg:npm/express" and e["direct"], e
assert D["jest", "~29.1.0"]["scope"] == "dev"
w = d["warnings"]
assert any(x.startswith("app/package.json:5: lockfile disagrees with manifest: gone")
           for x in w), w
assert any(x.startswith("broken/package-lock.json:4:") for x in w), w
assert ("app/package.json:8: lockfile disagrees with manifest: is-odd ^4.0.0, but "
        "app/package-lock.json locks 3.0.1") in w, w
assert len(w) == 3, w
names = [x["name"] for x in d["dependencies"]]
assert names == sorted(names), names
PY
expect_grep 'broken/package-lock.json:4:' "$T/err"
expect_grep 'lockfile disagrees with manifest' "$T/err"
CASE

test_case 'deps table: versions and marked ranges, direct and transitive, file:line' <<'CASE'
expect_exit 0 "$TERRAGON" deps "$R/app"
expect_grep '^npm +left-pad +1\.3\.0 +runtime +direct +package-lock\.json:19$' "$T/out"
expect_grep '^npm +is-number +6\.0\.0 +dev +transitive +package-lock\.json:9$' "$T/out"
expect_no_grep 'never-listed' "$T/out"
expect_exit 0 "$TERRAGON" deps -C "$R" ranges
expect_grep '^npm +express +range \^4\.18\.0 +runtime +direct +package\.json:1$' "$T/out"
CASE

test_case 'deps --format csv: a header and one row a dependency' <<'CASE'
expect_exit 0 "$TERRAGON" deps --format csv "$R/app"
expect_grep '^ecosystem,name,version,range,purl,direct,scope,origin,file,line,hashes,via$' "$T/out"
expect_grep '^npm,is-number,6.0.0,,pkg:npm/is-number@6.0.0,transitive,dev,registry,package-lock.json,9,sha512-NUM,is-odd$' "$T/out"
[ "$(wc -l <"$T/out")" = 4 ] || fail "want 4 lines: $(cat "$T/out")"
CASE

test_case 'deps: an excluded directory is not read; bad --format is a usage error' <<'CASE'
mkdir -p "$R/.terragon"
printf 'exclude:\n  - "broken/"\n' >"$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" deps -C "$R" --format json
expect_no_grep 'broken' "$T/out"
rm -rf "$R/.terragon"
expect_exit 2 "$TERRAGON" deps --format xml "$R"
CASE

test_case 'deps FILE: one lockfile read alone; a file no reader reads is a usage error' <<'CASE'
expect_exit 0 "$TERRAGON" deps --format csv "$R/app/package-lock.json"
expect_grep '^npm,left-pad,1.3.0,.*,package-lock.json,19,' "$T/out"
[ "$(wc -l <"$T/out")" = 4 ] || fail "want 4 lines: $(cat "$T/out")"
printf 'x\n' >"$T/notes.txt"
expect_exit 2 "$TERRAGON" deps "$T/notes.txt"
expect_grep 'not a lockfile or manifest' "$T/err"
CASE

done_testing
