#!/usr/bin/env bash
# Reconciliation benchmark: a Cloudflare library of VIDEOS videos (default 50000) in the local fake
# against as many rows in a database of its own (coursevideo_reconcile_bench), 1 % orphans and 1 %
# missing, the production budget and Cloudflare's rate limit at the fake; one run of the crawl.
# Two runs: one timed, one sampling the live objects (a class histogram, so a full GC, every 200 ms)
# to show how many library videos the crawl holds at once. Prints wall time, Cloudflare calls,
# the videos held, and the 429s. Needs PostgreSQL and Redis.
set -uo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
log=$(mktemp)
for histogram in false true; do
    # the budget's bucket is the fleet's, in Redis: each run starts with a full one
    redis-cli del 'cv-bench:{cloudflare-budget}' > /dev/null
    if ./mvnw test -Dtest=ReconciliationBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
        -Dbench.videos="${VIDEOS:-50000}" -Dbench.histogram="$histogram" > "$log" 2>&1; then
        grep -E '^\|' "$log"
    else
        tail -40 "$log"
        exit 1
    fi
done
