#!/usr/bin/env python3
"""The top of a backlog as a maintainer judges it (issue 15's goal).

  precision.py list  VALUE_METRICS.json [N]      the top N open items, as TSV to judge
  precision.py score VALUE_METRICS.json JUDGED   precision@10/@30 and the backlog's health

A judged file is TSV: fingerprint, verdict (real|noise), rule, location, reason.
A verdict is matched by fingerprint; an item nobody judged is counted apart,
never as real.
"""
import collections
import json
import sys


def open_items(path):
    items = json.load(open(path))["items"]
    return [i for i in items if i.get("status") == "open"]


def top(path, n):
    """The work to act on now (the watch list follows it and is not the top)."""
    return [i for i in open_items(path) if i.get("tier", "act") == "act"][:n]


def where(i):
    loc = i.get("path") or "(repository)"
    if i.get("start_line"):
        loc += ":%d" % i["start_line"]
    occ = len(i.get("occurrences") or [])
    return loc + (" (+%d)" % (occ - 1) if occ > 1 else "")


def cmd_list(path, n=30):
    for rank, i in enumerate(top(path, int(n)), 1):
        print("\t".join([i["fingerprint"], "?", i.get("rule_id") or "", where(i),
                         "%d %.1f %s %s %s: %s" % (rank, i["scores"]["composite"],
                                                  i["category"], i["severity"],
                                                  i.get("context", "code"), i["title"])]))


def load_judged(path):
    verdicts = {}
    for line in open(path):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        verdicts[f[0]] = f[1]
    return verdicts


def cmd_score(path, judged):
    verdicts = load_judged(judged)
    items = top(path, 30)
    everything = open_items(path)
    work = [i for i in everything if i.get("tier", "act") == "act"]
    print("open %d: to act on now %d, watch list %d" % (len(everything), len(work),
                                                         len(everything) - len(work)))
    for n in (10, 30):
        head = items[:n]
        real = sum(verdicts.get(i["fingerprint"]) == "real" for i in head)
        unjudged = sum(i["fingerprint"] not in verdicts for i in head)
        print("precision@%d\t%d/%d\tunjudged %d" % (n, real, len(head), unjudged))
    # Precision bought by hiding real work would be no gain: count what fell below.
    fell = [i for i in everything[len(work):] if verdicts.get(i["fingerprint"]) == "real"]
    print("judged real but on the watch list\t%d" % len(fell))
    for i in fell:
        print("  watch\t%s\t%s\t%s\t%s" % (i["fingerprint"], i.get("rule_id"), where(i),
                                           i.get("watch_reason", "")))
    rules = collections.Counter(i.get("rule_id") for i in items[:10])
    rule, most = rules.most_common(1)[0] if rules else ("", 0)
    print("most of one rule in the top 10\t%d\t%s" % (most, rule))
    ctx = [i for i in items[:10] if i.get("context", "code") not in ("code",)]
    print("test/docs/example/fixture items in the top 10\t%d" % len(ctx))
    for i in items[:30]:
        if i["fingerprint"] not in verdicts:
            print("unjudged\t%s\t%s\t%s" % (i["fingerprint"], i.get("rule_id"), where(i)))


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("list", "score"):
        sys.exit(__doc__)
    {"list": cmd_list, "score": cmd_score}[sys.argv[1]](*sys.argv[2:])
