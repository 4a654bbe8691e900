#!/usr/bin/env python3
"""The real OSV records replicated under new package names, for the benches.

    osv_replicate.py OSV_DIR ALL_ZIP NAMES RECORDS LOOKUPS [JSON_DIR]

Reads every record under OSV_DIR (JSON, and YAML as PyPA publishes it), and
writes RECORDS of them into ALL_ZIP as osv.dev's all.zip holds them: copy k > 0
of a record gets the id "ID-k" and its packages the names "NAME-k". NAMES gets
LOOKUPS lines "ecosystem<TAB>name", half of names that exist. JSON_DIR, when
given, gets copy 0 of each record as a .json file (bench/osv_match.c reads
those and names the copies the same way).
"""
import json, os, random, sys, yaml, zipfile


def rfc3339(t):  # PyYAML reads timestamps as datetimes: back to OSV's form
    return t.isoformat().replace("+00:00", "Z")


def main():
    root, zpath, names_path = sys.argv[1:4]
    want, lookups = int(sys.argv[4]), int(sys.argv[5])
    json_dir = sys.argv[6] if len(sys.argv) > 6 else None
    recs = []
    for d, _, files in os.walk(root):
        for f in sorted(files):
            p = os.path.join(d, f)
            if f.endswith(".json"):
                recs.append(json.load(open(p, "rb")))
            elif f.endswith(".yaml"):
                recs.append(json.loads(json.dumps(yaml.load(open(p, "rb"), Loader=yaml.CSafeLoader),
                                                  default=rfc3339)))
    recs = [r for r in recs if not r.get("withdrawn") and r.get("affected")]
    if json_dir:
        os.makedirs(json_dir, exist_ok=True)
        for r in recs:
            with open(os.path.join(json_dir, r["id"] + ".json"), "w") as f:
                json.dump(r, f)
    pkgs = set()
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for i in range(want):
            r = dict(recs[i % len(recs)])
            copy = i // len(recs)
            if copy:
                r["id"] = "%s-%d" % (r["id"], copy)
                r["affected"] = [dict(a, package=dict(a["package"], name="%s-%d" % (a["package"]["name"], copy)))
                                 for a in r["affected"]]
            for a in r["affected"]:
                pkgs.add((a["package"]["ecosystem"], a["package"]["name"]))
            z.writestr(r["id"] + ".json", json.dumps(r, separators=(",", ":")))
    # a dependency list names each package once: distinct names, half of them absent
    pkgs = sorted(pkgs)
    random.seed(1)
    with open(names_path, "w") as f:
        for i in range(lookups):
            eco, name = random.choice(pkgs)
            f.write("%s\t%s%s\n" % (eco, name, "" if i % 2 else "-absent"))


main()
