#!/usr/bin/env python3
"""bench/sbom_gen.py N OUT_DIR: a package-lock.json (v3) of N packages with
integrity, licences, dev and optional flags, some scoped names, some nested
copies and a seeded random graph: the input of bench/sbom.sh. Deterministic."""
import base64
import hashlib
import json
import os
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(17)
names = [("@s%d/" % (i % 40) if i % 7 == 0 else "") + "pkg-%04d" % i for i in range(n)]
vers = ["%d.%d.%d" % (rng.randint(0, 9), rng.randint(0, 20), rng.randint(0, 30)) for _ in names]
packages = {"": {"name": "bench", "version": "1.0.0",
                 "dependencies": {names[i]: "^" + vers[i] for i in range(0, n, 25)},
                 "devDependencies": {names[i]: "^" + vers[i] for i in range(1, n, 50)}}}
for i, name in enumerate(names):
    e = {"version": vers[i],
         "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz" % (name, name.split("/")[-1], vers[i]),
         "integrity": "sha512-" + base64.b64encode(hashlib.sha512(name.encode()).digest()).decode(),
         "license": ["MIT", "ISC", "Apache-2.0", "(MIT OR Apache-2.0)", "BSD-3-Clause"][i % 5]}
    if i % 50 == 1:
        e["dev"] = True
    if i % 97 == 3:
        e["optional"] = True
    deps = {names[j]: "^" + vers[j] for j in rng.sample(range(n), 3) if j != i}
    if deps:
        e["dependencies"] = deps
    packages["node_modules/" + name] = e
    if i % 100 == 5:  # a nested copy at another version
        packages["node_modules/%s/node_modules/%s" % (names[i - 1], name)] = dict(e, version="0.0.%d" % i)
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "package-lock.json"), "w") as f:
    json.dump({"name": "bench", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
               "packages": packages}, f, indent=2)
