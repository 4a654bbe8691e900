#!/usr/bin/env python3
"""Checks an SPDX 2.3 JSON document against what the SPDX 2.3 specification
requires (clauses 6 to 11), field by field.

No package that installs here ships the official SPDX 2.3 JSON schema (npm's
SPDX packages are licence lists and expression parsers; cdxgen ships the
SPDX 3.0 schema only; Debian has none), so this is our reading of the
specification, not the schema: a document it accepts may still fail the
official one, which is said wherever the test is described.

usage: spdx_check.py DOC.json   (exit 0 valid, 1 invalid)
"""
import json
import re
import sys

SPDXID = re.compile(r"^SPDXRef-[A-Za-z0-9.\-]+$")
CREATED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
CREATOR = re.compile(r"^(Tool|Organization|Person): .+")
# clause 7.10: the algorithms and their digest lengths in hex
CHECKSUM = {"SHA1": 40, "SHA224": 56, "SHA256": 64, "SHA384": 96, "SHA512": 128, "MD2": 32,
            "MD4": 32, "MD5": 32, "MD6": None, "SHA3-256": 64, "SHA3-384": 96,
            "SHA3-512": 128, "BLAKE2b-256": 64, "BLAKE2b-384": 96, "BLAKE2b-512": 128,
            "BLAKE3": None, "ADLER32": 8}
PURPOSE = {"APPLICATION", "FRAMEWORK", "LIBRARY", "CONTAINER", "OPERATING-SYSTEM", "DEVICE",
           "FIRMWARE", "SOURCE", "ARCHIVE", "FILE", "INSTALL", "OTHER"}
REF_CATEGORY = {"SECURITY", "PACKAGE-MANAGER", "PERSISTENT-ID", "OTHER"}
# clause 11.1
RELATIONSHIP = set("""DESCRIBES DESCRIBED_BY CONTAINS CONTAINED_BY DEPENDS_ON DEPENDENCY_OF
DEPENDENCY_MANIFEST_OF BUILD_DEPENDENCY_OF DEV_DEPENDENCY_OF OPTIONAL_DEPENDENCY_OF
PROVIDED_DEPENDENCY_OF TEST_DEPENDENCY_OF RUNTIME_DEPENDENCY_OF EXAMPLE_OF GENERATES
GENERATED_FROM ANCESTOR_OF DESCENDANT_OF VARIANT_OF DISTRIBUTION_ARTIFACT PATCH_FOR
PATCH_APPLIED COPY_OF FILE_ADDED FILE_DELETED FILE_MODIFIED EXPANDED_FROM_ARCHIVE
DYNAMIC_LINK STATIC_LINK DATA_FILE_OF TEST_CASE_OF BUILD_TOOL_OF DEV_TOOL_OF TEST_OF
TEST_TOOL_OF DOCUMENTATION_OF OPTIONAL_COMPONENT_OF METAFILE_OF PACKAGE_OF AMENDS
PREREQUISITE_FOR HAS_PREREQUISITE REQUIREMENT_DESCRIPTION_FOR SPECIFICATION_FOR OTHER""".split())
LICENSE_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.\-+:]+")


def is_license_expression(s):
    """clause 7.15 / annex D: ids and LicenseRef-s joined by AND, OR, WITH, in parentheses."""
    if s in ("NONE", "NOASSERTION"):
        return True
    tokens = LICENSE_TOKEN.findall(s)
    if "".join(tokens) != s.replace(" ", ""):
        return False
    depth, want_id = 0, True
    for t in tokens:
        if t in "()":
            depth += 1 if t == "(" else -1
            if depth < 0:
                return False
        elif t in ("AND", "OR", "WITH"):
            if want_id:
                return False
            want_id = True
        else:
            if not want_id:
                return False
            want_id = False
    return depth == 0 and not want_id


def errors(doc):
    errs = []

    def need(obj, key, where):
        if key not in obj:
            errs.append("%s: %s is required" % (where, key))
            return False
        return True

    for k in ("spdxVersion", "dataLicense", "SPDXID", "name", "documentNamespace",
              "creationInfo"):
        need(doc, k, "document")
    if doc.get("spdxVersion") != "SPDX-2.3":
        errs.append("spdxVersion is not SPDX-2.3")
    if doc.get("dataLicense") != "CC0-1.0":
        errs.append("dataLicense is not CC0-1.0 (clause 6.2)")
    if doc.get("SPDXID") != "SPDXRef-DOCUMENT":
        errs.append("the document's SPDXID is not SPDXRef-DOCUMENT (clause 6.3)")
    ns = doc.get("documentNamespace", "")
    if not re.match(r"^[a-z][a-z0-9+.\-]*://[^\s#]+$", ns):
        errs.append("documentNamespace is not an absolute URI without '#' (clause 6.5)")
    ci = doc.get("creationInfo", {})
    if not CREATED.match(ci.get("created", "")):
        errs.append("creationInfo.created is not YYYY-MM-DDThh:mm:ssZ (clause 6.9)")
    if not ci.get("creators") or not all(CREATOR.match(c) for c in ci["creators"]):
        errs.append("creationInfo.creators: each Tool:, Organization: or Person: (clause 6.8)")
    ids = {"SPDXRef-DOCUMENT"}
    for i, p in enumerate(doc.get("packages", [])):
        where = "packages[%d]" % i
        for k in ("name", "SPDXID", "downloadLocation"):
            need(p, k, where)
        sid = p.get("SPDXID", "")
        if not SPDXID.match(sid):
            errs.append("%s: SPDXID %r does not match SPDXRef-[idstring]" % (where, sid))
        if sid in ids:
            errs.append("%s: duplicate SPDXID %s" % (where, sid))
        ids.add(sid)
        if p.get("filesAnalyzed", True) is not False and "packageVerificationCode" not in p:
            errs.append("%s: files analysed without a packageVerificationCode" % where)
        for c in p.get("checksums", []):
            n = CHECKSUM.get(c.get("algorithm"), -1)
            if n == -1:
                errs.append("%s: checksum algorithm %r" % (where, c.get("algorithm")))
            elif n and not re.match(r"^[0-9a-f]{%d}$" % n, c.get("checksumValue", "")):
                errs.append("%s: %s value is not %d lowercase hex digits" % (where, c["algorithm"], n))
        for k in ("licenseConcluded", "licenseDeclared"):
            if k in p and not is_license_expression(p[k]):
                errs.append("%s: %s %r is no licence expression" % (where, k, p[k]))
        if "primaryPackagePurpose" in p and p["primaryPackagePurpose"] not in PURPOSE:
            errs.append("%s: primaryPackagePurpose %r" % (where, p["primaryPackagePurpose"]))
        for r in p.get("externalRefs", []):
            if r.get("referenceCategory") not in REF_CATEGORY:
                errs.append("%s: referenceCategory %r" % (where, r.get("referenceCategory")))
            if r.get("referenceType") == "purl" and not r.get("referenceLocator", "").startswith("pkg:"):
                errs.append("%s: a purl reference that is not pkg:" % where)
    seen = set()
    for i, r in enumerate(doc.get("relationships", [])):
        where = "relationships[%d]" % i
        for k in ("spdxElementId", "relationshipType", "relatedSpdxElement"):
            need(r, k, where)
        if r.get("relationshipType") not in RELATIONSHIP:
            errs.append("%s: relationshipType %r" % (where, r.get("relationshipType")))
        for k in ("spdxElementId", "relatedSpdxElement"):
            if r.get(k) not in ids and r.get(k) not in ("NONE", "NOASSERTION"):
                errs.append("%s: %s %s names no element" % (where, k, r.get(k)))
        key = (r.get("spdxElementId"), r.get("relationshipType"), r.get("relatedSpdxElement"))
        if key in seen:
            errs.append("%s: duplicate relationship" % where)
        seen.add(key)
    if not any(r.get("spdxElementId") == "SPDXRef-DOCUMENT" and r.get("relationshipType") == "DESCRIBES"
               for r in doc.get("relationships", [])) and not doc.get("documentDescribes"):
        errs.append("the document DESCRIBES nothing (clause 6: at least one)")
    return errs


def main():
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    errs = errors(doc)
    for e in errs[:20]:
        print("spdx_check: " + e, file=sys.stderr)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
