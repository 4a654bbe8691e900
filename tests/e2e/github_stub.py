#!/usr/bin/env python3
"""A GitHub REST API stand-in on 127.0.0.1 for the execute and health tests.

Serves GET /repos/{o}/{r}, POST/GET /repos/{o}/{r}/pulls (with the state and
head filters and GitHub's 422 for a second open pull request from one head)
and POST /repos/{o}/{r}/issues/{n}/labels, appends every request (method,
path, auth header, JSON body, arrival time "t", and the fault answered if
any) as one JSON line to LOG, and writes the port it listens on to PORTFILE.
MODE changes the answers: ok, 401, 5xx-once (one 503 then ok), 5xx (always 503).

Faults, after MODE (each option applies to the one --fault it follows):
  --fault STATUS        answer STATUS (401, 403, 404, 422, 429, 5xx ...) ...
  --method M            ... only to requests of method M
  --path SUBSTR         ... only to paths containing SUBSTR
  --times N             ... only to the first N matching requests (default: all)
  --header 'H: V'       ... with this header; "{now+N}" in V is the epoch time + N
  --apply               ... after doing what the request asks (a lost answer)
Other options: --push false (GET /repos answers permissions.push false),
--no-permissions (GET /repos answers without permissions), --pull HEAD:STATE
(a pull request there from the start; repeatable), --page-size N (lists of
pull requests in pages of N, with GitHub's Link: <...>; rel="next" header).
Usage: github_stub.py PORTFILE LOG [MODE] [OPTIONS]
"""
import json
import os
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

PORTFILE, LOG = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
MODE = "ok"
if args and not args[0].startswith("--"):
    MODE = args.pop(0)
faults, PUSH, PERMISSIONS, PAGE, preload = [], True, True, None, []
while args:
    opt = args.pop(0)
    if opt == "--fault":
        faults.append({"status": int(args.pop(0)), "method": None, "path": None,
                       "times": None, "headers": [], "apply": False, "hits": 0})
    elif opt == "--method":
        faults[-1]["method"] = args.pop(0)
    elif opt == "--path":
        faults[-1]["path"] = args.pop(0)
    elif opt == "--times":
        faults[-1]["times"] = int(args.pop(0))
    elif opt == "--header":
        faults[-1]["headers"].append(args.pop(0))
    elif opt == "--apply":
        faults[-1]["apply"] = True
    elif opt == "--push":
        PUSH = args.pop(0) == "true"
    elif opt == "--no-permissions":
        PERMISSIONS = False
    elif opt == "--pull":
        preload.append(args.pop(0).rsplit(":", 1))
    elif opt == "--page-size":
        PAGE = int(args.pop(0))
    else:
        sys.exit("github_stub.py: unknown option " + opt)

MESSAGES = {401: "Bad credentials", 403: "Resource not accessible by integration",
            404: "Not Found", 429: "API rate limit exceeded"}
pulls = [{"number": i + 1, "state": state, "title": head, "head": {"ref": head},
          "base": {"ref": "main"}, "html_url": "https://github.example/acme/widgets/pull/%d" % (i + 1)}
         for i, (head, state) in enumerate(preload)]
failures = {"n": 0}


def fault_for(method, path):
    for f in faults:
        if f["method"] and f["method"] != method:
            continue
        if f["path"] and f["path"] not in path:
            continue
        if f["times"] is not None and f["hits"] >= f["times"]:
            continue
        f["hits"] += 1
        return f
    return None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self, body, fault=None):
        entry = {"method": self.command, "path": self.path,
                 "auth": self.headers.get("Authorization", ""),
                 "body": body, "t": time.time()}
        if fault:
            entry["fault"] = {"status": fault["status"], "headers": self.fault_headers}
        with open(LOG, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def answer(self, code, obj, headers=()):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for h in headers:
            name, value = h.split(":", 1)
            self.send_header(name.strip(), value.strip())
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

    def start(self, body):
        """Records the request; returns the fault to answer (or None)."""
        f = fault_for(self.command, self.path)
        self.fault_headers = []
        if f:
            now = int(time.time())
            for h in f["headers"]:
                self.fault_headers.append(
                    re.sub(r"\{now\+(\d+)\}", lambda m: str(now + int(m.group(1))), h))
        self.record(body, f)
        return f

    def send_fault(self, f, body):
        code = f["status"]
        if code == 422:
            head = (body or {}).get("head", "")
            obj = {"message": "Validation Failed",
                   "errors": [{"resource": "PullRequest", "code": "custom",
                               "message": "A pull request already exists for acme:%s." % head}]}
        else:
            obj = {"message": MESSAGES.get(code, "unavailable")}
        self.answer(code, obj, self.fault_headers)

    def do_GET(self):
        f = self.start(None)
        if f and not f["apply"]:
            return self.send_fault(f, None)
        if not f and self.refuse():
            return
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        query = parse_qs(url.query)
        if len(parts) == 3 and parts[0] == "repos":
            repo = {"full_name": "%s/%s" % (parts[1], parts[2])}
            if PERMISSIONS:
                repo["permissions"] = {"admin": False, "push": PUSH, "pull": True}
            obj, code = repo, 200
        elif len(parts) == 4 and parts[3] == "pulls":
            state = query.get("state", ["open"])[0]
            head = query.get("head", [None])[0]
            obj = [p for p in pulls
                   if (state == "all" or p["state"] == state)
                   and (head is None or head.split(":", 1)[-1] == p["head"]["ref"])]
            code = 200
            if PAGE:
                page = int(query.get("page", ["1"])[0])
                more = len(obj) > page * PAGE
                obj = obj[(page - 1) * PAGE:page * PAGE]
                if more:
                    nxt = "http://127.0.0.1:%d%s?state=%s&page=%d" % (
                        self.server.server_address[1], url.path, state, page + 1)
                    return self.answer(code, obj, ['Link: <%s>; rel="next", <%s>; rel="last"' % (nxt, nxt)])
        else:
            obj, code = {"message": "Not Found"}, 404
        if f:
            return self.send_fault(f, None)
        self.answer(code, obj)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(n) or b"null")
        f = self.start(body)
        if f and not f["apply"]:
            return self.send_fault(f, body)
        if not f and self.refuse():
            return
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) == 4 and parts[3] == "pulls":
            if any(p["state"] == "open" and p["head"]["ref"] == body["head"] for p in pulls):
                return self.send_fault({"status": 422}, body)
            number = len(pulls) + 1
            pr = {"number": number, "state": "open", "title": body["title"],
                  "head": {"ref": body["head"]}, "base": {"ref": body["base"]},
                  "html_url": "https://github.example/%s/%s/pull/%d" % (parts[1], parts[2], number)}
            pulls.append(pr)
            code, obj = 201, pr
        elif len(parts) == 6 and parts[3] == "issues" and parts[5] == "labels":
            code, obj = 200, [{"name": l} for l in body.get("labels", [])]
        else:
            code, obj = 404, {"message": "Not Found"}
        if f:
            return self.send_fault(f, body)
        self.answer(code, obj)


server = HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
