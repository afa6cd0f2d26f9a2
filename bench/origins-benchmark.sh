#!/usr/bin/env bash
# A course's new allowed_origins reaching its 10,000 videos (VIDEOS) at Cloudflare: one settings job
# a video at background priority, under a budget of BUDGET calls a second (default 100; the real
# fleet budget is 1200 per 5 minutes, which would take 48 minutes), the local fake answering each
# call in LATENCY ms (default 50) and refusing calls past the budget with 429, while a person's
# sync of another video is served meanwhile. Prints the time taken beside the least the budget
# allows; fails when a video keeps its old origins, a call got 429 or a second held more calls
# than the budget. Needs the local PostgreSQL and Redis; about 3 minutes here.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/services > /dev/null
log=$(mktemp)
# a database, Redis db and management port of its own: the run drops and recreates its test database
if TEST_DATABASE=coursevideo_origins_bench TEST_REDIS_DB=11 TEST_MANAGEMENT_PORT=9095 \
    ./mvnw -B test -Dtest=OriginsBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dexec.skip=true \
    -Dbench.videos="${VIDEOS:-10000}" -Dbench.budget="${BUDGET:-100}" -Dbench.latency="${LATENCY:-50}" \
    > "$log" 2>&1; then
    grep -E '^\|' "$log"
else
    grep -E '^\|' "$log"
    tail -40 "$log"
    exit 1
fi
