#!/usr/bin/env bash
# Service benchmark, one command: bash bench/service-benchmark.sh
# Starts PostgreSQL and Redis if they are down, installs wrk (Debian package) if missing, builds
# the native executable with the local toolchain (../shared/native-toolchain; skipped with
# BENCH_NATIVE=0 or if the toolchain cannot be set up) and the JVM jar with its AOT cache
# (Temurin 25; the cache is recorded while the integration tests run against the jar), then runs
# bench/service_benchmark.py, which prints the table (also in bench/results/latest.md).
# Knobs: BENCH_CONNECTIONS (16,64), BENCH_DURATION (15s), BENCH_WARMUP (20s), BENCH_STARTS (5; 0: none),
# BENCH_HEAP (-Xmx256m), BENCH_NATIVE (1; 0: no native build or row),
# BENCH_SERVICE_ENV ("KEY=value ..." passed to the service, to compare settings).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh

if [ "${BENCH_NATIVE:-1}" != 0 ]; then
    if GH=$(../shared/native-toolchain/setup 2> bench/results/toolchain.log | tail -1) && [ -n "$GH" ]; then
        echo "building the native executable (several minutes)" >&2
        FAKE_LIBJVM_QUIET=1 ./mvnw package -Dnative -DskipTests -Dquarkus.native.graalvm-home="$GH" \
            > bench/results/build-native.log 2>&1 || { tail -30 bench/results/build-native.log; exit 1; }
    else
        echo "native toolchain setup failed (bench/results/toolchain.log): no native row" >&2
        rm -f target/*-runner
    fi
else
    rm -f target/*-runner
fi
echo "building the jar and recording its AOT cache during the integration tests" >&2
./mvnw verify -DskipUTs -Dquarkus.package.jar.aot.enabled=true \
    > bench/results/build-jvm.log 2>&1 || { tail -30 bench/results/build-jvm.log; exit 1; }
python3 bench/service_benchmark.py
