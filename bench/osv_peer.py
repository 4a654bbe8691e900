#!/usr/bin/env python3
"""The peer of bench/vulns.sh's match: Python doing the matcher's work.

    osv_peer.py OSV_DB DEPS_TSV

For each dependency ("ecosystem<TAB>name<TAB>version"), the records terragon's
database holds for it (the same SQLite file and index, read with sqlite3),
each parsed with json and evaluated as the OSV schema says for ECOSYSTEM and
SEMVER ranges and `versions` lists, versions ordered by python3-packaging for
PyPI and by a SemVer key for the others (Go's `v` dropped). Prints the time
and the number of (dependency, record) pairs found affected.
"""
import json, re, sqlite3, sys, time
from packaging.version import Version, InvalidVersion

ECO = {"PyPI": 1, "npm": 2, "Go": 3, "crates.io": 4, "Maven": 5, "RubyGems": 6,
       "Packagist": 7, "NuGet": 8}


def semver_key(v):
    v = v.lstrip("v").split("+")[0]
    core, _, pre = v.partition("-")
    nums = [int(x) if x.isdigit() else 0 for x in core.split(".")][:3] + [0, 0, 0]
    pre_key = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".")) if pre else ()
    return (nums[:3], 0 if pre else 1, pre_key)


def key(eco, v):
    if eco == "PyPI":
        try:
            return (Version(v),)
        except InvalidVersion:
            return None
    return semver_key(v)


def affected(eco, name, version, rec):
    vk = key(eco, version)
    for a in rec.get("affected", []):
        p = a.get("package", {})
        if p.get("ecosystem") != eco:
            continue
        if version in a.get("versions", []):
            return True
        for r in a.get("ranges", []):
            if r.get("type") not in ("ECOSYSTEM", "SEMVER") or vk is None:
                continue
            events = []
            for e in r.get("events", []):
                (kind, v), = e.items()
                k = (semver_key("0") if eco != "PyPI" else (Version("0"),)) if v == "0" else key(eco, v)
                if k is not None:
                    events.append((k, kind))
            events.sort(key=lambda x: x[0])
            hit = False
            for k, kind in events:
                if kind == "introduced" and vk >= k:
                    hit = True
                elif kind == "fixed" and vk >= k:
                    hit = False
                elif kind == "last_affected" and vk > k:
                    hit = False
            if hit:
                return True
    return False


def main():
    db = sqlite3.connect(sys.argv[1])
    deps = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
    t0 = time.perf_counter()
    found = 0
    q = "SELECT r.json FROM affected a JOIN record r ON r.rid = a.rid WHERE a.eco = ? AND a.name = ?"
    for eco, name, version in deps:
        for (text,) in db.execute(q, (ECO[eco], name)):
            found += affected(eco, name, version, json.loads(text))
    print("python3 sqlite3+json+packaging: %.3f s, %d affected (dependency, record) pairs"
          % (time.perf_counter() - t0, found))


main()
