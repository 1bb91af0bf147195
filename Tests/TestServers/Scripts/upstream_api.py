"""An admin API for apiProxy's tests that records what it receives.

  GET  /current                 200 {"user": "alice"} for "Authorization: Bearer good-token", else 401
  PUT  /user/submission/<id>    200 {"updated": <id>, "body": <body>} when x-token is the current admin key,
                                else 403
Test-only control:
  GET  /__log__                 every request so far: [{"method", "path", "headers": {lower-case name: value}, "body"}]
  POST /__admin_key__           {"key": K}: the admin key the API accepts from now on
  POST /__delay__               {"seconds": S}: wait that long before answering each later request

Prints {"port": PORT} once it listens on 127.0.0.1 and serves until released.
"""
import json
import threading
import time
from http.server import ThreadingHTTPServer

import serving  # noqa: E402

STATE = {"log": [], "key": None, "delay": 0.0}
LOCK = threading.Lock()


class Upstream(serving.QuietHandler):
    def _json(self, status, value):
        self.reply(status, json.dumps(value).encode(), [("Content-Type", "application/json")])

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        if self.path.startswith("/__"):
            payload = json.loads(body or "null")
            with LOCK:
                if self.path == "/__log__":
                    return self._json(200, list(STATE["log"]))
                if self.path == "/__admin_key__":
                    STATE["key"] = payload["key"]
                    return self._json(200, {"ok": True})
                if self.path == "/__delay__":
                    STATE["delay"] = float(payload["seconds"])
                    return self._json(200, {"ok": True})
            return self._json(404, {"error": "unknown control path"})
        with LOCK:
            STATE["log"].append({
                "method": self.command, "path": self.path,
                "headers": {name.lower(): value for name, value in self.headers.items()}, "body": body,
            })
            delay, key = STATE["delay"], STATE["key"]
        if delay:
            time.sleep(delay)
        if self.command == "GET" and self.path == "/current":
            if self.headers.get("Authorization") == "Bearer good-token":
                return self._json(200, {"user": "alice"})
            return self._json(401, {"message": "invalid token"})
        if self.command == "PUT" and self.path.startswith("/user/submission/"):
            if key is None or self.headers.get("x-token") != key:
                return self._json(403, {"message": "bad admin key"})
            return self._json(200, {"updated": self.path.rsplit("/", 1)[1], "body": body})
        return self._json(404, {"message": "no such route"})

    do_GET = do_PUT = do_POST = _handle


def main():
    serving.serve(ThreadingHTTPServer(("127.0.0.1", 0), Upstream))


if __name__ == "__main__":
    main()
