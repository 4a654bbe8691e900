#!/usr/bin/env python3
"""bench/deps_gen.py OUT_DIR N LOCKFILE...: a package-lock.json (v3) and a
pnpm-lock.yaml (v9) of N packages, each beside a package.json, in
OUT_DIR/npm-lock/ and OUT_DIR/pnpm/. Names, versions and integrity hashes are
real: every name@version of the given real lockfiles (package-lock.json or
pnpm-lock.yaml); when they hold fewer than N, real names are reused at patch
versions they do not list. The graph is made up, deterministically: 60 packages are direct (a fifth dev),
and every other is needed by at least one package after it, so all are
reachable from the direct ones."""
import json
import os
import random
import re
import sys


def real_packages(paths):
    seen, out = set(), []
    for p in paths:
        text = open(p, encoding="utf-8").read()
        if p.endswith(".json"):
            for k, v in json.loads(text).get("packages", {}).items():
                if "node_modules/" not in k or "version" not in v:
                    continue
                name = v.get("name") or k.rsplit("node_modules/", 1)[1]
                pair = (name, v["version"], v.get("integrity", ""))
                if pair[:2] not in seen and re.match(r"^\d+\.\d+\.\d+$", pair[1]):
                    seen.add(pair[:2])
                    out.append(pair)
        else:
            for m in re.finditer(r"^  '?((?:@[^/\s]+/)?[^@\s']+)@(\d+\.\d+\.\d+)'?:\n"
                                 r"    resolution: \{integrity: ([^}]+)\}", text, re.M):
                pair = (m.group(1), m.group(2), m.group(3))
                if pair[:2] not in seen:
                    seen.add(pair[:2])
                    out.append(pair)
    return out


def packages(paths, n):
    real = real_packages(paths)
    out, have = list(real[:n]), {(a, b) for a, b, _ in real}
    bump = 1
    while len(out) < n:
        for name, version, integrity in real:
            if len(out) == n:
                break
            major, minor, patch = version.split(".")
            v = "%s.%s.%d" % (major, minor, int(patch) + 100 * bump)
            if (name, v) not in have:
                have.add((name, v))
                out.append((name, v, integrity))
        bump += 1
    return out


def main():
    out_dir, n, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    pkgs = packages(paths, n)
    rng = random.Random(14)
    # 60 direct dependencies, each the only copy of its name, placed last, so
    # that every other package can be needed by a later one: all are reachable,
    # as a package manager would keep them
    count = {}
    for name, _, _ in pkgs:
        count[name] = count.get(name, 0) + 1
    roots = [p for p in pkgs if count[p[0]] == 1][:60]
    pkgs = [p for p in pkgs if p not in roots] + roots
    direct = list(range(n - len(roots), n))
    dev = set(direct[::5])
    first = {}
    for i, (name, _, _) in enumerate(pkgs):
        first.setdefault(name, i)
    hoisted = lambda i: first[pkgs[i][0]] == i
    deps = [dict() for _ in range(n)]  # name -> index: one version of a name each

    # each package is needed by a later one; a second version of a name by a
    # hoisted one, under whose node_modules it is installed (as npm nests)
    for j in range(n - len(roots)):
        name, parent = pkgs[j][0], None
        for _ in range(50):
            p = rng.randrange(j + 1, min(n, j + 200))
            if name not in deps[p] and (hoisted(j) or hoisted(p)):
                parent = p
                break
        if parent is None:
            parent = next(r for r in direct if name not in deps[r])
        deps[parent][name] = j
        # and something hoisted before it, as most packages have
        if j:
            k = first[pkgs[rng.randrange(j)][0]]
            if k < j and pkgs[k][0] not in deps[j]:
                deps[j][pkgs[k][0]] = k
    key = {}
    for i, (name, _, _) in enumerate(pkgs):
        if hoisted(i):
            key[i] = "node_modules/" + name
    for i in range(n):
        for name, d in deps[i].items():
            if d not in key:
                key[d] = key[i] + "/node_modules/" + name
    deps = [sorted(d.values()) for d in deps]
    manifest = {"name": "bench", "version": "1.0.0",
                "dependencies": {pkgs[i][0]: "^" + pkgs[i][1] for i in direct if i not in dev},
                "devDependencies": {pkgs[i][0]: "^" + pkgs[i][1] for i in direct if i in dev}}
    lock = {"name": "bench", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
            "packages": {"": dict(manifest)}}
    for i, (name, version, integrity) in enumerate(pkgs):
        e = {"version": version,
             "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz"
                         % (name, name.split("/")[-1], version)}
        if integrity:
            e["integrity"] = integrity
        if deps[i]:
            e["dependencies"] = {pkgs[d][0]: "^" + pkgs[d][1] for d in deps[i]}
        if key[i].endswith("/" + name) and name != key[i].split("node_modules/")[-1]:
            e["name"] = name
        lock["packages"][key[i]] = e
    os.makedirs(out_dir + "/npm-lock", exist_ok=True)
    with open(out_dir + "/npm-lock/package.json", "w") as f:
        json.dump(manifest, f, indent=2)
    with open(out_dir + "/npm-lock/package-lock.json", "w") as f:
        json.dump(lock, f, indent=2)

    # pnpm-lock.yaml v9: every package once, by name@version
    q = lambda s: "'%s'" % s if s.startswith("@") else s
    lines = ["lockfileVersion: '9.0'", "", "settings:", "  autoInstallPeers: true",
             "  excludeLinksFromLockfile: false", "", "importers:", "", "  .:"]
    for section, ids in (("dependencies", [i for i in direct if i not in dev]),
                         ("devDependencies", [i for i in direct if i in dev])):
        lines.append("    %s:" % section)
        for i in ids:
            lines += ["      %s:" % q(pkgs[i][0]), "        specifier: ^" + pkgs[i][1],
                      "        version: " + pkgs[i][1]]
    lines += ["", "packages:", ""]
    for name, version, integrity in pkgs:
        lines += ["  %s:" % q(name + "@" + version),
                  "    resolution: {integrity: %s}" % (integrity or "sha512-none"), ""]
    lines += ["snapshots:", ""]
    for i, (name, version, _) in enumerate(pkgs):
        if not deps[i]:
            lines += ["  %s: {}" % q(name + "@" + version), ""]
            continue
        lines += ["  %s:" % q(name + "@" + version), "    dependencies:"]
        seen = set()
        for d in deps[i]:
            if pkgs[d][0] not in seen:
                seen.add(pkgs[d][0])
                lines.append("      %s: %s" % (q(pkgs[d][0]), pkgs[d][1]))
        lines.append("")
    os.makedirs(out_dir + "/pnpm", exist_ok=True)
    with open(out_dir + "/pnpm/pnpm-lock.yaml", "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(out_dir + "/pnpm/package.json", "w") as f:
        json.dump(manifest, f, indent=2)
    print("deps_gen: %d packages (%d real name@version, the rest real names at new "
          "patch versions)" % (n, min(n, len(real_packages(paths)))), file=sys.stderr)


main()
