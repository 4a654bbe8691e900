#!/usr/bin/python3
"""The backtest's arithmetic (bench/backtest.sh runs discover and calls this).

Given a snapshot's backlog (value-metrics.json), its files (count --by-file)
and the clone, it asks: did the files the backlog ranks first get the bug
fixes of the next months? It compares the whole backlog and its code-health
part with two rankings anyone could compute: the largest source files and the
most-changed files of the 12 months before the snapshot.
"""
import argparse
import csv
import json
import re
import subprocess
import sys
from collections import Counter

# Word-ish: "fixes", "bugfix", "crashed", but not "prefix", "fixture" or "trace".
FIX = re.compile(
    r"\b(fix(e[sd]|ing|up)?|bug(s|fix(es)?)?|crash(es|ed|ing)?|regressions?|leak(s|ing)?|"
    r"overflows?|races?|segfaults?|oops|cve)\b",
    re.I,
)
HEALTH = {"complexity", "hotspot", "debt", "architecture"}
KS = (10, 20, 50)


def git(clone, *args):
    return subprocess.run(
        ["git", "-C", clone, "-c", "core.quotepath=off", *args],
        check=True, capture_output=True, text=True, errors="surrogateescape",
    ).stdout


def source_files(count_csv):
    """Snapshot paths -> code lines, for languages with decision points (code, not prose)."""
    rows = list(csv.DictReader(open(count_csv, encoding="utf-8", errors="surrogateescape")))
    cx = Counter()
    for r in rows:
        cx[r["language"]] += int(r["complexity"])
    return {r["path"]: int(r["code"]) for r in rows if cx[r["language"]] > 0}


def fix_commits(clone, start, until, snapshot):
    """The fix commits after start (to until), each as the set of snapshot paths it touched.

    Renames after the snapshot are followed by hand (-M, oldest first), so a fix
    to a file renamed later still counts for its name at the snapshot.
    """
    out = git(clone, "log", "--reverse", "--no-merges", "-M", "--name-status",
              "--format=%x01%H%x02%s", f"--until={until}", f"{start}..HEAD")
    now = {p: p for p in snapshot}  # current name -> name at the snapshot
    fixes = []
    for chunk in out.split("\x01")[1:]:
        head, _, body = chunk.partition("\n")
        subject = head.partition("\x02")[2]
        touched = set()
        for line in body.splitlines():
            f = line.split("\t")
            if len(f) < 2:
                continue
            if f[0].startswith("R") and len(f) == 3:
                old = now.pop(f[1], None)
                if old:
                    now[f[2]] = old
                    touched.add(old)
            elif f[1] in now:
                touched.add(now[f[1]])
        if FIX.search(subject) and touched:
            fixes.append(touched)
    return fixes


def churn(clone, start, since, snapshot):
    out = git(clone, "log", "--no-merges", "--no-renames", "--name-only", "--format=",
              f"--since={since}", start)
    c = Counter(p for p in out.splitlines() if p in snapshot)
    return [p for p, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]


def distinct_files(items):
    seen, out = set(), []
    for it in items:
        p = it.get("path")
        if p and p not in seen:
            seen.add(p)
            out.append(p)
    return out


def figures(ranked, fixed, fixes, k):
    top = ranked[:k]
    if not top:
        return None, None
    prec = sum(1 for p in top if p in fixed) / len(top)
    s = set(top)
    cap = sum(1 for f in fixes if f & s) / len(fixes) if fixes else 0.0
    return prec, cap


def open_items(path):
    d = json.load(open(path, encoding="utf-8"))
    return [i for i in d["items"] if i.get("status", "open") == "open"]


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--name", required=True)
    a.add_argument("--clone", required=True)
    a.add_argument("--start", required=True, help="the snapshot's commit")
    a.add_argument("--date", required=True)
    a.add_argument("--until", required=True)
    a.add_argument("--since", required=True, help="start of the churn year")
    a.add_argument("--count", required=True)
    a.add_argument("--items", required=True)
    a.add_argument("--end-items")
    o = a.parse_args()

    code = source_files(o.count)
    items = open_items(o.items)
    fixes = fix_commits(o.clone, o.start, o.until, set(code) | {i["path"] for i in items if i.get("path")})
    fixed = set().union(*fixes) if fixes else set()
    base = sum(1 for p in code if p in fixed) / len(code) if code else 0.0
    rankings = [
        ("backlog", distinct_files(items)),
        ("code-health", distinct_files(i for i in items if i["category"] in HEALTH)),
        ("churn-12m", churn(o.clone, o.start, o.since, code)),
        ("largest", [p for p, _ in sorted(code.items(), key=lambda kv: (-kv[1], kv[0]))]),
    ]
    print(f"# {o.name}: snapshot {o.start[:12]} ({o.date}), fixes to {o.until}: "
          f"{len(fixes)} commits touching {sum(1 for p in code if p in fixed)} of "
          f"{len(code)} source files (base rate {base:.2f})")
    print("ranking\tfiles\t" + "\t".join(f"P@{k}" for k in KS) + "\t" +
          "\t".join(f"C@{k}" for k in KS))
    p20 = {}
    for name, ranked in rankings:
        ps, cs = [], []
        for k in KS:
            p, c = figures(ranked, fixed, fixes, k)
            ps.append("-" if p is None else f"{p:.2f}")
            cs.append("-" if c is None else f"{c:.2f}")
            if k == 20:
                p20[name] = p
        print(f"{name}\t{len(ranked)}\t" + "\t".join(ps) + "\t" + "\t".join(cs))
    res = ""
    if o.end_items:
        gone = {i["fingerprint"] for i in items} - {i["fingerprint"] for i in open_items(o.end_items)}
        top = items[:20]
        r_top = sum(1 for i in top if i["fingerprint"] in gone) / len(top) if top else 0
        r_all = len([i for i in items if i["fingerprint"] in gone]) / len(items) if items else 0
        hl = [i for i in items if i["category"] in HEALTH][:20]
        r_hl = sum(1 for i in hl if i["fingerprint"] in gone) / len(hl) if hl else 0
        print(f"resolved by {o.until}: top 20 items {r_top:.2f}, code-health top 20 {r_hl:.2f}, "
              f"all {len(items)} items {r_all:.2f}")
        res = f" resolved(top20/all)={r_top:.2f}/{r_all:.2f}"

    def f(x):
        return "-" if x is None else f"{x:.2f}"
    print(f"SUMMARY {o.name} P@20 backlog={f(p20['backlog'])} code-health={f(p20['code-health'])} "
          f"churn={f(p20['churn-12m'])} largest={f(p20['largest'])} base={base:.2f}{res}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
