#!/usr/bin/env bash
# Streaming benchmark: MB/s of a streamed response through the Runtime API, the Swift runtime's response writer
# (benchmarks/runtime/streaming-function) vs a C client writing the same chunks (stream_floor_client.c), both
# against the same C mock (multi_mock.c) which reads and discards the chunked body; pinned to one core.
#
# usage: benchmarks/runtime/streaming.sh [BYTES=67108864] [CHUNK=65536] [STREAMS=10] [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
bytes=${1:-67108864}
chunk=${2:-65536}
streams=${3:-10}
rounds=${4:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building (release, fully static) and compiling the C mock and floor" >&2
swift build -c release -j 2 --product StreamingBenchmarkFunction --static-swift-stdlib -Xswiftc -static-executable \
    --scratch-path .build-bench >/dev/null
cc -O2 -o "$work/mock" benchmarks/runtime/multi_mock.c
cc -O2 -o "$work/floor" benchmarks/runtime/stream_floor_client.c
pin="taskset -c 0"
command -v taskset >/dev/null || pin=""
figure() { sed -nE "s/(^|.* )$1=([0-9.]+).*/\\2/p"; }

ratios=()
for round in $(seq "$rounds"); do
    floor=$($pin "$work/mock" stream "$streams" "$bytes" "$chunk" "$work/floor")
    swift=$($pin "$work/mock" stream "$streams" "$bytes" "$chunk" .build-bench/release/StreamingBenchmarkFunction)
    ratio=$(awk "BEGIN{printf \"%.3f\", $(echo "$swift" | figure mb_per_second)/$(echo "$floor" | figure mb_per_second)}")
    ratios+=("$ratio")
    printf 'round %d: swift %8s MB/s (%s ms CPU/MB) | C floor %8s MB/s (%s ms CPU/MB) | ratio %s\n' "$round" \
        "$(echo "$swift" | figure mb_per_second)" "$(echo "$swift" | figure client_cpu_ms_per_mb)" \
        "$(echo "$floor" | figure mb_per_second)" "$(echo "$floor" | figure client_cpu_ms_per_mb)" "$ratio"
done
echo "stream: $bytes bytes in $chunk-byte writes, $streams streams per run, pinned: ${pin:-no}"
echo "swift / C floor MB/s, median of $rounds rounds: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')"
