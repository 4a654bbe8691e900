"""Checks a Kubernetes manifest against the Kubernetes OpenAPI models of the
Python client (Debian's python3-kubernetes): every field known to the model
with the model's type, required fields present (the client's own
deserializer with client-side validation). Fields newer than the client's
models are allowed by name only where listed, with their types.

usage: k8s_check.py MANIFEST.yaml KIND   (e.g. V1Job)
"""
import re
import sys

import yaml
from kubernetes import client

# Job fields of Kubernetes 1.28+ (backoffLimitPerIndex, maxFailedIndexes),
# newer than the Debian client's models (22.6 = Kubernetes 1.22).
NEWER = {"V1JobSpec": {"backoffLimitPerIndex": int, "maxFailedIndexes": int}}
PRIMITIVE = {"str": str, "int": int, "bool": bool, "float": (int, float)}
errors = []


def check(value, typ, path):
    if typ in PRIMITIVE:
        if not isinstance(value, PRIMITIVE[typ]) or (typ == "int" and isinstance(value, bool)):
            errors.append(f"{path}: expected {typ}, got {value!r}")
        return
    if typ == "object":
        return
    m = re.fullmatch(r"list\[(.+)\]", typ)
    if m:
        if not isinstance(value, list):
            errors.append(f"{path}: expected a list")
            return
        for i, v in enumerate(value):
            check(v, m.group(1), f"{path}[{i}]")
        return
    m = re.fullmatch(r"dict\(str, (.+)\)", typ)
    if m:
        if not isinstance(value, dict):
            errors.append(f"{path}: expected a mapping")
            return
        for k, v in value.items():
            check(v, m.group(1), f"{path}.{k}")
        return
    model = getattr(client, typ)
    if not isinstance(value, dict):
        errors.append(f"{path}: expected a {typ} mapping")
        return
    by_json = {j: a for a, j in model.attribute_map.items()}
    for k, v in value.items():
        if k in by_json:
            check(v, model.openapi_types[by_json[k]], f"{path}.{k}")
        elif k in NEWER.get(typ, {}):
            if not isinstance(v, NEWER[typ][k]):
                errors.append(f"{path}.{k}: wrong type")
        else:
            errors.append(f"{path}: {k} is not a field of {typ}")


def strip_newer(value, typ):
    """The manifest without the fields the client's models do not know."""
    if isinstance(value, dict) and typ.startswith("V1"):
        model = getattr(client, typ)
        by_json = {j: a for a, j in model.attribute_map.items()}
        out = {}
        for k, v in value.items():
            if k in by_json:
                t = model.openapi_types[by_json[k]]
                m = re.fullmatch(r"list\[(.+)\]", t)
                out[k] = [strip_newer(x, m.group(1)) for x in v] if m and isinstance(v, list) else strip_newer(v, t)
        return out
    return value


def main():
    doc = yaml.safe_load(open(sys.argv[1]))
    kind = sys.argv[2]
    check(doc, kind, kind)
    try:  # required fields, as the client checks them
        client.ApiClient()._ApiClient__deserialize(strip_newer(doc, kind), kind)
    except ValueError as e:
        errors.append(f"{kind}: {e}")
    for e in errors:
        print(e, file=sys.stderr)
    sys.exit(1 if errors else 0)


main()
