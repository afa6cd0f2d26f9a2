#!/usr/bin/env python3
"""Cached reads with access control against the service as it was before it (bench/access-benchmark.sh).

In one run, alternating, each after its own warm-up: GET /api/videos/{id} from the cache on the
baseline jar (no tokens), on this tree's jar with an admin's token on every request (the stored JSON is
sent as it is), and with a learner's token (the entry is decoded, checked against the learner's
courses and the release window, and encoded again). Prints the table (also bench/results/access.md).
"""
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_benchmark as bench  # noqa: E402

BASELINE_JAR = os.environ["BENCH_BASELINE_JAR"]
# the baseline's migrations stop before this tree's, so it gets a database of its own with the same data
BASELINE_DATABASE = bench.DATABASE + "_base"
BASELINE_ENV = {"QUARKUS_DATASOURCE_REACTIVE_URL": f"postgresql://127.0.0.1:5432/{BASELINE_DATABASE}",
                "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://127.0.0.1:5432/{BASELINE_DATABASE}",
                "VIDEO_CACHE_KEY_PREFIX": "cv-bench-base:"}
BASELINE_NAME = os.environ.get("BENCH_BASELINE", "baseline")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CONNECTIONS = bench.CONNECTIONS


def java(jar):
    return [bench.JAVA, bench.HEAP, "-jar", jar]


def main():
    os.makedirs(bench.RESULTS, exist_ok=True)
    bench.log(f"databases {bench.DATABASE}, {BASELINE_DATABASE}: migrating, loading {bench.COURSES} x "
              f"{bench.VIDEOS_PER_COURSE} videos each")
    for database in (bench.DATABASE, BASELINE_DATABASE):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {database}"],
                       check=True, capture_output=True)
    service = bench.Service("access-migrate", java(bench.JAR))
    service.first_response("/q/health/ready", port=bench.MANAGEMENT_PORT)
    service.stop()
    service = bench.Service("access-migrate-base", java(BASELINE_JAR), BASELINE_ENV)
    service.first_response("/q/health/ready")
    service.stop()
    videos, courses = bench.load_data()
    base_videos, _ = bench.load_data(BASELINE_DATABASE)
    bench.flush_cache()
    enrolled = courses[:5]
    learner_videos = bench.psql("SELECT id FROM course_videos WHERE course_id IN ("
                                + ",".join(f"'{c}'" for c in enrolled) + ")").split()
    by_id = bench.write_lines("access-by-id.txt", [f"/api/videos/{v}" for v in videos])
    base_by_id = bench.write_lines("access-base-by-id.txt", [f"/api/videos/{v}" for v in base_videos])
    learner_by_id = bench.write_lines("access-learner-by-id.txt", [f"/api/videos/{v}" for v in learner_videos])
    script = os.path.join(bench.ROOT, "bench", "wrk", "get.lua")

    # the baseline knows nothing of the management port or tokens; its Redis entries stay apart
    variants = [
        (f"{BASELINE_NAME}, no token", java(BASELINE_JAR), BASELINE_ENV,
         {"WRK_PATHS": base_by_id, "WRK_TOKEN": ""}, bench.PORT),
        ("this tree, admin token", java(bench.JAR), {}, {"WRK_PATHS": by_id}, bench.MANAGEMENT_PORT),
        ("this tree, learner token (5 courses)", java(bench.JAR), {},
         {"WRK_PATHS": learner_by_id, "WRK_TOKEN": bench.TOKENS.learner(enrolled)}, bench.MANAGEMENT_PORT),
    ]
    results = {}
    for round_number in range(1, ROUNDS + 1):
        for label, command, service_env, wrk_env, health_port in variants:
            service = bench.Service(f"access-{round_number}-{len(results) % len(variants)}", command, service_env)
            service.first_response("/q/health/ready", port=health_port)
            bench.log(f"  round {round_number}, {label}: warm-up {bench.WARMUP}")
            bench.wrk(script, max(CONNECTIONS), bench.WARMUP, wrk_env)
            for connections in CONNECTIONS:
                result = bench.wrk(script, connections, bench.DURATION, wrk_env)
                bench.log(f"  round {round_number}, {label}, {connections} connections: {result['rps']:.0f} req/s,"
                          f" p50 {result['p50']:.2f} ms, non-2xx {result['non2xx']}")
                results.setdefault((label, connections), []).append(result)
            service.stop()
    bench.flush_cache()

    lines = [f"Cached GET /api/videos/{{id}}, {bench.COURSES} x {bench.VIDEOS_PER_COURSE} videos; wrk -t2 for "
             f"{bench.DURATION} after a {bench.WARMUP} warm-up per start; {ROUNDS} rounds, variants alternating; "
             f"heap {bench.HEAP}; everything on this machine.",
             "",
             "| variant | connections | requests/s per round | mean | p50 ms (mean) | non-2xx | vs. baseline |",
             "|---|---:|---|---:|---:|---:|---:|"]
    for connections in CONNECTIONS:
        base = statistics.mean(r["rps"] for r in results[(variants[0][0], connections)])
        for label, *_ in variants:
            runs = results[(label, connections)]
            mean = statistics.mean(r["rps"] for r in runs)
            per_round = ", ".join(f"{r['rps']:.0f}" for r in runs)
            lines.append(f"| {label} | {connections} | {per_round} | {mean:.0f}"
                         f" | {statistics.mean(r['p50'] for r in runs):.2f} | {sum(r['non2xx'] for r in runs)}"
                         f" | {mean / base:.2f} |")
    table = "\n".join(lines)
    bench.write_lines("access.md", [table])
    print(table)


if __name__ == "__main__":
    main()
