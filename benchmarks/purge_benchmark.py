"""Purge of N objects under tmp/ from one moto S3 server: our purgeBucketByPrefix vs `aws s3 rm --recursive`.

Usage: purge_benchmark.py PATH_TO_purgeBucketByPrefix [--objects N] [--runs R]

moto runs in this process (the server moto_server runs) behind a WSGI middleware that counts
requests by kind; objects are seeded straight into moto's backend, outside the timed part. Each run
seeds N old objects, times one tool deleting them all, checks the bucket is empty, and counts the
requests the tool sent. Runs alternate between the tools; the median is printed. Pin the clients
(`taskset -c 0`) and this process (`taskset -c 1`) when comparing, as purge.sh does.
"""
import argparse
import collections
import json
import logging
import os
import statistics
import subprocess
import sys
import threading
import time

from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.s3.models import s3_backends
from werkzeug.serving import make_server

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK_RUNTIME_API = os.path.join(HERE, "..", "Tests", "TestServers", "Scripts", "mock_runtime_api.py")
BUCKET = "bench-bucket"
COUNTS = collections.Counter()
COUNTS_LOCK = threading.Lock()


def counting(app):
    def middleware(environ, start_response):
        query = environ.get("QUERY_STRING", "")
        method = environ["REQUEST_METHOD"]
        if "list-type=2" in query or (method == "GET" and environ.get("PATH_INFO", "").rstrip("/") == "/" + BUCKET):
            kind = "list"
        elif method == "POST" and "delete" in query:
            kind = "deleteObjects"
        elif method == "DELETE":
            kind = "deleteObject"
        else:
            kind = method
        with COUNTS_LOCK:
            COUNTS[kind] += 1
        return app(environ, start_response)
    return middleware


def backend():
    return s3_backends[DEFAULT_ACCOUNT_ID]["aws"]


def seed(count):
    stamp = "20000101000000"
    for i in range(count):
        backend().put_object(BUCKET, f"tmp/{stamp}-{i:06d}.jpg", b"x")
    backend().put_object(BUCKET, "keep/me", b"x")


def remaining():
    return sorted(backend().get_bucket(BUCKET).keys.keys())


def environment(port):
    env = dict(os.environ)
    env.update({
        "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_SESSION_TOKEN": "bench",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_S3": f"http://127.0.0.1:{port}",
    })
    return env


def run_ours(binary, port, event_path):
    api = subprocess.Popen([sys.executable, MOCK_RUNTIME_API, event_path], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    api_port = json.loads(api.stdout.readline())["port"]
    env = environment(port)
    env.update({"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api_port}", "BUCKET": BUCKET})
    start = time.perf_counter()
    function = subprocess.Popen(["taskset", "-c", "0", binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outcome = json.loads(api.stdout.readline())
    elapsed = time.perf_counter() - start
    function.terminate()
    function.wait()
    api.stdin.close()
    api.wait()
    if outcome["kind"] != "response":
        raise SystemExit(f"purgeBucketByPrefix failed: {outcome}")
    return elapsed, json.loads(outcome["body"])


def run_awscli(port):
    start = time.perf_counter()
    subprocess.run(["taskset", "-c", "0", "aws", "s3", "rm", "--recursive", "--quiet", f"s3://{BUCKET}/tmp/",
                    "--endpoint-url", f"http://127.0.0.1:{port}"], env=environment(port), check=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    logging.getLogger("werkzeug").disabled = True  # a line per request would slow the server for both tools
    server = make_server("127.0.0.1", 0, counting(DomainDispatcherApplication(create_backend_app)), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    backend().create_bucket(BUCKET, "us-east-1")
    event_path = os.path.join(HERE, "..", "events", "scheduled-event.json")

    times = {"ours": [], "awscli": []}
    requests = {}
    for run in range(args.runs):
        for tool in ("ours", "awscli"):
            seed(args.objects)
            COUNTS.clear()
            if tool == "ours":
                elapsed, result = run_ours(args.binary, port, event_path)
                assert result["deleted"] == args.objects and not result["errors"], result
            else:
                elapsed = run_awscli(port)
            left = remaining()
            assert left == ["keep/me"], f"{tool} left {len(left)} keys"
            times[tool].append(elapsed)
            requests[tool] = dict(COUNTS)
            print(f"run {run + 1} {tool:7s} {elapsed:7.2f} s  requests {dict(COUNTS)}", flush=True)

    ours, theirs = statistics.median(times["ours"]), statistics.median(times["awscli"])
    print()
    print(f"purge of {args.objects} objects against one moto server, median of {args.runs} runs:")
    for tool, median in (("purgeBucketByPrefix", ours), ("aws s3 rm --recursive", theirs)):
        key = "ours" if tool.startswith("purge") else "awscli"
        total = sum(requests[key].values())
        print(f"  {tool:22s} {median:7.2f} s  {args.objects / median:8.0f} objects/s  "
              f"{total * 1000 / args.objects:7.1f} requests per 1,000 objects  {requests[key]}")
    print(f"  speed-up: {theirs / ours:.1f}x")
    server.shutdown()


if __name__ == "__main__":
    main()
