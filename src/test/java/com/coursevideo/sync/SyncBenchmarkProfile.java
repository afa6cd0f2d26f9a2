package com.coursevideo.sync;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The sync benchmark: its own database, a fake with 50 ms per call, a budget that does not bind. */
public class SyncBenchmarkProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/coursevideo_bench",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/coursevideo_bench",
                "cloudflare.timeout", "10S",
                "video.sync.concurrency", System.getProperty("bench.concurrency", "50"),
                "video.sync.batch-size", "500",
                "video.sync.lease", "30M",
                "video.cache.key-prefix", "cv-bench:",
                "quarkus.datasource.reactive.max-size", "20");
    }
}
