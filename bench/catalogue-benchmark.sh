#!/usr/bin/env bash
# Catalogue benchmark, one command: bash bench/catalogue-benchmark.sh
# Starts PostgreSQL and Redis if they are down, installs wrk and h2load if missing, builds the jar, loads
# 1,000,000 videos in 20,000 courses with COPY into a database of its own (coursevideo_catalogue,
# migrated by the jar's `migrate`), then runs bench/catalogue_benchmark.py: search latency under
# h2load, first and 100th page of a status list and the plans of their queries, batch updates of 1,000
# videos, and the deletion of a course of 10,000 (bench/results/catalogue.md).
# Knobs: BENCH_COURSES (20000), BENCH_VIDEOS (1000000), BENCH_REPEAT (50), BENCH_BATCHES (5), BENCH_WARM_UP (60 s),
# BENCH_NATIVE (0; 1: the service runs as the native executable, built with the local toolchain).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
./mvnw package -DskipTests > bench/results/build-catalogue.log 2>&1 || { tail -30 bench/results/build-catalogue.log; exit 1; }
if [ "${BENCH_NATIVE:-0}" != 0 ]; then
    # the service measured as the native executable (local toolchain); the jar still migrates the database
    GH=$(../shared/native-toolchain/setup 2> bench/results/toolchain.log | tail -1)
    FAKE_LIBJVM_QUIET=1 ./mvnw package -Dnative -DskipTests -Dquarkus.native.graalvm-home="$GH" \
        > bench/results/build-catalogue-native.log 2>&1 || { tail -30 bench/results/build-catalogue-native.log; exit 1; }
fi
python3 bench/catalogue_benchmark.py
