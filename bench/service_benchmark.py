#!/usr/bin/env python3
"""Service benchmark: HTTP throughput and latency against raw Redis and PostgreSQL baselines,
then cold-start time and memory for the JVM (with and without the AOT cache) and the native
executable. Run through bench/service-benchmark.sh, which builds what this measures.

Everything runs on this machine: the service, its PostgreSQL and Redis, and the load generators
share the same cores, so the figures compare with each other, not with a production fleet.
"""
import base64
import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA = os.environ.get("BENCH_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
PORT = int(os.environ.get("BENCH_PORT", "8091"))
MANAGEMENT_PORT = int(os.environ.get("BENCH_MANAGEMENT_PORT", "9091"))
ISSUER = "https://course-platform.bench"
AUDIENCE = "course-video-service"
DATABASE = "coursevideo_bench"
COURSES = int(os.environ.get("BENCH_COURSES", "200"))
VIDEOS_PER_COURSE = int(os.environ.get("BENCH_VIDEOS_PER_COURSE", "20"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "16,64").split(",")]
DURATION = os.environ.get("BENCH_DURATION", "15s")
WARMUP = os.environ.get("BENCH_WARMUP", "20s")  # the JIT needs about that much on 2 cores
STARTS = int(os.environ.get("BENCH_STARTS", "5"))  # 0: no cold starts
HEAP = os.environ.get("BENCH_HEAP", "-Xmx256m")
RESULTS = os.path.join(ROOT, "bench", "results")
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
AOT = os.path.join(ROOT, "target", "quarkus-app", "app.aot")

# Production profile with Cloudflare pointing at a closed port: none of the measured endpoints
# calls Cloudflare, and the sync job is off so that only the load runs.
SERVICE_ENV = {
    "QUARKUS_HTTP_PORT": str(PORT),
    "QUARKUS_MANAGEMENT_PORT": str(MANAGEMENT_PORT),
    "MP_JWT_VERIFY_ISSUER": ISSUER,
    "MP_JWT_VERIFY_AUDIENCES": AUDIENCE,
    "QUARKUS_DATASOURCE_REACTIVE_URL": f"postgresql://127.0.0.1:5432/{DATABASE}",
    "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://127.0.0.1:5432/{DATABASE}",
    "VIDEO_CACHE_KEY_PREFIX": "cv-bench:",
    "VIDEO_SYNC_ENABLED": "false",
    "CLOUDFLARE_API_BASE_URL": "http://127.0.0.1:9/client/v4",
    "CLOUDFLARE_ACCOUNT_ID": "bench",
    "CLOUDFLARE_API_TOKEN": "bench",
    "CLOUDFLARE_STREAM_DELIVERY_BASE_URL": "https://customer-bench.cloudflarestream.com",
    "CLOUDFLARE_WEBHOOK_SECRET": "bench",
    "QUARKUS_SHUTDOWN_DELAY": "0S",
    "FAKE_LIBJVM_QUIET": "1",
}


def log(message):
    print(message, file=sys.stderr, flush=True)


def psql(sql, database=DATABASE):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qAt", "-v", "ON_ERROR_STOP=1",
                           "-c", sql], check=True, capture_output=True, text=True).stdout


class Tokens:
    """An RSA key pair made with openssl for this run, and RS256 tokens signed with it (as the course
    platform would issue them): the service verifies every request's token."""

    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="bench-keys-")
        self.private_key = os.path.join(self.directory, "private.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                        "-out", self.private_key], check=True, capture_output=True)
        self.public_pem = subprocess.run(["openssl", "pkey", "-in", self.private_key, "-pubout"], check=True,
                                         capture_output=True, text=True).stdout

    def sign(self, claims):
        def encode(data):
            return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "bench-" + uuid.uuid4().hex, "iat": now, "exp": now + 4 * 3600, **claims}
        signing_input = encode(json.dumps({"alg": "RS256", "typ": "JWT"}).encode()) + "." + encode(json.dumps(claims).encode())
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.private_key], input=signing_input.encode(),
                                   check=True, capture_output=True).stdout
        return signing_input + "." + encode(signature)

    def admin(self):
        return self.sign({"groups": ["video-admin"]})

    def learner(self, courses):
        return self.sign({"groups": ["student"], "courses": courses})


TOKENS = Tokens()
SERVICE_ENV["MP_JWT_VERIFY_PUBLICKEY"] = TOKENS.public_pem
ADMIN_TOKEN = TOKENS.admin()


def http_status(path, port=PORT):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": "Bearer " + ADMIN_TOKEN})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Service:
    """One run of the service; its log goes to bench/results/<name>.log."""

    def __init__(self, name, command, extra_env=None):
        env = dict(os.environ)
        env.update(SERVICE_ENV)
        env.update(extra_env or {})
        for setting in os.environ.get("BENCH_SERVICE_ENV", "").split():
            key, _, value = setting.partition("=")
            env[key] = value
        self.log = open(os.path.join(RESULTS, name + ".log"), "w")
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def first_response(self, path, limit=60, port=PORT):
        """Seconds from exec to the first 200 on path."""
        deadline = self.started + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited ({self.process.returncode}); see {self.log.name}")
            if http_status(path, port) == 200:
                return time.monotonic() - self.started
            time.sleep(0.005)
        raise RuntimeError(f"no answer on {path} within {limit} s; see {self.log.name}")

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def jvm_command(aot):
    command = [JAVA, HEAP]
    if aot:
        command.append("-XX:AOTCache=" + AOT)
    return command + ["-jar", JAR]


def native_command():
    runners = glob.glob(os.path.join(ROOT, "target", "*-runner"))
    return [runners[0], HEAP] if runners else None


def load_data(database=DATABASE):
    """200 courses x 20 videos (by default), ready, with URLs and metadata like real rows."""
    psql("TRUNCATE courses CASCADE", database)
    psql(f"""
        INSERT INTO courses (title) SELECT 'Course ' || n FROM generate_series(1, {COURSES}) n;
        INSERT INTO course_videos (course_id, lesson_id, cloudflare_video_id, title, description, duration,
                                   thumbnail_url, status, playback_hls_url, playback_dash_url, processing_progress,
                                   metadata, next_sync_at)
        SELECT c.id, 'module-' || (v / 5) || '/lesson-' || v, md5(c.id::text || v), 'Lesson ' || v || ' of ' || c.title,
               'What lesson ' || v || ' covers, in a sentence or two of text as admins write them.', 300 + v * 7.5,
               'https://customer-bench.cloudflarestream.com/' || md5(c.id::text || v) || '/thumbnails/thumbnail.jpg',
               'ready',
               'https://customer-bench.cloudflarestream.com/' || md5(c.id::text || v) || '/manifest/video.m3u8',
               'https://customer-bench.cloudflarestream.com/' || md5(c.id::text || v) || '/manifest/video.mpd',
               100, jsonb_build_object('level', 'beginner', 'order', v), now() + interval '1 day'
        FROM courses c, generate_series(1, {VIDEOS_PER_COURSE}) v;
        ANALYZE;""", database)
    videos = psql("SELECT id FROM course_videos ORDER BY random()", database).split()
    courses = psql("SELECT id FROM courses", database).split()
    return videos, courses


def flush_cache():
    keys = subprocess.run(["redis-cli", "-h", "127.0.0.1", "--scan", "--pattern", "cv-bench*"],
                          check=True, capture_output=True, text=True).stdout.split()
    for start in range(0, len(keys), 500):
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "DEL", *keys[start:start + 500]], check=True, capture_output=True)


def write_lines(name, lines):
    path = os.path.join(RESULTS, name)
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")
    return path


def parse_duration_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(script, connections, duration, env, port=PORT):
    """wrk with an admin's token on every request, unless env names another WRK_TOKEN."""
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", "-s", script,
                             f"http://127.0.0.1:{port}"], env={**os.environ, "WRK_TOKEN": ADMIN_TOKEN, **env},
                            check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = parse_duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = parse_duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    if errors:
        log(f"    wrk socket errors: {errors.group(1)}")
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(bad.group(1)) if bad else 0}


def h2load(paths, connections, duration, warm_up, port=PORT):
    """GETs of paths in turn on `connections` HTTP/1.1 connections (h2load, two threads), with an
    admin's token, measured for `duration` seconds after `warm_up` seconds. The percentiles come from
    h2load's log of every request. (wrk 4.1's latency histogram cannot be trusted here: at 4
    connections it reported a mean of 26.6 ms at 1,631 requests a second, 43 requests in flight on
    4 connections, while the service's own mean for the same run was 2.25 ms.)"""
    with tempfile.TemporaryDirectory() as logs:
        requests = os.path.join(logs, "requests.log")
        output = subprocess.run(["h2load", "--h1", "-t2", f"-c{connections}", f"-D{duration}", f"--warm-up-time={warm_up}",
                                 "-H", "Authorization: Bearer " + ADMIN_TOKEN, f"--log-file={requests}"]
                                + [f"http://127.0.0.1:{port}{path}" for path in paths],
                                check=True, capture_output=True, text=True).stdout
        with open(requests) as log_lines:
            answers = [line.split() for line in log_lines]
    latencies = sorted(int(duration_us) / 1000 for _, _, duration_us in answers)
    others = sorted(status for _, status, _ in answers if not status.startswith("2"))
    if others:
        log(f"    statuses other than 2xx: {', '.join(others)}")
    return {"rps": float(re.search(r"finished in [\d.]+s, ([\d.]+) req/s", output).group(1)),
            "p50": latencies[len(latencies) // 2], "p99": latencies[int(len(latencies) * 0.99)],
            "non2xx": len(others), "statuses": others}


def redis_get(connections):
    subprocess.run(["redis-benchmark", "-h", "127.0.0.1", "-c", str(connections), "-n", "100000", "-r", "4000",
                    "-d", "900", "-t", "set", "-q"], check=True, capture_output=True)
    output = subprocess.run(["redis-benchmark", "-h", "127.0.0.1", "-c", str(connections), "-n", "400000", "-r", "4000",
                             "-d", "900", "-t", "get", "--csv"], check=True, capture_output=True, text=True).stdout
    row = [line for line in output.splitlines() if line.startswith('"GET"')][0]
    fields = [float(value.strip('"')) for value in row.split(",")[1:]]
    return {"rps": fields[0], "p50": fields[3], "p99": fields[5]}


def pgbench(connections):
    with tempfile.TemporaryDirectory() as logs:
        output = subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-S", "-M", "prepared",
                                 "-c", str(connections), "-j", "2", "-T", DURATION.rstrip("s"), "-l",
                                 "--log-prefix", os.path.join(logs, "pgbench"), "pgbench_bench"],
                                check=True, capture_output=True, text=True).stdout
        latencies = []
        for path in glob.glob(os.path.join(logs, "pgbench*")):
            with open(path) as entries:
                latencies.extend(int(line.split()[2]) / 1000 for line in entries)
    latencies.sort()
    tps = float(re.search(r"tps = ([\d.]+)", output).group(1))
    return {"rps": tps, "p50": latencies[len(latencies) // 2], "p99": latencies[int(len(latencies) * 0.99)]}


def prepare_pgbench():
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "DROP DATABASE IF EXISTS pgbench_bench"],
                   check=True, capture_output=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "CREATE DATABASE pgbench_bench"],
                   check=True, capture_output=True)
    subprocess.run(["pgbench", "-h", "127.0.0.1", "-U", "postgres", "-i", "-q", "-s", "10", "pgbench_bench"],
                   check=True, capture_output=True)


def throughput(videos, courses):
    """The HTTP table: each endpoint at each connection count, with the raw baselines beside."""
    get_script = os.path.join(ROOT, "bench", "wrk", "get.lua")
    by_id = write_lines("paths-by-id.txt", [f"/api/videos/{v}" for v in videos])
    lists = write_lines("paths-list.txt", [f"/api/courses/{c}/videos" for c in courses])
    course_file = write_lines("courses.txt", courses)
    rows = []

    def measure(label, script, env, baseline=None):
        log(f"  {label}: warm-up {WARMUP}")
        wrk(script, max(CONNECTIONS), WARMUP, env)
        for connections in CONNECTIONS:
            log(f"  {label}: {connections} connections, {DURATION}")
            rows.append((label, connections, wrk(script, connections, DURATION, env), baseline))

    # creates last: the rows they add would otherwise be in every list query after them
    service = Service("throughput-uncached", jvm_command(aot=False), {"VIDEO_CACHE_ENABLED": "false"})
    service.first_response(f"/api/videos/{videos[0]}")
    measure("GET /api/videos/{id} (cache off)", get_script, {"WRK_PATHS": by_id}, "postgres")
    measure("GET /api/courses/{id}/videos (cache off)", get_script, {"WRK_PATHS": lists}, "postgres")
    rss_after_load = service.rss_mb()
    service.stop()

    service = Service("throughput-cached", jvm_command(aot=False))
    service.first_response(f"/api/videos/{videos[0]}")
    measure("GET /api/videos/{id} (cached)", get_script, {"WRK_PATHS": by_id}, "redis")
    measure("GET /api/courses/{id}/videos (cached)", get_script, {"WRK_PATHS": lists}, "redis")
    measure("POST /api/videos", os.path.join(ROOT, "bench", "wrk", "create.lua"), {"WRK_COURSES": course_file})
    rss_after_load = max(rss_after_load, service.rss_mb())
    service.stop()
    psql("DELETE FROM course_videos WHERE lesson_id LIKE 'bench/%'")

    log("  baselines: redis-benchmark GET, pgbench -S -M prepared")
    prepare_pgbench()
    baselines = {}
    for connections in CONNECTIONS:
        baselines[("redis", connections)] = redis_get(connections)
        baselines[("postgres", connections)] = pgbench(connections)
    return rows, baselines, rss_after_load


def cold_starts(videos):
    """Median of STARTS starts: exec to the first answer that needed PostgreSQL, and RSS then."""
    variants = [("JVM (Temurin 25), no AOT cache", jvm_command(aot=False))]
    if os.path.exists(AOT):
        variants.append(("JVM (Temurin 25), AOT cache", jvm_command(aot=True)))
    else:
        log(f"  no {AOT}: the AOT row is left out")
    if native_command():
        variants.append(("native executable", native_command()))
    else:
        log("  no native executable in target/: the native row is left out")
    unread = iter(videos[len(videos) // 2:])  # never read by the throughput runs' first requests
    results = []
    for label, command in variants:
        times, memory = [], []
        for attempt in range(STARTS):
            video = next(unread)
            service = Service(f"start-{len(results)}-{attempt}", command)
            times.append(service.first_response(f"/api/videos/{video}"))
            memory.append(service.rss_mb())
            service.stop()
            log(f"  {label}: {times[-1] * 1000:.0f} ms, {memory[-1]:.0f} MB")
        results.append((label, times, memory))
    return results


def main():
    os.makedirs(RESULTS, exist_ok=True)
    log(f"database {DATABASE}: migrating with one start, loading {COURSES} x {VIDEOS_PER_COURSE} videos")
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE}"],
                   check=True, capture_output=True)
    service = Service("migrate", jvm_command(aot=False))
    service.first_response("/q/health/ready", port=MANAGEMENT_PORT)
    service.stop()
    videos, courses = load_data()
    flush_cache()

    log("throughput (wrk -t2, fixed connection counts)")
    rows, baselines, rss_after_load = throughput(videos, courses)
    flush_cache()
    starts = []
    if STARTS > 0:
        log("cold starts")
        starts = cold_starts(videos)

    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                         capture_output=True, text=True).stdout.strip()
    lines = [f"Machine: {os.cpu_count()} cores ({cpu}), {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB;"
             f" service heap {HEAP}; wrk, PostgreSQL and Redis on the same machine.",
             f"Data: {COURSES} courses x {VIDEOS_PER_COURSE} videos. Each figure: wrk -t2 for {DURATION} after a {WARMUP} warm-up.",
             "",
             "| endpoint | connections | requests/s | p50 ms | p99 ms | non-2xx | raw baseline (same connections) | baseline requests/s | baseline p50 / p99 ms | service / baseline |",
             "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|"]
    for label, connections, result, baseline in rows:
        if baseline:
            raw = baselines[(baseline, connections)]
            name = "redis-benchmark GET" if baseline == "redis" else "pgbench -S -M prepared"
            tail = f"{name} | {raw['rps']:.0f} | {raw['p50']:.2f} / {raw['p99']:.2f} | {result['rps'] / raw['rps']:.2f}"
        else:
            tail = "- | - | - | -"
        lines.append(f"| {label} | {connections} | {result['rps']:.0f} | {result['p50']:.2f} | {result['p99']:.2f}"
                     f" | {result['non2xx']} | {tail} |")
    settings = os.environ.get("BENCH_SERVICE_ENV", "").strip()
    lines += ["", f"RSS after the throughput runs (largest of the two services): {rss_after_load:.0f} MB",
              f"Service settings beyond the defaults: {settings or 'none'}"]
    if starts:
        lines += ["", f"| start (median of {STARTS}) | exec to first DB-backed response, ms | RSS then, MB | every start, ms |",
                  "|---|---:|---:|---|"]
    for label, times, memory in starts:
        lines.append(f"| {label} | {statistics.median(times) * 1000:.0f} | {statistics.median(memory):.0f}"
                     f" | {', '.join(f'{t * 1000:.0f}' for t in times)} |")
    table = "\n".join(lines)
    write_lines("latest.md", [table])
    print(table)


if __name__ == "__main__":
    main()
