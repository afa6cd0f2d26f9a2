#!/usr/bin/env python3
"""Events must not slow the API (bench/events-benchmark.sh): cached GET /api/videos/{id} measured
with wrk while 1,000 videos become ready (PATCH status=ready, spread over the measurement), first
with no webhook endpoint (every write still records nothing), then with 3 endpoints subscribed to
video.ready: two local receivers that answer 204 at once and one that accepts connections and
never answers (each delivery to it waits for the 5 s timeout, and its retries pile up). The
ratio is the second throughput over the first, at each connection count. Also reported: how many
deliveries each endpoint received, and how long until the prompt ones had all 1,000.
"""
import http.server
import json
import os
import socket
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_benchmark as bench  # noqa: E402

READY = int(os.environ.get("BENCH_READY_VIDEOS", "1000"))
WRITERS = 4


class Receiver:
    """A course platform's endpoint: counts the deliveries it gets, answers 204 at once."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        self.last = None
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.count += 1
                    receiver.last = time.monotonic()
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def close(self):
        self.server.shutdown()


class Hanging:
    """An endpoint that accepts connections and never answers."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(1000)
        self.accepted = []
        threading.Thread(target=self.accept, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/hooks"

    def accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.socket.close()
        for connection in self.accepted:
            connection.close()


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


def reset(processing):
    bench.psql("DELETE FROM webhook_endpoints; DELETE FROM webhook_events; DELETE FROM work_items WHERE kind = 'webhook.deliver';"
               f" UPDATE course_videos SET status = 'queued', processing_progress = 0 WHERE id IN ({processing})")


def measure(paths, processing_ids, label):
    """wrk on cached GETs at each connection count, while the videos become ready."""
    rows = {}
    seconds = float(bench.DURATION.rstrip("s"))
    for connections in bench.CONNECTIONS:
        reset(",".join(f"'{v}'" for v in processing_ids))
        writers = become_ready(processing_ids, seconds * 0.8)
        rows[connections] = bench.wrk(os.path.join(bench.ROOT, "bench", "wrk", "get.lua"), connections, bench.DURATION,
                                      {"WRK_PATHS": paths})
        for writer in writers:
            writer.join()
        bench.log(f"  {label}, {connections} connections: {rows[connections]['rps']:.0f} req/s")
    return rows


def main():
    os.makedirs(bench.RESULTS, exist_ok=True)
    bench.psql(f"DROP DATABASE IF EXISTS {bench.DATABASE}", database="postgres")
    env = {"EVENTS_ALLOW_PRIVATE_ADDRESSES": "true", "EVENTS_REQUIRE_HTTPS": "false"}
    service = bench.Service("events", [bench.JAVA, bench.HEAP, "-jar", bench.JAR], env)
    service.first_response("/q/health/ready", port=bench.MANAGEMENT_PORT)
    videos, courses = bench.load_data()
    bench.psql(f"""INSERT INTO course_videos (course_id, lesson_id, cloudflare_video_id, title, status)
                   SELECT '{courses[0]}', 'becomes-ready-' || n, md5('ready' || n), 'Becomes ready ' || n, 'queued'
                   FROM generate_series(1, {READY}) n""")
    processing = bench.psql(f"SELECT id FROM course_videos WHERE lesson_id LIKE 'becomes-ready-%'").split()
    bench.flush_cache()
    paths = bench.write_lines("events-by-id.txt", [f"/api/videos/{v}" for v in videos])
    bench.log(f"  warm-up {bench.WARMUP}")
    bench.wrk(os.path.join(bench.ROOT, "bench", "wrk", "get.lua"), max(bench.CONNECTIONS), bench.WARMUP,
              {"WRK_PATHS": paths})

    without = measure(paths, processing, "without endpoints")

    receivers = [Receiver(), Receiver()]
    hanging = Hanging()
    with_events = {}
    delivered = {}
    for connections in bench.CONNECTIONS:
        reset(",".join(f"'{v}'" for v in processing))
        for endpoint in receivers + [hanging]:
            api("POST", "/api/admin/webhooks", {"url": endpoint.url, "events": ["video.ready"]})
        for receiver in receivers:
            receiver.count = 0
        hanging.accepted.clear()
        started = time.monotonic()
        seconds = float(bench.DURATION.rstrip("s"))
        writers = become_ready(processing, seconds * 0.8)
        with_events[connections] = bench.wrk(os.path.join(bench.ROOT, "bench", "wrk", "get.lua"), connections,
                                             bench.DURATION, {"WRK_PATHS": paths})
        for writer in writers:
            writer.join()
        during = [receiver.count for receiver in receivers]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and min(r.count for r in receivers) < READY:
            time.sleep(0.1)
        delivered[connections] = {
            "during": during,
            "all": [receiver.count for receiver in receivers],
            "all_after": max(r.last or started for r in receivers) - started,
            "hanging_connections": len(hanging.accepted),
        }
        bench.log(f"  with 3 endpoints (1 hanging), {connections} connections: {with_events[connections]['rps']:.0f} req/s;"
                  f" {delivered[connections]}")
    service.stop()
    for endpoint in receivers + [hanging]:
        endpoint.close()

    lines = [f"{bench.COURSES} x {bench.VIDEOS_PER_COURSE} ready videos read (cached GET /api/videos/{{id}}, random ids, admin"
             f" token) with wrk -t2 for {bench.DURATION} after a {bench.WARMUP} warm-up, while {READY} other videos become"
             f" ready (PATCH status=ready from {WRITERS} threads, spread over {0.8 * float(bench.DURATION.rstrip('s')):.0f} s);"
             f" heap {bench.HEAP}; work queue polling every 5 s (production default); everything on this machine.",
             "",
             "| connections | without endpoints req/s (p99 ms) | 3 endpoints, 1 hanging req/s (p99 ms) | ratio |"
             " delivered to each prompt endpoint during the run / in all (seconds until all) | connections the hanging one got |",
             "|---:|---:|---:|---:|---|---:|"]
    for connections in bench.CONNECTIONS:
        a, b, d = without[connections], with_events[connections], delivered[connections]
        lines.append(f"| {connections} | {a['rps']:.0f} ({a['p99']:.1f}) | {b['rps']:.0f} ({b['p99']:.1f})"
                     f" | {b['rps'] / a['rps']:.2f} | {' and '.join(map(str, d['during']))} / {' and '.join(map(str, d['all']))}"
                     f" ({d['all_after']:.1f} s) | {d['hanging_connections']} |")
    bench.write_lines("events.md", lines)
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
