#!/usr/bin/env python3
"""Learner progress (bench/progress-benchmark.sh), the issue's ratios in one service run:
- heartbeats from 1,000 distinct learners vs an admin's cached GET /api/videos/{id} (>= 0.8 x);
- PostgreSQL commits per heartbeat at that load (pg_stat_database xact_commit of the service's
  database, from before the heartbeats until their last flush; < 0.1);
- a learner's cached GET /api/videos/{id} vs an admin's, on the same videos (>= 0.95 x);
- a learner's GET /api/courses/{id}/progress of a 50-video course at 16 connections (h2load; p99 <= 20 ms).
With BENCH_PROFILE set to libasyncProfiler.so, a second service run is profiled (CPU) while the
heartbeats and the learner's GET run, and their top frames are printed.
"""
import collections
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_benchmark as bench  # noqa: E402

PROFILER = os.environ.get("BENCH_PROFILE", "")
DATABASE = "coursevideo_progress_bench"
PREFIX = "cv-pbench:"
LEARNERS = int(os.environ.get("BENCH_LEARNERS", "1000"))
CONNECTIONS = int(os.environ.get("BENCH_PROGRESS_CONNECTIONS", "16"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
ENV = {
    "QUARKUS_DATASOURCE_REACTIVE_URL": f"postgresql://127.0.0.1:5432/{DATABASE}",
    "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://127.0.0.1:5432/{DATABASE}",
    "VIDEO_CACHE_KEY_PREFIX": PREFIX,
    "PROGRESS_KEY_PREFIX": PREFIX + "progress:",
}
LOADS = ["admin cached GET /api/videos/{id}", "learner cached GET /api/videos/{id}",
         f"heartbeats, {LEARNERS} learners", "learner GET /api/courses/{id}/progress (50 videos)"]


def cpu_seconds(pid):
    """User and system CPU a process has used so far (/proc/<pid>/stat), in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def redis_pid():
    info = subprocess.run(["redis-cli", "-h", "127.0.0.1", "INFO", "server"], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"process_id:(\d+)", info).group(1))


def wrk(script, connections, duration, env, service_pid=None):
    """One wrk run; with service_pid, also the CPU the service, Redis and wrk itself used per 1,000 requests."""
    pids = {"service": service_pid, "redis": redis_pid()} if service_pid else {}
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", "-s", script,
                             f"http://127.0.0.1:{bench.PORT}"], env={**os.environ, **env},
                            check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
              "requests": int(re.search(r"(\d+) requests in", output).group(1)),
              "p50": bench.parse_duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
              "p99": bench.parse_duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
              "non2xx": int(bad.group(1)) if bad else 0}
    if pids:
        per_thousand = 1000 / result["requests"]
        result["cpu_ms"] = {name: (cpu_seconds(pid) - before[name]) * 1000 * per_thousand for name, pid in pids.items()}
        result["cpu_ms"]["wrk"] = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime) * 1000 * per_thousand
    return result


def h2load(paths, token, connections, duration, warm_up):
    """As service_benchmark.h2load, with the token given (percentiles from h2load's log of every request)."""
    with tempfile.TemporaryDirectory() as logs:
        requests = os.path.join(logs, "requests.log")
        output = subprocess.run(["h2load", "--h1", "-t2", f"-c{connections}", f"-D{duration}", f"--warm-up-time={warm_up}",
                                 "-H", "Authorization: Bearer " + token, f"--log-file={requests}"]
                                + [f"http://127.0.0.1:{bench.PORT}{path}" for path in paths],
                                check=True, capture_output=True, text=True).stdout
        with open(requests) as log_lines:
            answers = [line.split() for line in log_lines]
    latencies = sorted(int(duration_us) / 1000 for _, _, duration_us in answers)
    others = [status for _, status, _ in answers if not status.startswith("2")]
    return {"rps": float(re.search(r"finished in [\d.]+s, ([\d.]+) req/s", output).group(1)),
            "requests": len(answers), "p50": latencies[len(latencies) // 2],
            "p99": latencies[int(len(latencies) * 0.99)], "non2xx": len(others)}


def buffered():
    """Heartbeats waiting in the service's Redis streams (every stream of the prefix)."""
    streams = subprocess.run(["redis-cli", "-h", "127.0.0.1", "--scan", "--pattern", PREFIX + "progress:*heartbeats"],
                             check=True, capture_output=True, text=True).stdout.split()
    return sum(int(subprocess.run(["redis-cli", "-h", "127.0.0.1", "XLEN", name], check=True, capture_output=True,
                                  text=True).stdout) for name in streams)


def autovacuum():
    """What autovacuum would do after a load of heartbeats: this machine's PostgreSQL runs without it,
    production's does not (docs/operations.md), and every merge leaves the rows it updated behind."""
    bench.psql("VACUUM (ANALYZE) learner_progress", DATABASE)


def drained(limit=180):
    """Waits until the flushes have moved every buffered heartbeat to PostgreSQL (the seconds it took):
    a flush still under way would take the machine from the next load measured."""
    start = time.time()
    while buffered() > 0:
        if time.time() - start > limit:
            raise SystemExit(f"the heartbeat buffer still holds {buffered()} after {limit} s")
        time.sleep(0.5)
    time.sleep(2)  # the last merge's commit, and the statistics' own delay
    return time.time() - start


def commits():
    return int(bench.psql(f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{DATABASE}'", "postgres").strip())


def flush_cache():
    keys = subprocess.run(["redis-cli", "-h", "127.0.0.1", "--scan", "--pattern", PREFIX + "*"],
                          check=True, capture_output=True, text=True).stdout.split()
    for start in range(0, len(keys), 500):
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "DEL", *keys[start:start + 500]], check=True, capture_output=True)


def seconds(duration):
    return float(duration.rstrip("s"))


def prepare():
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"],
                   check=True, capture_output=True)
    service = bench.Service("progress-migrate", [bench.JAVA, "-jar", bench.JAR], ENV)
    service.first_response("/q/health/ready", port=bench.MANAGEMENT_PORT)
    service.stop()
    videos, courses = bench.load_data(DATABASE)
    bench.psql("INSERT INTO courses (title) VALUES ('Fifty lessons');"
               "INSERT INTO course_videos (course_id, lesson_id, cloudflare_video_id, title, duration, status,"
               " processing_progress, playback_hls_url, metadata)"
               " SELECT c.id, 'lesson-' || lpad(v::text, 2, '0'), md5('fifty' || v), 'Lesson ' || v, 600, 'ready', 100,"
               " 'https://customer-bench.cloudflarestream.com/' || md5('fifty' || v) || '/manifest/video.m3u8',"
               " jsonb_build_object('order', v)"
               " FROM courses c, generate_series(1, 50) v WHERE c.title = 'Fifty lessons'; ANALYZE;", DATABASE)
    fifty = bench.psql("SELECT id FROM courses WHERE title = 'Fifty lessons'", DATABASE).strip()
    fifty_videos = bench.psql(f"SELECT id FROM course_videos WHERE course_id = '{fifty}'", DATABASE).split()
    enrolled = courses[:5]
    learner_videos = bench.psql("SELECT id FROM course_videos WHERE course_id IN ("
                                + ",".join(f"'{c}'" for c in enrolled) + ")", DATABASE).split()
    flush_cache()
    # 1,000 learners, each enrolled in one of the 5 courses, each with one of its videos
    by_course = {}
    for line in bench.psql("SELECT course_id, id FROM course_videos WHERE course_id IN ("
                           + ",".join(f"'{c}'" for c in enrolled) + ")", DATABASE).split():
        course, video = line.split("|")
        by_course.setdefault(course, []).append(video)
    bench.log(f"  signing {LEARNERS} learners' tokens")
    pairs = []
    for i in range(LEARNERS):
        course = enrolled[i % len(enrolled)]
        pairs.append(f"{bench.TOKENS.learner([course])} {by_course[course][i % len(by_course[course])]}")
    reader = bench.TOKENS.learner(enrolled + [fifty])
    return {
        "by_id": bench.write_lines("progress-by-id.txt", [f"/api/videos/{v}" for v in learner_videos]),
        "learners": bench.write_lines("progress-learners.txt", pairs),
        "reader": reader,
        "fifty": fifty,
        "fifty_videos": fifty_videos,
    }


def heartbeat_once(token, video, position):
    subprocess.run(["curl", "-sf", "-X", "PUT", "-H", "Authorization: Bearer " + token, "-H", "Content-Type: application/json",
                    "-d", f'{{"position":{position},"watched":[[{position - 5},{position}]]}}',
                    f"http://127.0.0.1:{bench.PORT}/api/videos/{video}/progress"], check=True)


def run(data, label, profile_as=None):
    command = [bench.JAVA, bench.HEAP]
    if profile_as:
        command.append(f"-agentpath:{PROFILER}=start,event=cpu,interval=1ms,file="
                       + os.path.join(bench.RESULTS, f"progress-profile-{slug(profile_as)}.collapsed"))
    service = bench.Service(f"progress-{slug(profile_as) if profile_as else 'plain'}", command + ["-jar", bench.JAR], ENV)
    service.first_response("/q/health/ready", port=bench.MANAGEMENT_PORT)
    get_script = os.path.join(bench.ROOT, "bench", "wrk", "get.lua")
    heartbeat_script = os.path.join(bench.ROOT, "bench", "wrk", "heartbeat.lua")
    admin = {"WRK_PATHS": data["by_id"], "WRK_TOKEN": bench.ADMIN_TOKEN}
    learner = {"WRK_PATHS": data["by_id"], "WRK_TOKEN": data["reader"]}
    beats = {"WRK_LEARNERS": data["learners"]}
    rows = {}

    pid = service.process.pid

    def reads(name, env):
        result = wrk(get_script, CONNECTIONS, bench.DURATION, env, pid)
        rows.setdefault(name, []).append(result)
        bench.log(f"  {label} {name}: {result['rps']:.0f} req/s")

    def heartbeats():
        before = commits()
        result = wrk(heartbeat_script, CONNECTIONS, bench.DURATION, beats, pid)
        result["drained_s"] = drained()
        result["commits"] = commits() - before
        result["metrics"] = metrics(r"progress_(heartbeats|merge_statements|redis_errors)_total")
        autovacuum()
        rows.setdefault(LOADS[2], []).append(result)
        bench.log(f"  {label} heartbeats: {result['rps']:.0f} req/s, buffer drained {result['drained_s']:.0f} s after,"
                  f" {result['commits']} commits"
                  f" for {result['requests']} heartbeats")

    if profile_as is None:
        bench.log(f"  {label} warm-up {bench.WARMUP} each")
        wrk(get_script, CONNECTIONS, bench.WARMUP, admin)
        wrk(get_script, CONNECTIONS, bench.WARMUP, learner)
        wrk(heartbeat_script, CONNECTIONS, bench.WARMUP, beats)
        drained()  # the warm-up's heartbeats
        autovacuum()
        # alternating, ROUNDS times each (twice unless BENCH_ROUNDS): the machine's drift falls on all three
        for _ in range(ROUNDS):
            reads(LOADS[0], admin)
            reads(LOADS[1], learner)
            heartbeats()
    elif profile_as in (LOADS[0], LOADS[1]):
        env = admin if profile_as == LOADS[0] else learner
        wrk(get_script, CONNECTIONS, bench.WARMUP, env)
        reads(profile_as, env)
    elif profile_as == LOADS[2]:
        wrk(heartbeat_script, CONNECTIONS, bench.WARMUP, beats)
        drained()
        autovacuum()
        heartbeats()
    if profile_as in (None, LOADS[3]):
        # the reader has progress on half the course's videos
        for i, video in enumerate(data["fifty_videos"][::2]):
            heartbeat_once(data["reader"], video, 10 + i)
        time.sleep(7)
        paths = [f"/api/courses/{data['fifty']}/progress"]
        warm = seconds(bench.WARMUP)
        result = h2load(paths, data["reader"], CONNECTIONS, int(seconds(bench.DURATION)), int(warm))
        rows[LOADS[3]] = [result]
        bench.log(f"  {label} course progress: {result['rps']:.0f} req/s, p99 {result['p99']:.2f} ms")
    service.stop()
    return rows


def slug(name):
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")


def top_frames(name, count=12):
    """Self time per frame among the event loops' stacks (the requests, and the Redis and PostgreSQL
    clients' callbacks), as shares of those: the profile runs from the start, and start-up and the
    JIT compiler's threads are not what is measured."""
    path = os.path.join(bench.RESULTS, f"progress-profile-{slug(name)}.collapsed")
    leaves = collections.Counter()
    total = 0
    with open(path) as stacks:
        for line in stacks:
            stack, _, samples = line.rstrip().rpartition(" ")
            if "NioEventLoop.run" not in stack:
                continue
            leaves[stack.split(";")[-1]] += int(samples)
            total += int(samples)
    return [(frame, samples / total) for frame, samples in leaves.most_common(count)]


def metrics(pattern):
    """The service's Prometheus lines matching the pattern (what went around Redis, what failed)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{bench.MANAGEMENT_PORT}/q/metrics", timeout=5) as answer:
            text = answer.read().decode()
    except OSError:
        return []
    return [line for line in text.splitlines() if re.match(pattern, line)]


def mean(results, key="rps"):
    return sum(r[key] for r in results) / len(results)


def main():
    os.makedirs(bench.RESULTS, exist_ok=True)
    data = prepare()
    rows = run(data, "")
    admin = mean(rows[LOADS[0]])
    lines = [f"{bench.COURSES} x {bench.VIDEOS_PER_COURSE} ready videos and a course of 50; {CONNECTIONS} connections;"
             f" wrk -t2 (h2load -t2 for the course progress) for {bench.DURATION} after a {bench.WARMUP} warm-up;"
             f" admin reads, learner reads and heartbeats alternate, {ROUNDS} times each (reads of the 100 videos of the"
             f" learner's 5 courses); heap {bench.HEAP};"
             " PROGRESS_FLUSH_INTERVAL 5 s; everything on this machine.",
             "",
             "| load | requests/s | p50 ms | p99 ms | non-2xx | figure | goal |",
             "|---|---:|---:|---:|---:|---|---|"]
    learner = mean(rows[LOADS[1]])
    beats = rows[LOADS[2]][-1]
    heartbeat_rps = mean(rows[LOADS[2]])
    beat_commits = sum(r["commits"] for r in rows[LOADS[2]])
    beat_count = sum(r["requests"] for r in rows[LOADS[2]])
    course = rows[LOADS[3]][0]
    figures = {
        LOADS[0]: ("1.00 × admin", ""),
        LOADS[1]: (f"{learner / admin:.2f} × admin", ">= 0.95 ×"),
        LOADS[2]: (f"{heartbeat_rps / admin:.2f} × admin; {beat_commits} commits / {beat_count} = "
                   f"{beat_commits / max(1, beat_count):.4f} per heartbeat", ">= 0.8 ×; < 0.1 commit"),
        LOADS[3]: (f"p99 {course['p99']:.2f} ms", "p99 <= 20 ms"),
    }
    for name in LOADS:
        results = rows[name]
        per_run = " / ".join("%.0f" % r["rps"] for r in results)
        lines.append(f"| {name} | {per_run} | {mean(results, 'p50'):.2f}"
                     f" | {mean(results, 'p99'):.2f} | {sum(r['non2xx'] for r in results)} | {figures[name][0]}"
                     f" | {figures[name][1]} |")
    lines += ["", "CPU per 1,000 requests (ms; the service's and Redis's from /proc, wrk's own from its rusage; the"
              " mean of the rounds): what each load costs the machine, the load generator included.", "",
              "| load | service | Redis | wrk |", "|---|---:|---:|---:|"]
    for name in LOADS[:3]:
        cpu = [r["cpu_ms"] for r in rows[name]]
        lines.append(f"| {name} | " + " | ".join(f"{sum(c[part] for c in cpu) / len(cpu):.0f}"
                                               for part in ("service", "redis", "wrk")) + " |")
    lines += ["", "The service's counters after the heartbeats (direct: written to PostgreSQL because Redis did not"
              " take them in time):", ""] + [f"- `{line}`" for line in beats["metrics"]]
    bench.write_lines("progress.md", lines)
    print("\n".join(lines), flush=True)
    if PROFILER:
        profile = []
        for name in (LOADS[1], LOADS[2], LOADS[3]):
            run(data, "profiled", profile_as=name)
            profile += ["", f"Top frames by self time, {name} (async-profiler, CPU):", ""]
            profile += [f"- {share * 100:.1f} % `{frame}`" for frame, share in top_frames(name)]
        bench.write_lines("progress.md", lines + profile)
        print("\n".join(profile), flush=True)


if __name__ == "__main__":
    main()
