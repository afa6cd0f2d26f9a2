#!/usr/bin/env bash
# Records the JVM's AOT cache for the packaged service: docker/aot-training.sh <quarkus-app dir> [java]
# ($JAVA_OPTS, if set, are passed to the JVM: the cache is for the collector they choose.)
# Starts quarkus-run.jar once with -XX:AOTCacheOutput (JDK 25), in the production profile, with
# migrations left to the `migrate` command and nothing else reachable (an image build has no
# PostgreSQL or Redis), sends it the requests every start sees (probes, a request without a token,
# one with a token it cannot verify), and stops it: the JVM writes <dir>/app.aot as it exits.
# The cache holds what start-up loads and links; it is valid only for the JVM that wrote it, so
# docker/Dockerfile.jvm runs this in the runtime image itself, and bench/cold-start.sh the same way.
# The requests go through bash's /dev/tcp: the runtime image has no HTTP client (no curl, no wget)
# for anyone who gets a shell in it to use.
set -eu
APP_DIR=$1
JAVA=${2:-java}
cd "$APP_DIR"
rm -f app.aot
CLOSED=127.0.0.1:9
env QUARKUS_PROFILE=prod QUARKUS_HTTP_PORT=18080 QUARKUS_MANAGEMENT_PORT=19000 QUARKUS_SHUTDOWN_DELAY=0S \
    VIDEO_MIGRATE_AT_START=false VIDEO_SYNC_ENABLED=false \
    QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$CLOSED/training QUARKUS_REDIS_HOSTS=redis://$CLOSED \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION=https://training.invalid/jwks MP_JWT_VERIFY_ISSUER=https://training.invalid \
    MP_JWT_VERIFY_AUDIENCES=training \
    CLOUDFLARE_ACCOUNT_ID=training CLOUDFLARE_API_TOKEN=training CLOUDFLARE_API_BASE_URL=http://$CLOSED/client/v4 \
    CLOUDFLARE_STREAM_DELIVERY_BASE_URL=https://training.invalid CLOUDFLARE_WEBHOOK_SECRET=training \
    "$JAVA" ${JAVA_OPTS:-} -XX:AOTCacheOutput=app.aot -jar quarkus-run.jar > aot-training.log 2>&1 &
SERVICE=$!

get() { # port/path [header]: the HTTP status, or nothing while the port is closed
    local port=${1%%/*} path=/${1#*/} version status
    {
        printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n' "$path" "${2:+$2$'\r\n'}" >&3
        read -r -t 5 version status _ <&3 && echo "$status"
    } 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port" || true
}
tries=0
until [ "$(get 19000/q/health/started)" = 200 ]; do
    tries=$((tries + 1))
    if [ $tries -gt 600 ] || ! kill -0 $SERVICE 2>/dev/null; then
        cat aot-training.log >&2
        echo "the training run did not start" >&2
        exit 1
    fi
    sleep 0.1
done
for round in 1 2 3; do
    get 19000/q/health/ready > /dev/null
    get 19000/q/health/live > /dev/null
    get 18080/api/videos/00000000-0000-0000-0000-000000000000 > /dev/null
    get 18080/api/courses/00000000-0000-0000-0000-000000000000/videos "Authorization: Bearer e30.e30.c2ln" > /dev/null
    get 19000/q/metrics > /dev/null
done
kill -TERM $SERVICE
wait $SERVICE || true
if [ ! -s app.aot ]; then
    cat aot-training.log >&2
    echo "no AOT cache written" >&2
    exit 1
fi
rm -f aot-training.log
echo "AOT cache: $APP_DIR/app.aot ($(du -h app.aot | cut -f1))"
