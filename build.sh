#!/usr/bin/env bash
# Builds the Lambda functions into self-contained, reproducible zips, and deploys them with CloudFormation.
# Run `./build.sh --help` for the options; README "Packaging" and "Deploying" explain the choices.
set -euo pipefail
shopt -s nullglob

usage() {
    cat <<'USAGE'
Usage:
  ./build.sh [--function NAME]... [--output DIR] [--install-deps] [--scratch-path DIR]
  ./build.sh deploy --bucket BUCKET [--prefix PREFIX] [--stack-name NAME] [--region REGION]
                    [--parameter KEY=VALUE]... [--endpoint-url URL] [--output DIR] [--no-build]

Build (the default): one release build per function listed in template.json (Metadata.SwiftLambda.Product),
each packed as DIR/<function>.zip with `bootstrap` at the root. The zips need nothing from the OS they run on:
  greetings, whatIsMyIp        one fully static executable
  any other function           Swift stdlib linked statically; the loader, libc and every other shared library in
                               lib/ (bootstrap starts through lib/ld-linux-*.so.*, finds lib/ through its RPATH)
  faceDetection, in addition   imagemagick/coders/, imagemagick/config/, haarcascade_frontalface_alt.xml
Zips are byte-identical for the same sources and build machine. Prints each zip's size and SHA-256.

  --function NAME    build only this function (repeatable); default: every function whose product exists
  --output DIR       where the zips go (default: dist)
  --install-deps     apt-get install the Debian packages the build needs, then build
  --scratch-path DIR SwiftPM scratch folder for the release builds (default: .build-release)

Deploy: builds (unless --no-build), uploads every zip to s3://BUCKET/PREFIX<digest>/<function>.zip, where
<digest> is the start of the SHA-256 of all zips (so CloudFormation sees new code whenever a zip changes), then
runs `aws cloudformation deploy` with template.json, CAPABILITY_IAM and ArtifactBucket/ArtifactPrefix set.
Needs the AWS CLI and credentials; the bucket must exist in the stack's region.

  --bucket BUCKET       artifact bucket (required)
  --prefix PREFIX       key prefix for the zips (default: swift-lambda/)
  --stack-name NAME     CloudFormation stack (default: swift-lambda)
  --region REGION       AWS region (default: the CLI's configured region)
  --parameter KEY=VALUE another template parameter, e.g. FacesBucketName=my-faces (repeatable)
  --endpoint-url URL    send every AWS CLI call to URL (a local stack such as moto_server)
  --no-build            upload the zips already in --output
USAGE
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
packaging="$root/scripts/packaging"

# Functions linked as one static executable: pure Swift, no C library beyond libc (1.2-1.6 ms cold start against
# 4.3 ms for the dynamically loaded build). The others link libcurl or ImageMagick, which cannot be linked
# statically (ImageMagick dlopens its coders), so they ship their shared libraries.
static_functions=" greetings streamingGreetings whatIsMyIp "
imagemagick_functions=" faceDetection "
# What faceDetection reads: the formats it accepts, and the cascade it detects with.
imagemagick_coders=(bmp gif jpeg png webp)
cascade=/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt.xml
imagemagick_config=/etc/ImageMagick-6
task_root=/var/task

step() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

# MARK: Options

command=build
if [[ ${1:-} == deploy ]]; then command=deploy; shift; fi
functions=()
output=dist
scratch=.build-release
install_deps=false
bucket=""
prefix=swift-lambda/
stack_name=swift-lambda
region=""
endpoint_url=""
parameters=()
no_build=false
while (($#)); do
    option=$1
    case $option in
        -h | --help) usage; exit 0 ;;
        --install-deps) [[ $command == build ]] || fail "--install-deps is a build option"; install_deps=true; shift; continue ;;
        --no-build) [[ $command == deploy ]] || fail "--no-build is a deploy option"; no_build=true; shift; continue ;;
    esac
    case $option in
        --output | --function | --scratch-path | --bucket | --prefix | --stack-name | --region | --parameter | --endpoint-url) ;;
        *) fail "unknown option '$option' (see --help)" ;;
    esac
    (($# >= 2)) || fail "$option needs a value (see --help)"
    value=$2
    shift 2
    case $command:$option in
        *:--output) output=$value ;;
        build:--function) functions+=("$value") ;;
        build:--scratch-path) scratch=$value ;;
        deploy:--bucket) bucket=$value ;;
        deploy:--prefix) prefix=$value ;;
        deploy:--stack-name) stack_name=$value ;;
        deploy:--region) region=$value ;;
        deploy:--parameter) [[ $value == *=* ]] || fail "--parameter takes KEY=VALUE, not '$value'"; parameters+=("$value") ;;
        deploy:--endpoint-url) endpoint_url=$value ;;
        *) fail "unknown option '$option' for ${command} (see --help)" ;;
    esac
done
[[ $output = /* ]] || output="$root/$output"
[[ $scratch = /* ]] || scratch="$root/$scratch"

# MARK: Checks

# Every function template.json declares, in template order.
template_functions() {
    python3 - "$root/template.json" <<'PYTHON'
import json, sys
template = json.load(open(sys.argv[1]))
for resource in template.get("Resources", {}).values():
    product = resource.get("Metadata", {}).get("SwiftLambda", {}).get("Product")
    if resource.get("Type") == "AWS::Lambda::Function" and product:
        print(product)
PYTHON
}

# Executable products of Package.swift. A scratch path of its own, since the default .build may be locked by a
# running `swift build` or `swift test` (whose tests run this script); SwiftPM's note about waiting for another
# run that holds it is kept out of the output unless the manifest fails to load.
package_products() {
    local errors json
    errors=$(mktemp)
    json=$(swift package --package-path "$root" --scratch-path "$scratch/manifest" dump-package 2>"$errors") || {
        cat "$errors" >&2
        rm -f "$errors"
        fail "swift package dump-package failed: Package.swift does not load"
    }
    rm -f "$errors"
    python3 -c '
import json, sys
for product in json.load(sys.stdin)["products"]:
    if "executable" in product["type"]:
        print(product["name"])' <<<"$json"
}

contains() { [[ " $1 " == *" $2 "* ]]; }

debian_packages_for() {
    local needed="patchelf binutils python3"
    local function
    for function in "$@"; do
        contains "$static_functions" "$function" && continue
        [[ $function == purgeBucketByPrefix ]] && needed+=" libcurl4-openssl-dev"
        if contains "$imagemagick_functions" "$function"; then needed+=" libcurl4-openssl-dev libmagickwand-dev opencv-data"; fi
    done
    tr ' ' '\n' <<<"$needed" | sort -u | grep -v '^$' || true
}

missing_debian_packages() {
    local package
    for package in "$@"; do
        [[ $(dpkg-query -W -f='${Status}' "$package" 2>/dev/null) == "install ok installed" ]] || printf '%s ' "$package"
    done
}

check_build_tools() {
    command -v python3 >/dev/null || fail "python3 is missing (Debian: apt-get install python3)"
    command -v swift >/dev/null || fail "no Swift toolchain: 'swift' is not on PATH (install Swift 6.1 or later from swift.org and put its usr/bin on PATH)"
    swift build --version >/dev/null 2>&1 || fail "the Swift toolchain on PATH does not run ('swift build --version' failed)"
}

check_packages() {
    local wanted missing
    wanted=$(debian_packages_for "$@")
    command -v dpkg-query >/dev/null || {
        step "not a Debian system: assuming these are installed: $(echo $wanted)"
        return
    }
    missing=$(missing_debian_packages $wanted)
    if [[ -n $missing && $install_deps == true ]]; then
        step "installing Debian packages: $missing"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
        missing=$(missing_debian_packages $wanted)
    fi
    [[ -z $missing ]] || fail "missing Debian packages: ${missing% } (run ./build.sh --install-deps, or apt-get install ${missing% })"
}

# MARK: Build

sha256() { sha256sum "$1" | cut -d' ' -f1; }

# Builds one product; prints the path of the unstripped executable.
swift_build() {
    local function=$1 mode=$2
    local flags=(-c release --product "$function" --static-swift-stdlib)
    # Separate scratch folders: -static-executable reaches every compile command, so sharing one would rebuild
    # everything each time the mode changes.
    local folder="$scratch/$mode"
    [[ $mode == static-executable ]] && flags+=(-Xswiftc -static-executable)
    swift build --package-path "$root" --scratch-path "$folder" "${flags[@]}" >"$folder.log" 2>&1 || {
        tail -n 40 "$folder.log" >&2
        fail "swift build of $function failed (full log: $folder.log)"
    }
    echo "$folder/release/$function"
}

# Copies every shared library the ELF files need into $stage/lib; sets bundled_count and leaves the resolver's
# "name<TAB>path" list in $stage.libraries (for the notices).
bundle_libraries() {
    local stage=$1
    shift
    local list="$stage.libraries" name path
    python3 "$packaging/shared_libraries.py" "$@" >"$list" || fail "could not resolve the shared libraries of ${*#"$stage/"}"
    mkdir -p "$stage/lib"
    bundled_count=0
    while IFS=$'\t' read -r name path; do
        cp -L "$path" "$stage/lib/$name"
        chmod 644 "$stage/lib/$name"
        bundled_count=$((bundled_count + 1))
    done <"$list"
    local loader=("$stage"/lib/ld-linux-*.so.*)
    ((${#loader[@]} == 1)) || fail "expected one program interpreter among the libraries, found ${#loader[@]}"
    chmod 755 "${loader[0]}"
    # A library with its own RUNPATH searches LD_LIBRARY_PATH first (on Lambda: /lib64 before /var/task/lib);
    # an RPATH of $ORIGIN keeps its dependencies inside lib/.
    for path in "$stage"/lib/*; do
        if readelf -dW "$path" 2>/dev/null | grep -qE '\((RUNPATH|RPATH)\)'; then
            patchelf --force-rpath --set-rpath '$ORIGIN' "$path"
        fi
    done
}

package_function() {
    local function=$1 index=$2 total=$3
    local mode=static-stdlib
    contains "$static_functions" "$function" && mode=static-executable
    local stage="$scratch/package/$function"
    rm -rf "$stage"
    mkdir -p "$stage"

    step "[$index/$total] $function: swift build -c release ($mode)"
    local binary
    binary=$(swift_build "$function" "$mode")

    step "[$index/$total] $function: strip; zero swiftc's per-compile module hashes; build id from the content"
    strip --strip-all -o "$stage/bootstrap" "$binary"
    python3 "$packaging/deterministic_elf.py" "$stage/bootstrap"
    chmod 755 "$stage/bootstrap"

    if [[ $mode == static-executable ]]; then
        readelf -dW "$stage/bootstrap" | grep -q 'NEEDED' && fail "$function: the static build still needs shared libraries"
    else
        local roots=("$stage/bootstrap") coders=""
        if contains "$imagemagick_functions" "$function"; then
            coders=$(imagemagick_coder_folder)
            local coder
            for coder in "${imagemagick_coders[@]}"; do roots+=("$coders/$coder.so"); done
        fi
        step "[$index/$total] $function: bundle the loader and shared libraries"
        bundle_libraries "$stage" "${roots[@]}"
        step "[$index/$total] $function: $bundled_count libraries in lib/; bootstrap starts through lib/ and finds them there"
        local loader=("$stage"/lib/ld-linux-*.so.*)
        patchelf --set-interpreter "$task_root/lib/$(basename "${loader[0]}")" --force-rpath --set-rpath '$ORIGIN/lib' "$stage/bootstrap"
        if [[ -n $coders ]]; then
            step "[$index/$total] $function: ImageMagick coders (${imagemagick_coders[*]}), configuration, cascade"
            add_imagemagick "$stage" "$coders"
            add_cascade "$stage"
        fi
        write_notices "$stage"
    fi

    step "[$index/$total] $function: zip"
    mkdir -p "$output"
    python3 "$packaging/reproducible_zip.py" "$stage" "$output/$function.zip"
}

imagemagick_coder_folder() {
    local libdir version folder
    libdir=$(pkg-config --variable=libdir MagickCore) && version=$(pkg-config --modversion MagickCore) ||
        fail "pkg-config does not know MagickCore (apt-get install libmagickwand-dev)"
    folder="$libdir/ImageMagick-$version/modules-Q16/coders"
    [[ -d $folder ]] || fail "ImageMagick's coder modules are not in $folder"
    echo "$folder"
}

imagemagick_locale_folder() {
    echo "$(pkg-config --variable=prefix MagickCore)/share/ImageMagick-$(pkg-config --modversion MagickCore | cut -d. -f1)"
}

add_imagemagick() {
    local stage=$1 coders=$2 coder
    mkdir -p "$stage/imagemagick/coders" "$stage/imagemagick/config"
    for coder in "${imagemagick_coders[@]}"; do
        cp -L "$coders/$coder.so" "$stage/imagemagick/coders/$coder.so"
        chmod 644 "$stage/imagemagick/coders/$coder.so"
        # libltdl opens `libdir/dlname` first: point libdir at the zip, so a host's own modules are never loaded.
        sed "s|^libdir=.*|libdir='$task_root/imagemagick/coders'|" "$coders/$coder.la" >"$stage/imagemagick/coders/$coder.la"
        if readelf -dW "$stage/imagemagick/coders/$coder.so" | grep -qE '\((RUNPATH|RPATH)\)'; then
            patchelf --force-rpath --set-rpath '$ORIGIN/../../lib' "$stage/imagemagick/coders/$coder.so"
        fi
    done
    [[ -f $imagemagick_config/policy.xml ]] || fail "ImageMagick's configuration is not in $imagemagick_config"
    # The configuration (policy.xml caps memory, sizes and coders), and the English messages that ImageMagick
    # otherwise replaces by bare tags such as `NoDecodeDelegateForThisImageFormat`.
    local file locale
    locale=$(imagemagick_locale_folder)
    for file in "$imagemagick_config"/*.xml "$locale/locale.xml" "$locale/english.xml"; do
        [[ -f $file ]] || fail "ImageMagick file $file is missing"
        cp -L "$file" "$stage/imagemagick/config/"
        chmod 644 "$stage/imagemagick/config/$(basename "$file")"
    done
}

add_cascade() {
    local stage=$1
    [[ -f $cascade ]] || fail "the face cascade is not in $cascade (apt-get install opencv-data)"
    cp "$cascade" "$stage/haarcascade_frontalface_alt.xml"
    chmod 644 "$stage/haarcascade_frontalface_alt.xml"
}

# THIRD_PARTY_NOTICES: what the zip carries that is not ours, and the licence of each: the cascade's Intel
# licence (from its header comment) and the Debian copyright file of every package a bundled file comes from.
write_notices() {
    local stage=$1 notices="$1/THIRD_PARTY_NOTICES" file source package
    {
        echo "Third-party software in this package"
        echo "===================================="
        if [[ -f $stage/haarcascade_frontalface_alt.xml ]]; then
            echo
            echo "haarcascade_frontalface_alt.xml (Debian package opencv-data $(dpkg-query -W -f='${Version}' opencv-data 2>/dev/null))"
            echo "------------------------------------------------------------------------------------------"
            sed -n '/<!--/,/-->/p' "$stage/haarcascade_frontalface_alt.xml" | sed '1s/^.*<!--//; $s/-->.*$//'
        fi
    } >"$notices"
    command -v dpkg-query >/dev/null || return 0
    local -A owners=()
    for file in "$stage"/lib/* "$stage"/imagemagick/coders/*.so "$stage"/imagemagick/config/*; do
        source=$(library_source "$file")
        package=$(dpkg-query -S "$source" 2>/dev/null | head -n 1 | cut -d: -f1) || true
        [[ -n $package ]] && owners[$package]+=" ${file#"$stage"/}"
    done
    for package in $(printf '%s\n' "${!owners[@]}" | sort); do
        {
            echo
            echo "Debian package $package $(dpkg-query -W -f='${Version}' "$package"):${owners[$package]}"
            echo "------------------------------------------------------------------------------------------"
            cat "/usr/share/doc/$package/copyright" 2>/dev/null || echo "(no copyright file installed)"
        } >>"$notices"
    done
    chmod 644 "$notices"
}

# The installed path a staged file was copied from (dpkg knows files by the name it installed them under).
library_source() {
    local file=$1 name
    name=$(basename "$file")
    case $file in
        */imagemagick/config/*.xml) if [[ -f $imagemagick_config/$name ]]; then echo "$imagemagick_config/$name"; else echo "$(imagemagick_locale_folder)/$name"; fi ;;
        */imagemagick/coders/*) echo "$(imagemagick_coder_folder)/$name" ;;
        *) library_paths "$name" ;;
    esac
}

# On a merged-/usr system dpkg may know a library by its /lib spelling only: try both.
library_paths() {
    local name=$1 real
    real=$(awk -F'\t' -v name="$name" '$1 == name { print $2 }' "$stage.libraries")
    if dpkg-query -S "$real" >/dev/null 2>&1; then echo "$real"; else echo "${real/#\/usr\/lib/\/lib}"; fi
}

build() {
    check_build_tools
    local declared products selected=() function
    declared=$(template_functions) || fail "cannot read the functions of template.json"
    declared=" $(echo $declared) "
    [[ -n ${declared// /} ]] || fail "template.json declares no function (Metadata.SwiftLambda.Product)"
    products=$(package_products) || exit 1
    products=" $(echo $products) "
    if ((${#functions[@]})); then
        for function in "${functions[@]}"; do
            contains "$declared" "$function" || fail "unknown function '$function' (template.json declares:${declared% })"
            contains "$products" "$function" || fail "$function is declared in template.json but Package.swift has no executable product '$function' yet"
            contains " ${selected[*]} " "$function" || selected+=("$function")
        done
    else
        for function in $declared; do
            if contains "$products" "$function"; then
                selected+=("$function")
            else
                step "skipping $function: Package.swift has no executable product '$function' yet"
            fi
        done
    fi
    ((${#selected[@]})) || fail "nothing to build"
    check_packages "${selected[@]}"
    command -v patchelf >/dev/null || fail "patchelf is missing (apt-get install patchelf)"
    mkdir -p "$scratch"
    # One build at a time per scratch folder: runs share the staging folders under it.
    exec 9>"$scratch/build.lock"
    flock 9
    local index=0
    for function in "${selected[@]}"; do
        index=$((index + 1))
        package_function "$function" "$index" "${#selected[@]}"
    done
    step "done: zips in $output"
    for function in "${selected[@]}"; do
        printf '%-22s %10d bytes  sha256 %s\n' "$function.zip" "$(stat -c %s "$output/$function.zip")" "$(sha256 "$output/$function.zip")"
    done
}

# MARK: Deploy

deploy() {
    [[ -n $bucket ]] || fail "deploy needs --bucket BUCKET (the S3 bucket for the zips)"
    command -v aws >/dev/null || fail "the AWS CLI is missing (pip install awscli, or AWS CLI v2)"
    local declared function
    declared=$(template_functions) || fail "cannot read the functions of template.json"
    if [[ $no_build == false ]]; then
        functions=()
        build
    fi
    for function in $declared; do
        [[ -f $output/$function.zip ]] || fail "$output/$function.zip is missing: template.json deploys every function, so all must be built"
    done
    local aws=(aws)
    [[ -n $region ]] && aws+=(--region "$region")
    [[ -n $endpoint_url ]] && aws+=(--endpoint-url "$endpoint_url")
    # Content-addressed keys: CloudFormation updates a function's code only when its S3 key changes.
    local digest key_prefix
    digest=$(for function in $declared; do sha256 "$output/$function.zip"; done | sha256sum | cut -c1-16)
    key_prefix="$prefix$digest/"
    for function in $declared; do
        step "upload $function.zip to s3://$bucket/$key_prefix$function.zip"
        "${aws[@]}" s3 cp --only-show-errors "$output/$function.zip" "s3://$bucket/$key_prefix$function.zip"
    done
    step "aws cloudformation deploy --stack-name $stack_name"
    "${aws[@]}" cloudformation deploy --template-file "$root/template.json" --stack-name "$stack_name" \
        --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
        --parameter-overrides "ArtifactBucket=$bucket" "ArtifactPrefix=$key_prefix" ${parameters[@]+"${parameters[@]}"}
    "${aws[@]}" cloudformation describe-stacks --stack-name "$stack_name" \
        --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
}

case $command in
    build) build ;;
    deploy) deploy ;;
esac
