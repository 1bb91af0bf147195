#!/usr/bin/env bash
# Concurrency benchmark: one function process with AWS_LAMBDA_MAX_CONCURRENCY=N vs N processes with the
# variable unset (today's single loop), both against the same C mock (multi_mock.c, one poll loop serving every
# connection), both pinned to the same cores. Prints invocations per second and the function's CPU per
# invocation for each, and their ratio, round by round (interleaved so drift hits both alike).
#
# usage: benchmarks/runtime/concurrency.sh [N=4] [INVOCATIONS=40000] [FUNCTION=greetings] [ROUNDS=5] [CORES=0]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-4}
invocations=${2:-40000}
function=${3:-greetings}
rounds=${4:-5}
cores=${5:-0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building (release, fully static as build.sh does) and compiling the C mock" >&2
swift build -c release -j 2 --product "$function" --static-swift-stdlib -Xswiftc -static-executable \
    --scratch-path .build-bench >/dev/null
cc -O2 -o "$work/mock" benchmarks/runtime/multi_mock.c
pin="taskset -c $cores"
command -v taskset >/dev/null || pin=""
figure() { sed -nE "s/(^|.* )$1=([0-9.]+).*/\\2/p"; }

ratios=()
for round in $(seq "$rounds"); do
    one=$($pin "$work/mock" concurrent "$invocations" 1 "$n" ".build-bench/release/$function")
    many=$($pin "$work/mock" concurrent "$invocations" "$n" 1 ".build-bench/release/$function")
    ratio=$(awk "BEGIN{printf \"%.3f\", $(echo "$one" | figure invocations_per_second)/$(echo "$many" | figure invocations_per_second)}")
    ratios+=("$ratio")
    printf 'round %d: 1 process x %d slots %7s inv/s (%s us CPU/inv) | %d processes x 1 %7s inv/s (%s us CPU/inv) | ratio %s\n' \
        "$round" "$n" "$(echo "$one" | figure invocations_per_second)" "$(echo "$one" | figure client_cpu_us_per_invocation)" \
        "$n" "$(echo "$many" | figure invocations_per_second)" "$(echo "$many" | figure client_cpu_us_per_invocation)" "$ratio"
done
echo "function: $function, $invocations invocations per run, pinned to cores ${cores} (${pin:+taskset})"
echo "throughput ratio (one process, N=$n slots) / ($n single-concurrency processes), median of $rounds: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')"
