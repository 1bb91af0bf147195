#!/usr/bin/env python3
"""Seconds from `lambda-local start` to its banner with the embedded AWS services and with --aws, the services
process's memory, and what a bucket holds across a restart.

usage: python3 benchmarks/emulator/services_startup.py [--lambda-local .build/debug/lambda-local] [--runs 3]
Runs the book's template.json with the products beside lambda-local; ports are free ones; no AWS_* variables.
"""
import argparse, os, re, signal, statistics, subprocess, time, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--lambda-local", default=".build/debug/lambda-local")
parser.add_argument("--runs", type=int, default=3)
args = parser.parse_args()
tool = os.path.abspath(args.lambda_local)
products = os.path.dirname(tool)
env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
BUCKET = "local-facesbucket-b9djvxutzfh0"


def start(extra):
    began = time.monotonic()
    process = subprocess.Popen(
        [tool, "start", "-t", "template.json", "--build-dir", products, "--invoke-port", "0", "--api-port", "0",
         "--services-port", "0"] + extra, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    banner = ""
    while "Functions: " not in banner or ("Schedules" not in banner):
        line = process.stdout.readline()
        if not line:
            break
        banner += line
    return process, time.monotonic() - began, banner


def stop(process):
    process.send_signal(signal.SIGINT)
    process.wait(timeout=20)


def children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
                if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                    found.append(int(entry))
            except (OSError, ValueError):
                pass
    return found


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024


for mode, extra in (("embedded services", []), ("--aws (none)", ["--aws"])):
    times = []
    for _ in range(args.runs):
        process, seconds, banner = start(extra)
        times.append(seconds)
        stop(process)
    print(f"start to banner, {mode:18s} median {statistics.median(times):.2f} s  runs {', '.join(f'{t:.2f}' for t in times)}")

process, _, banner = start([])
url = re.search(r"AWS services: LOCAL at (http://\S+)", banner).group(1)
moto = [pid for pid in children(process.pid) if b"moto_server" in open(f"/proc/{pid}/cmdline", "rb").read()][0]
print(f"services process (moto_server) RSS after start: {rss_mib(moto):.1f} MiB")
urllib.request.urlopen(urllib.request.Request(f"{url}/{BUCKET}/uploads/kept.txt", data=b"x" * 1024, method="PUT",
                                              headers={"Authorization": "AWS4-HMAC-SHA256 Credential=A/1/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0"}))
listing = urllib.request.urlopen(f"{url}/{BUCKET}?list-type=2").read().decode()
print(f"before restart: {listing.count('<Key>')} object(s) in {BUCKET}")
stop(process)
process, _, banner = start([])
url = re.search(r"AWS services: LOCAL at (http://\S+)", banner).group(1)
listing = urllib.request.urlopen(f"{url}/{BUCKET}?list-type=2").read().decode()
created = "created" if f"{BUCKET}  created" in banner else "exists"
print(f"after restart: bucket {created}, {listing.count('<Key>')} object(s) (in memory: a run starts empty)")
stop(process)
