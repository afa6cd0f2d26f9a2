#!/usr/bin/env bash
# The console's table of a course of 1,000 videos: milliseconds from its data arriving to its rows
# shown, measured in Debian's chromium by ConsoleBrowserTest (one Quarkus start and one measurement a
# run), BENCH_RUNS (5) runs; prints each figure and the median, and fails when the median is over
# the 200 ms budget (issue 26). The tests only record the figure: a timing is not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/services
bash .ci/browser-tools
export MAVEN_ARGS="--batch-mode --no-transfer-progress"
runs=${BENCH_RUNS:-5}
rm -f target/console-table-render.txt
for run in $(seq 1 "$runs"); do
    ./mvnw -q test -Dtest='ConsoleBrowserTest#aCourseOfAThousandVideosShowsEveryRow' > "target/console-table-render-$run.log" 2>&1 \
        || { tail -40 "target/console-table-render-$run.log"; exit 1; }
done
python3 - <<'PY'
import statistics
figures = [float(line) for line in open("target/console-table-render.txt")]
median = statistics.median(figures)
print("table of 1,000 videos shown after its data (ms):", ", ".join(f"{f:.1f}" for f in figures), f"median {median:.1f}")
raise SystemExit(0 if median <= 200 else f"median {median:.1f} ms is over the 200 ms budget")
PY
