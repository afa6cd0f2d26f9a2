#!/usr/bin/env bash
# What the console's and the player's files (web/** in the executable) cost the native executable in
# memory: RSS at its first database-backed answer, with them and without them, median of
# BENCH_STARTS (5) starts each. Builds the executable twice with the local toolchain
# (../shared/native-toolchain), the second time leaving web/** out; about 10 minutes here.
# Figures in bench/results/console-assets-rss.md (and docs/console.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
GH=$(../shared/native-toolchain/setup 2> bench/results/toolchain.log | tail -1)
export FAKE_LIBJVM_QUIET=1
build() { # name, extra Maven arguments...
    local name=$1; shift
    echo "building the native executable $name (several minutes)" >&2
    ./mvnw package -DskipTests -Dnative -Dquarkus.native.graalvm-home="$GH" "$@" > "bench/results/build-$name.log" 2>&1 \
        || { tail -30 "bench/results/build-$name.log"; exit 1; }
    cp target/*-runner "bench/results/runner-$name"
}
build without-assets '-Dquarkus.native.resources.excludes=web/**'
build with-assets
python3 bench/console_assets_rss.py
