#!/usr/bin/env python3
"""The rules of grafana/dashboard-linter that apply to terragon's dashboard,
checked on a dashboard JSON: prints one line per problem, exits 1 when any.

  template-datasource-rule     a datasource variable named "datasource" of type
                               datasource, for Prometheus
  panel-datasource-rule        every panel and target uses ${datasource}
  panel-units-rule             every panel that draws numbers has a known unit
  panel-title-description-rule every panel has a title and a description
  target-rate-interval-rule    rate() and irate() use [$__rate_interval]
  target-counter-agg-rule      counters (_total, _bucket, _count, _sum) only
                               inside rate(), irate() or increase()
  target-promql-rule           every expr is non-empty with balanced brackets
plus what import needs: schemaVersion 39, a stable uid of 8-40 characters,
unique panel ids, gridPos inside 24 columns.
Usage: grafana_lint.py DASHBOARD.json"""
import json
import re
import sys

UNITS = {"short", "none", "s", "ms", "percentunit", "percent", "ops", "reqps", "bytes",
         "dateTimeAsIso", "locale"}
COUNTER = re.compile(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*_(?:total|bucket|count|sum))\b")

d = json.load(open(sys.argv[1]))
problems = []


def bad(msg):
    problems.append(msg)


if d.get("schemaVersion") != 39:
    bad("schemaVersion is %r, want 39" % d.get("schemaVersion"))
uid = d.get("uid", "")
if not (8 <= len(uid) <= 40) or not re.fullmatch(r"[a-zA-Z0-9_-]+", uid):
    bad("uid %r is not 8-40 characters of [a-zA-Z0-9_-]" % uid)
if "__inputs" in d:
    bad("__inputs: provisioning does not substitute them")
ds = [v for v in d.get("templating", {}).get("list", []) if v.get("type") == "datasource"]
if len(ds) != 1 or ds[0].get("name") != "datasource" or ds[0].get("query") != "prometheus":
    bad("template-datasource-rule: want one datasource variable 'datasource' of prometheus")
ids = set()
for p in d.get("panels", []):
    t = p.get("title", "")
    if not t:
        bad("panel %s: no title" % p.get("id"))
    if not p.get("description"):
        bad("panel-title-description-rule: %r has no description" % t)
    if p.get("id") in ids:
        bad("panel %r: id %s repeated" % (t, p.get("id")))
    ids.add(p.get("id"))
    g = p.get("gridPos", {})
    if g.get("x", 0) + g.get("w", 0) > 24:
        bad("panel %r: gridPos beyond 24 columns" % t)
    if p.get("datasource", {}).get("uid") != "${datasource}":
        bad("panel-datasource-rule: %r does not use ${datasource}" % t)
    unit = p.get("fieldConfig", {}).get("defaults", {}).get("unit")
    if p.get("type") != "text" and unit not in UNITS:
        bad("panel-units-rule: %r has unit %r" % (t, unit))
    if not p.get("targets"):
        bad("panel %r: no targets" % t)
    for tg in p.get("targets", []):
        e = tg.get("expr", "")
        if tg.get("datasource", {}).get("uid") != "${datasource}":
            bad("panel-datasource-rule: a target of %r does not use ${datasource}" % t)
        if not e or e.count("(") != e.count(")") or e.count("{") != e.count("}") \
                or e.count("[") != e.count("]"):
            bad("target-promql-rule: %r: %r" % (t, e))
        for m in re.finditer(r"\b(i?rate)\(([^()]*)\)", e):
            if "[$__rate_interval]" not in m.group(2):
                bad("target-rate-interval-rule: %r: %s" % (t, m.group(0)))
        for m in COUNTER.finditer(e):
            before = e[:m.start()]
            if not re.search(r"\b(rate|irate|increase)\(\s*$", before):
                bad("target-counter-agg-rule: %r reads %s outside rate/increase" % (t, m.group(1)))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
