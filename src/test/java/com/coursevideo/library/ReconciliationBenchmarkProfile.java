package com.coursevideo.library;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The reconciliation benchmark: its own database, and the production budget (1,200 calls per 5 minutes, bursts of 60), not the tests' unbounded one. */
public class ReconciliationBenchmarkProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/coursevideo_reconcile_bench",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/coursevideo_reconcile_bench",
                "cloudflare.budget.requests", "1200",
                "cloudflare.budget.per", "5M",
                "cloudflare.budget.burst", "60",
                "cloudflare.timeout", "10S",
                "video.cache.key-prefix", "cv-bench:");
    }
}
