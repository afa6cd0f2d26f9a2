#!/usr/bin/env bash
# Access control's cost on cached reads, one command: bash bench/access-benchmark.sh
# Builds this tree's jar and the jar of BENCH_BASELINE (default: the last commit before bearer
# tokens) in a scratch worktree, then runs bench/access_benchmark.py: cached GET /api/videos/{id}
# on the baseline without a token, and on this tree with an admin's and a learner's token.
# Knobs: BENCH_BASELINE (0909b4f), BENCH_ROUNDS (2), and those of bench/service-benchmark.sh
# (BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_HEAP). About 8 minutes here.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
export BENCH_BASELINE=${BENCH_BASELINE:-0909b4f}

baseline=$(mktemp -d)
trap 'git worktree remove --force "$baseline" > /dev/null 2>&1 || true' EXIT
git worktree add --detach "$baseline" "$BENCH_BASELINE" > /dev/null
echo "building the baseline ($BENCH_BASELINE) and this tree's jar" >&2
(cd "$baseline" && ./mvnw package -DskipTests > build.log 2>&1) || { tail -30 "$baseline/build.log"; exit 1; }
./mvnw package -DskipTests > bench/results/build-access.log 2>&1 || { tail -30 bench/results/build-access.log; exit 1; }
BENCH_BASELINE_JAR="$baseline/target/quarkus-app/quarkus-run.jar" python3 bench/access_benchmark.py
