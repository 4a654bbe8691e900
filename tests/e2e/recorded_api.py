#!/usr/bin/env python3
"""A loopback HTTP server that answers with recorded GitHub API responses.

Usage: recorded_api.py ROUTES PORTFILE LOG

ROUTES is a JSON object: "METHOD /path?query" -> a list of responses, each
{"status": 200, "headers": {...}, "body": <JSON>}; the responses of a route
are answered in turn, the last one again and again. "{port}" in a header is
the port served. Any other request is a 404 with GitHub's error body. Each
request is appended to LOG as one JSON line: method, path, and how it was
authorised ("scheme" of the Authorization header), never the token itself.
The port is written to PORTFILE once listening.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

ROUTES_FILE, PORTFILE, LOG = sys.argv[1:4]
routes = json.load(open(ROUTES_FILE))
served = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        auth = self.headers.get("Authorization", "")
        with open(LOG, "a") as log:
            log.write(json.dumps({"method": "GET", "path": self.path,
                                  "scheme": auth.split(" ")[0] if auth else None}) + "\n")
        key = "GET " + self.path
        answers = routes.get(key)
        if not answers:
            body = json.dumps({"message": "Not Found",
                               "documentation_url": "https://docs.github.com/rest"}).encode()
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        n = served.get(key, 0)
        served[key] = n + 1
        a = answers[min(n, len(answers) - 1)]
        body = json.dumps(a.get("body")).encode()
        self.send_response(a.get("status", 200))
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for k, v in a.get("headers", {}).items():
            self.send_header(k, v.replace("{port}", str(self.server.server_port)))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_port))
import os  # noqa: E402
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
