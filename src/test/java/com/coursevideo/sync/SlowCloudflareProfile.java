package com.coursevideo.sync;

import java.time.Duration;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Fewer syncs at once, for a test that has the fake answer in {@link #LATENCY}, so that a sync round
 * is still under way when it acts.
 */
public class SlowCloudflareProfile implements QuarkusTestProfile {

    static final Duration LATENCY = Duration.ofMillis(300);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("video.sync.concurrency", "4");
    }
}
