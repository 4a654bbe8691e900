#!/usr/bin/env python3
"""Writes a `git fast-import` stream of a synthetic history for bench/history.sh.

Usage: history_gen.py COMMITS [FILES] [SEED] [START_MARK_TIME]

Files are C sources in a directory tree; which files a commit touches is
skewed (a few files take most of the changes, as in real repositories),
authors are skewed too, some commits rename a file, and every commit has a
fixed, increasing date so the history is reproducible.
"""
import random
import sys

commits = int(sys.argv[1])
nfiles = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
t0 = int(sys.argv[4]) if len(sys.argv) > 4 else 1500000000
out = sys.stdout.buffer

authors = ["Dev %02d <dev%02d@example.com>" % (i, i) for i in range(40)]
authors.append("dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>")
paths = ["src/m%02d/f%04d.c" % (i % 60, i) for i in range(nfiles)]
contents = {}
BODY = ["\tif (x > %d)\n\t\treturn %d;\n", "\tfor (i = 0; i < %d; i++)\n\t\ty += %d;\n",
        "\ty = y * %d + %d;\n", "\twhile (y > %d)\n\t\ty -= %d;\n"]


def new_file():
    return [rng.choice(BODY) % (rng.randint(1, 99), rng.randint(1, 99)) for _ in range(rng.randint(10, 60))]


def render(lines):
    return ("int f(int x)\n{\n\tint i, y = 0;\n" + "".join(lines) + "\treturn y;\n}\n").encode()


def pick():
    # Zipf-like: the low indices change far more often.
    return min(int(nfiles * rng.random() ** 3), nfiles - 1)


def blob(data):
    out.write(b"data %d\n" % len(data))
    out.write(data)
    out.write(b"\n")


mark = 0
for c in range(commits):
    author = authors[min(int(len(authors) * rng.random() ** 2), len(authors) - 1)]
    when = t0 + c * 600
    ops = []
    n = 1 + int(rng.random() ** 4 * 12)
    for _ in range(n):
        i = pick()
        p = paths[i]
        if p not in contents:
            contents[p] = new_file()
        else:
            lines = contents[p]
            for _ in range(rng.randint(1, 4)):
                k = rng.randrange(len(lines) + 1)
                if rng.random() < 0.6 or len(lines) < 5:
                    lines.insert(k, rng.choice(BODY) % (rng.randint(1, 99), rng.randint(1, 99)))
                else:
                    del lines[min(k, len(lines) - 1)]
        ops.append(("M", p))
    if c > 100 and rng.random() < 0.01:
        existing = [p for p in contents]
        old = rng.choice(existing)
        new = old.replace(".c", "_r%d.c" % c)
        contents[new] = contents.pop(old)
        paths[paths.index(old)] = new
        ops = [o for o in ops if o[1] != old]
        ops.append(("R", old, new))
    out.write(b"commit refs/heads/main\n")
    out.write(b"author %s %d +0000\n" % (author.encode(), when))
    out.write(b"committer %s %d +0000\n" % (author.encode(), when))
    msg = b"change %d\n" % c
    out.write(b"data %d\n%s" % (len(msg), msg))
    seen = set()
    for o in ops:
        if o[0] == "R":
            out.write(b"D %s\n" % o[1].encode())
            out.write(b"M 100644 inline %s\n" % o[2].encode())
            blob(render(contents[o[2]]))
        elif o[1] not in seen:
            seen.add(o[1])
            out.write(b"M 100644 inline %s\n" % o[1].encode())
            blob(render(contents[o[1]]))
    out.write(b"\n")
out.write(b"done\n")
