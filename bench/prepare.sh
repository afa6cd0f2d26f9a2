# Sourced by the bench scripts: the services up, wrk and h2load installed (Debian packages) if missing,
# Temurin 25 for the builds, quiet Maven.
source .ci/services
command -v wrk > /dev/null || apt-get install -y -q wrk
command -v h2load > /dev/null || apt-get install -y -q nghttp2-client
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export MAVEN_ARGS="--batch-mode --no-transfer-progress"
mkdir -p bench/results

# BENCH_PROFILE for the Python benchmarks: the path of async-profiler's library (tools.profiler:
# async-profiler:4.1 from Maven Central, unpacked into bench/results/profiler), or empty with
# BENCH_PROFILE=0 (no profile taken).
profiler_library() {
    if [ "${BENCH_PROFILE:-1}" != 0 ]; then
        ./mvnw -q dependency:copy -Dartifact=tools.profiler:async-profiler:4.1:jar:linux-x64 \
            -DoutputDirectory=bench/results/profiler > /dev/null
        (cd bench/results/profiler && unzip -o -q async-profiler-4.1-linux-x64.jar)
        export BENCH_PROFILE="$PWD/bench/results/profiler/linux-x64/libasyncProfiler.so"
    else
        export BENCH_PROFILE=""
    fi
}
