#!/usr/bin/env bash
# Cold-start benchmark, one command: bash bench/cold-start.sh
# Starts PostgreSQL and Redis if they are down; builds the service and bench/empty-app (an empty
# Quarkus application with the same extensions) as jars and, with the local toolchain
# (../shared/native-toolchain; BENCH_NATIVE=0 skips it), as native executables; records the
# service's AOT cache with docker/aot-training.sh, as the JVM image does; then runs
# bench/cold_start_benchmark.py, which prints the table (also in bench/results/cold-start.md).
# Knobs: BENCH_STARTS (5), BENCH_NATIVE (1).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh

build() { # log name, directory, extra Maven arguments...
    local log=bench/results/build-$1.log dir=$2; shift 2
    ./mvnw -f "$dir/pom.xml" package -DskipTests "$@" > "$log" 2>&1 || { tail -30 "$log"; exit 1; }
}
if [ "${BENCH_NATIVE:-1}" != 0 ] && GH=$(../shared/native-toolchain/setup 2> bench/results/toolchain.log | tail -1) && [ -n "$GH" ]; then
    echo "building both native executables (several minutes each)" >&2
    export FAKE_LIBJVM_QUIET=1
    build service-native . -Dnative -Dquarkus.native.graalvm-home="$GH"
    build empty-native bench/empty-app -Dnative -Dquarkus.native.graalvm-home="$GH"
else
    echo "no native build: no native rows" >&2
    rm -f target/*-runner bench/empty-app/target/*-runner
fi
echo "building both jars" >&2
build service-jvm .
build empty-jvm bench/empty-app
bash docker/aot-training.sh target/quarkus-app "$JAVA_HOME/bin/java" >&2
python3 bench/cold_start_benchmark.py
