#!/usr/bin/env bash
# Instructions per warm invocation in the function process and in the C floor, counted by callgrind while the C
# mock Runtime API drives each: the marginal count between a short and a long run, so start-up drops out.
# Deterministic where timings are not, so it shows what a change to the runtime's hot path saves.
#
# usage: benchmarks/runtime/instructions.sh [FUNCTION=greetings]   (needs valgrind: apt-get install valgrind)
set -euo pipefail
cd "$(dirname "$0")/../.."
function=${1:-greetings}
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product "$function" --static-swift-stdlib -Xswiftc -static-executable \
    --scratch-path .build-bench >/dev/null
cc -O2 -o "$work/mock" benchmarks/runtime/mock_runtime_api.c
cc -O2 -o "$work/floor" benchmarks/runtime/floor_client.c

# The mock runs COUNT invocations plus a tenth as warm-up; the difference of two runs is 3,300 invocations.
count() { # BINARY INVOCATIONS -> total instructions of the client process
    cat >"$work/wrapper" <<WRAPPER
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file="$work/out" "$1" 2>/dev/null
WRAPPER
    chmod +x "$work/wrapper"
    "$work/mock" throughput "$2" "$work/wrapper" >/dev/null
    sed -n 's/^summary: //p' "$work/out"
}
for binary in "$work/floor" ".build-bench/release/$function"; do
    short=$(count "$binary" 1000)
    long=$(count "$binary" 4000)
    printf '%-12s %8d instructions per invocation\n' "$(basename "$binary")" $(((long - short) / 3300))
done
