"""What the test servers here share: a quiet HTTP/1.1 handler with one way to answer, and a life that starts by
announcing its port as one JSON line and ends when the test that started it lets go (see lifetime.py)."""
import json
import threading
from http.server import BaseHTTPRequestHandler

import lifetime  # noqa: E402  (sibling module: how long a test server lives)


class QuietHandler(BaseHTTPRequestHandler):
    """Keep-alive HTTP/1.1, no request log on stderr (the tests read stderr)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        """Answers with `body` and a Content-Length (no body bytes for HEAD)."""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(server, announce=None):
    """Serves on threads, prints `announce` (default: the port) as JSON, and returns once released."""
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps(announce or {"port": server.server_address[1]}), flush=True)
    lifetime.wait_until_released()  # stdin closed or the test process is gone
    server.shutdown()
