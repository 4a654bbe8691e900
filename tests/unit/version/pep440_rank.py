# The reference for test_version_pep440.c: reads versions (one per line) from
# argv[1] and writes, one per line to argv[2], each version's rank in
# packaging.version.Version's order (equal versions share a rank) or -1 when
# packaging refuses it.
import sys

from packaging.version import InvalidVersion, Version

with open(sys.argv[1], encoding="utf-8", newline="\n") as f:
    versions = f.read().split("\n")[:-1]
parsed = []
for i, v in enumerate(versions):
    try:
        parsed.append((Version(v), i))
    except InvalidVersion:
        pass
parsed.sort(key=lambda t: t[0])
rank = [-1] * len(versions)
r, prev = -1, None
for v, i in parsed:
    if prev is None or v != prev:
        r += 1
    prev = v
    rank[i] = r
with open(sys.argv[2], "w") as f:
    f.writelines(f"{x}\n" for x in rank)
