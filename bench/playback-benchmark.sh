#!/usr/bin/env bash
# Playback at scale, one command: bash bench/playback-benchmark.sh
# Builds the jar, then runs bench/playback_benchmark.py: cached GET /api/videos/{id}, playback of
# ready unsigned and signed videos, and redis-benchmark GET, at 16 and 64 connections; then the
# same loads once more under async-profiler (tools.profiler:async-profiler:4.1 from Maven Central),
# printing each load's top frames. BENCH_PROFILE=0 skips the profile. About 8 minutes here.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
./mvnw package -DskipTests > bench/results/build-playback.log 2>&1 || { tail -30 bench/results/build-playback.log; exit 1; }
profiler_library
python3 bench/playback_benchmark.py
