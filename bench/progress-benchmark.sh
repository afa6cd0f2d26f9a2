#!/usr/bin/env bash
# Learner progress, one command: bash bench/progress-benchmark.sh
# Builds the jar, then runs bench/progress_benchmark.py in one service run: an admin's and a learner's
# cached GET /api/videos/{id}, heartbeats (PUT /api/videos/{id}/progress) from 1,000 distinct learners
# with the PostgreSQL commits they cost (pg_stat_database), and a learner's GET /api/courses/{id}/progress
# of a 50-video course under h2load; then the heartbeats and the learner's GET once more under
# async-profiler (tools.profiler:async-profiler:4.1 from Maven Central), printing their top frames.
# Knobs: BENCH_PROFILE=0 skips the profile; those of bench/service-benchmark.sh (BENCH_DURATION,
# BENCH_WARMUP, BENCH_HEAP); BENCH_ROUNDS (2: rounds of the three alternating loads); BENCH_PORT/BENCH_MANAGEMENT_PORT (8094/9094 here). About 6 minutes here.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
export BENCH_PORT=${BENCH_PORT:-8094} BENCH_MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-9094}
if [ "${BENCH_SKIP_BUILD:-0}" = 0 ]; then
    ./mvnw package -DskipTests > bench/results/build-progress.log 2>&1 || { tail -30 bench/results/build-progress.log; exit 1; }
fi
profiler_library
python3 bench/progress_benchmark.py
