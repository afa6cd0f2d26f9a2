#!/usr/bin/env python3
"""Playback at scale (bench/playback-benchmark.sh): in one run, at each connection count,
cached GET /api/videos/{id}, GET /api/videos/{id}/playback of ready unsigned and of ready signed
videos (all with an admin's token), and redis-benchmark GET, with the ratios the issue sets.
With BENCH_PROFILE set to the path of libasyncProfiler.so, a second service run is profiled
(CPU, while the same loads run) and the top frames of each load are printed
(bench/results/playback-profile-*.collapsed hold the stacks).
"""
import collections
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import service_benchmark as bench  # noqa: E402

PROFILER = os.environ.get("BENCH_PROFILE", "")
# The floor of the stack on this machine: the same GET without a token is refused (401) by the
# security check before any Redis or database work, so it costs HTTP, routing and a problem body only.
FLOOR = "floor: GET /api/videos/{id} without a token (401)"


def signing_key_env():
    """A Stream signing key of the service's own (Cloudflare's format: base64 of a PKCS#1 PEM)."""
    directory = tempfile.mkdtemp(prefix="bench-stream-key-")
    key = os.path.join(directory, "stream.pem")
    subprocess.run(["openssl", "genrsa", "-traditional", "-out", key, "2048"], check=True, capture_output=True)
    with open(key) as pem:
        return {"CLOUDFLARE_STREAM_SIGNING_KEY_ID": "benchkey", "CLOUDFLARE_STREAM_SIGNING_KEY_PEM": pem.read()}


def slug(name):
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")


def measure(paths, label, service_env, profile_as=None):
    command = [bench.JAVA, bench.HEAP]
    if profile_as:
        command.append(f"-agentpath:{PROFILER}=start,event=cpu,interval=1ms,file="
                       + os.path.join(bench.RESULTS, f"playback-profile-{slug(profile_as)}.collapsed"))
    service = bench.Service(f"playback-{slug(profile_as) if profile_as else 'plain'}", command + ["-jar", bench.JAR],
                            service_env)
    service.first_response("/q/health/ready", port=bench.MANAGEMENT_PORT)
    script = os.path.join(bench.ROOT, "bench", "wrk", "get.lua")
    rows = {}
    for name, file in paths.items():
        if profile_as and name != profile_as:
            continue
        bench.log(f"  {label} {name}: warm-up {bench.WARMUP}")
        env = {"WRK_PATHS": file, **({"WRK_TOKEN": ""} if name == FLOOR else {})}
        bench.wrk(script, max(bench.CONNECTIONS), bench.WARMUP, env)
        for connections in bench.CONNECTIONS:
            rows[(name, connections)] = bench.wrk(script, connections, bench.DURATION, env)
            bench.log(f"  {label} {name}, {connections} connections: {rows[(name, connections)]['rps']:.0f} req/s")
    service.stop()
    return rows


def top_frames(name, count=12):
    """Self time per frame (the leaf of each sampled stack), as shares of all samples."""
    path = os.path.join(bench.RESULTS, f"playback-profile-{slug(name)}.collapsed")
    leaves = collections.Counter()
    total = 0
    with open(path) as stacks:
        for line in stacks:
            stack, _, samples = line.rstrip().rpartition(" ")
            leaves[stack.split(";")[-1]] += int(samples)
            total += int(samples)
    return [(frame, samples / total) for frame, samples in leaves.most_common(count)]


def main():
    os.makedirs(bench.RESULTS, exist_ok=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {bench.DATABASE}"],
                   check=True, capture_output=True)
    service_env = signing_key_env()
    service = bench.Service("playback-migrate", [bench.JAVA, "-jar", bench.JAR], service_env)
    service.first_response("/q/health/ready", port=bench.MANAGEMENT_PORT)
    service.stop()
    videos, _ = bench.load_data()
    bench.psql("UPDATE course_videos SET require_signed_urls = true, signed_urls_enforced = true"
               " WHERE id IN (SELECT id FROM course_videos ORDER BY id LIMIT (SELECT count(*) / 2 FROM course_videos))")
    signed = set(bench.psql("SELECT id FROM course_videos WHERE require_signed_urls").split())
    bench.flush_cache()
    paths = {
        "cached GET /api/videos/{id}": bench.write_lines("playback-by-id.txt", [f"/api/videos/{v}" for v in videos]),
        "playback, ready unsigned": bench.write_lines("playback-unsigned.txt",
                                                      [f"/api/videos/{v}/playback" for v in videos if v not in signed]),
        "playback, ready signed": bench.write_lines("playback-signed.txt",
                                                    [f"/api/videos/{v}/playback" for v in videos if v in signed]),
        FLOOR: bench.write_lines("playback-by-id.txt", [f"/api/videos/{v}" for v in videos]),
    }
    rows = measure(paths, "", service_env)
    redis = {c: bench.redis_get(c) for c in bench.CONNECTIONS}

    lines = [f"{bench.COURSES} x {bench.VIDEOS_PER_COURSE} ready videos (half of them signed); wrk -t2 for "
             f"{bench.DURATION} after a {bench.WARMUP} warm-up, admin token on every request; heap {bench.HEAP}; "
             "redis-benchmark GET (-d 900) at the same connection counts; everything on this machine.",
             "",
             "| load | connections | requests/s | p50 ms | p99 ms | non-2xx | ratio |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for connections in bench.CONNECTIONS:
        cached = rows[("cached GET /api/videos/{id}", connections)]["rps"]
        for name in paths:
            result = rows[(name, connections)]
            ratio = (f"{result['rps'] / redis[connections]['rps']:.2f} × redis-benchmark GET"
                     if name.startswith("cached") or name == FLOOR else f"{result['rps'] / cached:.2f} × cached GET")
            lines.append(f"| {name} | {connections} | {result['rps']:.0f} | {result['p50']:.2f} | {result['p99']:.2f}"
                         f" | {result['non2xx']} | {ratio} |")
        lines.append(f"| redis-benchmark GET | {connections} | {redis[connections]['rps']:.0f}"
                     f" | {redis[connections]['p50']:.2f} | {redis[connections]['p99']:.2f} | - | - |")
    bench.write_lines("playback.md", lines)
    print("\n".join(lines), flush=True)
    if PROFILER:
        profile = []
        for name in paths:
            if name == FLOOR:
                continue
            measure(paths, "profiled", service_env, profile_as=name)
            profile += ["", f"Top frames by self time, {name} (async-profiler, CPU):", ""]
            profile += [f"- {share * 100:.1f} % `{frame}`" for frame, share in top_frames(name)]
        bench.write_lines("playback.md", lines + profile)
        print("\n".join(profile), flush=True)


if __name__ == "__main__":
    main()
