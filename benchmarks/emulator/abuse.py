#!/usr/bin/env python3
"""Hostile and heavy callers against a running `lambda-local start`: what a web page, a DNS-rebinding page, a
malformed or slow client and a flood of idle connections get, and what a real caller still gets meanwhile.

    lambda-local start --header-timeout 2 --idle-timeout 2 &
    python3 benchmarks/emulator/abuse.py --invoke-port 3001 --api-port 3000 --function greetings

Prints one line per case with its figures; `--json` prints them as one JSON object (the emulator's tests read
that). Standard library only, plus boto3 for the keep-alive case when it is installed.
"""
import argparse
import http.client
import json
import socket
import sys
import time

HOST = "127.0.0.1"


def raw(port, data, read_timeout=30.0):
    """Sends bytes on a new connection; returns (status line, seconds until the server closed it or None).

    A server that closes with unread bytes resets the connection, which may drop its answer: then the status is
    "reset" and the time is when the reset arrived."""
    sock = socket.create_connection((HOST, port))
    sock.settimeout(read_timeout)
    started = time.monotonic()
    received = b""
    closed_after = None
    try:
        if data:
            sock.sendall(data)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                closed_after = time.monotonic() - started
                break
            received += chunk
    except socket.timeout:
        pass
    except (ConnectionResetError, BrokenPipeError):
        closed_after = time.monotonic() - started
        received = received or b"reset"
    finally:
        sock.close()
    status = received.split(b"\r\n", 1)[0].decode("latin-1") if received else ""
    return status, closed_after


def request(port, method, path, body=b"", headers=None, host=None):
    """One HTTP request on a new connection: (status, body text, milliseconds)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    started = time.monotonic()
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or f"{HOST}:{port}")
    for name, value in (headers or {}).items():
        connection.putheader(name, value)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, text, (time.monotonic() - started) * 1000


def invoke_path(function):
    return f"/2015-03-31/functions/{function}/invocations"


def run(args):
    results = {}
    port, function, payload = args.invoke_port, args.function, args.payload.encode()
    json_type = {"Content-Type": "application/json"}

    status, _, _ = request(port, "POST", invoke_path(function), payload,
                           {"Origin": "http://evil.example", "Content-Type": "text/plain"})
    results["crossOrigin"] = {"status": status}
    status, _, _ = request(port, "POST", invoke_path(function), payload,
                           {"Content-Type": "application/x-www-form-urlencoded"})
    results["formPost"] = {"status": status}
    status, body, _ = request(port, "GET", "/2015-03-31/functions/", host="rebind.evil.example")
    results["rebindList"] = {"status": status, "leaksEnvironment": "Environment" in body}
    status, _, _ = request(port, "POST", invoke_path(function), payload, json_type, host=f"rebind.evil.example:{port}")
    results["rebindInvoke"] = {"status": status}
    if args.api_port:
        status, _, _ = request(args.api_port, "GET", "/", host="rebind.evil.example")
        results["rebindAPI"] = {"status": status}
    status, body, milliseconds = request(port, "POST", invoke_path(function), payload, json_type)
    results["sdkCall"] = {"status": status, "ms": round(milliseconds, 2)}

    status, closed = raw(port, b"GARBAGE / NOT-HTTP\r\n\r\n")
    results["malformed"] = {"status": status, "closedAfterSeconds": closed}
    status, closed = raw(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n")
    results["oversizedHead"] = {"status": status, "closedAfterSeconds": closed}
    status, closed = raw(port, b"", read_timeout=args.idle_timeout * 3 + 5)
    results["idle"] = {"closedAfterSeconds": closed}
    status, closed = raw(port, f"POST {invoke_path(function)} HTTP/1.1\r\nHost: {HOST}:{port}\r\n".encode(),
                         read_timeout=args.header_timeout * 3 + 5)
    results["slowHead"] = {"closedAfterSeconds": closed}

    flood = []
    opened_at = time.monotonic()
    for _ in range(args.idle_connections):
        flood.append(socket.create_connection((HOST, port)))
    open_seconds = time.monotonic() - opened_at
    status, _, milliseconds = request(port, "POST", invoke_path(function), payload, json_type)
    time.sleep(0.3)  # the server closes the connections it evicted on its own event loops
    closed_by_server = 0
    for sock in flood:
        sock.setblocking(False)
        try:
            if sock.recv(1) == b"":
                closed_by_server += 1
        except BlockingIOError:
            pass
        except ConnectionResetError:
            closed_by_server += 1
        sock.close()
    results["idleFlood"] = {"connections": args.idle_connections, "openSeconds": round(open_seconds, 3),
                            "callStatus": status, "callMs": round(milliseconds, 2), "closedByServer": closed_by_server}

    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    started = time.monotonic()
    statuses = set()
    for _ in range(args.calls):
        connection.request("POST", invoke_path(function), payload, json_type)
        response = connection.getresponse()
        response.read()
        statuses.add(response.status)
    seconds = time.monotonic() - started
    connection.close()
    results["keepAliveCalls"] = {"calls": args.calls, "statuses": sorted(statuses),
                                 "perSecond": round(args.calls / seconds, 1)}
    started = time.monotonic()
    statuses = set()
    for _ in range(args.calls):
        status, _, _ = request(port, "POST", invoke_path(function), payload, json_type)
        statuses.add(status)
    seconds = time.monotonic() - started
    results["newConnectionCalls"] = {"calls": args.calls, "statuses": sorted(statuses),
                                     "perSecond": round(args.calls / seconds, 1)}

    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        results["boto3KeepAlive"] = {"skipped": "boto3 is not installed"}
    else:
        client = boto3.client("lambda", endpoint_url=f"http://{HOST}:{port}", region_name="us-east-1",
                              aws_access_key_id="x", aws_secret_access_key="x",
                              config=Config(retries={"max_attempts": 1}))
        first = client.invoke(FunctionName=function, Payload=payload)["StatusCode"]
        time.sleep(args.idle_timeout + 0.5)  # the server has closed the pooled connection by now
        second = client.invoke(FunctionName=function, Payload=payload)["StatusCode"]
        results["boto3KeepAlive"] = {"statuses": [first, second], "pausedSeconds": args.idle_timeout + 0.5}
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoke-port", type=int, default=3001)
    parser.add_argument("--api-port", type=int, default=0, help="the API front's port (0: skip its case)")
    parser.add_argument("--function", default="greetings")
    parser.add_argument("--payload", default='{"name":"abuse"}')
    parser.add_argument("--header-timeout", type=float, default=10, help="the server's --header-timeout")
    parser.add_argument("--idle-timeout", type=float, default=60, help="the server's --idle-timeout")
    parser.add_argument("--idle-connections", type=int, default=300)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args)
    if args.json:
        print(json.dumps(results))
        return
    for name, figures in results.items():
        print(f"{name:20} " + "  ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    sys.exit(main())
