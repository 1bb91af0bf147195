"""A loopback HTTP server for files, for end-to-end tests that download images.

Usage: file_server.py DIRECTORY
Binds 127.0.0.1 on a free port, prints {"port": N} on one line, serves until stdin closes.

Routes:
  /<name>                   the file DIRECTORY/<name> (symbolic links followed), 404 if missing
  /redirect/<n>/<name>      n redirects (302), then the file <name>
  /redirect-to?location=L   302 to L
  /slow/<ms>/<name>         the file <name> after <ms> milliseconds
"""
import functools
import json
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def _redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        parts = urlsplit(self.path)
        segments = parts.path.split("/")
        if len(segments) >= 4 and segments[1] == "redirect" and segments[2].isdigit():
            n, rest = int(segments[2]), "/".join(segments[3:])
            return self._redirect(f"/redirect/{n - 1}/{rest}" if n > 1 else f"/{rest}")
        if len(segments) >= 4 and segments[1] == "slow" and segments[2].isdigit():
            time.sleep(int(segments[2]) / 1000)
            self.path = "/" + "/".join(segments[3:])
        elif parts.path == "/redirect-to":
            return self._redirect(parse_qs(parts.query)["location"][0])
        return super().do_GET()


def main():
    handler = functools.partial(Handler, directory=sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    sys.stdin.read()  # returns when the parent closes our stdin or dies
    server.shutdown()


if __name__ == "__main__":
    main()
