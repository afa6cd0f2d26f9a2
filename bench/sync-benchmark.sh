#!/usr/bin/env bash
# Batch-sync benchmark: seeds VIDEOS processing videos (default 10000) in a database of its own,
# syncs them in one round against the local Cloudflare fake answering in LATENCY (default 50MS)
# per call, with CONCURRENCY (default 50) syncs at once and a budget that does not bind, and
# prints wall time next to the bound VIDEOS x LATENCY / CONCURRENCY, then the time the real
# Cloudflare budget (1200 per 5 minutes) would take. Needs the local PostgreSQL and Redis.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
if ./mvnw -B test -Dtest=SyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.videos="${VIDEOS:-10000}" -Dbench.latency="${LATENCY:-50MS}" -Dbench.concurrency="${CONCURRENCY:-50}" \
    > "$log" 2>&1; then
    grep -E '^\|' "$log"
else
    tail -40 "$log"
    exit 1
fi
