#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with Swift 6.3 lacks for building, testing and running the local stack.
# Idempotent: installs only what is missing.
set -euo pipefail

debian_packages=(
    libcurl4-openssl-dev   # outbound HTTPS for S3 and image downloads
    libmagickwand-dev      # ImageMagick's MagickWand: decode, draw, thumbnail, encode
    opencv-data            # haarcascade_frontalface_alt.xml (data only; no OpenCV code is linked)
    busybox-static         # the only program in the empty root that proves zips are self-contained
    python3-opencv         # test oracle and benchmark baseline for face detection, never a dependency
    zip unzip              # packaging
    patchelf               # the packager: bundled bootstraps start through the zip's loader and lib/
    zlib1g-dev             # the packager's zip writer deflates through zlib (module CZlib)
)
missing=()
for package in "${debian_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PyPI: real AWS clients and services the tests drive (moto_server as S3, the AWS CLI, boto3, AWS's own runtime
# client, the CloudFormation linter).
python_packages=(moto[server] awscli boto3 awslambdaric cfn-lint)
python_missing=()
for package in "${python_packages[@]}"; do
    name=${package%%[*}
    python3 -m pip show "$name" >/dev/null 2>&1 || python_missing+=("$package")
done
if ((${#python_missing[@]})); then
    echo "setup: installing PyPI packages: ${python_missing[*]}" >&2
    python3 -m pip install -q "${python_missing[@]}"
fi
