#!/usr/bin/env bash
# report --html end to end: the page in headless Chromium (no CSP violation,
# no console error, no request; hostile names shown, never run; sorting and
# filtering), redaction, --since, and the same bytes for the same store and --now.
. "$(dirname "$0")/lib.sh"

BROWSER="$(dirname "$0")/report_browser.js"
command -v chromium >/dev/null || fail "chromium is not installed (scripts/deps.sh --test)"
command -v node >/dev/null || fail "node is not installed (scripts/deps.sh --test)"
ART="${TG_ARTIFACT_DIR:-$PWD}"

R="$T/repo"
# '/' splits a name, so the closing tag is a directory and a file name
mkdir -p "$R/p<script>document.title='pwned'<"
printf 'def f():\n    # TODO: fix <b>this</b> "x" and rotate ghp_ZxWq8RtY2uV4nM6kL0pA9sD3fG7hJ1cB5eX2\n    eval(input())\n' \
  > "$R/p<script>document.title='pwned'</script>.py"
printf '# FIXME: <img src=x onerror=document.title="pwned2">\nimport pickle\npickle.loads(x)\n' \
  > "$R/\"><img src=x onerror=document.title='pwned3'>.py"
make_repo "$R"
"$TERRAGON" discover -C "$R" --now 2026-11-01T10:00:00Z >/dev/null 2>&1
printf 'x = 1  # TODO: later\n' > "$R/later.py"
git -C "$R" add -A && git -C "$R" commit -qm later
"$TERRAGON" discover -C "$R" --now 2026-11-02T10:00:00Z >/dev/null 2>&1
NOW=--now=2026-11-03T00:00:00Z

test_case 'report --html writes one page with no external reference' <<'CASE'
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/r.html" $NOW
[ -s "$T/r.html" ] || fail "no page"
expect_grep "Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-" "$T/r.html"
expect_no_grep 'https?://|src="|href="[^d]' "$T/r.html"
CASE

test_case 'the policy hashes are the SHA-256 of the page script and style' <<'CASE'
python3 - "$T/r.html" <<'PY'
import base64, hashlib, re, sys
h = open(sys.argv[1], encoding="utf-8").read()
csp = re.search(r'content="(default-src[^"]*)"', h).group(1)
def b(s): return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
style = re.search(r"<style>(.*?)</style>", h, re.S).group(1)
script = re.findall(r"<script>(.*?)</script>", h, re.S)
assert len(script) == 1, len(script)
assert "style-src " + b(style) in csp, csp
assert "script-src " + b(script[0]) in csp, csp
PY
CASE

test_case 'repository text is escaped and secrets redacted in the page' <<'CASE'
expect_no_grep "<script>document|<img src=x|<b>this" "$T/r.html"
expect_grep '&lt;script&gt;|\\u003cscript\\u003e' "$T/r.html"
expect_no_grep 'ghp_ZxWq8RtY2uV4nM6kL0pA9sD3fG7hJ1cB5eX2' "$T/r.html"
CASE

test_case 'the same store and --now give the same bytes; another --now does not' <<'CASE'
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/r2.html" $NOW
cmp "$T/r.html" "$T/r2.html" || fail "two runs differ"
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/r3.html" --now=2026-11-04T00:00:00Z
cmp -s "$T/r.html" "$T/r3.html" && fail "--now changed nothing"
true
CASE

test_case 'in Chromium: no error, nothing injected runs, rows sort and filter' <<'CASE'
"$TERRAGON" backlog -C "$R" --format json > "$T/b.json"
node "$BROWSER" "$T/r.html" "$ART/report_html.png" > "$T/page.json"
[ -s "$ART/report_html.png" ] || fail "no screenshot"
python3 - "$T/page.json" "$T/b.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); items = json.load(open(sys.argv[2]))["items"]
assert p["errors"] == [], p["errors"]
i, a, f = p["initial"], p["ascending"], p["filtered"]
assert i["title"] == "terragon report: repo", i["title"]
assert i["injected"] == 0 and i["imgs"] == 0, i
assert i["rows"] == len(items) and i["shown"] == "%d of %d items" % (len(items), len(items)), i
assert i["scores"] == sorted(i["scores"], reverse=True), i["scores"]
assert a["scores"] == sorted(a["scores"]) and a["scores"] != i["scores"], a["scores"]
debt = sum(1 for it in items if it["category"] == "debt")
assert 0 < debt < len(items) and f["rows"] == debt and set(f["cats"]) == {"debt"}, f
assert all(s["children"] > 0 for s in i["svgs"]) and len(i["svgs"]) >= 5, i["svgs"]
assert "Score (model terragon-score/" in p["explain"] and "wsjf = " in p["explain"], p["explain"]
assert "<script>document.title='pwned'</script>.py" in p["explain"] or "pwned" not in p["explain"]
PY
CASE

test_case 'more rows than a page: the first page at once, the rest read after, shared text decoded' <<'CASE'
L="$T/large"
mkdir -p "$L"
for f in a b c; do
  for i in $(seq 1 150); do echo "x$i = 1  # TODO: $f item $i"; done > "$L/$f.py"
done
echo 'y = 2  # TODO: the needle-unique one' >> "$L/c.py"
make_repo "$L"
"$TERRAGON" discover -C "$L" --now 2026-11-01T10:00:00Z >/dev/null 2>&1
expect_exit 0 "$TERRAGON" report -C "$L" --html "$T/l.html" $NOW
[ "$(grep -c 'type="application/json"' "$T/l.html")" = 2 ] || fail "not two data blocks"
"$TERRAGON" backlog -C "$L" --format json > "$T/lb.json"
node "$BROWSER" "$T/l.html" "$T/l.png" > "$T/l.json"
node "$BROWSER" "$T/l.html" "$T/l2.png" '?q=needle-unique' > "$T/l2.json"
node "$BROWSER" "$T/l.html" "$T/l3.png" '?path=c.py&sort=title&dir=asc' > "$T/l3.json"
fp=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["explain"][:16])' "$T/l2.json")
"$TERRAGON" explain -C "$L" "$fp" > "$T/l2.explain"
python3 - "$T/l.json" "$T/l2.json" "$T/l3.json" "$T/lb.json" "$T/l2.explain" <<'PY'
import json, sys
p, q, c = (json.load(open(f)) for f in sys.argv[1:4])
items = json.load(open(sys.argv[4]))["items"]
n = len(items)
assert n > 400, n  # more than two pages
for r in (p, q, c):
    assert r["errors"] == [], r["errors"]
    m = r["marks"]
    assert 0 <= m["tg-first-rows"] <= m["tg-ready"], m
i = p["initial"]
assert i["rows"] == 200 and i["shown"] == "%d of %d items" % (n, n), i
assert i["scores"] == sorted(i["scores"], reverse=True), i["scores"]
# the one item of the last block, its explanation joined as `terragon explain` prints it
assert q["initial"]["rows"] == 1 and q["initial"]["shown"] == "1 of %d items" % n, q["initial"]
assert "needle-unique" in q["explain"], q["explain"]
assert q["explain"] == open(sys.argv[5]).read(), (q["explain"], open(sys.argv[5]).read())
# a path first written in the head block, referred to by number in the last
inc = sum(1 for it in items if it["path"] == "c.py")
assert 151 <= inc <= 200 and c["initial"]["rows"] == inc, (inc, c["initial"])
PY
CASE

test_case 'a query string sets the filters, and sorting by path' <<'CASE'
node "$BROWSER" "$T/r.html" "$T/q.png" '?category=security&sort=path&dir=asc' > "$T/q.json"
python3 - "$T/q.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
assert p["errors"] == [], p["errors"]
assert p["initial"]["cats"] == ["security"], p["initial"]
PY
CASE

test_case 'a style the policy does not allow is reported as an error' <<'CASE'
sed 's/<style>body{/<style>body{color:red;/' "$T/r.html" > "$T/bad.html"
node "$BROWSER" "$T/bad.html" "$T/bad.png" > "$T/bad.json"
python3 -c "import json,sys; e=json.load(open(sys.argv[1]))['errors']; assert any('Content Security Policy' in x for x in e), e" "$T/bad.json"
CASE

test_case '--since marks the items opened after a run' <<'CASE'
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/s.html" --since 1 $NOW
expect_grep 'id="f-new"' "$T/s.html"
node "$BROWSER" "$T/s.html" "$T/s.png" '?new=1' > "$T/s.json"
python3 - "$T/s.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
assert p["errors"] == [], p["errors"]
assert p["initial"]["rows"] == 1, p["initial"]
PY
expect_exit 0 "$TERRAGON" report -C "$R" --html "$T/h.html" --since HEAD~1 $NOW
expect_grep 'id="f-new"' "$T/h.html"
expect_exit 2 "$TERRAGON" report -C "$R" --html "$T/h.html" --since no-such-ref $NOW
CASE

test_case 'report without --html is a usage error' <<'CASE'
expect_exit 2 "$TERRAGON" report -C "$R"
expect_grep 'html' "$T/err"
CASE

done_testing
