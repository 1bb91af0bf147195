"""A loopback HTTP server for HTTPClient's tests.

Binds 127.0.0.1 on a free port, prints {"port": N} on one line, serves until stdin closes
(so it never outlives the test process that started it).

Routes:
  /echo                     200, JSON: method, raw path, headers, body (base64), client port
  /bytes?n=N[&chunked=1]    200 with N bytes of "x", with Content-Length or chunked
  /redirect?n=K             302 to /redirect?n=K-1 until 0, then 200 "done"
  /redirect-to?location=L   302 to L
  /slow?ms=M                200 after M milliseconds
  /status?code=C            status C with a short body
  /reset                    closes the connection without answering
  /barrier?n=N              200 once N such requests are in flight at the same time, 504 after 5 s
  /hits                     JSON: how many requests each path (without query) got, /hits itself excepted
"""
import base64
import json
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import serving  # noqa: E402  (sibling module: the shared handler and server life)


BARRIERS = {}
BARRIERS_LOCK = threading.Lock()
HITS = {}


class Handler(serving.QuietHandler):
    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self):
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        body = self._body()
        if parts.path == "/hits":
            with BARRIERS_LOCK:
                return self.reply(200, json.dumps(HITS).encode(), [("Content-Type", "application/json")])
        with BARRIERS_LOCK:
            HITS[parts.path] = HITS.get(parts.path, 0) + 1
        if parts.path == "/echo":
            payload = {
                "method": self.command,
                "path": self.path,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": base64.b64encode(body).decode(),
                "clientPort": self.client_address[1],
            }
            self.reply(200, json.dumps(payload).encode(), [("Content-Type", "application/json")])
        elif parts.path == "/bytes":
            n = int(query.get("n", "0"))
            if query.get("chunked") == "1":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                remaining = n
                while remaining > 0:
                    chunk = min(remaining, 4096)
                    self.wfile.write(b"%x\r\n%s\r\n" % (chunk, b"x" * chunk))
                    remaining -= chunk
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.reply(200, b"x" * n)
        elif parts.path == "/redirect":
            n = int(query.get("n", "0"))
            if n <= 0:
                self.reply(200, b"done")
            else:
                self.reply(302, b"", [("Location", f"/redirect?n={n - 1}")])
        elif parts.path == "/redirect-to":
            self.reply(302, b"", [("Location", query["location"])])
        elif parts.path == "/slow":
            time.sleep(int(query.get("ms", "1000")) / 1000)
            self.reply(200, b"slow")
        elif parts.path == "/status":
            self.reply(int(query["code"]), b"status body")
        elif parts.path == "/barrier":
            n = int(query["n"])
            with BARRIERS_LOCK:
                barrier = BARRIERS.setdefault(n, threading.Barrier(n, timeout=5))
            try:
                barrier.wait()
                self.reply(200, b"together")
            except threading.BrokenBarrierError:
                self.reply(504, b"alone")
        elif parts.path == "/reset":
            self.close_connection = True
            self.connection.close()
        else:
            self.reply(404, b"no such route")

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = _handle


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    serving.serve(server)


if __name__ == "__main__":
    main()
