#!/usr/bin/env bash
# bench/cloc.sh [TREE...]: per-language difference of code, comment and blank
# lines between `terragon count --no-ignore` and `cloc --skip-uniqueness` (the
# Debian package cloc, scripts/deps.sh --bench) on the same trees. Default:
# the Linux kernel (linux-source-6.1, unpacked under bench/data/) and the
# Python standard library (/usr/lib/python3.11).
#
# Every file whose counts differ is put down to a rule README "Counting
# rules" states, by looking at the file's text (see `explain` below); the
# lines of files that no rule explains are summed per language, and a
# language whose unexplained difference is over 1% of cloc's lines is
# marked BUG. Also printed: the time and peak memory of each side (cloc
# takes minutes on the kernel: TG_BENCH_CLOC_KEEP=1 reuses its output, kept
# under bench/data/, for the same tree and cloc version).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/lib.sh"
need_tool cloc python3 /usr/bin/time
if [ $# -eq 0 ]; then
  set -- "$(ensure_kernel)" /usr/lib/python3.11
fi

build=${TG_BENCH_BUILD:-$here/build/bench-count}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTG_TESTS=OFF >/dev/null
cmake --build "$build" --target terragon >/dev/null
tg=$build/terragon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tree in "$@"; do
  tree=$(cd "$tree" && pwd)
  key=$(printf '%s %s' "$tree" "$(cloc --version)" | md5sum | cut -c1-12)
  kept=$data/cloc-$key.json
  if [ -n "${TG_BENCH_CLOC_KEEP:-}" ] && [ -s "$kept" ]; then
    cp "$kept" "$work/cloc.json"
    echo "cloc: reusing $kept" >"$work/cloc.t"
  else
    /usr/bin/time -f '%e s wall, %U+%S s CPU, %M KB peak' -o "$work/cloc.t" \
      cloc --skip-uniqueness --by-file-by-lang --json --quiet --out="$work/cloc.json" "$tree" \
      >/dev/null 2>&1
    if [ -n "${TG_BENCH_CLOC_KEEP:-}" ]; then mkdir -p "$data" && cp "$work/cloc.json" "$kept"; fi
  fi
  /usr/bin/time -f '%e s wall, %U+%S s CPU, %M KB peak' -o "$work/tg.t" \
    "$tg" count --no-ignore --no-cache --by-file --format json "$tree" >"$work/tg.json"
  echo "== $tree"
  echo "cloc:     $(tail -1 "$work/cloc.t")"
  echo "terragon: $(tail -1 "$work/tg.t")"
  python3 - "$work/cloc.json" "$work/tg.json" "$tree" <<'PY'
import json, os, re, sys
from collections import defaultdict

cloc_all = json.load(open(sys.argv[1]))
tgj = json.load(open(sys.argv[2]))
root = sys.argv[3].rstrip("/") + "/"
cloc_lang = {k: v for k, v in cloc_all.get("by_lang", {}).items() if k not in ("header", "SUM")}
cloc_files = {k: v for k, v in cloc_all.get("by_file", {}).items() if k not in ("header", "SUM")}
tg_lang = {x["language"]: x for x in tgj["languages"]}
tg_files = {root + f["path"]: f for f in tgj.get("files", [])}

C_LIKE = {"C", "C/C++ Header", "C++", "Objective-C", "Objective-C++", "C#", "Java", "JavaScript",
          "TypeScript", "Go", "Rust", "Swift", "Kotlin", "Scala", "Dart", "PHP", "D", "CSS",
          "Bourne Shell", "Bourne Again Shell", "Perl", "Python", "Ruby", "make", "Assembly",
          "YAML", "awk", "Lua", "SQL", "Rust", "DOS Batch", "TeX", "Glade", "XML", "HTML"}
NESTING = {"Rust", "Swift", "Kotlin", "Scala", "Dart", "D", "Haskell", "Elm", "OCaml", "F#",
           "Julia", "Lisp", "Scheme", "Nim"}
HASH_LANGS = {"Python", "Bourne Shell", "Bourne Again Shell", "Perl", "Ruby", "make", "YAML",
              "awk", "Tcl/Tk", "CMake"}


def string_with_marker(lang):
    if lang in HASH_LANGS:  # cloc takes "#" as a comment only first on a line
        return re.compile(r"(?!)")
    m = r"//|/\*|\*/"
    return re.compile(r'"(?:[^"\\\n]|\\.)*(?:' + m + r')(?:[^"\\\n]|\\.)*"'
                      r"|'(?:[^'\\\n]|\\.)*(?:" + m + r")(?:[^'\\\n]|\\.)*'")
CONTINUED_LINE_COMMENT = re.compile(r"//.*\\\r?$", re.M)
NESTED_C = re.compile(r"/\*(?:(?!\*/).)*?/\*", re.S)


def explain(path, lang):
    """The stated rules (README "Counting rules") that can make this file's
    counts differ from cloc's, found in its text; empty when none applies."""
    try:
        text = open(path, "rb").read().decode("utf-8", "replace")
    except OSError:
        return ["unreadable"]
    why = []
    if lang == "Python":
        # cloc rewrites docstrings into C comments: a "/*" or "*/" in one, or a
        # triple quote inside another string, moves lines for cloc, not for us
        if "/*" in text or "*/" in text:
            why.append("python: '/*' in a docstring (cloc's C-comment rewrite)")
        if re.search(r"'[^'\n]*\"\"\"|\"[^\"\n]*'''|\"\"\"[^\n]*'''|'''[^\n]*\"\"\"", text):
            why.append("python: a triple quote inside another string")
    if string_with_marker(lang).search(text):
        why.append("a comment marker inside a string literal")
    if lang in NESTING and NESTED_C.search(text):
        why.append("nested comments")
    if lang not in NESTING and lang in C_LIKE and NESTED_C.search(text):
        why.append("'/*' inside a block comment (cloc: same, but its string handling differs)")
    if CONTINUED_LINE_COMMENT.search(text):
        why.append("not handled: a line comment continued by a backslash")
    if "\r" in text:
        why.append("a lone CR ends a line")
    if text and not text.endswith("\n"):
        why.append("no final newline")
    if re.search(r"\\\r?\n[ \t]*\r?\n", text):
        why.append("a blank line after a backslash-continued line is blank (cloc: code)")
    if lang == "Rust" and re.search(r'"[^"\n]*\n(?:[^"\n]*\n){0,80}?\s*//', text):
        why.append("comment markers inside a multi-line string literal")
    if re.search(r"<<[-~]?\s*['\"]?\\?[A-Za-z_]+", text) and lang in (
            "Bourne Shell", "Bourne Again Shell", "Perl", "Ruby", "PHP", "make"):
        why.append("heredoc bodies are code")
    if lang in ("Assembly",):
        why.append("assembly: '#' a comment only first on a line, ';' and '//' comments")
    return why


diff_files = defaultdict(list)      # language -> [(weight, path, t, c, why)]
for path, c in cloc_files.items():
    t = tg_files.get(path)
    if not t:
        continue
    if (t["code"], t["comment"], t["blank"]) == (c["code"], c["comment"], c["blank"]):
        continue
    lang = c.get("language", t["language"])
    w = abs(t["code"] - c["code"]) + abs(t["comment"] - c["comment"]) + abs(t["blank"] - c["blank"])
    why = explain(path, lang)
    dcode, dcom = t["code"] - c["code"], t["comment"] - c["comment"]
    if lang in HASH_LANGS and dcom >= 1 and dcode <= -1:
        with open(path, "rb") as f:
            shebang = f.read(2) == b"#!"
        if shebang:
            # that line alone, apart from whatever else differs in the file
            diff_files[t["language"]].append(
                (2, path, t, c, ["BUG: the #! line is a comment for us, code for cloc "
                                 "(no stated rule)"]))
            w -= 2
            if w == 0:
                continue
    diff_files[t["language"]].append((w, path, t, c, why))

langs = sorted(set(cloc_lang) | set(tg_lang), key=lambda k: -cloc_lang.get(k, {}).get("code", 0))
print(f"{'language':22} {'files tg/cloc':>15} {'code diff':>16} {'comment diff':>16} "
      f"{'blank diff':>14}  {'unexplained':>11}")
bugs = []
for k in langs:
    c, t = cloc_lang.get(k, {}), tg_lang.get(k, {})
    def pct(f):
        d = t.get(f, 0) - c.get(f, 0)
        base = c.get(f, 0)
        return f"{d:+d} ({100.0 * d / base:+.1f}%)" if base else f"{d:+d}"
    lines = sum(c.get(f, 0) for f in ("code", "comment", "blank"))
    unexpl = sum(w for w, *_rest, why in diff_files.get(k, [])
                 if not why or any(r.startswith("BUG") for r in why))
    up = 100.0 * unexpl / lines if lines else 0.0
    flag = ""
    if not c:
        flag = "  (cloc does not count this language here)"
    elif not t:
        flag = "  (terragon does not count this language)"
    elif up > 1.0:
        flag = "  BUG"
        bugs.append(k)
    print(f"{k:22} {t.get('files', 0):>7}/{c.get('nFiles', 0):<7} {pct('code'):>16} "
          f"{pct('comment'):>16} {pct('blank'):>14}  {unexpl:>6} {up:4.1f}%{flag}")

# Which rules the differing lines come from, per language (a file counts under
# each rule it shows; lines of files with no rule are "unexplained").
print("\ndiffering files by the rule that explains them (files, |lines| differing):")
for k in langs:
    rows = diff_files.get(k, [])
    if not rows:
        continue
    by_rule = defaultdict(lambda: [0, 0])
    for w, path, t, c, why in rows:
        for r in why or ["UNEXPLAINED (no stated rule found in the file)"]:
            by_rule[r][0] += 1
            by_rule[r][1] += w
    print(f"  {k}: {len(rows)} files")
    for r, (n, w) in sorted(by_rule.items(), key=lambda x: -x[1][1]):
        print(f"    {n:6} files {w:9} lines  {r}")
    worst = sorted([r for r in rows if not r[4]], key=lambda r: -r[0])[:3]
    for w, path, t, c, _ in worst:
        print(f"      unexplained: {path[len(root):]}  code/comment/blank "
              f"{t['code']}/{t['comment']}/{t['blank']} vs cloc {c['code']}/{c['comment']}/{c['blank']}")
# Files one side did not count: cloc knows languages we do not (Text, ...), and
# the walk skips files over thresholds.max_file_bytes (2 MiB: generated register
# headers, a large JSON) and binaries; we count .dts as Device Tree, Kbuild as make.
print("\nlines in files only cloc counted, per language (code+comment+blank), of its total:")
only = defaultdict(lambda: [0, 0])
for p, c in cloc_files.items():
    if p not in tg_files:
        only[c.get("language")][0] += 1
        only[c.get("language")][1] += c["code"] + c["comment"] + c["blank"]
for k, (n, w) in sorted(only.items(), key=lambda x: -x[1][1])[:8]:
    tot = sum(cloc_lang.get(k, {}).get(f, 0) for f in ("code", "comment", "blank"))
    print(f"  {k:22} {n:6} files {w:9} lines ({100.0 * w / tot if tot else 0:.1f}%)")
only_cloc = [p for p in cloc_files if p not in tg_files]
only_tg = [p for p in tg_files if p not in cloc_files]
print(f"\nfiles only cloc counted: {len(only_cloc)}; only terragon: {len(only_tg)}")
for p in sorted(only_cloc)[:5]:
    print(f"  cloc only: {p[len(root):]} ({cloc_files[p].get('language')})")
for p in sorted(only_tg)[:5]:
    print(f"  terragon only: {p[len(root):]} ({tg_files[p]['language']})")
print("languages with unexplained differences over 1%: " + (", ".join(bugs) if bugs else "none"))
PY
  echo
done
