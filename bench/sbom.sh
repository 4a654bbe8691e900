#!/usr/bin/env bash
# bench/sbom.sh: `terragon sbom` against cdxgen (npm @cyclonedx/cdxgen, run with
# --install-deps false and FETCH_LICENSE=false: it reads the lockfile as we do)
# on the same lockfiles, and `terragon sign`/`verify` of a large artifact
# against `openssl dgst -sha256` of it, in one run.
#
# Inputs:
#  - a 2,000-package package-lock.json (v3) written by bench/sbom_gen.py;
#  - the largest real lockfile at hand: $TG_BENCH_SBOM_LOCK, default the
#    hidden lockfile npm wrote under build/npm (the test tools' own tree).
# For each: terragon's time (best of 5) and peak RSS, cdxgen's time (one run),
# the ratio (goal: at least 20x) and whether the two list the same purls.
# Then a $TG_BENCH_SIGN_MB MiB artifact (default 1024): sign and verify times
# and peak RSS beside openssl's SHA-256 of the same file (goal: the same speed,
# memory flat).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/bench/lib.sh"
need_tool node python3 openssl
W=$data/sbom
mkdir -p "$W"
B=${TG_BENCH_BUILD:-$here/build/release}
release_build terragon
tg=$B/terragon
cdxgen=$here/build/npm/node_modules/.bin/cdxgen
[ -x "$cdxgen" ] || { echo "cdxgen missing: run scripts/deps.sh --test" >&2; exit 1; }

# best_of N CMD...: the best wall time (s) and the peak RSS (KB) of N runs
best_of() {
  local n=$1 best="" rss=0 t m
  shift
  for _ in $(seq "$n"); do
    /usr/bin/time -f "%e %M" -o "$W/time" "$@" >/dev/null 2>&1
    read -r t m <"$W/time"
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "$best $rss"
}

compare() { # NAME DIR
  local name=$1 dir=$2 ours theirs
  ours=$(best_of 5 "$tg" sbom "$dir" --now 2026-01-01T00:00:00Z -o "$W/$name.ours.json")
  "$tg" sbom "$dir" --now 2026-01-01T00:00:00Z -o "$W/$name.ours.json" 2>/dev/null || true
  theirs=$( (cd "$W" && FETCH_LICENSE=false /usr/bin/time -f "%e" -o "$W/cdx.time" \
    "$cdxgen" --install-deps false -t js -o "$W/$name.cdxgen.json" "$dir" >/dev/null 2>&1); cat "$W/cdx.time")
  python3 - "$name" "$ours" "$theirs" "$W/$name.ours.json" "$W/$name.cdxgen.json" <<'PY'
import json, sys
name, ours, theirs, a, b = sys.argv[1:]
t, rss = ours.split()
pa = {c["purl"] for c in json.load(open(a))["components"]}
pb = {c["purl"].split("?")[0] for c in json.load(open(b)).get("components", []) if "purl" in c}
print("%-28s %6d comps  terragon %.3f s (%.1f MB)  cdxgen %.2f s  %5.0fx  purls %s" % (
    name, len(pa), float(t), int(rss) / 1024, float(theirs), float(theirs) / max(float(t), 1e-3),
    "same" if pa == pb else "differ: +%d -%d" % (len(pa - pb), len(pb - pa))))
PY
}

python3 "$here/bench/sbom_gen.py" 2000 "$W/gen2000"
compare npm-2000-generated "$W/gen2000"
real=${TG_BENCH_SBOM_LOCK:-$here/build/npm/node_modules/.package-lock.json}
mkdir -p "$W/real" && cp "$real" "$W/real/package-lock.json"
compare "npm-real-$(basename "$(dirname "$(dirname "$real")")")" "$W/real"

mb=${TG_BENCH_SIGN_MB:-1024}
head -c $((mb * 1024 * 1024)) /dev/urandom >"$W/artifact.bin"
openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$W/key.pem"
openssl pkey -in "$W/key.pem" -pubout -out "$W/key.pub"
read -r ossl ossl_rss < <(best_of 3 openssl dgst -sha256 "$W/artifact.bin")
read -r s s_rss < <(best_of 3 "$tg" sign "$W/artifact.bin" --key "$W/key.pem" --output-signature "$W/a.sig")
"$tg" sign "$W/artifact.bin" --key "$W/key.pem" --output-signature "$W/a.sig"
read -r v v_rss < <(best_of 3 "$tg" verify "$W/artifact.bin" --key "$W/key.pub" --signature "$W/a.sig")
printf 'sign %d MiB: openssl dgst %.2f s (%.1f MB)  terragon sign %.2f s (%.1f MB)  verify %.2f s (%.1f MB)\n' \
  "$mb" "$ossl" "$((ossl_rss / 1024))" "$s" "$((s_rss / 1024))" "$v" "$((v_rss / 1024))"
rm -f "$W/artifact.bin"
