#!/usr/bin/env python3
"""Writes the SARIF files bench/merge.sh imports into a real repository: what
Bandit and Semgrep would report on its Python files, found here by regex (a
stand-in for the tools, which the bench machine need not have). Bandit: B101
on every assert, B307/B102 on eval/exec calls, B324 on hashlib.md5/sha1, B602
on shell=True, B105 on password literals; Semgrep: eval-detected and
exec-detected (CWE-95) on the same calls.

usage: merge_sarif.py TREE OUT_DIR"""
import json
import os
import re
import sys

BANDIT = [
    ("B101", "assert_used", 703, "note", re.compile(r"^\s*assert\b")),
    ("B307", "blacklist", 78, "warning", re.compile(r"(?:^|[^.\w])eval\s*\(\s*[^)\s]")),
    ("B102", "exec_used", 78, "warning", re.compile(r"(?:^|[^.\w])exec\s*\(\s*[^)\s]")),
    ("B324", "hashlib", 327, "error", re.compile(r"\bhashlib\.(?:md5|sha1)\s*\(")),
    ("B602", "subprocess_popen_with_shell_equals_true", 78, "error",
     re.compile(r"\bsubprocess\.\w+\([^\n]*shell\s*=\s*True")),
    ("B105", "hardcoded_password_string", 259, "note",
     re.compile(r"(?i)\b\w*password\w*\s*=\s*[\"'][^\"']{4,}[\"']")),
]
SEMGREP = [
    ("python.lang.security.audit.eval-detected.eval-detected", BANDIT[1][4]),
    ("python.lang.security.audit.exec-detected.exec-detected", BANDIT[2][4]),
]


def sarif(tool, rules, results):
    return {"version": "2.1.0",
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [{"tool": {"driver": {"name": tool, "rules": rules}}, "results": results}]}


def result(rule, index, level, path, line, text):
    return {"ruleId": rule, "ruleIndex": index, "level": level,
            "message": {"text": "%s at %s:%d" % (rule, path, line)},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": path},
                "region": {"startLine": line, "snippet": {"text": text.strip()}}}}]}


def main():
    tree, out = sys.argv[1], sys.argv[2]
    bandit, semgrep = [], []
    for root, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            full = os.path.join(root, name)
            rel = os.path.relpath(full, tree).replace(os.sep, "/")
            with open(full, encoding="utf-8", errors="replace") as f:
                for n, text in enumerate(f, 1):
                    for i, (rid, _, _, level, rx) in enumerate(BANDIT):
                        if rx.search(text):
                            bandit.append(result(rid, i, level, rel, n, text))
                    for i, (rid, rx) in enumerate(SEMGREP):
                        if rx.search(text):
                            semgrep.append(result(rid, i, "warning", rel, n, text))
    brules = [{"id": r, "name": nm, "properties": {"tags": ["security", "external/cwe/cwe-%d" % c]}}
              for r, nm, c, _, _ in BANDIT]
    srules = [{"id": r, "name": r, "properties": {"tags": [
        "CWE-95: Improper Neutralization of Directives in Dynamically Evaluated Code "
        "('Eval Injection')", "security"]}} for r, _ in SEMGREP]
    with open(os.path.join(out, "bandit.sarif"), "w") as f:
        json.dump(sarif("Bandit", brules, bandit), f)
    with open(os.path.join(out, "semgrep.sarif"), "w") as f:
        json.dump(sarif("Semgrep OSS", srules, semgrep), f)
    print("%d Bandit and %d Semgrep results" % (len(bandit), len(semgrep)))


main()
