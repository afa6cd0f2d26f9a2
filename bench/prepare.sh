# Sourced by the bench scripts: the services up, wrk and h2load installed (Debian packages) if missing,
# Temurin 25 for the builds, quiet Maven.
source .ci/services
command -v wrk > /dev/null || apt-get install -y -q wrk
command -v h2load > /dev/null || apt-get install -y -q nghttp2-client
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export MAVEN_ARGS="--batch-mode --no-transfer-progress"
mkdir -p bench/results
