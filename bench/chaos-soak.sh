#!/usr/bin/env bash
# Chaos soak, one command: bash bench/chaos-soak.sh [seconds, default 300]
# Runs src/test/java/com/coursevideo/chaos/ChaosSoakTest for that long: 12 clients reading, writing,
# playing back and syncing 24 videos while Redis is killed and frozen, PostgreSQL restarted and
# Cloudflare (the local fake) fails, one fault at a time in turn, each for 4 s. The service runs on a
# PostgreSQL and a Redis of the test's own. Prints and keeps the counts (bench/results/chaos-soak.txt);
# fails when a write was lost, a read was stale, an answer was outside the contract or a fault took
# more than 30 s to recover from. The test suite runs the same test for 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prepare.sh
./mvnw test -Dtest=ChaosSoakTest -Dchaos.duration="${1:-300}" -Dsurefire.failIfNoSpecifiedTests=false \
    > bench/results/chaos-soak.log 2>&1 || { tail -40 bench/results/chaos-soak.log; exit 1; }
cp target/chaos-soak.txt bench/results/chaos-soak.txt
cat bench/results/chaos-soak.txt
