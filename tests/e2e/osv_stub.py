#!/usr/bin/env python3
"""osv.dev's bucket stand-in on 127.0.0.1 for the vulndb tests.

Serves DIR/<Ecosystem>/all.zip with an ETag (the file's SHA-256) and a fixed
Last-Modified, answers 304 to a matching If-None-Match or If-Modified-Since,
appends each request (path and conditional headers) as one JSON line to LOG,
and writes the port it listens on to PORTFILE. MODE: ok, truncate (declares
the whole length, sends half, closes), 500 (always), garbage (200 with bytes
that are no zip).
Usage: osv_stub.py PORTFILE LOG DIR [MODE]
"""
import hashlib
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORTFILE, LOG, ROOT = sys.argv[1:4]
MODE = sys.argv[4] if len(sys.argv) > 4 else "ok"
LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        with open(LOG, "a") as log:
            log.write(json.dumps({"path": self.path,
                                  "if_none_match": self.headers.get("If-None-Match"),
                                  "if_modified_since": self.headers.get("If-Modified-Since")}) + "\n")
        path = os.path.join(ROOT, self.path.lstrip("/"))
        if MODE == "500":
            self.send_error(500)
            return
        if ".." in self.path or not os.path.isfile(path):
            self.send_error(404)
            return
        body = open(path, "rb").read()
        if MODE == "garbage":
            body = b"this is not a zip archive\n" * 100
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag or \
                self.headers.get("If-Modified-Since") == LAST_MODIFIED and MODE == "ok" \
                and not self.headers.get("If-None-Match"):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        if MODE == "truncate":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
