#!/usr/bin/env python3
"""RSS of the native executable at its first database-backed answer, built with and without the
console's files (web/**), median of BENCH_STARTS starts each; then, for the build with them, RSS
after the console's page and scripts were served once. Run through bench/console-assets-rss.sh,
which builds both executables."""
import gzip
import os
import statistics
import subprocess
import urllib.request

from service_benchmark import RESULTS, ROOT, SERVICE_ENV, PORT, Service, load_data, log, write_lines

STARTS = int(os.environ.get("BENCH_STARTS", "5"))
DATABASE = "coursevideo_assets_rss"
ENV = {
    "QUARKUS_DATASOURCE_REACTIVE_URL": f"postgresql://127.0.0.1:5432/{DATABASE}",
    "QUARKUS_DATASOURCE_JDBC_URL": f"jdbc:postgresql://127.0.0.1:5432/{DATABASE}",
    "VIDEO_MIGRATE_AT_START": "false",
}
RUNNERS = {name: os.path.join(RESULTS, f"runner-{name}") for name in ("without-assets", "with-assets")}


def fetch_console():
    """GET /admin/ and the files it names, as a browser's first visit does (gzip)."""
    def get(path):
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
            return gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body
    page = get("/admin/").decode()
    for ref in [part.split('"')[0] for part in page.split('="../')[1:]]:
        get("/" + ref)


def main():
    os.makedirs(RESULTS, exist_ok=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"], check=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DATABASE}"], check=True)
    subprocess.run([RUNNERS["with-assets"], "migrate"], check=True, cwd=ROOT, capture_output=True,
                   env={**os.environ, **SERVICE_ENV, **ENV, "QUARKUS_LOG_CONSOLE_JSON_ENABLED": "false"})
    videos, _ = load_data(DATABASE)
    unread = iter(videos)
    table = [f"| native executable (median of {STARTS} starts) | size, MB | RSS at the first answer, MB | every start, MB |",
             "|---|---:|---:|---|"]
    medians = {}
    for name, runner in RUNNERS.items():
        rss = []
        for attempt in range(STARTS):
            service = Service(f"assets-rss-{name}-{attempt}", [runner], ENV)
            service.first_response(f"/api/videos/{next(unread)}")
            rss.append(service.rss_mb())
            service.stop()
            log(f"  {name}: {rss[-1]:.1f} MB")
        medians[name] = statistics.median(rss)
        table.append(f"| {name} | {os.path.getsize(runner) / 2**20:.1f} | {medians[name]:.1f} | "
                     + ", ".join(f"{value:.1f}" for value in rss) + " |")
    table += ["", f"The assets add {medians['with-assets'] - medians['without-assets']:.1f} MB of RSS at the first answer."]
    service = Service("assets-rss-served", [RUNNERS["with-assets"]], ENV)
    service.first_response(f"/api/videos/{next(unread)}")
    try:
        before = service.rss_mb()
        fetch_console()
        table.append(f"With them, one start: {before:.1f} MB at the first answer, {service.rss_mb():.1f} MB after the console's "
                     "first load was served (the page, its scripts and CSS, gzipped copies).")
    finally:
        service.stop()
    write_lines("console-assets-rss.md", table)
    print("\n".join(table))


if __name__ == "__main__":
    main()
