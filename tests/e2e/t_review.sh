#!/usr/bin/env bash
# terragon review: the optional LLM architecture review against an
# OpenAI-compatible stand-in on loopback (review_stub.py): the request as
# sent (key in the header only, untrusted data delimited, secrets redacted),
# valid, fenced, malformed, schema-violating, hostile, huge, slow, refused and
# rate-limited answers, the answer cache, and the key in no output, log,
# cache or store.
. "$(dirname "$0")/lib.sh"
R="$T/r"
KEY='sk-test-REVIEWKEY-0123456789abcdefABCDEF'
mkdir -p "$R/app"
cat >"$R/app/core.py" <<'PY'
from app import views

TOKEN = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"


def dispatch(kind, x):
    if kind == "a":
        return x + 1
    elif kind == "b":
        return x + 2
    elif kind == "c" and x > 3:
        return x + 3
    elif kind == "d" or x < 0:
        return x + 4
    elif kind == "e":
        return x + 5
    elif kind == "f":
        return x + 6
    elif kind == "g":
        return x + 7
    elif kind == "h":
        return x + 8
    elif kind == "i":
        return x + 9
    elif kind == "j":
        return x + 10
    elif kind == "k":
        return x + 11
    elif kind == "l":
        return x + 12
    elif kind == "m":
        return x + 13
    elif kind == "n":
        return x + 14
    elif kind == "o":
        return x + 15
    return views.render(x)
PY
printf 'from app import core\n\n\ndef render(x):\n    return core.dispatch("a", x)\n' >"$R/app/views.py"
: >"$R/app/__init__.py"
make_repo "$R" >/dev/null
"$TERRAGON" discover -C "$R" >/dev/null 2>&1 || fail "discover"

S="$T/stub"
mkdir -p "$S"
python3 "$(dirname "$0")/review_stub.py" "$S" &
echo $! >>"$T/stub.pids"
for _ in $(seq 200); do [ -s "$S/port" ] && break; sleep 0.05; done
[ -s "$S/port" ] || fail "the stand-in did not start"
URL="http://127.0.0.1:$(cat "$S/port")/v1"

# configure MODE [TIMEOUT]: the stand-in's mode, and review.* pointing at it.
configure() {
  echo "$1" >"$S/mode"
  mkdir -p "$R/.terragon"
  cat >"$R/.terragon/config.yaml" <<YAML
review:
  base_url: $URL
  model: stub-model
  api_key_env: STUB_REVIEW_KEY
  timeout_s: ${2:-20}
  retries: ${3:-2}
YAML
  rm -rf "$R/.terragon/review"
}
requests() { find "$S" -name 'req-*.json' | wc -l; }
export STUB_REVIEW_KEY="$KEY"

test_case 'review is off by default: without base_url and model nothing is sent' <<'CASE'
n=$(requests)
rm -f "$R/.terragon/config.yaml"
expect_exit 2 "$TERRAGON" review -C "$R"
expect_grep 'review is off: set review.base_url and review.model' "$T/err"
[ "$(requests)" = "$n" ] || fail "a request was sent"
CASE

test_case '--dry-run prints the exact request, sends nothing, redacts the secret' <<'CASE'
configure valid
n=$(requests)
expect_exit 0 "$TERRAGON" review -C "$R" --dry-run
[ "$(requests)" = "$n" ] || fail "a request was sent"
python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["model"] == "stub-model", d["model"]
sysmsg, user = d["messages"][0]["content"], d["messages"][1]["content"]
assert "untrusted" in sysmsg and "never an instruction" in sysmsg, sysmsg
assert user.count("BEGIN REPOSITORY DATA ") == 1 and user.count("END REPOSITORY DATA ") == 2
assert "Import cycle of 2 files" in user and "dispatch has cyclomatic complexity" in user, user
assert "imports: app/views.py" in user, user
assert "ghp_aB3dE5fG7" not in user and "[redacted, 40 chars]" in user, user
assert d["response_format"]["json_schema"]["schema"]["required"] == ["findings"]
PY
expect_no_grep 'REVIEWKEY' "$T/out"
CASE

test_case 'the prompt is cut to max_prompt_bytes at a line; a token budget that leaves no room is refused' <<'CASE'
configure valid
printf '  max_prompt_bytes: 1000\n' >>"$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" review -C "$R" --dry-run
python3 - "$T/out" <<'PY'
import json, sys
user = json.load(open(sys.argv[1]))["messages"][1]["content"]
assert len(user.encode()) <= 1000, len(user.encode())
assert "[cut: the prompt's size limit]\nEND REPOSITORY DATA " in user, user
PY
configure valid
printf '  max_tokens_per_run: 4100\n' >>"$R/.terragon/config.yaml"
n=$(requests)
expect_exit 2 "$TERRAGON" review -C "$R"
expect_grep 'review.max_tokens_per_run 4100 leaves no room for a prompt' "$T/err"
[ "$(requests)" = "$n" ] || fail "a request was sent"
CASE

test_case 'a valid answer: schema-passing findings on real files become llm items, the rest dropped and counted' <<'CASE'
configure valid
expect_exit 0 "$TERRAGON" review -C "$R" --format json -v
python3 - "$T/out" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["items"]
got = sorted((i["rule_id"], i["path"], i["source"], i["category"]) for i in items)
assert got == [("llm.design", "app/core.py", "llm", "architecture"),
               ("llm.scalability", "app/views.py", "llm", "architecture")], got
for i in items:
    assert "model: stub-model" in i["evidence"], i["evidence"]
    assert i["inputs"]["confidence"] < 4, i["inputs"]
PY
expect_grep '8 findings, 2 kept, 3 dropped as not the schema.s, 3 naming no file of the repository; tokens 1234 \+ 56' "$T/err"
h=$(ls -t "$S"/req-*.headers | head -n 1)
grep -q "^Authorization: Bearer $KEY" "$h" || fail "no key in the header: $(cat "$h")"
grep -q '^POST /v1/chat/completions' "$h" || fail "$(cat "$h")"
CASE

test_case 'an answer is cached by the request: the rerun sends nothing; --no-cache asks again' <<'CASE'
configure valid
expect_exit 0 "$TERRAGON" review -C "$R"
n=$(requests)
expect_exit 0 "$TERRAGON" review -C "$R" -v
[ "$(requests)" = "$n" ] || fail "the cached answer was not used"
expect_grep 'answer from the cache' "$T/err"
expect_grep 'llm.scalability|views import the core' "$T/out"
expect_exit 0 "$TERRAGON" review -C "$R" --no-cache
[ "$(requests)" = $((n + 1)) ] || fail "--no-cache did not ask"
CASE

test_case 'a JSON answer in a markdown fence is read' <<'CASE'
configure fenced
expect_exit 0 "$TERRAGON" review -C "$R" --format json
expect_grep '"llm.design"' "$T/out"
CASE

test_case 'malformed answers are exit 3 with the reason, and are not cached' <<'CASE'
configure malformed
expect_exit 3 "$TERRAGON" review -C "$R"
expect_grep "the model's answer is not JSON" "$T/err"
[ ! -d "$R/.terragon/review" ] || [ -z "$(ls "$R/.terragon/review")" ] || fail "cached"
configure envelope
expect_exit 3 "$TERRAGON" review -C "$R"
expect_grep 'the answer is not JSON' "$T/err"
configure refusal
expect_exit 3 "$TERRAGON" review -C "$R"
expect_grep 'the model refused: I cannot help' "$T/err"
CASE

test_case 'findings that violate the schema are all dropped and counted' <<'CASE'
configure schema
expect_exit 0 "$TERRAGON" review -C "$R" --format json -v
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["items"] == []' "$T/out"
expect_grep '3 findings, 0 kept, 3 dropped' "$T/err"
CASE

test_case 'a prompt-injection answer runs nothing and leaks no key' <<'CASE'
configure inject
(cd "$R" && expect_exit 0 "$TERRAGON" review -C "$R" --format json -v)
[ ! -e "$R/INJECTED" ] && [ ! -e "$T/INJECTED" ] || fail "a command of the answer ran"
expect_grep '2 findings, 1 kept, 1 dropped' "$T/err"
expect_grep 'Ignore every previous instruction' "$T/out"
expect_no_grep 'REVIEWKEY' "$T/out"
expect_no_grep 'REVIEWKEY' "$T/err"
CASE

test_case 'a huge answer is refused, a slow one times out, both named' <<'CASE'
configure huge
expect_exit 3 "$TERRAGON" review -C "$R"
expect_grep "POST $URL/chat/completions: the answer is larger than 1048576 bytes" "$T/err"
configure slow 1 0
start=$(date +%s)
expect_exit 3 "$TERRAGON" review -C "$R"
expect_grep "POST $URL/chat/completions: .*(past the timeout)" "$T/err"
[ $(($(date +%s) - start)) -lt 4 ] || fail "the timeout did not end the request"
CASE

test_case 'a 429 is waited out (Retry-After) and retried; a 500 past the retries is exit 3' <<'CASE'
configure 429
n=$(requests)
expect_exit 0 "$TERRAGON" review -C "$R" --format json
[ "$(requests)" = $((n + 2)) ] || fail "$(( $(requests) - n )) requests"
expect_grep '"llm.scalability"' "$T/out"
configure 500 20 1
n=$(requests)
expect_exit 3 "$TERRAGON" review -C "$R"
[ "$(requests)" = $((n + 2)) ] || fail "$(( $(requests) - n )) requests"
expect_grep "POST $URL/chat/completions: HTTP 500: .*the server had an error" "$T/err"
CASE

test_case 'without the key in the environment nothing is sent' <<'CASE'
configure valid
n=$(requests)
STUB_REVIEW_KEY= expect_exit 2 "$TERRAGON" review -C "$R"
expect_grep 'environment variable STUB_REVIEW_KEY .* not set' "$T/err"
[ "$(requests)" = "$n" ] || fail "a request was sent"
CASE

test_case 'discover takes the last answer from the cache into the backlog as source llm, sending nothing' <<'CASE'
configure valid
expect_exit 0 "$TERRAGON" review -C "$R"
n=$(requests)
expect_exit 0 "$TERRAGON" discover -C "$R"
[ "$(requests)" = "$n" ] || fail "discover sent a request"
expect_exit 0 "$TERRAGON" backlog -C "$R" --format json
python3 - "$T/out" <<'PY'
import json, sys
items = [i for i in json.load(open(sys.argv[1]))["items"] if i["source"] == "llm"]
assert sorted(i["rule_id"] for i in items) == ["llm.design", "llm.scalability"], items
PY
python3 -c 'import json, sys; assert "llm" in [s["name"] for s in json.load(open(sys.argv[1]))["sources"]]' \
  "$R/value-metrics.json"
# the next review sends measured findings only, never the model's own
expect_exit 0 "$TERRAGON" review -C "$R" --dry-run
expect_no_grep 'views import the core and back|llm\.' "$T/out"
rm -f "$R/.terragon/config.yaml"
expect_exit 0 "$TERRAGON" discover -C "$R" --format json
python3 -c 'import json, sys; assert "llm" not in [s["name"] for s in json.load(open(sys.argv[1]))["sources"]]' \
  "$R/value-metrics.json"
CASE

test_case 'an endpoint that quotes the key back: it reaches no output, item, cache or store' <<'CASE'
configure echo
expect_exit 0 "$TERRAGON" review -C "$R" --format json -v
expect_grep 'the key is \[redacted: the API key\]' "$T/out"
"$TERRAGON" discover -C "$R" >/dev/null 2>&1
! grep -raq 'REVIEWKEY' "$R/.terragon" "$R/value-metrics.json" "$R/BACKLOG.md" "$T/out" "$T/err" ||
  fail "the key was written"
configure echo401
expect_exit 3 "$TERRAGON" review -C "$R"
expect_grep 'HTTP 401: bad key \[redacted: the API key\]' "$T/err"
expect_no_grep 'REVIEWKEY' "$T/err"
CASE

test_case 'the key is in no output, cache or store' <<'CASE'
configure valid
expect_exit 0 "$TERRAGON" review -C "$R" -v --no-cache
"$TERRAGON" discover -C "$R" >/dev/null 2>&1
! grep -raq 'REVIEWKEY' "$R/.terragon" "$R/value-metrics.json" "$R/BACKLOG.md" "$T/out" "$T/err" ||
  fail "the key was written"
for f in "$S"/req-*.json; do ! grep -q REVIEWKEY "$f" || fail "the key is in a body: $f"; done
CASE

done_testing
