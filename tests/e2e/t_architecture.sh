#!/usr/bin/env bash
# docs/ARCHITECTURE.md stays true: its module table lists every module under
# src/ at the layer its CMake DEPS give it (one more than its highest
# dependency), and every source file or directory it names exists.
. "$(dirname "$0")/lib.sh"
ROOT=${TG_SOURCE_DIR:?}

test_case 'the module table lists every module at the layer its DEPS give it' <<'CASE'
  python3 - "$ROOT" <<"PY"
import glob, os, re, sys
root = sys.argv[1]
doc = open(os.path.join(root, "docs/ARCHITECTURE.md")).read()
table = {m: int(l) for l, m in re.findall(r"^\| (\d+) \| `(\w+)/`", doc, re.M)}
deps = {}
for f in glob.glob(os.path.join(root, "src/*/CMakeLists.txt")):
    m = re.search(r"tg_module\((\w+)([^)]*)\)", open(f).read())
    d = re.search(r"DEPS((?:\s+\w+)*?)(?:\s+PKGS|\s*$)", m.group(2))
    deps[m.group(1)] = d.group(1).split() if d else []
layer = {}
def of(n):
    if n not in layer:
        layer[n] = 1 + max((of(d) for d in deps[n]), default=-1)
    return layer[n]
bad = []
for n in sorted(deps):
    if n not in table:
        bad.append("%s: not in the table" % n)
    elif table[n] != of(n):
        bad.append("%s: layer %d in the table, %d by its DEPS %s" % (n, table[n], of(n), deps[n]))
top = max(layer.values())
if table.get("cmd") != top + 1:
    bad.append("cmd: layer %s, want %d (above every module)" % (table.get("cmd"), top + 1))
for n in table:
    if n != "cmd" and n not in deps:
        bad.append("%s: in the table, but src/%s/ is no module" % (n, n))
if bad:
    sys.exit("\n".join(bad))
PY
CASE

test_case 'every file and directory the page names exists' <<'CASE'
  python3 - "$ROOT" <<"PY"
import os, re, sys
root = sys.argv[1]
doc = open(os.path.join(root, "docs/ARCHITECTURE.md")).read()
missing = []
for name in sorted(set(re.findall(r"`([\w./-]+/[\w./-]*)`", doc))):
    if "<" in name or name.startswith(("http", "build/", ".terragon/")):
        continue
    path = name.rstrip("/")
    if not path.endswith((".c", ".h", ".sh", ".md", ".txt", ".yaml", ".example")) and not name.endswith("/"):
        continue
    if not any(os.path.exists(os.path.join(root, p, path)) for p in ("", "src")):
        missing.append(name)
if missing:
    sys.exit("named but missing: " + ", ".join(missing))
PY
CASE

test_case 'a private header (<topic>_int.h) is included only by its own module, its unit tests and fuzz harnesses' <<'CASE'
  python3 - "$ROOT" <<"PY"
import glob, os, re, sys
root = sys.argv[1]
bad = []
files = glob.glob(os.path.join(root, "src/**/*.[ch]"), recursive=True) + \
    glob.glob(os.path.join(root, "tests/**/*.[ch]"), recursive=True) + \
    glob.glob(os.path.join(root, "fuzz/*.c")) + glob.glob(os.path.join(root, "bench/*.c"))
for f in files:
    rel = os.path.relpath(f, root)
    for mod, name in re.findall(r'#include "(\w+)/(\w+_int\.h)"', open(f).read()):
        if not (rel.startswith("src/%s/" % mod) or rel.startswith("tests/unit/%s/" % mod)
                or rel.startswith("fuzz/")):
            bad.append("%s includes %s/%s" % (rel, mod, name))
if bad:
    sys.exit("\n".join(bad))
PY
CASE

done_testing
