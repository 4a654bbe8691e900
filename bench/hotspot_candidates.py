#!/usr/bin/python3
"""Hotspot ranking candidates, replayed on real histories (README: "How well the backlog predicts").

    bench/hotspot_candidates.py TERRAGON DATE CLONE...

For each clone: its last commit before DATE is checked out in a worktree next to
it (CLONE.snapshot), `terragon count` gives each file's decision points there,
and every candidate ranks the source files from the history before DATE (-M,
renames followed to the snapshot's names). Prints each candidate's precision
at 10, 20 and 50 files against the fix commits of the next 12 months, per
repository and on the mean. The clones are scratch copies: a worktree is added.
"""
import math
import os
import subprocess
import sys
from collections import defaultdict
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import backtest as bt  # noqa: E402

MONTH = 86400 * 30.436875


def run(*a):
    return subprocess.run(a, check=True, capture_output=True, text=True,
                          errors="surrogateescape").stdout


def history(clone, start):
    """Per file (snapshot name): revisions, decayed revisions, decayed fixes."""
    out = run("git", "-C", clone, "-c", "core.quotepath=off", "log", "--no-merges", "-M",
              "--name-status", "--format=%x01%at%x02%s", start)
    cur, stats, newest = {}, defaultdict(lambda: defaultdict(float)), None
    for chunk in out.split("\x01")[1:]:
        head, _, body = chunk.partition("\n")
        t, _, subject = head.partition("\x02")
        newest = newest or int(t)
        age = (newest - int(t)) / MONTH
        fix = bool(bt.FIX.search(subject))
        for line in body.splitlines():
            f = line.split("\t")
            if len(f) == 3 and f[0].startswith("R"):
                cur[f[1]] = p = cur.get(f[2], f[2])
            elif len(f) == 2:
                p = cur.get(f[1], f[1])
            else:
                continue
            s = stats[p]
            s["revs"] += 1
            s["y1"] += age < 12
            for hl in (3, 6, 12, 24):
                s[f"d{hl}"] += 0.5 ** (age / hl)
            if fix:
                s["fixes"] += 1
                s["fix6"] += 0.5 ** (age / 6)
    return stats


def log2(c):
    return math.log2(2 + c)


CANDIDATES = {
    "revisions x cx": lambda s, c: s["revs"] * c,
    "revisions": lambda s, c: s["revs"],
    "last 12 months x cx": lambda s, c: s["y1"] * c,
    "d6": lambda s, c: s["d6"],
    "d3 x cx": lambda s, c: s["d3"] * c,
    "d6 x cx": lambda s, c: s["d6"] * c,
    "d12 x cx": lambda s, c: s["d12"] * c,
    "d24 x cx": lambda s, c: s["d24"] * c,
    "d6 x log2(2+cx)": lambda s, c: s["d6"] * log2(c),
    "d12 x log2(2+cx)": lambda s, c: s["d12"] * log2(c),
    "fix6 x cx": lambda s, c: s["fix6"] * c,
    "d6 x cx x (1+fixes/revs)": lambda s, c: s["d6"] * c * (1 + s["fixes"] / max(1, s["revs"])),
    "(d6+fix6) x cx": lambda s, c: (s["d6"] + s["fix6"]) * c,
    "(d6+fix6) x log2(2+cx)": lambda s, c: (s["d6"] + s["fix6"]) * log2(c),
    "(d6+fix6) x sqrt(cx)": lambda s, c: (s["d6"] + s["fix6"]) * math.sqrt(c),
}


def main():
    terragon, when, clones = sys.argv[1], sys.argv[2], sys.argv[3:]
    d = date.fromisoformat(when)
    until = d.replace(year=d.year + 1).isoformat()
    res = {}
    for clone in clones:
        name = os.path.basename(clone.rstrip("/"))
        start = run("git", "-C", clone, "rev-list", "-1", f"--before={when}", "HEAD").strip()
        wt = clone.rstrip("/") + ".snapshot"
        if not os.path.isdir(wt):
            run("git", "-C", clone, "worktree", "add", "-q", "--detach", wt, start)
        counts = wt + ".count.csv"
        with open(counts, "w") as f:
            f.write(run(terragon, "count", "-C", wt, "--by-file", "--format", "csv", "--no-cache"))
        code = bt.source_files(counts)
        cx = {r["path"]: int(r["complexity"]) for r in bt.csv.DictReader(open(counts))}
        fixes = bt.fix_commits(clone, start, until, set(code))
        fixed = set().union(*fixes) if fixes else set()
        stats = history(clone, start)
        res[name] = {}
        for cand, fn in CANDIDATES.items():
            ranked = sorted(((fn(stats[p], cx[p]), p) for p in code
                             if cx.get(p, 0) > 0 and p in stats), key=lambda x: (-x[0], x[1]))
            res[name][cand] = []
            for k in (10, 20, 50):
                top = [p for v, p in ranked[:k] if v > 0]
                res[name][cand].append(sum(p in fixed for p in top) / len(top) if top else 0)
    print("candidate\t" + "\t".join(f"P@{k} ({' '.join(res)}; mean)" for k in (10, 20, 50)))
    for cand in CANDIDATES:
        cells = []
        for i in range(3):
            v = [res[n][cand][i] for n in res]
            cells.append(" ".join(f"{x:.2f}" for x in v) + f"; {sum(v) / len(v):.3f}")
        print(cand + "\t" + "\t".join(cells))


if __name__ == "__main__":
    main()
