#!/usr/bin/env bash
# Builds SecretsBenchmark in release mode, starts a moto_server on a free loopback port, runs the benchmark pinned
# to one core (taskset -c 0) against it, and stops the server by its pid.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
swift build -c release -j 2 --product SecretsBenchmark >&2
log=$(mktemp)
moto_server -H 127.0.0.1 -p 0 >"$log" 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
    port=$(sed -n 's/.*Running on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
    [[ -n $port ]] && break
    sleep 0.1
done
[[ -n ${port:-} ]] || { echo "moto_server did not start: $(cat "$log")" >&2; exit 1; }
AWS_ENDPOINT_URL="http://127.0.0.1:$port" taskset -c 0 "$root/.build/release/SecretsBenchmark"
