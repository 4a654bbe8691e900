#!/usr/bin/env python3
"""A Pushgateway stand-in on 127.0.0.1 for t_metrics.sh: answers every PUT
with STATUS (default 200), keeps the last request's method, path and
Content-Type in DIR/request and its body in DIR/body, and writes the port it
listens on to DIR/port.
Usage: push_stub.py DIR [STATUS]"""
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

DIR = sys.argv[1]
STATUS = int(sys.argv[2]) if len(sys.argv) > 2 else 200


class Handler(BaseHTTPRequestHandler):
    def do_PUT(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(os.path.join(DIR, "body"), "wb") as f:
            f.write(body)
        with open(os.path.join(DIR, "request"), "w") as f:
            f.write("%s %s\n%s\n" % (self.command, self.path, self.headers.get("Content-Type")))
        msg = b"" if STATUS < 300 else b"pushed metrics are invalid or inconsistent\n"
        self.send_response(STATUS)
        self.send_header("Content-Length", str(len(msg)))
        self.end_headers()
        self.wfile.write(msg)

    def log_message(self, *args):
        pass


srv = HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
srv.serve_forever()
