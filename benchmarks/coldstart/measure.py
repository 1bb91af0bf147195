#!/usr/bin/env python3
"""Cold start of zipped bootstraps inside empty roots: exec to the first `GET /runtime/invocation/next`.

Usage (as root, inside `unshare --mount`, which coldstart-in-empty-root.sh arranges):
    measure.py RUNS ROOT...
Each ROOT holds a function unpacked at /var/task, a static busybox at /bin/sh and empty /tmp, /proc and /dev.
The child records CLOCK_MONOTONIC right before execve; this process records it when the request line arrives on
its listening socket (the Runtime API). The child is then killed: nothing after the first request is timed.
"""

import os
import signal
import socket
import statistics
import subprocess
import sys
import time

WARMUPS = 3
NEXT = b"GET /2018-06-01/runtime/invocation/next"


def environment(port, function):
    return {
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}", "_HANDLER": function, "AWS_LAMBDA_FUNCTION_NAME": function,
        "LAMBDA_TASK_ROOT": "/var/task", "TZ": ":UTC", "PATH": "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
        "LD_LIBRARY_PATH": "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "BUCKET": "faces", "PREFIX": "tmp/", "MAX_AGE_SECONDS": "3600", "OUTPUT_PREFIX": "tmp/",
        "THUMBNAIL_PREFIX": "thumbs/", "OUTPUT_DOMAIN": "faces.example.com", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9",
    }


def spawn(root, argv, env):
    """Forks a child that chroots into ROOT and execs ARGV; returns (pid, monotonic ns just before execve)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            os.chroot(root)
            os.chdir("/")
            os.write(write_end, str(time.monotonic_ns()).encode())
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(write_end)
    started = int(os.read(read_end, 64) or b"0")
    os.close(read_end)
    return pid, started


def first_request(server, deadline=10.0):
    """The monotonic ns when a request line arrives, and the line."""
    server.settimeout(deadline)
    connection, _ = server.accept()
    connection.settimeout(deadline)
    data = b""
    with connection:
        while b"\r\n" not in data:
            chunk = connection.recv(4096)
            if not chunk:
                break
            data += chunk
        arrived = time.monotonic_ns()
    return arrived, data.split(b"\r\n", 1)[0]


def measure(root, runs):
    function = os.path.basename(root.rstrip("/")).split(".")[0]
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    env = environment(server.getsockname()[1], function)
    samples = []
    for run in range(WARMUPS + runs):
        pid, started = spawn(root, ["/var/task/bootstrap"], env)
        try:
            arrived, line = first_request(server)
        finally:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if not line.startswith(NEXT):
            raise SystemExit(f"{function}: the first request was {line!r}, not GET next")
        if run >= WARMUPS:
            samples.append((arrived - started) / 1e6)
    server.close()
    return function, samples


def exec_floor(root, runs):
    """exec of the static busybox in the same root until it exits: what any exec costs here."""
    samples = []
    for _ in range(WARMUPS + runs):
        pid, started = spawn(root, ["/bin/sh", "-c", "true"], {})
        os.waitpid(pid, 0)
        samples.append((time.monotonic_ns() - started) / 1e6)
    return statistics.median(samples[WARMUPS:])


def main(arguments):
    if len(arguments) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    runs = int(arguments[0])
    roots = arguments[1:]
    for root in roots:
        for folder in ("proc", "dev"):
            subprocess.run(["mount", "--bind", f"/{folder}", os.path.join(root, folder)], check=True)
    floor = exec_floor(roots[0], runs)
    results = [measure(root, runs) for root in roots]
    baseline = next((statistics.median(s) for f, s in results if f == "greetings"), None)
    print(f"cold start in an empty root: exec -> first GET next, median of {runs} (after {WARMUPS} warm-ups), ms")
    print(f"{'function':<22}{'median':>8}{'min':>8}{'max':>8}{'vs greetings':>14}")
    for function, samples in results:
        median = statistics.median(samples)
        ratio = f"{median / baseline:.2f}x" if baseline else "-"
        print(f"{function:<22}{median:8.2f}{min(samples):8.2f}{max(samples):8.2f}{ratio:>14}")
    print(f"{'(busybox sh -c true)':<22}{floor:8.2f}   exec-to-exit of the root's static shell, the floor of any exec")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
