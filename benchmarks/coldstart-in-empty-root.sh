#!/usr/bin/env bash
# Cold start of each zip's bootstrap inside an empty root (only a static busybox at /bin/sh, the zip at /var/task,
# empty /tmp, /proc and /dev bind-mounted): exec to the first `GET /runtime/invocation/next`, median of --runs,
# pinned to one core. Needs root (chroot, mount namespace), busybox-static, unzip and the zips (./build.sh).
#
# Usage: benchmarks/coldstart-in-empty-root.sh [--zips DIR] [--runs N] [--no-pin]
set -euo pipefail
cd "$(dirname "$0")/.."
zips=dist
runs=20
pin=(taskset -c 0)
while (($#)); do
    case $1 in
        --zips) zips=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --no-pin) pin=(); shift ;;
        -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "coldstart: unknown option '$1'" >&2; exit 2 ;;
    esac
done
[[ $(id -u) == 0 ]] || { echo "coldstart: needs root (chroot and a mount namespace)" >&2; exit 1; }
busybox=/bin/busybox
readelf -lW "$busybox" 2>/dev/null | grep -q INTERP && { echo "coldstart: $busybox is not static (apt-get install busybox-static)" >&2; exit 1; }
shopt -s nullglob
archives=("$zips"/*.zip)
((${#archives[@]})) || { echo "coldstart: no zips in $zips (run ./build.sh first)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
roots=()
for archive in "${archives[@]}"; do
    function=$(basename "$archive" .zip)
    root="$work/$function.root"
    mkdir -p "$root/bin" "$root/var/task" "$root/tmp" "$root/proc" "$root/dev"
    cp "$busybox" "$root/bin/sh"
    unzip -q "$archive" -d "$root/var/task"
    printf '%-22s %10d bytes zipped\n' "$function.zip" "$(stat -c %s "$archive")"
    roots+=("$root")
done
# The bind mounts live in this namespace only and vanish with it.
unshare --mount --fork -- ${pin[@]+"${pin[@]}"} python3 benchmarks/coldstart/measure.py "$runs" "${roots[@]}"
