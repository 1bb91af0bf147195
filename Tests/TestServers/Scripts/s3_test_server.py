"""moto's S3 server plus a fault-injecting proxy in front of it, for S3 tests.

Starts moto (the server moto_server runs) and a proxy, both on free 127.0.0.1 ports, prints
{"moto": PORT, "proxy": PORT} on one line, and serves until stdin closes.

The proxy forwards every request to moto unchanged, except:
  * fault rules (POST /__proxy__/faults with a JSON list) answer matching requests with an error
    status and body, or close the connection without answering ("reset"); each rule has a count;
  * with awkward tokens on (POST /__proxy__/awkward-tokens), ListObjectsV2 continuation tokens are
    rewritten to contain '+', '/' and '=' as real S3 tokens do, and translated back on the way in;
    a token that arrives mangled (a '+' sent unencoded reads as a space) is refused with 400.
It logs each request (GET /__proxy__/log): method, path, headers, and whether a Content-MD5 matched.

Test-only control endpoints on the proxy talk to moto's backend directly:
  POST /__moto__/buckets        {"bucket": NAME}                       create a bucket
  POST /__moto__/seed           {"bucket", "objects": [{"key", "ageSeconds"}]}
                                put objects and backdate their LastModified
  POST /__moto__/policy         {"bucket", "policy": {...}}            set a bucket policy
  GET  /__moto__/keys?bucket=B  every key in the bucket, from the backend (not via ListObjects)
  GET  /__moto__/buckets        every bucket, [{"name", "region"}] sorted by name, from the backend
"""
import base64
import datetime
import hashlib
import http.client
import json
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, quote

from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.s3.models import s3_backends

import serving  # noqa: E402  (sibling module: the shared handler and server life)

STATE = {"faults": [], "log": [], "awkward": False}
LOCK = threading.Lock()
MOTO_PORT = None
TOKEN_PREFIX = "+/="
TOKEN_SUFFIX = "/+=="


def backend():
    return s3_backends[DEFAULT_ACCOUNT_ID]["aws"]


class Proxy(serving.QuietHandler):
    def _json(self, value, status=200):
        self.reply(status, json.dumps(value).encode(), [("Content-Type", "application/json")])

    def _control(self, parts, body):
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        payload = json.loads(body or b"null")
        if parts.path == "/__proxy__/faults":
            with LOCK:
                STATE["faults"] = payload
            return self._json({"ok": True})
        if parts.path == "/__proxy__/awkward-tokens":
            STATE["awkward"] = bool(payload)
            return self._json({"ok": True})
        if parts.path == "/__proxy__/log":
            with LOCK:
                log = list(STATE["log"])
                if self.command == "DELETE":
                    STATE["log"].clear()
            return self._json(log)
        if parts.path == "/__moto__/buckets" and self.command == "GET":
            buckets = sorted(backend().buckets.values(), key=lambda bucket: bucket.name)
            return self._json([{"name": bucket.name, "region": bucket.region_name} for bucket in buckets])
        if parts.path == "/__moto__/buckets":
            backend().create_bucket(payload["bucket"], "us-east-1")
            return self._json({"ok": True})
        if parts.path == "/__moto__/seed":
            now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
            for item in payload["objects"]:
                key = backend().put_object(payload["bucket"], item["key"], item.get("body", "x").encode())
                if item.get("ageSeconds") is not None:
                    key.last_modified = now - datetime.timedelta(seconds=item["ageSeconds"])
            return self._json({"ok": True, "count": len(payload["objects"])})
        if parts.path == "/__moto__/policy":
            backend().put_bucket_policy(payload["bucket"], json.dumps(payload["policy"]).encode())
            return self._json({"ok": True})
        if parts.path == "/__moto__/keys":
            bucket = backend().get_bucket(query["bucket"])
            return self._json(sorted(bucket.keys.keys()))
        return self.reply(404, b"unknown control path")

    def _fault_for(self, method, path):
        with LOCK:
            for rule in STATE["faults"]:
                if rule.get("times", 0) <= 0:
                    continue
                if rule.get("method") and rule["method"] != method:
                    continue
                if rule.get("pathContains") and rule["pathContains"] not in path:
                    continue
                rule["times"] -= 1
                return rule
        return None

    def _handle(self):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if parts.path.startswith("/__proxy__/") or parts.path.startswith("/__moto__/"):
            return self._control(parts, body)

        md5 = self.headers.get("Content-MD5")
        entry = {
            "method": self.command,
            "path": self.path,
            "headers": [[k, v] for k, v in self.headers.items()],
            "contentMD5Valid": None if md5 is None else md5 == base64.b64encode(hashlib.md5(body).digest()).decode(),
        }
        with LOCK:
            STATE["log"].append(entry)

        rule = self._fault_for(self.command, self.path)
        if rule is not None and rule.get("delayMs"):
            time.sleep(rule["delayMs"] / 1000)
            if "status" not in rule and not rule.get("reset"):
                rule = None  # a slow answer, not a wrong one: forward after the delay
        if rule is not None:
            if rule.get("reset"):
                self.close_connection = True
                self.connection.close()
                return
            return self.reply(rule.get("status", 503), rule.get("body", "").encode(),
                               [("Content-Type", "application/xml")])

        path = self.path
        if STATE["awkward"] and "list-type=2" in parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            rewritten = []
            for name, value in pairs:
                if name == "continuation-token":
                    if not (value.startswith(TOKEN_PREFIX) and value.endswith(TOKEN_SUFFIX)):
                        return self.reply(400, b"<Error><Code>InvalidArgument</Code>"
                                                b"<Message>The continuation token provided is incorrect</Message></Error>",
                                           [("Content-Type", "application/xml")])
                    value = value[len(TOKEN_PREFIX):-len(TOKEN_SUFFIX)]
                rewritten.append((name, value))
            path = parts.path + "?" + urlencode(rewritten, quote_via=quote, safe="")

        connection = http.client.HTTPConnection("127.0.0.1", MOTO_PORT, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
        connection.request(self.command, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        if STATE["awkward"] and b"<NextContinuationToken>" in answer:
            start = answer.index(b"<NextContinuationToken>") + len(b"<NextContinuationToken>")
            end = answer.index(b"</NextContinuationToken>")
            answer = answer[:start] + (TOKEN_PREFIX.encode() + answer[start:end] + TOKEN_SUFFIX.encode()) + answer[end:]
        passed = [(k, v) for k, v in response.getheaders()
                  if k.lower() not in ("content-length", "transfer-encoding", "connection")]
        self.reply(response.status, answer, passed)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


def main():
    global MOTO_PORT
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    MOTO_PORT = moto.get_host_and_port()[1]
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    serving.serve(proxy, announce={"moto": MOTO_PORT, "proxy": proxy.server_address[1]})
    moto.stop()


if __name__ == "__main__":
    main()
