#!/usr/bin/env bash
# terragon functions: a temporary repository in several languages; the JSON
# is checked with python3 (names, lines, CCN, NLOC, params, order, paths).
. "$(dirname "$0")/lib.sh"

r=$T/repo
mkdir -p "$r/src/deep" "$r/web" "$r/ignored"
cat >"$r/src/main.c" <<'EOF'
#include <stdio.h>
static int pick(int a, int b)
{
	if (a && b)
		return 1;
#ifdef FAST
	return a ? 2 : 3;
#endif
	return 0;
}

int main(void) { return pick(1, 2); }
EOF
cat >"$r/src/deep/tool.py" <<'EOF'
def outer(x, y=1):
    """Doc { string."""
    def inner(z):
        return z if z else 0
    for i in range(x):
        if i and y:
            pass
    return inner
EOF
cat >"$r/web/app.js" <<'EOF'
const handler = (req, res) => {
  return req.user ?? res.anon;
};
EOF
printf 'ignored/\n' >"$r/.gitignore"
printf 'int hidden(void) { return 0; }\n' >"$r/ignored/h.c"
# bytes that are not UTF-8, and an unterminated comment: read, not fatal
printf 'int odd\xff(void) { return 1; }\n/* never closed {\n' >"$r/src/odd.c"
make_repo "$r"

test_case 'functions --format json: names, lines, CCN, NLOC, params in path order; ignored files skipped' <<'CASE'
expect_exit 0 "$TERRAGON" functions "$r" --format json
cp "$T/out" "$T/all.json"
python3 - "$T/all.json" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
fs = doc["functions"]
got = {(f["path"], f["name"]): f for f in fs}
def check(path, name, **want):
    f = got.get((path, name))
    assert f, f"missing {path} {name}: {sorted(got)}"
    for k, v in want.items():
        assert f[k] == v, f"{path} {name}: {k} = {f[k]}, want {v}"
# if && #ifdef ? = 4 decisions
check("src/main.c", "pick", start_line=2, end_line=10, nloc=9, ccn=5, params=2)
check("src/main.c", "main", start_line=12, ccn=1, params=0)
check("src/deep/tool.py", "outer", start_line=1, end_line=8, ccn=4, params=2, nloc=5)
check("src/deep/tool.py", "outer.inner", start_line=3, end_line=4, ccn=2, params=1)
check("web/app.js", "handler", start_line=1, end_line=3, ccn=2, params=2)  # ?? is one
assert not any(p.startswith("ignored/") for p, _ in got), "read an ignored file"
assert any(p == "src/odd.c" for p, _ in got), "skipped a file with odd bytes"
keys = [(f["path"], f["start_line"]) for f in fs]
assert keys == sorted(keys), "not in (path, start_line) order"
for f in fs:
    assert set(f) == {"name", "path", "start_line", "end_line", "nloc", "ccn", "params", "tokens"}
    assert f["tokens"] > 0 and f["end_line"] >= f["start_line"]
EOF
CASE

# --no-ignore reads the ignored file too
test_case '--no-ignore reads the ignored file too; CSV has a header' <<'CASE'
expect_exit 0 "$TERRAGON" functions "$r" --no-ignore --format csv
expect_grep '^hidden,ignored/h\.c,1,1,' "$T/out"
expect_grep '^name,path,start_line,end_line,nloc,ccn,params,tokens$' "$T/out"
CASE

# --sort ccn puts the most complex first; -j 1 gives the same rows
test_case '--sort ccn puts the most complex first' <<'CASE'
expect_exit 0 "$TERRAGON" functions "$r" --sort ccn --format csv -j 1
sed -n 2p "$T/out" >"$T/first"
expect_grep '^pick,src/main\.c,' "$T/first"
CASE

# thresholds: only the functions over a limit, and exit 1
test_case '--threshold lists only the functions over a limit and exits 1; a bad one is bad usage' <<'CASE'
expect_exit 1 "$TERRAGON" functions "$r" --threshold ccn=3 --format json
python3 -c 'import json,sys; n=[f["name"] for f in json.load(open(sys.argv[1]))["functions"]]; assert sorted(n)==["outer","pick"], n' "$T/out"
expect_exit 0 "$TERRAGON" functions "$r" --threshold ccn=20
expect_grep '^0 functions$' "$T/out"
expect_exit 2 "$TERRAGON" functions "$r" --threshold depth=3
expect_exit 2 "$TERRAGON" functions "$r" --sort size
CASE

# a table by default; read-only: nothing written into the tree
test_case 'a table by default, and nothing written into the tree' <<'CASE'
expect_exit 0 "$TERRAGON" functions "$r"
expect_grep 'pick@2-10@src/main\.c' "$T/out"
[ ! -e "$r/.terragon" ] || fail "functions wrote .terragon/"
[ -z "$(git -C "$r" status --porcelain)" ] || fail "functions changed the tree"
CASE

# a single file as PATH, and a path that does not exist
test_case 'a single file as the path; a path that does not exist is bad usage' <<'CASE'
expect_exit 0 "$TERRAGON" functions "$r/web/app.js" --format csv
expect_grep '^handler,' "$T/out"
expect_exit 2 "$TERRAGON" functions "$T/nope"
CASE
done_testing
