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
import sys
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import serving  # noqa: E402  (sibling module: the shared handler and server life)


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


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that hang up early (a download over its size limit) are expected


def main():
    handler = functools.partial(Handler, directory=sys.argv[1])
    server = Server(("127.0.0.1", 0), handler)
    serving.serve(server)


if __name__ == "__main__":
    main()
