#!/usr/bin/env python3
"""Face detection speed: our FaceDetector against OpenCV 4.6's detectMultiScale, same run, same images.

Usage: benchmarks/face_detection.py [--repeat N] [IMAGE ...]
(default images: Tests/Fixtures/faces/images). Needs Debian's python3-opencv and opencv-data, only here:
OpenCV is the baseline, never a dependency. Builds the release benchmark executable first.

For each image, alternately: OpenCV single-threaded (cv2.setNumThreads(1), OpenCL off, one warm-up,
median of N calls), then ours (one thread, then all processors; median of N after a warm-up). Both
time detection only, on the same decoded gray image (ours from Imaging, OpenCV's from imread).
Prints a table, the total of the medians and the ratio ours / OpenCV; checks the boxes agree.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASCADE = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("images", nargs="*")
    args = parser.parse_args()
    folder = os.path.join(ROOT, "Tests", "Fixtures", "faces", "images")
    images = args.images or sorted(os.path.join(folder, name) for name in os.listdir(folder))

    try:
        import cv2
    except ImportError:
        sys.exit("needs Debian's python3-opencv: run with /usr/bin/python3")
    cv2.ocl.setUseOpenCL(False)
    cv2.setNumThreads(1)
    classifier = cv2.CascadeClassifier(CASCADE)
    assert not classifier.empty()

    subprocess.run(["swift", "build", "-c", "release", "--product", "FaceDetectionBenchmark"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip() + "/FaceDetectionBenchmark"

    rows = []
    for path in images:
        gray = cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)
        detect = lambda: classifier.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(30, 30))
        detect()
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            boxes = detect()
            samples.append((time.perf_counter() - start) * 1000)
        opencv_ms = statistics.median(samples)
        opencv_faces = sorted([int(v) for v in box] for box in boxes)

        ours = json.loads(subprocess.run([binary, "--repeat", str(args.repeat), path], check=True,
                                         capture_output=True, text=True).stdout)
        rows.append((os.path.basename(path), ours["width"], ours["height"], opencv_ms, ours["ms1"],
                     ours["msAll"], ours["threads"], ours["faces"] == opencv_faces))

    print(f"{'image':34} {'size':>9} {'OpenCV 1T':>10} {'ours 1T':>9} {'ratio':>6} {'ours allT':>10} {'ratio':>6} same")
    for name, w, h, cv_ms, ms1, ms_all, threads, same in rows:
        print(f"{name:34} {f'{w}x{h}':>9} {cv_ms:10.2f} {ms1:9.2f} {ms1 / cv_ms:6.2f} {ms_all:10.2f} "
              f"{ms_all / cv_ms:6.2f} {'yes' if same else 'NO'}")
    total_cv = sum(r[3] for r in rows)
    total_1 = sum(r[4] for r in rows)
    total_all = sum(r[5] for r in rows)
    geo = lambda values: statistics.geometric_mean(values)
    print(f"{'total (ms)':34} {'':>9} {total_cv:10.2f} {total_1:9.2f} {total_1 / total_cv:6.2f} "
          f"{total_all:10.2f} {total_all / total_cv:6.2f}")
    print(f"geometric mean of per-image ratios: 1 thread {geo([r[4] / r[3] for r in rows]):.2f}, "
          f"{rows[0][6]} threads {geo([r[5] / r[3] for r in rows]):.2f}")
    if not all(r[7] for r in rows):
        sys.exit("boxes differ from OpenCV")


if __name__ == "__main__":
    main()
