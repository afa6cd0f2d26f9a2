#!/usr/bin/env bash
# Events must not slow the API, one command: bash bench/events-benchmark.sh
# Builds the jar (BENCH_BUILD=0 reuses target/quarkus-app), then runs bench/events_benchmark.py:
# cached GET /api/videos/{id} while 1,000 videos become ready, without webhook endpoints and with
# 3 (one that never answers), after five unmeasured runs of each; the ratio of the two throughputs at
# 16 and 64 connections, over BENCH_REPEATS (default 4) pairs at each, of alternating order. About 8
# minutes here. BENCH_HANGING=0 leaves the hanging endpoint out. BENCH_PROFILE=1 also samples the service's CPU during
# each measured run (async-profiler, into bench/results/events-<case>.collapsed).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
if [ "${BENCH_BUILD:-1}" != 0 ]; then
    ./mvnw package -DskipTests > bench/results/build-events.log 2>&1 || { tail -30 bench/results/build-events.log; exit 1; }
fi
if [ "${BENCH_PROFILE:-0}" = 1 ]; then profiler_library; else export BENCH_PROFILE=""; fi
BENCH_PORT="${BENCH_PORT:-8093}" BENCH_MANAGEMENT_PORT="${BENCH_MANAGEMENT_PORT:-9093}" python3 bench/events_benchmark.py
