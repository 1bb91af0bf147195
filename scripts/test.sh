#!/usr/bin/env bash
# The test command: lints the CloudFormation template, then builds and runs every test (unit, end-to-end against
# the built functions, moto_server, the AWS CLI, boto3 and awslambdaric), in four groups, each one `swift test`:
#
#   1. everything in process or against test servers (runtime, JSON, handlers, AWS, imaging, templates, …);
#   2. the emulator's end-to-end suites (LambdaEmulatorTests);
#   3. lambda-local driven as a user drives it (LambdaLocalTests);
#   4. packaging: release builds, zips in an empty root, deploy to moto (PackagingTests).
#
# Why groups: Swift Testing runs a process's tests in parallel on Swift's cooperative pool, which is as wide as the
# machine's cores (two here). Suites that block a pool thread for minutes (release builds, purge runs against moto,
# blocking HTTP) would otherwise starve the emulator's async end-to-end tests until their HTTP timeouts fire. Every
# group runs even when an earlier one failed, so one run shows all failures; the script fails if any group did.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -f template.json ]; then
    echo "== cfn-lint template.json" >&2
    cfn-lint template.json || exit 1
fi
if [ $# -gt 0 ]; then
    exec swift test "$@"
fi
swift build --build-tests || exit 1
failed=()
group() {
    local name=$1; shift
    echo "== swift test ($name)" >&2
    swift test --skip-build "$@" || failed+=("$name")
}
group "in process and against test servers" --skip PackagingTests --skip LambdaEmulatorTests --skip LambdaLocalTests
group "emulator end to end" --filter LambdaEmulatorTests
group "lambda-local end to end" --filter LambdaLocalTests
group "packaging: zips, empty-root runs, deploy to moto" --filter PackagingTests
if ((${#failed[@]})); then
    printf 'test.sh: failed: %s\n' "${failed[@]}" >&2
    exit 1
fi
echo "test.sh: every group passed" >&2
