#!/usr/bin/env python3
"""audit_rehash.py DB FROM SQL: what someone who can write the store does to
hide a change from the hash chain. Runs SQL on DB's audit table, then
recomputes prev_hash and hash of every entry from id FROM onwards exactly as
terragon does (src/store/audit.c: tg_audit_entry_hash), and sets the id
counter to the last id, so `audit verify` without a key finds nothing."""
import hashlib
import sqlite3
import sys


def field(v):
    if v is None:
        return b"~\n"
    b = v.encode()
    return b"%d:%s\n" % (len(b), b)


def entry_hash(at, actor, ci_actor, ci_run, action, subject, details, prev):
    text = b"terragon-audit-1\n%d\n" % at
    for v in (actor, ci_actor, ci_run, action, subject, details, prev):
        text += field(v)
    return hashlib.sha256(text).hexdigest()


def main():
    db = sqlite3.connect(sys.argv[1])
    start, sql = int(sys.argv[2]), sys.argv[3]
    if sql:
        db.executescript(sql)
    rows = db.execute("SELECT id, at, actor, ci_actor, ci_run, action, subject, details, hash"
                      " FROM audit ORDER BY id").fetchall()
    prev = "0" * 64
    for r in rows:
        if r[0] >= start:
            h = entry_hash(r[1], r[2], r[3], r[4], r[5], r[6], r[7], prev)
            db.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, h, r[0]))
            prev = h
        else:
            prev = r[8]
    db.execute("UPDATE sqlite_sequence SET seq = (SELECT coalesce(max(id), 0) FROM audit)"
               " WHERE name = 'audit'")
    db.commit()


main()
