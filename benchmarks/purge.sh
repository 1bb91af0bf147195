#!/usr/bin/env bash
# Benchmark: purge 10,000 objects from moto, our purgeBucketByPrefix against `aws s3 rm --recursive`,
# in the same run, and the requests each sends per 1,000 objects.
# Usage: benchmarks/purge.sh [--objects N] [--runs R]
# Needs: python3 with moto, awscli, taskset (util-linux).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product purgeBucketByPrefix >&2
binary="$(swift build -c release --show-bin-path)/purgeBucketByPrefix"
# moto on core 1, the clients on core 0, so they don't compete for one core.
exec taskset -c 1 python3 benchmarks/purge_benchmark.py "$binary" "$@"
