#!/usr/bin/env python3
"""Cold start: exec to the first database-backed answer, and RSS then, median of BENCH_STARTS
starts, for the service and for an empty Quarkus application with the same extensions (the floor
this stack allows here), as native executables and on the JVM with the AOT cache. Run through
bench/cold-start.sh, which builds what this measures.

Each start of the service answers GET /api/videos/{id} for a video no earlier start read, so the
answer comes from PostgreSQL (and fills Redis); the empty application answers GET /db, a
SELECT through its reactive pool behind the same kind of bearer token.
"""
import glob
import os
import statistics
import subprocess

from service_benchmark import (JAVA, RESULTS, ROOT, Service, load_data, log, write_lines)

STARTS = int(os.environ.get("BENCH_STARTS", "5"))
DATABASE = "coursevideo_coldstart"
EMPTY = os.path.join(ROOT, "bench", "empty-app", "target")
SERVICE_APP = os.path.join(ROOT, "target", "quarkus-app")
DATABASE_ENV = {
    "QUARKUS_DATASOURCE_REACTIVE_URL": f"postgresql://127.0.0.1:5432/{DATABASE}",
    "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://127.0.0.1:5432/{DATABASE}",
}
EXTERNAL = {"VIDEO_MIGRATE_AT_START": "false"}
AT_START = {"VIDEO_MIGRATE_AT_START": "true"}


def rss_split(service):
    """(anonymous, file-backed) resident MB: the heap and stacks, and the executable's mapped pages."""
    fields = {}
    with open(f"/proc/{service.process.pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = int(value.split()[0]) / 1024 if value.strip().endswith("kB") else None
    return fields["RssAnon"], fields["RssFile"]


def runner(directory):
    found = glob.glob(os.path.join(directory, "*-runner"))
    return found[0] if found else None


def empty_aot():
    """The empty application's AOT cache, recorded the way docker/aot-training.sh records the service's."""
    app = os.path.join(EMPTY, "quarkus-app")
    cache = os.path.join(app, "app.aot")
    service = Service("empty-aot-training", [JAVA, "-XX:AOTCacheOutput=" + cache, "-jar", os.path.join(app, "quarkus-run.jar")],
                      DATABASE_ENV)
    service.first_response("/db")
    service.stop()
    return cache


def variants():
    service_native, empty_native = runner(os.path.join(ROOT, "target")), runner(EMPTY)
    jar = os.path.join(SERVICE_APP, "quarkus-run.jar")
    aot = os.path.join(SERVICE_APP, "app.aot")
    empty_jar = os.path.join(EMPTY, "quarkus-app", "quarkus-run.jar")
    rows = []
    if service_native and empty_native:
        rows += [
            ("native: empty application (floor)", [empty_native], "/db", {}),
            ("native: service, migrations external", [service_native], None, EXTERNAL),
            ("native: service, migrations at start", [service_native], None, AT_START),
            # a young generation of 8 MB instead of the default share of the heap: less RSS, more GCs
            ("native -Xmn8m: empty application", [empty_native, "-Xmn8m"], "/db", {}),
            ("native -Xmn8m: service, migrations external", [service_native, "-Xmn8m"], None, EXTERNAL),
        ]
    else:
        log("  no native executables: the native rows are left out")
    rows += [
        ("JVM + AOT cache: empty application", [JAVA, "-XX:AOTCache=" + empty_aot(), "-jar", empty_jar], "/db", {}),
        ("JVM + AOT cache: service, migrations external", [JAVA, "-XX:AOTCache=" + aot, "-jar", jar], None, EXTERNAL),
        ("JVM + AOT cache: service, migrations at start", [JAVA, "-XX:AOTCache=" + aot, "-jar", jar], None, AT_START),
        ("JVM, no AOT cache: service, migrations external", [JAVA, "-jar", jar], None, EXTERNAL),
    ]
    return rows


def main():
    os.makedirs(RESULTS, exist_ok=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"], check=True)
    log(f"database {DATABASE}: migrated by the migrate command, 200 x 20 videos")
    subprocess.run([JAVA, "-jar", os.path.join(SERVICE_APP, "quarkus-run.jar"), "migrate"], check=True, cwd=ROOT,
                   env={**os.environ, **DATABASE_ENV, "QUARKUS_LOG_CONSOLE_JSON_ENABLED": "false"}, capture_output=True)
    videos, _ = load_data(DATABASE)
    unread = iter(videos)
    table = [f"| start (median of {STARTS}) | first DB-backed answer, ms | RSS then, MB | anon / file MB | every start, ms |",
             "|---|---:|---:|---:|---|"]
    medians = {}
    for label, command, path, env in variants():
        times, memory, split = [], [], []
        for attempt in range(STARTS):
            service = Service(f"cold-{len(medians)}-{attempt}", command, {**DATABASE_ENV, **env})
            times.append(service.first_response(path or f"/api/videos/{next(unread)}") * 1000)
            memory.append(service.rss_mb())
            split.append(rss_split(service))
            service.stop()
            log(f"  {label}: {times[-1]:.0f} ms, {memory[-1]:.0f} MB")
        medians[label] = statistics.median(times)
        anon, file = (statistics.median(part) for part in zip(*split))
        table.append(f"| {label} | {medians[label]:.0f} | {statistics.median(memory):.0f} | {anon:.0f} / {file:.0f} | "
                     + ", ".join(f"{t:.0f}" for t in times) + " |")
    floor = medians.get("native: empty application (floor)")
    if floor:
        table.append("")
        table.append(f"Native, migrations external / empty application: "
                     f"{medians['native: service, migrations external'] / floor:.2f} x")
    write_lines("cold-start.md", table)
    print("\n".join(table))


if __name__ == "__main__":
    main()
