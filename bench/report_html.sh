#!/usr/bin/env bash
# The HTML report of a 100,000-item backlog (goal: opens in Chromium in under
# 3 s, file at most 30 MB), on the generated repository of bench/backlog.sh
# (1,000 files with 100 TODO markers each, the scanner source only). Prints
# the time `report --html` takes, the file's size, and the time headless
# Chromium takes from navigation to the first rows drawn, to all rows read
# (sort and filter ready) and to the first frame after the load event
# (tests/e2e/report_browser.js, network off), against the peer: the same
# 100,000 items as one static HTML table with every row in the document (what
# a template engine or pandoc emits from the backlog), made by Python.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
TG=${TERRAGON:-$here/build/release/terragon}
[ -x "$TG" ] || { echo "build first: make build" >&2; exit 2; }
command -v chromium >/dev/null || { echo "chromium missing: scripts/deps.sh --test" >&2; exit 2; }
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
mkdir -p "$W/r/src" "$W/r/.terragon"
python3 - "$W/r/src" <<'PY'
import sys
for f in range(1000):
    with open(f"{sys.argv[1]}/f{f:04d}.c", "w") as o:
        for i in range(100):
            o.write(f"int v{i};  /* TODO: item {f}-{i} */\n")
PY
printf 'value_discovery:\n  discovery_sources: [advanced_static_analysis]\n' >"$W/r/.terragon/config.yaml"
git -C "$W/r" init -q && git -C "$W/r" add -A && git -C "$W/r" -c user.name=b -c user.email=b@b commit -qm init
"$TG" discover --repo-path "$W/r" >/dev/null 2>&1
echo "items: $("$TG" backlog -C "$W/r" --format csv | tail -n +2 | wc -l)"
/usr/bin/time -f 'report --html: %e s wall, %M KB peak' "$TG" report -C "$W/r" --html "$W/report.html" 2>&1 | tail -1
"$TG" backlog -C "$W/r" --format json > "$W/backlog.json"
python3 - "$W/backlog.json" "$W/peer.html" <<'PY'
import html, json, sys
items = json.load(open(sys.argv[1]))["items"]
with open(sys.argv[2], "w") as o:
    o.write("<!DOCTYPE html><html><head><meta charset=utf-8><title>peer</title></head><body><table>")
    o.write("<tr><th>Score<th>Severity<th>Category<th>Item<th>Path</tr>\n")
    for it in items:
        o.write("<tr><td>%.2f<td>%s<td>%s<td>%s<td>%s</tr>\n" % (it["scores"]["composite"],
                it["severity"], html.escape(it["category"] or ""), html.escape(it["title"] or ""),
                html.escape(it["path"] or "")))
    o.write("</table></body></html>\n")
PY
export TG_LOAD_TIMEOUT_MS=600000 # the peer may take minutes
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
# For each page, 3 runs: the first rows drawn and all rows read (the page's
# own performance marks, from navigation start; the peer has neither), and
# the load event plus a frame (report_browser.js's loadMs).
for page in report peer; do
  size=$(stat -c %s "$W/$page.html")
  runs=
  for _ in 1 2 3; do
    runs="$runs $(node "$here/tests/e2e/report_browser.js" "$W/$page.html" "$W/$page.png" |
      python3 -c 'import json,sys; d=json.load(sys.stdin); m=d["marks"]
print("%s/%s/%d" % (m.get("tg-first-rows","-"), m.get("tg-ready","-"), d["loadMs"]))')"
  done
  printf '%-7s %6.1f MB; first rows / all rows read / load event in ms, 3 runs:%s\n' \
    "$page" "$(echo "$size / 1048576" | bc -l)" "$runs"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
