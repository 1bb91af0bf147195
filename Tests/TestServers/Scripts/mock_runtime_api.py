"""A mock Lambda Runtime API that serves a fixed list of events, for end-to-end tests of a function binary.

Usage: mock_runtime_api.py EVENT_FILE [EVENT_FILE ...]
Prints {"port": N} once bound on 127.0.0.1, then one JSON line per outcome:
  {"kind": "response" | "error" | "initError", "requestId": ..., "body": <text>}
After the last event, GET /next blocks (as Lambda's does between invocations) until stdin closes.
"""
import json
import sys
import threading
import time
from http.server import ThreadingHTTPServer

import serving  # noqa: E402  (sibling module: the shared handler and server life)

EVENTS = []
NEXT = {"index": 0}
LOCK = threading.Lock()
PREFIX = "/2018-06-01/runtime"


def emit(kind, request_id, body):
    print(json.dumps({"kind": kind, "requestId": request_id, "body": body}), flush=True)


class RuntimeAPI(serving.QuietHandler):
    def do_GET(self):
        if self.path != PREFIX + "/invocation/next":
            return self.reply(404)
        with LOCK:
            index = NEXT["index"]
            NEXT["index"] += 1
        if index >= len(EVENTS):
            while True:
                time.sleep(3600)
        deadline = int(time.time() * 1000) + 300_000
        self.reply(200, EVENTS[index], [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Aws-Request-Id", f"request-{index}"),
            ("Lambda-Runtime-Deadline-Ms", str(deadline)),
            ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:test"),
            ("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
        ])

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        parts = self.path[len(PREFIX):].split("/")
        if self.path == PREFIX + "/init/error":
            emit("initError", None, body)
        elif len(parts) == 4 and parts[1] == "invocation" and parts[3] in ("response", "error"):
            emit(parts[3], parts[2], body)
        else:
            return self.reply(404)
        self.reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])


def main():
    for path in sys.argv[1:]:
        with open(path, "rb") as file:
            EVENTS.append(file.read())
    server = ThreadingHTTPServer(("127.0.0.1", 0), RuntimeAPI)
    serving.serve(server)


if __name__ == "__main__":
    main()
