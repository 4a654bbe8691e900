#!/usr/bin/env python3
"""Validates a CycloneDX JSON document with the official schema of
@cyclonedx/cyclonedx-library (its spdx and jsf schemas resolved from the same
directory, never fetched), then checks what the schema cannot: every bom-ref
unique, every dependency ref and dependsOn resolving to one, no duplicate
dependency entry, every component in the graph.

usage: sbom_check.py SCHEMA_DIR BOM.json   (exit 0 valid, 1 invalid)
"""
import json
import os
import sys

import jsonschema


def schemas(schema_dir):
    """URI -> schema: the $ref texts name the SNAPSHOT files, resolved against
    the $id's directory, so each is known under both names."""
    store = {}
    for name in os.listdir(schema_dir):
        if not name.endswith(".schema.json"):
            continue
        with open(os.path.join(schema_dir, name)) as f:
            doc = json.load(f)
        store["http://cyclonedx.org/schema/" + name] = doc
        if "$id" in doc:
            store[doc["$id"]] = doc
    return store


def validator(schema, store):
    cls = jsonschema.validators.validator_for(schema)
    try:  # jsonschema 4.18 and later
        from referencing import Registry
        from referencing.jsonschema import specification_with
        reg = Registry().with_resources(
            (uri, specification_with(doc.get("$schema", "http://json-schema.org/draft-07/schema#"))
             .create_resource(doc)) for uri, doc in store.items())
        return cls(schema, registry=reg, format_checker=cls.FORMAT_CHECKER)
    except ImportError:  # Debian 12's 4.10
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return cls(schema, resolver=resolver, format_checker=cls.FORMAT_CHECKER)


def graph_errors(bom):
    errs = []
    refs = []
    root = bom.get("metadata", {}).get("component")
    if root and "bom-ref" in root:
        refs.append(root["bom-ref"])
    for c in bom.get("components", []):
        refs.append(c.get("bom-ref"))
    if len(refs) != len(set(refs)):
        errs.append("duplicate bom-ref")
    known = set(refs)
    seen = set()
    for d in bom.get("dependencies", []):
        if d["ref"] in seen:
            errs.append("duplicate dependency entry " + d["ref"])
        seen.add(d["ref"])
        if d["ref"] not in known:
            errs.append("dangling ref " + d["ref"])
        for t in d.get("dependsOn", []):
            if t not in known:
                errs.append("dangling dependsOn %s -> %s" % (d["ref"], t))
    for c in bom.get("components", []):
        if c.get("bom-ref") not in seen:
            errs.append("component without a dependency entry " + c.get("bom-ref"))
    return errs


def main():
    schema_dir, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        bom = json.load(f)
    name = "bom-%s.SNAPSHOT.schema.json" % bom.get("specVersion")
    with open(os.path.join(schema_dir, name)) as f:
        schema = json.load(f)
    v = validator(schema, schemas(schema_dir))
    errs = ["%s: %s" % ("/".join(map(str, e.absolute_path)), e.message[:300])
            for e in v.iter_errors(bom)]
    errs += graph_errors(bom)
    for e in errs[:20]:
        print("sbom_check: " + e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
