#!/usr/bin/env python3
"""A GitHub REST API stand-in on 127.0.0.1 for the execute tests.

Serves POST/GET /repos/{o}/{r}/pulls and POST /repos/{o}/{r}/issues/{n}/labels,
appends every request (method, path, auth header, JSON body) as one JSON line
to LOG, and writes the port it listens on to PORTFILE. MODE changes the
answers: ok, 401, 5xx-once (one 503 then ok), 5xx (always 503).
Usage: github_stub.py PORTFILE LOG [MODE]
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORTFILE, LOG = sys.argv[1], sys.argv[2]
MODE = sys.argv[3] if len(sys.argv) > 3 else "ok"
pulls = []
failures = {"n": 0}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self, body):
        with open(LOG, "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path,
                                "auth": self.headers.get("Authorization", ""),
                                "body": body}) + "\n")

    def answer(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def refuse(self):
        if MODE == "401":
            self.answer(401, {"message": "Bad credentials"})
            return True
        if MODE == "5xx" or (MODE == "5xx-once" and failures["n"] == 0):
            failures["n"] += 1
            self.answer(503, {"message": "unavailable"})
            return True
        return False

    def do_GET(self):
        self.record(None)
        if self.refuse():
            return
        if "/pulls" in self.path:
            self.answer(200, pulls)
        else:
            self.answer(404, {"message": "Not Found"})

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(n) or b"null")
        self.record(body)
        if self.refuse():
            return
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) == 4 and parts[3] == "pulls":
            number = len(pulls) + 1
            pr = {"number": number, "state": "open", "title": body["title"],
                  "head": {"ref": body["head"]}, "base": {"ref": body["base"]},
                  "html_url": "https://github.example/%s/%s/pull/%d" % (parts[1], parts[2], number)}
            pulls.append(pr)
            self.answer(201, pr)
        elif len(parts) == 6 and parts[3] == "issues" and parts[5] == "labels":
            self.answer(200, [{"name": l} for l in body.get("labels", [])])
        else:
            self.answer(404, {"message": "Not Found"})


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
