#!/usr/bin/env python3
"""Events must not slow the API (bench/events-benchmark.sh): cached GET /api/videos/{id} measured
with wrk while 1,000 videos become ready (PATCH status=ready, spread over the measurement), with no
webhook endpoint (every write still records nothing) and with 3 endpoints subscribed to video.ready
(the two cases alternate, in pairs of either order): two local receivers that answer 204 at once and one that accepts connections and
never answers (each delivery to it waits for the 5 s timeout, and its retries pile up). The
ratio is the throughput with endpoints over the one without, at each connection count: of the sums
over all pairs, and each pair's, with their mean, standard error and range. Also reported: how many
deliveries each endpoint received, and how long until the prompt ones had all 1,000.
With BENCH_PROFILE set to libasyncProfiler.so, async-profiler samples the service's CPU during each
measured run (loaded into the running service with jcmd), into bench/results/events-<case>.collapsed.
"""
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_benchmark as bench  # noqa: E402

READY = int(os.environ.get("BENCH_READY_VIDEOS", "1000"))
# a database, ports and cache prefix of its own, so that another benchmark running meanwhile is not disturbed
bench.DATABASE = "coursevideo_bench_events"
bench.SERVICE_ENV.update({
    "QUARKUS_DATASOURCE_REACTIVE_URL": f"postgresql://127.0.0.1:5432/{bench.DATABASE}",
    "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://127.0.0.1:5432/{bench.DATABASE}",
    "VIDEO_CACHE_KEY_PREFIX": "cv-bench-events:",
})
WRITERS = 4
# pairs at each connection count: single pairs on this shared 2-core machine range over ±0.2 around their
# mean (the same case measured twice in a row can differ by 30 %), so a difference of a few percent needs many
REPEATS = int(os.environ.get("BENCH_REPEATS", "4"))
HANGING = os.environ.get("BENCH_HANGING", "1") != "0"
WITH = "3 endpoints, 1 hanging" if HANGING else "2 endpoints, none hanging"
WARM_RUNS = int(os.environ.get("BENCH_WARM_RUNS", "5"))
PROFILER = os.environ.get("BENCH_PROFILE", "")
JCMD = os.path.join(os.path.dirname(bench.JAVA), "jcmd")


def profiler(pid, command):
    """Starts or stops async-profiler in the running service (it loads once, then takes commands)."""
    # jcmd splits its arguments at commas unless they are quoted
    subprocess.run([JCMD, str(pid), "JVMTI.agent_load", PROFILER, f'"{command}"'], check=True, stdout=subprocess.DEVNULL)


class Endpoints:
    """The course platform's endpoints, all served by one asyncio loop on a thread of its own: a
    receiver answers 204 as soon as a delivery's body is in, a hanging one accepts and never answers.
    As light as an HTTP server in Python gets (no thread per connection), since it shares the
    machine's 2 cores with the service it measures."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def start(self, endpoint):
        return asyncio.run_coroutine_threadsafe(
            asyncio.start_server(endpoint.serve, "127.0.0.1", 0, backlog=1000), self.loop).result()

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


class Receiver:
    """A course platform's endpoint: counts the deliveries it gets, answers 204 at once."""

    def __init__(self, endpoints):
        self.count = 0
        self.last = None
        self.server = endpoints.start(self)
        self.url = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/hooks"

    async def serve(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                await reader.readexactly(length)
                self.count += 1
                self.last = time.monotonic()
                writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def reset(self):
        self.count = 0
        self.last = None


class Hanging:
    """An endpoint that accepts connections and never answers."""

    def __init__(self, endpoints):
        self.accepted = 0
        self.server = endpoints.start(self)
        self.url = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/hooks"

    async def serve(self, reader, writer):
        self.accepted += 1
        try:
            await reader.read()  # until the service gives up and closes it
        except ConnectionError:
            pass
        writer.close()

    def reset(self):
        self.accepted = 0


def api(method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{bench.PORT}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + bench.ADMIN_TOKEN,
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def become_ready(videos, seconds):
    """PATCHes the videos to ready, spread evenly over `seconds`, from a few threads."""
    start = time.monotonic()
    interval = seconds / len(videos)

    def write(share):
        for index, video in share:
            delay = start + index * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            api("PATCH", f"/api/videos/{video}", {"status": "ready"})

    numbered = list(enumerate(videos))
    threads = [threading.Thread(target=write, args=(numbered[i::WRITERS],)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    return threads


def psql(sql):
    return bench.psql(sql, database=bench.DATABASE)


def reset(processing):
    """The videos back to queued, no endpoint, no event, no delivery, the tables vacuumed (see autovacuum)."""
    psql("DELETE FROM webhook_endpoints; DELETE FROM webhook_events; DELETE FROM work_items WHERE kind = 'webhook.deliver';"
         " UPDATE course_videos SET status = 'queued', processing_progress = 0 WHERE id IN ("
         + ",".join(f"'{v}'" for v in processing) + ")")
    autovacuum("VACUUM (TRUNCATE false)")


def autovacuum(command):
    """What autovacuum would do here: this machine's PostgreSQL runs without it, production's does not.
    The tables are analyzed after a burst of events (with their rows: statistics taken of empty tables
    make the plans the service's connections keep read whole tables), and vacuumed once emptied, not
    truncated (a run would otherwise meet every earlier run's dead rows in the queue's indexes)."""
    psql(f"{command} work_items, webhook_deliveries, webhook_events, webhook_endpoints, course_videos")


def cpu_seconds(pid):
    """The process's CPU time so far (user + system)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu():
    """CPU time so far of every PostgreSQL process (backends come and go: a rough figure)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() != "postgres":
                        continue
                total += cpu_seconds(int(entry))
            except OSError:
                continue
    return total


def run(paths, processing, connections, endpoints, pid, profile=None):
    """One measurement: wrk on cached GETs while the videos become ready, with these endpoints registered;
    sampled by the profiler into bench/results/events-<profile>.collapsed when a name is given."""
    reset(processing)
    for endpoint in endpoints:
        api("POST", "/api/admin/webhooks", {"url": endpoint.url, "events": ["video.ready"]})
    receivers = [endpoint for endpoint in endpoints if isinstance(endpoint, Receiver)]
    for endpoint in endpoints:
        endpoint.reset()
    started = time.monotonic()
    cpu = cpu_seconds(pid)
    own = resource.getrusage(resource.RUSAGE_SELF)
    database = postgres_cpu()
    if profile and PROFILER:
        profiler(pid, "start,event=cpu,interval=1ms")
    writers = become_ready(processing, float(bench.DURATION.rstrip("s")) * 0.8)
    result = bench.wrk(os.path.join(bench.ROOT, "bench", "wrk", "get.lua"), connections, bench.DURATION,
                       {"WRK_PATHS": paths})
    if profile and PROFILER:
        profiler(pid, f"stop,file={os.path.join(bench.RESULTS, 'events-' + profile + '.collapsed')},collapsed")
    # requests answered per second of the service's CPU: what the machine's other load does not change much
    result["per_cpu"] = result["rps"] * float(bench.DURATION.rstrip("s")) / (cpu_seconds(pid) - cpu)
    # what else the machine did meanwhile: this script (the writers' PATCHes, the endpoints) and PostgreSQL
    after = resource.getrusage(resource.RUSAGE_SELF)
    result["own_cpu"] = after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
    result["database_cpu"] = postgres_cpu() - database
    for writer in writers:
        writer.join()
    if receivers:
        result["during"] = [receiver.count for receiver in receivers]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and min(r.count for r in receivers) < READY:
            time.sleep(0.1)
        result["all"] = [receiver.count for receiver in receivers]
        result["all_after"] = max(r.last or started for r in receivers) - started
        result["hanging"] = sum(endpoint.accepted for endpoint in endpoints if isinstance(endpoint, Hanging))
        autovacuum("ANALYZE")
    return result


def spread(ratios):
    """The ratios' mean ± its standard error, and their range."""
    mean = statistics.fmean(ratios)
    error = statistics.stdev(ratios) / len(ratios) ** 0.5 if len(ratios) > 1 else float("nan")
    return f"{mean:.2f} ± {error:.2f} (mean ± standard error; {min(ratios):.2f} to {max(ratios):.2f})"


def main():
    os.makedirs(bench.RESULTS, exist_ok=True)
    bench.psql(f"DROP DATABASE IF EXISTS {bench.DATABASE}", database="postgres")
    env = {"EVENTS_ALLOW_PRIVATE_ADDRESSES": "true", "EVENTS_REQUIRE_HTTPS": "false"}
    java = [bench.JAVA, bench.HEAP] + (["-XX:+EnableDynamicAgentLoading"] if PROFILER else [])
    service = bench.Service("events", java + ["-jar", bench.JAR], env)
    service.first_response("/q/health/ready", port=bench.MANAGEMENT_PORT)
    videos, courses = bench.load_data(bench.DATABASE)
    psql(f"""INSERT INTO course_videos (course_id, lesson_id, cloudflare_video_id, title, status)
             SELECT '{courses[0]}', 'becomes-ready-' || n, md5('ready' || n), 'Becomes ready ' || n, 'queued'
             FROM generate_series(1, {READY}) n""")
    processing = psql("SELECT id FROM course_videos WHERE lesson_id LIKE 'becomes-ready-%'").split()
    bench.flush_cache()
    paths = bench.write_lines("events-by-id.txt", [f"/api/videos/{v}" for v in videos])
    bench.log(f"  warm-up {bench.WARMUP}")
    bench.wrk(os.path.join(bench.ROOT, "bench", "wrk", "get.lua"), max(bench.CONNECTIONS), bench.WARMUP,
              {"WRK_PATHS": paths})

    loop = Endpoints()
    # BENCH_HANGING=0: only the two prompt endpoints, to tell what the hanging one costs
    endpoints = [Receiver(loop), Receiver(loop)] + ([Hanging(loop)] if HANGING else [])
    # both cases, unmeasured: the JIT compiles the delivery code here, not in the measurements (after two
    # of each, C2 still took 3 to 11 % of the service's samples in measured runs with endpoints; after five, 0 to 2 %)
    bench.log(f"  warm-up: both cases {WARM_RUNS} times")
    for _ in range(WARM_RUNS):
        run(paths, processing, min(bench.CONNECTIONS), [], service.process.pid)
        run(paths, processing, min(bench.CONNECTIONS), endpoints, service.process.pid)
    rows = []
    # the two cases alternate, each pair in the other order than the one before (without, with; with,
    # without; ...), so that a change in the machine's speed meanwhile falls on both alike
    for repeat in range(REPEATS):
        for connections in bench.CONNECTIONS:
            cases = [("without", []), ("with", endpoints)][::-1 if repeat % 2 else 1]
            measured = {name: run(paths, processing, connections, registered, service.process.pid,
                                  f"{name}-{repeat + 1}-{connections}") for name, registered in cases}
            without, with_events = measured["without"], measured["with"]
            bench.log(f"  #{repeat + 1} without endpoints, {connections} connections: {without['rps']:.0f} req/s")
            bench.log(f"  #{repeat + 1} {WITH}, {connections} connections: {with_events['rps']:.0f} req/s,"
                      f" delivered {with_events['during']} during, {with_events['all']} in all after"
                      f" {with_events['all_after']:.1f} s; the hanging one got {with_events['hanging']} connections")
            rows.append((repeat + 1, connections, without, with_events))
    service.stop()
    loop.close()

    seconds = 0.8 * float(bench.DURATION.rstrip("s"))
    lines = [f"{bench.COURSES} x {bench.VIDEOS_PER_COURSE} ready videos read (cached GET /api/videos/{{id}}, random ids, admin"
             f" token) with wrk -t2 for {bench.DURATION} after a {bench.WARMUP} warm-up and {WARM_RUNS} unmeasured runs of each case,"
             f" while {READY} other videos become"
             f" ready (PATCH status=ready from {WRITERS} threads, spread over {seconds:.0f} s); heap {bench.HEAP}; the work"
             " queue polling every 5 s (production default); the two cases alternate, each pair in the other order than"
             " the one before; everything on this machine.",
             "",
             f"| run | connections | without endpoints: req/s (p99 ms), req per CPU-s | {WITH}: req/s (p99 ms),"
             " req per CPU-s | ratio req/s | ratio req per CPU-s |"
             " delivered to each prompt endpoint during the run / in all (s until all) | connections to the hanging one |"
             " CPU-s of this script (writers, endpoints) and PostgreSQL, without / with |",
             "|---:|---:|---:|---:|---:|---:|---|---:|---|"]
    for repeat, connections, a, b in rows:
        lines.append(f"| {repeat} | {connections} | {a['rps']:.0f} ({a['p99']:.1f}), {a['per_cpu']:.0f}"
                     f" | {b['rps']:.0f} ({b['p99']:.1f}), {b['per_cpu']:.0f}"
                     f" | {b['rps'] / a['rps']:.2f} | {b['per_cpu'] / a['per_cpu']:.2f} | {' and '.join(map(str, b['during']))} /"
                     f" {' and '.join(map(str, b['all']))} ({b['all_after']:.1f} s) | {b['hanging']}"
                     f" | {a['own_cpu']:.1f} and {a['database_cpu']:.1f} / {b['own_cpu']:.1f} and {b['database_cpu']:.1f} |")
    lines.append("")
    for connections in bench.CONNECTIONS + [None]:
        pairs = [(a, b) for _, c, a, b in rows if connections in (None, c)]
        total = [sum(a["rps"] for a, _ in pairs), sum(b["rps"] for _, b in pairs)]
        ratios = [b["rps"] / a["rps"] for a, b in pairs]
        per_cpu = sorted(b["per_cpu"] / a["per_cpu"] for a, b in pairs)
        lines.append(f"{'all' if connections is None else connections} connections: all runs together"
                     f" {total[1] / total[0]:.2f} × the throughput without endpoints; the {len(pairs)} pairs' ratios"
                     f" {spread(ratios)}; median ratio of requests per CPU-second {per_cpu[len(per_cpu) // 2]:.2f}.")
    bench.write_lines("events.md", lines)
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
