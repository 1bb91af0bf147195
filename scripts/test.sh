#!/usr/bin/env bash
# The test command: lints the CloudFormation template, then builds and runs every test (unit, end-to-end against
# the built functions, moto_server, the AWS CLI, boto3 and awslambdaric), and last the packaging tests.
#
# The packaging tests run on their own: they spend minutes in release builds and zip work on blocking calls,
# and next to them the async end-to-end tests (emulator, AWS CLI) would wait for a free thread of Swift's
# cooperative pool (as wide as the machine's cores) long enough for their HTTP timeouts to fire.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f template.json ]; then
    echo "== cfn-lint template.json" >&2
    cfn-lint template.json
fi
if [ $# -gt 0 ]; then
    exec swift test "$@"
fi
echo "== swift test (everything but packaging)" >&2
swift test --skip PackagingTests
echo "== swift test (packaging: zips, empty-root runs, deploy to moto)" >&2
swift test --skip-build --filter PackagingTests
