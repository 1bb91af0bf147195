#!/usr/bin/env bash
# Runtime benchmark: a function binary vs a minimal C client (the floor), both against the same C mock Runtime
# API, both processes pinned to one core. Prints µs per invocation and the ratio to the floor, the runtime's CPU
# per invocation, the mock's own CPU (to show it is not the bottleneck), cold start, peak RSS and binary size.
#
# usage: benchmarks/runtime/run.sh [INVOCATIONS=20000] [FUNCTION=greetings] [ROUNDS=7]
set -euo pipefail
cd "$(dirname "$0")/../.."
invocations=${1:-20000}
function=${2:-greetings}
rounds=${3:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building (release, fully static as build.sh does) and compiling the C mock and floor" >&2
swift build -c release --product "$function" --static-swift-stdlib -Xswiftc -static-executable \
    --scratch-path .build-bench >/dev/null
binary=.build-bench/release/$function
strip -o "$work/$function" "$binary"
cc -O2 -o "$work/mock" benchmarks/runtime/mock_runtime_api.c
cc -O2 -o "$work/floor" benchmarks/runtime/floor_client.c

# A freshly written file sits in the page cache as large folios that the kernel maps whole on first touch,
# which doubles the binary's file-backed RSS; Lambda reads the bootstrap from disk. Drop the cache when we may.
if [ -w /proc/sys/vm/drop_caches ]; then
    sync
    echo 1 > /proc/sys/vm/drop_caches
    cache_note="page cache dropped first"
else
    cache_note="page cache not dropped (not root): RSS includes whole large folios of the fresh binary"
fi

pin="taskset -c 0"
command -v taskset >/dev/null || pin=""

figure() { sed -nE "s/(^|.* )$1=([0-9.]+).*/\\2/p"; }

# Interleave floor and function runs so drift on a shared machine hits both alike; each round gives a ratio.
floor_runs=(); swift_runs=(); round_ratios=()
for round in $(seq "$rounds"); do
    floor_runs+=("$($pin "$work/mock" throughput "$invocations" "$work/floor")")
    swift_runs+=("$($pin "$work/mock" throughput "$invocations" "$work/$function")")
    round_ratios+=("$(awk "BEGIN{printf \"%.3f\", $(echo "${swift_runs[-1]}" | figure us_per_invocation)/$(echo "${floor_runs[-1]}" | figure us_per_invocation)}")")
done
best() { printf '%s\n' "$@" | figure us_per_invocation | sort -n | head -1; }
floor_us=$(best "${floor_runs[@]}")
swift_us=$(best "${swift_runs[@]}")
median_ratio=$(printf '%s\n' "${round_ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
swift_line=$(printf '%s\n' "${swift_runs[@]}" | grep "^us_per_invocation=$swift_us " | head -1)
floor_line=$(printf '%s\n' "${floor_runs[@]}" | grep "^us_per_invocation=$floor_us " | head -1)
cold_floor=$($pin "$work/mock" coldstart 20 "$work/floor")
cold_swift=$($pin "$work/mock" coldstart 20 "$work/$function")

echo "function:                       $function ($invocations invocations, best of $rounds interleaved rounds, pinned: ${pin:-no})"
echo "floor (C client) us/invocation:  $floor_us   (mock CPU $(echo "$floor_line" | figure server_cpu_us_per_invocation) us/inv)"
echo "swift runtime us/invocation:     $swift_us   (mock CPU $(echo "$swift_line" | figure server_cpu_us_per_invocation) us/inv)"
echo "ratio to floor:                  $(awk "BEGIN{printf \"%.3f\", $swift_us/$floor_us}")x best/best, ${median_ratio}x median of the per-round ratios (${round_ratios[*]})"
echo "runtime CPU us/invocation:       $(echo "$swift_line" | figure client_cpu_us_per_invocation) (user $(echo "$swift_line" | figure client_user_us_per_invocation))  (floor: $(echo "$floor_line" | figure client_cpu_us_per_invocation), user $(echo "$floor_line" | figure client_user_us_per_invocation))"
# On one pinned core the round trip is mock CPU + client CPU; the mock is not the bottleneck when its share is
# the same for both clients and well under the round trip.
echo "mock share of the round trip:    floor $(awk "BEGIN{printf \"%.0f\", 100*$(echo "$floor_line" | figure server_cpu_us_per_invocation)/$floor_us}")%, swift $(awk "BEGIN{printf \"%.0f\", 100*$(echo "$swift_line" | figure server_cpu_us_per_invocation)/$swift_us}")%"
echo "cold start median ms (exec->GET next): $(echo "$cold_swift" | figure coldstart_median_ms)  (floor: $(echo "$cold_floor" | figure coldstart_median_ms))"
echo "peak RSS MB ($cache_note): $(awk "BEGIN{printf \"%.1f\", $(echo "$swift_line" | figure client_peak_rss_kb)/1024}")  (floor: $(awk "BEGIN{printf \"%.1f\", $(echo "$floor_line" | figure client_peak_rss_kb)/1024}"))"
echo "binary size MB (stripped):       $(awk "BEGIN{printf \"%.2f\", $(stat -c %s "$work/$function")/1048576}")"
echo "NEEDED libraries:                $(objdump -p "$work/$function" | awk '/NEEDED/{print $2}' | tr '\n' ' ')"
