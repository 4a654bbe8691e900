#!/usr/bin/env bash
# `terragon deps` on PyPI projects: pyproject.toml with uv.lock (direct,
# scope, via, the project itself left out), requirements files with an
# include and a constraint, and a malformed lockfile that does not stop the
# others.
. "$(dirname "$0")/lib.sh"

U=$T/uvproj
mkdir -p "$U"
cat >"$U/pyproject.toml" <<'TOML'
[project]
name = "app"
version = "0.1.0"
dependencies = ["Flask>=3.0"]

[project.optional-dependencies]
async = ["asgiref>=3.2"]

[dependency-groups]
dev = ["pytest>=8"]
TOML
cat >"$U/uv.lock" <<'TOML'
version = 1
requires-python = ">=3.9"

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "flask" }]

[package.optional-dependencies]
async = [{ name = "asgiref" }]

[package.dev-dependencies]
dev = [{ name = "pytest" }]

[[package]]
name = "asgiref"
version = "3.8.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "flask"
version = "3.1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "werkzeug" }]
sdist = { url = "https://x/flask-3.1.0.tar.gz", hash = "sha256:5f873c", size = 1 }

[[package]]
name = "pytest"
version = "8.3.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "werkzeug"
version = "3.1.3"
source = { registry = "https://pypi.org/simple" }
TOML
make_repo "$U"

check() { # check JSON PYTHON-ASSERTIONS: d maps name -> record
  python3 - "$1" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
d = {x["name"]: x for x in doc["dependencies"]}
exec(sys.argv[2])
PY
}

test_case 'pyproject.toml with uv.lock: exact versions, direct and scope, via, no project entry' <<'CASE'
expect_exit 0 "$TERRAGON" deps --format json "$U"
check "$T/out" '
assert sorted(d) == ["asgiref", "flask", "pytest", "werkzeug"], sorted(d)
f = d["flask"]
assert (f["version"], f["direct"], f["scope"], f["file"], f["line"]) == ("3.1.0", True, "runtime", "uv.lock", 22), f
assert f["purl"] == "pkg:pypi/flask@3.1.0" and f["hashes"] == ["sha256:5f873c"], f
w = d["werkzeug"]
assert (w["direct"], w["scope"], w["via"]) == (False, "runtime", "flask > werkzeug"), w
assert (d["asgiref"]["direct"], d["asgiref"]["scope"]) == (True, "optional"), d["asgiref"]
assert (d["pytest"]["direct"], d["pytest"]["scope"]) == (True, "dev"), d["pytest"]
assert all(x["range"] is None and x["ecosystem"] == "PyPI" for x in d.values())
'
CASE

R=$T/reqs
mkdir -p "$R/requirements"
printf -- '-r requirements/base.txt\n-c constraints.txt\npytest==8.0.0 \\\n    --hash=sha256:aa\n' >"$R/requirements-dev.txt"
printf 'Django>=4.2  # web\nrequests[socks]==2.31.0 ; python_version >= "3.8"\n-r ../../outside.txt\n' >"$R/requirements/base.txt"
printf 'django==4.2.11\n' >"$R/constraints.txt"
make_repo "$R"

test_case 'requirements files: an include relative to the including file, a constraint pin, hashes' <<'CASE'
expect_exit 0 "$TERRAGON" deps --format json "$R"
check "$T/out" '
p = d["pytest"]
assert (p["version"], p["scope"], p["file"], p["line"], p["hashes"]) == ("8.0.0", "dev", "requirements-dev.txt", 3, ["sha256:aa"]), p
r = d["requests"]
assert (r["version"], r["file"], r["line"], r["scope"]) == ("2.31.0", "requirements/base.txt", 2, "runtime"), r
dj = d["django"]
assert (dj["version"], dj["range"], dj["line"]) == ("4.2.11", ">=4.2", 1), dj
assert any("requirements/base.txt:3: include outside the repository" in w for w in doc["warnings"]), doc["warnings"]
'
CASE

test_case 'requirements.txt included by requirements-dev.txt is listed once' <<'CASE'
D=$T/twice
mkdir -p "$D"
printf 'flask==3.0.0\n' >"$D/requirements.txt"
printf -- '-r requirements.txt\npytest==8.0.0\n' >"$D/requirements-dev.txt"
make_repo "$D"
expect_exit 0 "$TERRAGON" deps --format json "$D"
check "$T/out" '
assert [(x["name"], x["file"], x["scope"]) for x in doc["dependencies"]] == [("flask", "requirements.txt", "runtime"), ("pytest", "requirements-dev.txt", "dev")], doc
'
CASE

test_case 'poetry.lock joined with Poetry ranges: direct marked, a version outside its range reported' <<'CASE'
P=$T/poetry
mkdir -p "$P"
printf '[tool.poetry.dependencies]\npython = "^3.9"\nflask = "^3.0"\nclick = "~8.1"\n' >"$P/pyproject.toml"
printf '[[package]]\nname = "flask"\nversion = "3.0.2"\n[package.dependencies]\nclick = ">=8"\nblinker = "*"\n' >"$P/poetry.lock"
printf '[[package]]\nname = "click"\nversion = "8.2.0"\n[[package]]\nname = "blinker"\nversion = "1.7.0"\n' >>"$P/poetry.lock"
make_repo "$P"
expect_exit 0 "$TERRAGON" deps --format json "$P"
expect_grep 'pyproject.toml:4: lockfile disagrees with manifest: click >=8.1,<8.2, but poetry.lock locks 8.2.0' "$T/err"
check "$T/out" '
assert [(x["name"], x["direct"], x["via"]) for x in doc["dependencies"]] == [("blinker", False, "flask > blinker"), ("click", True, None), ("flask", True, None)], doc
'
CASE

test_case 'a malformed poetry.lock is named with its line, and the other files are still read' <<'CASE'
B=$T/broken
mkdir -p "$B/svc"
printf '[[package]]\nname = "six"\nversion = "1.16.0"\n\n[[package]]\nversion = "1.0"\n' >"$B/svc/poetry.lock"
printf 'attrs==23.2.0\n' >"$B/requirements.txt"
make_repo "$B"
expect_exit 1 "$TERRAGON" deps --format json "$B"
expect_grep 'svc/poetry.lock:5' "$T/err"
check "$T/out" 'assert sorted(d) == ["attrs"], sorted(d)'
CASE

done_testing
