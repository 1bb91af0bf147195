#!/usr/bin/env bash
# Fuzzes the parsers that read hostile bytes, with libFuzzer from the Swift toolchain (-sanitize=fuzzer)
# and AddressSanitizer: the image header and structure checks, the Runtime API response head parser, and
# the JSON event decoder. Not part of `swift test`: each target runs for SECONDS (default 600).
#
# usage: benchmarks/fuzz/run.sh [SECONDS=600] [TARGET...]      TARGET: image headparser event (default: all)
# Corpora grow in .build-fuzz/corpus/<target> (seeded from the repository's images, events and a few heads);
# a crashing input is written to .build-fuzz/crashes/<target>/ and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(image headparser event)
work=.build-fuzz
mkdir -p "$work/bin"

sources() {
    case $1 in
        image) echo Sources/Imaging/{ImageHeader,ImageStructure,ImageFormat,ImageLimits,ImagingError}.swift \
                    benchmarks/fuzz/ImageHeaderFuzz.swift ;;
        headparser) echo Sources/Runtime/HTTPClient/{HTTPHeadParser,HTTPResponseHead,HTTPByteClasses}.swift \
                         Sources/Runtime/{LambdaRuntimeError,LambdaReportableError}.swift benchmarks/fuzz/HeadParserFuzz.swift ;;
        event) echo Sources/JSONCoding/*.swift Sources/Events/*.swift benchmarks/fuzz/EventDecoderFuzz.swift ;;
        *) echo "run.sh: unknown target $1" >&2; exit 2 ;;
    esac
}

seed() {
    local corpus=$work/corpus/$1
    mkdir -p "$corpus"
    case $1 in
        image) find Tests/Fixtures -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.gif' -o -name '*.webp' -o -name '*.bmp' \) \
                   -size -200k -exec cp -n {} "$corpus/" \; 2>/dev/null || true
               python3 benchmarks/fuzz/seed_images.py "$corpus" ;;
        headparser)
            printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: 8476a536\r\nLambda-Runtime-Deadline-Ms: 1542409706888\r\nContent-Length: 2' >"$corpus/next"
            printf 'HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked' >"$corpus/chunked"
            printf 'HTTP/1.0 413 Payload Too Large\r\nConnection: close' >"$corpus/close" ;;
        event) cp -n events/*.json "$corpus/" 2>/dev/null || true ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    binary=$work/bin/$target
    # shellcheck disable=SC2046
    # (gold warns about every ASan helper symbol it cannot export; the warnings are kept in the build log)
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "Fuzz_$target" $(sources "$target") -o "$binary" \
        2>"$work/$target.build.log" || { cat "$work/$target.build.log" >&2; exit 1; }
    seed "$target"
    mkdir -p "$work/crashes/$target"
    log=$work/$target.log
    echo "== $target: ${seconds}s"
    if "$binary" "$work/corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$work/crashes/$target/" -print_final_stats=1 >"$log" 2>&1; then
        echo "   no crash"
    else
        echo "   CRASH: see $log and $work/crashes/$target/"
        status=1
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' "$log" | sed 's/^/   /' || true
    echo "   corpus: $(find "$work/corpus/$target" -type f | wc -l) inputs"
done
exit $status
