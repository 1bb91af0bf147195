#!/usr/bin/env python3
"""faceDetection's handler, step by step: the built function serving real invocations, with its time split
into download / decode / detect / draw / encode / upload, next to OpenCV doing the same image work in the
same run.

Usage: benchmarks/face_handler.py [--repeat N] [--binary PATH] [IMAGE ...]
(default: six reference images from Tests/Fixtures/faces/images). Builds the release `faceDetection` unless
--binary is given.

Everything runs on 127.0.0.1: moto (Tests/TestServers/Scripts/s3_test_server.py, talked to directly, not
through its proxy), a file server for the images (file_server.py), and a mock Runtime API
(mock_runtime_api.py) that hands the function one event per image per round. The function logs one JSON
line per invocation with each step's time (AWS_LAMBDA_LOG_FORMAT=JSON); the first round is a warm-up and is
dropped; medians of the other N rounds are printed.

Baseline, same images, same run: OpenCV 4.6 single-threaded (cv2.setNumThreads(1), Debian python3-opencv,
only here, never a dependency) doing the image work of the handler: imdecode, BGR2GRAY, detectMultiScale
(1.1, 5, 30x30), rectangle, imencode JPEG q85, and a 256-px thumbnail (INTER_AREA) encoded the same way.
"ratio" is our decode+detect+draw+encode over OpenCV's; our detection uses every processor.
Run it with the Python that has cv2 (Debian's /usr/bin/python3); moto is started with the `python3` on PATH.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "Tests", "TestServers", "Scripts")
IMAGES = os.path.join(ROOT, "Tests", "Fixtures", "faces", "images")
CASCADE = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml"
DEFAULT_IMAGES = ["mpl_grace_hopper.jpg", "skimage_astronaut.png", "pillow_sugarshack.jpg", "pillow_hopper.jpg",
                  "pillow_flower.jpg", "synth_gradient_1280x800.jpg"]
STEPS = ["download", "decode", "detect", "draw", "encode", "upload"]
BUCKET = "bench-faces"


def start(script, *arguments, quiet=False):
    """Starts a helper script; returns the process and the JSON line it prints once bound."""
    process = subprocess.Popen(["python3", os.path.join(SCRIPTS, script), *arguments], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL if quiet else None, text=True)
    return process, json.loads(process.stdout.readline())


def stop(process):
    process.stdin.close()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def opencv_baseline(paths, repeat):
    """Median ms per step of OpenCV doing the handler's image work, or None without cv2."""
    try:
        import cv2
        import numpy
    except ImportError:
        return None
    cv2.ocl.setUseOpenCL(False)
    cv2.setNumThreads(1)
    classifier = cv2.CascadeClassifier(CASCADE)
    results = {}
    for path in paths:
        data = numpy.frombuffer(open(path, "rb").read(), dtype=numpy.uint8)
        samples = {"decode": [], "detect": [], "draw": [], "encode": []}
        for round_ in range(repeat + 1):
            t0 = time.perf_counter()
            image = cv2.imdecode(data, cv2.IMREAD_COLOR)
            gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
            t1 = time.perf_counter()
            faces = classifier.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(30, 30))
            t2 = time.perf_counter()
            for (x, y, w, h) in faces:
                cv2.rectangle(image, (int(x), int(y)), (int(x + w - 1), int(y + h - 1)), (255, 255, 255), 2)
            t3 = time.perf_counter()
            if len(faces):
                cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
                height, width = image.shape[:2]
                scale = min(1.0, 256 / max(width, height))
                small = cv2.resize(image, (max(1, round(width * scale)), max(1, round(height * scale))),
                                   interpolation=cv2.INTER_AREA)
                cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 85])
            t4 = time.perf_counter()
            if round_ > 0:  # the first round warms up
                for step, (a, b) in zip(samples, [(t0, t1), (t1, t2), (t2, t3), (t3, t4)]):
                    samples[step].append((b - a) * 1000)
        results[os.path.basename(path)] = {step: statistics.median(values) for step, values in samples.items()}
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--binary")
    parser.add_argument("images", nargs="*")
    args = parser.parse_args()
    paths = [os.path.abspath(p) for p in args.images] or [os.path.join(IMAGES, name) for name in DEFAULT_IMAGES]
    names = [os.path.basename(p) for p in paths]

    binary = args.binary
    if binary is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "faceDetection"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.strip() + "/faceDetection"

    with tempfile.TemporaryDirectory() as folder:
        images = os.path.join(folder, "images")
        os.mkdir(images)
        for path in paths:
            os.symlink(path, os.path.join(images, os.path.basename(path)))
        s3, s3_ports = start("s3_test_server.py", quiet=True)  # moto logs every request on stderr
        files, files_port = start("file_server.py", images)
        # Create the bucket through moto's control endpoint on the proxy.
        urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{s3_ports['proxy']}/__moto__/buckets", data=json.dumps({"bucket": BUCKET}).encode(),
            method="POST")).read()

        events = []
        for round_ in range(args.repeat + 1):
            for name in names:
                event = os.path.join(folder, f"event-{round_}-{name}.json")
                with open(event, "w") as file:
                    json.dump({"imageUrl": f"http://127.0.0.1:{files_port['port']}/{name}"}, file)
                events.append(event)
        runtime, runtime_port = start("mock_runtime_api.py", *events)

        environment = dict(os.environ)
        environment.update({
            "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_SESSION_TOKEN": "bench",
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_S3": f"http://127.0.0.1:{s3_ports['moto']}",
            "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{runtime_port['port']}", "AWS_LAMBDA_LOG_FORMAT": "JSON",
            "BUCKET": BUCKET,
        })
        log_path = os.path.join(folder, "function.log")
        with open(log_path, "w") as log:
            function = subprocess.Popen([binary], env=environment, stdout=log, stderr=subprocess.STDOUT)
            for _ in events:
                outcome = json.loads(runtime.stdout.readline())
                if outcome["kind"] != "response":
                    function.kill()
                    raise SystemExit(f"faceDetection failed: {outcome}")
            function.terminate()
            function.wait()
        stop(runtime)
        stop(files)
        stop(s3)
        lines = [json.loads(line) for line in open(log_path) if line.startswith("{") and '"totalMs"' in line]

    if len(lines) != len(events):
        raise SystemExit(f"expected {len(events)} timing lines, got {len(lines)}")
    ours = {}
    for index, name in enumerate(names):
        rounds = [lines[r * len(names) + index] for r in range(1, args.repeat + 1)]
        ours[name] = {key: statistics.median(float(line[f"{key}Ms"]) for line in rounds) for key in STEPS + ["total"]}
        ours[name]["faces"] = int(rounds[0]["faces"])
        ours[name]["bytes"] = int(rounds[0]["bytes"])
    baseline = opencv_baseline(paths, args.repeat)

    print(f"faceDetection (release, {os.cpu_count()} processors), median of {args.repeat} invocations per image, ms")
    header = f"{'image':30} {'bytes':>7} {'faces':>5} " + " ".join(f"{s:>8}" for s in STEPS) + f" {'total':>8}"
    if baseline:
        header += f" | {'OpenCV 1T':>9} {'ratio':>6}"
    print(header)
    compute = ["decode", "detect", "draw", "encode"]
    sums = {key: 0.0 for key in STEPS + ["total", "cv", "ourCompute"]}
    for name in names:
        row = ours[name]
        line = f"{name:30} {row['bytes']:7d} {row['faces']:5d} " + " ".join(f"{row[s]:8.2f}" for s in STEPS)
        line += f" {row['total']:8.1f}"
        for key in STEPS + ["total"]:
            sums[key] += row[key]
        if baseline:
            cv_total = sum(baseline[name].values())
            our_compute = sum(row[s] for s in compute)
            sums["cv"] += cv_total
            sums["ourCompute"] += our_compute
            line += f" | {cv_total:9.1f} {our_compute / cv_total:6.2f}"
        print(line)
    line = f"{'total':30} {'':7} {'':5} " + " ".join(f"{sums[s]:8.2f}" for s in STEPS) + f" {sums['total']:8.1f}"
    if baseline:
        line += f" | {sums['cv']:9.1f} {sums['ourCompute'] / sums['cv']:6.2f}"
    print(line)
    share = {s: 100 * sums[s] / sums["total"] for s in STEPS}
    print("share of the total: " + ", ".join(f"{s} {share[s]:.0f}%" for s in STEPS)
          + f", other {100 - sum(share.values()):.0f}%")
    if baseline:
        print("OpenCV 1T per step: " + "; ".join(
            f"{name} " + "/".join(f"{baseline[name][s]:.1f}" for s in compute) for name in names)
            + "  (decode/detect/draw/encode)")


if __name__ == "__main__":
    main()
