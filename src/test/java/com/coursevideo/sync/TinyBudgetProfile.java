package com.coursevideo.sync;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A budget of 10 calls a second (5 at once, 5 more refilling over the second). */
public class TinyBudgetProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "cloudflare.budget.requests", "10",
                "cloudflare.budget.per", "1S",
                "cloudflare.budget.safety-margin", "0",
                "cloudflare.budget.burst", "5",
                "cloudflare.budget.user-reserve", "0.4",
                "video.cache.key-prefix", "cv-test-budget:");
    }
}
