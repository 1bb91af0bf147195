#!/usr/bin/env bash
# The test command: lints the CloudFormation template, then builds and runs every test (unit, end-to-end against
# the built functions, moto_server, the AWS CLI, boto3 and awslambdaric).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f template.json ]; then
    echo "== cfn-lint template.json" >&2
    cfn-lint template.json
fi
echo "== swift test" >&2
swift test "$@"
