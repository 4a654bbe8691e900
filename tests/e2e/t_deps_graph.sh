#!/usr/bin/env bash
# terragon deps-graph: the module graph of a fixture in each language, with
# its known cycles, layering violations and external edges; DOT that
# Graphviz renders; Mermaid; and this repository's graph against the layers
# of docs/ARCHITECTURE.md.
. "$(dirname "$0")/lib.sh"
ROOT=${TG_SOURCE_DIR:?}
for l in c py js ts go java rust cs; do
  mkdir -p "$T/$l"
  cp -R "$ROOT/tests/data/deps_graph/$l/." "$T/$l/"
  make_repo "$T/$l" >/dev/null
done

# check FILE PYTHON: asserts on the JSON graph in FILE as d.
check() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
edges = {(e["from"], e["to"]) for e in d["edges"]}
ext = {(e["from"], e["name"]) for e in d["external"]}
cycles = [(c["nodes"], [(e["from"], e["to"]) for e in c["cut"]]) for c in d["cycles"]]
violations = [(e["from"], e["to"]) for e in d["layer_violations"]]
exec(sys.argv[2])
PY
}

test_case 'C: includes resolved, the directory cycle and its cut, the layering violation' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level dir --format json "$T/c"
check "$T/out" '
assert cycles == [(["src/app", "src/core"], [("src/core", "src/app")])], cycles
assert violations == [("src/core", "src/app")], violations
assert ("src/app", "src/util") in edges and ("src/core", "src/util") in edges, edges
assert ext == {("src/util", "stdio.h")}, ext
'
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/c"
check "$T/out" '
assert cycles == [], cycles  # no file includes itself round
assert ("src/core/engine.h", "src/app/ui.h") in edges
'
CASE

test_case 'Python: relative imports, the module cycle, the violation of the bottom layer' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/py"
check "$T/out" '
assert cycles == [(["pkg/models.py", "pkg/views.py"], [("pkg/views.py", "pkg/models.py")])], cycles
assert violations == [("pkg/util.py", "pkg/views.py")], violations
assert ("pkg/__init__.py", "pkg/models.py") in edges
assert ext == {("pkg/views.py", "json")}, ext
# the order the graph gives, once the cut import is gone: views at the bottom
levels = {n["id"]: n["inferred_layer"] for n in d["nodes"]}
assert levels == {"pkg/views.py": 0, "pkg/models.py": 1, "pkg/util.py": 1, "pkg/__init__.py": 2}, levels
'
CASE

test_case 'JavaScript and TypeScript: import, export from and require make one cycle' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/js"
check "$T/out" '
assert edges == {("index.js", "src/a.js"), ("src/a.js", "src/b.ts"), ("src/b.ts", "src/c.ts"),
                 ("src/c.ts", "src/a.js")}, edges
assert [c[0] for c in cycles] == [["src/a.js", "src/b.ts", "src/c.ts"]], cycles
assert len(cycles[0][1]) == 1, cycles
assert ext == {("src/a.js", "lodash")}, ext
'
CASE

test_case 'TypeScript: tsconfig paths and baseUrl (JSONC), a package of the tree by its exports' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/ts"
check "$T/out" '
assert edges == {("src/app/main.ts", "src/core/engine.ts"), ("src/app/main.ts", "src/util/index.ts"),
                 ("src/app/main.ts", "src/shared/fmt.ts"), ("src/app/main.ts", "packages/lib/src/index.ts"),
                 ("src/app/main.ts", "packages/lib/src/feature/a.ts"),
                 ("src/core/engine.ts", "src/util/index.ts"), ("src/util/index.ts", "src/core/engine.ts"),
                 ("packages/lib/src/index.ts", "packages/lib/src/feature/a.ts")}, edges
assert [c[0] for c in cycles] == [["src/core/engine.ts", "src/util/index.ts"]], cycles
assert ext == {("src/app/main.ts", "react")}, ext
assert not any(n.endswith(".json") for n in {e[0] for e in edges} | {e[1] for e in edges})
'
CASE

test_case 'C#: using of namespaces, using static and aliases within the solution; the cycle; the layers' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/cs"
check "$T/out" '
assert edges == {("App/Program.cs", "Core/Engine.cs"), ("App/Program.cs", "Core/Store.cs"),
                 ("App/Program.cs", "Util/Log.cs"), ("Core/Engine.cs", "App/Program.cs"),
                 ("Core/Store.cs", "Util/Log.cs")}, edges
assert [c[0] for c in cycles] == [["App/Program.cs", "Core/Engine.cs"]], cycles
assert violations == [("Core/Engine.cs", "App/Program.cs")], violations
assert ext == {("App/Program.cs", "System"), ("Util/Log.cs", "System.Text"),
               ("Util/Log.cs", "System.Text.Json.JsonSerializer")}, ext
'
CASE

test_case 'Go: packages within the module, the import cycle, the standard library outside' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/go"
check "$T/out" '
assert edges == {("./", "api/"), ("api/", "store/"), ("store/", "api/")}, edges
assert [c[0] for c in cycles] == [["api/", "store/"]], cycles
assert ext == {("api/", "net/http")}, ext
'
CASE

test_case 'Java and Kotlin: imports of classes and packages their declarations place' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/java"
check "$T/out" '
o, b, w = ("src/main/java/org/shop/order/Order.java", "src/main/java/org/shop/billing/Invoice.java",
           "src/main/kotlin/org/shop/web/Controller.kt")
assert edges == {(o, b), (b, o), (w, o)}, edges
assert [c[0] for c in cycles] == [sorted([o, b])], cycles
assert ext == {(o, "java.util.List"), (w, "kotlinx.coroutines.launch")}, ext
'
CASE

test_case 'Rust: mod declarations and crate:: paths, the module cycle' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/rust"
check "$T/out" '
assert edges == {("src/main.rs", "src/store/mod.rs"), ("src/main.rs", "src/api.rs"),
                 ("src/api.rs", "src/store/mod.rs"), ("src/store/mod.rs", "src/store/db.rs"),
                 ("src/store/db.rs", "src/api.rs")}, edges
assert [c[0] for c in cycles] == [["src/api.rs", "src/store/db.rs", "src/store/mod.rs"]], cycles
assert ext == {("src/api.rs", "serde")}, ext
'
CASE

test_case 'DOT renders with Graphviz, cut edges in red' <<'CASE'
command -v dot >/dev/null || fail "graphviz's dot is missing (scripts/deps.sh --test installs it)"
for l in c py js go java rust; do
  expect_exit 0 "$TERRAGON" deps-graph --level file "$T/$l"
  dot -Tsvg "$T/out" >"$T/$l.svg" || fail "dot rejected the graph of $l"
  grep -q '<svg' "$T/$l.svg" || fail "no SVG for $l"
done
expect_exit 0 "$TERRAGON" deps-graph --level dir "$T/c"
expect_grep 'color=red' "$T/out"
expect_exit 0 "$TERRAGON" deps-graph --level file "$ROOT"
dot -Tsvg "$T/out" >"$T/self.svg" || fail "dot rejected this repository's graph"
CASE

test_case 'Mermaid: one node line a node and one arrow an edge' <<'CASE'
expect_exit 0 "$TERRAGON" deps-graph --level file --format mermaid "$T/js"
head -1 "$T/out" | grep -qx 'graph LR' || fail "no header"
[ "$(grep -c -- '-->' "$T/out")" = 4 ] || fail "want 4 edges"
[ "$(grep -c '^  n[0-9]*\["' "$T/out")" = 4 ] || fail "want 4 nodes"
expect_grep 'linkStyle [0-9]+ stroke:red' "$T/out"
CASE

test_case 'this repository: no module imports a module of a higher layer than ARCHITECTURE.md gives it' <<'CASE'
python3 - "$ROOT" >"$T/layers.yaml" <<'PY'
import re, sys
doc = open(sys.argv[1] + "/docs/ARCHITECTURE.md").read()
layers = {}
for l, m in re.findall(r"^\| (\d+) \| `(\w+)/`", doc, re.M):
    layers.setdefault(int(l), []).append("src/%s" % m)
top = max(layers) + 1
layers[top] = ["src/cmd", "src"]
print("architecture:\n  layers:")
for l in sorted(layers):
    print("    - name: layer%d\n      paths: [%s]" % (l, ", ".join('"%s"' % p for p in layers[l])))
PY
expect_exit 0 "$TERRAGON" deps-graph -c "$T/layers.yaml" --level package --format json "$ROOT"
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["nodes"], d
bad = [(e["from"], e["to"]) for e in d["layer_violations"]]
# None: compliance.h took enum tg_severity from backlog/item.h until it moved
# to util/severity.h.
assert bad == [], bad
assert not d["cycles"], d["cycles"]
PY
CASE

test_case 'discover: a cycle and a layering violation become architecture items with the edges as evidence' <<'CASE'
cp -R "$T/c" "$T/cd"
expect_exit 0 "$TERRAGON" discover -C "$T/cd" --format json
cp "$T/out" "$T/discover.json"
expect_exit 0 "$TERRAGON" backlog -C "$T/cd" --format json
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
items = d["items"] if isinstance(d, dict) else d
arch = {i["rule_id"]: i for i in items if i.get("source") == "architecture"}
assert set(arch) == {"architecture/module-cycle", "architecture/layer-violation"}, sorted(arch)
cyc = arch["architecture/module-cycle"]
assert cyc["category"] == "architecture", cyc
assert "src/core -> src/app (1 import, first at line 3)" in cyc["evidence"], cyc["evidence"]
assert cyc["severity"] == "low", cyc
lv = arch["architecture/layer-violation"]
assert "layer core" in lv["title"] and "layer app" in lv["title"], lv["title"]
assert lv["path"] == "src/core", lv
PY
CASE

test_case 'discover: architecture_analysis off, no architecture items' <<'CASE'
cp -R "$T/py" "$T/pyoff"
printf 'value_discovery:\n  discovery_sources: [advanced_static_analysis]\n' >>"$T/pyoff/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover -C "$T/pyoff"
expect_exit 0 "$TERRAGON" backlog -C "$T/pyoff" --format json
expect_no_grep '"source": *"architecture"' "$T/out"
cp -R "$T/py" "$T/pyon"
expect_exit 0 "$TERRAGON" discover -C "$T/pyon"
expect_exit 0 "$TERRAGON" backlog -C "$T/pyon" --format json
expect_grep 'architecture/import-cycle' "$T/out"
CASE

test_case 'architecture.layers: paths a glob or a list of globs; a layer without a name is refused' <<'CASE'
mkdir -p "$T/cfg"
printf 'architecture:\n  layers:\n    - name: a\n      paths: ["x/**", "y"]\n    - name: b\n      paths: z\n' >"$T/cfg/ok.yaml"
expect_exit 0 "$TERRAGON" config show -C "$T/c" -c "$T/cfg/ok.yaml" --format yaml
expect_grep 'layers: \[\{"name": "a", "paths": \["x/\*\*", "y"\]\}, \{"name": "b", "paths": \["z"\]\}\]' "$T/out"
printf 'architecture:\n  layers:\n    - paths: [x]\n' >"$T/cfg/bad.yaml"
expect_exit 2 "$TERRAGON" deps-graph -C "$T/c" -c "$T/cfg/bad.yaml"
expect_grep 'architecture.layers\[0\]: missing "name"' "$T/err"
printf 'architecture:\n  layers:\n    - name: a\n      paths: [[1]]\n' >"$T/cfg/bad2.yaml"
expect_exit 2 "$TERRAGON" deps-graph -C "$T/c" -c "$T/cfg/bad2.yaml"
expect_grep 'expected a glob' "$T/err"
CASE

test_case 'the imports cache: an unchanged rerun reads no file, an edit reads that file alone' <<'CASE'
cp -R "$T/py" "$T/pyc"
expect_exit 0 "$TERRAGON" deps-graph --level file --format json --debug "$T/pyc"
cp "$T/out" "$T/cold.json"
expect_grep 'files read 4, served from cache 0' "$T/err"
expect_exit 0 "$TERRAGON" deps-graph --level file --format json --debug "$T/pyc"
expect_grep 'files read 0, served from cache 4' "$T/err"
cmp "$T/out" "$T/cold.json" || fail "the cached graph differs"
printf 'import json\nfrom . import util\n' >>"$T/pyc/pkg/models.py"
expect_exit 0 "$TERRAGON" deps-graph --level file --format json --debug "$T/pyc"
expect_grep 'files read 1, served from cache 3' "$T/err"
check "$T/out" 'assert ("pkg/models.py", "pkg/util.py") in edges, edges'
cp "$T/out" "$T/edited.json"
expect_exit 0 "$TERRAGON" deps-graph --level file --format json --no-cache --debug "$T/pyc"
cmp "$T/out" "$T/edited.json" || fail "the cached graph differs from a read of every file"
expect_no_grep 'served from cache' "$T/err"
CASE

test_case 'a damaged imports cache is ignored, never an error' <<'CASE'
cp -R "$T/py" "$T/pyd"
expect_exit 0 "$TERRAGON" deps-graph --level file --format json "$T/pyd"
cp "$T/out" "$T/cold.json"
for f in "$T/pyd/.terragon/cache/"arch-*.bin; do
  head -c 100 "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
expect_exit 0 "$TERRAGON" deps-graph --level file --format json --debug "$T/pyd"
cmp "$T/out" "$T/cold.json" || fail "the graph differs after a damaged cache"
expect_grep 'files read 4' "$T/err"
CASE

test_case 'discover keeps the imports cache beside its own: the rerun reads no file for the graph' <<'CASE'
cp -R "$T/py" "$T/pyg"
expect_exit 0 "$TERRAGON" discover -C "$T/pyg" --debug
expect_grep 'architecture: files read 4, served from cache 0' "$T/err"
ls "$T/pyg/.terragon/cache/"arch-*.bin >/dev/null || fail "no cache in .terragon/cache"
expect_exit 0 "$TERRAGON" discover -C "$T/pyg" --debug
expect_grep 'architecture: files read 0, served from cache 4' "$T/err"
CASE

test_case 'a bad --level or --format is a usage error' <<'CASE'
expect_exit 2 "$TERRAGON" deps-graph --level module "$T/c"
expect_exit 2 "$TERRAGON" deps-graph --format svg "$T/c"
CASE

done_testing
