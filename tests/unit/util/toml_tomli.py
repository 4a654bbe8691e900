#!/usr/bin/python3
"""Compares util/toml.h with python3-tomli on every TOML file of the corpora.

Run by test_toml_tomli (tests/unit/util/test_toml_tomli.c), which is also the
dumper: `test_toml_tomli --dump FILE...` prints one line of JSON per file,
the parse in toml-test's tagged encoding or the error. The corpora are
tests/data/toml/ (hand-written cases and toml-test's inputs) and every
*.toml file tracked in the repository.

Where TOML 1.0 is stricter than tomli, tomli's answer is made strict before
comparing: an integer outside int64 and nesting deeper than 128 are
refused (util/toml.h refuses them; tomli takes them), and a leading
byte order mark is skipped (toml-test's valid cases have one; tomli
refuses it). Floats compare as
numbers, dates and times as the values they denote.

With --mutants N, N one-edit variants of the valid files (a fixed seed)
are compared too. Files under tests/data/toml/**/valid/ must also parse and those under
invalid/ must not. Exit status 0 when every file agrees; the disagreements
are listed.
"""

import argparse
import datetime
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import tomli

MAX_DEPTH = 128
# A leading byte order mark is skipped (toml-test's valid/utf8-bom-*); tomli refuses it.
BOM = b"\xef\xbb\xbf"


def corpus(root):
    files = set()
    data = os.path.join(root, "tests", "data", "toml")
    for d, _, names in os.walk(data):
        for n in names:
            if n.endswith(".toml"):
                files.add(os.path.relpath(os.path.join(d, n), root))
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "*.toml"],
                             capture_output=True, check=True).stdout
        files.update(p for p in out.decode().split("\0") if p)
    except (OSError, subprocess.CalledProcessError):
        pass
    return sorted(files)


def tagged(v):
    if isinstance(v, dict):
        return {k: tagged(x) for k, x in v.items()}
    if isinstance(v, list):
        return [tagged(x) for x in v]
    if isinstance(v, bool):
        return {"type": "bool", "value": "true" if v else "false"}
    if isinstance(v, int):
        return {"type": "integer", "value": str(v)}
    if isinstance(v, float):
        return {"type": "float", "value": repr(v)}
    if isinstance(v, str):
        return {"type": "string", "value": v}
    if isinstance(v, datetime.datetime):
        kind = "datetime" if v.tzinfo else "datetime-local"
        return {"type": kind, "value": v}
    if isinstance(v, datetime.date):
        return {"type": "date-local", "value": v}
    if isinstance(v, datetime.time):
        return {"type": "time-local", "value": v}
    raise TypeError(type(v))


def strictness(v, depth=0):
    """Why TOML 1.0 (as util/toml.h reads it) refuses what tomli took, or None."""
    if depth > MAX_DEPTH:
        return "nested deeper than %d" % MAX_DEPTH
    if isinstance(v, bool):
        return None
    if isinstance(v, int) and not -2**63 <= v < 2**63:
        return "integer outside int64"
    items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else ()
    for x in items:
        why = strictness(x, depth + 1)
        if why:
            return why
    return None


def our_datetime(kind, text):
    if kind == "time-local":
        return datetime.time.fromisoformat(fraction6(text))
    if kind == "date-local":
        return datetime.date.fromisoformat(text)
    return datetime.datetime.fromisoformat(fraction6(text.replace("Z", "+00:00")))


def fraction6(text):
    """A fraction of a second cut or padded to 6 digits, as tomli reads it."""
    if "." not in text:
        return text
    head, tail = text.split(".", 1)
    digits = len(tail) - len(tail.lstrip("0123456789"))
    frac, rest = tail[:digits], tail[digits:]
    return head + "." + frac[:6].ljust(6, "0") + rest


def same_float(a, b):
    x, y = float(a), float(b)
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return x == y and math.copysign(1, x) == math.copysign(1, y)


def differ(ours, theirs, where="$"):
    """Where ours and theirs differ, or None."""
    if isinstance(theirs, dict) and "type" in theirs and not isinstance(theirs["type"], dict):
        if not isinstance(ours, dict) or ours.get("type") != theirs["type"]:
            return "%s: %r vs tomli %r" % (where, ours, theirs)
        kind, a, b = theirs["type"], ours["value"], theirs["value"]
        if kind == "float":
            ok = same_float(a, b)
        elif kind.startswith(("date", "time")):
            ok = our_datetime(kind, a) == b
        else:
            ok = a == b
        return None if ok else "%s: %r vs tomli %r" % (where, a, b)
    if isinstance(theirs, dict):
        if not isinstance(ours, dict) or list(ours) != list(theirs):
            return "%s: keys %r vs tomli %r" % (where, list(ours)[:8], list(theirs)[:8])
        for k in theirs:
            d = differ(ours[k], theirs[k], "%s.%s" % (where, k))
            if d:
                return d
        return None
    if not isinstance(ours, list) or len(ours) != len(theirs):
        return "%s: array length differs" % where
    for i, (a, b) in enumerate(zip(ours, theirs)):
        d = differ(a, b, "%s[%d]" % (where, i))
        if d:
            return d
    return None


def tomli_parse(path):
    """(value, None) or (None, why tomli or TOML 1.0 refuses it)."""
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        value = tomli.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as e:
        return None, str(e)
    why = strictness(value)
    return (None, why) if why else (value, None)


def run_dumper(dumper, root, files):
    out = {}
    for i in range(0, len(files), 200):
        res = subprocess.run([dumper, "--dump"] + files[i:i + 200], cwd=root,
                             capture_output=True, check=True)
        for line in res.stdout.decode().splitlines():
            rec = json.loads(line)
            out[rec["path"]] = rec
    return out


class Tally:
    def __init__(self):
        self.files = self.agree = self.accepted = self.rejected = self.strict = self.boms = 0
        self.bad = []

    def compare(self, path, full, rec, directory_rule):
        """Counts one file: ours (rec) against tomli's parse of full."""
        value, why = tomli_parse(full)
        self.files += 1
        if why in ("integer outside int64", "nested deeper than %d" % MAX_DEPTH):
            self.strict += 1
        with open(full, "rb") as f:
            self.boms += f.read(len(BOM)) == BOM
        if value is None and rec["ok"]:
            return self.bad.append("%s: tomli refuses (%s), we accept" % (path, why))
        if value is not None and not rec["ok"]:
            return self.bad.append("%s: tomli accepts, we refuse: %s" % (path, rec["error"]))
        d = value is not None and differ(rec["value"], tagged(value))
        if d:
            return self.bad.append("%s: %s" % (path, d))
        # tests/data/toml: a file under valid/ must parse, one under invalid/ must not.
        parts = path.split(os.sep)
        if directory_rule and ("valid" in parts or "invalid" in parts) and \
                rec["ok"] != ("valid" in parts):
            return self.bad.append("%s: %s, against its directory" %
                                   (path, "accepted" if rec["ok"] else "refused"))
        self.agree += 1
        self.accepted += value is not None
        self.rejected += value is None

    def report(self, what):
        for b in self.bad:
            print("DIFFER " + b)
        print("toml vs tomli, %s: %d of %d files agree (%d accepted by both, %d refused by "
              "both, %d of them refused only as TOML 1.0 is stricter than tomli; %d read after "
              "a byte order mark tomli refuses); %d differ"
              % (what, self.agree, self.files, self.accepted, self.rejected, self.strict,
                 self.boms, len(self.bad)))


MUTATIONS = [b'"', b"'", b"[", b"]", b"{", b"}", b".", b"=", b",", b"\n", b" ", b"\t", b"#",
             b"\\", b"_", b"0", b"1", b"9", b"e", b"+", b"-", b":", b"T", b"Z", b"a", b'"""',
             b"'''", b"[[", b"]]", b"\\u", b"x", b"o", b"b", b"inf", b"nan", b"\r\n", b"\r",
             b"\xc3\xa9"]


def mutants(root, files, n, seed, outdir):
    """n variants of the valid files, each with one random edit: paths written."""
    rnd = random.Random(seed)
    seeds = []
    for f in files:
        if os.sep + "valid" + os.sep in f:
            with open(os.path.join(root, f), "rb") as fp:
                seeds.append(fp.read())
    paths = []
    for i in range(n):
        d = bytearray(rnd.choice(seeds))
        p = rnd.randint(0, len(d))
        op = rnd.randint(0, 3)
        if op == 0:
            d[p:p] = rnd.choice(MUTATIONS)
        elif op == 1:
            del d[p:p + rnd.randint(1, 3)]
        elif op == 2:
            d[p:p + 1] = rnd.choice(MUTATIONS)
        else:
            other = rnd.choice(seeds)
            q = rnd.randint(0, len(other))
            d[p:p] = other[q:q + rnd.randint(1, 40)]
        path = os.path.join(outdir, "mutant-%d.toml" % i)
        with open(path, "wb") as fp:
            fp.write(d)
        paths.append(path)
    return paths


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dumper", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--mutants", type=int, default=0,
                    help="also compare this many one-edit variants of the valid files")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    args.dumper = os.path.abspath(args.dumper)
    files = corpus(args.root)
    ours = run_dumper(args.dumper, args.root, files)
    corpus_tally = Tally()
    for path in files:
        corpus_tally.compare(path, os.path.join(args.root, path), ours[path],
                             path.startswith(os.path.join("tests", "data", "toml")))
    corpus_tally.report("corpus")
    bad = len(corpus_tally.bad)
    if args.mutants:
        with tempfile.TemporaryDirectory() as tmp:
            paths = mutants(args.root, files, args.mutants, args.seed, tmp)
            ours = run_dumper(args.dumper, tmp, paths)
            tally = Tally()
            for path in paths:
                tally.compare(path, path, ours[path], False)
            tally.report("%d mutants (seed %d)" % (args.mutants, args.seed))
            bad += len(tally.bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
